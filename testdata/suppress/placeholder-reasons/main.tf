# palisade:ignore:ebs-volume-unencrypted TODO: say why this is acceptable
resource "aws_ebs_volume" "todo" {
  availability_zone = "eu-west-1a"
  size              = 10
}

# palisade:ignore:AWS-EBS-001 fixme
resource "aws_ebs_volume" "fixme" {
  availability_zone = "eu-west-1a"
  size              = 10
}

# palisade:ignore:AWS-EBS-001 scratch disk, wiped nightly (todo: resize)
resource "aws_ebs_volume" "todo_list" {
  availability_zone = "eu-west-1a"
  size              = 10
}
