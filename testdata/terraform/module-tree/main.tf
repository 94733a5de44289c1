# A root module that calls a local module once per volume (for_each over a
# variable set in terraform.tfvars); that module calls a nested module.

variable "volumes" {
  type = map(object({
    size      = number
    encrypted = optional(bool, true)
  }))
  default = {}
}

module "storage" {
  source    = "./modules/storage"
  for_each  = var.volumes
  size      = each.value.size
  encrypted = each.value.encrypted
  name      = each.key
}

# An output of one instance flows back to the caller.
resource "aws_ebs_volume" "copy" {
  availability_zone = "eu-west-1a"
  size              = 1
  encrypted         = module.storage["logs"].encrypted
}

# The other instance's output is true: silent.
resource "aws_ebs_volume" "copy_data" {
  availability_zone = "eu-west-1a"
  size              = 1
  encrypted         = module.storage["data"].encrypted
}
