module "disk" {
  source    = "../volume"
  encrypted = false
}
