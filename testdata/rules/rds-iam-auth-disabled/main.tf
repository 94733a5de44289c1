# Fixtures for rds-iam-auth-disabled (AWS-RDS-005).

variable "iam_auth" {
  type    = bool
  default = false
}

variable "engine" {
  type = string
}

# Left out on a PostgreSQL instance.
resource "aws_db_instance" "missing" { # expect: rds-iam-auth-disabled@1
  engine         = "postgres"
  instance_class = "db.t3.micro"
}

# Explicitly off on MySQL.
resource "aws_db_instance" "off" {
  engine                              = "mysql"
  instance_class                      = "db.t3.micro"
  iam_database_authentication_enabled = false # expect: rds-iam-auth-disabled@41
}

# Off through a variable's default, on an Aurora cluster (engine left out: aurora).
resource "aws_rds_cluster" "from_default" {
  cluster_identifier                  = "app"
  iam_database_authentication_enabled = var.iam_auth # expect: rds-iam-auth-disabled@41
}

# Oracle does not support it: silent.
resource "aws_db_instance" "oracle" {
  engine         = "oracle-ee"
  instance_class = "db.m5.large"
}

# Unknown engine: silent.
resource "aws_db_instance" "unknown_engine" {
  engine         = var.engine
  instance_class = "db.t3.micro"
}

# A cluster member: the cluster holds it, silent.
resource "aws_rds_cluster_instance" "member" {
  cluster_identifier = aws_rds_cluster.from_default.id
  engine             = "aurora-postgresql"
  instance_class     = "db.r6g.large"
}

# Enabled: silent.
resource "aws_db_instance" "on" {
  engine                              = "mariadb"
  instance_class                      = "db.t3.micro"
  iam_database_authentication_enabled = true
}
