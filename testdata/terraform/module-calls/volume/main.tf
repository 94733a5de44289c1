variable "encrypted" {
  type = bool
}

variable "iops" {
  type = number
}

variable "port" {
  type = number
}

# The caller's false is reported once per call that passes it.
resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  iops              = var.iops
  encrypted         = var.encrypted
}

# The same in every call: one finding, related to all three calls.
resource "aws_ebs_volume" "scratch" {
  availability_zone = "eu-west-1a"
}

# Open to the world on the caller's port: one finding per distinct port.
resource "aws_security_group" "admin" {
  name = "admin"

  ingress {
    from_port   = var.port
    to_port     = var.port
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
