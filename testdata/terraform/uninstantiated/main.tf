# The only call makes no instance: the module is still checked, as a root
# with its defaults.
module "off" {
  source = "./off"
  count  = 0
}
