//! CloudFormation parameter values given by the user (`--parameter NAME=VALUE`,
//! `--parameters FILE`). They replace a template parameter's default, and
//! a pseudo parameter (`AWS::Region`, `AWS::AccountId`, ...) otherwise unknown.

use std::collections::BTreeMap;

/// Parameter values by name, applied to every template that declares them.
pub type ParameterValues = BTreeMap<String, String>;

/// Parses `NAME=VALUE`.
pub fn parse_assignment(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err(format!("expected NAME=VALUE, got `{s}`")),
    }
}

/// Reads a parameter file in one of the formats deployment tools use:
///
/// - the AWS CLI's `[{"ParameterKey": "K", "ParameterValue": "V"}, ...]`;
/// - a CloudFormation/CodePipeline template configuration
///   `{"Parameters": {"K": "V"}}` (other keys such as `Tags` are ignored);
/// - a plain JSON object `{"K": "V"}`;
/// - `K=V` lines (blank lines and `#` comments are skipped).
///
/// Numbers and booleans are taken as their text; a list value is joined with
/// commas, as CloudFormation passes list parameters.
pub fn parse_file(text: &str) -> Result<ParameterValues, String> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('[') || trimmed.starts_with('{') {
        let json: serde_json::Value =
            serde_json::from_str(trimmed).map_err(|e| format!("invalid JSON: {e}"))?;
        return from_json(&json);
    }
    let mut out = ParameterValues::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (k, v) = parse_assignment(line).map_err(|e| format!("line {}: {e}", i + 1))?;
        out.insert(k, v.trim().to_string());
    }
    Ok(out)
}

fn from_json(json: &serde_json::Value) -> Result<ParameterValues, String> {
    use serde_json::Value as J;
    let mut out = ParameterValues::new();
    match json {
        J::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let key = item.get("ParameterKey").and_then(J::as_str);
                let Some(key) = key else {
                    return Err(format!("entry {}: no \"ParameterKey\"", i + 1));
                };
                if item.get("UsePreviousValue").and_then(J::as_bool) == Some(true) {
                    // The deployed value is not knowable here.
                    continue;
                }
                match item.get("ParameterValue") {
                    Some(v) => {
                        out.insert(key.to_string(), text_of(v, key)?);
                    }
                    None => return Err(format!("entry {}: no \"ParameterValue\"", i + 1)),
                }
            }
        }
        J::Object(map) => {
            let params = match map.get("Parameters") {
                Some(J::Object(p)) => p,
                Some(_) => return Err("\"Parameters\" is not an object".into()),
                None => map,
            };
            for (k, v) in params {
                out.insert(k.clone(), text_of(v, k)?);
            }
        }
        _ => return Err("expected a JSON array or object".into()),
    }
    Ok(out)
}

fn text_of(v: &serde_json::Value, key: &str) -> Result<String, String> {
    use serde_json::Value as J;
    Ok(match v {
        J::String(s) => s.clone(),
        J::Number(n) => n.to_string(),
        J::Bool(b) => b.to_string(),
        J::Array(items) => items
            .iter()
            .map(|i| text_of(i, key))
            .collect::<Result<Vec<_>, _>>()?
            .join(","),
        _ => return Err(format!("value of `{key}` is not a string")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(p: &ParameterValues) -> Vec<(&str, &str)> {
        p.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
    }

    #[test]
    fn aws_cli_format() {
        let p = parse_file(
            r#"[{"ParameterKey": "Env", "ParameterValue": "prod"},
                {"ParameterKey": "Old", "UsePreviousValue": true},
                {"ParameterKey": "Size", "ParameterValue": 20}]"#,
        )
        .unwrap();
        assert_eq!(pairs(&p), vec![("Env", "prod"), ("Size", "20")]);
    }

    #[test]
    fn template_configuration_and_plain_map() {
        let p = parse_file(r#"{"Parameters": {"Env": "prod"}, "Tags": {"a": "b"}}"#).unwrap();
        assert_eq!(pairs(&p), vec![("Env", "prod")]);
        let p = parse_file(r#"{"Env": "dev", "Subnets": ["a", "b"]}"#).unwrap();
        assert_eq!(pairs(&p), vec![("Env", "dev"), ("Subnets", "a,b")]);
    }

    #[test]
    fn key_value_lines() {
        let p = parse_file("# comment\nEnv=prod\n\nAWS::Region = eu-west-1\n").unwrap();
        assert_eq!(
            pairs(&p),
            vec![("AWS::Region", "eu-west-1"), ("Env", "prod")]
        );
        assert_eq!(
            parse_file("Env").unwrap_err(),
            "line 1: expected NAME=VALUE, got `Env`"
        );
    }

    #[test]
    fn errors_name_the_problem() {
        assert_eq!(
            parse_file(r#"[{"ParameterValue": "x"}]"#).unwrap_err(),
            "entry 1: no \"ParameterKey\""
        );
        assert!(parse_file("{").unwrap_err().starts_with("invalid JSON"));
    }
}
