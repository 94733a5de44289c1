variable "cidrs" {
  type = list(string)
}

resource "aws_security_group" "this" {
  name = "ssh"

  dynamic "ingress" {
    for_each = var.cidrs
    iterator = cidr
    content {
      from_port   = 22
      to_port     = 22
      protocol    = "tcp"
      cidr_blocks = [cidr.value]
    }
  }
}
