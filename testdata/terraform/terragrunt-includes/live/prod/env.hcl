locals {
  environment = "prod"
  encrypt     = true
}
