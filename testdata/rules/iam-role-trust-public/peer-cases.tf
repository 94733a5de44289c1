# Cases reported to peer scanners' issue trackers, with the answer AWS's
# documentation gives.

# Checkov #6839 and #7304 (https://github.com/bridgecrewio/checkov/issues/6839,
# https://github.com/bridgecrewio/checkov/issues/7304): CKV_AWS_60 failed a
# trust policy with `Principal = { AWS = "*" }` whose condition limits
# `aws:PrincipalArn` to named roles in known accounts. Only those roles can
# assume it (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn):
# silent.
resource "aws_iam_role" "peer_private_connect" {
  name = "private-connect"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = "sts:AssumeRole"
        Condition = {
          StringLike = {
            "aws:PrincipalArn" = [
              "arn:aws:iam::111122223333:role/prod-us-east-1-connect",
              "arn:aws:iam::444455556666:role/prod-eu-west-1-connect",
            ]
          }
        }
      }
    ]
  })
}
