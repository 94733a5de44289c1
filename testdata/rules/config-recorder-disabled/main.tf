# Fixtures for config-recorder-disabled (AWS-CFG-001).

variable "recording" {
  type    = bool
  default = false
}

variable "from_caller" {
  type = bool
}

resource "aws_config_configuration_recorder_status" "stopped" {
  name       = "stopped"
  is_enabled = false # expect: config-recorder-disabled@16
}

# From the variable's default (false).
resource "aws_config_configuration_recorder_status" "from_variable" {
  name       = "from-variable"
  is_enabled = var.recording # expect: config-recorder-disabled@16
}

resource "aws_config_configuration_recorder_status" "running" {
  name       = "running"
  is_enabled = true
}

# Unknown: no finding.
resource "aws_config_configuration_recorder_status" "unknown" {
  name       = "unknown"
  is_enabled = var.from_caller
}

# `is_enabled` is required: Terraform rejects this, and nothing is reported.
resource "aws_config_configuration_recorder_status" "missing" {
  name = "missing"
}

resource "aws_config_configuration_recorder_status" "counted" {
  count      = 2
  name       = "counted-${count.index}"
  is_enabled = count.index == 1 # expect: config-recorder-disabled@16
}
