# Fixtures for rds-deletion-protection-disabled (AWS-RDS-003).

variable "protect_reporting" {
  type    = bool
  default = false
}

variable "protect_from_caller" {
  type = bool
}

# Attribute left out: unprotected by default.
resource "aws_db_instance" "missing" { # expect: rds-deletion-protection-disabled@1
  identifier                  = "orders-missing"
  engine                      = "postgres"
  instance_class              = "db.t3.micro"
  allocated_storage           = 20
  username                    = "app"
  manage_master_user_password = true
}

# Explicitly unprotected.
resource "aws_db_instance" "disabled" {
  identifier                  = "orders-disabled"
  engine                      = "mysql"
  instance_class              = "db.t3.micro"
  allocated_storage           = 20
  username                    = "app"
  manage_master_user_password = true
  deletion_protection         = false # expect: rds-deletion-protection-disabled@33
}

# A variable whose default is false: reported at the use site.
resource "aws_db_instance" "from_default" {
  identifier                  = "reporting"
  engine                      = "postgres"
  instance_class              = "db.t3.micro"
  allocated_storage           = 20
  username                    = "app"
  manage_master_user_password = true
  deletion_protection         = var.protect_reporting # expect: rds-deletion-protection-disabled@33
}

# A variable without a default is unknown: silent.
resource "aws_db_instance" "from_caller" {
  identifier                  = "analytics"
  engine                      = "postgres"
  instance_class              = "db.t3.micro"
  allocated_storage           = 20
  username                    = "app"
  manage_master_user_password = true
  deletion_protection         = var.protect_from_caller
}

# Protected: silent.
resource "aws_db_instance" "protected" {
  identifier                  = "orders"
  engine                      = "postgres"
  instance_class              = "db.t3.micro"
  allocated_storage           = 20
  username                    = "app"
  manage_master_user_password = true
  deletion_protection         = true
}

# --- aws_rds_cluster --------------------------------------------------------

# Attribute left out: unprotected by default.
resource "aws_rds_cluster" "missing" { # expect: rds-deletion-protection-disabled@1
  cluster_identifier          = "inventory-missing"
  engine                      = "aurora-postgresql"
  master_username             = "app"
  manage_master_user_password = true
}

# Explicitly unprotected.
resource "aws_rds_cluster" "disabled" {
  cluster_identifier          = "inventory-disabled"
  engine                      = "aurora-mysql"
  master_username             = "app"
  manage_master_user_password = true
  deletion_protection         = false # expect: rds-deletion-protection-disabled@33
}

# Protected cluster: silent.
resource "aws_rds_cluster" "protected" {
  cluster_identifier          = "inventory"
  engine                      = "aurora-postgresql"
  master_username             = "app"
  manage_master_user_password = true
  deletion_protection         = true
}

# Members are protected by their cluster: silent.
resource "aws_rds_cluster_instance" "member" {
  identifier         = "inventory-1"
  cluster_identifier = aws_rds_cluster.protected.id
  instance_class     = "db.r6g.large"
  engine             = aws_rds_cluster.protected.engine
}
