# Fixtures for cloudtrail-no-cloudwatch-logs (AWS-CT-004).

variable "log_group_arn" {
  type    = string
  default = null
}

variable "log_group_from_caller" {
  type = string
}

resource "aws_cloudwatch_log_group" "trail" {
  name              = "/aws/cloudtrail/palisade"
  retention_in_days = 365
}

resource "aws_iam_role" "trail_logs" {
  name = "trail-logs"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "cloudtrail.amazonaws.com" }
    }]
  })
}

# Attribute left out: events go to S3 only.
resource "aws_cloudtrail" "missing" { # expect: cloudtrail-no-cloudwatch-logs@1
  name           = "missing-log-group"
  s3_bucket_name = "palisade-audit-logs"
}

# A variable whose default is null is the same as leaving it out.
resource "aws_cloudtrail" "null_default" { # expect: cloudtrail-no-cloudwatch-logs@1
  name                       = "null-log-group"
  s3_bucket_name             = "palisade-audit-logs"
  cloud_watch_logs_group_arn = var.log_group_arn
}

# An empty string: reported at the value.
resource "aws_cloudtrail" "empty" {
  name                       = "empty-log-group"
  s3_bucket_name             = "palisade-audit-logs"
  cloud_watch_logs_group_arn = "" # expect: cloudtrail-no-cloudwatch-logs@32
  cloud_watch_logs_role_arn  = aws_iam_role.trail_logs.arn
}

# A log group without the role CloudTrail delivers with.
resource "aws_cloudtrail" "no_role" { # expect: cloudtrail-no-cloudwatch-logs@1
  name                       = "no-role"
  s3_bucket_name             = "palisade-audit-logs"
  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"
}

# A variable without a default is unknown: silent.
resource "aws_cloudtrail" "from_caller" {
  name                       = "log-group-from-caller"
  s3_bucket_name             = "palisade-audit-logs"
  cloud_watch_logs_group_arn = var.log_group_from_caller
  cloud_watch_logs_role_arn  = aws_iam_role.trail_logs.arn
}

# Delivered to CloudWatch Logs: silent.
resource "aws_cloudtrail" "delivered" {
  name                       = "delivered"
  s3_bucket_name             = "palisade-audit-logs"
  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"
  cloud_watch_logs_role_arn  = aws_iam_role.trail_logs.arn
}

# Literal ARNs: silent.
resource "aws_cloudtrail" "literal" {
  name                       = "literal"
  s3_bucket_name             = "palisade-audit-logs"
  cloud_watch_logs_group_arn = "arn:aws:logs:eu-west-1:111122223333:log-group:audit:*"
  cloud_watch_logs_role_arn  = "arn:aws:iam::111122223333:role/trail-logs"
}
