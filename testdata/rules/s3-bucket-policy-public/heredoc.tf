# Bucket policies written as heredoc JSON. Expectations are in heredoc.tf.expect.

resource "aws_s3_bucket" "assets" {
  bucket = "palisade-assets"
}

resource "aws_s3_bucket_policy" "assets" {
  bucket = aws_s3_bucket.assets.id
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "PublicRead",
      "Effect": "Allow",
      "Principal": "*",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::palisade-assets/*"
    },
    {
      "Sid": "OrgOnly",
      "Effect": "Allow",
      "Principal": "*",
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:::palisade-assets",
      "Condition": {
        "StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}
      }
    }
  ]
}
POLICY
}
