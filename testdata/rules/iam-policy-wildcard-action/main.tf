# Fixtures for iam-policy-wildcard-action (AWS-IAM-001).

variable "extra_action" {
  type    = string
  default = "dynamodb:*"
}

variable "action_from_caller" {
  type = string
}

locals {
  # Elements of a list from a local are reported where they are written.
  operator_actions = ["iam:*", "sts:GetCallerIdentity"] # expect: iam-policy-wildcard-action@23
}

# Full administrator: Action "*" on Resource "*" (critical), via jsonencode.
resource "aws_iam_policy" "admin" {
  name = "admin"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "*" # expect: iam-policy-wildcard-action@20
        Resource = "*"
      },
    ]
  })
}

# Service wildcard inside a list (high); a partial wildcard is fine.
resource "aws_iam_role" "app" {
  name = "app"
  # Trust policies are not identity policies: silent even with wildcards.
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = "sts:*"
      },
    ]
  })

  inline_policy {
    name = "queue-admin"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [
        {
          Effect   = "Allow"
          Action   = ["sqs:*"] # expect: iam-policy-wildcard-action@23
          Resource = "arn:aws:sqs:eu-west-1:111122223333:jobs"
        },
      ]
    })
  }
}

resource "aws_iam_role_policy" "app_storage" {
  name = "storage"
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:*"] # expect: iam-policy-wildcard-action@37
        Resource = "arn:aws:s3:::palisade-app/*"
      },
      {
        Effect   = "Allow"
        Action   = "s3:Get*"
        Resource = "arn:aws:s3:::palisade-app-config/*"
      },
    ]
  })
}

# Allow with NotAction (high): reported at the NotAction key.
resource "aws_iam_user" "ci" {
  name = "ci"
}

resource "aws_iam_user_policy" "ci" {
  name = "everything-but-iam"
  user = aws_iam_user.ci.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        NotAction = ["iam:*", "organizations:*"] # expect: iam-policy-wildcard-action@9
        Resource  = "*"
      },
    ]
  })
}

# Policy as a JSON string literal: reported at the escaped opening quote of the action.
resource "aws_iam_user_policy" "ci_compute" {
  name   = "compute"
  user   = aws_iam_user.ci.name
  policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ec2:*\",\"Resource\":\"*\"}]}" # expect: iam-policy-wildcard-action@89
}

# Deny statements never fire.
resource "aws_iam_group" "contractors" {
  name = "contractors"
}

resource "aws_iam_group_policy" "contractors_guardrail" {
  name  = "guardrail"
  group = aws_iam_group.contractors.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Deny"
        Action   = "*"
        Resource = "*"
        Condition = {
          BoolIfExists = { "aws:MultiFactorAuthPresent" = "false" }
        }
      },
      {
        Effect   = "Allow"
        Action   = ["cloudwatch:Get*", "cloudwatch:List*", "logs:Describe*"]
        Resource = "*"
      },
    ]
  })
}

# Values from variables and locals.
resource "aws_iam_policy" "operators" {
  name = "operators"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = local.operator_actions
        Resource = "*"
      },
      {
        Effect   = "Allow"
        Action   = var.extra_action # expect: iam-policy-wildcard-action@20
        Resource = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders"
      },
      {
        Effect   = "Allow"
        Action   = var.action_from_caller
        Resource = "*"
      },
    ]
  })
}

# aws_iam_policy_document used through `.json`; effect defaults to Allow.
data "aws_iam_policy_document" "ops" {
  statement {
    sid       = "Compute"
    actions   = ["ec2:*", "autoscaling:Describe*"] # expect: iam-policy-wildcard-action@18
    resources = ["*"]
  }

  statement {
    sid         = "EverythingButBilling"
    not_actions = ["aws-portal:*", "budgets:*"] # expect: iam-policy-wildcard-action@5
    resources   = ["*"]
  }

  statement {
    sid       = "NoKeyDeletion"
    effect    = "Deny"
    actions   = ["kms:*"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "ops" {
  name   = "ops"
  policy = data.aws_iam_policy_document.ops.json
}

# A policy document used only as a trust policy: silent.
data "aws_iam_policy_document" "cross_account_trust" {
  statement {
    actions = ["sts:*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::444455556666:root"]
    }
  }
}

resource "aws_iam_role" "cross_account" {
  name               = "cross-account"
  assume_role_policy = data.aws_iam_policy_document.cross_account_trust.json
}

# Resource policies are not identity policies: silent.
resource "aws_s3_bucket" "shared" {
  bucket = "palisade-shared"
}

resource "aws_s3_bucket_policy" "shared" {
  bucket = aws_s3_bucket.shared.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::444455556666:root" }
        Action    = "s3:*"
        Resource  = "${aws_s3_bucket.shared.arn}/*"
      },
    ]
  })
}
