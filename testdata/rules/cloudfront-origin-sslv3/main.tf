# Fixtures for cloudfront-origin-sslv3 (AWS-CF-003).

variable "protocols" {
  type    = list(string)
  default = ["SSLv3", "TLSv1.2"] # expect: cloudfront-origin-sslv3@14
}

variable "caller_protocols" {
  type = list(string)
}

resource "aws_cloudfront_distribution" "web" {
  enabled = true

  origin {
    domain_name = "app.example.com"
    origin_id   = "app"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2", "SSLv3"] # expect: cloudfront-origin-sslv3@44
    }
  }

  origin {
    domain_name = "legacy.example.com"
    origin_id   = "legacy"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "match-viewer"
      origin_ssl_protocols   = var.protocols
    }
  }

  # Unused while the origin is reached over HTTP, but still allowed.
  origin {
    domain_name = "plain.example.com"
    origin_id   = "plain"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "http-only"
      origin_ssl_protocols   = ["SSLv3"] # expect: cloudfront-origin-sslv3@33
    }
  }

  # TLS only, unknown: silent.

  origin {
    domain_name = "modern.example.com"
    origin_id   = "modern"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  origin {
    domain_name = "other.example.com"
    origin_id   = "other"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = var.caller_protocols
    }
  }

  default_cache_behavior {
    target_origin_id       = "app"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = true
  }
}
