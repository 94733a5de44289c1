resource "aws_lb" "internal" {
  name     = "internal"
  internal = true
}

resource "aws_lb" "public" {
  name     = "public"
  internal = false # expect: ORG_AWS_3
}

resource "aws_lb" "default" { # expect: ORG_AWS_3
  name = "default"
}

resource "aws_lb" "edge" {
  name     = "edge"
  internal = false
  tags = {
    account = "edge"
  }
}

variable "internal" {
  type = bool
}

# Unknown: never a finding.
resource "aws_lb" "from_variable" {
  name     = "from-variable"
  internal = var.internal
}
