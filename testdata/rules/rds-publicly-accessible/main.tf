# Fixtures for rds-publicly-accessible (AWS-RDS-002).

variable "reporting_public" {
  type    = bool
  default = true
}

variable "public_from_caller" {
  type = bool
}

locals {
  expose_analytics = true
}

# Attribute left out: the provider sends false: silent.
resource "aws_db_instance" "missing" {
  identifier                  = "orders-missing"
  engine                      = "postgres"
  instance_class              = "db.t3.micro"
  allocated_storage           = 20
  username                    = "app"
  manage_master_user_password = true
  storage_encrypted           = true
}

# Explicitly public.
resource "aws_db_instance" "public" {
  identifier                  = "orders-public"
  engine                      = "mysql"
  instance_class              = "db.t3.micro"
  allocated_storage           = 20
  username                    = "app"
  manage_master_user_password = true
  storage_encrypted           = true
  publicly_accessible         = true # expect: rds-publicly-accessible@33
}

# A variable whose default is true: reported at the use site.
resource "aws_db_instance" "from_default" {
  identifier                  = "reporting"
  engine                      = "postgres"
  instance_class              = "db.t3.micro"
  allocated_storage           = 20
  username                    = "app"
  manage_master_user_password = true
  storage_encrypted           = true
  publicly_accessible         = var.reporting_public # expect: rds-publicly-accessible@33
}

# A local that is true: reported at the use site.
resource "aws_db_instance" "from_local" {
  identifier                  = "analytics"
  engine                      = "postgres"
  instance_class              = "db.t3.micro"
  allocated_storage           = 20
  username                    = "app"
  manage_master_user_password = true
  storage_encrypted           = true
  publicly_accessible         = local.expose_analytics # expect: rds-publicly-accessible@33
}

# A variable without a default is unknown: silent.
resource "aws_db_instance" "from_caller" {
  identifier                  = "billing"
  engine                      = "postgres"
  instance_class              = "db.t3.micro"
  allocated_storage           = 20
  username                    = "app"
  manage_master_user_password = true
  storage_encrypted           = true
  publicly_accessible         = var.public_from_caller
}

# Private: silent.
resource "aws_db_instance" "private" {
  identifier                  = "orders"
  engine                      = "postgres"
  instance_class              = "db.t3.micro"
  allocated_storage           = 20
  username                    = "app"
  manage_master_user_password = true
  storage_encrypted           = true
  publicly_accessible         = false
}

# A public read replica.
resource "aws_db_instance" "replica" {
  identifier          = "orders-replica"
  replicate_source_db = aws_db_instance.private.identifier
  instance_class      = "db.t3.micro"
  publicly_accessible = true # expect: rds-publicly-accessible@25
}

# --- aws_rds_cluster_instance ----------------------------------------------

resource "aws_rds_cluster" "inventory" {
  cluster_identifier          = "inventory"
  engine                      = "aurora-postgresql"
  master_username             = "app"
  manage_master_user_password = true
  storage_encrypted           = true
}

# A public Aurora member.
resource "aws_rds_cluster_instance" "public" {
  identifier          = "inventory-1"
  cluster_identifier  = aws_rds_cluster.inventory.id
  instance_class      = "db.r6g.large"
  engine              = aws_rds_cluster.inventory.engine
  publicly_accessible = true # expect: rds-publicly-accessible@25
}

# A member left private by default: silent.
resource "aws_rds_cluster_instance" "private" {
  identifier         = "inventory-2"
  cluster_identifier = aws_rds_cluster.inventory.id
  instance_class     = "db.r6g.large"
  engine             = aws_rds_cluster.inventory.engine
}

# A conditional on an unknown input: only the true branch is reported.
resource "aws_db_instance" "conditional" {
  identifier                  = "conditional"
  engine                      = "postgres"
  instance_class              = "db.t3.micro"
  allocated_storage           = 20
  username                    = "app"
  manage_master_user_password = true
  storage_encrypted           = true
  publicly_accessible         = var.public_from_caller ? true : false # expect: rds-publicly-accessible@58
}
