# Cases reported to peer scanners' issue trackers, with the answer AWS's
# documentation gives.

# Checkov #371 (https://github.com/bridgecrewio/checkov/issues/371): CKV_AWS_4
# failed an `aws_ebs_snapshot`, which has no encryption argument: a snapshot
# of an encrypted volume is encrypted
# (https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html).
# The encrypted volume and its snapshot are both silent.
resource "aws_ebs_volume" "peer_example" {
  availability_zone = "us-west-2a"
  encrypted         = true
  size              = 40
}

resource "aws_ebs_snapshot" "peer_example_snapshot" {
  volume_id = aws_ebs_volume.peer_example.id
}
