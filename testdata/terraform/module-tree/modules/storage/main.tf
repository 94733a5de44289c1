variable "size" {
  type = number
}

variable "encrypted" {
  type = bool
}

variable "name" {
  type = string
}

resource "aws_ebs_volume" "this" {
  availability_zone = "eu-west-1a"
  size              = var.size
  encrypted         = var.encrypted
  tags              = { Name = var.name }
}

module "firewall" {
  source = "../network"
  cidrs  = ["10.0.0.0/8", "0.0.0.0/0"]
}

output "encrypted" {
  value = aws_ebs_volume.this.encrypted == null ? var.encrypted : var.encrypted
}
