# A separate module: the account-level block turns on all four settings for
# every bucket in the account, so a bucket without its own block is fine here.

resource "aws_s3_account_public_access_block" "account" {
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "covered_by_account" {
  bucket = "palisade-covered-by-account"
}
