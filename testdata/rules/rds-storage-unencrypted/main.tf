# Fixtures for rds-storage-unencrypted (AWS-RDS-001).

variable "encrypt_reporting_db" {
  type    = bool
  default = false
}

variable "encrypt_from_caller" {
  type = bool
}

variable "db_password" {
  type      = string
  sensitive = true
}

# --- aws_db_instance ------------------------------------------------------

# Attribute left out: instances are unencrypted by default.
resource "aws_db_instance" "missing" { # expect: rds-storage-unencrypted@1
  identifier        = "orders-missing"
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
  username          = "app"
  password          = var.db_password
}

# Explicitly unencrypted.
resource "aws_db_instance" "disabled" {
  identifier        = "orders-disabled"
  engine            = "mysql"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
  username          = "app"
  password          = var.db_password
  storage_encrypted = false # expect: rds-storage-unencrypted@23
}

# A variable whose default is false: reported at the use site.
resource "aws_db_instance" "from_default" {
  identifier        = "reporting"
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
  username          = "app"
  password          = var.db_password
  storage_encrypted = var.encrypt_reporting_db # expect: rds-storage-unencrypted@23
}

# A variable without a default is unknown: silent.
resource "aws_db_instance" "from_caller" {
  identifier        = "analytics"
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
  username          = "app"
  password          = var.db_password
  storage_encrypted = var.encrypt_from_caller
}

# Encrypted primary: silent.
resource "aws_db_instance" "primary" {
  identifier        = "orders"
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
  username          = "app"
  password          = var.db_password
  storage_encrypted = true
}

# Read replica: encryption follows the source instance: silent.
resource "aws_db_instance" "replica" {
  identifier          = "orders-replica"
  replicate_source_db = aws_db_instance.primary.identifier
  instance_class      = "db.t3.micro"
}

# Restored from a snapshot: encryption follows the snapshot: silent.
resource "aws_db_instance" "restored" {
  identifier          = "orders-restored"
  snapshot_identifier = "orders-final-snapshot"
  instance_class      = "db.t3.micro"
}

# --- aws_rds_cluster ------------------------------------------------------

# Attribute left out: provisioned clusters are unencrypted by default.
resource "aws_rds_cluster" "missing" { # expect: rds-storage-unencrypted@1
  cluster_identifier = "inventory-missing"
  engine             = "aurora-postgresql"
  master_username    = "app"
  master_password    = var.db_password
}

# Explicitly unencrypted.
resource "aws_rds_cluster" "disabled" {
  cluster_identifier = "inventory-disabled"
  engine             = "aurora-mysql"
  master_username    = "app"
  master_password    = var.db_password
  storage_encrypted  = false # expect: rds-storage-unencrypted@24
}

# Aurora Serverless v1 is always encrypted: silent.
resource "aws_rds_cluster" "serverless" {
  cluster_identifier = "inventory-serverless"
  engine             = "aurora-mysql"
  engine_mode        = "serverless"
  master_username    = "app"
  master_password    = var.db_password
}

# Cross-region replica cluster: encryption follows the source: silent.
resource "aws_rds_cluster" "replica" {
  cluster_identifier            = "inventory-replica"
  engine                        = "aurora-mysql"
  replication_source_identifier = "arn:aws:rds:us-east-1:111122223333:cluster:inventory"
}

# Encrypted cluster: silent.
resource "aws_rds_cluster" "encrypted" {
  cluster_identifier = "inventory"
  engine             = "aurora-postgresql"
  master_username    = "app"
  master_password    = var.db_password
  storage_encrypted  = true
}

# Cluster members inherit the cluster's encryption and are never checked: silent.
resource "aws_rds_cluster_instance" "member" {
  identifier         = "inventory-1"
  cluster_identifier = aws_rds_cluster.encrypted.id
  instance_class     = "db.r6g.large"
  engine             = aws_rds_cluster.encrypted.engine
}
