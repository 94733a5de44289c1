# Fixtures for elb-classic-listener-unencrypted (AWS-ELB-004).

variable "protocol" {
  type    = string
  default = "tcp"
}

variable "caller_protocol" {
  type = string
}

resource "aws_elb" "web" {
  name               = "web"
  availability_zones = ["us-east-1a"]

  listener {
    instance_port     = 8080
    instance_protocol = "http"
    lb_port           = 80
    lb_protocol       = "http" # expect: elb-classic-listener-unencrypted@25
  }

  listener {
    instance_port      = 8080
    instance_protocol  = "http"
    lb_port            = 443
    lb_protocol        = "https"
    ssl_certificate_id = "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012"
  }

  listener {
    instance_port     = 5432
    instance_protocol = "tcp"
    lb_port           = 5432
    lb_protocol       = var.protocol # expect: elb-classic-listener-unencrypted@25
  }
}

# SSL, unknown: silent.
resource "aws_elb" "secure" {
  name               = "secure"
  availability_zones = ["us-east-1a"]

  listener {
    instance_port      = 5432
    instance_protocol  = "tcp"
    lb_port            = 5432
    lb_protocol        = "ssl"
    ssl_certificate_id = "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012"
  }

  listener {
    instance_port     = 8080
    instance_protocol = "http"
    lb_port           = 8080
    lb_protocol       = var.caller_protocol
  }
}
