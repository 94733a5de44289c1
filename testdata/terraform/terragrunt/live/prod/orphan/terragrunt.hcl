include "root" {
  path = find_in_parent_folders("root.hcl")
}

terraform {
  source = "../../../modules//volume"
}

inputs = {
  encrypted = false
  size      = 1
}
