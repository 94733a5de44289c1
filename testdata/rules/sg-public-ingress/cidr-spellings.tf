# Every way of writing "the whole address space" is the world: EC2 masks host
# bits, and IPv6 has many spellings of ::/0. Narrower blocks and malformed
# text are not.

resource "aws_security_group" "spellings" {
  name = "spellings"

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.1/0"] # expect: sg-public-ingress@20
  }

  ingress {
    from_port        = 443
    to_port          = 443
    protocol         = "tcp"
    ipv6_cidr_blocks = ["0::/0", "::0/0"] # expect: sg-public-ingress@25, sg-public-ingress@34
  }

  ingress {
    from_port        = 5432
    to_port          = 5432
    protocol         = "tcp"
    ipv6_cidr_blocks = ["0:0:0:0:0:0:0:0/0", "0000:0000:0000:0000:0000:0000:0000:0000/0"] # expect: sg-public-ingress@25, sg-public-ingress@46
  }

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["/0", "0.0.0.0/1", "10.0.0.0/8", "0.0.0.0/33"]
  }
}

resource "aws_vpc_security_group_ingress_rule" "masked" {
  security_group_id = aws_security_group.spellings.id
  cidr_ipv4         = "192.168.1.1/0" # expect: sg-public-ingress@23
  ip_protocol       = "-1"
}
