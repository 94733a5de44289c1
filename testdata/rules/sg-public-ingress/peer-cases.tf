# Cases reported to peer scanners' issue trackers, with the answer AWS's
# documentation gives.

resource "aws_security_group" "peer_alb" {
  name   = "peer-alb"
  vpc_id = "vpc-0123456789abcdef0"
}

resource "aws_security_group" "peer_ecs" {
  name   = "peer-ecs"
  vpc_id = "vpc-0123456789abcdef0"
}

# Checkov #6624 (https://github.com/bridgecrewio/checkov/issues/6624):
# CKV_AWS_260 failed an `aws_vpc_security_group_ingress_rule` whose source is
# another security group (`referenced_security_group_id`). No CIDR is
# involved, so nothing is open to the internet: silent.
resource "aws_vpc_security_group_ingress_rule" "peer_ecs_from_alb" {
  security_group_id            = aws_security_group.peer_ecs.id
  referenced_security_group_id = aws_security_group.peer_alb.id
  from_port                    = 80
  to_port                      = 80
  ip_protocol                  = "tcp"
  description                  = "Allow traffic from load balancer into ECS"
}

# tfsec #1638 / defsec #460 (https://github.com/aquasecurity/tfsec/issues/1638,
# https://github.com/aquasecurity/defsec/issues/460): aws-vpc-no-public-ingress-sgr
# reported SSH from a list of /32 addresses as critical. Single hosts are not
# the whole internet: silent.
resource "aws_security_group_rule" "peer_allow_partner_rsync" {
  type              = "ingress"
  security_group_id = aws_security_group.peer_ecs.id
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks = [
    "192.0.2.4/32",
    "198.51.100.7/32",
  ]
}

# defsec #1226 (https://github.com/aquasecurity/defsec/issues/1226): tfsec
# missed an all-traffic rule from 0.0.0.0/0 written with the attribute form
# `ingress = [{ ... }]` instead of an `ingress` block. Both forms configure the
# same rules (Terraform's "Attributes as Blocks" mode): reported.
resource "aws_security_group" "peer_barndoor" {
  name   = "peer-barndoor"
  vpc_id = "vpc-0123456789abcdef0"

  ingress = [
    {
      cidr_blocks = [
        "0.0.0.0/0", # expect: sg-public-ingress@9
      ]
      description      = "everything"
      from_port        = 0
      ipv6_cidr_blocks = []
      prefix_list_ids  = []
      protocol         = "-1"
      security_groups  = []
      self             = false
      to_port          = 0
    }
  ]
}
