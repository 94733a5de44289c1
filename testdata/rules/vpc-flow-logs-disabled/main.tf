# Fixtures for vpc-flow-logs-disabled (AWS-VPC-003).

# No flow log points at this VPC anywhere in the module.
resource "aws_vpc" "unlogged" { # expect: vpc-flow-logs-disabled@1
  cidr_block = "10.10.0.0/16"
}

# A flow log on one of its subnets does not cover the whole VPC.
resource "aws_vpc" "subnet_logged_only" { # expect: vpc-flow-logs-disabled@1
  cidr_block = "10.20.0.0/16"
}

resource "aws_subnet" "app" {
  vpc_id     = aws_vpc.subnet_logged_only.id
  cidr_block = "10.20.1.0/24"
}

# VPC with a flow log linked by reference: silent.
resource "aws_vpc" "logged" {
  cidr_block           = "10.30.0.0/16"
  enable_dns_hostnames = true
}

resource "aws_cloudwatch_log_group" "flow_logs" {
  name              = "/vpc/flow-logs"
  retention_in_days = 365
}

resource "aws_iam_role" "flow_logs" {
  name = "vpc-flow-logs"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "vpc-flow-logs.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_flow_log" "logged" {
  vpc_id          = aws_vpc.logged.id
  traffic_type    = "ALL"
  log_destination = aws_cloudwatch_log_group.flow_logs.arn
  iam_role_arn    = aws_iam_role.flow_logs.arn
}

resource "aws_flow_log" "app_subnet" {
  subnet_id       = aws_subnet.app.id
  traffic_type    = "REJECT"
  log_destination = aws_cloudwatch_log_group.flow_logs.arn
  iam_role_arn    = aws_iam_role.flow_logs.arn
}
