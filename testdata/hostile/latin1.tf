resource "aws_ebs_volume" "latin1" {
  availability_zone = "café"
  encrypted = false
}
