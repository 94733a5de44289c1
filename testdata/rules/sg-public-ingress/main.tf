# Fixtures for sg-public-ingress (AWS-VPC-002).

variable "app_ingress_cidr" {
  type    = string
  default = "0.0.0.0/0"
}

variable "admin_cidr" {
  type = string
}

locals {
  # Elements of a list from a local are reported where they are written.
  partner_cidrs = ["198.51.100.0/24", "0.0.0.0/0"] # expect: sg-public-ingress@39
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_security_group" "web" {
  name   = "web"
  vpc_id = aws_vpc.main.id

  # HTTPS only (low).
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # expect: sg-public-ingress@20
  }

  # Every TCP port, IPv6 (critical: covers 22 and 3389).
  ingress {
    from_port        = 0
    to_port          = 65535
    protocol         = "tcp"
    ipv6_cidr_blocks = ["::/0"] # expect: sg-public-ingress@25
  }

  # Range 20-25 covers SSH (critical); only the public element is reported.
  ingress {
    from_port   = 20
    to_port     = 25
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8", "0.0.0.0/0"] # expect: sg-public-ingress@34
  }

  # All protocols (critical).
  ingress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"] # expect: sg-public-ingress@20
  }

  # Partner API port, CIDRs from a local (medium).
  ingress {
    from_port   = 8443
    to_port     = 8443
    protocol    = "tcp"
    cidr_blocks = local.partner_cidrs
  }

  # Private range: silent.
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/16"]
  }

  # Unknown CIDR (variable without a default): silent.
  ingress {
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = [var.admin_cidr]
  }

  # Egress never fires.
  egress {
    from_port        = 0
    to_port          = 0
    protocol         = "-1"
    cidr_blocks      = ["0.0.0.0/0"]
    ipv6_cidr_blocks = ["::/0"]
  }
}

resource "aws_security_group" "db" {
  name   = "db"
  vpc_id = aws_vpc.main.id
}

# Separate rule, PostgreSQL from anywhere (high).
resource "aws_security_group_rule" "postgres" {
  type              = "ingress"
  from_port         = 5432
  to_port           = 5432
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"] # expect: sg-public-ingress@24
  security_group_id = aws_security_group.db.id
}

# Egress rule: silent.
resource "aws_security_group_rule" "db_egress" {
  type              = "egress"
  from_port         = 0
  to_port           = 0
  protocol          = "-1"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.db.id
}

# Source is another security group: silent.
resource "aws_security_group_rule" "db_from_web" {
  type                     = "ingress"
  from_port                = 5432
  to_port                  = 5432
  protocol                 = "tcp"
  source_security_group_id = aws_security_group.web.id
  security_group_id        = aws_security_group.db.id
}

# Newer single-rule resources.
resource "aws_vpc_security_group_ingress_rule" "rdp" {
  security_group_id = aws_security_group.db.id
  cidr_ipv4         = "0.0.0.0/0" # expect: sg-public-ingress@23
  from_port         = 3389
  to_port           = 3389
  ip_protocol       = "tcp"
}

resource "aws_vpc_security_group_ingress_rule" "http_ipv6" {
  security_group_id = aws_security_group.web.id
  cidr_ipv6         = "::/0" # expect: sg-public-ingress@23
  from_port         = 80
  to_port           = 80
  ip_protocol       = "tcp"
}

# A variable whose default is 0.0.0.0/0: reported at the use site (critical, all protocols).
resource "aws_vpc_security_group_ingress_rule" "app_all" {
  security_group_id = aws_security_group.web.id
  cidr_ipv4         = var.app_ingress_cidr # expect: sg-public-ingress@23
  ip_protocol       = "-1"
}

# Private range: silent.
resource "aws_vpc_security_group_ingress_rule" "internal_mysql" {
  security_group_id = aws_security_group.db.id
  cidr_ipv4         = "10.0.0.0/16"
  from_port         = 3306
  to_port           = 3306
  ip_protocol       = "tcp"
}

# Egress never fires.
resource "aws_vpc_security_group_egress_rule" "web_out" {
  security_group_id = aws_security_group.web.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
}
