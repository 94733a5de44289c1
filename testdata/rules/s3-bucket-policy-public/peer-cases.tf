# Cases reported to peer scanners' issue trackers, with the answer AWS's
# documentation gives.

# Checkov #4401 (https://github.com/bridgecrewio/checkov/issues/4401):
# CKV_AWS_283 failed a bucket policy statement with `identifiers = ["*"]` and
# `effect = "Deny"`. A deny grants no one anything; only allow statements can
# make a bucket policy public
# (https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status):
# silent.
resource "aws_s3_bucket" "peer_migrations" {
  bucket = "peer-migrations"
}

data "aws_iam_policy_document" "peer_migrations" {
  statement {
    sid = "DenyObjectDelete"

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    effect    = "Deny"
    actions   = ["s3:DeleteObject"]
    resources = ["${aws_s3_bucket.peer_migrations.arn}/*"]

    condition {
      test     = "ArnNotLike"
      variable = "aws:PrincipalArn"
      values   = ["arn:aws:iam::111122223333:role/migrations-rw"]
    }
  }
}

resource "aws_s3_bucket_policy" "peer_migrations" {
  bucket = aws_s3_bucket.peer_migrations.id
  policy = data.aws_iam_policy_document.peer_migrations.json
}
