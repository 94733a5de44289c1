# Fixtures for iam-user-has-policies (AWS-IAM-004).

variable "extra_users" {
  type = list(string)
}

resource "aws_iam_user" "ci" {
  name = "ci"
}

resource "aws_iam_group" "readers" {
  name = "readers"
}

# An inline policy embedded in a user.
resource "aws_iam_user_policy" "ci" {
  name = "ci-inline"
  user = aws_iam_user.ci.name # expect: iam-user-has-policies@10
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::palisade-artifacts/*" }]
  })
}

# A managed policy attached to a user.
resource "aws_iam_user_policy_attachment" "ci" {
  user       = "ci" # expect: iam-user-has-policies@16
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

# An exclusive attachment that includes users.
resource "aws_iam_policy_attachment" "mixed" {
  name       = "mixed"
  users      = [aws_iam_user.ci.name] # expect: iam-user-has-policies@16
  groups     = [aws_iam_group.readers.name]
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

# Groups and roles only, an empty user list, or an unknown one: silent.
resource "aws_iam_policy_attachment" "groups_only" {
  name       = "groups-only"
  users      = []
  groups     = [aws_iam_group.readers.name]
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_policy_attachment" "unknown_users" {
  name       = "unknown-users"
  users      = var.extra_users
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_group_policy_attachment" "readers" {
  group      = aws_iam_group.readers.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
