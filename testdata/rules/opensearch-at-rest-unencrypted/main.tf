# Fixtures for opensearch-at-rest-unencrypted (AWS-OS-001).

variable "flag" {
  type    = bool
  default = false
}

variable "flag_from_caller" {
  type = bool
}

# Left out: off by default.
resource "aws_opensearch_domain" "missing" { # expect: opensearch-at-rest-unencrypted@1
  domain_name    = "missing"
  engine_version = "OpenSearch_2.13"
}

# Explicitly off.
resource "aws_opensearch_domain" "disabled" {
  domain_name    = "disabled"
  engine_version = "OpenSearch_2.13"

  encrypt_at_rest {
    enabled = false # expect: opensearch-at-rest-unencrypted@15
  }
}

# The Elasticsearch resource, off through a variable default: reported at the use site.
resource "aws_elasticsearch_domain" "legacy" {
  domain_name           = "legacy"
  elasticsearch_version = "7.10"

  encrypt_at_rest {
    enabled = var.flag # expect: opensearch-at-rest-unencrypted@15
  }
}

# Unknown: silent.
resource "aws_opensearch_domain" "from_caller" {
  domain_name    = "from-caller"
  engine_version = "OpenSearch_2.13"

  encrypt_at_rest {
    enabled = var.flag_from_caller
  }
}

# On: silent.
resource "aws_opensearch_domain" "enabled" {
  domain_name    = "enabled"
  engine_version = "OpenSearch_2.13"

  encrypt_at_rest {
    enabled = true
  }
}
