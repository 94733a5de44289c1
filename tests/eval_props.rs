//! Property tests of the evaluators: on generated expressions and templates,
//! evaluation never panics and is deterministic (the same input gives the
//! same resources, values and problems, whatever ran before).

use std::path::PathBuf;
use std::sync::Arc;

use palisade::eval::cfn_params::ParameterValues;
use palisade::eval::cloudformation;
use palisade::eval::terraform::{self, ModuleFile};
use palisade::eval::value::{Budget, Kind, Segment, Str, Value};
use palisade::source::{FileId, Range, Span};
use proptest::prelude::*;

// ----- Terraform: generated HCL expressions -------------------------------------------

/// An HCL expression over the locals `a`..`d` and a variable without
/// default, mixing every kind of syntax the evaluator handles.
fn hcl_expr() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_string()),
        Just("true".to_string()),
        Just("false".to_string()),
        (-5i32..100).prop_map(|n| n.to_string()),
        Just("1.5".to_string()),
        "[a-z*:./-]{0,8}".prop_map(|s| format!("\"{s}\"")),
        Just("\"${local.a}-x\"".to_string()),
        Just("\"%{ if local.b }y%{ else }n%{ endif }\"".to_string()),
        Just("<<EOT\nhello ${var.unknown}\nEOT\n".to_string()),
        prop::sample::select(vec!["local.a", "local.b", "local.c", "local.d"])
            .prop_map(str::to_string),
        Just("var.unknown".to_string()),
        Just("var.with_default".to_string()),
        Just("aws_s3_bucket.b.arn".to_string()),
        Just("aws_s3_bucket.b[*].id".to_string()),
    ];
    leaf.prop_recursive(4, 48, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
            prop::collection::vec(("[a-z]{1,4}", inner.clone()), 0..4).prop_map(|kv| {
                let items: Vec<String> = kv.iter().map(|(k, v)| format!("{k} = {v}")).collect();
                format!("{{ {} }}", items.join(", "))
            }),
            (
                inner.clone(),
                prop::sample::select(vec![
                    "+", "-", "*", "/", "%", "==", "!=", "<", ">", "<=", ">=", "&&", "||"
                ]),
                inner.clone()
            )
                .prop_map(|(a, op, b)| format!("({a} {op} {b})")),
            inner.clone().prop_map(|a| format!("!{a}")),
            inner.clone().prop_map(|a| format!("-{a}")),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(c, a, b)| format!("({c} ? {a} : {b})")),
            (
                prop::sample::select(vec![
                    "length",
                    "lower",
                    "upper",
                    "join",
                    "split",
                    "concat",
                    "merge",
                    "flatten",
                    "distinct",
                    "element",
                    "lookup",
                    "contains",
                    "keys",
                    "values",
                    "compact",
                    "jsonencode",
                    "jsondecode",
                    "tostring",
                    "tonumber",
                    "tobool",
                    "tolist",
                    "toset",
                    "tomap",
                    "try",
                    "coalesce",
                    "format",
                    "replace",
                    "trimspace",
                    "range",
                    "unknownfn"
                ]),
                prop::collection::vec(inner.clone(), 0..4)
            )
                .prop_map(|(f, args)| format!("{f}({})", args.join(", "))),
            inner
                .clone()
                .prop_map(|c| format!("[for i, x in {c} : x if i != 1]")),
            inner
                .clone()
                .prop_map(|c| format!("{{ for k, v in {c} : tostring(k) => v... }}")),
            (inner.clone(), inner.clone()).prop_map(|(a, i)| format!("{a}[{i}]")),
            inner.clone().prop_map(|a| format!("{a}.name")),
            inner.prop_map(|a| format!("{a}[*].x")),
        ]
    })
}

fn module(exprs: &[String; 4]) -> String {
    format!(
        "variable \"unknown\" {{}}\nvariable \"with_default\" {{\n  default = [\"d\", 2]\n}}\n\
         locals {{\n  a = {}\n  b = {}\n  c = {}\n  d = {}\n}}\n\
         resource \"aws_s3_bucket\" \"b\" {{\n  bucket = local.a\n}}\n\
         resource \"aws_ebs_volume\" \"v\" {{\n  encrypted = local.b\n  tags      = local.c\n  \
         size      = local.d\n}}\n",
        exprs[0], exprs[1], exprs[2], exprs[3]
    )
}

fn evaluate_tf(text: &str) -> Option<String> {
    let parsed = palisade::parse::hcl::parse(text).ok()?;
    let file = ModuleFile {
        file: FileId(0),
        text: Arc::from(text),
        body: parsed.body,
    };
    let dir = PathBuf::from("m");
    let mut modules = terraform::Modules::new();
    modules.insert(terraform::normalize(&dir), Arc::new(vec![file]));
    let unit = terraform::evaluate(terraform::Root {
        dir,
        modules: &modules,
        inputs: Vec::new(),
        manifest: None,
        readable: &[],
    })
    .unit;
    let model = palisade::model::adapt::adapt(&unit);
    let findings = palisade::rules::run(&model, &Default::default());
    Some(format!(
        "{:?}\n{:?}\n{:?}",
        unit.resources, unit.problems, findings
    ))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn terraform_evaluation_is_deterministic_and_total(
        exprs in [hcl_expr(), hcl_expr(), hcl_expr(), hcl_expr()]
    ) {
        let text = module(&exprs);
        let first = evaluate_tf(&text);
        // The generator writes valid HCL: evaluation really runs.
        prop_assert!(first.is_some(), "does not parse:\n{}", text);
        // Something else evaluated in between must not change the result.
        let _ = evaluate_tf(&module(&[
            "local.b".into(), "local.a".into(), "[1]".into(), "{}".into(),
        ]));
        let second = evaluate_tf(&text);
        prop_assert_eq!(first, second);
    }

    #[test]
    fn terraform_expressions_in_any_budget_finish(
        exprs in [hcl_expr(), hcl_expr(), hcl_expr(), hcl_expr()],
        copies in 0u64..200,
    ) {
        // However small the budget, evaluation finishes and stays
        // deterministic.
        let text = module(&exprs);
        let run = || {
            let budget = Budget::with_limit(copies);
            let out = evaluate_tf(&text);
            (out, budget.exhausted())
        };
        prop_assert_eq!(run(), run());
    }
}

// ----- CloudFormation: generated templates ----------------------------------------------

/// A YAML value built from intrinsic functions over parameters, conditions
/// and resources of the template below.
fn cfn_value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("true".to_string()),
        Just("false".to_string()),
        (0i32..10).prop_map(|n| n.to_string()),
        "[a-z,:-]{0,6}".prop_map(|s| format!("\"{s}\"")),
        prop::sample::select(vec![
            "!Ref Env",
            "!Ref Flag",
            "!Ref List",
            "!Ref NoDefault",
            "!Ref Bucket",
            "!Ref AWS::Region",
            "!Ref AWS::NoValue",
            "!GetAtt Bucket.Arn",
            "!Sub \"${Env}-${AWS::Region}-${!Lit}\"",
            "!Condition IsProd",
            "!FindInMap [Map, !Ref Env, Key]",
            "!GetAZs \"\"",
        ])
        .prop_map(str::to_string),
    ];
    leaf.prop_recursive(4, 40, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(|v| format!("[{}]", v.join(", "))),
            prop::collection::vec(inner.clone(), 0..3)
                .prop_map(|v| format!("!Join [\"-\", [{}]]", v.join(", "))),
            (0usize..4, inner.clone()).prop_map(|(i, v)| format!("!Select [{i}, {v}]")),
            inner.clone().prop_map(|v| format!("!Split [\",\", {v}]")),
            (
                prop::sample::select(vec!["IsProd", "HasFlag", "Missing"]),
                inner.clone(),
                inner.clone()
            )
                .prop_map(|(c, a, b)| format!("!If [{c}, {a}, {b}]")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("!Equals [{a}, {b}]")),
            inner
                .clone()
                .prop_map(|v| format!("{{\"Fn::Base64\": {v}}}")),
            inner
                .clone()
                .prop_map(|v| format!("{{\"Fn::Length\": {v}}}")),
            inner
                .clone()
                .prop_map(|v| format!("{{\"Fn::ToJsonString\": {v}}}")),
            (inner.clone(), inner).prop_map(|(a, b)| format!("{{k: {a}, l: {b}}}")),
        ]
    })
}

fn template(values: &[String; 3]) -> String {
    format!(
        "AWSTemplateFormatVersion: \"2010-09-09\"\n\
         Parameters:\n  Env:\n    Type: String\n    Default: prod\n  Flag:\n    Type: String\n    Default: \"true\"\n  \
         List:\n    Type: CommaDelimitedList\n    Default: a,b\n  NoDefault:\n    Type: String\n\
         Mappings:\n  Map:\n    prod:\n      Key: v\n\
         Conditions:\n  IsProd: !Equals [!Ref Env, prod]\n  HasFlag: !Equals [{}, \"true\"]\n\
         Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      AccessControl: {}\n  \
         Volume:\n    Type: AWS::EC2::Volume\n    Condition: HasFlag\n    Properties:\n      Encrypted: {}\n",
        values[0], values[1], values[2]
    )
}

fn evaluate_cfn(text: &str) -> Option<String> {
    let root = palisade::parse::yaml::parse(text).ok()?.root;
    let (unit, labels) = cloudformation::evaluate(
        &root,
        FileId(0),
        PathBuf::from("t.yaml"),
        &ParameterValues::default(),
    );
    let model = palisade::model::adapt::adapt_labelled(&unit, &labels);
    let findings = palisade::rules::run(&model, &Default::default());
    Some(format!(
        "{:?}\n{:?}\n{:?}",
        unit.resources, unit.problems, findings
    ))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn cloudformation_evaluation_is_deterministic_and_total(
        values in [cfn_value(), cfn_value(), cfn_value()]
    ) {
        let text = template(&values);
        let first = evaluate_cfn(&text);
        prop_assert!(first.is_some(), "does not parse:\n{}", text);
        let second = evaluate_cfn(&text);
        prop_assert_eq!(first, second);
    }
}

// ----- values ---------------------------------------------------------------------------

proptest! {
    #[test]
    fn source_spans_of_strings_stay_in_bounds(
        text in ".{0,40}",
        segs in prop::collection::vec((0u32..50, 0u32..500, 0u32..50), 0..4),
        a in 0usize..60,
        b in 0usize..60,
    ) {
        let segments: Vec<Segment> =
            segs.iter().map(|&(at, src, len)| Segment { at, src, len }).collect();
        let s = Str { text, segments: Some(Arc::from(segments.clone())) };
        let (start, end) = (a.min(b), a.max(b));
        if let Some(span) = s.source_span(start, end) {
            prop_assert!(span.start <= span.end);
            // The span lies in the source of some segment.
            let max_src = segments.iter().map(|g| g.src + g.len).max().unwrap_or(0);
            prop_assert!(span.start <= max_src, "{span:?} past {max_src}");
        }
    }

    #[test]
    fn a_budget_bounds_copies_and_restores_the_outer_one(
        width in 1usize..30,
        copies in 0u64..100,
    ) {
        let range = Range::new(FileId(0), Span::new(0, 1));
        let leaf = Value::string("x", range);
        let list = Value::new(Kind::List(vec![leaf; width]), range);
        let outer = Budget::with_limit(1_000_000);
        {
            let inner = Budget::with_limit(copies);
            let copy = list.clone();
            // The list and its items: width + 1 copies.
            let fits = copies > width as u64;
            prop_assert_eq!(inner.exhausted(), !fits);
            if fits {
                prop_assert_eq!(&copy, &list);
            } else {
                prop_assert_ne!(&copy, &list);
            }
        }
        prop_assert_eq!(&list.clone(), &list);
        prop_assert!(!outer.exhausted());
        {
            // A string costs one more per 32 bytes.
            let text = Value::string("s".repeat(width * 32), range);
            let inner = Budget::with_limit(width as u64);
            prop_assert_ne!(&text.clone(), &text);
            prop_assert!(inner.exhausted());
            let inner = Budget::with_limit(width as u64 + 1);
            prop_assert_eq!(&text.clone(), &text);
            prop_assert!(!inner.exhausted());
        }
        prop_assert!(!outer.exhausted());
    }
}
