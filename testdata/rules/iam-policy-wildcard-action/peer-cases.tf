# Cases reported to peer scanners' issue trackers, with the answer AWS's
# documentation gives.

# Checkov #1000 (https://github.com/bridgecrewio/checkov/issues/1000):
# CKV_AWS_109 and its siblings failed a `Deny` statement with `actions = ["*"]`
# used as an IP lock. An explicit deny grants nothing; it takes permissions
# away (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html):
# silent.
data "aws_iam_policy_document" "peer_deny_outside_callers" {
  statement {
    sid       = "DenyOutsideCallers"
    effect    = "Deny"
    actions   = ["*"]
    resources = ["*"]

    condition {
      test     = "NotIpAddress"
      variable = "aws:SourceIp"
      values   = ["192.0.2.0/24"]
    }

    condition {
      test     = "Bool"
      variable = "aws:ViaAWSService"
      values   = ["false"]
    }
  }
}

resource "aws_iam_policy" "peer_deny_outside_callers" {
  name   = "deny-outside-callers"
  policy = data.aws_iam_policy_document.peer_deny_outside_callers.json
}
