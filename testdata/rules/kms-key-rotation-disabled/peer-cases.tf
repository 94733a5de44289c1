# Cases reported to peer scanners' issue trackers, with the answer AWS's
# documentation gives: automatic rotation exists only for symmetric
# encryption keys with AWS KMS key material
# (https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html).

# KICS #5335 (https://github.com/Checkmarx/kics/issues/5335): "CMK Rotation
# Disabled" reported an asymmetric RSA_4096 key, which cannot rotate
# automatically: silent.
resource "aws_kms_key" "peer_rsa_4096" {
  description              = "RSA signing key"
  customer_master_key_spec = "RSA_4096"
  key_usage                = "SIGN_VERIFY"
}
