# Fixtures for ebs-encryption-by-default-disabled (AWS-EBS-002).

variable "encrypt_by_default" {
  type    = bool
  default = false
}

variable "from_caller" {
  type = bool
}

resource "aws_ebs_encryption_by_default" "off" {
  enabled = false # expect: ebs-encryption-by-default-disabled@13
}

# From the variable's default (false).
resource "aws_ebs_encryption_by_default" "from_variable" {
  enabled = var.encrypt_by_default # expect: ebs-encryption-by-default-disabled@13
}

# The resource's default is true.
resource "aws_ebs_encryption_by_default" "default" {
}

resource "aws_ebs_encryption_by_default" "on" {
  enabled = true
}

# Unknown: no finding.
resource "aws_ebs_encryption_by_default" "unknown" {
  enabled = var.from_caller
}
