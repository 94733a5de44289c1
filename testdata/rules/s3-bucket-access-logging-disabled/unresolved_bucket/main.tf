# A logging resource for a bucket only the caller names: it may be this one.

variable "bucket" {
  type = string
}

resource "aws_s3_bucket" "maybe_logged" {
  bucket = "palisade-logging-maybe-logged"
}

resource "aws_s3_bucket_logging" "somewhere" {
  bucket        = var.bucket
  target_bucket = "palisade-logging-elsewhere"
}
