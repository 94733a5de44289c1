# A policy names a bucket that cannot be resolved: it may be this one.
variable "bucket_name" {
  type = string
}

resource "aws_s3_bucket" "maybe" {
  bucket = var.bucket_name
}

resource "aws_s3_bucket_policy" "somewhere" {
  bucket = var.bucket_name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = "arn:aws:s3:::*/*"
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}
