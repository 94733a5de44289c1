# A public ACL is public only as the bucket's public access block leaves it.

resource "aws_s3_bucket" "ignored" {
  bucket = "ignored-example"
}

resource "aws_s3_bucket_public_access_block" "ignored" {
  bucket                  = aws_s3_bucket.ignored.id
  block_public_acls       = false
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# S3 ignores it: not public.
resource "aws_s3_bucket_acl" "ignored" {
  bucket = aws_s3_bucket.ignored.id
  acl    = "public-read"
}

resource "aws_s3_bucket" "blocked" {
  bucket = "blocked-example"
}

resource "aws_s3_bucket_public_access_block" "blocked" {
  bucket                  = aws_s3_bucket.blocked.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = false
  restrict_public_buckets = true
}

# S3 rejects it: the apply fails (low).
resource "aws_s3_bucket_acl" "blocked" {
  bucket = aws_s3_bucket.blocked.id
  acl    = "public-read" # expect: s3-bucket-public-acl@12
}

resource "aws_s3_bucket" "open" {
  bucket = "open-example"
}

resource "aws_s3_bucket_public_access_block" "open" {
  bucket                  = aws_s3_bucket.open.id
  block_public_acls       = false
  block_public_policy     = true
  ignore_public_acls      = false
  restrict_public_buckets = true
}

resource "aws_s3_bucket_acl" "open" {
  bucket = aws_s3_bucket.open.id
  acl    = "public-read-write" # expect: s3-bucket-public-acl@12
}
