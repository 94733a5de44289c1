# palisade:ignore:ebs-volume-unencripted scratch disk, wiped nightly
resource "aws_ebs_volume" "scratch" {
  availability_zone = "eu-west-1a"
  size              = 10
}

# palisade:ignore:AWS-S3-00 nothing is near enough to guess
resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 10
}
