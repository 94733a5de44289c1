variable "public" {
  type = bool
}

resource "aws_s3_bucket" "logs" {
  bucket = "example-logs"
  acl    = var.public ? "public-read" : "private"
}

# palisade:ignore:ebs-volume-unencrypted exp:2027-01-31 scratch volume, wiped nightly
resource "aws_ebs_volume" "scratch" {
  availability_zone = "eu-west-1a"
  size              = 100
}
