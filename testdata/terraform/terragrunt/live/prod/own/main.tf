variable "encrypted" {
  type    = bool
  default = false
}

variable "size" {
  type = number
}

resource "aws_ebs_volume" "own" {
  availability_zone = "us-east-1a"
  size              = var.size
  encrypted         = var.encrypted
}
