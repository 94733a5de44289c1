include "a" {
  path = "a.hcl"
}

terraform {
  source = "../../../modules//bucket"
}
