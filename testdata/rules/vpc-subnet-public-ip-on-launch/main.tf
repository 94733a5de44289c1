# Fixtures for vpc-subnet-public-ip-on-launch (AWS-VPC-004).

variable "public" {
  type    = bool
  default = true
}

variable "public_from_caller" {
  type = bool
}

resource "aws_subnet" "public" {
  vpc_id                  = "vpc-0123456789abcdef0"
  cidr_block              = "10.0.1.0/24"
  map_public_ip_on_launch = true # expect: vpc-subnet-public-ip-on-launch@29
}

resource "aws_subnet" "from_default" {
  vpc_id                  = "vpc-0123456789abcdef0"
  cidr_block              = "10.0.2.0/24"
  map_public_ip_on_launch = var.public # expect: vpc-subnet-public-ip-on-launch@29
}

# Default (false), explicit false, unknown: silent.
resource "aws_subnet" "private" {
  vpc_id     = "vpc-0123456789abcdef0"
  cidr_block = "10.0.3.0/24"
}

resource "aws_subnet" "explicit_private" {
  vpc_id                  = "vpc-0123456789abcdef0"
  cidr_block              = "10.0.4.0/24"
  map_public_ip_on_launch = false
}

resource "aws_subnet" "from_caller" {
  vpc_id                  = "vpc-0123456789abcdef0"
  cidr_block              = "10.0.5.0/24"
  map_public_ip_on_launch = var.public_from_caller
}

# count: one finding at the shared value.
resource "aws_subnet" "counted" {
  count                   = 2
  vpc_id                  = "vpc-0123456789abcdef0"
  cidr_block              = "10.0.${count.index + 10}.0/24"
  map_public_ip_on_launch = true # expect: vpc-subnet-public-ip-on-launch@29
}
