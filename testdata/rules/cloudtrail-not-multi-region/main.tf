# Fixtures for cloudtrail-not-multi-region (AWS-CT-002).

variable "all_regions" {
  type    = bool
  default = false
}

variable "regions_from_caller" {
  type = bool
}

locals {
  multi_region = true
}

# Attribute left out: a trail is single-Region by default.
resource "aws_cloudtrail" "missing" { # expect: cloudtrail-not-multi-region@1
  name           = "missing-multi-region"
  s3_bucket_name = "palisade-audit-logs"
}

# Explicitly single-Region.
resource "aws_cloudtrail" "single" {
  name                  = "single-region"
  s3_bucket_name        = "palisade-audit-logs"
  is_multi_region_trail = false # expect: cloudtrail-not-multi-region@27
}

# A variable whose default is false: reported where the variable is used.
resource "aws_cloudtrail" "from_default" {
  name                  = "multi-region-from-default"
  s3_bucket_name        = "palisade-audit-logs"
  is_multi_region_trail = var.all_regions # expect: cloudtrail-not-multi-region@27
}

# A conditional on a known value picks its branch.
resource "aws_cloudtrail" "conditional" {
  name                  = "conditional"
  s3_bucket_name        = "palisade-audit-logs"
  is_multi_region_trail = var.all_regions ? true : false # expect: cloudtrail-not-multi-region@52
}

# A variable without a default is unknown: silent.
resource "aws_cloudtrail" "from_caller" {
  name                  = "multi-region-from-caller"
  s3_bucket_name        = "palisade-audit-logs"
  is_multi_region_trail = var.regions_from_caller
}

# Multi-Region through a local: silent.
resource "aws_cloudtrail" "from_local" {
  name                  = "multi-region-from-local"
  s3_bucket_name        = "palisade-audit-logs"
  is_multi_region_trail = local.multi_region
}

# Multi-Region: silent.
resource "aws_cloudtrail" "all_regions" {
  name                          = "all-regions"
  s3_bucket_name                = "palisade-audit-logs"
  is_multi_region_trail         = true
  include_global_service_events = true
}

# An organization trail must still be multi-Region to cover every Region.
resource "aws_cloudtrail" "organization" { # expect: cloudtrail-not-multi-region@1
  name                  = "organization"
  s3_bucket_name        = "palisade-audit-logs"
  is_organization_trail = true
}
