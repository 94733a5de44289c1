# Fixtures for ebs-volume-unencrypted (AWS-EBS-001).

variable "encrypt_data_volume" {
  type    = bool
  default = false
}

variable "encrypt_from_caller" {
  type = bool
}

resource "aws_kms_key" "ebs" {
  description         = "EBS encryption key"
  enable_key_rotation = true
}

# Attribute left out: volumes are unencrypted by default.
resource "aws_ebs_volume" "missing" { # expect: ebs-volume-unencrypted@1
  availability_zone = "eu-west-1a"
  size              = 20
}

# Explicitly unencrypted.
resource "aws_ebs_volume" "disabled" {
  availability_zone = "eu-west-1a"
  size              = 20
  encrypted         = false # expect: ebs-volume-unencrypted@23
}

# A variable whose default is false: reported at the use site.
resource "aws_ebs_volume" "from_default" {
  availability_zone = "eu-west-1a"
  size              = 50
  encrypted         = var.encrypt_data_volume # expect: ebs-volume-unencrypted@23
}

# A variable without a default is unknown: silent.
resource "aws_ebs_volume" "from_caller" {
  availability_zone = "eu-west-1a"
  size              = 50
  encrypted         = var.encrypt_from_caller
}

# Restored from a snapshot: the volume inherits the snapshot's encryption: silent.
resource "aws_ebs_volume" "from_snapshot" {
  availability_zone = "eu-west-1a"
  snapshot_id       = "snap-0123456789abcdef0"
}

# Encrypted with a customer managed key (an unknown ARN is fine): silent.
resource "aws_ebs_volume" "encrypted" {
  availability_zone = "eu-west-1a"
  size              = 100
  encrypted         = true
  kms_key_id        = aws_kms_key.ebs.arn
}
