# Cases reported to peer scanners' issue trackers, with the answer AWS's
# documentation gives.

# Checkov #372 (https://github.com/bridgecrewio/checkov/issues/372):
# CKV_AWS_17 failed any instance that sets `publicly_accessible`, even to
# false. With false the instance gets no public DNS address and is reachable
# only from inside its VPC
# (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Hiding):
# silent.
resource "aws_db_instance" "peer_explicitly_private" {
  identifier                  = "peer-private"
  engine                      = "postgres"
  instance_class              = "db.t3.micro"
  allocated_storage           = 20
  username                    = "app"
  manage_master_user_password = true
  storage_encrypted           = true
  publicly_accessible         = false
}
