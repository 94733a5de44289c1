# Fixtures for cloudwatch-log-group-no-retention (AWS-CW-001).

variable "retention" {
  type    = number
  default = 0
}

variable "retention_from_caller" {
  type = number
}

variable "maybe_retention" {
  type    = number
  default = null
}

# Attribute left out: events never expire.
resource "aws_cloudwatch_log_group" "missing" { # expect: cloudwatch-log-group-no-retention@1
  name = "/palisade/missing"
}

# 0 means never expire.
resource "aws_cloudwatch_log_group" "zero" {
  name              = "/palisade/zero"
  retention_in_days = 0 # expect: cloudwatch-log-group-no-retention@23
}

# A variable whose default is 0: reported where the variable is used.
resource "aws_cloudwatch_log_group" "from_default" {
  name              = "/palisade/from-default"
  retention_in_days = var.retention # expect: cloudwatch-log-group-no-retention@23
}

# null is the same as leaving the attribute out.
resource "aws_cloudwatch_log_group" "null_default" { # expect: cloudwatch-log-group-no-retention@1
  name              = "/palisade/null"
  retention_in_days = var.maybe_retention
}

# A variable without a default is unknown: silent.
resource "aws_cloudwatch_log_group" "from_caller" {
  name              = "/palisade/from-caller"
  retention_in_days = var.retention_from_caller
}

# A retention period: silent, however short.
resource "aws_cloudwatch_log_group" "week" {
  name              = "/palisade/week"
  retention_in_days = 7
}

resource "aws_cloudwatch_log_group" "year" {
  name              = "/palisade/year"
  retention_in_days = 365
}
