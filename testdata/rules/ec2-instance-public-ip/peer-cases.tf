# Cases reported to peer scanners' issue trackers, with the answer AWS's
# documentation gives.

# KICS #5643 (https://github.com/Checkmarx/kics/issues/5643): "EC2 Instance Has
# Public IP" was reported for an instance launched with an existing network
# interface in a private subnet. Terraform rejects `associate_public_ip_address`
# next to `network_interface`, and AWS assigns a public IPv4 address
# automatically only to a new primary network interface, never to an existing
# one attached at launch
# (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-instance-addressing.html#public-ip-addresses):
# silent.
resource "aws_network_interface" "peer_private" {
  subnet_id = "subnet-0123456789abcdef0"
}

resource "aws_instance" "peer_this" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"

  network_interface {
    network_interface_id = aws_network_interface.peer_private.id
    device_index         = 0
  }
}
