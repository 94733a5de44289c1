# Nested expansions are bounded as a whole: past the budget, values are
# unknown (silent), and the budget is reported once.
locals {
  grid = [for a in range(2000) : [for b in range(2000) : a * b]]
}

resource "aws_ebs_volume" "grid" {
  availability_zone = "eu-west-1a"
  encrypted         = length(local.grid) == 2000
}
