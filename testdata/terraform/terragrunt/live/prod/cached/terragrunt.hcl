include "root" {
  path = find_in_parent_folders()
}

terraform {
  source = "git::https://github.com/acme/infrastructure-modules.git//volume?ref=v1.2.0"
}

inputs = {
  encrypted = false
  size      = 50
}
