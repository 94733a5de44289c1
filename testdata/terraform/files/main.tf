# file() and templatefile() read only inside the scanned tree.

resource "aws_iam_policy" "from_file" {
  name   = "from-file"
  policy = file("${path.module}/policies/admin.json")
}

resource "aws_iam_policy" "from_template" {
  name   = "from-template"
  policy = templatefile("${path.module}/policies/action.json.tpl", { action = "*" })
}

resource "aws_iam_policy" "template_narrow" {
  name   = "narrow"
  policy = templatefile("${path.module}/policies/action.json.tpl", { action = "s3:GetObject" })
}

# Outside the scanned tree (a wildcard policy in the parent directory):
# refused, so the policy is unknown. Silent.
resource "aws_iam_policy" "outside" {
  name   = "outside"
  policy = file("${path.module}/../outside-policy.json")
}

# A missing file: unknown. Silent.
resource "aws_iam_policy" "missing" {
  name   = "missing"
  policy = file("nope.json")
}
