# Logs delivered to a bucket only the caller names: this one may be it.

variable "log_bucket" {
  type = string
}

resource "aws_s3_bucket" "maybe_target" {
  bucket = "palisade-logging-maybe-target"
}

resource "aws_s3_bucket" "source" {
  bucket = "palisade-logging-source"

  logging {
    target_bucket = var.log_bucket
  }
}
