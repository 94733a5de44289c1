# Fixtures for efs-unencrypted (AWS-EFS-001).

variable "encrypt_shared_fs" {
  type    = bool
  default = false
}

variable "encrypt_from_caller" {
  type = bool
}

locals {
  scratch_encrypted = false
}

resource "aws_kms_key" "efs" {
  description         = "EFS encryption key"
  enable_key_rotation = true
}

# Attribute left out: file systems are created unencrypted by default.
resource "aws_efs_file_system" "missing" { # expect: efs-unencrypted@1
  creation_token = "missing-encryption"
}

# Explicitly unencrypted.
resource "aws_efs_file_system" "disabled" {
  creation_token = "disabled-encryption"
  encrypted      = false # expect: efs-unencrypted@20
}

# A variable whose default is false: reported at the use site.
resource "aws_efs_file_system" "from_default" {
  creation_token = "encryption-from-default"
  encrypted      = var.encrypt_shared_fs # expect: efs-unencrypted@20
}

# A local that is false: reported at the use site.
resource "aws_efs_file_system" "from_local" {
  creation_token = "encryption-from-local"
  encrypted      = local.scratch_encrypted # expect: efs-unencrypted@20
}

# A variable without a default is unknown: silent.
resource "aws_efs_file_system" "from_caller" {
  creation_token = "encryption-from-caller"
  encrypted      = var.encrypt_from_caller
}

# Encrypted with a customer managed key: silent.
resource "aws_efs_file_system" "encrypted" {
  creation_token = "encrypted"
  encrypted      = true
  kms_key_id     = aws_kms_key.efs.arn
}
