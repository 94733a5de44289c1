locals {
  a = local.b
  b = local.c
  c = local.a
}

resource "aws_ebs_volume" "cycle" {
  availability_zone = "a"
  encrypted         = local.a
}
