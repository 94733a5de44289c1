# Fixtures for opensearch-https-not-enforced (AWS-OS-003).

variable "flag" {
  type    = bool
  default = false
}

variable "flag_from_caller" {
  type = bool
}

# Left out: off by default.
resource "aws_opensearch_domain" "missing" { # expect: opensearch-https-not-enforced@1
  domain_name    = "missing"
  engine_version = "OpenSearch_2.13"
}

# Explicitly off.
resource "aws_opensearch_domain" "disabled" {
  domain_name    = "disabled"
  engine_version = "OpenSearch_2.13"

  domain_endpoint_options {
    enforce_https = false # expect: opensearch-https-not-enforced@21
  }
}

# The Elasticsearch resource, off through a variable default: reported at the use site.
resource "aws_elasticsearch_domain" "legacy" {
  domain_name           = "legacy"
  elasticsearch_version = "7.10"

  domain_endpoint_options {
    enforce_https = var.flag # expect: opensearch-https-not-enforced@21
  }
}

# Unknown: silent.
resource "aws_opensearch_domain" "from_caller" {
  domain_name    = "from-caller"
  engine_version = "OpenSearch_2.13"

  domain_endpoint_options {
    enforce_https = var.flag_from_caller
  }
}

# On: silent.
resource "aws_opensearch_domain" "enabled" {
  domain_name    = "enabled"
  engine_version = "OpenSearch_2.13"

  domain_endpoint_options {
    enforce_https = true
  }
}

# Endpoint options without the flag: the provider's default has changed
# between versions. Silent.
resource "aws_opensearch_domain" "options_only" {
  domain_name    = "options-only"
  engine_version = "OpenSearch_2.13"

  domain_endpoint_options {
    tls_security_policy = "Policy-Min-TLS-1-2-2019-07"
  }
}
