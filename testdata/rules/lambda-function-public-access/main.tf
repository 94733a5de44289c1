# Fixtures for lambda-function-public-access (AWS-LMB-001).

variable "principal" {
  type    = string
  default = "*"
}

variable "caller_account" {
  type = string
}

resource "aws_lambda_permission" "anyone" {
  statement_id  = "AllowAnyone"
  action        = "lambda:InvokeFunction"
  function_name = "orders"
  principal     = "*" # expect: lambda-function-public-access@19
}

resource "aws_lambda_permission" "from_variable" {
  statement_id  = "AllowVariable"
  action        = "lambda:InvokeFunction"
  function_name = "orders"
  principal     = var.principal # expect: lambda-function-public-access@19
}

# The URL permission: its condition names no caller.
resource "aws_lambda_permission" "url" {
  statement_id           = "FunctionURLAllowPublicAccess"
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = "orders"
  principal              = "*" # expect: lambda-function-public-access@28
  function_url_auth_type = "NONE"
}

# A source ARN with a wildcard pins nothing.
resource "aws_lambda_permission" "wildcard_arn" {
  statement_id  = "AllowBuckets"
  action        = "lambda:InvokeFunction"
  function_name = "orders"
  principal     = "*" # expect: lambda-function-public-access@19
  source_arn    = "arn:aws:s3:::orders-*"
}

resource "aws_lambda_function_url" "open" {
  function_name      = "orders"
  authorization_type = "NONE" # expect: lambda-function-public-access@24
}

# Restricted, a service, IAM authorization, unknown: silent.
resource "aws_lambda_permission" "account" {
  statement_id   = "AllowAccount"
  action         = "lambda:InvokeFunction"
  function_name  = "orders"
  principal      = "*"
  source_account = "123456789012"
}

resource "aws_lambda_permission" "service" {
  statement_id  = "AllowBucket"
  action        = "lambda:InvokeFunction"
  function_name = "orders"
  principal     = "s3.amazonaws.com"
  source_arn    = "arn:aws:s3:::example-orders"
}

resource "aws_lambda_permission" "unknown_account" {
  statement_id   = "AllowCaller"
  action         = "lambda:InvokeFunction"
  function_name  = "orders"
  principal      = "*"
  source_account = var.caller_account
}

resource "aws_lambda_function_url" "iam" {
  function_name      = "orders"
  authorization_type = "AWS_IAM"
}
