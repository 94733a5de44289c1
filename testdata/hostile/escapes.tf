resource "aws_s3_bucket_acl" "x\u001b[2J\u001b]0;pwned\u0007" {
  bucket = "b"
  acl    = "public-read" # [31mred[0m ‮
}
