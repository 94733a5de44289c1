# Fixtures for alb-http-listener-not-redirected (AWS-ELB-002).

variable "protocol" {
  type    = string
  default = "HTTP"
}

variable "redirect_protocol" {
  type = string
}

variable "lb_arn" {
  type = string
}

resource "aws_lb" "web" {
  name = "web"
}

resource "aws_lb" "tcp" {
  name               = "tcp"
  load_balancer_type = "network"
}

resource "aws_lb_listener" "forward" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  protocol          = "HTTP" # expect: alb-http-listener-not-redirected@23

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/73e2d6bc24d8a067"
  }
}

# No protocol on an application load balancer's listener: HTTP.
resource "aws_alb_listener" "no_protocol" { # expect: alb-http-listener-not-redirected@1
  load_balancer_arn = aws_lb.web.arn
  port              = 80

  default_action {
    type = "fixed-response"

    fixed_response {
      content_type = "text/plain"
      status_code  = "404"
    }
  }
}

# A redirect that keeps the request's protocol.
resource "aws_lb_listener" "redirect_same_protocol" {
  load_balancer_arn = var.lb_arn
  port              = 8080
  protocol          = var.protocol # expect: alb-http-listener-not-redirected@23

  default_action {
    type = "redirect"

    redirect {
      host = "www.example.com"
    }
  }
}

# Redirecting to HTTPS, HTTPS, TCP, unknown: silent.
resource "aws_lb_listener" "redirect" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  protocol          = "http"

  default_action {
    type = "redirect"

    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.web.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012"

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/73e2d6bc24d8a067"
  }
}

resource "aws_lb_listener" "tcp" {
  load_balancer_arn = aws_lb.tcp.arn
  port              = 80
  protocol          = "TCP"

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tcp/73e2d6bc24d8a067"
  }
}

resource "aws_lb_listener" "unknown_redirect" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      protocol = var.redirect_protocol
    }
  }
}

# No protocol, and the load balancer is not in this module: unknown.
resource "aws_lb_listener" "elsewhere" {
  load_balancer_arn = var.lb_arn
  port              = 80

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/73e2d6bc24d8a067"
  }
}
