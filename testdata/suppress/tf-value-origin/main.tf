# A suppression where a value is written covers the findings that use it:
# here the default of a variable used by two volumes. The third volume's
# false is written in place and stays reported.
variable "scratch_encrypted" {
  type = bool
  # palisade:ignore:AWS-EBS-001 scratch volumes hold no data
  default = false
}

resource "aws_ebs_volume" "scratch_a" {
  availability_zone = "eu-west-1a"
  encrypted         = var.scratch_encrypted
}

resource "aws_ebs_volume" "scratch_b" {
  availability_zone = "eu-west-1a"
  encrypted         = var.scratch_encrypted
}

resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  encrypted         = false
}
