# palisade:ignore:ebs-volume-unencrypted exp:2026-01-31 migrating next sprint
resource "aws_ebs_volume" "expired" {
  availability_zone = "eu-west-1a"
  size              = 10
}

# palisade:ignore:ebs-volume-unencrypted exp:2027-01-31 migrating next sprint
resource "aws_ebs_volume" "current" {
  availability_zone = "eu-west-1a"
  size              = 10
}

# palisade:ignore:ebs-volume-unencrypted last day is today exp:2026-06-15
resource "aws_ebs_volume" "last_day" {
  availability_zone = "eu-west-1a"
  size              = 10
}

# palisade:ignore:ebs-volume-unencrypted exp:2026-02-30 not a real date
resource "aws_ebs_volume" "bad_date" {
  availability_zone = "eu-west-1a"
  size              = 10
}
