//! Plain words for the YAML mistakes people make in templates: saphyr's
//! message says what the scanner saw; these say what was meant, at the
//! line that needs the change.

use crate::parse::tree::SyntaxError;
use crate::source::Span;

/// A clearer error for `info` (saphyr's message) at byte `at`, when the
/// text around it shows a common mistake; `None` to keep saphyr's.
pub(super) fn explain(text: &str, at: usize, info: &str) -> Option<SyntaxError> {
    let at = at.min(text.len());
    if info.starts_with("tabs disallowed") {
        let ls = line_start(text, at);
        let tab = text[ls..].find('\t').map(|i| ls + i)?;
        return Some(SyntaxError::new(
            "tab character in indentation: YAML indents with spaces only",
            Span::new(tab, tab + 1),
        ));
    }
    if info.contains("quoted scalar") {
        let quote = text[at..]
            .chars()
            .next()
            .filter(|c| *c == '"' || *c == '\'')?;
        return Some(SyntaxError::new(
            format!("unterminated string: the `{quote}` opened here is never closed"),
            Span::new(at, at + 1),
        ));
    }
    if let Some(e) = unclosed_flow(text, at) {
        return Some(e);
    }
    if info == "simple key expect ':'" {
        // Where saphyr noticed it is a line or more after the key.
        let ls = line_start(text, at);
        return std::iter::once((ls, text[ls..].lines().next().unwrap_or("")))
            .chain(lines_before(text, ls))
            .find_map(|(start, line)| missing_colon(start, line));
    }
    if info == "mapping values are not allowed in this context" {
        return mapping_value(text, at);
    }
    if info.contains("did not find expected key") || info.contains("did not find expected '-'") {
        let ls = line_start(text, at);
        let indent = indent_of(&text[ls..]);
        let above: Vec<usize> = lines_before(text, ls).map(|(_, l)| indent_of(l)).collect();
        if !above.contains(&indent) {
            let key = first_word(&text[ls + indent..]);
            return Some(SyntaxError::new(
                format!(
                    "bad indentation: \"{key}\" is indented {indent} spaces and lines up with no key above it"
                ),
                Span::new(ls + indent, ls + indent + key.len()),
            ));
        }
    }
    None
}

/// "mapping values are not allowed": a `: ` where saphyr was reading a plain
/// value. Either the value itself holds `: `, or this line is indented under
/// a key that already has a value, or the key above lacks its `:`.
fn mapping_value(text: &str, at: usize) -> Option<SyntaxError> {
    let ls = line_start(text, at);
    let line = &text[ls..at];
    let indent = indent_of(line);
    if line[indent..].contains(": ") {
        return Some(SyntaxError::new(
            "a plain value cannot contain \": \": put the value in quotes",
            Span::new(at, at + 1),
        ));
    }
    let (prev_start, prev) = lines_before(text, ls).next()?;
    let prev_indent = indent_of(prev);
    let prev_body = prev[prev_indent..].trim_end();
    let key = first_word(&text[ls + indent..]);
    let prev_key = first_word(prev_body);
    match prev_body.find(": ") {
        Some(_) if indent > prev_indent => Some(SyntaxError::new(
            format!(
                "bad indentation: \"{key}\" is indented more than \"{prev_key}\" on the line above, which already has a value"
            ),
            Span::new(ls + indent, ls + indent + key.len()),
        )),
        None => missing_colon(prev_start, prev),
        _ => None,
    }
}

/// `key value` (a line that starts a mapping entry without its `:`).
fn missing_colon(start: usize, line: &str) -> Option<SyntaxError> {
    let indent = indent_of(line);
    let body = line[indent..].trim_end();
    if body.is_empty()
        || body.contains(": ")
        || body.ends_with(':')
        || body.starts_with(['-', '#', '[', '{'])
    {
        return None;
    }
    let key = first_word(body);
    let end = start + indent + key.len();
    Some(SyntaxError::new(
        format!("expected \":\" after the key \"{key}\""),
        Span::new(end, end),
    ))
}

/// A flow sequence or mapping opened on an earlier line and never closed.
fn unclosed_flow(text: &str, at: usize) -> Option<SyntaxError> {
    let mut open: Vec<(char, usize)> = Vec::new();
    let mut quote: Option<char> = None;
    let mut comment = false;
    for (i, c) in text[..at].char_indices() {
        match (quote, c) {
            _ if comment => comment = c != '\n',
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '#') if i == 0 || text[..i].ends_with([' ', '\t', '\n']) => comment = true,
            (None, '[' | '{') => open.push((c, i)),
            (None, ']' | '}') => {
                open.pop();
            }
            _ => {}
        }
        if c == '\n' && quote == Some('\'') {
            // A single-quoted string may span lines; a stray `'` in a plain
            // value (`it's`) must not hide the rest of the file.
            quote = None;
        }
    }
    let &(c, i) = open.last()?;
    if line_start(text, i) == line_start(text, at) {
        return None;
    }
    let close = if c == '[' { ']' } else { '}' };
    let end = i + text[i..].find('\n').unwrap_or(text.len() - i);
    let end = i + text[i..end].trim_end().len();
    Some(SyntaxError::new(
        format!(
            "missing closing \"{close}\" for the \"{c}\" opened on line {}",
            text[..i].matches('\n').count() + 1
        ),
        Span::new(end, end),
    ))
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |p| p + 1)
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn first_word(s: &str) -> &str {
    let s = s.trim_start_matches("- ");
    let end = s
        .find(|c: char| c == ':' || c.is_whitespace())
        .unwrap_or(s.len());
    &s[..end]
}

/// The non-blank, non-comment lines before the line starting at `ls`,
/// nearest first, each with its start.
fn lines_before(text: &str, ls: usize) -> impl Iterator<Item = (usize, &str)> {
    let mut end = ls;
    std::iter::from_fn(move || loop {
        if end == 0 {
            return None;
        }
        let line_end = end - 1;
        let start = line_start(text, line_end);
        let line = text[start..line_end].trim_end_matches('\r');
        end = start;
        let body = line.trim_start();
        if !body.is_empty() && !body.starts_with('#') {
            return Some((start, line));
        }
    })
}
