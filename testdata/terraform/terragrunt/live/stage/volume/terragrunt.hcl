include {
  path = find_in_parent_folders()
}

locals {
  modules = "${get_parent_terragrunt_dir()}/../modules"
  source  = "${local.modules}//volume"
}

terraform {
  source = local.source
}

dependency "kms" {
  config_path = "../kms"
}

inputs = {
  size   = 20
  kms_id = dependency.kms.outputs.key_id
}
