variable "encrypted" {
  type = bool
}

resource "aws_ebs_volume" "this" {
  availability_zone = "eu-west-1a"
  encrypted         = var.encrypted
}
