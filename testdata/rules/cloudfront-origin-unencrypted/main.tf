# Fixtures for cloudfront-origin-unencrypted (AWS-CF-002).

variable "origin_policy" {
  type    = string
  default = "http-only"
}

variable "caller_policy" {
  type = string
}

resource "aws_cloudfront_distribution" "web" {
  enabled = true

  origin {
    domain_name = "app.example.com"
    origin_id   = "app"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "http-only" # expect: cloudfront-origin-unencrypted@32
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  origin {
    domain_name = "legacy.example.com"
    origin_id   = "legacy"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "match-viewer" # expect: cloudfront-origin-unencrypted@32
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  origin {
    domain_name = "static.example.com"
    origin_id   = "static"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "match-viewer"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  origin {
    domain_name = "reports.example.com"
    origin_id   = "reports"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = var.origin_policy # expect: cloudfront-origin-unencrypted@32
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  origin {
    domain_name = "assets.s3.us-east-1.amazonaws.com"
    origin_id   = "assets"
  }

  default_cache_behavior {
    target_origin_id       = "app"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }

  ordered_cache_behavior {
    path_pattern           = "/legacy/*"
    target_origin_id       = "legacy"
    viewer_protocol_policy = "allow-all"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }

  # match-viewer behind HTTPS-only behaviors: silent.
  ordered_cache_behavior {
    path_pattern           = "/static/*"
    target_origin_id       = "static"
    viewer_protocol_policy = "redirect-to-https"
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

# HTTPS only, unknown: silent.
resource "aws_cloudfront_distribution" "secure" {
  enabled = true

  origin {
    domain_name = "app.example.com"
    origin_id   = "app"

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
      origin_protocol_policy = var.caller_policy
      origin_ssl_protocols   = ["TLSv1.2"]
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
