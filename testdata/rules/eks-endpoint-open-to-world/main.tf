# Fixtures for eks-endpoint-open-to-world (AWS-EKS-001).

variable "admin_cidrs" {
  type    = list(string)
  default = ["10.0.0.0/8", "0.0.0.0/0"] # expect: eks-endpoint-open-to-world@28
}

variable "caller_cidrs" {
  type = list(string)
}

resource "aws_eks_cluster" "defaults" {
  name     = "defaults"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"

  vpc_config { # expect: eks-endpoint-open-to-world@3
    subnet_ids = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
  }
}

resource "aws_eks_cluster" "public_written" {
  name     = "public-written"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"

  vpc_config {
    subnet_ids             = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
    endpoint_public_access = true # expect: eks-endpoint-open-to-world@30
  }
}

resource "aws_eks_cluster" "from_variable" {
  name     = "from-variable"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"

  vpc_config {
    subnet_ids          = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
    public_access_cidrs = var.admin_cidrs
  }
}

resource "aws_eks_cluster" "ipv6_world" {
  name     = "ipv6-world"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"

  vpc_config {
    subnet_ids          = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
    public_access_cidrs = ["203.0.113.0/24", "0::/0"] # expect: eks-endpoint-open-to-world@46
  }
}

# Private, restricted, unknown: silent.
resource "aws_eks_cluster" "private" {
  name     = "private"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"

  vpc_config {
    subnet_ids              = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
    endpoint_private_access = true
    endpoint_public_access  = false
  }
}

resource "aws_eks_cluster" "restricted" {
  name     = "restricted"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"

  vpc_config {
    subnet_ids          = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
    public_access_cidrs = ["203.0.113.0/24"]
  }
}

resource "aws_eks_cluster" "unknown" {
  name     = "unknown"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"

  vpc_config {
    subnet_ids          = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
    public_access_cidrs = var.caller_cidrs
  }
}
