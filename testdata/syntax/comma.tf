resource "aws_s3_bucket" "a" {
  bucket = "x",
  acl = "y"
}
