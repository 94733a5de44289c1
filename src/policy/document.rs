//! The resource document: every evaluated resource of a unit as plain data,
//! the input of custom policies (`docs/custom-policies.md` has the schema).
//!
//! Two views of one resource configuration:
//! - [`Flat`]: Checkov's flattened attribute map (`versioning.enabled`,
//!   `ingress.0.cidr_blocks`), read by the YAML policy engine;
//! - [`to_json`]: a JSON object with the attributes as nested values and a
//!   source location for every value, the input of Rego policies.
//!
//! An unknown value is never guessed: in the flat map it is
//! [`Look::Unknown`], in JSON the object `{"__unknown__": true}`.

use crate::address::Address;
use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{json, Map, Value as Json};

use crate::eval::terraform::Related;
use crate::eval::value::{variants, Kind, Value};
use crate::eval::{Format, Resource};
use crate::source::{FileId, LineCol, Range, SourceFile};

/// The marker key of an unknown value in the JSON document.
pub const UNKNOWN_KEY: &str = "__unknown__";

/// One configuration of a resource: its body with every choice decided.
pub struct Config {
    /// The conditions that lead to it (empty without choices).
    pub when: Vec<Arc<str>>,
    pub body: Value,
}

/// Expands a resource into its configurations. A configuration whose whole
/// body is unknown (the evaluation budget ran out) is left out.
pub fn configs(res: &Resource) -> Vec<Config> {
    variants(&res.body)
        .into_iter()
        .filter(|(_, body)| !matches!(body.kind, Kind::Unknown(_)))
        .map(|(when, body)| Config { when, body })
        .collect()
}

/// What a flattened attribute path holds.
#[derive(Clone, Copy, Debug)]
pub enum Look<'a> {
    Missing,
    /// The value, or a value the path goes through, is unknown.
    Unknown(Range),
    Found(&'a Value),
}

/// Checkov's flattened view of a resource body: every map, list and scalar
/// under its dotted path. A list holding a single map (a nested block
/// written once) is that map, as in Checkov (`versioning.enabled`), and is
/// also reachable with its index (`versioning.0.enabled`).
pub struct Flat<'a> {
    /// The body itself (JSONPath conditions walk it).
    pub body: &'a Value,
    pub keys: Vec<String>,
    map: HashMap<String, &'a Value>,
}

impl<'a> Flat<'a> {
    pub fn new(body: &'a Value) -> Flat<'a> {
        let mut flat = Flat {
            body,
            keys: Vec::new(),
            map: HashMap::new(),
        };
        flat.walk(String::new(), body);
        flat
    }

    fn insert(&mut self, path: &str, v: &'a Value) {
        if path.is_empty() {
            return;
        }
        if self.map.insert(path.to_string(), v).is_none() {
            self.keys.push(path.to_string());
        }
    }

    fn walk(&mut self, path: String, v: &'a Value) {
        let join = |k: &str| {
            if path.is_empty() {
                k.to_string()
            } else {
                format!("{path}.{k}")
            }
        };
        match &v.kind {
            Kind::Absent | Kind::Null => {}
            Kind::Map(fields) => {
                self.insert(&path, v);
                for f in fields {
                    if !f.key.is_empty() {
                        self.walk(join(&f.key), &f.value);
                    }
                }
            }
            Kind::List(items) => {
                let items: Vec<&Value> = items
                    .iter()
                    .filter(|i| !matches!(i.kind, Kind::Absent | Kind::Null))
                    .collect();
                if let [only] = items.as_slice() {
                    if matches!(only.kind, Kind::Map(_)) {
                        self.walk(path.clone(), only);
                        self.walk(join("0"), only);
                        return;
                    }
                }
                self.insert(&path, v);
                for (i, item) in items.into_iter().enumerate() {
                    self.walk(join(&i.to_string()), item);
                }
            }
            _ => self.insert(&path, v),
        }
    }

    /// The value at a dotted path. A path that is not there is unknown when
    /// a value it would be inside of is unknown.
    pub fn get(&self, path: &str) -> Look<'a> {
        if let Some(v) = self.map.get(path) {
            return match &v.kind {
                Kind::Unknown(_) | Kind::Choice(_) => Look::Unknown(v.range),
                _ => Look::Found(v),
            };
        }
        for (i, _) in path.match_indices('.') {
            if let Some(v) = self.map.get(&path[..i]) {
                if matches!(v.kind, Kind::Unknown(_) | Kind::Choice(_)) {
                    return Look::Unknown(v.range);
                }
            }
        }
        Look::Missing
    }
}

/// The module path of a Terraform address (`module.a.module.b`), empty at
/// the root and for CloudFormation.
pub fn module_of(address: &str) -> String {
    Address::parse(address).map_or_else(String::new, |a| a.module_path())
}

/// The address without its module path (`aws_s3_bucket.b[0]`); a
/// CloudFormation logical id as it is.
pub fn local_address(address: &str) -> String {
    Address::parse(address).map_or_else(|| address.to_string(), |a| a.local().to_string())
}

fn find(files: &[SourceFile], id: FileId) -> Option<&SourceFile> {
    files.iter().find(|f| f.id == id)
}

fn line_col(files: &[SourceFile], r: Range, offset: u32) -> LineCol {
    find(files, r.file)
        .map(|f| f.line_col(offset))
        .unwrap_or(LineCol { line: 0, col: 0 })
}

fn location(sources: &[SourceFile], r: Range) -> Json {
    let (start, end) = (
        line_col(sources, r, r.span.start),
        line_col(sources, r, r.span.end),
    );
    json!({
        "line": start.line,
        "column": start.col,
        "end_line": end.line,
        "end_column": end.col,
    })
}

/// Converts a value to JSON, recording the location of every value under
/// its path (`ingress.0.cidr_blocks.1`) in `locations`.
fn value_json(
    v: &Value,
    path: &str,
    sources: &[SourceFile],
    locations: &mut Map<String, Json>,
) -> Json {
    if !path.is_empty() {
        locations.insert(path.to_string(), location(sources, v.range));
    }
    let join = |k: &str| {
        if path.is_empty() {
            k.to_string()
        } else {
            format!("{path}.{k}")
        }
    };
    match &v.kind {
        Kind::Null | Kind::Absent => Json::Null,
        Kind::Bool(b) => Json::Bool(*b),
        Kind::Number(n) => {
            if n.fract() == 0.0 && n.abs() < 9.0e15 {
                json!(*n as i64)
            } else {
                json!(n)
            }
        }
        Kind::String(s) => Json::String(s.text.clone()),
        Kind::List(items) => Json::Array(
            items
                .iter()
                .filter(|i| !matches!(i.kind, Kind::Absent))
                .enumerate()
                .map(|(i, item)| value_json(item, &join(&i.to_string()), sources, locations))
                .collect(),
        ),
        Kind::Map(fields) => {
            let mut m = Map::new();
            for f in fields {
                if matches!(f.value.kind, Kind::Absent) {
                    continue;
                }
                m.insert(
                    f.key.clone(),
                    value_json(&f.value, &join(&f.key), sources, locations),
                );
            }
            Json::Object(m)
        }
        Kind::Unknown(_) | Kind::Choice(_) => json!({ UNKNOWN_KEY: true }),
    }
}

/// The JSON document of one configuration of a resource (schema in
/// `docs/custom-policies.md`).
pub fn to_json(res: &Resource, config: &Config, related: &Related, sources: &[SourceFile]) -> Json {
    let path = |id: FileId| {
        find(sources, id)
            .map(|f| f.path.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let mut locations = Map::new();
    let attributes = value_json(&config.body, "", sources, &mut locations);
    let at = line_col(sources, res.range, res.range.span.start);
    let modules: Vec<Json> = related
        .get(&res.address)
        .map(|chain| {
            chain
                .iter()
                .map(|(r, note)| {
                    json!({
                        "file": path(r.file),
                        "line": line_col(sources, *r, r.span.start).line,
                        "note": note,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    json!({
        "format": match res.format {
            Format::Terraform => "terraform",
            Format::CloudFormation => "cloudformation",
        },
        "type": res.kind,
        "address": res.address,
        "local_address": local_address(&res.address),
        "module": module_of(&res.address),
        "data_source": res.data_source,
        "file": path(res.range.file),
        "line": at.line,
        "column": at.col,
        "condition": res.when,
        "when": config.when.iter().map(|w| w.to_string()).collect::<Vec<_>>(),
        "references": res.body.refs().iter().map(|r| r.to_string()).collect::<Vec<_>>(),
        "calls": modules,
        "attributes": attributes,
        "locations": locations,
    })
}

/// The range of the value at a document path (dotted, as in
/// `locations`), or `None` when there is no such value.
pub fn range_at(body: &Value, path: &str) -> Option<(Range, bool)> {
    let mut v = body;
    if path.is_empty() {
        return Some((v.range, v.is_wholly_known()));
    }
    for part in path.split('.') {
        if matches!(v.kind, Kind::Unknown(_) | Kind::Choice(_)) {
            return Some((v.range, false));
        }
        v = match &v.kind {
            Kind::Map(fields) => &fields.iter().rev().find(|f| f.key == part)?.value,
            Kind::List(items) => {
                let i: usize = part.parse().ok()?;
                items
                    .iter()
                    .filter(|i| !matches!(i.kind, Kind::Absent))
                    .nth(i)?
            }
            _ => return None,
        };
    }
    Some((v.range, v.is_wholly_known()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_paths() {
        assert_eq!(module_of("aws_s3_bucket.b"), "");
        assert_eq!(module_of("module.a.aws_s3_bucket.b"), "module.a");
        assert_eq!(
            module_of("module.a[\"x.y\"].module.b.aws_s3_bucket.b[0]"),
            "module.a[\"x.y\"].module.b"
        );
        assert_eq!(
            local_address("module.a[\"x.y\"].module.b.aws_s3_bucket.b[0]"),
            "aws_s3_bucket.b[0]"
        );
    }
}
