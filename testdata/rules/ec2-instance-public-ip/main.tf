# Fixtures for ec2-instance-public-ip (AWS-EC2-003).

variable "public" {
  type    = bool
  default = true
}

variable "public_from_caller" {
  type = bool
}

resource "aws_instance" "public" {
  ami                         = "ami-0abcdef1234567890"
  instance_type               = "t3.micro"
  associate_public_ip_address = true # expect: ec2-instance-public-ip@33
}

# From a variable's default: reported where it is used.
resource "aws_instance" "from_default" {
  ami                         = "ami-0abcdef1234567890"
  associate_public_ip_address = var.public # expect: ec2-instance-public-ip@33
}

# Left out: the subnet decides: silent.
resource "aws_instance" "subnet_decides" {
  ami = "ami-0abcdef1234567890"
}

# Explicitly private, or unknown: silent.
resource "aws_instance" "private" {
  ami                         = "ami-0abcdef1234567890"
  associate_public_ip_address = false
}

resource "aws_instance" "from_caller" {
  ami                         = "ami-0abcdef1234567890"
  associate_public_ip_address = var.public_from_caller
}

resource "aws_launch_template" "public" {
  name_prefix = "web-"
  image_id    = "ami-0abcdef1234567890"

  network_interfaces {
    device_index                = 0
    associate_public_ip_address = "true" # expect: ec2-instance-public-ip@35
  }
}

resource "aws_launch_template" "private" {
  name_prefix = "api-"
  image_id    = "ami-0abcdef1234567890"

  network_interfaces {
    device_index                = 0
    associate_public_ip_address = false
  }
}

resource "aws_launch_configuration" "public" {
  name_prefix                 = "worker-"
  image_id                    = "ami-0abcdef1234567890"
  instance_type               = "t3.micro"
  associate_public_ip_address = true # expect: ec2-instance-public-ip@33
}
