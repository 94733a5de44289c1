# Fixtures for sns-topic-unencrypted (AWS-SNS-001).

variable "topic_key" {
  type    = string
  default = ""
}

variable "key_from_caller" {
  type = string
}

locals {
  no_key = ""
}

resource "aws_kms_key" "sns" {
  description         = "SNS encryption key"
  enable_key_rotation = true
}

# Attribute left out: no server-side encryption.
resource "aws_sns_topic" "missing" { # expect: sns-topic-unencrypted@1
  name = "missing-key"
}

# An empty key.
resource "aws_sns_topic" "empty" {
  name              = "empty-key"
  kms_master_key_id = "" # expect: sns-topic-unencrypted@23
}

# A variable whose default is empty: reported at the use site.
resource "aws_sns_topic" "from_default" {
  name              = "key-from-default"
  kms_master_key_id = var.topic_key # expect: sns-topic-unencrypted@23
}

# A local that is empty: reported at the use site.
resource "aws_sns_topic" "from_local" {
  name              = "key-from-local"
  kms_master_key_id = local.no_key # expect: sns-topic-unencrypted@23
}

# A variable without a default is unknown: silent.
resource "aws_sns_topic" "from_caller" {
  name              = "key-from-caller"
  kms_master_key_id = var.key_from_caller
}

# The AWS managed key: encrypted, silent.
resource "aws_sns_topic" "aws_managed" {
  name              = "aws-managed-key"
  kms_master_key_id = "alias/aws/sns"
}

# A customer managed key: silent.
resource "aws_sns_topic" "customer_managed" {
  name              = "customer-managed-key"
  kms_master_key_id = aws_kms_key.sns.id
}
