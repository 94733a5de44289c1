# METADATA
# title: No internet-facing load balancer outside the edge account
# description: >-
#   Internet-facing load balancers belong to the edge account. Elsewhere a
#   load balancer must be internal.
# custom:
#   id: ORG_AWS_3
#   severity: high
#   recommended_actions: "Set `internal = true` (Terraform) or `Scheme: internal` (CloudFormation)."
package org.aws.no_public_lb

import rego.v1

unknown(v) if v.__unknown__

edge if input.attributes.tags.account == "edge"

# Terraform: `internal` defaults to false.
deny contains {"msg": msg, "path": ["internal"]} if {
	input.type in {"aws_lb", "aws_alb"}
	not edge
	input.attributes.internal == false
	msg := sprintf("`%s` is internet-facing outside the edge account", [input.address])
}

deny contains msg if {
	input.type in {"aws_lb", "aws_alb"}
	not edge
	not "internal" in object.keys(input.attributes)
	msg := sprintf("`%s` is internet-facing (internal defaults to false)", [input.address])
}

# CloudFormation: `Scheme` defaults to internet-facing.
deny contains {"msg": msg, "path": ["Scheme"]} if {
	input.type == "AWS::ElasticLoadBalancingV2::LoadBalancer"
	input.attributes.Scheme == "internet-facing"
	msg := sprintf("`%s` is internet-facing", [input.address])
}
