# Fixtures for cloudtrail-not-encrypted (AWS-CT-003).

variable "trail_key" {
  type    = string
  default = null
}

variable "key_from_caller" {
  type = string
}

variable "empty_key" {
  type    = string
  default = ""
}

resource "aws_kms_key" "trail" {
  description         = "CloudTrail log files"
  enable_key_rotation = true
}

# Attribute left out: log files get SSE-S3 only.
resource "aws_cloudtrail" "missing" { # expect: cloudtrail-not-encrypted@1
  name           = "missing-key"
  s3_bucket_name = "palisade-audit-logs"
}

# A variable whose default is null is the same as leaving the key out.
resource "aws_cloudtrail" "null_default" { # expect: cloudtrail-not-encrypted@1
  name           = "null-key"
  s3_bucket_name = "palisade-audit-logs"
  kms_key_id     = var.trail_key
}

# An empty string names no key: reported at the value.
resource "aws_cloudtrail" "empty" {
  name           = "empty-key"
  s3_bucket_name = "palisade-audit-logs"
  kms_key_id     = var.empty_key # expect: cloudtrail-not-encrypted@20
}

# A variable without a default is unknown: silent.
resource "aws_cloudtrail" "from_caller" {
  name           = "key-from-caller"
  s3_bucket_name = "palisade-audit-logs"
  kms_key_id     = var.key_from_caller
}

# A key from this configuration: silent.
resource "aws_cloudtrail" "managed_key" {
  name           = "managed-key"
  s3_bucket_name = "palisade-audit-logs"
  kms_key_id     = aws_kms_key.trail.arn
}

# A literal alias: silent.
resource "aws_cloudtrail" "alias" {
  name           = "alias"
  s3_bucket_name = "palisade-audit-logs"
  kms_key_id     = "alias/cloudtrail"
}
