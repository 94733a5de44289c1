include "root" {
  path   = find_in_parent_folders()
  expose = true
}

terraform {
  source = "../../../modules//volume"
}

inputs = {
  encrypted = false
  size      = length(include.root.locals.region)
}
