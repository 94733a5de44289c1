# Fixtures for iam-oidc-trust-without-subject (AWS-IAM-003).

data "aws_caller_identity" "current" {}

variable "allowed_subject" {
  type    = string
  default = "repo:*"
}

variable "subject_from_caller" {
  type = string
}

# Only the audience is checked.
resource "aws_iam_role" "aud_only" {
  name = "aud-only"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" } # expect: iam-oidc-trust-without-subject@35
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" }
        }
      },
    ]
  })
}

# A provider ARN built from an unknown account id: recognised by its
# condition keys, reported at the principal.
resource "aws_iam_role" "unknown_account" {
  name = "unknown-account"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Federated = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:oidc-provider/token.actions.githubusercontent.com" } # expect: iam-oidc-trust-without-subject@35
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" }
        }
      },
    ]
  })
}

# A data source with a wildcard subject: reported at the value.
data "aws_iam_policy_document" "any_repo" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }
    condition {
      test     = "StringLike"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["repo:octo-org/deploy:*", "repo:*"] # expect: iam-oidc-trust-without-subject@45
    }
  }
}

resource "aws_iam_role" "any_repo" {
  name               = "any-repo"
  assume_role_policy = data.aws_iam_policy_document.any_repo.json
}

# An environment any repository can name: reported.
resource "aws_iam_role" "environment_only" {
  name = "environment-only"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          StringEquals = { "token.actions.githubusercontent.com:sub" = "environment:production" } # expect: iam-oidc-trust-without-subject@72
        }
      },
    ]
  })
}

# A variable whose default pins nothing: reported where it is used.
resource "aws_iam_role" "from_default" {
  name = "from-default"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          StringLike = { "token.actions.githubusercontent.com:sub" = var.allowed_subject } # expect: iam-oidc-trust-without-subject@70
        }
      },
    ]
  })
}

# A variable without a default: silent.
resource "aws_iam_role" "from_caller" {
  name = "from-caller"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          StringLike = { "token.actions.githubusercontent.com:sub" = var.subject_from_caller }
        }
      },
    ]
  })
}

# Pinned to a repository and branch, or to an organization: silent.
resource "aws_iam_role" "pinned" {
  name = "pinned"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          StringEquals = {
            "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
            "token.actions.githubusercontent.com:sub" = "repo:octo-org/octo-repo:ref:refs/heads/main"
          }
        }
      },
      {
        Effect    = "Allow"
        Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          StringLike = { "token.actions.githubusercontent.com:sub" = ["repo:octo-org/*"] }
        }
      },
    ]
  })
}

# A self-hosted GitLab with no subject condition: reported.
resource "aws_iam_role" "gitlab_self_hosted" {
  name = "gitlab-self-hosted"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/gitlab.example.com" } # expect: iam-oidc-trust-without-subject@35
        Action    = "sts:AssumeRoleWithWebIdentity"
      },
    ]
  })
}

# Other identity providers are out of scope: silent.
resource "aws_iam_role" "eks_irsa" {
  name = "eks-irsa"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE" }
        Action    = "sts:AssumeRoleWithWebIdentity"
      },
    ]
  })
}
