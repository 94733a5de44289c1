# A versioning resource for a bucket only the caller names: it may be this one.

variable "bucket" {
  type = string
}

resource "aws_s3_bucket" "maybe_versioned" {
  bucket = "palisade-versioning-maybe"
}

resource "aws_s3_bucket_versioning" "somewhere" {
  bucket = var.bucket
  versioning_configuration {
    status = "Enabled"
  }
}
