#tfsec:ignore:aws-ec2-enable-volume-encryption
resource "aws_ebs_volume" "tfsec" {
  availability_zone = "eu-west-1a"
  size              = 10
}

# trivy:ignore:AVD-AWS-0086 trivy:ignore:AVD-AWS-0092
resource "aws_s3_bucket" "trivy" {
  bucket = "trivy"
  acl    = "public-read"
}

resource "aws_s3_bucket" "checkov" {
  # checkov:skip=CKV_AWS_20:public website
  bucket = "checkov"
  acl    = "public-read"
}

# kics-scan ignore-line
resource "aws_ebs_volume" "kics_line" {
  availability_zone = "eu-west-1a"
  size              = 10
}

resource "aws_security_group" "kics_block" {
  name = "kics"
  # kics-scan ignore-block
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

#tfsec:ignore:aws-vpc-no-public-ingress-sgr:exp:2026-01-01
resource "aws_security_group" "expired" {
  name = "expired"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

# tfsec:ignore:aws-s3-enable-bucket-logging
resource "aws_vpc" "unrelated" {
  cidr_block = "10.0.0.0/16"
}
