# Fixtures for ecr-image-scan-on-push-disabled (AWS-ECR-001).

variable "scan" {
  type    = bool
  default = false
}

variable "scan_from_caller" {
  type = bool
}

# No block: images are not scanned on push.
resource "aws_ecr_repository" "missing" { # expect: ecr-image-scan-on-push-disabled@1
  name = "missing"
}

resource "aws_ecr_repository" "explicit_false" {
  name = "explicit-false"
  image_scanning_configuration {
    scan_on_push = false # expect: ecr-image-scan-on-push-disabled@20
  }
}

# From the variable's default (false).
resource "aws_ecr_repository" "from_variable" {
  name = "from-variable"
  image_scanning_configuration {
    scan_on_push = var.scan # expect: ecr-image-scan-on-push-disabled@20
  }
}

resource "aws_ecr_repository" "scanned" {
  name = "scanned"
  image_scanning_configuration {
    scan_on_push = true
  }
}

# Unknown: no finding.
resource "aws_ecr_repository" "unknown" {
  name = "unknown"
  image_scanning_configuration {
    scan_on_push = var.scan_from_caller
  }
}

resource "aws_ecr_repository" "counted" {
  count = 2
  name  = "counted-${count.index}"
  image_scanning_configuration {
    scan_on_push = count.index == 1 # expect: ecr-image-scan-on-push-disabled@20
  }
}
