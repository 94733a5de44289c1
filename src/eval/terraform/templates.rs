//! String templates (quoted strings with interpolations, heredocs), and the
//! functions that read files: `file`, `fileexists`, `templatefile`.

use std::path::Path;
use std::sync::Arc;

use super::scope::Scope;
use super::{scalar_string, Module, ModuleFile, MAX_READ_BYTES};
use crate::eval::functions;
use crate::eval::value::{Kind, Segment, Str, Unknown, Value};
use crate::parse::hcl_ast::{Body, TemplatePart};
use crate::source::{FileId, Range};

impl Module<'_> {
    /// A template: its literal parts (with where they came from in the file)
    /// and interpolations; a directive makes it unknown.
    pub(super) fn template(
        &self,
        parts: &[TemplatePart],
        file: FileId,
        scope: &Scope,
        range: Range,
    ) -> Value {
        // "${expr}" alone keeps the type of expr.
        if let [TemplatePart::Interpolation(e)] = parts {
            let v = self.eval(e, file, scope);
            return if v.is_known_scalar() { v.at(range) } else { v };
        }
        let mut text = String::new();
        let mut segments = Vec::new();
        let mut refs: Vec<Arc<str>> = Vec::new();
        let mut error = false;
        let mut known = true;
        for part in parts {
            match part {
                TemplatePart::Literal {
                    text: t,
                    span,
                    verbatim,
                } => {
                    if *verbatim && !t.is_empty() {
                        segments.push(Segment {
                            at: text.len() as u32,
                            src: span.start,
                            len: t.len() as u32,
                        });
                    } else if let Some(segs) =
                        escaped_segments(self.src(file, *span), span.start, text.len() as u32, t)
                    {
                        segments.extend(segs);
                    }
                    text.push_str(t);
                }
                TemplatePart::Interpolation(e) => {
                    let v = self.eval(e, file, scope);
                    match scalar_string(&v) {
                        Some(s) => text.push_str(&s),
                        None => {
                            known = false;
                            refs.extend(v.refs());
                            error |= v.has_error();
                        }
                    }
                }
                TemplatePart::Directive(_) => known = false,
            }
        }
        if !known {
            let refs = refs.into();
            return Value::new(Kind::Unknown(Unknown { refs, error }), range);
        }
        Value::new(
            Kind::String(Str {
                text,
                segments: (!segments.is_empty()).then(|| Arc::from(segments)),
            }),
            range,
        )
    }

    /// `file`, `fileexists` and `templatefile`, reading only inside the
    /// scanned tree; a file that cannot be read is unknown.
    pub(super) fn file_function(&self, name: &str, args: &[Value], range: Range) -> Value {
        let Some(path) = args.first().and_then(Value::as_str) else {
            return Value::unknown_of(range, args);
        };
        let text = self.read_file(path);
        match name {
            "fileexists" => match text {
                Some(_) => Value::new(Kind::Bool(true), range),
                None => Value::unknown(range),
            },
            "file" => match text {
                Some(t) => Value::string(t, range),
                None => Value::unknown(range),
            },
            _ => {
                let (Some(t), Some(vars)) = (text, args.get(1)) else {
                    return Value::unknown(range);
                };
                self.render_template(&t, vars, range)
            }
        }
    }

    /// Reads a file named by a configuration, relative to the root module as
    /// Terraform does, only when it resolves inside a scanned directory and
    /// is small.
    fn read_file(&self, path: &str) -> Option<String> {
        let p = Path::new(path);
        let full = if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.ctx.root_dir.join(p)
        };
        let canonical = std::fs::canonicalize(full).ok()?;
        if !self.ctx.readable.iter().any(|r| canonical.starts_with(r)) {
            return None;
        }
        let meta = std::fs::metadata(&canonical).ok()?;
        if !meta.is_file() || meta.len() > MAX_READ_BYTES {
            return None;
        }
        std::fs::read_to_string(canonical).ok()
    }

    /// `templatefile`: the template's interpolations with `vars` in scope.
    /// Directives (`%{ if }`, `%{ for }`) are not evaluated: the result is
    /// then unknown. The result is reported at the call.
    fn render_template(&self, text: &str, vars: &Value, range: Range) -> Value {
        let Kind::Map(fields) = &vars.kind else {
            return Value::unknown_of(range, [vars]);
        };
        let Ok(expr) = crate::parse::hcl::parse_template(text, 0) else {
            return Value::unknown(range);
        };
        let mf = ModuleFile {
            file: range.file,
            text: Arc::from(text),
            body: Body::default(),
        };
        let mut detached = Module::empty(self.ctx, self.dir.clone());
        detached.files.insert(range.file, &mf);
        let scope = Scope {
            vars: fields
                .iter()
                .map(|f| (f.key.clone(), f.value.clone()))
                .collect(),
        };
        let v = detached.eval(&expr, range.file, &scope);
        if matches!(v.kind, Kind::Choice(_)) {
            return Value::unknown(range);
        }
        functions::detach(v, range)
    }
}

/// Maps a quoted-string literal with escapes back to its source: runs of plain
/// characters map one to one, each escape sequence maps to its backslash.
/// `None` when unescaping `raw` does not give `text` (then positions inside the
/// string fall back to the whole string).
fn escaped_segments(raw: &str, src: u32, at: u32, text: &str) -> Option<Vec<Segment>> {
    let mut segs: Vec<Segment> = Vec::new();
    let mut out = String::new();
    let mut push = |out: &mut String, piece: &str, from: usize, one_to_one: bool| {
        let seg = Segment {
            at: at + out.len() as u32,
            src: src + from as u32,
            len: piece.len() as u32,
        };
        match segs.last_mut() {
            Some(last)
                if one_to_one && last.at + last.len == seg.at && last.src + last.len == seg.src =>
            {
                last.len += seg.len
            }
            _ => segs.push(seg),
        }
        out.push_str(piece);
    };
    let bytes = raw.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        let rest = &raw[i..];
        if rest.starts_with("$${") || rest.starts_with("%%{") {
            push(&mut out, &rest[1..3], i, false);
            i += 3;
        } else if bytes[i] == b'\\' && i + 1 < raw.len() {
            let (ch, used) = match bytes[i + 1] {
                b'n' => ('\n', 2),
                b'r' => ('\r', 2),
                b't' => ('\t', 2),
                b'"' => ('"', 2),
                b'\\' => ('\\', 2),
                b'u' => (
                    char::from_u32(u32::from_str_radix(raw.get(i + 2..i + 6)?, 16).ok()?)?,
                    6,
                ),
                b'U' => (
                    char::from_u32(u32::from_str_radix(raw.get(i + 2..i + 10)?, 16).ok()?)?,
                    10,
                ),
                _ => return None,
            };
            push(&mut out, ch.encode_utf8(&mut [0; 4]), i, false);
            i += used;
        } else {
            let ch = rest.chars().next()?;
            push(&mut out, ch.encode_utf8(&mut [0; 4]), i, true);
            i += ch.len_utf8();
        }
    }
    (out == text).then_some(segs)
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::escaped_segments;
    use crate::eval::value::Kind;

    #[test]
    fn a_lone_interpolation_keeps_its_type() {
        assert!(matches!(eval_expr("", "\"${1 + 1}\"").kind, Kind::Number(n) if n == 2.0));
        assert_eq!(eval_expr("", "\"a${1}b${true}\"").as_str(), Some("a1btrue"));
    }

    #[test]
    fn unknown_parts_and_directives_make_the_string_unknown() {
        let v = eval_expr("", "\"arn:${aws_s3_bucket.b.arn}/*\"");
        assert!(v.is_unknown());
        assert_eq!(v.refs(), vec![std::sync::Arc::from("aws_s3_bucket.b")]);
        assert!(eval_expr("", "\"%{ if true }x%{ endif }\"").is_unknown());
        // An error inside is still an error, for `try`.
        assert!(eval_expr("", "\"x${local.nope}\"").has_error());
        assert_eq!(
            eval_expr("", "try(\"x${local.nope}\", \"f\")").as_str(),
            Some("f")
        );
    }

    #[test]
    fn heredocs_are_strings() {
        let v = eval_expr("", "<<-EOT\n    {\"a\": \"${\"b\"}\"}\n    EOT\n");
        assert_eq!(v.as_str(), Some("{\"a\": \"b\"}\n"));
    }

    #[test]
    fn literal_text_maps_back_to_its_source_through_escapes() {
        // `a\"b`: `a` at 0, the escape at 1..3, `b` at 3.
        let segs = escaped_segments("a\\\"b", 100, 0, "a\"b").unwrap();
        let s = crate::eval::value::Str {
            text: "a\"b".into(),
            segments: Some(segs.into()),
        };
        assert_eq!(
            s.source_span(2, 3),
            Some(crate::source::Span::new(103, 104))
        );
        assert_eq!(s.source_span(1, 2).map(|s| s.start), Some(101));
        // Text that is not what the source unescapes to: no mapping.
        assert!(escaped_segments("ab", 0, 0, "xy").is_none());
    }

    #[test]
    fn files_are_read_only_inside_the_scanned_tree() {
        let tmp = tempfile::tempdir().unwrap();
        let inside = tmp.path().join("in");
        std::fs::create_dir_all(&inside).unwrap();
        std::fs::write(inside.join("p.json"), "{}").unwrap();
        std::fs::write(inside.join("t.tpl"), "hello ${name}").unwrap();
        std::fs::write(tmp.path().join("secret"), "s").unwrap();
        let readable = [std::fs::canonicalize(&inside).unwrap()];
        let at = |p: &str| inside.join(p).to_string_lossy().into_owned();
        let main = format!(
            "resource \"t\" \"r\" {{\n  a = file({:?})\n  b = fileexists({:?})\n  c = templatefile({:?}, {{ name = \"you\" }})\n  d = file({:?})\n  e = file(\"no-such-file\")\n}}\n",
            at("p.json"),
            at("p.json"),
            at("t.tpl"),
            tmp.path().join("secret").to_string_lossy(),
        );
        let e = eval_tree_reading(&[("root/main.tf", &main)], Vec::new(), &readable);
        let body = &resource(&e, "t.r").body;
        assert_eq!(body.get("a").unwrap().as_str(), Some("{}"));
        assert_eq!(body.get("b").unwrap().as_bool(), Some(true));
        assert_eq!(body.get("c").unwrap().as_str(), Some("hello you"));
        // Outside the tree, or missing: unknown, never an error.
        for k in ["d", "e"] {
            let v = body.get(k).unwrap();
            assert!(v.is_unknown() && !v.has_error(), "{k}");
        }
    }
}
