# Cases reported to peer scanners' issue trackers, with the answer AWS's
# documentation gives.

resource "aws_iam_role" "peer_app" {
  name = "peer-app"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

# KICS #5763 (https://github.com/Checkmarx/kics/issues/5763): "S3 Bucket Allows
# Unsecure Transport" reported a bucket whose policy has the statement AWS
# recommends, a `Deny` of `s3:*` to everyone when `aws:SecureTransport` is
# false, next to allow statements for one role (the report's last statement,
# a deny from outside a VPC, is cut off and left out here)
# (https://repost.aws/knowledge-center/s3-bucket-policy-for-config-rule):
# silent.
resource "aws_s3_bucket" "peer_b" {
  bucket = "peer-tls-enforced-bucket"
}

resource "aws_s3_bucket_policy" "peer_access_policy" {
  bucket = aws_s3_bucket.peer_b.id

  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {
        "AWS": "${aws_iam_role.peer_app.arn}"
      },
      "Action": [
        "s3:PutObject",
        "s3:GetObject",
        "s3:DeleteObject",
        "s3:DeleteObjectVersion"
      ],
      "Resource": "arn:aws:s3:::${aws_s3_bucket.peer_b.bucket}/*"
    },
    {
      "Effect": "Allow",
      "Principal": {
        "AWS": "${aws_iam_role.peer_app.arn}"
      },
      "Action": [
        "s3:ListBucketVersions"
      ],
      "Resource": "arn:aws:s3:::${aws_s3_bucket.peer_b.bucket}"
    },
    {
      "Sid": "AllowSSLRequestsOnly",
      "Action": "s3:*",
      "Effect": "Deny",
      "Resource": [
        "${aws_s3_bucket.peer_b.arn}",
        "${aws_s3_bucket.peer_b.arn}/*"
      ],
      "Condition": {
        "Bool": {
          "aws:SecureTransport": "false"
        }
      },
      "Principal": "*"
    }
  ]
}
POLICY
}
