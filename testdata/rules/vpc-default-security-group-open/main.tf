# Fixtures for vpc-default-security-group-open (AWS-VPC-005).

variable "ports" {
  type = list(number)
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

# No rules: the group is closed: silent.
resource "aws_default_security_group" "closed" {
  vpc_id = aws_vpc.main.id
}

# AWS's own default rules written back: both reported.
resource "aws_default_security_group" "open" {
  vpc_id = aws_vpc.main.id

  ingress { # expect: vpc-default-security-group-open@3
    protocol  = -1
    self      = true
    from_port = 0
    to_port   = 0
  }

  egress { # expect: vpc-default-security-group-open@3
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

# A dynamic block over an unknown list: silent.
resource "aws_default_security_group" "dynamic" {
  vpc_id = aws_vpc.main.id

  dynamic "ingress" {
    for_each = var.ports
    content {
      protocol    = "tcp"
      from_port   = ingress.value
      to_port     = ingress.value
      cidr_blocks = ["10.0.0.0/8"]
    }
  }
}

# Separate rules on the default group.
resource "aws_security_group_rule" "on_default" { # expect: vpc-default-security-group-open@1
  type              = "ingress"
  security_group_id = aws_default_security_group.closed.id
  protocol          = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_blocks       = ["10.0.0.0/8"]
}

resource "aws_vpc_security_group_egress_rule" "on_vpc_default" { # expect: vpc-default-security-group-open@1
  security_group_id = aws_vpc.main.default_security_group_id
  ip_protocol       = "-1"
  cidr_ipv4         = "10.0.0.0/8"
}

# A rule on a group of its own: silent.
resource "aws_security_group" "app" {
  vpc_id = aws_vpc.main.id
}

resource "aws_vpc_security_group_ingress_rule" "on_app" {
  security_group_id = aws_security_group.app.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "10.0.0.0/8"
}
