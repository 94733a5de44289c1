# A separate module: one flow log targets a VPC passed in by the caller, so
# it may cover the VPC declared here. We cannot tell: everything is silent.

variable "vpc_id" {
  type = string
}

variable "flow_log_bucket_arn" {
  type = string
}

resource "aws_vpc" "maybe_logged" {
  cidr_block = "10.40.0.0/16"
}

resource "aws_flow_log" "caller_vpc" {
  vpc_id               = var.vpc_id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = var.flow_log_bucket_arn
}
