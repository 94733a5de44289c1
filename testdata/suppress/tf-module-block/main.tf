# A suppression on a module block covers the findings of that call only.

# palisade:ignore:AWS-EBS-001 scratch volumes, rebuilt daily
module "scratch" {
  source = "./modules/volume"
}

module "data" {
  source = "./modules/volume"
}

module "logs" { # trivy:ignore:AVD-AWS-0026
  source = "./modules/volume"
}
