# Cases reported to peer scanners' issue trackers, with the answer AWS's
# documentation gives.

resource "aws_iam_role" "peer_this" {
  name = "peer-this"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

# tfsec #1903 / Trivy #5001 (https://github.com/aquasecurity/tfsec/issues/1903,
# https://github.com/aquasecurity/trivy/issues/5001) and tfsec #1863
# (https://github.com/aquasecurity/tfsec/issues/1863): a bucket whose name
# comes from another resource's attribute was reported as having no public
# access block, although a block with all four settings on is attached to it
# by reference. The block belongs to that bucket whatever its name turns out
# to be: silent.
resource "aws_s3_bucket" "peer_test_with_bucket_output" {
  bucket = "prefix-${aws_iam_role.peer_this.name}"
}

resource "aws_s3_bucket_public_access_block" "peer_test_with_bucket_output" {
  bucket                  = aws_s3_bucket.peer_test_with_bucket_output.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# Checkov #6982 (https://github.com/bridgecrewio/checkov/issues/6982):
# CKV2_AWS_6 failed a bucket with an `aws_s3_bucket_public_access_block` that
# turns every setting on: silent.
resource "aws_s3_bucket" "peer_example" {
  bucket = "peer-example"
  tags   = { Name = "example" }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "peer_example" {
  bucket = aws_s3_bucket.peer_example.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_public_access_block" "peer_example" {
  bucket                  = aws_s3_bucket.peer_example.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
