# Fixtures for cloudtrail-log-validation-disabled (AWS-CT-001).

variable "validate_logs" {
  type    = bool
  default = false
}

variable "validation_from_caller" {
  type = bool
}

locals {
  validation_enabled = true
}

# Attribute left out: CloudTrail does not validate log files by default.
resource "aws_cloudtrail" "missing" { # expect: cloudtrail-log-validation-disabled@1
  name           = "missing-validation"
  s3_bucket_name = "palisade-audit-logs"
}

# Explicitly disabled.
resource "aws_cloudtrail" "disabled" {
  name                       = "disabled-validation"
  s3_bucket_name             = "palisade-audit-logs"
  enable_log_file_validation = false # expect: cloudtrail-log-validation-disabled@32
}

# A variable whose default is false: reported where the variable is used.
resource "aws_cloudtrail" "from_default" {
  name                       = "validation-from-default"
  s3_bucket_name             = "palisade-audit-logs"
  enable_log_file_validation = var.validate_logs # expect: cloudtrail-log-validation-disabled@32
}

# A variable without a default is unknown: silent.
resource "aws_cloudtrail" "from_caller" {
  name                       = "validation-from-caller"
  s3_bucket_name             = "palisade-audit-logs"
  enable_log_file_validation = var.validation_from_caller
}

# Enabled through a local: silent.
resource "aws_cloudtrail" "from_local" {
  name                       = "validation-from-local"
  s3_bucket_name             = "palisade-audit-logs"
  enable_log_file_validation = local.validation_enabled
}

# Enabled: silent.
resource "aws_cloudtrail" "validated" {
  name                          = "validated"
  s3_bucket_name                = "palisade-audit-logs"
  is_multi_region_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = true
}
