//! LSP positions: a line and a column counted in UTF-16 code units. Palisade
//! keeps byte offsets into UTF-8 text; this converts both ways and applies
//! incremental document changes.

use lsp_types::{Position, Range as LspRange, TextDocumentContentChangeEvent};

/// Line starts of a text, for conversions between byte offsets and LSP
/// positions.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { text, starts }
    }

    /// The LSP position of a byte offset (clamped to the text, moved back to
    /// a character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[line];
        let character: usize = self.text[start..offset].chars().map(char::len_utf16).sum();
        Position::new(line as u32, character as u32)
    }

    pub fn range(&self, start: usize, end: usize) -> LspRange {
        LspRange::new(self.position(start), self.position(end))
    }

    /// The byte offset of an LSP position. A column past the end of its line
    /// means the end of the line (before its terminator), a line past the end
    /// of the text means the end of the text, as the protocol asks.
    pub fn offset(&self, pos: Position) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else {
            return self.text.len();
        };
        let end = self
            .starts
            .get(pos.line as usize + 1)
            .copied()
            .unwrap_or(self.text.len());
        let line = self.text[start..end].trim_end_matches(['\n', '\r']);
        let mut units = 0usize;
        for (i, c) in line.char_indices() {
            if units >= pos.character as usize {
                return start + i;
            }
            units += c.len_utf16();
        }
        start + line.len()
    }

    /// The byte offset where a 0-based line starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.text.len())
    }
}

/// Applies a `didChange` content change: a range replacement, or the whole
/// text when it has no range.
pub fn apply_change(text: &mut String, change: TextDocumentContentChangeEvent) {
    match change.range {
        None => *text = change.text,
        Some(range) => {
            let index = LineIndex::new(text);
            let start = index.offset(range.start);
            let end = index.offset(range.end).max(start);
            text.replace_range(start..end, &change.text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units() {
        // 'é' is 2 bytes and 1 unit; '😀' is 4 bytes and 2 units.
        let text = "a\u{e9}b\n\u{1f600}x = 1\r\nlast";
        let ix = LineIndex::new(text);
        assert_eq!(ix.position(0), Position::new(0, 0));
        assert_eq!(ix.position(3), Position::new(0, 2)); // 'b'
        assert_eq!(ix.position(5), Position::new(1, 0));
        assert_eq!(ix.position(9), Position::new(1, 2)); // 'x'
        assert_eq!(ix.position(7), Position::new(1, 0)); // inside the emoji
        assert_eq!(ix.position(text.len()), Position::new(2, 4));
        assert_eq!(ix.offset(Position::new(0, 2)), 3);
        assert_eq!(ix.offset(Position::new(1, 2)), 9);
        assert_eq!(
            ix.offset(Position::new(1, 99)),
            14,
            "end of line, before CRLF"
        );
        assert_eq!(ix.offset(Position::new(9, 0)), text.len());
        assert_eq!(ix.line_start(2), 16);
    }

    #[test]
    fn incremental_changes_apply_at_utf16_positions() {
        let mut text = String::from("\u{1f600} = false\nb = 2\n");
        apply_change(
            &mut text,
            TextDocumentContentChangeEvent {
                range: Some(LspRange::new(Position::new(0, 5), Position::new(0, 10))),
                range_length: None,
                text: "true".into(),
            },
        );
        assert_eq!(text, "\u{1f600} = true\nb = 2\n");
        apply_change(
            &mut text,
            TextDocumentContentChangeEvent {
                range: None,
                range_length: None,
                text: "x".into(),
            },
        );
        assert_eq!(text, "x");
    }
}
