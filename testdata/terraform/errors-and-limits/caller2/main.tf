# A second root calling the recursive module: its problem is reported once.
module "loop" {
  source = "../modules/loop"
}
