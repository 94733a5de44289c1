# Variables without defaults: static evaluation alone cannot know these
# values; the plan (plan.json) does.

variable "encrypted" {
  type = bool
}

resource "aws_ebs_volume" "root" {
  availability_zone = "eu-west-1a"
  size              = 10
  encrypted         = var.encrypted
}

# Encryption decided at apply time (after_unknown): silent.
resource "aws_ebs_volume" "computed" {
  availability_zone = "eu-west-1a"
  encrypted         = var.encrypted
}

module "storage" {
  source   = "./modules/storage"
  for_each = toset(["a"])
  open     = var.encrypted
}
