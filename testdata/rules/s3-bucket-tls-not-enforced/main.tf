# Fixtures for s3-bucket-tls-not-enforced (AWS-S3-004).

variable "policy_json" {
  type = string
}

variable "deny_effect" {
  type    = string
  default = "Allow"
}

# No bucket policy at all.
resource "aws_s3_bucket" "no_policy" { # expect: s3-bucket-tls-not-enforced@1
  bucket = "palisade-tls-none"
}

# A policy that grants access but never denies plain HTTP.
resource "aws_s3_bucket" "allow_only" { # expect: s3-bucket-tls-not-enforced@1
  bucket = "palisade-tls-allow-only"
}

resource "aws_s3_bucket_policy" "allow_only" {
  bucket = aws_s3_bucket.allow_only.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.allow_only.arn}/*"
    }]
  })
}

# The deny is only on TLS versions: HTTP requests have none and pass.
resource "aws_s3_bucket" "tls_version_only" { # expect: s3-bucket-tls-not-enforced@1
  bucket = "palisade-tls-version-only"
}

resource "aws_s3_bucket_policy" "tls_version_only" {
  bucket = "palisade-tls-version-only"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = ["arn:aws:s3:::palisade-tls-version-only/*"]
      Condition = { NumericLessThan = { "s3:TlsVersion" = "1.2" } }
    }]
  })
}

# The deny covers only some actions, or some principals: still reported.
resource "aws_s3_bucket" "partial" { # expect: s3-bucket-tls-not-enforced@1
  bucket = "palisade-tls-partial"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:PutObject"
        Resource  = "arn:aws:s3:::palisade-tls-partial/*"
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
      {
        Effect    = "Deny"
        Principal = { AWS = "arn:aws:iam::111122223333:role/app" }
        Action    = "s3:*"
        Resource  = "arn:aws:s3:::palisade-tls-partial/*"
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })
}

# The effect comes from a variable whose default is Allow.
resource "aws_s3_bucket" "var_effect" { # expect: s3-bucket-tls-not-enforced@1
  bucket = "palisade-tls-var-effect"
}

resource "aws_s3_bucket_policy" "var_effect" {
  bucket = aws_s3_bucket.var_effect.bucket
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = var.deny_effect
      Principal = "*"
      Action    = "s3:*"
      Resource  = "arn:aws:s3:::palisade-tls-var-effect/*"
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}

# Enforced by a separate policy resource: silent.
resource "aws_s3_bucket" "enforced" {
  bucket = "palisade-tls-enforced"
}

resource "aws_s3_bucket_policy" "enforced" {
  bucket = aws_s3_bucket.enforced.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.enforced.arn, "${aws_s3_bucket.enforced.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}

# Enforced through an aws_iam_policy_document: silent.
resource "aws_s3_bucket" "document" {
  bucket = "palisade-tls-document"
}

data "aws_iam_policy_document" "document" {
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.document.arn,
      "${aws_s3_bucket.document.arn}/*",
    ]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "document" {
  bucket = aws_s3_bucket.document.id
  policy = data.aws_iam_policy_document.document.json
}

# Inline policy that enforces TLS: silent.
resource "aws_s3_bucket" "inline" {
  bucket = "palisade-tls-inline"
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Deny",
    "Principal": {"AWS": "*"},
    "Action": "*",
    "Resource": "arn:aws:s3:::palisade-tls-inline/*",
    "Condition": {"Bool": {"aws:SecureTransport": "false"}}
  }]
}
POLICY
}

# The policy is unknown: silent.
resource "aws_s3_bucket" "unknown_policy" {
  bucket = "palisade-tls-unknown"
}

resource "aws_s3_bucket_policy" "unknown_policy" {
  bucket = aws_s3_bucket.unknown_policy.id
  policy = var.policy_json
}

# The document merges in others (source_policy_documents): it may hold the deny, silent.
resource "aws_s3_bucket" "merged" {
  bucket = "palisade-tls-merged"
}

data "aws_iam_policy_document" "tls" {
  statement {
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["arn:aws:s3:::palisade-tls-merged/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

data "aws_iam_policy_document" "combined" {
  source_policy_documents = [data.aws_iam_policy_document.tls.json]
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::palisade-tls-merged/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
}

resource "aws_s3_bucket_policy" "merged" {
  bucket = aws_s3_bucket.merged.id
  policy = data.aws_iam_policy_document.combined.json
}
