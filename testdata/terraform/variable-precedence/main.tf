# Each variable is set at several levels; Terraform's precedence is
# default < TF_VAR_ < terraform.tfvars < terraform.tfvars.json
# < *.auto.tfvars(.json) in lexical order < --var-file/--var in order.
# A volume is reported when the winning value is false.

variable "env_wins" {
  type    = bool
  default = true
}

variable "tfvars_wins" {
  type    = bool
  default = false
}

variable "json_wins" {
  type = bool
}

variable "auto_wins" {
  type = bool
}

variable "last_auto_wins" {
  type = bool
}

variable "var_file_wins" {
  type = bool
}

variable "var_wins" {
  type = bool
}

variable "later_var_file_wins" {
  type = bool
}

variable "default_only" {
  type    = bool
  default = "false"
}

resource "aws_ebs_volume" "env_wins" {
  availability_zone = "eu-west-1a"
  encrypted         = var.env_wins
}

resource "aws_ebs_volume" "tfvars_wins" {
  availability_zone = "eu-west-1a"
  encrypted         = var.tfvars_wins
}

resource "aws_ebs_volume" "json_wins" {
  availability_zone = "eu-west-1a"
  encrypted         = var.json_wins
}

resource "aws_ebs_volume" "auto_wins" {
  availability_zone = "eu-west-1a"
  encrypted         = var.auto_wins
}

resource "aws_ebs_volume" "last_auto_wins" {
  availability_zone = "eu-west-1a"
  encrypted         = var.last_auto_wins
}

resource "aws_ebs_volume" "var_file_wins" {
  availability_zone = "eu-west-1a"
  encrypted         = var.var_file_wins
}

resource "aws_ebs_volume" "var_wins" {
  availability_zone = "eu-west-1a"
  encrypted         = var.var_wins
}

resource "aws_ebs_volume" "later_var_file_wins" {
  availability_zone = "eu-west-1a"
  encrypted         = var.later_var_file_wins
}

resource "aws_ebs_volume" "default_only" {
  availability_zone = "eu-west-1a"
  encrypted         = var.default_only
}

# --var for a collection type is read as an HCL expression; its elements are
# reported at the variable's declaration.
variable "cidrs" {
  type = list(string)
}

resource "aws_security_group" "from_var" {
  name = "from-var"

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = var.cidrs
  }
}
