#!/usr/bin/env python3
"""Deterministic generator of a large Terraform tree for scaling benchmarks.

usage: gen.py OUT_DIR RESOURCES [SEED]

Writes RESOURCES resources spread over modules of ~50 resources each (one
directory per module, several files per module), mixing secure and insecure
configurations of the resource types Palisade models, with variables, locals,
references between resources and jsonencode policies.
"""
import os
import random
import sys


def module(rng, idx, count):
    files = {}
    vars_ = [
        f'variable "encrypt_{idx}" {{\n  type    = bool\n  default = {str(rng.random() < 0.5).lower()}\n}}\n',
        f'variable "cidr_{idx}" {{\n  default = "{rng.choice(["0.0.0.0/0", "10.0.0.0/8"])}"\n}}\n',
    ]
    files["variables.tf"] = "\n".join(vars_)
    files["locals.tf"] = (
        "locals {\n"
        f'  name   = "mod-{idx}"\n'
        f'  prefix = "${{local.name}}-app"\n'
        '  tags   = { Owner = "bench", Name = local.prefix }\n'
        "}\n"
    )
    parts = []
    for i in range(count):
        kind = rng.randrange(8)
        n = f"r{i}"
        if kind == 0:
            parts.append(
                f'resource "aws_ebs_volume" "{n}" {{\n  availability_zone = "eu-west-1a"\n  size = {rng.randrange(8, 500)}\n'
                f"  encrypted = var.encrypt_{idx}\n  tags = local.tags\n}}\n"
            )
        elif kind == 1:
            parts.append(
                f'resource "aws_s3_bucket" "{n}" {{\n  bucket = "${{local.prefix}}-{n}"\n}}\n\n'
                f'resource "aws_s3_bucket_acl" "{n}" {{\n  bucket = aws_s3_bucket.{n}.id\n  acl = "{rng.choice(["private", "public-read"])}"\n}}\n'
            )
        elif kind == 2:
            port = rng.choice([22, 443, 5432, 8080])
            parts.append(
                f'resource "aws_security_group" "{n}" {{\n  name = "${{local.prefix}}-{n}"\n  ingress {{\n'
                f'    from_port = {port}\n    to_port = {port}\n    protocol = "tcp"\n    cidr_blocks = [var.cidr_{idx}]\n  }}\n'
                '  egress {\n    from_port = 0\n    to_port = 0\n    protocol = "-1"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n'
            )
        elif kind == 3:
            action = rng.choice(['"s3:GetObject"', '"s3:*"', '"*"', '["ec2:Describe*", "logs:*"]'])
            parts.append(
                f'resource "aws_iam_policy" "{n}" {{\n  name = "${{local.prefix}}-{n}"\n  policy = jsonencode({{\n'
                '    Version = "2012-10-17"\n    Statement = [{\n      Effect = "Allow"\n'
                f'      Action = {action}\n      Resource = "*"\n    }}]\n  }})\n}}\n'
            )
        elif kind == 4:
            parts.append(
                f'resource "aws_db_instance" "{n}" {{\n  engine = "postgres"\n  instance_class = "db.t3.micro"\n'
                f'  allocated_storage = 20\n  storage_encrypted = {str(rng.random() < 0.7).lower()}\n}}\n'
            )
        elif kind == 5:
            parts.append(f'resource "aws_vpc" "{n}" {{\n  cidr_block = "10.{i % 256}.0.0/16"\n}}\n')
            if rng.random() < 0.5:
                parts.append(
                    f'resource "aws_flow_log" "{n}" {{\n  vpc_id = aws_vpc.{n}.id\n  traffic_type = "ALL"\n'
                    f'  log_destination = "arn:aws:s3:::logs"\n}}\n'
                )
        elif kind == 6:
            parts.append(
                f'resource "aws_instance" "{n}" {{\n  ami = "ami-123"\n  instance_type = "t3.micro"\n'
                f"  root_block_device {{\n    volume_size = 20\n    encrypted = {str(rng.random() < 0.5).lower()}\n  }}\n}}\n"
            )
        else:
            parts.append(
                f'resource "aws_cloudtrail" "{n}" {{\n  name = "${{local.prefix}}-{n}"\n  s3_bucket_name = "trail"\n'
                f"  enable_log_file_validation = {str(rng.random() < 0.5).lower()}\n}}\n"
            )
    per_file = 10
    for f in range(0, len(parts), per_file):
        files[f"main_{f // per_file}.tf"] = "\n".join(parts[f : f + per_file])
    return files


def main():
    out, total = sys.argv[1], int(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 42
    rng = random.Random(seed)
    per_module = 50
    idx = 0
    while total > 0:
        count = min(per_module, total)
        d = os.path.join(out, f"module_{idx:05d}")
        os.makedirs(d, exist_ok=True)
        for name, text in module(rng, idx, count).items():
            with open(os.path.join(d, name), "w") as fh:
                fh.write(text)
        total -= count
        idx += 1


if __name__ == "__main__":
    main()
