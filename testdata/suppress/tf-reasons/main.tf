# palisade:ignore:ebs-volume-unencrypted
resource "aws_ebs_volume" "no_reason" {
  availability_zone = "eu-west-1a"
  size              = 10
}

# palisade:ignore:ebs-volume-unencrypted exp:2027-01-31
resource "aws_ebs_volume" "only_a_date" {
  availability_zone = "eu-west-1a"
  size              = 10
}
