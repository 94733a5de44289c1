# Values Terraform rejects are diagnostics, never silently unknown.

variable "encrypt_data" {
  type    = bool
  default = true
}

variable "encrypt_logs" {
  type    = bool
  default = true
}

variable "size" {
  type    = number
  default = "large"
}

resource "aws_ebs_volume" "data" {
  availability_zone = "us-east-1a"
  size              = 10
  encrypted         = var.encrypt_data
}

resource "aws_ebs_volume" "logs" {
  availability_zone = "us-east-1a"
  size              = var.size
  encrypted         = var.encrypt_logs
}

# A bare word is a reference Terraform rejects, not a boolean.
resource "aws_ebs_volume" "capitalised" {
  availability_zone = "us-east-1a"
  size              = 10
  encrypted         = False
}
