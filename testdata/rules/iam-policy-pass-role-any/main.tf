# Fixtures for iam-policy-pass-role-any (AWS-IAM-005).

# PassRole on every role.
resource "aws_iam_policy" "any" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["ec2:RunInstances", "iam:PassRole"] # expect: iam-policy-pass-role-any@39
      Resource = "*"
    }]
  })
}

# A wildcard pattern, in a policy document data source.
data "aws_iam_policy_document" "pattern" {
  statement {
    actions   = ["iam:Pass*"] # expect: iam-policy-pass-role-any@18
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "pattern" {
  role   = "deployer"
  policy = data.aws_iam_policy_document.pattern.json
}

# Named roles: silent.
resource "aws_iam_policy" "named" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "iam:PassRole"
      Resource = "arn:aws:iam::111122223333:role/app"
    }]
  })
}

# A deny: silent.
resource "aws_iam_policy" "deny" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Deny"
      Action   = "iam:PassRole"
      Resource = "*"
    }]
  })
}

# Everything on everything: left to iam-policy-wildcard-action, silent here.
resource "aws_iam_policy" "admin" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "*"
      Resource = "*"
    }]
  })
}
