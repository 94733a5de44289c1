# A separate module: a public access block names a bucket passed in by the
# caller, which may be the bucket below. We cannot tell: silent.

variable "bucket_name" {
  type = string
}

resource "aws_s3_bucket" "maybe_blocked" {
  bucket = "palisade-maybe-blocked"
}

resource "aws_s3_bucket_public_access_block" "caller_bucket" {
  bucket                  = var.bucket_name
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
