variable "rules" {
  type = map(object({
    port  = number
    cidrs = list(string)
  }))
  default = {
    ssh   = { port = 22, cidrs = ["0.0.0.0/0"] }
    https = { port = 443, cidrs = ["10.0.0.0/8"] }
  }
}

variable "unknown_rules" {
  type = list(number)
}

variable "subnets" {
  default = [
    { name = "a", public = true, cidr = "0.0.0.0/0" },
    { name = "b", public = false, cidr = "10.1.0.0/16" },
    { name = "c", public = true, cidr = "10.2.0.0/16" },
  ]
}

locals {
  # for with if, and grouping with `...`.
  public_cidrs = [for s in var.subnets : s.cidr if s.public]
  by_public    = { for s in var.subnets : tostring(s.public) => s.name... }
  # A splat over a list of objects.
  all_cidrs = var.subnets[*].cidr
}

# dynamic without iterator: the label is the iterator name.
resource "aws_security_group" "dyn" {
  name = "dyn"

  dynamic "ingress" {
    for_each = var.rules
    content {
      from_port   = ingress.value.port
      to_port     = ingress.value.port
      protocol    = "tcp"
      cidr_blocks = ingress.value.cidrs
    }
  }
}

# An unknown collection: one block whose iterator is unknown; its ports are
# unknown, so nothing is known to be open. Silent.
resource "aws_security_group" "dyn_unknown" {
  name = "dyn-unknown"

  dynamic "ingress" {
    for_each = var.unknown_rules
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["10.0.0.0/8"]
    }
  }
}

resource "aws_network_acl_rule" "public" {
  count          = length(local.public_cidrs)
  network_acl_id = "acl-1"
  rule_number    = 100 + count.index
  egress         = false
  protocol       = "-1"
  rule_action    = "allow"
  cidr_block     = local.public_cidrs[count.index]
}

resource "aws_ebs_volume" "grouping" {
  availability_zone = "eu-west-1a"
  encrypted         = length(local.by_public["true"]) == 2 && local.all_cidrs[1] == "10.1.0.0/16" ? false : true
}
