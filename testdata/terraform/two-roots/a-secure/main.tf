# Same module name, same resource address and place as the other root:
# the other root's value must not be taken for this one's.
module "disk" {
  source    = "../volume"
  encrypted = true
}
