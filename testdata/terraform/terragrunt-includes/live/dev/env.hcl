locals {
  environment = "dev"
  encrypt     = false
}
