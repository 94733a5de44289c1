# Identity policies written as heredoc JSON. Expectations are in heredoc.tf.expect.

resource "aws_iam_policy" "legacy_admin" {
  name   = "legacy-admin"
  policy = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "*:*",
      "Resource": "*"
    },
    {
      "Effect": "Allow",
      "Action": ["logs:CreateLogStream", "logs:*"],
      "Resource": "arn:aws:logs:eu-west-1:111122223333:log-group:/app/*"
    },
    {
      "Effect": "Allow",
      "Action": ["s3:List*", "s3:GetObject"],
      "Resource": "*"
    },
    {
      "Effect": "Deny",
      "Action": "iam:*",
      "Resource": "*"
    }
  ]
}
EOT
}
