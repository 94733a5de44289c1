# Fixtures for cloudfront-allows-plain-http (AWS-CF-001).

variable "viewer_protocol_policy" {
  type    = string
  default = "allow-all"
}

variable "api_policy" {
  type = string
}

resource "aws_cloudfront_distribution" "site" {
  enabled = true

  origin {
    domain_name = "example-site.s3.us-east-1.amazonaws.com"
    origin_id   = "site"
  }

  default_cache_behavior {
    target_origin_id       = "site"
    viewer_protocol_policy = "allow-all" # expect: cloudfront-allows-plain-http@30
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }

  ordered_cache_behavior {
    path_pattern           = "/static/*"
    target_origin_id       = "site"
    viewer_protocol_policy = var.viewer_protocol_policy # expect: cloudfront-allows-plain-http@30
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }

  ordered_cache_behavior {
    path_pattern           = "/api/*"
    target_origin_id       = "site"
    viewer_protocol_policy = var.api_policy
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

# HTTPS only or redirected: silent.
resource "aws_cloudfront_distribution" "secure" {
  enabled = true

  origin {
    domain_name = "example-site.s3.us-east-1.amazonaws.com"
    origin_id   = "site"
  }

  default_cache_behavior {
    target_origin_id       = "site"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }

  ordered_cache_behavior {
    path_pattern           = "/api/*"
    target_origin_id       = "site"
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
