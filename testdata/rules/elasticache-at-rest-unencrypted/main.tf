# Fixtures for elasticache-at-rest-unencrypted (AWS-EC-001).

variable "at_rest" {
  type    = bool
  default = false
}

variable "engine" {
  type = string
}

variable "global_datastore" {
  type = string
}

# Redis OSS (the default engine) without the attribute: unencrypted.
resource "aws_elasticache_replication_group" "redis_default" { # expect: elasticache-at-rest-unencrypted@1
  replication_group_id = "redis-default"
  description          = "Redis OSS by default"
  node_type            = "cache.t4g.small"
  num_cache_clusters   = 2
}

# Valkey without the attribute: encrypted by default. Silent.
resource "aws_elasticache_replication_group" "valkey_default" {
  replication_group_id = "valkey-default"
  description          = "Valkey"
  engine               = "valkey"
  node_type            = "cache.t4g.small"
  num_cache_clusters   = 2
}

# An engine only the caller knows, attribute left out: silent.
resource "aws_elasticache_replication_group" "engine_from_caller" {
  replication_group_id = "engine-from-caller"
  description          = "Engine from the caller"
  engine               = var.engine
  node_type            = "cache.t4g.small"
  num_cache_clusters   = 2
}

# Explicitly off.
resource "aws_elasticache_replication_group" "disabled" {
  replication_group_id       = "disabled"
  description                = "Explicitly unencrypted"
  engine                     = "redis"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  at_rest_encryption_enabled = false # expect: elasticache-at-rest-unencrypted@32
}

# Off on Valkey too.
resource "aws_elasticache_replication_group" "valkey_disabled" {
  replication_group_id       = "valkey-disabled"
  description                = "Valkey, explicitly unencrypted"
  engine                     = "valkey"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  at_rest_encryption_enabled = var.at_rest # expect: elasticache-at-rest-unencrypted@32
}

# A member of a global datastore takes its encryption from there: silent.
resource "aws_elasticache_replication_group" "secondary" {
  replication_group_id        = "secondary"
  description                 = "Global datastore member"
  global_replication_group_id = var.global_datastore
  num_cache_clusters          = 2
}

# Encrypted: silent.
resource "aws_elasticache_replication_group" "encrypted" {
  replication_group_id       = "encrypted"
  description                = "Encrypted"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  at_rest_encryption_enabled = true
}
