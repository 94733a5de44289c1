# Fixtures for dynamodb-pitr-disabled (AWS-DDB-001).

variable "pitr" {
  type    = bool
  default = false
}

variable "pitr_from_caller" {
  type = bool
}

# No block: point-in-time recovery is off by default.
resource "aws_dynamodb_table" "missing" { # expect: dynamodb-pitr-disabled@1
  name         = "missing"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }
}

# Explicitly off.
resource "aws_dynamodb_table" "disabled" {
  name         = "disabled"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = false # expect: dynamodb-pitr-disabled@15
  }
}

# Off through a variable default: reported at the use site.
resource "aws_dynamodb_table" "from_default" {
  name         = "from-default"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = var.pitr # expect: dynamodb-pitr-disabled@15
  }
}

# Unknown: silent.
resource "aws_dynamodb_table" "from_caller" {
  name         = "from-caller"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = var.pitr_from_caller
  }
}

# Enabled: silent.
resource "aws_dynamodb_table" "enabled" {
  name         = "enabled"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }
}
