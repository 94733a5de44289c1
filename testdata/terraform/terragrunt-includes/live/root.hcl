locals {
  env_vars = read_terragrunt_config(find_in_parent_folders("env.hcl"))
  env      = local.env_vars.locals.environment
}

inputs = {
  name = "${local.env}-${path_relative_to_include()}"
  settings = {
    public  = false
    encrypt = local.env_vars.locals.encrypt
  }
}
