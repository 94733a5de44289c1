# NACL entries: any prefix-length-0 block is the world.

resource "aws_network_acl_rule" "masked" {
  network_acl_id = "acl-0123456789abcdef0"
  rule_number    = 100
  egress         = false
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "172.16.0.1/0" # expect: nacl-public-ingress@20
  from_port      = 22
  to_port        = 22
}

resource "aws_network_acl_rule" "ipv6_long" {
  network_acl_id  = "acl-0123456789abcdef0"
  rule_number     = 101
  egress          = false
  protocol        = "-1"
  rule_action     = "allow"
  ipv6_cidr_block = "0:0:0:0:0:0:0:0/0" # expect: nacl-public-ingress@21
}

resource "aws_network_acl_rule" "malformed" {
  network_acl_id = "acl-0123456789abcdef0"
  rule_number    = 102
  egress         = false
  protocol       = "-1"
  rule_action    = "allow"
  cidr_block     = "/0"
}
