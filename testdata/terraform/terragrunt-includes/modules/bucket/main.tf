variable "name" {
  type = string
}

variable "settings" {
  type = object({
    public  = bool
    encrypt = bool
  })
}

resource "aws_ebs_volume" "v" {
  availability_zone = "us-east-1a"
  size              = 1
  encrypted         = var.settings.encrypt
  tags              = { Name = var.name }
}
