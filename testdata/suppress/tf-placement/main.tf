# palisade:ignore:ebs-volume-unencrypted scratch disk, wiped nightly
resource "aws_ebs_volume" "before_resource" {
  availability_zone = "eu-west-1a"
  size              = 10
}

resource "aws_security_group" "nested" {
  name = "nested"
  # palisade:ignore:AWS-VPC-002 bastion until the VPN lands
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  ingress {
    from_port = 443
    to_port   = 443
    protocol  = "tcp"
    // palisade:ignore:sg-public-ingress public HTTPS endpoint
    cidr_blocks = ["0.0.0.0/0"]
  }
  ingress {
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_s3_bucket" "end_of_line" { # palisade:ignore:AWS-S3-001, s3-public-access-block static website
  bucket = "site"
  acl    = "public-read"
}

resource "aws_s3_bucket" "attribute_end_of_line" {
  bucket = "assets"
  acl    = "public-read" # palisade:ignore:S3-Bucket-Public-ACL CDN origin, reviewed
}

resource "aws_security_group" "line" {
  name = "line"
  ingress {
    from_port = 8080
    to_port   = 8080
    protocol  = "tcp"
    cidr_blocks = [
      "10.0.0.0/8",
      "0.0.0.0/0", # palisade:ignore:sg-public-ingress load balancer health checks
    ]
  }
}

/* palisade:ignore:vpc-flow-logs-disabled flow logs are enabled org-wide */
# owned by the network team
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
