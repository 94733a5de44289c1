#!/usr/bin/env python3
"""Latency of `palisade lsp` from an edit to its diagnostics.

usage: lsp_latency.py [PALISADE_BINARY] [EDITS]

Generates a Terraform module of about 2,000 lines (main.tf, plus
variables.tf on disk), starts the language server, opens main.tf and sends
EDITS (default 50) incremental didChange edits that toggle one volume's
`encrypted` between false and true. For each edit it measures the time
until publishDiagnostics for that document version arrives.

Two runs: with `debounceMs: 0` (the check itself: what the user waits for
beyond the debounce delay), and with the default delay of 150 ms (end to
end; the delay is reported separately and subtracted). Median and p95 in
milliseconds. Build first: cargo build --release.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target/release/palisade")
EDITS = int(sys.argv[2]) if len(sys.argv) > 2 else 50
DEFAULT_DEBOUNCE_MS = 150


def module():
    """About 2,000 lines: volumes, databases, file systems, trails, buckets
    and security groups, some insecure, with variables and references."""
    blocks = []
    i = 0
    while sum(b.count("\n") + 1 for b in blocks) < 2000:
        kind = i % 6
        if kind == 0:
            enc = "var.encrypt" if i % 4 == 0 else ("true" if i % 3 else "false")
            blocks.append(
                f'resource "aws_ebs_volume" "v{i}" {{\n'
                f'  availability_zone = "eu-west-1a"\n'
                f"  size              = {10 + i}\n"
                f"  encrypted         = {enc}\n"
                f'  tags              = {{ Name = "volume-{i}" }}\n'
                f"}}\n"
            )
        elif kind == 1:
            blocks.append(
                f'resource "aws_db_instance" "db{i}" {{\n'
                f'  engine            = "postgres"\n'
                f'  instance_class    = "db.t3.micro"\n'
                f"  allocated_storage = 20\n"
                f"  storage_encrypted = {'true' if i % 2 else 'false'}\n"
                f"}}\n"
            )
        elif kind == 2:
            blocks.append(
                f'resource "aws_efs_file_system" "fs{i}" {{\n'
                f'  creation_token = "fs-{i}"\n'
                + ("  encrypted      = true\n" if i % 3 else "")
                + "}\n"
            )
        elif kind == 3:
            blocks.append(
                f'resource "aws_cloudtrail" "t{i}" {{\n'
                f'  name                       = "trail-{i}"\n'
                f"  s3_bucket_name             = aws_s3_bucket.b{i + 1}.id\n"
                f"  enable_log_file_validation = {'true' if i % 2 else 'false'}\n"
                f"}}\n"
            )
        elif kind == 4:
            blocks.append(
                f'resource "aws_s3_bucket" "b{i}" {{\n'
                f'  bucket = "bucket-{i}"\n'
                f"}}\n\n"
                f'resource "aws_s3_bucket_public_access_block" "b{i}" {{\n'
                f"  bucket                  = aws_s3_bucket.b{i}.id\n"
                f"  block_public_acls       = true\n"
                f"  block_public_policy     = true\n"
                f"  ignore_public_acls      = true\n"
                f"  restrict_public_buckets = {'true' if i % 2 else 'false'}\n"
                f"}}\n"
            )
        else:
            blocks.append(
                f'resource "aws_security_group" "sg{i}" {{\n'
                f'  name = "sg-{i}"\n'
                f"  ingress {{\n"
                f"    from_port   = {22 if i % 2 else 443}\n"
                f"    to_port     = {22 if i % 2 else 443}\n"
                f'    protocol    = "tcp"\n'
                f"    cidr_blocks = [var.cidr]\n"
                f"  }}\n"
                f"}}\n"
            )
        i += 1
    return "\n".join(blocks)


VARIABLES = """variable "encrypt" {
  type    = bool
  default = false
}

variable "cidr" {
  default = "0.0.0.0/0"
}
"""


class Server:
    def __init__(self, cwd):
        self.p = subprocess.Popen(
            [BINARY, "lsp"], cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.next_id = 0

    def send(self, obj):
        body = json.dumps(obj).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def recv(self):
        length = None
        while True:
            line = self.p.stdout.readline()
            if not line:
                raise SystemExit("the server closed its output")
            line = line.strip()
            if not line:
                break
            name, value = line.split(b":", 1)
            if name.lower() == b"content-length":
                length = int(value)
        return json.loads(self.p.stdout.read(length))

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            m = self.recv()
            if m.get("id") == self.next_id and "method" not in m:
                return m

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics(self, uri, version):
        while True:
            m = self.recv()
            p = m.get("params", {})
            if m.get("method") == "textDocument/publishDiagnostics" and p.get("uri") == uri:
                if p.get("version") == version:
                    return p["diagnostics"]

    def close(self):
        self.request("shutdown", None)
        self.notify("exit", None)
        self.p.wait(timeout=10)


def run(directory, text, debounce_ms):
    uri = "file://" + os.path.join(directory, "main.tf")
    s = Server(directory)
    s.request("initialize", {"processId": None, "capabilities": {}, "initializationOptions": {"debounceMs": debounce_ms}})
    s.notify("initialized", {})
    t = time.perf_counter()
    s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "terraform", "version": 1, "text": text}})
    first = len(s.diagnostics(uri, 1))
    open_ms = (time.perf_counter() - t) * 1000
    # The edit point: the `encrypted = true|false` line of a volume in the middle.
    lines = text.split("\n")
    target = next(
        n for n in range(len(lines) // 2, len(lines)) if lines[n].strip() in ("encrypted         = true", "encrypted         = false")
    )
    value = lines[target].split("= ")[1]
    col = lines[target].index("= ") + 2
    times = []
    counts = set()
    for version in range(2, EDITS + 2):
        new = "false" if value == "true" else "true"
        change = {
            "range": {"start": {"line": target, "character": col}, "end": {"line": target, "character": col + len(value)}},
            "text": new,
        }
        value = new
        t = time.perf_counter()
        s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
        counts.add(len(s.diagnostics(uri, version)))
        times.append((time.perf_counter() - t) * 1000 - debounce_ms)
    s.close()
    return open_ms, first, counts, times


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    if not os.path.exists(BINARY):
        raise SystemExit(f"{BINARY} not found: build with cargo build --release")
    text = module()
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "main.tf"), "w") as f:
            f.write(text)
        with open(os.path.join(d, "variables.tf"), "w") as f:
            f.write(VARIABLES)
        print(f"module: main.tf {text.count(chr(10)) + 1} lines ({len(text)} bytes) + variables.tf; {EDITS} edits; {os.cpu_count()} CPUs")
        for debounce in (0, DEFAULT_DEBOUNCE_MS):
            open_ms, first, counts, times = run(d, text, debounce)
            label = "check only (debounceMs 0)" if debounce == 0 else f"end to end minus the {debounce} ms debounce"
            print(
                f"{label}: median {statistics.median(times):.1f} ms, p95 {pct(times, 95):.1f} ms, "
                f"max {max(times):.1f} ms  (open: {open_ms:.1f} ms, {first} diagnostics; after edits: {sorted(counts)})"
            )


if __name__ == "__main__":
    main()
