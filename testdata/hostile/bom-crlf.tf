resource "aws_ebs_volume" "bom_crlf" {
  availability_zone = "a"
  encrypted         = false
}
