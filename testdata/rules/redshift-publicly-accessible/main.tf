# Fixtures for redshift-publicly-accessible (AWS-RS-002).

variable "flag" {
  type    = bool
  default = true
}

variable "flag_from_caller" {
  type = bool
}

# Left out: the provider's default changed with version 6. Silent.
resource "aws_redshift_cluster" "missing" {
  cluster_identifier  = "missing"
  node_type           = "ra3.xlplus"
}

# Written.
resource "aws_redshift_cluster" "written" {
  cluster_identifier  = "written"
  node_type           = "ra3.xlplus"
  publicly_accessible = true # expect: redshift-publicly-accessible@25
}

# From a variable default: reported at the use site.
resource "aws_redshift_cluster" "from_default" {
  cluster_identifier  = "from-default"
  node_type           = "ra3.xlplus"
  publicly_accessible = var.flag # expect: redshift-publicly-accessible@25
}

# Unknown: silent.
resource "aws_redshift_cluster" "from_caller" {
  cluster_identifier  = "from-caller"
  node_type           = "ra3.xlplus"
  publicly_accessible = var.flag_from_caller
}

# Secure: silent.
resource "aws_redshift_cluster" "secure" {
  cluster_identifier  = "secure"
  node_type           = "ra3.xlplus"
  publicly_accessible = false
}
