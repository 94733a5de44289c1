# Fixtures for opensearch-tls-policy-outdated (AWS-OS-004).

variable "tls_policy" {
  type    = string
  default = "Policy-Min-TLS-1-0-2019-07"
}

variable "tls_policy_from_caller" {
  type = string
}

# No endpoint options: the policy is AWS's choice. Silent.
resource "aws_opensearch_domain" "missing" {
  domain_name    = "missing"
  engine_version = "OpenSearch_2.13"
}

# TLS 1.0 allowed.
resource "aws_opensearch_domain" "tls10" {
  domain_name    = "tls10"
  engine_version = "OpenSearch_2.13"

  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-0-2019-07" # expect: opensearch-tls-policy-outdated@27
  }
}

# From a variable default, on the Elasticsearch resource: reported at the use site.
resource "aws_elasticsearch_domain" "legacy" {
  domain_name           = "legacy"
  elasticsearch_version = "7.10"

  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = var.tls_policy # expect: opensearch-tls-policy-outdated@27
  }
}

# Unknown: silent.
resource "aws_opensearch_domain" "from_caller" {
  domain_name    = "from-caller"
  engine_version = "OpenSearch_2.13"

  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = var.tls_policy_from_caller
  }
}

# TLS 1.2 with forward secrecy: silent.
resource "aws_opensearch_domain" "tls12" {
  domain_name    = "tls12"
  engine_version = "OpenSearch_2.13"

  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10"
  }
}
