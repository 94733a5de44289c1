variable "zones" {
  type    = set(string)
  default = ["a", "b"]
}

variable "unknown_count" {
  type = number
}

variable "ports" {
  type    = list(number)
  default = [22, 443]
}

# count: one finding per block, for the instances count.index makes unencrypted.
resource "aws_ebs_volume" "counted" {
  count             = 3
  availability_zone = "eu-west-1a"
  encrypted         = count.index != 1
}

# count = 0 removes the resource: silent.
resource "aws_ebs_volume" "removed" {
  count             = 0
  availability_zone = "eu-west-1a"
}

# A count from a condition: removed when false.
resource "aws_ebs_volume" "conditional" {
  count             = length(var.zones) > 5 ? 1 : 0
  availability_zone = "eu-west-1a"
}

# for_each over a set: each.key and each.value.
resource "aws_ebs_volume" "zoned" {
  for_each          = var.zones
  availability_zone = "eu-west-1${each.value}"
  encrypted         = each.key == "a"
}

# for_each over an empty map: removed.
resource "aws_ebs_volume" "none" {
  for_each          = {}
  availability_zone = "eu-west-1a"
}

# An unknown count is one instance whose count.index is unknown: the
# attribute that depends on it stays silent.
resource "aws_ebs_volume" "unknown_index" {
  count             = var.unknown_count
  availability_zone = "eu-west-1a"
  encrypted         = count.index == 0
}

# ... but what does not depend on it is still checked.
resource "aws_ebs_volume" "unknown_count_missing" {
  count             = var.unknown_count
  availability_zone = "eu-west-1a"
}

# for_each over a map built with a for expression, each.value an object.
resource "aws_security_group" "by_port" {
  for_each = { for p in var.ports : tostring(p) => { port = p, open = p == 22 } }
  name     = "port-${each.key}"

  ingress {
    from_port   = each.value.port
    to_port     = each.value.port
    protocol    = "tcp"
    cidr_blocks = each.value.open ? ["0.0.0.0/0"] : ["10.0.0.0/8"]
  }
}

# References to instances link to the right resource.
resource "aws_s3_bucket" "b" {
  count  = 2
  bucket = "bucket-${count.index}"
}

resource "aws_s3_bucket_public_access_block" "b" {
  bucket                  = aws_s3_bucket.b[0].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
