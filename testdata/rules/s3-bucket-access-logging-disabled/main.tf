# Fixtures for s3-bucket-access-logging-disabled (AWS-S3-005).

variable "enable_logging" {
  type    = bool
  default = false
}

# No logging anywhere.
resource "aws_s3_bucket" "plain" { # expect: s3-bucket-access-logging-disabled@1
  bucket = "palisade-logging-plain"
}

# A private ACL does not make a log bucket.
resource "aws_s3_bucket" "private" { # expect: s3-bucket-access-logging-disabled@1
  bucket = "palisade-logging-private"
  acl    = "private"
}

# Logging behind a flag whose default is off: no block, reported.
resource "aws_s3_bucket" "flagged" { # expect: s3-bucket-access-logging-disabled@1
  bucket = "palisade-logging-flagged"

  dynamic "logging" {
    for_each = var.enable_logging ? [1] : []
    content {
      target_bucket = aws_s3_bucket.logs.id
    }
  }
}

# A CloudTrail log bucket is not an access log bucket: reported.
resource "aws_s3_bucket" "trail" { # expect: s3-bucket-access-logging-disabled@1
  bucket = "palisade-logging-trail"
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.trail.id
}

# Inline logging block (AWS provider v3): silent.
resource "aws_s3_bucket" "inline" {
  bucket = "palisade-logging-inline"

  logging {
    target_bucket = aws_s3_bucket.logs.id
    target_prefix = "inline/"
  }
}

# aws_s3_bucket_logging by reference: silent.
resource "aws_s3_bucket" "by_reference" {
  bucket = "palisade-logging-by-reference"
}

resource "aws_s3_bucket_logging" "by_reference" {
  bucket        = aws_s3_bucket.by_reference.id
  target_bucket = aws_s3_bucket.logs.id
  target_prefix = "by-reference/"
}

# aws_s3_bucket_logging by literal name, into a bucket named literally: silent.
resource "aws_s3_bucket" "by_name" {
  bucket = "palisade-logging-by-name"
}

resource "aws_s3_bucket_logging" "by_name" {
  bucket        = "palisade-logging-by-name"
  target_bucket = "palisade-logging-named-target"
  target_prefix = "by-name/"
}

# Log buckets: a destination of other buckets (by reference, by name), a
# log-delivery-write ACL, a grant to the log delivery group, a policy for
# the logging service. Silent.
resource "aws_s3_bucket" "logs" {
  bucket = "palisade-logging-logs"
}

resource "aws_s3_bucket" "named_target" {
  bucket = "palisade-logging-named-target"
}

resource "aws_s3_bucket" "acl_target" {
  bucket = "palisade-logging-acl-target"
}

resource "aws_s3_bucket_acl" "acl_target" {
  bucket = aws_s3_bucket.acl_target.id
  acl    = "log-delivery-write"
}

resource "aws_s3_bucket" "grant_target" {
  bucket = "palisade-logging-grant-target"

  grant {
    type        = "Group"
    permissions = ["WRITE", "READ_ACP"]
    uri         = "http://acs.amazonaws.com/groups/s3/LogDelivery"
  }
}

resource "aws_s3_bucket" "policy_target" {
  bucket = "palisade-logging-policy-target"
}

resource "aws_s3_bucket_policy" "policy_target" {
  bucket = aws_s3_bucket.policy_target.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "logging.s3.amazonaws.com" }
      Action    = "s3:PutObject"
      Resource  = "${aws_s3_bucket.policy_target.arn}/*"
    }]
  })
}
