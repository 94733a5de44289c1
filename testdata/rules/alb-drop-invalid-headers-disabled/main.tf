# Fixtures for alb-drop-invalid-headers-disabled (AWS-ELB-001).

variable "drop" {
  type    = bool
  default = false
}

variable "lb_type" {
  type = string
}

resource "aws_lb" "default_type" { # expect: alb-drop-invalid-headers-disabled@1
  name    = "web"
  subnets = ["subnet-0123456789abcdef0"]
}

resource "aws_alb" "disabled" {
  name                       = "api"
  load_balancer_type         = "application"
  drop_invalid_header_fields = false # expect: alb-drop-invalid-headers-disabled@32
}

resource "aws_lb" "from_default" {
  name                       = "admin"
  drop_invalid_header_fields = var.drop # expect: alb-drop-invalid-headers-disabled@32
}

# Dropping, a network load balancer, an unknown type: silent.
resource "aws_lb" "dropping" {
  name                       = "secure"
  drop_invalid_header_fields = true
}

resource "aws_lb" "network" {
  name               = "tcp"
  load_balancer_type = "network"
}

resource "aws_lb" "unknown_type" {
  name               = "either"
  load_balancer_type = var.lb_type
}
