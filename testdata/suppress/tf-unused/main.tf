resource "aws_ebs_volume" "fixed" {
  availability_zone = "eu-west-1a"
  size              = 10
  encrypted         = true # palisade:ignore:ebs-volume-unencrypted fixed since
}

  # palisade:ignore:vpc-flow-logs-disabled,no-such-rule flow logs are org-wide
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

# palisade:ignore:ebs-volume-unencrypted cut off by the blank line

resource "aws_ebs_volume" "gap" {
  availability_zone = "eu-west-1a"
  size              = 10
}

# palisade:ignore:AWS-EBS-001,AWS-S3-001 only one of the two applies
resource "aws_ebs_volume" "half" {
  availability_zone = "eu-west-1a"
  size              = 10
}

# palisade:ignore:unused-suppression not suppressible
resource "aws_ebs_volume" "meta" {
  availability_zone = "eu-west-1a"
  size              = 10
  encrypted         = true
}
