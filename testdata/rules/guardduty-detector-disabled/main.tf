# Fixtures for guardduty-detector-disabled (AWS-GD-001).

variable "guardduty_enabled" {
  type    = bool
  default = false
}

variable "enabled_by_caller" {
  type = bool
}

# Explicitly disabled.
resource "aws_guardduty_detector" "disabled" {
  enable = false # expect: guardduty-detector-disabled@12
}

# A variable whose default is false: reported where the variable is used.
resource "aws_guardduty_detector" "from_default" {
  enable = var.guardduty_enabled # expect: guardduty-detector-disabled@12
}

# Disabled in one instance of a count.
resource "aws_guardduty_detector" "per_env" {
  count  = 2
  enable = count.index == 0 # expect: guardduty-detector-disabled@12
}

# Attribute left out: Terraform enables the detector. Silent.
resource "aws_guardduty_detector" "missing" {
  finding_publishing_frequency = "FIFTEEN_MINUTES"
}

# A variable without a default is unknown: silent.
resource "aws_guardduty_detector" "from_caller" {
  enable = var.enabled_by_caller
}

# Enabled: silent.
resource "aws_guardduty_detector" "enabled" {
  enable = true
}
