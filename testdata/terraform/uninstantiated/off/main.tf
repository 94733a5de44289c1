variable "encrypted" {
  type    = bool
  default = false
}

resource "aws_ebs_volume" "v" {
  availability_zone = "eu-west-1a"
  encrypted         = var.encrypted
}
