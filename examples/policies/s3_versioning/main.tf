resource "aws_s3_bucket" "versioned" {
  bucket = "versioned"
  versioning {
    enabled = true
  }
}

resource "aws_s3_bucket" "suspended" {
  bucket = "suspended"
  versioning {
    enabled = false # expect: ORG_AWS_2
  }
}

resource "aws_s3_bucket" "default" { # expect: ORG_AWS_2
  bucket = "default"
}
