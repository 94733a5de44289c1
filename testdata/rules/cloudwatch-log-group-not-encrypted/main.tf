# Fixtures for cloudwatch-log-group-not-encrypted (AWS-CW-002).

variable "logs_key" {
  type    = string
  default = null
}

variable "key_from_caller" {
  type = string
}

resource "aws_kms_key" "logs" {
  description         = "CloudWatch Logs"
  enable_key_rotation = true
}

# Attribute left out: only the service's own keys.
resource "aws_cloudwatch_log_group" "missing" { # expect: cloudwatch-log-group-not-encrypted@1
  name              = "/palisade/missing"
  retention_in_days = 30
}

# A variable whose default is null is the same as leaving it out.
resource "aws_cloudwatch_log_group" "null_default" { # expect: cloudwatch-log-group-not-encrypted@1
  name       = "/palisade/null"
  kms_key_id = var.logs_key
}

# An empty string names no key: reported at the value.
resource "aws_cloudwatch_log_group" "empty" {
  name       = "/palisade/empty"
  kms_key_id = "" # expect: cloudwatch-log-group-not-encrypted@16
}

# A variable without a default is unknown: silent.
resource "aws_cloudwatch_log_group" "from_caller" {
  name       = "/palisade/from-caller"
  kms_key_id = var.key_from_caller
}

# A key from this configuration: silent.
resource "aws_cloudwatch_log_group" "encrypted" {
  name       = "/palisade/encrypted"
  kms_key_id = aws_kms_key.logs.arn
}
