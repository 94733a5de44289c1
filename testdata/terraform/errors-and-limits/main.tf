# Problems are diagnostics at their position, never a hang.

locals {
  a = local.b
  b = local.a
}

resource "aws_ebs_volume" "cyclic" {
  availability_zone = "eu-west-1a"
  encrypted         = local.a
}

# A module that calls itself.
module "loop" {
  source = "./modules/loop"
}

# Too many instances: evaluated as one instance with an unknown key.
resource "aws_ebs_volume" "many" {
  count             = 20000
  availability_zone = "eu-west-1a"
  encrypted         = count.index > 0
}

