# Built-in functions with Terraform's semantics. Every volume below is
# unencrypted when its expression evaluates as Terraform would; those whose
# value cannot be known stay silent.

variable "settings" {
  type = object({
    encryption = optional(string, "off")
    tags       = optional(map(string), {})
  })
  default = {}
}

variable "unknown" {
  type = string
}

locals {
  flags    = { a = "true", b = "false" }
  names    = ["alpha", "beta", "gamma"]
  csv      = "x,y,z"
  nested   = [["a"], ["b", ["c"]]]
  decoded  = jsondecode("{\"encrypted\": false, \"list\": [1, 2, 3]}")
  subnet   = cidrsubnet("10.0.0.0/16", 8, 2)
  replaced = replace("enc-on", "/-(on|off)$/", "-$1x")
}

resource "aws_ebs_volume" "lookup" {
  availability_zone = "eu-west-1a"
  encrypted         = tobool(lookup(local.flags, "b", "true"))
}

resource "aws_ebs_volume" "optional_default" {
  availability_zone = "eu-west-1a"
  encrypted         = var.settings.encryption == "on"
}

resource "aws_ebs_volume" "decoded" {
  availability_zone = "eu-west-1a"
  encrypted         = local.decoded.encrypted
}

resource "aws_ebs_volume" "strings" {
  availability_zone = "eu-west-1a"
  # Every check is true, so the negation is false and reported.
  encrypted = !alltrue([
    join("-", split(",", local.csv)) == "x-y-z",
    upper(trimspace("  ab ")) == "AB",
    format("%s=%d", "n", 3) == "n=3",
    local.subnet == "10.0.2.0/24",
    local.replaced == "enc-onx",
    length(flatten(local.nested)) == 3,
    element(local.names, 4) == "beta",
    contains(keys(local.flags), "b"),
    length(distinct(concat(local.names, ["beta"]))) == 3,
    sum(range(4)) == 6,
    substr("palisade", 0, 4) == "pali",
    base64decode(base64encode("x")) == "x",
    length(zipmap(["k"], [1])) == 1,
    coalesce("", "v") == "v",
    one(coalescelist([], ["z"])) == "z",
    startswith("abc", "ab") && endswith("abc", "bc"),
    max(1, 5, 3) == 5 && min(2, 1) == 1 && abs(-2) == 2 && ceil(1.2) == 2 && floor(1.8) == 1,
    regex("v([0-9]+)", "v42")[0] == "42",
    length(compact(["", "a", null])) == 1,
    slice(local.names, 1, 3)[0] == "beta",
    tonumber("7") + 1 == 8 && tostring(5) == "5",
    length(merge({ a = 1 }, { a = 2, b = 3 })) == 2,
    length(toset(["a", "a"])) == 1 && length(tolist(["a"])) == 1 && length(tomap({ k = "v" })) == 1,
    length(values(local.flags)) == 2,
    jsonencode({ a = 1 }) != null,
  ])
}

# try: a missing attribute is an error, so the fallback applies.
resource "aws_ebs_volume" "try_fallback" {
  availability_zone = "eu-west-1a"
  encrypted         = try(local.decoded.missing, false)
}

# can: false for an error.
resource "aws_ebs_volume" "can_false" {
  availability_zone = "eu-west-1a"
  encrypted         = can(local.decoded.missing)
}

# try over an unknown value is unknown: never the fallback. Silent.
resource "aws_ebs_volume" "try_unknown" {
  availability_zone = "eu-west-1a"
  encrypted         = try(aws_kms_key.k.enabled, false)
}

# An unknown argument makes the result unknown. Silent.
resource "aws_ebs_volume" "unknown_arg" {
  availability_zone = "eu-west-1a"
  encrypted         = lower(var.unknown) == "true"
}

# coalesce stops at an unknown argument before a known one. Silent.
resource "aws_ebs_volume" "coalesce_unknown" {
  availability_zone = "eu-west-1a"
  encrypted         = coalesce(var.unknown, "false")
}

# A function that is not evaluated statically is unknown. Silent.
resource "aws_ebs_volume" "unimplemented" {
  availability_zone = "eu-west-1a"
  encrypted         = timestamp() == ""
}

resource "aws_kms_key" "k" {}
