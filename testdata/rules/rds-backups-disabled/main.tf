# Fixtures for rds-backups-disabled (AWS-RDS-004).

variable "retention" {
  type    = number
  default = 0
}

variable "retention_from_caller" {
  type = number
}

# Backups turned off.
resource "aws_db_instance" "off" {
  engine                  = "mysql"
  instance_class          = "db.t3.micro"
  backup_retention_period = 0 # expect: rds-backups-disabled@29
}

# Turned off through a variable's default.
resource "aws_db_instance" "from_default" {
  engine                  = "postgres"
  instance_class          = "db.t3.micro"
  backup_retention_period = var.retention # expect: rds-backups-disabled@29
}

# Left out: AWS's one-day default keeps backups, silent.
resource "aws_db_instance" "default" {
  engine         = "postgres"
  instance_class = "db.t3.micro"
}

# Short but on: silent.
resource "aws_db_instance" "short" {
  engine                  = "postgres"
  instance_class          = "db.t3.micro"
  backup_retention_period = 1
}

# Unknown: silent.
resource "aws_db_instance" "unknown" {
  engine                  = "postgres"
  instance_class          = "db.t3.micro"
  backup_retention_period = var.retention_from_caller
}

# A read replica without backups of its own: silent.
resource "aws_db_instance" "replica" {
  replicate_source_db     = aws_db_instance.short.identifier
  instance_class          = "db.t3.micro"
  backup_retention_period = 0
}
