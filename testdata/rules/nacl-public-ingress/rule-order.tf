# A network ACL evaluates inbound entries by ascending rule number; the first
# match decides. An allow from the world that a lower-numbered deny from the
# world fully covers is not reported; a partial cover reports what stays open.

resource "aws_network_acl" "ordered" {
  vpc_id = "vpc-0123456789abcdef0"

  # Deny SSH from anywhere first...
  ingress {
    protocol   = "tcp"
    rule_no    = 100
    action     = "deny"
    cidr_block = "0.0.0.0/0"
    from_port  = 22
    to_port    = 22
  }

  # ...so this SSH allow never matches: silent.
  ingress {
    protocol   = "tcp"
    rule_no    = 200
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 22
    to_port    = 22
  }

  # Ports 0-1024 allowed, 22 denied above: 0-21 and 23-1024 stay open (medium).
  ingress {
    protocol   = "tcp"
    rule_no    = 300
    action     = "allow"
    cidr_block = "0.0.0.0/0" # expect: nacl-public-ingress@18
    from_port  = 0
    to_port    = 1024
  }

  # A deny with a higher number does not shadow: RDP is open (critical).
  ingress {
    protocol   = "tcp"
    rule_no    = 400
    action     = "allow"
    cidr_block = "0.0.0.0/0" # expect: nacl-public-ingress@18
    from_port  = 3389
    to_port    = 3389
  }

  ingress {
    protocol   = "tcp"
    rule_no    = 500
    action     = "deny"
    cidr_block = "0.0.0.0/0"
    from_port  = 3389
    to_port    = 3389
  }

  # An IPv4 deny does not shadow an IPv6 allow.
  ingress {
    protocol        = "tcp"
    rule_no         = 600
    action          = "allow"
    ipv6_cidr_block = "::/0" # expect: nacl-public-ingress@23
    from_port       = 22
    to_port         = 22
  }
}

resource "aws_network_acl" "deny_all_first" {
  vpc_id = "vpc-0123456789abcdef0"

  ingress {
    protocol   = "-1"
    rule_no    = 10
    action     = "deny"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 0
  }

  ingress {
    protocol   = "-1"
    rule_no    = 20
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 0
  }
}

# Separate entries of one ACL are ordered together.
resource "aws_network_acl" "separate" {
  vpc_id = "vpc-0123456789abcdef0"
}

resource "aws_network_acl_rule" "deny_rdp" {
  network_acl_id = aws_network_acl.separate.id
  rule_number    = 100
  egress         = false
  protocol       = "tcp"
  rule_action    = "deny"
  cidr_block     = "0.0.0.0/0"
  from_port      = 3389
  to_port        = 3389
}

resource "aws_network_acl_rule" "allow_rdp" {
  network_acl_id = aws_network_acl.separate.id
  rule_number    = 110
  egress         = false
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  from_port      = 3389
  to_port        = 3389
}

# All traffic allowed after SSH and RDP are denied: the rest is open, and no
# administration port remains (medium).
resource "aws_network_acl_rule" "deny_ssh" {
  network_acl_id = aws_network_acl.separate.id
  rule_number    = 120
  egress         = false
  protocol       = "tcp"
  rule_action    = "deny"
  cidr_block     = "0.0.0.0/0"
  from_port      = 22
  to_port        = 22
}

resource "aws_network_acl_rule" "allow_rest" {
  network_acl_id = aws_network_acl.separate.id
  rule_number    = 130
  egress         = false
  protocol       = "-1"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0" # expect: nacl-public-ingress@20
}

variable "deny_number" {
  type = number
}

# A deny whose number is unknown may come first: no finding.
resource "aws_network_acl" "unknown_order" {
  vpc_id = "vpc-0123456789abcdef0"

  ingress {
    protocol   = "tcp"
    rule_no    = var.deny_number
    action     = "deny"
    cidr_block = "0.0.0.0/0"
    from_port  = 22
    to_port    = 22
  }

  ingress {
    protocol   = "tcp"
    rule_no    = 200
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 22
    to_port    = 22
  }
}
