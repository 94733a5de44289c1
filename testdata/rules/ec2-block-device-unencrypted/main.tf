# Fixtures for ec2-block-device-unencrypted (AWS-EC2-001).

variable "encrypt_root" {
  type    = bool
  default = false
}

variable "encrypt_from_caller" {
  type = bool
}

variable "ami_id" {
  type    = string
  default = "ami-0abcdef1234567890"
}

# --- aws_instance ---------------------------------------------------------

# No root_block_device block: the root volume's encryption is left to the AMI
# and the account's default: reported at low severity.
resource "aws_instance" "ami_default" { # expect: ec2-block-device-unencrypted@1
  ami           = var.ami_id
  instance_type = "t3.micro"
}

# A root_block_device block without `encrypted`: left to the AMI too (low).
resource "aws_instance" "root_missing" {
  ami           = var.ami_id
  instance_type = "t3.micro"

  root_block_device { # expect: ec2-block-device-unencrypted@3
    volume_size = 30
  }
}

# Root volume explicitly unencrypted; an extra data volume without `encrypted`.
resource "aws_instance" "root_disabled" {
  ami           = var.ami_id
  instance_type = "t3.micro"

  root_block_device {
    volume_size = 30
    encrypted   = false # expect: ec2-block-device-unencrypted@19
  }

  ebs_block_device { # expect: ec2-block-device-unencrypted@3
    device_name = "/dev/sdf"
    volume_size = 100
  }
}

# A variable whose default is false: reported at the use site.
resource "aws_instance" "root_from_default" {
  ami           = var.ami_id
  instance_type = "t3.micro"

  root_block_device {
    encrypted = var.encrypt_root # expect: ec2-block-device-unencrypted@17
  }
}

# A variable without a default is unknown: silent.
resource "aws_instance" "root_from_caller" {
  ami           = var.ami_id
  instance_type = "t3.micro"

  root_block_device {
    encrypted = var.encrypt_from_caller
  }
}

# Encrypted root; a data volume restored from a snapshot inherits its encryption: silent.
resource "aws_instance" "encrypted" {
  ami           = var.ami_id
  instance_type = "t3.micro"

  root_block_device {
    volume_size = 30
    encrypted   = true
  }

  ebs_block_device {
    device_name = "/dev/sdg"
    snapshot_id = "snap-0123456789abcdef0"
  }

  ebs_block_device {
    device_name = "/dev/sdh"
    volume_size = 100
    encrypted   = true
  }

  ephemeral_block_device {
    device_name  = "/dev/sdi"
    virtual_name = "ephemeral0"
  }
}

# --- aws_launch_template --------------------------------------------------

resource "aws_launch_template" "unencrypted" {
  name_prefix   = "web-"
  image_id      = var.ami_id
  instance_type = "t3.micro"

  # `ebs` block without `encrypted`.
  block_device_mappings {
    device_name = "/dev/xvda"

    ebs { # expect: ec2-block-device-unencrypted@5
      volume_size = 30
    }
  }

  # Explicitly "false" (launch templates take a string).
  block_device_mappings {
    device_name = "/dev/sdf"

    ebs {
      volume_size = 100
      encrypted   = "false" # expect: ec2-block-device-unencrypted@21
    }
  }

  # Instance store mapping, no `ebs` block: silent.
  block_device_mappings {
    device_name  = "/dev/sdg"
    virtual_name = "ephemeral0"
  }
}

resource "aws_launch_template" "encrypted" {
  name_prefix   = "api-"
  image_id      = var.ami_id
  instance_type = "t3.micro"

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_size = 30
      encrypted   = "true"
    }
  }

  block_device_mappings {
    device_name = "/dev/sdf"

    ebs {
      volume_size = 100
      encrypted   = true
    }
  }
}

# --- aws_launch_configuration ---------------------------------------------

resource "aws_launch_configuration" "unencrypted" {
  name_prefix   = "worker-"
  image_id      = var.ami_id
  instance_type = "t3.micro"

  root_block_device {
    encrypted = false # expect: ec2-block-device-unencrypted@17
  }

  ebs_block_device { # expect: ec2-block-device-unencrypted@3
    device_name = "/dev/sdf"
    volume_size = 50
  }
}

resource "aws_launch_configuration" "encrypted" {
  name_prefix   = "batch-"
  image_id      = var.ami_id
  instance_type = "t3.micro"

  root_block_device {
    encrypted = true
  }

  ebs_block_device {
    device_name = "/dev/sdf"
    volume_size = 50
    encrypted   = true
  }
}
