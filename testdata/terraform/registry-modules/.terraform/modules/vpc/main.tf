variable "public" {
  type    = bool
  default = false
}

resource "aws_network_acl_rule" "ingress" {
  network_acl_id = "acl-1"
  rule_number    = 100
  egress         = false
  protocol       = "-1"
  rule_action    = "allow"
  cidr_block     = var.public ? "0.0.0.0/0" : "10.0.0.0/8"
}

module "flow" {
  source = "./modules/flow"
}

output "encrypted" {
  value = module.flow.encrypted
}
