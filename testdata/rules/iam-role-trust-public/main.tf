# Fixtures for iam-role-trust-public (AWS-IAM-002).

variable "trusted_principal" {
  type    = string
  default = "*"
}

variable "principal_from_caller" {
  type = string
}

# {"AWS": "*"} with no condition.
resource "aws_iam_role" "any_account" {
  name = "any-account"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = "*" } # expect: iam-role-trust-public@29
        Action    = "sts:AssumeRole"
      },
    ]
  })
}

# A bare "*" in a JSON string, with an action wildcard.
resource "aws_iam_role" "json_string" {
  name               = "json-string"
  assume_role_policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sts:*\"}]}" # expect: iam-role-trust-public@104
}

# An external ID does not restrict who can assume the role.
resource "aws_iam_role" "external_id_only" {
  name = "external-id-only"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = ["arn:aws:iam::111122223333:root", "*"] } # expect: iam-role-trust-public@64
        Action    = ["sts:AssumeRole", "sts:TagSession"]
        Condition = { StringEquals = { "sts:ExternalId" = "partner-1234" } }
      },
    ]
  })
}

# A policy document data source: reported at the identifier.
data "aws_iam_policy_document" "open_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["*"] # expect: iam-role-trust-public@22
    }
  }
}

resource "aws_iam_role" "from_document" {
  name               = "from-document"
  assume_role_policy = data.aws_iam_policy_document.open_trust.json
}

# A variable whose default is "*": reported where it is used.
resource "aws_iam_role" "from_default" {
  name = "from-default"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = var.trusted_principal } # expect: iam-role-trust-public@29
        Action    = "sts:AssumeRole"
      },
    ]
  })
}

# A variable without a default is unknown: silent.
resource "aws_iam_role" "from_caller" {
  name = "from-caller"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = var.principal_from_caller }
        Action    = "sts:AssumeRole"
      },
    ]
  })
}

# Limited to the organization: silent.
data "aws_iam_policy_document" "org_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = ["o-a1b2c3d4e5"]
    }
  }
}

resource "aws_iam_role" "organization" {
  name               = "organization"
  assume_role_policy = data.aws_iam_policy_document.org_trust.json
}

# A wildcard in the organization id pins nothing.
resource "aws_iam_role" "org_wildcard" {
  name = "org-wildcard"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = "*" # expect: iam-role-trust-public@21
        Action    = "sts:AssumeRole"
        Condition = { StringLike = { "aws:PrincipalOrgID" = "o-*" } }
      },
    ]
  })
}

# A named account, a service, and a Deny: silent.
resource "aws_iam_role" "named" {
  name = "named"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:role/ci" }
        Action    = "sts:AssumeRole"
      },
      {
        Effect    = "Allow"
        Principal = { Service = "lambda.amazonaws.com" }
        Action    = "sts:AssumeRole"
      },
      {
        Effect    = "Deny"
        Principal = "*"
        Action    = "sts:AssumeRole"
      },
    ]
  })
}

# Only session tags for everyone: not an assumption, silent.
resource "aws_iam_role" "tag_only" {
  name = "tag-only"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:role/ci" }
        Action    = "sts:AssumeRole"
      },
      {
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = "sts:TagSession"
      },
    ]
  })
}
