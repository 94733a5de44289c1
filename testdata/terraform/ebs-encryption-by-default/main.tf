# The account's EBS encryption by default is on in this configuration (the resource's
# default is `enabled = true`): volumes and block devices that leave
# `encrypted` out are encrypted by it, so only explicit `false` is reported.

resource "aws_ebs_encryption_by_default" "this" {
}

resource "aws_ebs_volume" "left_out" {
  availability_zone = "us-east-1a"
  size              = 10
}

resource "aws_ebs_volume" "explicit_false" {
  availability_zone = "us-east-1a"
  size              = 10
  encrypted         = false
}

resource "aws_instance" "no_root_settings" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"

  metadata_options {
    http_tokens = "required"
  }

  ebs_block_device {
    device_name = "/dev/sdf"
    volume_size = 10
  }
}
