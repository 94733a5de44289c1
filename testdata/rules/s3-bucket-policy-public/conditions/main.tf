# S3's own definition of public ("The meaning of public", Block Public
# Access): a statement to "*" is non-public only when a condition pins it to
# fixed values of a restricting key with an operator that restricts.

resource "aws_s3_bucket" "b" {
  bucket = "conditions-example"
}

data "aws_iam_policy_document" "p" {
  # Fixed VPC endpoint: not public.
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::conditions-example/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceVpce"
      values   = ["vpce-1a2b3c4d"]
    }
  }

  # TLS only restricts nothing about who: public.
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::conditions-example/*"]
    principals {
      type        = "AWS"
      identifiers = ["*"] # expect: s3-bucket-policy-public@22
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["true"]
    }
  }

  # A wildcard in the value: public.
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::conditions-example/*"]
    principals {
      type        = "AWS"
      identifiers = ["*"] # expect: s3-bucket-policy-public@22
    }
    condition {
      test     = "ArnLike"
      variable = "aws:PrincipalArn"
      values   = ["arn:aws:iam::*:role/reader"]
    }
  }

  # A negated operator: public.
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::conditions-example/*"]
    principals {
      type        = "AWS"
      identifiers = ["*"] # expect: s3-bucket-policy-public@22
    }
    condition {
      test     = "StringNotEquals"
      variable = "aws:SourceVpce"
      values   = ["vpce-1a2b3c4d"]
    }
  }
}

resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = data.aws_iam_policy_document.p.json
}

resource "aws_s3_bucket" "ips" {
  bucket = "ip-example"
}

resource "aws_s3_bucket_policy" "ips" {
  bucket = aws_s3_bucket.ips.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        # A set of addresses: not public.
        Effect    = "Allow"
        Principal = "*"
        Action    = "s3:GetObject"
        Resource  = "arn:aws:s3:::ip-example/*"
        Condition = { IpAddress = { "aws:SourceIp" = ["192.0.2.0/24", "198.51.100.7"] } }
      },
      {
        # The whole internet is not a restriction: public.
        Effect    = "Allow"
        Principal = "*" # expect: s3-bucket-policy-public@21
        Action    = "s3:GetObject"
        Resource  = "arn:aws:s3:::ip-example/*"
        Condition = { IpAddress = { "aws:SourceIp" = "0.0.0.0/0" } }
      },
      {
        # NotIpAddress excludes a range and admits the rest: public.
        Effect    = "Allow"
        Principal = { AWS = "*" } # expect: s3-bucket-policy-public@29
        Action    = "s3:GetObject"
        Resource  = "arn:aws:s3:::ip-example/*"
        Condition = { NotIpAddress = { "aws:SourceIp" = "192.0.2.0/24" } }
      },
      {
        # Referer is set by the client: public.
        Effect    = "Allow"
        Principal = "*" # expect: s3-bucket-policy-public@21
        Action    = "s3:GetObject"
        Resource  = "arn:aws:s3:::ip-example/*"
        Condition = { StringLike = { "aws:Referer" = "https://example.com/*" } }
      },
      {
        # A policy variable is not a fixed value: public.
        Effect    = "Allow"
        Principal = "*" # expect: s3-bucket-policy-public@21
        Action    = "s3:GetObject"
        Resource  = "arn:aws:s3:::ip-example/*"
        Condition = { StringEquals = { "aws:userid" = "$${aws:username}" } }
      },
      {
        # IfExists passes requests without the key: public.
        Effect    = "Allow"
        Principal = "*" # expect: s3-bucket-policy-public@21
        Action    = "s3:GetObject"
        Resource  = "arn:aws:s3:::ip-example/*"
        Condition = { StringEqualsIfExists = { "aws:SourceVpc" = "vpc-1a2b3c4d" } }
      },
      {
        # Fixed organization: not public.
        Effect    = "Allow"
        Principal = "*"
        Action    = "s3:GetObject"
        Resource  = "arn:aws:s3:::ip-example/*"
        Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }
      },
      {
        # NotPrincipal in an Allow grants everyone else: public.
        Effect       = "Allow"
        NotPrincipal = { AWS = "arn:aws:iam::111122223333:root" } # expect: s3-bucket-policy-public@9
        Action       = "s3:GetObject"
        Resource     = "arn:aws:s3:::ip-example/*"
      },
    ]
  })
}

variable "vpce" {
  type = string
}

resource "aws_s3_bucket" "unknown" {
  bucket = "unknown-example"
}

# An unknown condition value may restrict: no finding.
resource "aws_s3_bucket_policy" "unknown" {
  bucket = aws_s3_bucket.unknown.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::unknown-example/*"
      Condition = { StringEquals = { "aws:SourceVpce" = var.vpce } }
    }]
  })
}

# restrict_public_buckets neutralises a public policy.
resource "aws_s3_bucket" "restricted" {
  bucket = "restricted-example"
}

resource "aws_s3_bucket_public_access_block" "restricted" {
  bucket                  = aws_s3_bucket.restricted.id
  block_public_acls       = true
  block_public_policy     = false
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_policy" "restricted" {
  bucket = aws_s3_bucket.restricted.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::restricted-example/*"
    }]
  })
}
