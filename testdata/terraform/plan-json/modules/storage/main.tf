variable "open" {
  type = bool
}

resource "aws_security_group" "this" {
  name = "sg"

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = var.open ? ["10.0.0.0/8"] : ["0.0.0.0/0"]
  }
}
