# Fixtures for s3-public-access-block (AWS-S3-002).

variable "block_bucket_policies" {
  type    = bool
  default = false
}

variable "strict_mode" {
  type = bool
}

# No public access block points at this bucket (medium).
resource "aws_s3_bucket" "orphan" { # expect: s3-public-access-block@1
  bucket = "palisade-orphan"
}

# Fully blocked, linked by reference: silent.
resource "aws_s3_bucket" "locked" {
  bucket = "palisade-locked"
}

resource "aws_s3_bucket_public_access_block" "locked" {
  bucket                  = aws_s3_bucket.locked.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# Linked by the literal bucket name: one flag false, one left out (both high).
resource "aws_s3_bucket" "by_name" {
  bucket = "palisade-by-name"
}

resource "aws_s3_bucket_public_access_block" "by_name" { # expect: s3-public-access-block@1
  bucket              = "palisade-by-name"
  block_public_acls   = true
  block_public_policy = false # expect: s3-public-access-block@25
  ignore_public_acls  = true
}

# Linked through `.bucket`; a variable whose default is false is reported at the use site.
resource "aws_s3_bucket" "via_attribute" {
  bucket = "palisade-via-attribute"
}

resource "aws_s3_bucket_public_access_block" "via_attribute" {
  bucket                  = aws_s3_bucket.via_attribute.bucket
  block_public_acls       = true
  block_public_policy     = var.block_bucket_policies # expect: s3-public-access-block@29
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# Flags from a variable without a default are unknown: silent.
resource "aws_s3_bucket" "tenant" {
  bucket = "palisade-tenant"
}

resource "aws_s3_bucket_public_access_block" "tenant" {
  bucket                  = aws_s3_bucket.tenant.id
  block_public_acls       = var.strict_mode
  block_public_policy     = var.strict_mode
  ignore_public_acls      = var.strict_mode
  restrict_public_buckets = var.strict_mode
}
