# Cases reported to peer scanners' issue trackers, with the answer AWS's
# documentation gives: inbound entries are evaluated in ascending rule
# number and the first match decides
# (https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html).

# Checkov #4518 (https://github.com/bridgecrewio/checkov/issues/4518):
# CKV_AWS_230 (port 20) failed although lower-numbered entries deny ports
# 20-22 and 3389 from anywhere. (The later allow entry is cut off in the
# report; here it allows every TCP port.) The allow is still open to the
# internet on the other ports, so it is reported, at medium severity: the
# administration ports are denied first.
resource "aws_network_acl" "peer_public_nacl" {
  vpc_id = "vpc-0123456789abcdef0"

  ingress {
    rule_no    = 10
    protocol   = "tcp"
    action     = "deny"
    cidr_block = "0.0.0.0/0"
    from_port  = 20
    to_port    = 22
  }

  ingress {
    rule_no    = 20
    protocol   = "tcp"
    action     = "deny"
    cidr_block = "0.0.0.0/0"
    from_port  = 3389
    to_port    = 3389
  }

  ingress {
    rule_no    = 100
    protocol   = "tcp"
    action     = "allow"
    cidr_block = "0.0.0.0/0" # expect: nacl-public-ingress@18
    from_port  = 0
    to_port    = 65535
  }
}

resource "aws_network_acl" "peer_deny_all" {
  vpc_id = "vpc-0123456789abcdef0"
}

# Trivy #7006 (https://github.com/aquasecurity/trivy/issues/7006): AVD-AWS-0102
# reported a deny entry for all protocols from 0.0.0.0/0. A deny lets nothing
# in: silent.
resource "aws_network_acl_rule" "peer_deny_all_inbound" {
  network_acl_id = aws_network_acl.peer_deny_all.id
  rule_number    = 200
  egress         = false
  protocol       = "all"
  rule_action    = "deny"
  cidr_block     = "0.0.0.0/0"
}
