# Fixtures for s3-bucket-policy-public (AWS-S3-003).

variable "reader_principal" {
  type    = string
  default = "*"
}

variable "partner_principal" {
  type = string
}

# Principal "*" without a condition, policy linked by reference.
resource "aws_s3_bucket" "site" {
  bucket = "palisade-site"
}

resource "aws_s3_bucket_policy" "site" {
  bucket = aws_s3_bucket.site.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "PublicRead"
        Effect    = "Allow"
        Principal = "*" # expect: s3-bucket-policy-public@21
        Action    = "s3:GetObject"
        Resource  = "${aws_s3_bucket.site.arn}/*"
      },
    ]
  })
}

# {"AWS": "*"} and a list containing "*", policy linked by the literal bucket name.
resource "aws_s3_bucket" "exchange" {
  bucket = "palisade-exchange"
}

resource "aws_s3_bucket_policy" "exchange" {
  bucket = "palisade-exchange"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AnyAccountList"
        Effect    = "Allow"
        Principal = { AWS = "*" } # expect: s3-bucket-policy-public@29
        Action    = "s3:ListBucket"
        Resource  = "arn:aws:s3:::palisade-exchange"
      },
      {
        Sid       = "PartnerAndEveryoneWrite"
        Effect    = "Allow"
        Principal = { AWS = ["arn:aws:iam::111122223333:root", "*"] } # expect: s3-bucket-policy-public@64
        Action    = "s3:PutObject"
        Resource  = "arn:aws:s3:::palisade-exchange/*"
      },
    ]
  })
}

# A variable whose default is "*": reported at the use site.
resource "aws_s3_bucket" "downloads" {
  bucket = "palisade-downloads"
}

resource "aws_s3_bucket_policy" "downloads" {
  bucket = aws_s3_bucket.downloads.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = var.reader_principal } # expect: s3-bucket-policy-public@29
        Action    = "s3:GetObject"
        Resource  = "${aws_s3_bucket.downloads.arn}/*"
      },
    ]
  })
}

# Built with aws_iam_policy_document: reported at the "*" identifier.
resource "aws_s3_bucket" "public_docs" {
  bucket = "palisade-public-docs"
}

data "aws_iam_policy_document" "public_docs" {
  statement {
    sid     = "PublicRead"
    actions = ["s3:GetObject"]

    principals {
      type        = "AWS"
      identifiers = ["*"] # expect: s3-bucket-policy-public@22
    }

    resources = ["${aws_s3_bucket.public_docs.arn}/*"]
  }
}

resource "aws_s3_bucket_policy" "public_docs" {
  bucket = aws_s3_bucket.public_docs.id
  policy = data.aws_iam_policy_document.public_docs.json
}

# Silent cases: a condition narrows "*", Deny statements, specific and unknown principals.
resource "aws_s3_bucket" "internal" {
  bucket = "palisade-internal"
}

resource "aws_s3_bucket_policy" "internal" {
  bucket = aws_s3_bucket.internal.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "ThroughOurEndpointOnly"
        Effect    = "Allow"
        Principal = "*"
        Action    = "s3:GetObject"
        Resource  = "${aws_s3_bucket.internal.arn}/*"
        Condition = {
          StringEquals = { "aws:SourceVpce" = "vpce-0123456789abcdef0" }
        }
      },
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.internal.arn, "${aws_s3_bucket.internal.arn}/*"]
        Condition = {
          Bool = { "aws:SecureTransport" = "false" }
        }
      },
      {
        Sid       = "DenyDeleteBucket"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:DeleteBucket"
        Resource  = aws_s3_bucket.internal.arn
      },
      {
        Sid       = "AuditAccount"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::444455556666:root" }
        Action    = "s3:ListBucket"
        Resource  = aws_s3_bucket.internal.arn
      },
      {
        Sid       = "Partner"
        Effect    = "Allow"
        Principal = { AWS = var.partner_principal }
        Action    = "s3:GetObject"
        Resource  = "${aws_s3_bucket.internal.arn}/*"
      },
    ]
  })
}
