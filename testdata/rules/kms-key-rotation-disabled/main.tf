# Fixtures for kms-key-rotation-disabled (AWS-KMS-001).

variable "rotate_keys" {
  type    = bool
  default = false
}

variable "rotate_from_caller" {
  type = bool
}

variable "key_spec" {
  type = string
}

# Attribute left out: rotation is off by default.
resource "aws_kms_key" "missing" { # expect: kms-key-rotation-disabled@1
  description = "missing rotation"
}

# Explicitly off.
resource "aws_kms_key" "disabled" {
  description         = "rotation off"
  enable_key_rotation = false # expect: kms-key-rotation-disabled@25
}

# Explicitly symmetric, from a variable whose default is false.
resource "aws_kms_key" "from_default" {
  customer_master_key_spec = "SYMMETRIC_DEFAULT"
  enable_key_rotation      = var.rotate_keys # expect: kms-key-rotation-disabled@30
}

# Unknown: silent.
resource "aws_kms_key" "from_caller" {
  enable_key_rotation = var.rotate_from_caller
}

# A spec only the caller knows: silent.
resource "aws_kms_key" "unknown_spec" {
  customer_master_key_spec = var.key_spec
}

# Asymmetric and HMAC keys cannot rotate: silent.
resource "aws_kms_key" "signing" {
  key_usage                = "SIGN_VERIFY"
  customer_master_key_spec = "ECC_NIST_P256"
}

resource "aws_kms_key" "hmac" {
  key_usage                = "GENERATE_VERIFY_MAC"
  customer_master_key_spec = "HMAC_256"
}

# A key in a custom key store cannot rotate automatically: silent.
resource "aws_kms_key" "cloudhsm" {
  custom_key_store_id = "cks-1234567890abcdef0"
}

# Rotating: silent.
resource "aws_kms_key" "rotating" {
  enable_key_rotation     = true
  rotation_period_in_days = 180
}
