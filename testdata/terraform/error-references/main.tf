# References Terraform would reject are errors: unknown to the rules,
# never the name of a resource or a principal.
resource "aws_vpc" "v" {
  cidr_block = "10.0.0.0/16"
}

# The flow log's VPC cannot be told, so whether aws_vpc.v has one cannot
# either: no finding.
resource "aws_flow_log" "f" {
  vpc_id       = local.missing
  traffic_type = "ALL"
}

resource "aws_iam_policy" "p" {
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}

resource "aws_iam_role_policy_attachment" "a" {
  role       = var.nope
  policy_arn = aws_iam_policy.p.arn
}
