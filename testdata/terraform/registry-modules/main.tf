# Registry modules: resolved from the manifest `terraform init` wrote, when
# present; nothing is downloaded.

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
  public  = true
}

# Not installed: its outputs are unknown, so this volume stays silent.
module "not_installed" {
  source = "terraform-aws-modules/ebs/aws"
}

resource "aws_ebs_volume" "from_missing" {
  availability_zone = "eu-west-1a"
  encrypted         = module.not_installed.encrypted
}

resource "aws_ebs_volume" "from_installed" {
  availability_zone = "eu-west-1a"
  encrypted         = module.vpc.encrypted
}
