# Fixtures for ec2-imdsv2-not-required (AWS-EC2-002).

variable "tokens" {
  type    = string
  default = "optional"
}

variable "tokens_from_caller" {
  type = string
}

# No metadata_options: IMDSv1 stays on unless the AMI says otherwise.
resource "aws_instance" "no_options" { # expect: ec2-imdsv2-not-required@1
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
}

# A block without http_tokens: reported at the block.
resource "aws_instance" "block_without_tokens" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"

  metadata_options { # expect: ec2-imdsv2-not-required@3
    http_put_response_hop_limit = 1
  }
}

# Explicitly optional, in any case.
resource "aws_instance" "optional" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"

  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "Optional" # expect: ec2-imdsv2-not-required@21
  }
}

# From a variable's default: reported where it is used.
resource "aws_instance" "from_default" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"

  metadata_options {
    http_tokens = var.tokens # expect: ec2-imdsv2-not-required@19
  }
}

# Unknown: silent.
resource "aws_instance" "from_caller" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"

  metadata_options {
    http_tokens = var.tokens_from_caller
  }
}

# Tokens required: silent.
resource "aws_instance" "required" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"

  metadata_options {
    http_tokens = "required"
  }
}

# The metadata service is off: silent.
resource "aws_instance" "disabled" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"

  metadata_options {
    http_endpoint = "disabled"
    http_tokens   = "optional"
  }
}

# Launched from a template without options of its own: the template decides.
resource "aws_instance" "from_template" {
  launch_template {
    id = aws_launch_template.secure.id
  }
}

resource "aws_launch_template" "secure" {
  name_prefix = "secure-"
  image_id    = "ami-0abcdef1234567890"

  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "required"
  }
}

resource "aws_launch_template" "no_options" { # expect: ec2-imdsv2-not-required@1
  name_prefix = "plain-"
  image_id    = "ami-0abcdef1234567890"
}

resource "aws_launch_configuration" "optional" {
  name_prefix   = "worker-"
  image_id      = "ami-0abcdef1234567890"
  instance_type = "t3.micro"

  metadata_options {
    http_tokens = "optional" # expect: ec2-imdsv2-not-required@19
  }
}
