# Fixtures for s3-bucket-versioning-disabled (AWS-S3-006).

variable "versioning_status" {
  type    = string
  default = "Suspended"
}

variable "status_from_caller" {
  type = string
}

# No versioning anywhere.
resource "aws_s3_bucket" "plain" { # expect: s3-bucket-versioning-disabled@1
  bucket = "palisade-versioning-plain"
}

# Suspended, by reference.
resource "aws_s3_bucket" "suspended" {
  bucket = "palisade-versioning-suspended"
}

resource "aws_s3_bucket_versioning" "suspended" {
  bucket = aws_s3_bucket.suspended.id
  versioning_configuration {
    status = "Suspended" # expect: s3-bucket-versioning-disabled@14
  }
}

# Suspended through a variable's default, by literal name.
resource "aws_s3_bucket" "from_default" {
  bucket = "palisade-versioning-from-default"
}

resource "aws_s3_bucket_versioning" "from_default" {
  bucket = "palisade-versioning-from-default"
  versioning_configuration {
    status = var.versioning_status # expect: s3-bucket-versioning-disabled@14
  }
}

# Inline versioning block (AWS provider v3) turned off.
resource "aws_s3_bucket" "inline_off" {
  bucket = "palisade-versioning-inline-off"
  versioning {
    enabled = false # expect: s3-bucket-versioning-disabled@15
  }
}

# Enabled: silent.
resource "aws_s3_bucket" "enabled" {
  bucket = "palisade-versioning-enabled"
}

resource "aws_s3_bucket_versioning" "enabled" {
  bucket = aws_s3_bucket.enabled.id
  versioning_configuration {
    status = "Enabled"
  }
}

# Inline versioning on: silent.
resource "aws_s3_bucket" "inline_on" {
  bucket = "palisade-versioning-inline-on"
  versioning {
    enabled = true
  }
}

# Object Lock keeps versioning on: silent.
resource "aws_s3_bucket" "locked" {
  bucket              = "palisade-versioning-locked"
  object_lock_enabled = true
}

# A status only the caller knows: silent.
resource "aws_s3_bucket" "unknown" {
  bucket = "palisade-versioning-unknown"
}

resource "aws_s3_bucket_versioning" "unknown" {
  bucket = aws_s3_bucket.unknown.id
  versioning_configuration {
    status = var.status_from_caller
  }
}
