# Fixtures for elasticache-in-transit-unencrypted (AWS-EC-002).

variable "tls" {
  type    = bool
  default = false
}

variable "tls_from_caller" {
  type = bool
}

# Left out: no TLS by default, whatever the engine.
resource "aws_elasticache_replication_group" "missing" { # expect: elasticache-in-transit-unencrypted@1
  replication_group_id = "missing"
  description          = "No TLS"
  engine               = "valkey"
  node_type            = "cache.t4g.small"
  num_cache_clusters   = 2
}

# Explicitly off.
resource "aws_elasticache_replication_group" "disabled" {
  replication_group_id       = "disabled"
  description                = "TLS off"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  transit_encryption_enabled = false # expect: elasticache-in-transit-unencrypted@32
}

# Off through a variable default: reported at the use site.
resource "aws_elasticache_replication_group" "from_default" {
  replication_group_id       = "from-default"
  description                = "TLS from a variable"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  transit_encryption_enabled = var.tls # expect: elasticache-in-transit-unencrypted@32
}

# Unknown: silent.
resource "aws_elasticache_replication_group" "from_caller" {
  replication_group_id       = "from-caller"
  description                = "TLS from the caller"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  transit_encryption_enabled = var.tls_from_caller
}

# TLS on: silent.
resource "aws_elasticache_replication_group" "tls" {
  replication_group_id       = "tls"
  description                = "TLS"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  transit_encryption_enabled = true
}
