//! Lambda: who may invoke a function, through permissions and function URLs.

use super::iam::Statement;
use super::{Meta, Val};

#[derive(Debug, Default)]
pub struct Lambda {
    pub permissions: Vec<Permission>,
    pub function_urls: Vec<FunctionUrl>,
}

merge_lists!(Lambda {
    permissions,
    function_urls
});

/// A statement added to a function's resource-based policy
/// (`aws_lambda_permission`, `AWS::Lambda::Permission`).
#[derive(Clone, Debug)]
pub struct Permission {
    pub meta: Meta,
    /// The statement Lambda writes for it: `Allow` of `action` / `Action`
    /// to `principal` / `Principal` (an account, a service, an ARN or
    /// `*`), with the conditions its other fields add:
    /// `source_arn` / `SourceArn` as `ArnLike` `aws:SourceArn`,
    /// `source_account` / `SourceAccount` and `principal_org_id` /
    /// `PrincipalOrgID` as `StringEquals` `aws:SourceAccount` and
    /// `aws:PrincipalOrgID`, `function_url_auth_type` /
    /// `FunctionUrlAuthType` as `StringEquals` `lambda:FunctionUrlAuthType`.
    pub statement: Statement,
}

/// A function URL (`aws_lambda_function_url`, `AWS::Lambda::Url`).
#[derive(Clone, Debug)]
pub struct FunctionUrl {
    pub meta: Meta,
    /// `authorization_type` / `AuthType` (required): `AWS_IAM` or `NONE`.
    pub auth_type: Val<String>,
}
