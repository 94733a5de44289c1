//! Filesystem functions that only look at their argument: `basename`,
//! `dirname`. (`file`, `fileexists` and `templatefile` read files: the
//! evaluator implements them, reading only inside the scanned tree.)

use super::Args;
use crate::eval::value::Value;

pub(super) const NAMES: &[&str] = &["basename", "dirname"];

pub(super) fn call(name: &str, a: &Args) -> Option<Value> {
    let path = a.s(0)?;
    let path = path.trim_end_matches('/');
    match name {
        "basename" => Some(a.string(path.rsplit('/').next().unwrap_or("").to_string())),
        "dirname" => Some(a.string(match path.rfind('/') {
            Some(0) => "/".to_string(),
            Some(i) => path[..i].to_string(),
            None => ".".to_string(),
        })),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn basename_and_dirname() {
        assert_eq!(text(&f("basename", vec![s("a/b/c.json")])), "c.json");
        assert_eq!(text(&f("basename", vec![s("a/b/")])), "b");
        assert_eq!(text(&f("basename", vec![s("c.json")])), "c.json");
        assert_eq!(text(&f("dirname", vec![s("a/b/c.json")])), "a/b");
        assert_eq!(text(&f("dirname", vec![s("/c")])), "/");
        assert_eq!(text(&f("dirname", vec![s("c")])), ".");
    }
}
