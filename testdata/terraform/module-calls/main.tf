# Three calls of one module. Identical findings are reported once, related to
# every call that produces them; findings that differ (the port in the message,
# or a value each caller writes in its own argument) are reported per call.

module "first" {
  source    = "./volume"
  encrypted = false
  iops      = 100
  port      = 22
}

module "second" {
  source    = "./volume"
  encrypted = false
  iops      = 200
  port      = 3389
}

module "safe" {
  source    = "./volume"
  encrypted = true
  iops      = 300
  port      = 22
}
