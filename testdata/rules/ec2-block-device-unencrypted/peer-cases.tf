# Cases reported to peer scanners' issue trackers, with the answer AWS's
# documentation gives.

# Checkov #496 (https://github.com/bridgecrewio/checkov/issues/496):
# CKV_AWS_8 passed an instance with no `root_block_device`, whose root volume
# came up unencrypted. The root volume is created from the AMI's snapshot and
# is encrypted only if that snapshot is or the account encrypts new volumes
# by default (https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html),
# and nothing in this configuration turns that on: reported, at low severity,
# at the resource.
resource "aws_instance" "peer_bastion" { # expect: ec2-block-device-unencrypted@1
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
}

# Checkov #532 (https://github.com/bridgecrewio/checkov/issues/532): the launch
# configuration check failed a device created from a snapshot. Such a volume
# takes its encryption from the snapshot, and Terraform's documentation says
# not to set `encrypted` together with `snapshot_id`: silent.
resource "aws_launch_configuration" "peer_from_snapshot" {
  name_prefix   = "peer-snapshot-"
  image_id      = "ami-0123456789abcdef0"
  instance_type = "t3.micro"

  root_block_device {
    encrypted = true
  }

  ebs_block_device {
    device_name = "/dev/sdf"
    snapshot_id = "snap-0123456789abcdef0"
  }
}

# tfsec #22 (https://github.com/aquasecurity/tfsec/issues/22): AWS014 reported
# a launch configuration whose `root_block_device` sets `encrypted = true`:
# silent.
resource "aws_launch_configuration" "peer_node" {
  name_prefix   = "peer-node-"
  image_id      = "ami-0123456789abcdef0"
  instance_type = "t3.micro"

  root_block_device {
    volume_type = "gp3"
    volume_size = 20
    encrypted   = true
  }
}
