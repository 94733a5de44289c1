//! Source files and positions.
//!
//! Every value Palisade handles remembers where it came from: a [`FileId`] and a
//! byte range. Lines and columns are derived from the file's line index when a
//! reporter needs them, so the hot path only carries two integers.

use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Index of a file in a [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FileId(pub u32);

/// A byte range inside one file (start inclusive, end exclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end.max(start) as u32,
        }
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.end == self.start
    }

    pub fn offset(self, by: u32) -> Span {
        Span {
            start: self.start + by,
            end: self.end + by,
        }
    }
}

/// A byte range in a known file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Range {
    pub file: FileId,
    pub span: Span,
}

impl Range {
    pub fn new(file: FileId, span: Span) -> Range {
        Range { file, span }
    }
}

/// A 1-based line and column; the column counts Unicode scalar values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// The format a file was recognised as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileKind {
    /// Terraform native syntax (`.tf`).
    TerraformHcl,
    /// Terraform JSON syntax (`.tf.json`).
    TerraformJson,
    /// CloudFormation template in YAML.
    CloudFormationYaml,
    /// CloudFormation template in JSON.
    CloudFormationJson,
    /// Terraform plan JSON (`terraform show -json`).
    TerraformPlan,
}

impl FileKind {
    pub fn is_terraform(self) -> bool {
        matches!(self, FileKind::TerraformHcl | FileKind::TerraformJson)
    }
}

/// One source file: its path as shown to users, its text and a line index.
#[derive(Debug)]
pub struct SourceFile {
    pub id: FileId,
    /// Path as displayed (relative to the working directory when possible).
    pub path: PathBuf,
    pub kind: FileKind,
    pub text: Arc<str>,
    line_starts: Vec<u32>,
    /// `char_blocks[k]`: the characters in `text[..k * CHAR_BLOCK]`, so a
    /// column or character offset is found without counting from the start
    /// of a (possibly megabytes long) line.
    char_blocks: Vec<u32>,
}

/// Bytes per entry of [`SourceFile`]'s character index.
const CHAR_BLOCK: usize = 256;

/// Whether `b` starts a character (is not a UTF-8 continuation byte).
fn starts_char(b: u8) -> bool {
    (b as i8) >= -0x40
}

impl SourceFile {
    pub fn new(id: FileId, path: PathBuf, kind: FileKind, text: impl Into<Arc<str>>) -> SourceFile {
        let text: Arc<str> = text.into();
        let mut line_starts = vec![0u32];
        let mut char_blocks = Vec::with_capacity(text.len() / CHAR_BLOCK + 1);
        let mut chars = 0u32;
        for (i, b) in text.bytes().enumerate() {
            if i % CHAR_BLOCK == 0 {
                char_blocks.push(chars);
            }
            chars += u32::from(starts_char(b));
            if b == b'\n' {
                line_starts.push(i as u32 + 1);
            }
        }
        if text.len() % CHAR_BLOCK == 0 {
            char_blocks.push(chars);
        }
        SourceFile {
            id,
            path,
            kind,
            text,
            line_starts,
            char_blocks,
        }
    }

    /// Line and column (both 1-based) of a byte offset.
    pub fn line_col(&self, offset: u32) -> LineCol {
        let offset = offset.min(self.text.len() as u32);
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line] as usize;
        let mut end = offset as usize;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let col = (self.char_offset(end) - self.char_offset(start)) as u32 + 1;
        LineCol {
            line: line as u32 + 1,
            col,
        }
    }

    /// The number of characters before byte `offset` (rounded down to a
    /// character boundary).
    pub fn char_offset(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        let k = offset / CHAR_BLOCK;
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let from = k * CHAR_BLOCK;
        let counted = self.char_blocks[k] as usize;
        if end >= from {
            counted
                + self.text.as_bytes()[from..end]
                    .iter()
                    .filter(|&&b| starts_char(b))
                    .count()
        } else {
            // `offset` was inside a character that starts before the block.
            counted
                - self.text.as_bytes()[end..from]
                    .iter()
                    .filter(|&&b| starts_char(b))
                    .count()
        }
    }

    /// Byte offset of a 1-based line and a 0-based column counted in characters.
    pub fn offset_of(&self, line: usize, col_chars: usize) -> u32 {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len() as u32;
        };
        let rest = &self.text[start as usize..];
        let byte = rest
            .char_indices()
            .nth(col_chars)
            .map(|(i, _)| i)
            .unwrap_or(rest.len());
        start + byte as u32
    }

    /// The text of a 1-based line, without its line terminator.
    pub fn line_text(&self, line: u32) -> &str {
        let i = (line as usize).saturating_sub(1);
        let Some(&start) = self.line_starts.get(i) else {
            return "";
        };
        let end = self
            .line_starts
            .get(i + 1)
            .map(|&e| e as usize)
            .unwrap_or(self.text.len());
        self.text[start as usize..end].trim_end_matches(['\n', '\r'])
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    pub fn slice(&self, span: Span) -> &str {
        let end = (span.end as usize).min(self.text.len());
        let start = (span.start as usize).min(end);
        self.text.get(start..end).unwrap_or("")
    }
}

/// All files of one scan, addressed by [`FileId`].
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<Arc<SourceFile>>,
}

impl SourceMap {
    pub fn add(&mut self, path: PathBuf, kind: FileKind, text: impl Into<Arc<str>>) -> FileId {
        let id = FileId(self.files.len() as u32);
        self.files
            .push(Arc::new(SourceFile::new(id, path, kind, text)));
        id
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn files(&self) -> impl Iterator<Item = &Arc<SourceFile>> {
        self.files.iter()
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn find(&self, path: &Path) -> Option<&SourceFile> {
        self.files.iter().map(|f| &**f).find(|f| f.path == path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let f = SourceFile::new(
            FileId(0),
            "a.tf".into(),
            FileKind::TerraformHcl,
            "ab\n\u{e9}x = 1\n",
        );
        assert_eq!(f.line_col(0), LineCol { line: 1, col: 1 });
        assert_eq!(f.line_col(3), LineCol { line: 2, col: 1 });
        // 'x' is after a two-byte character
        assert_eq!(f.line_col(5), LineCol { line: 2, col: 2 });
        assert_eq!(f.offset_of(2, 1), 5);
        assert_eq!(f.line_text(2), "\u{e9}x = 1");
    }

    fn naive(text: &str, offset: usize) -> usize {
        let mut end = offset.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text[..end].chars().count()
    }

    proptest::proptest! {
        #[test]
        fn the_character_index_counts_like_chars(
            text in "(\\PC|\n){0,700}",
            offsets in proptest::collection::vec(0usize..3000, 1..8),
        ) {
            let f = SourceFile::new(FileId(0), "a".into(), FileKind::TerraformHcl, text.as_str());
            for o in offsets {
                proptest::prop_assert_eq!(f.char_offset(o), naive(&text, o), "offset {}", o);
                let lc = f.line_col(o.min(text.len()) as u32);
                let end = o.min(text.len());
                let line_start = text[..naive_boundary(&text, end)].rfind('\n').map_or(0, |i| i + 1);
                proptest::prop_assert_eq!(
                    lc.col as usize,
                    naive(&text, end) - naive(&text, line_start) + 1
                );
            }
        }
    }

    fn naive_boundary(text: &str, mut end: usize) -> usize {
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        end
    }

    #[test]
    fn a_long_line_is_indexed_without_counting_from_its_start() {
        let text = "\u{e9}".repeat(300) + "x";
        let f = SourceFile::new(FileId(0), "a".into(), FileKind::TerraformHcl, text.as_str());
        assert_eq!(f.char_offset(600), 300);
        assert_eq!(f.char_offset(257), 128);
        assert_eq!(f.char_offset(256), 128);
        assert_eq!(f.line_col(600), LineCol { line: 1, col: 301 });
        assert_eq!(f.char_offset(10_000), 301);
        assert_eq!(
            SourceFile::new(FileId(0), "e".into(), FileKind::TerraformHcl, "").char_offset(0),
            0
        );
    }
}
