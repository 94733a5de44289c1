//! Terminal safety for the text report: what a scanned file contains (its
//! lines in a code frame, values quoted in messages, its name) is shown with
//! control characters, terminal escape sequences and bidirectional-text
//! controls escaped, and a code frame shows only the lines around its label,
//! each cut to [`MAX_FRAME_CHARS`] characters around the label, so a hostile
//! file can neither drive the terminal nor flood it (a 10 MB line).

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::source::{SourceFile, Span};

/// The most characters of one source line a code frame shows.
pub(crate) const MAX_FRAME_CHARS: usize = 200;
/// How many characters before the label a cut line keeps.
const LEAD_CHARS: usize = 40;
const ELLIPSIS: &str = "…";

/// Whether `c` must not reach a terminal as it is: C0 and C1 controls (ESC
/// starts escape sequences, CR overwrites the line), DEL, and the invisible
/// characters that reorder or hide text (bidirectional overrides and
/// isolates, zero-width marks, the byte-order mark).
fn unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{2069}'
                | '\u{feff}'
        )
}

/// `text` with every unsafe character written as a Rust-style escape
/// (`\u{1b}`, `\n`, `\r`, `\t`), so it stays on one line and cannot drive a
/// terminal.
pub(crate) fn printable(text: &str) -> String {
    if !text.chars().any(unsafe_char) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    push_printable(&mut out, text, false);
    out
}

/// Appends `text` escaped; `keep_tabs` leaves tabs as they are (code frames,
/// where miette expands them).
fn push_printable(out: &mut String, text: &str, keep_tabs: bool) {
    for c in text.chars() {
        match c {
            '\t' if keep_tabs => out.push(c),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if unsafe_char(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
}

/// The lines of a file a code frame shows, made safe, with the label mapped
/// into them. Implements miette's [`SourceCode`] so line numbers and the
/// `[path:line:col]` header stay those of the real file.
#[derive(Debug)]
pub(crate) struct Excerpt {
    name: String,
    text: String,
    /// 0-based line number of the first line of `text`.
    first_line: usize,
    line_count: usize,
    /// 0-based line and character column of the label's start in the file.
    header: (usize, usize),
    /// The label's byte offset and length in `text`.
    pub(crate) label: (usize, usize),
}

/// One line of the excerpt: its bytes `from..to` (at most
/// [`MAX_FRAME_CHARS`] characters) are shown. Found by walking from the
/// label, never by counting the whole line, so a frame on a 10 MB line
/// costs what a frame on a short one does.
struct Window<'a> {
    line: &'a str,
    from: usize,
    to: usize,
}

/// The byte position `n` characters before `pos` in `s` (or 0).
fn back(s: &str, pos: usize, n: usize) -> usize {
    s[..pos]
        .char_indices()
        .rev()
        .take(n)
        .last()
        .map_or(pos, |(i, _)| i)
}

/// The byte position `n` characters after `pos` in `s` (or its end).
fn forward(s: &str, pos: usize, n: usize) -> usize {
    s[pos..]
        .char_indices()
        .nth(n)
        .map_or(s.len(), |(i, _)| pos + i)
}

impl Window<'_> {
    /// The window of `line` around byte `focus` (a character boundary).
    fn new(line: &str, focus: usize) -> Window<'_> {
        let mut from = back(line, focus.min(line.len()), LEAD_CHARS);
        let to = forward(line, from, MAX_FRAME_CHARS);
        if to == line.len() {
            // Near the end: show the last characters in full.
            from = back(line, line.len(), MAX_FRAME_CHARS);
        }
        Window { line, from, to }
    }

    /// Appends the visible part; returns, for each visible character and
    /// the end, its byte position in the line and where its rendering
    /// starts (relative to the start of what was appended).
    fn render(&self, out: &mut String) -> Vec<(usize, usize)> {
        let base = out.len();
        let mut cols = Vec::with_capacity(self.to - self.from + 1);
        if self.from > 0 {
            out.push_str(ELLIPSIS);
        }
        for (i, c) in self.line[self.from..self.to].char_indices() {
            cols.push((self.from + i, out.len() - base));
            let mut buf = [0u8; 4];
            push_printable(out, c.encode_utf8(&mut buf), true);
        }
        cols.push((self.to, out.len() - base));
        if self.to < self.line.len() {
            out.push_str(ELLIPSIS);
        }
        cols
    }
}

impl Excerpt {
    /// The excerpt for a label on `span` of `file`, with `context` lines
    /// before and after.
    pub(crate) fn new(name: String, file: &SourceFile, span: Span, context: u32) -> Excerpt {
        let start = file.line_col(span.start);
        let end = file.line_col(span.end);
        let first = start.line.saturating_sub(context).max(1);
        let last = (end.line + context).min(file.line_count() as u32);
        let base = file.text.as_ptr() as usize;
        let mut text = String::new();
        let mut label = (0, 0);
        let mut label_end = 0;
        for line_no in first..=last {
            let mut line = file.line_text(line_no);
            if line_no == 1 {
                line = line.strip_prefix('\u{feff}').unwrap_or(line);
            }
            // The line's byte offset in the file (a slice of its text).
            let line_at = line.as_ptr() as usize - base;
            let in_line =
                |offset: u32| (offset as usize).clamp(line_at, line_at + line.len()) - line_at;
            let focus = if line_no == start.line {
                in_line(span.start)
            } else {
                0
            };
            let window = Window::new(line, focus);
            let at = text.len();
            let cols = window.render(&mut text);
            let offset_of = |byte: usize| {
                let byte = byte.clamp(window.from, window.to);
                let i = cols.partition_point(|&(b, _)| b < byte);
                at + cols[i.min(cols.len() - 1)].1
            };
            if line_no == start.line {
                label.0 = offset_of(in_line(span.start));
            }
            if line_no == end.line {
                label_end = offset_of(in_line(span.end));
            }
            // Every line ends with a newline, as in the file, so that miette
            // shows an empty last line too.
            text.push('\n');
        }
        label.1 = label_end.saturating_sub(label.0);
        Excerpt {
            name,
            text,
            first_line: first as usize - 1,
            line_count: (last - first + 1) as usize,
            header: (start.line as usize - 1, start.col as usize - 1),
            label,
        }
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        _span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        // miette reads the label alone (no context) for the header's
        // position, and with context for the lines it prints.
        let (line, column) = if context_lines_before == 0 && context_lines_after == 0 {
            self.header
        } else {
            (self.first_line, 0)
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            self.text.as_bytes(),
            SourceSpan::new(0.into(), self.text.len()),
            line,
            column,
            self.line_count,
        )))
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::source::{FileId, FileKind};

    fn file(text: &str) -> SourceFile {
        SourceFile::new(
            FileId(0),
            PathBuf::from("f.tf"),
            FileKind::TerraformHcl,
            text,
        )
    }

    #[test]
    fn escapes_controls_escapes_and_bidi() {
        assert_eq!(
            printable("a\u{1b}[31mred\u{7}\r\nb\t\u{202e}c\u{9b}"),
            "a\\u{1b}[31mred\\u{7}\\r\\nb\\t\\u{202e}c\\u{9b}"
        );
        assert_eq!(printable("plain é ✓"), "plain é ✓");
    }

    #[test]
    fn excerpt_keeps_context_lines_and_escapes_them() {
        let f = file("one\ntwo \u{1b}[2J x = 1\nthree\nfour\n");
        let at = f.text.find("x = 1").unwrap();
        let e = Excerpt::new("f.tf".into(), &f, Span::new(at, at + 5), 1);
        assert_eq!(e.text, "one\ntwo \\u{1b}[2J x = 1\nthree\n");
        assert_eq!(&e.text[e.label.0..e.label.0 + e.label.1], "x = 1");
        assert_eq!((e.first_line, e.line_count, e.header), (0, 3, (1, 9)));
    }

    #[test]
    fn long_lines_are_cut_around_the_label() {
        let line = format!("{}TARGET{}", "a".repeat(5000), "b".repeat(5000));
        let f = file(&format!("{line}\nnext {}\n", "c".repeat(500)));
        let at = line.find("TARGET").unwrap();
        let e = Excerpt::new("f.tf".into(), &f, Span::new(at, at + 6), 1);
        let lines: Vec<&str> = e.text.lines().collect();
        assert_eq!(
            lines[0],
            format!("…{}TARGET{}…", "a".repeat(40), "b".repeat(154))
        );
        assert_eq!(lines[1], format!("next {}…", "c".repeat(195)));
        assert_eq!(&e.text[e.label.0..e.label.0 + e.label.1], "TARGET");
        assert_eq!(e.header, (0, 5000));
    }

    proptest::proptest! {
        #[test]
        fn printable_text_has_no_unsafe_characters(text in proptest::prelude::any::<String>()) {
            let p = printable(&text);
            proptest::prop_assert!(!p.chars().any(unsafe_char), "{p:?}");
        }

        #[test]
        fn excerpts_are_safe_and_label_within_them(
            text in "(\\PC|[\n\r\t\u{1b}\u{202e}\u{feff}]){0,600}",
            a in 0usize..700,
            b in 0usize..700,
            context in 0u32..3,
        ) {
            let f = file(&text);
            let span = crate::report::clamp_span(&f, Span::new(a.min(b), a.max(b)));
            let e = Excerpt::new("f".into(), &f, span, context);
            proptest::prop_assert!(
                !e.text.chars().any(|c| c != '\n' && c != '\t' && unsafe_char(c)),
                "{:?}", e.text
            );
            let (start, len) = e.label;
            proptest::prop_assert!(start + len <= e.text.len());
            proptest::prop_assert!(e.text.is_char_boundary(start));
            proptest::prop_assert!(e.text.is_char_boundary(start + len));
            proptest::prop_assert!(
                e.text.lines().all(|l| l.chars().count() <= MAX_FRAME_CHARS * 10 + 2)
            );
        }
    }

    #[test]
    fn a_label_past_the_window_ends_at_its_edge() {
        let line = format!("x = \"{}\"", "a".repeat(1000));
        let f = file(&line);
        let e = Excerpt::new("f.tf".into(), &f, Span::new(4, line.len()), 0);
        assert_eq!(e.label, (4, MAX_FRAME_CHARS - 4));
        assert!(e.text.ends_with("…\n"));
    }
}
