# Fixtures for nacl-public-ingress (AWS-VPC-001).

variable "partner_cidr" {
  type    = string
  default = "0.0.0.0/0"
}

variable "admin_cidr" {
  type = string
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_network_acl" "public" {
  vpc_id = aws_vpc.main.id

  # HTTPS from anywhere (medium).
  ingress {
    protocol   = "tcp"
    rule_no    = 100
    action     = "allow"
    cidr_block = "0.0.0.0/0" # expect: nacl-public-ingress@18
    from_port  = 443
    to_port    = 443
  }

  # SSH from anywhere over IPv6 (critical).
  ingress {
    protocol        = "tcp"
    rule_no         = 110
    action          = "allow"
    ipv6_cidr_block = "::/0" # expect: nacl-public-ingress@23
    from_port       = 22
    to_port         = 22
  }

  # Deny rule: silent.
  ingress {
    protocol   = "tcp"
    rule_no    = 90
    action     = "deny"
    cidr_block = "0.0.0.0/0"
    from_port  = 3389
    to_port    = 3389
  }

  # Private range: silent.
  ingress {
    protocol   = "-1"
    rule_no    = 120
    action     = "allow"
    cidr_block = "10.0.0.0/16"
    from_port  = 0
    to_port    = 0
  }

  # Egress: silent.
  egress {
    protocol   = "-1"
    rule_no    = 100
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 0
  }
}

resource "aws_network_acl" "private" {
  vpc_id = aws_vpc.main.id
}

# Separate rule, all protocols (critical).
resource "aws_network_acl_rule" "all_traffic" {
  network_acl_id = aws_network_acl.private.id
  rule_number    = 200
  egress         = false
  protocol       = "-1"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0" # expect: nacl-public-ingress@20
}

# `egress` left out means ingress; the port range covers 3389 (critical).
resource "aws_network_acl_rule" "rdp_range" {
  network_acl_id = aws_network_acl.private.id
  rule_number    = 210
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0" # expect: nacl-public-ingress@20
  from_port      = 3380
  to_port        = 3390
}

# A variable whose default is 0.0.0.0/0: reported at the use site.
resource "aws_network_acl_rule" "partner_sftp" {
  network_acl_id = aws_network_acl.private.id
  rule_number    = 220
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = var.partner_cidr # expect: nacl-public-ingress@20
  from_port      = 2222
  to_port        = 2222
}

# A variable without a default is unknown: silent.
resource "aws_network_acl_rule" "admin_ssh" {
  network_acl_id = aws_network_acl.private.id
  rule_number    = 230
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = var.admin_cidr
  from_port      = 22
  to_port        = 22
}

# Egress rule: silent.
resource "aws_network_acl_rule" "outbound" {
  network_acl_id = aws_network_acl.private.id
  rule_number    = 100
  egress         = true
  protocol       = "-1"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
}

# Deny rule: silent.
resource "aws_network_acl_rule" "deny_ssh" {
  network_acl_id = aws_network_acl.private.id
  rule_number    = 50
  protocol       = "tcp"
  rule_action    = "deny"
  cidr_block     = "0.0.0.0/0"
  from_port      = 22
  to_port        = 22
}

# The default network ACL, managed with AWS's allow-all inbound rule (critical).
resource "aws_default_network_acl" "default" {
  default_network_acl_id = aws_vpc.main.default_network_acl_id

  ingress {
    protocol   = -1
    rule_no    = 100
    action     = "allow"
    cidr_block = "0.0.0.0/0" # expect: nacl-public-ingress@18
    from_port  = 0
    to_port    = 0
  }

  egress {
    protocol   = -1
    rule_no    = 100
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 0
  }
}
