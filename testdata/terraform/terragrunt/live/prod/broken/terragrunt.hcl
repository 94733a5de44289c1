terraform {
  source = "../../../modules//volume"

inputs = {
  encrypted = false
}
