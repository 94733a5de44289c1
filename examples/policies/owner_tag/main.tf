resource "aws_s3_bucket" "tagged" {
  bucket = "tagged"
  tags = {
    Owner = "payments"
  }
}

resource "aws_s3_bucket" "untagged" { # expect: ORG_AWS_1
  bucket = "untagged"
}

resource "aws_security_group" "other_tags" { # expect: ORG_AWS_1
  name = "web"
  tags = {
    Team = "web"
  }
}

variable "tags" {
  type = map(string)
}

# Unknown tags: never a finding.
resource "aws_s3_bucket" "from_variable" {
  bucket = "from-variable"
  tags   = var.tags
}
