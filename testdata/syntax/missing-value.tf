resource "aws_s3_bucket_acl" "a" {
  bucket = "x"
  acl =
}
