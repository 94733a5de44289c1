variable "encrypted" {
  type = bool
}

variable "size" {
  type = number
}

resource "aws_ebs_volume" "cached" {
  availability_zone = "us-east-1a"
  size              = var.size
  encrypted         = var.encrypted
}
