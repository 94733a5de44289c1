# Fixtures for redshift-cluster-unencrypted (AWS-RS-001).

variable "flag" {
  type    = bool
  default = false
}

variable "flag_from_caller" {
  type = bool
}

# Left out: the provider's default changed with version 6. Silent.
resource "aws_redshift_cluster" "missing" {
  cluster_identifier = "missing"
  node_type          = "ra3.xlplus"
}

# Written.
resource "aws_redshift_cluster" "written" {
  cluster_identifier = "written"
  node_type          = "ra3.xlplus"
  encrypted          = false # expect: redshift-cluster-unencrypted@24
}

# From a variable default: reported at the use site.
resource "aws_redshift_cluster" "from_default" {
  cluster_identifier = "from-default"
  node_type          = "ra3.xlplus"
  encrypted          = var.flag # expect: redshift-cluster-unencrypted@24
}

# Unknown: silent.
resource "aws_redshift_cluster" "from_caller" {
  cluster_identifier = "from-caller"
  node_type          = "ra3.xlplus"
  encrypted          = var.flag_from_caller
}

# Secure: silent.
resource "aws_redshift_cluster" "secure" {
  cluster_identifier = "secure"
  node_type          = "ra3.xlplus"
  encrypted          = true
}

# Restored from a snapshot, which decides: silent.
resource "aws_redshift_cluster" "restored" {
  cluster_identifier  = "restored"
  node_type           = "ra3.xlplus"
  snapshot_identifier = "nightly"
  encrypted           = false
}
