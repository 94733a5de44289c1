//! OpenSearch Service (and Elasticsearch Service) domains.

use super::{Meta, Val};

#[derive(Debug, Default)]
pub struct OpenSearch {
    pub domains: Vec<Domain>,
}

merge_lists!(OpenSearch { domains });

/// `aws_opensearch_domain`, `aws_elasticsearch_domain`,
/// `AWS::OpenSearchService::Domain`, `AWS::Elasticsearch::Domain`.
#[derive(Clone, Debug)]
pub struct Domain {
    pub meta: Meta,
    /// `encrypt_at_rest { enabled }` / `EncryptionAtRestOptions.Enabled`;
    /// AWS default `false`.
    pub at_rest: Val<bool>,
    /// `node_to_node_encryption { enabled }` /
    /// `NodeToNodeEncryptionOptions.Enabled`; AWS default `false`.
    pub node_to_node: Val<bool>,
    /// `domain_endpoint_options { enforce_https }` /
    /// `DomainEndpointOptions.EnforceHTTPS`. AWS default `false` when the
    /// options are left out. Terraform's default for a block without the
    /// flag has changed between provider versions (a `true` default, then
    /// required): unknown there.
    pub enforce_https: Val<bool>,
    /// `domain_endpoint_options { tls_security_policy }` /
    /// `DomainEndpointOptions.TLSSecurityPolicy`: the oldest TLS version the
    /// endpoint accepts. Unknown when left out: the policy OpenSearch
    /// Service picks then has changed over time.
    pub tls_policy: Val<String>,
}
