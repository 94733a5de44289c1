# Identity policies beyond IAM's own resources: permission sets of IAM
# Identity Center, and policy documents a module hands out unused.

resource "aws_ssoadmin_permission_set" "admin" {
  name         = "Admin"
  instance_arn = "arn:aws:sso:::instance/ssoins-1234567890abcdef"
}

resource "aws_ssoadmin_permission_set_inline_policy" "admin" {
  instance_arn       = aws_ssoadmin_permission_set.admin.instance_arn
  permission_set_arn = aws_ssoadmin_permission_set.admin.arn
  inline_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "*" # expect: iam-policy-wildcard-action@18
      Resource = "*"
    }]
  })
}

