# Policy documents that no resource of the module uses are checked as
# identity policies: modules hand policies out through outputs for their
# callers to attach.
data "aws_iam_policy_document" "handed_out" {
  statement {
    actions   = ["s3:*"] # expect: iam-policy-wildcard-action@18
    resources = ["*"]
  }
}

output "handed_out_json" {
  value = data.aws_iam_policy_document.handed_out.json
}

# Used as a bucket policy: a resource-based policy, not checked here.
data "aws_iam_policy_document" "bucket_policy" {
  statement {
    actions   = ["s3:*"]
    resources = ["arn:aws:s3:::example/*"]
  }
}

resource "aws_s3_bucket_policy" "example" {
  bucket = "example"
  policy = data.aws_iam_policy_document.bucket_policy.json
}

# Passed to a module whose code is not installed: it may become any kind of
# policy there, so it is not judged.
data "aws_iam_policy_document" "key_policy" {
  statement {
    actions   = ["kms:*"]
    resources = ["*"]
  }
}

module "key" {
  source = "terraform-aws-modules/kms/aws"
  policy = data.aws_iam_policy_document.key_policy.json
}

# A document with principals is a trust or resource-based policy.
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:*"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}
