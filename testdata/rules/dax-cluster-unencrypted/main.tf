# Fixtures for dax-cluster-unencrypted (AWS-DDB-002).

variable "dax_sse" {
  type    = bool
  default = false
}

variable "dax_sse_from_caller" {
  type = bool
}

# No block: unencrypted by default.
resource "aws_dax_cluster" "missing" { # expect: dax-cluster-unencrypted@1
  cluster_name       = "missing"
  iam_role_arn       = "arn:aws:iam::123456789012:role/dax"
  node_type          = "dax.r5.large"
  replication_factor = 1
}

# A block without the flag: reported at the block.
resource "aws_dax_cluster" "empty_block" {
  cluster_name       = "empty-block"
  iam_role_arn       = "arn:aws:iam::123456789012:role/dax"
  node_type          = "dax.r5.large"
  replication_factor = 1

  server_side_encryption {} # expect: dax-cluster-unencrypted@3
}

# Explicitly off.
resource "aws_dax_cluster" "disabled" {
  cluster_name       = "disabled"
  iam_role_arn       = "arn:aws:iam::123456789012:role/dax"
  node_type          = "dax.r5.large"
  replication_factor = 1

  server_side_encryption {
    enabled = false # expect: dax-cluster-unencrypted@15
  }
}

# Off through a variable default: reported at the use site.
resource "aws_dax_cluster" "from_default" {
  cluster_name       = "from-default"
  iam_role_arn       = "arn:aws:iam::123456789012:role/dax"
  node_type          = "dax.r5.large"
  replication_factor = 1

  server_side_encryption {
    enabled = var.dax_sse # expect: dax-cluster-unencrypted@15
  }
}

# Unknown: silent.
resource "aws_dax_cluster" "from_caller" {
  cluster_name       = "from-caller"
  iam_role_arn       = "arn:aws:iam::123456789012:role/dax"
  node_type          = "dax.r5.large"
  replication_factor = 1

  server_side_encryption {
    enabled = var.dax_sse_from_caller
  }
}

# Encrypted: silent.
resource "aws_dax_cluster" "encrypted" {
  cluster_name       = "encrypted"
  iam_role_arn       = "arn:aws:iam::123456789012:role/dax"
  node_type          = "dax.r5.large"
  replication_factor = 1

  server_side_encryption {
    enabled = true
  }
}
