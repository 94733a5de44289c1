# The root configuration every unit includes: no module of its own.
locals {
  region = "us-east-1"
}

remote_state {
  backend = "s3"
  config = {
    key = "${path_relative_to_include()}/terraform.tfstate"
  }
}

inputs = {
  encrypted = true
  region    = local.region
}
