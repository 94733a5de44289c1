# Fixtures for kms-key-policy-public (AWS-KMS-002).

variable "account_id" {
  type = string
}

# Everyone, no condition.
resource "aws_kms_key" "open" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" } # expect: kms-key-policy-public@27
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}

# Everyone through a service, without pinning the account: reported.
resource "aws_kms_key" "via_service" {
  enable_key_rotation = true
}

resource "aws_kms_key_policy" "via_service" {
  key_id = aws_kms_key.via_service.id
  policy = data.aws_iam_policy_document.via_service.json
}

data "aws_iam_policy_document" "via_service" {
  statement {
    actions   = ["kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["*"] # expect: kms-key-policy-public@22
    }
    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["ec2.us-east-1.amazonaws.com"]
    }
  }
}

# Pinned to the calling account: silent.
resource "aws_kms_key" "caller_account" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = ["kms:Encrypt", "kms:Decrypt"]
      Resource  = "*"
      Condition = {
        StringEquals = {
          "kms:CallerAccount" = "111122223333"
          "kms:ViaService"    = "ec2.us-east-1.amazonaws.com"
        }
      }
    }]
  })
}

# Pinned to an account only the caller knows: silent.
resource "aws_kms_key" "unknown_account" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "kms:Decrypt"
      Resource  = "*"
      Condition = { StringEquals = { "kms:CallerAccount" = var.account_id } }
    }]
  })
}

# The account root and a deny to everyone: silent.
resource "aws_kms_key" "account" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Effect    = "Deny"
        Principal = "*"
        Action    = "kms:*"
        Resource  = "*"
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })
}

# No policy: KMS's default trusts the account only, silent.
resource "aws_kms_key" "default_policy" {
  enable_key_rotation = true
}
