# Fixtures for sqs-queue-unencrypted (AWS-SQS-001).

variable "managed_sse" {
  type    = bool
  default = false
}

variable "managed_sse_from_caller" {
  type = bool
}

variable "queue_key" {
  type = string
}

resource "aws_kms_key" "sqs" {
  description         = "SQS encryption key"
  enable_key_rotation = true
}

# Nothing written: SQS encrypts new queues with SSE-SQS by default. Silent.
resource "aws_sqs_queue" "defaults" {
  name = "defaults"
}

# SSE-SQS turned off, no key.
resource "aws_sqs_queue" "disabled" {
  name                    = "disabled"
  sqs_managed_sse_enabled = false # expect: sqs-queue-unencrypted@29
}

# Turned off through a variable default: reported at the use site.
resource "aws_sqs_queue" "from_default" {
  name                    = "from-default"
  sqs_managed_sse_enabled = var.managed_sse # expect: sqs-queue-unencrypted@29
}

# Turned off with an empty key.
resource "aws_sqs_queue" "empty_key" {
  name                    = "empty-key"
  sqs_managed_sse_enabled = false # expect: sqs-queue-unencrypted@29
  kms_master_key_id       = ""
}

# Turned off, but a KMS key encrypts the queue: silent.
resource "aws_sqs_queue" "kms" {
  name                    = "kms"
  sqs_managed_sse_enabled = false
  kms_master_key_id       = aws_kms_key.sqs.arn
}

# Turned off, with a key only the caller knows: silent.
resource "aws_sqs_queue" "caller_key" {
  name                    = "caller-key"
  sqs_managed_sse_enabled = false
  kms_master_key_id       = var.queue_key
}

# Unknown SSE-SQS setting: silent.
resource "aws_sqs_queue" "from_caller" {
  name                    = "from-caller"
  sqs_managed_sse_enabled = var.managed_sse_from_caller
}

# Explicitly on: silent.
resource "aws_sqs_queue" "enabled" {
  name                    = "enabled"
  sqs_managed_sse_enabled = true
}
