module "again" {
  source = "../loop"
}

resource "aws_ebs_volume" "inside" {
  availability_zone = "eu-west-1a"
}
