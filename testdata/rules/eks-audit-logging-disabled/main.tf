# Fixtures for eks-audit-logging-disabled (AWS-EKS-002).

variable "log_types" {
  type    = list(string)
  default = ["api"] # expect: eks-audit-logging-disabled@13
}

variable "caller_log_types" {
  type = list(string)
}

resource "aws_eks_cluster" "no_logging" { # expect: eks-audit-logging-disabled@1
  name     = "no-logging"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"

  vpc_config {
    subnet_ids             = ["subnet-0123456789abcdef0"]
    endpoint_public_access = false
  }
}

resource "aws_eks_cluster" "without_audit" {
  name                      = "without-audit"
  role_arn                  = "arn:aws:iam::123456789012:role/eks-cluster"
  enabled_cluster_log_types = ["api", "authenticator"] # expect: eks-audit-logging-disabled@31

  vpc_config {
    subnet_ids             = ["subnet-0123456789abcdef0"]
    endpoint_public_access = false
  }
}

resource "aws_eks_cluster" "from_variable" {
  name                      = "from-variable"
  role_arn                  = "arn:aws:iam::123456789012:role/eks-cluster"
  enabled_cluster_log_types = var.log_types

  vpc_config {
    subnet_ids             = ["subnet-0123456789abcdef0"]
    endpoint_public_access = false
  }
}

# Audit, unknown: silent.
resource "aws_eks_cluster" "audit" {
  name                      = "audit"
  role_arn                  = "arn:aws:iam::123456789012:role/eks-cluster"
  enabled_cluster_log_types = ["audit"]

  vpc_config {
    subnet_ids             = ["subnet-0123456789abcdef0"]
    endpoint_public_access = false
  }
}

resource "aws_eks_cluster" "unknown" {
  name                      = "unknown"
  role_arn                  = "arn:aws:iam::123456789012:role/eks-cluster"
  enabled_cluster_log_types = var.caller_log_types

  vpc_config {
    subnet_ids             = ["subnet-0123456789abcdef0"]
    endpoint_public_access = false
  }
}
