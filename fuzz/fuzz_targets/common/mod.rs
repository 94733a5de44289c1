//! Shared by the CloudFormation targets.

use std::path::PathBuf;

use palisade::eval::cfn_params::ParameterValues;
use palisade::eval::cloudformation::{evaluate, is_template};
use palisade::model::adapt;
use palisade::parse::Node;
use palisade::rules::{self, RuleSelection};
use palisade::source::FileId;

/// Evaluates, adapts and checks a parsed document when it is a template.
pub fn template(root: &Node) {
    if !is_template(root) {
        return;
    }
    let (unit, labels) = evaluate(
        root,
        FileId(0),
        PathBuf::from("fuzz.yaml"),
        &ParameterValues::default(),
    );
    let model = adapt::adapt_labelled(&unit, &labels);
    rules::run(&model, &RuleSelection::default());
}
