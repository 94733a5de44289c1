//! YAML front end: text to a span-keeping [`Node`] tree, plus the comments.
//!
//! Events come from `saphyr-parser`; the tree is built here. Only the first
//! document of a stream is used. Scalars are resolved with the YAML 1.2 core
//! schema; local tags (`!Ref`, `!GetAtt`, ...) are kept on the nodes.
//!
//! Parsing runs in two passes over the event stream so that hostile input
//! stays cheap: the first pass collects the events while counting nodes
//! (alias expansions included, using subtree sizes computed once per
//! anchor) and checking the nesting depth, and fails before anything is
//! cloned; the second pass builds the tree with an explicit stack.

use std::collections::HashSet;

mod errors;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span as YSpan, Tag};

use super::tree::{Entry, Node, NodeKind, SyntaxError, MAX_DEPTH, MAX_NODES};
use crate::source::Span;

/// A parsed YAML stream: its first document, the comments of the file, and
/// any further documents (`---`).
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    pub root: Node,
    pub comments: Vec<Comment>,
    /// The documents after the first, in order (most files have none).
    pub rest: Vec<Node>,
}

pub use crate::parse::tree::Comment;

const BOM: &str = "\u{feff}";
const CORE_PREFIX: &str = "tag:yaml.org,2002:";

/// Parses a YAML stream: every document, the first one as `root`.
pub fn parse(text: &str) -> Result<Parsed, SyntaxError> {
    let mut documents = parse_documents(text)?.into_iter();
    let root = documents.next().expect("at least one document");
    Ok(Parsed {
        root,
        comments: scan_comments(text),
        rest: documents.collect(),
    })
}

fn too_deep() -> String {
    format!("nesting too deep (limit {MAX_DEPTH})")
}

// ---------------------------------------------------------------------------
// Positions
// ---------------------------------------------------------------------------

/// Converts saphyr's character indices (relative to the text after the BOM)
/// into byte offsets into the original text.
struct Positions {
    bom: usize,
    /// Byte offset (after the BOM) of every character index, plus the end;
    /// `None` when the text is ASCII and indices are byte offsets.
    table: Option<Vec<u32>>,
    body_len: usize,
}

impl Positions {
    fn new(body: &str, bom: usize) -> Positions {
        let table = if body.is_ascii() {
            None
        } else {
            let mut t: Vec<u32> = body.char_indices().map(|(i, _)| i as u32).collect();
            t.push(body.len() as u32);
            Some(t)
        };
        Positions {
            bom,
            table,
            body_len: body.len(),
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        let b = match &self.table {
            None => char_index.min(self.body_len),
            Some(t) => t.get(char_index).map_or(self.body_len, |&b| b as usize),
        };
        b + self.bom
    }
}

/// A span covering the character at `at` (empty at a line break or the end).
fn point_span(text: &str, at: usize) -> Span {
    match text.get(at..).and_then(|s| s.chars().next()) {
        Some(c) if c != '\n' && c != '\r' => Span::new(at, at + c.len_utf8()),
        _ => Span::new(at, at),
    }
}

fn scan_error(text: &str, pos: &Positions, e: &ScanError) -> SyntaxError {
    let at = pos.byte(e.marker().index());
    let info = e.info();
    if let Some(clear) = errors::explain(text, at, info) {
        return clear;
    }
    let message = if info == "recursion limit exceeded" {
        // saphyr caps flow nesting (its flow level is a u8)
        too_deep()
    } else if let Some(c) = info
        .strip_prefix("unexpected character: `")
        .and_then(|s| s.strip_suffix('\''))
    {
        format!("unexpected character `{c}`")
    } else {
        info.to_string()
    };
    SyntaxError::new(message, point_span(text, at))
}

// ---------------------------------------------------------------------------
// Pass 1: collect events, count nodes, check depth
// ---------------------------------------------------------------------------

struct CountFrame {
    size: usize,
    /// Height of the tallest child collection.
    child_height: usize,
    anchor: usize,
}

/// Size (node count) and height (collection levels) of anchored nodes,
/// indexed by anchor id; `None` while the anchored node is still open.
type AnchorSizes = Vec<Option<(usize, usize)>>;

fn record_anchor(anchors: &mut AnchorSizes, id: usize, size: usize, height: usize) {
    if id == 0 {
        return;
    }
    if anchors.len() <= id {
        anchors.resize(id + 1, None);
    }
    anchors[id] = Some((size, height));
}

type Events<'a> = Vec<(Event<'a>, YSpan)>;

fn collect_events<'a>(
    text: &str,
    body: &'a str,
    pos: &Positions,
) -> Result<Events<'a>, SyntaxError> {
    let mut parser = Parser::new_from_str(body);
    let mut events = Vec::new();
    let mut stack: Vec<CountFrame> = Vec::new();
    let mut anchors: AnchorSizes = Vec::new();
    let mut total = 0usize;

    let span_at = |s: &YSpan| point_span(text, pos.byte(s.start.index()));

    while let Some(item) = parser.next_event() {
        let (ev, span) = item.map_err(|e| scan_error(text, pos, &e))?;
        // (size, height) of a completed node
        let done = match &ev {
            Event::StreamStart | Event::DocumentStart(_) | Event::Nothing => continue,
            Event::DocumentEnd => {
                events.push((ev, span));
                continue;
            }
            Event::StreamEnd => break,
            Event::Scalar(_, _, anchor, _) => {
                total += 1;
                record_anchor(&mut anchors, *anchor, 1, 0);
                Some((1, 0))
            }
            Event::Alias(id) => {
                let alias_span =
                    Span::new(pos.byte(span.start.index()), pos.byte(span.end.index()));
                // the anchored node is still open: `&a [*a]`
                let Some((size, height)) = anchors.get(*id).copied().flatten() else {
                    return Err(SyntaxError::new(
                        "recursive YAML aliases are not supported",
                        alias_span,
                    ));
                };
                if stack.len() + height > MAX_DEPTH {
                    return Err(SyntaxError::new(too_deep(), alias_span));
                }
                total += size;
                if total > MAX_NODES {
                    return Err(SyntaxError::new(
                        format!("YAML alias expansion exceeds the limit of {MAX_NODES} nodes"),
                        alias_span,
                    ));
                }
                Some((size, height))
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() + 1 > MAX_DEPTH {
                    return Err(SyntaxError::new(too_deep(), span_at(&span)));
                }
                total += 1;
                stack.push(CountFrame {
                    size: 1,
                    child_height: 0,
                    anchor: *anchor,
                });
                None
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let f = stack.pop().expect("balanced collection events");
                let height = f.child_height + 1;
                record_anchor(&mut anchors, f.anchor, f.size, height);
                Some((f.size, height))
            }
        };
        if total > MAX_NODES {
            return Err(SyntaxError::new(
                format!("YAML document exceeds the limit of {MAX_NODES} nodes"),
                span_at(&span),
            ));
        }
        if let (Some((size, height)), Some(parent)) = (done, stack.last_mut()) {
            parent.size += size;
            parent.child_height = parent.child_height.max(height);
        }
        events.push((ev, span));
    }
    Ok(events)
}

// ---------------------------------------------------------------------------
// Tags and scalar resolution
// ---------------------------------------------------------------------------

enum TagKind {
    /// A tag kept on the node (local `!Ref` → `Ref`, or a global tag in full).
    Kept(String),
    /// A core-schema tag (`!!str` → `str`).
    Core(String),
    /// The non-specific tag `!`.
    NonSpecific,
}

fn classify_tag(tag: &Tag) -> TagKind {
    let (handle, suffix) = (tag.handle.as_str(), tag.suffix.as_str());
    if handle == "!" {
        return TagKind::Kept(suffix.to_string());
    }
    if handle == CORE_PREFIX {
        return TagKind::Core(suffix.to_string());
    }
    // verbatim tags (`!<...>`) and tags declared with %TAG
    let full = format!("{handle}{suffix}");
    if full == "!" {
        TagKind::NonSpecific
    } else if let Some(core) = full.strip_prefix(CORE_PREFIX) {
        TagKind::Core(core.to_string())
    } else if let Some(local) = full.strip_prefix('!') {
        TagKind::Kept(local.to_string())
    } else {
        TagKind::Kept(full)
    }
}

fn is_digits(s: &str, radix: u32) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_digit(radix))
}

fn strip_sign(s: &str) -> &str {
    s.strip_prefix(['-', '+']).unwrap_or(s)
}

/// YAML 1.2 core-schema integer.
fn is_core_int(s: &str) -> bool {
    if let Some(oct) = s.strip_prefix("0o") {
        return is_digits(oct, 8);
    }
    if let Some(hex) = s.strip_prefix("0x") {
        return is_digits(hex, 16);
    }
    is_digits(strip_sign(s), 10)
}

/// YAML 1.2 core-schema float (`.inf` and `.nan` included).
fn is_core_float(s: &str) -> bool {
    if matches!(s, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let s = strip_sign(s);
    if matches!(s, ".inf" | ".Inf" | ".INF") {
        return true;
    }
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((int, frac)) => {
            (int.is_empty() && is_digits(frac, 10))
                || (is_digits(int, 10) && (frac.is_empty() || is_digits(frac, 10)))
        }
        None => is_digits(mantissa, 10),
    };
    mantissa_ok && exponent.is_none_or(|e| is_digits(strip_sign(e), 10))
}

fn is_core_number(s: &str) -> bool {
    is_core_int(s) || is_core_float(s)
}

fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

fn is_null(s: &str) -> bool {
    matches!(s, "" | "~" | "null" | "Null" | "NULL")
}

/// Resolves a plain, untagged scalar.
fn resolve_plain(value: &str) -> NodeKind {
    if is_null(value) {
        NodeKind::Null
    } else if let Some(b) = parse_bool(value) {
        NodeKind::Bool(b)
    } else if is_core_number(value) {
        NodeKind::Number(value.to_string())
    } else {
        NodeKind::String(value.to_string())
    }
}

/// Applies a core-schema tag (`!!str`, `!!int`, ...).
fn resolve_core(tag: &str, value: &str) -> NodeKind {
    let trimmed = value.trim();
    match tag {
        "null" => NodeKind::Null,
        "bool" => match parse_bool(trimmed) {
            Some(b) => NodeKind::Bool(b),
            None => NodeKind::String(value.to_string()),
        },
        "int" | "float" if is_core_number(trimmed) => NodeKind::Number(trimmed.to_string()),
        _ => NodeKind::String(value.to_string()),
    }
}

// ---------------------------------------------------------------------------
// Small text scanners used to refine saphyr's spans
// ---------------------------------------------------------------------------

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

fn skip_to_eol(bytes: &[u8], mut i: usize, limit: usize) -> usize {
    while i < limit && bytes[i] != b'\n' {
        i += 1;
    }
    i
}

/// Skips a node property (anchor or tag) starting at `i`.
fn skip_property(bytes: &[u8], mut i: usize, limit: usize) -> usize {
    if bytes[i] == b'!' && bytes.get(i + 1) == Some(&b'<') {
        // verbatim tag `!<...>`
        while i < limit && bytes[i] != b'>' {
            i += 1;
        }
        return (i + 1).min(limit);
    }
    while i < limit && !is_ws(bytes[i]) && !matches!(bytes[i], b',' | b'[' | b']' | b'{' | b'}') {
        i += 1;
    }
    i
}

/// From `i` (the start of a node's properties), skips anchors, whitespace
/// and comments and stops at the first tag (when `stop_at_tag`) or at the
/// node's content. Never goes past `limit`.
fn content_start(text: &str, mut i: usize, limit: usize, stop_at_tag: bool) -> usize {
    let bytes = text.as_bytes();
    let limit = limit.min(bytes.len());
    while i < limit {
        match bytes[i] {
            b if is_ws(b) => i += 1,
            b'#' if i == 0 || is_ws(bytes[i - 1]) => i = skip_to_eol(bytes, i, limit),
            b'!' if stop_at_tag => return i,
            b'&' | b'!' => i = skip_property(bytes, i, limit),
            _ => return i,
        }
    }
    limit
}

/// Finds the `|` or `>` indicator of a block scalar between `from` and
/// `limit` (the content start), skipping properties and comments.
fn find_block_indicator(text: &str, from: usize, limit: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let limit = limit.min(bytes.len());
    let mut i = from;
    while i < limit {
        match bytes[i] {
            b'|' | b'>' => return Some(i),
            b'#' if i == 0 || is_ws(bytes[i - 1]) => i = skip_to_eol(bytes, i, limit),
            b'&' | b'!' => i = skip_property(bytes, i, limit),
            _ => i += 1,
        }
    }
    None
}

/// The end of a block scalar header (`|`, `>-`, `|2+`, ...).
fn block_header_end(text: &str, indicator: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = indicator + 1;
    while i < bytes.len() && matches!(bytes[i], b'0'..=b'9' | b'+' | b'-') {
        i += 1;
    }
    i
}

/// The end of the quoted scalar that opens at `start` (just after its
/// closing quote), looking no further than `limit`: `\"` escapes a double
/// quote, `''` is a single quote inside single quotes.
fn closing_quote(text: &str, start: usize, limit: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let quote = *bytes.get(start)?;
    if quote != b'"' && quote != b'\'' {
        return None;
    }
    let limit = limit.min(bytes.len());
    let mut i = start + 1;
    while i < limit {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// Moves `end` back over trailing whitespace, not below `floor`.
fn trim_end(text: &str, mut end: usize, floor: usize) -> usize {
    let bytes = text.as_bytes();
    while end > floor && is_ws(bytes[end - 1]) {
        end -= 1;
    }
    end.max(floor)
}

/// Looks backwards from `from` over whitespace for the `-` of a block
/// sequence entry.
fn find_dash_before(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from.min(bytes.len());
    while i > 0 && is_ws(bytes[i - 1]) {
        i -= 1;
    }
    (i > 0 && bytes[i - 1] == b'-').then(|| i - 1)
}

// ---------------------------------------------------------------------------
// Pass 2: build the tree
// ---------------------------------------------------------------------------

/// A completed node on its way into its parent.
struct Done {
    node: Node,
    /// Where saphyr said the node starts (before our refinements).
    raw_start: usize,
    /// The string form when the node can be a mapping key.
    key_text: Option<String>,
    /// A plain untagged `<<` (a merge key).
    merge_key: bool,
}

enum FrameKind {
    Seq(Vec<Node>),
    Map {
        entries: Vec<Entry>,
        key: Option<(String, Span, bool)>,
        /// Indices of `<<` entries.
        merges: Vec<usize>,
    },
}

struct Frame {
    kind: FrameKind,
    start: usize,
    raw_start: usize,
    /// The start was given by a tag or an anchor.
    has_props: bool,
    tag: Option<String>,
    anchor: usize,
    first_child_raw: Option<usize>,
    last_end: usize,
}

struct Builder<'t> {
    text: &'t str,
    pos: Positions,
    anchors: Vec<Option<Node>>,
    stack: Vec<Frame>,
    /// End of the last scalar, alias or collection start seen.
    prev_end: usize,
    root: Option<Node>,
}

/// Every document of the stream (at least one: an empty stream is one null
/// document).
fn parse_documents(text: &str) -> Result<Vec<Node>, SyntaxError> {
    let bom = if text.starts_with(BOM) { BOM.len() } else { 0 };
    let body = &text[bom..];
    let pos = Positions::new(body, bom);
    let events = collect_events(text, body, &pos)?;
    let mut b = Builder {
        text,
        pos,
        anchors: Vec::new(),
        stack: Vec::new(),
        prev_end: bom,
        root: None,
    };
    let mut documents = Vec::new();
    for (ev, span) in events {
        if matches!(ev, Event::DocumentEnd) {
            let at = b.prev_end;
            documents.push(
                b.root
                    .take()
                    .unwrap_or_else(|| Node::new(NodeKind::Null, Span::new(at, at))),
            );
            continue;
        }
        b.event(ev, span)?;
    }
    if let Some(root) = b.root.take() {
        documents.push(root);
    }
    if documents.is_empty() {
        documents.push(Node::new(NodeKind::Null, Span::new(bom, bom)));
    }
    Ok(documents)
}

impl Builder<'_> {
    fn event(&mut self, ev: Event<'_>, span: YSpan) -> Result<(), SyntaxError> {
        let s = self.pos.byte(span.start.index());
        let e = self.pos.byte(span.end.index()).max(s);
        match ev {
            Event::Scalar(value, style, anchor, tag) => {
                let done = self.scalar(&value, style, anchor, tag.as_deref(), s, e);
                self.prev_end = self.prev_end.max(e);
                self.store_anchor(anchor, &done.node);
                self.attach(done)
            }
            Event::Alias(id) => {
                self.prev_end = self.prev_end.max(e);
                let mut node = self
                    .anchors
                    .get(id)
                    .and_then(|n| n.clone())
                    .expect("alias checked in the first pass");
                node.span = Span::new(s, e);
                let key_text = match &node.kind {
                    NodeKind::Null => Some(String::new()),
                    NodeKind::Bool(b) => Some(b.to_string()),
                    NodeKind::Number(n) | NodeKind::String(n) => Some(n.clone()),
                    NodeKind::Seq(_) | NodeKind::Map(_) => None,
                };
                self.attach(Done {
                    node,
                    raw_start: s,
                    key_text,
                    merge_key: false,
                })
            }
            Event::SequenceStart(anchor, tag) => {
                self.start_collection(true, anchor, tag.as_deref(), s, e);
                Ok(())
            }
            Event::MappingStart(anchor, tag) => {
                self.start_collection(false, anchor, tag.as_deref(), s, e);
                Ok(())
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let f = self.stack.pop().expect("balanced collection events");
                let mut start = f.start;
                // A flow collection ends at its closing bracket (saphyr
                // reports it as the end event); a block collection's end event
                // points at the next token, so it ends with its last child.
                let closing = self.text[s..e].trim_end();
                let flow = closing.ends_with([']', '}']);
                let end = if flow {
                    (s + closing.len()).max(f.last_end)
                } else {
                    f.last_end
                };
                let kind = match f.kind {
                    FrameKind::Seq(items) => {
                        if !flow && !f.has_props {
                            // saphyr puts an indentless sequence's start after
                            // its first `- `; use the dash of the first entry.
                            if let Some(dash) = f
                                .first_child_raw
                                .and_then(|c| find_dash_before(self.text, c))
                            {
                                start = dash;
                            }
                        }
                        NodeKind::Seq(items)
                    }
                    FrameKind::Map {
                        entries, merges, ..
                    } => NodeKind::Map(apply_merges(entries, &merges)),
                };
                let node = Node {
                    kind,
                    span: Span::new(start, end.max(start)),
                    tag: f.tag,
                };
                self.store_anchor(f.anchor, &node);
                self.attach(Done {
                    node,
                    raw_start: f.raw_start,
                    key_text: None,
                    merge_key: false,
                })
            }
            Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart(_)
            | Event::DocumentEnd
            | Event::Nothing => Ok(()),
        }
    }

    fn start_collection(
        &mut self,
        is_seq: bool,
        anchor: usize,
        tag: Option<&Tag>,
        s: usize,
        e: usize,
    ) {
        self.prev_end = self.prev_end.max(e);
        let has_props = anchor > 0 || tag.is_some();
        let start = if has_props {
            content_start(self.text, s, e, tag.is_some())
        } else {
            s
        };
        let kept_tag = match tag.map(classify_tag) {
            Some(TagKind::Kept(t)) => Some(t),
            _ => None,
        };
        let kind = if is_seq {
            FrameKind::Seq(Vec::new())
        } else {
            FrameKind::Map {
                entries: Vec::new(),
                key: None,
                merges: Vec::new(),
            }
        };
        self.stack.push(Frame {
            kind,
            start,
            raw_start: s,
            has_props,
            tag: kept_tag,
            anchor,
            first_child_raw: None,
            last_end: start,
        });
    }

    fn scalar(
        &self,
        value: &str,
        style: ScalarStyle,
        anchor: usize,
        tag: Option<&Tag>,
        s: usize,
        e: usize,
    ) -> Done {
        let text = self.text;
        let tag_kind = tag.map(classify_tag);
        let has_props = anchor > 0 || tag.is_some();
        let (start, end) = match style {
            ScalarStyle::Literal | ScalarStyle::Folded => {
                // saphyr's span runs from the first content character (or
                // the properties) to the start of whatever follows, blank
                // lines included: start at the indicator (or the tag) and
                // end after the last content character.
                let (from, limit) = if has_props {
                    (s, e)
                } else {
                    (self.prev_end.min(s), s)
                };
                let indicator = find_block_indicator(text, from, limit);
                let start = if tag.is_some() {
                    content_start(text, s, e, true)
                } else {
                    indicator.unwrap_or(s)
                };
                let floor = indicator.map_or(start, |i| block_header_end(text, i));
                (start, trim_end(text, e, floor.max(start)))
            }
            _ => {
                let (start, end) = if has_props {
                    (content_start(text, s, e, tag.is_some()), e)
                } else if value.is_empty() && style == ScalarStyle::Plain {
                    // an empty node: saphyr points at the next token
                    (s, s)
                } else {
                    (s, e)
                };
                match style {
                    // saphyr's span of a quoted scalar may run on over a
                    // comment after it: end at the closing quote.
                    ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
                        // After the properties (`!Ref "x"`), if any.
                        let open = text
                            .get(start..end)
                            .and_then(|t| t.find(['"', '\'']))
                            .map_or(start, |i| start + i);
                        (start, closing_quote(text, open, end).unwrap_or(end))
                    }
                    _ => (start, end),
                }
            }
        };
        let plain = style == ScalarStyle::Plain;
        let is_key = matches!(
            self.stack.last(),
            Some(Frame {
                kind: FrameKind::Map { key: None, .. },
                ..
            })
        );
        let (kind, kept) = match tag_kind {
            // a key only needs its text and span (unless an alias may copy it)
            _ if is_key && anchor == 0 => (NodeKind::Null, None),
            None if plain => (resolve_plain(value), None),
            None | Some(TagKind::NonSpecific) => (NodeKind::String(value.to_string()), None),
            Some(TagKind::Core(core)) => (resolve_core(&core, value), None),
            Some(TagKind::Kept(t)) => {
                let kind = if plain && value.is_empty() {
                    NodeKind::Null
                } else {
                    NodeKind::String(value.to_string())
                };
                (kind, Some(t))
            }
        };
        Done {
            node: Node {
                kind,
                span: Span::new(start, end.max(start)),
                tag: kept,
            },
            raw_start: s,
            key_text: is_key.then(|| value.to_string()),
            merge_key: plain && tag.is_none() && value == "<<",
        }
    }

    fn store_anchor(&mut self, anchor: usize, node: &Node) {
        if anchor == 0 {
            return;
        }
        if self.anchors.len() <= anchor {
            self.anchors.resize(anchor + 1, None);
        }
        self.anchors[anchor] = Some(node.clone());
    }

    fn attach(&mut self, done: Done) -> Result<(), SyntaxError> {
        let Some(frame) = self.stack.last_mut() else {
            if self.root.is_none() {
                self.root = Some(done.node);
            }
            return Ok(());
        };
        frame
            .first_child_raw
            .get_or_insert(done.raw_start.min(done.node.span.start as usize));
        frame.last_end = frame.last_end.max(done.node.span.end as usize);
        match &mut frame.kind {
            FrameKind::Seq(items) => items.push(done.node),
            FrameKind::Map {
                entries,
                key,
                merges,
            } => match key.take() {
                None => {
                    let Some(text) = done.key_text else {
                        return Err(SyntaxError::new(
                            "complex mapping keys are not supported",
                            done.node.span,
                        ));
                    };
                    *key = Some((text, done.node.span, done.merge_key));
                }
                Some((k, key_span, is_merge)) => {
                    if is_merge {
                        merges.push(entries.len());
                    }
                    entries.push(Entry {
                        key: k,
                        key_span,
                        value: done.node,
                    });
                }
            },
        }
        Ok(())
    }
}

/// Expands merge keys (`<<: *base`, `<<: [*a, *b]`): the merged mappings'
/// entries take the place of the `<<` entry, except for keys the mapping sets
/// itself; among several merged mappings the first wins. A `<<` whose value
/// is not a mapping or a list of mappings stays an ordinary entry.
fn apply_merges(entries: Vec<Entry>, merges: &[usize]) -> Vec<Entry> {
    if merges.is_empty() {
        return entries;
    }
    let is_mergeable = |n: &Node| match &n.kind {
        NodeKind::Map(_) => true,
        NodeKind::Seq(items) => items.iter().all(|i| matches!(i.kind, NodeKind::Map(_))),
        _ => false,
    };
    let merge_at: Vec<bool> = (0..entries.len())
        .map(|i| merges.contains(&i) && is_mergeable(&entries[i].value))
        .collect();
    let explicit: HashSet<String> = entries
        .iter()
        .zip(&merge_at)
        .filter(|(_, &m)| !m)
        .map(|(e, _)| e.key.clone())
        .collect();
    let mut merged: HashSet<String> = HashSet::new();
    let mut out = Vec::with_capacity(entries.len());
    for (entry, is_merge) in entries.into_iter().zip(merge_at) {
        if !is_merge {
            out.push(entry);
            continue;
        }
        let sources: Vec<Vec<Entry>> = match entry.value.kind {
            NodeKind::Map(es) => vec![es],
            NodeKind::Seq(items) => items
                .into_iter()
                .filter_map(|n| match n.kind {
                    NodeKind::Map(es) => Some(es),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        for source in sources {
            let mut added = Vec::new();
            for e in source {
                if explicit.contains(&e.key) || merged.contains(&e.key) {
                    continue;
                }
                added.push(e.key.clone());
                out.push(e);
            }
            merged.extend(added);
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Comments
// ---------------------------------------------------------------------------

/// Collects `#` comments with a light line scanner: a `#` at the start of a
/// line or after whitespace, outside quoted scalars and block scalars.
fn scan_comments(text: &str) -> Vec<Comment> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    // inside a quoted scalar that continues on the next line
    let mut quote: Option<u8> = None;
    // block scalars: the indentation of the line with the indicator, then
    // the content indentation once known
    let mut block_parent: Option<usize> = None;
    let mut block_indent: Option<usize> = None;

    let mut line_start = if text.starts_with(BOM) { BOM.len() } else { 0 };
    while line_start < bytes.len() {
        let line_end = bytes[line_start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |p| line_start + p);
        let line = &bytes[line_start..line_end];
        let next = line_end + 1;
        let indent = line.iter().take_while(|&&b| b == b' ').count();
        let blank = line.iter().all(|&b| matches!(b, b' ' | b'\t' | b'\r'));

        if quote.is_none() {
            if let Some(bi) = block_indent {
                if blank || indent >= bi {
                    line_start = next;
                    continue;
                }
                block_indent = None;
            } else if let Some(parent) = block_parent {
                if blank {
                    line_start = next;
                    continue;
                }
                block_parent = None;
                if indent > parent {
                    block_indent = Some(indent);
                    line_start = next;
                    continue;
                }
            }
        }

        let mut comment_at = None;
        let mut prev_ws = true;
        // whether a quote here would open a quoted scalar
        let mut allow_quote = true;
        let mut token_first: Option<u8> = None;
        let mut j = 0;
        while j < line.len() {
            let c = line[j];
            if let Some(q) = quote {
                if c == q {
                    if q == b'\'' && line.get(j + 1) == Some(&b'\'') {
                        j += 2;
                        continue;
                    }
                    quote = None;
                } else if q == b'"' && c == b'\\' {
                    j += 1;
                }
                prev_ws = false;
                allow_quote = false;
                j += 1;
                continue;
            }
            if c == b' ' || c == b'\t' {
                if matches!(token_first, Some(b'!' | b'&')) {
                    allow_quote = true;
                }
                token_first = None;
                prev_ws = true;
                j += 1;
                continue;
            }
            if c == b'#' && prev_ws {
                comment_at = Some(j);
                break;
            }
            if token_first.is_none() {
                token_first = Some(c);
            }
            if (c == b'\'' || c == b'"') && allow_quote {
                quote = Some(c);
            }
            allow_quote = matches!(c, b':' | b',' | b'[' | b'{' | b'-' | b'?');
            prev_ws = false;
            j += 1;
        }

        let content_end = comment_at.unwrap_or(line.len());
        if let Some(at) = comment_at {
            let mut end = line.len();
            if end > at && line[end - 1] == b'\r' {
                end -= 1;
            }
            out.push(Comment {
                text: String::from_utf8_lossy(&line[at..end]).into_owned(),
                span: Span::new(line_start + at, line_start + end),
            });
        }
        if quote.is_none() && opens_block_scalar(&line[..content_end]) {
            block_parent = Some(indent);
        }
        line_start = next;
    }
    out
}

/// Whether a line (without its comment) ends with a block scalar header.
fn opens_block_scalar(content: &[u8]) -> bool {
    let content = String::from_utf8_lossy(content);
    let mut tokens = content.split_whitespace().rev();
    let Some(last) = tokens.next() else {
        return false;
    };
    let mut chars = last.chars();
    if !matches!(chars.next(), Some('|' | '>'))
        || !chars.all(|c| c.is_ascii_digit() || c == '+' || c == '-')
    {
        return false;
    }
    match tokens.next() {
        None => true,
        Some(prev) => {
            prev.ends_with(':')
                || matches!(prev, "-" | "?" | "---")
                || prev.starts_with('!')
                || prev.starts_with('&')
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{FileId, FileKind, LineCol, SourceFile};

    fn slice(text: &str, span: Span) -> &str {
        &text[span.start as usize..span.end as usize]
    }

    fn root(text: &str) -> Node {
        parse(text).unwrap().root
    }

    fn line_col(text: &str, offset: u32) -> LineCol {
        SourceFile::new(
            FileId(0),
            "t.yaml".into(),
            FileKind::CloudFormationYaml,
            text,
        )
        .line_col(offset)
    }

    fn s(v: &str) -> NodeKind {
        NodeKind::String(v.into())
    }

    fn num(v: &str) -> NodeKind {
        NodeKind::Number(v.into())
    }

    /// Follows a path of map keys and sequence indices.
    fn at<'a>(node: &'a Node, path: &[&str]) -> &'a Node {
        let mut n = node;
        for p in path {
            n = match p.parse::<usize>() {
                Ok(i) => &n.as_seq().unwrap_or_else(|| panic!("not a seq at {p}"))[i],
                Err(_) => n.get(p).unwrap_or_else(|| panic!("no key {p}")),
            };
        }
        n
    }

    const TEMPLATE: &str = "\
AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Ref Name
      Arn: !GetAtt Role.Arn
      Tags:
        - Key: Name
          Value: !Sub \"${AWS::StackName}-bucket\"
        - Key: Env
          Value: prod
  Other:
    Type: AWS::SNS::Topic
";

    #[test]
    fn scalar_and_key_spans() {
        let text = TEMPLATE;
        let r = root(text);
        assert_eq!(r.span, Span::new(0, text.trim_end().len()));
        let v = r.entry("AWSTemplateFormatVersion").unwrap();
        assert_eq!(slice(text, v.key_span), "AWSTemplateFormatVersion");
        assert_eq!(slice(text, v.value.span), "'2010-09-09'");
        assert_eq!(v.value.kind, s("2010-09-09"));
        let ty = at(&r, &["Resources", "Bucket", "Type"]);
        assert_eq!(slice(text, ty.span), "AWS::S3::Bucket");
        let key = at(&r, &["Resources", "Bucket"]).entry("Type").unwrap();
        assert_eq!(slice(text, key.key_span), "Type");
    }

    #[test]
    fn block_collection_spans_end_at_their_last_child() {
        let text = TEMPLATE;
        let r = root(text);
        let bucket = at(&r, &["Resources", "Bucket"]);
        let b = slice(text, bucket.span);
        assert!(b.starts_with("Type: AWS::S3::Bucket"), "{b:?}");
        assert!(b.ends_with("Value: prod"), "{b:?}");
        let tags = at(&r, &["Resources", "Bucket", "Properties", "Tags"]);
        let t = slice(text, tags.span);
        assert!(t.starts_with("- Key: Name"), "{t:?}");
        assert!(t.ends_with("Value: prod"), "{t:?}");
        let first = at(&r, &["Resources", "Bucket", "Properties", "Tags", "0"]);
        assert_eq!(
            slice(text, first.span),
            "Key: Name\n          Value: !Sub \"${AWS::StackName}-bucket\""
        );
        let other = at(&r, &["Resources", "Other"]);
        assert_eq!(slice(text, other.span), "Type: AWS::SNS::Topic");
        let resources = at(&r, &["Resources"]);
        assert!(slice(text, resources.span).ends_with("Type: AWS::SNS::Topic"));
    }

    #[test]
    fn indentless_and_nested_block_sequences() {
        let text = "a:\n- x\n- - y\n  - z\n-\nb: 1\n";
        let r = root(text);
        let a = r.get("a").unwrap();
        assert_eq!(slice(text, a.span), "- x\n- - y\n  - z\n-");
        let items = a.as_seq().unwrap();
        assert_eq!(items.len(), 3);
        assert_eq!(slice(text, items[1].span), "- y\n  - z");
        assert_eq!(items[2].kind, NodeKind::Null);
        assert!(items[2].span.is_empty());
        assert_eq!(slice(text, r.entry("b").unwrap().key_span), "b");
    }

    #[test]
    fn flow_collection_spans() {
        let text = "x: {a: 1, b: [2, 3]}\ny: [ ]\nz: [p: q, r]\n";
        let r = root(text);
        assert_eq!(slice(text, r.get("x").unwrap().span), "{a: 1, b: [2, 3]}");
        assert_eq!(slice(text, at(&r, &["x", "b"]).span), "[2, 3]");
        assert_eq!(slice(text, r.get("y").unwrap().span), "[ ]");
        let z = r.get("z").unwrap();
        assert_eq!(slice(text, z.span), "[p: q, r]");
        let pair = &z.as_seq().unwrap()[0];
        assert_eq!(slice(text, pair.span), "p: q");
        assert_eq!(pair.get("p").unwrap().kind, s("q"));
    }

    #[test]
    fn non_ascii_text_before_nodes() {
        let text = "d\u{e9}j\u{e0}: \"\u{1f600} \u{4e2d}\u{6587}\"\nk: !Ref V\u{e9}\nl: [\u{fc}, {m: n}]\n";
        let r = root(text);
        let e = &r.as_map().unwrap()[0];
        assert_eq!(e.key, "d\u{e9}j\u{e0}");
        assert_eq!(slice(text, e.key_span), "d\u{e9}j\u{e0}");
        assert_eq!(slice(text, e.value.span), "\"\u{1f600} \u{4e2d}\u{6587}\"");
        let k = r.get("k").unwrap();
        assert_eq!(slice(text, k.span), "!Ref V\u{e9}");
        assert_eq!(slice(text, r.get("l").unwrap().span), "[\u{fc}, {m: n}]");
        assert_eq!(slice(text, at(&r, &["l", "1", "m"]).span), "n");
    }

    #[test]
    fn leading_bom_is_tolerated() {
        let text = "\u{feff}# top\na: \u{e9}\nb: [1]\n";
        let parsed = parse(text).unwrap();
        let r = parsed.root;
        let a = r.entry("a").unwrap();
        assert_eq!(slice(text, a.key_span), "a");
        assert_eq!(slice(text, a.value.span), "\u{e9}");
        assert_eq!(slice(text, r.get("b").unwrap().span), "[1]");
        assert_eq!(parsed.comments.len(), 1);
        assert_eq!(slice(text, parsed.comments[0].span), "# top");

        let ascii = "\u{feff}a: 1\n";
        let r = root(ascii);
        assert_eq!(slice(ascii, r.get("a").unwrap().span), "1");
    }

    #[test]
    fn short_form_cloudformation_tags() {
        let text = "\
Ref: !Ref MyBucket
Att: !GetAtt Role.Arn
Sub: !Sub \"arn:${AWS::Partition}:s3:::${B}/*\"
If: !If [IsProd, big, small]
Join: !Join [\"\", [\"arn:\", !Ref AWS::Partition, \":s3\"]]
Cond: !Equals [!Ref Env, prod]
Azs: !GetAZs ''
Select: !Select [0, !GetAZs ]
Transform: !Transform
  Name: AWS::Include
  Parameters:
    Location: s3://b/k
Seq: !Split
  - ','
  - a,b
";
        let r = root(text);
        let check = |key: &str, tag: &str, src: &str| {
            let n = r.get(key).unwrap();
            assert_eq!(n.tag.as_deref(), Some(tag), "{key}");
            assert_eq!(slice(text, n.span), src, "{key}");
        };
        check("Ref", "Ref", "!Ref MyBucket");
        assert_eq!(r.get("Ref").unwrap().kind, s("MyBucket"));
        check("Att", "GetAtt", "!GetAtt Role.Arn");
        assert_eq!(r.get("Att").unwrap().kind, s("Role.Arn"));
        check("Sub", "Sub", "!Sub \"arn:${AWS::Partition}:s3:::${B}/*\"");
        assert_eq!(
            r.get("Sub").unwrap().kind,
            s("arn:${AWS::Partition}:s3:::${B}/*")
        );
        check("If", "If", "!If [IsProd, big, small]");
        assert_eq!(r.get("If").unwrap().as_seq().unwrap().len(), 3);
        check(
            "Join",
            "Join",
            "!Join [\"\", [\"arn:\", !Ref AWS::Partition, \":s3\"]]",
        );
        let inner = at(&r, &["Join", "1", "1"]);
        assert_eq!(inner.tag.as_deref(), Some("Ref"));
        assert_eq!(slice(text, inner.span), "!Ref AWS::Partition");
        assert_eq!(at(&r, &["Join", "0"]).kind, s(""));
        check("Cond", "Equals", "!Equals [!Ref Env, prod]");
        let env = at(&r, &["Cond", "0"]);
        assert_eq!(env.tag.as_deref(), Some("Ref"));
        assert_eq!(slice(text, env.span), "!Ref Env");
        check("Azs", "GetAZs", "!GetAZs ''");
        assert_eq!(r.get("Azs").unwrap().kind, s(""));
        let azs = at(&r, &["Select", "1"]);
        assert_eq!(azs.tag.as_deref(), Some("GetAZs"));
        assert_eq!(azs.kind, NodeKind::Null);
        assert_eq!(slice(text, azs.span), "!GetAZs");
        let t = r.get("Transform").unwrap();
        assert_eq!(t.tag.as_deref(), Some("Transform"));
        assert_eq!(
            slice(text, t.span),
            "!Transform\n  Name: AWS::Include\n  Parameters:\n    Location: s3://b/k"
        );
        assert_eq!(at(&r, &["Transform", "Name"]).kind, s("AWS::Include"));
        let seq = r.get("Seq").unwrap();
        assert_eq!(seq.tag.as_deref(), Some("Split"));
        assert_eq!(slice(text, seq.span), "!Split\n  - ','\n  - a,b");
        // untagged nodes carry no tag
        assert_eq!(at(&r, &["If", "1"]).tag, None);
    }

    #[test]
    fn tagged_nodes_inside_flow_collections() {
        let text = "a: [!Ref A, !GetAtt B.C, plain, !Sub '${X}']\nb: {k: !Ref K, !Ref t: v}\n";
        let r = root(text);
        let items = r.get("a").unwrap().as_seq().unwrap();
        assert_eq!(slice(text, items[0].span), "!Ref A");
        assert_eq!(items[0].tag.as_deref(), Some("Ref"));
        assert_eq!(slice(text, items[1].span), "!GetAtt B.C");
        assert_eq!(items[1].kind, s("B.C"));
        assert_eq!(slice(text, items[2].span), "plain");
        assert_eq!(slice(text, items[3].span), "!Sub '${X}'");
        let k = at(&r, &["b", "k"]);
        assert_eq!(slice(text, k.span), "!Ref K");
        let e = &r.get("b").unwrap().as_map().unwrap()[1];
        assert_eq!(e.key, "t");
        assert_eq!(slice(text, e.key_span), "!Ref t");
    }

    #[test]
    fn tags_with_anchors_and_other_forms() {
        let text = "\
a: &x !Ref X
b: !Ref &y Y
c: ! 12
d: !<!Ref> V
e: !!str 12
f: !!int '12'
g: !!bool true
h: !!null ''
i: !!map {k: v}
j: !<tag:example.com,2000:thing> w
";
        let r = root(text);
        let a = r.get("a").unwrap();
        assert_eq!(
            (a.tag.as_deref(), slice(text, a.span)),
            (Some("Ref"), "!Ref X")
        );
        let b = r.get("b").unwrap();
        assert_eq!(
            (b.tag.as_deref(), slice(text, b.span)),
            (Some("Ref"), "!Ref &y Y")
        );
        let c = r.get("c").unwrap();
        assert_eq!((c.tag.as_deref(), &c.kind), (None, &s("12")));
        let d = r.get("d").unwrap();
        assert_eq!((d.tag.as_deref(), &d.kind), (Some("Ref"), &s("V")));
        let e = r.get("e").unwrap();
        assert_eq!((e.tag.as_deref(), &e.kind), (None, &s("12")));
        assert_eq!(slice(text, e.span), "!!str 12");
        assert_eq!(r.get("f").unwrap().kind, num("12"));
        assert_eq!(r.get("g").unwrap().kind, NodeKind::Bool(true));
        assert_eq!(r.get("h").unwrap().kind, NodeKind::Null);
        let i = r.get("i").unwrap();
        assert_eq!(
            (i.tag.as_deref(), slice(text, i.span)),
            (None, "!!map {k: v}")
        );
        let j = r.get("j").unwrap();
        assert_eq!(j.tag.as_deref(), Some("tag:example.com,2000:thing"));
        // alias of a tagged node keeps the tag
        let text = "a: &x !Ref X\nb: *x\n";
        let r = root(text);
        let b = r.get("b").unwrap();
        assert_eq!(b.tag.as_deref(), Some("Ref"));
        assert_eq!(slice(text, b.span), "*x");
    }

    #[test]
    fn plain_scalar_resolution() {
        let cases: &[(&str, NodeKind)] = &[
            ("null", NodeKind::Null),
            ("Null", NodeKind::Null),
            ("NULL", NodeKind::Null),
            ("~", NodeKind::Null),
            ("true", NodeKind::Bool(true)),
            ("True", NodeKind::Bool(true)),
            ("TRUE", NodeKind::Bool(true)),
            ("false", NodeKind::Bool(false)),
            ("FALSE", NodeKind::Bool(false)),
            ("0", num("0")),
            ("-12", num("-12")),
            ("+7", num("+7")),
            ("010", num("010")),
            ("0o17", num("0o17")),
            ("0x1F", num("0x1F")),
            ("1.5", num("1.5")),
            ("-.5", num("-.5")),
            ("1.", num("1.")),
            ("1e3", num("1e3")),
            ("6.02E+23", num("6.02E+23")),
            (".inf", num(".inf")),
            ("-.Inf", num("-.Inf")),
            (".nan", num(".nan")),
            ("yes", s("yes")),
            ("no", s("no")),
            ("on", s("on")),
            ("tRue", s("tRue")),
            ("nULL", s("nULL")),
            ("0x", s("0x")),
            ("0o8", s("0o8")),
            ("1.2.3", s("1.2.3")),
            ("1e", s("1e")),
            (".", s(".")),
            ("-x", s("-x")),
            ("1_000", s("1_000")),
            ("12:30", s("12:30")),
            ("2012-10-17", s("2012-10-17")),
            ("0.0.0.0/0", s("0.0.0.0/0")),
            ("hello world", s("hello world")),
        ];
        for (src, want) in cases {
            let text = format!("v: {src}\n");
            let r = root(&text);
            let v = r.get("v").unwrap();
            assert_eq!(&v.kind, want, "{src}");
            assert_eq!(slice(&text, v.span), *src);
        }
        // empty value
        let r = root("v:\nw: 1\n");
        assert_eq!(r.get("v").unwrap().kind, NodeKind::Null);
        assert!(r.get("v").unwrap().span.is_empty());
        // quoted scalars are always strings
        for src in ["'true'", "\"1\"", "'null'", "''", "\"~\""] {
            let text = format!("v: {src}\n");
            let r = root(&text);
            let v = r.get("v").unwrap();
            assert!(matches!(v.kind, NodeKind::String(_)), "{src}");
            assert_eq!(slice(&text, v.span), src);
        }
    }

    #[test]
    fn block_scalars() {
        let text = "\
lit: |
  line1
  line2

fold: >-
  a
  b
keep: |+ # header comment
  t

seq:
  - |
    in seq
  - x
sub: !Sub |
  echo ${X}
anch: &bs >
  folded
empty: |
next: 1
";
        let r = root(text);
        let lit = r.get("lit").unwrap();
        assert_eq!(lit.kind, s("line1\nline2\n"));
        assert_eq!(slice(text, lit.span), "|\n  line1\n  line2");
        let fold = r.get("fold").unwrap();
        assert_eq!(fold.kind, s("a b"));
        assert_eq!(slice(text, fold.span), ">-\n  a\n  b");
        let keep = r.get("keep").unwrap();
        assert_eq!(keep.kind, s("t\n\n"));
        assert_eq!(slice(text, keep.span), "|+ # header comment\n  t");
        let in_seq = at(&r, &["seq", "0"]);
        assert_eq!(in_seq.kind, s("in seq\n"));
        assert_eq!(slice(text, in_seq.span), "|\n    in seq");
        assert_eq!(
            slice(text, r.get("seq").unwrap().span),
            "- |\n    in seq\n  - x"
        );
        let sub = r.get("sub").unwrap();
        assert_eq!(sub.tag.as_deref(), Some("Sub"));
        assert_eq!(slice(text, sub.span), "!Sub |\n  echo ${X}");
        let anch = r.get("anch").unwrap();
        assert_eq!(slice(text, anch.span), ">\n  folded");
        let empty = r.get("empty").unwrap();
        assert_eq!(empty.kind, s(""));
        assert_eq!(slice(text, empty.span), "|");
        assert_eq!(r.get("next").unwrap().kind, num("1"));
        // "true" in a block scalar stays a string
        assert_eq!(root("v: |-\n  true\n").get("v").unwrap().kind, s("true"));
    }

    #[test]
    fn multi_line_plain_and_quoted_scalars() {
        let text = "a: plain\n  continued   \nb: \"dq\n  more\"\nc: 1\n";
        let r = root(text);
        let a = r.get("a").unwrap();
        assert_eq!(a.kind, s("plain continued"));
        assert_eq!(slice(text, a.span), "plain\n  continued");
        let b = r.get("b").unwrap();
        assert_eq!(b.kind, s("dq more"));
        assert_eq!(slice(text, b.span), "\"dq\n  more\"");
    }

    #[test]
    fn anchors_and_aliases() {
        let text = "\
base: &base
  a: 1
  b: [x, y]
copy: *base
list:
  - &item {k: v}
  - *item
scalar: &s hello
again: *s
";
        let r = root(text);
        let base = r.get("base").unwrap();
        assert_eq!(slice(text, base.span), "a: 1\n  b: [x, y]");
        let copy = r.get("copy").unwrap();
        assert_eq!(copy.kind, base.kind);
        assert_eq!(slice(text, copy.span), "*base");
        // nodes inside the copy point at the anchored definition
        assert_eq!(slice(text, copy.get("a").unwrap().span), "1");
        let list = r.get("list").unwrap().as_seq().unwrap();
        assert_eq!(slice(text, list[0].span), "{k: v}");
        assert_eq!(list[1].kind, list[0].kind);
        assert_eq!(slice(text, list[1].span), "*item");
        let again = r.get("again").unwrap();
        assert_eq!(again.kind, s("hello"));
        assert_eq!(slice(text, r.get("scalar").unwrap().span), "hello");
        // an alias as a key
        let r = root("k: &k name\n*k : v\n");
        assert_eq!(r.get("name").unwrap().kind, s("v"));
        // redefined anchors: aliases take the latest
        let r = root("a: &x 1\nb: &x 2\nc: *x\n");
        assert_eq!(r.get("c").unwrap().kind, num("2"));
    }

    #[test]
    fn merge_keys() {
        let text = "\
base: &base
  a: 1
  b: 2
other: &other
  b: 20
  c: 30
one:
  <<: *base
  b: 3
two:
  b: 4
  <<: [*base, *other]
  d: 5
inline:
  <<: {x: 1}
  y: 2
notmap:
  <<: 5
";
        let r = root(text);
        let one = r.get("one").unwrap();
        let keys: Vec<_> = one
            .as_map()
            .unwrap()
            .iter()
            .map(|e| e.key.as_str())
            .collect();
        assert_eq!(keys, ["a", "b"]);
        assert_eq!(one.get("a").unwrap().kind, num("1"));
        assert_eq!(one.get("b").unwrap().kind, num("3"));
        assert_eq!(slice(text, one.entry("b").unwrap().key_span), "b");

        let two = r.get("two").unwrap();
        let keys: Vec<_> = two
            .as_map()
            .unwrap()
            .iter()
            .map(|e| e.key.as_str())
            .collect();
        assert_eq!(keys, ["b", "a", "c", "d"]);
        assert_eq!(two.get("b").unwrap().kind, num("4"));
        assert_eq!(two.get("c").unwrap().kind, num("30"));

        let inline = r.get("inline").unwrap();
        assert_eq!(inline.get("x").unwrap().kind, num("1"));
        assert_eq!(inline.get("y").unwrap().kind, num("2"));
        assert!(inline.get("<<").is_none());

        // not a mapping: kept as an ordinary entry
        assert_eq!(at(&r, &["notmap", "<<"]).kind, num("5"));
        // a quoted "<<" is an ordinary key
        let r = root("m:\n  '<<': {a: 1}\n");
        assert!(at(&r, &["m", "<<"]).get("a").is_some());
    }

    #[test]
    fn alias_bomb_fails_fast() {
        let text = "\
a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
";
        let t = std::time::Instant::now();
        let err = parse(text).unwrap_err();
        let elapsed = t.elapsed();
        assert_eq!(
            err.message,
            format!("YAML alias expansion exceeds the limit of {MAX_NODES} nodes")
        );
        assert_eq!(slice(text, err.span), "*f");
        assert_eq!(line_col(text, err.span.start).line, 7);
        assert!(elapsed.as_millis() < 1000, "took {elapsed:?}");

        // moderate sharing is fine
        let ok = "a: &a [x, y]\nb: &b [*a, *a, *a]\nc: [*b, *b]\n";
        let r = root(ok);
        assert_eq!(at(&r, &["c", "1", "2", "1"]).kind, s("y"));
    }

    #[test]
    fn recursive_and_unknown_aliases_are_errors() {
        let err = parse("a: &a [1, *a]\n").unwrap_err();
        assert!(err.message.contains("recursive"), "{}", err.message);
        let text = "a: *nope\n";
        let err = parse(text).unwrap_err();
        assert!(err.message.contains("unknown anchor"), "{}", err.message);
        assert_eq!(err.span.start, 3);
    }

    #[test]
    fn deep_nesting_fails_without_overflow() {
        let text = "[".repeat(100_000);
        let err = parse(&text).unwrap_err();
        assert_eq!(err.message, "nesting too deep (limit 256)");

        let text = "{a: ".repeat(100_000);
        let err = parse(&text).unwrap_err();
        assert_eq!(err.message, "nesting too deep (limit 256)");

        let text = "- ".repeat(100_000);
        let t = std::time::Instant::now();
        let err = parse(&text).unwrap_err();
        assert_eq!(err.message, "nesting too deep (limit 256)");
        assert_eq!(err.span.start, 2 * 256);
        assert!(t.elapsed().as_secs() < 5);

        // block mappings
        let mut text = String::new();
        for i in 0..300 {
            text.push_str(&" ".repeat(i));
            text.push_str("k:\n");
        }
        assert_eq!(
            parse(&text).unwrap_err().message,
            "nesting too deep (limit 256)"
        );
    }

    #[test]
    fn nesting_up_to_the_limit_is_accepted() {
        let text = format!("{}x", "- ".repeat(MAX_DEPTH));
        let mut node = &root(&text);
        let mut depth = 0;
        while let Some(items) = node.as_seq() {
            depth += 1;
            node = &items[0];
        }
        assert_eq!(depth, MAX_DEPTH);
        assert_eq!(node.kind, s("x"));
        let text = format!("{}x", "- ".repeat(MAX_DEPTH + 1));
        assert!(parse(&text).is_err());
        // flow nesting within saphyr's own limit
        let text = format!("{}1{}", "[".repeat(200), "]".repeat(200));
        assert!(parse(&text).is_ok());
    }

    #[test]
    fn alias_expansion_respects_the_depth_limit() {
        let deep = format!("{}x{}", "[".repeat(200), "]".repeat(200));
        let mut text = format!("a: &a {deep}\nb:\n");
        for i in 0..60 {
            text.push_str(&" ".repeat(2 * i + 2));
            text.push_str("k:\n");
        }
        text.push_str(&" ".repeat(122));
        text.push_str("v: *a\n");
        let err = parse(&text).unwrap_err();
        assert_eq!(err.message, "nesting too deep (limit 256)");
        assert_eq!(slice(&text, err.span), "*a");
    }

    #[test]
    fn syntax_errors_have_byte_positions() {
        let text = "a: 1\nb: [1, 2\nc: 3\n";
        let err = parse(text).unwrap_err();
        assert_eq!(
            err.message,
            "missing closing \"]\" for the \"[\" opened on line 2"
        );
        let lc = line_col(text, err.span.start);
        assert_eq!((lc.line, lc.col), (2, 9), "{err:?}");

        // after non-ASCII text the offset is still a byte offset
        let text = "\u{e9}\u{e9}: \"\u{1f600}\"\nk: v: w\n";
        let err = parse(text).unwrap_err();
        assert!(text.is_char_boundary(err.span.start as usize));
        assert_eq!(
            line_col(text, err.span.start),
            LineCol { line: 2, col: 5 },
            "{err:?}"
        );
        assert_eq!(
            err.message,
            "a plain value cannot contain \": \": put the value in quotes"
        );

        let text = "a: 'unterminated\n";
        let err = parse(text).unwrap_err();
        assert_eq!(
            err.message,
            "unterminated string: the `'` opened here is never closed"
        );
        assert_eq!(slice(text, err.span), "'");

        let text = "a:\n\tb: 1\n";
        assert!(parse(text).is_err());
    }

    #[test]
    fn common_mistakes_are_explained_where_they_are() {
        let cases = [
            (
                "a:\n  b: 1\n   c: 2\n",
                "bad indentation: \"c\" is indented more than \"b\" on the line above, which already has a value",
                (3, 4),
            ),
            (
                "a:\n\tb: 1\n",
                "tab character in indentation: YAML indents with spaces only",
                (2, 1),
            ),
            (
                "a: [1, 2\nb: {c: 1\n",
                "missing closing \"]\" for the \"[\" opened on line 1",
                (1, 9),
            ),
            (
                "a: {c: 1\nb: 2\n",
                "missing closing \"}\" for the \"{\" opened on line 1",
                (1, 9),
            ),
            (
                "a: \"b\n c: 1\n",
                "unterminated string: the `\"` opened here is never closed",
                (1, 4),
            ),
            (
                "a: b: c\n",
                "a plain value cannot contain \": \": put the value in quotes",
                (1, 5),
            ),
            (
                "a: 1\nb 2\nc: 3\n",
                "expected \":\" after the key \"b\"",
                (2, 2),
            ),
            (
                "a:\n  b: 1\n c: 2\n",
                "bad indentation: \"c\" is indented 1 spaces and lines up with no key above it",
                (3, 2),
            ),
        ];
        for (text, message, (line, col)) in cases {
            let err = parse(text).unwrap_err();
            assert_eq!(err.message, message, "{text:?}");
            let lc = line_col(text, err.span.start);
            assert_eq!((lc.line, lc.col), (line, col), "{text:?}: {err:?}");
        }
    }

    #[test]
    fn complex_keys_are_rejected() {
        let text = "? [a, b]\n: v\n";
        let err = parse(text).unwrap_err();
        assert_eq!(err.message, "complex mapping keys are not supported");
        assert_eq!(slice(text, err.span), "[a, b]");
        let text = "{[a]: 1}";
        let err = parse(text).unwrap_err();
        assert_eq!(err.message, "complex mapping keys are not supported");
        assert_eq!(slice(text, err.span), "[a]");
        // an explicit scalar key is fine
        let r = root("? k\n: v\n");
        assert_eq!(r.get("k").unwrap().kind, s("v"));
    }

    #[test]
    fn duplicate_keys_are_kept() {
        let text = "a: 1\na: 2\n";
        let r = root(text);
        assert_eq!(r.as_map().unwrap().len(), 2);
        assert_eq!(r.get("a").unwrap().kind, num("2"));
        assert_eq!(slice(text, r.entry("a").unwrap().key_span), "a");
        assert_eq!(r.entry("a").unwrap().key_span.start, 5);
    }

    #[test]
    fn non_string_keys_use_their_source_text() {
        let r = root("1: a\ntrue: b\n~: c\n\"q\": d\n");
        let keys: Vec<_> = r.as_map().unwrap().iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["1", "true", "~", "q"]);
    }

    #[test]
    fn every_document_is_read() {
        let parsed = parse("---\na: 1\n---\nb: 2\n--- # empty\n").unwrap();
        assert_eq!(parsed.root.get("a").unwrap().kind, num("1"));
        assert!(parsed.root.get("b").is_none());
        assert_eq!(parsed.rest.len(), 2);
        assert_eq!(parsed.rest[0].get("b").unwrap().kind, num("2"));
        assert_eq!(parsed.rest[1].kind, NodeKind::Null);
        assert!(parse("a: 1\n").unwrap().rest.is_empty());
        // A later document that does not parse is an error of the file.
        let e = parse("a: 1\n...\n--- [\n").unwrap_err();
        assert!(e.message.contains("missing closing"), "{e:?}");
    }

    #[test]
    fn empty_documents_are_null() {
        for text in ["", "   \n", "# only a comment\n", "---\n", "--- # c\n...\n"] {
            let r = root(text);
            assert_eq!(r.kind, NodeKind::Null, "{text:?}");
            assert!(r.span.is_empty(), "{text:?}");
            assert_eq!(r.tag, None);
        }
        let r = root("just a scalar");
        assert_eq!(r.kind, s("just a scalar"));
        assert_eq!(r.span, Span::new(0, 13));
    }

    #[test]
    fn crlf_line_endings() {
        let text = "a: 1 # c1\r\nb: |\r\n  x\r\n  y\r\n\r\nc:\r\n  - !Ref z # c2\r\n";
        let parsed = parse(text).unwrap();
        let r = &parsed.root;
        assert_eq!(r.get("b").unwrap().kind, s("x\ny\n"));
        assert_eq!(slice(text, r.get("b").unwrap().span), "|\r\n  x\r\n  y");
        assert_eq!(slice(text, r.get("c").unwrap().span), "- !Ref z");
        let got: Vec<&str> = parsed.comments.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(got, ["# c1", "# c2"]);
    }

    #[test]
    fn quoted_scalars_end_at_their_closing_quote() {
        let text = "A: \"false\" # note\nB: 'it''s' # c\nC: \"a \\\" b\"  # d\nD: !Ref \"x\" # e\n";
        let r = root(text);
        assert_eq!(slice(text, r.get("A").unwrap().span), "\"false\"");
        assert_eq!(slice(text, r.get("B").unwrap().span), "'it''s'");
        assert_eq!(slice(text, r.get("C").unwrap().span), "\"a \\\" b\"");
        assert_eq!(slice(text, r.get("D").unwrap().span), "!Ref \"x\"");
    }

    #[test]
    fn directives_and_tagged_empty_values() {
        let text = "%YAML 1.2\n---\nRef: !Ref\nNext: !GetAZs\n";
        let r = root(text);
        let v = r.get("Ref").unwrap();
        assert_eq!((v.tag.as_deref(), &v.kind), (Some("Ref"), &NodeKind::Null));
        assert_eq!(slice(text, v.span), "!Ref");
        assert_eq!(slice(text, r.get("Next").unwrap().span), "!GetAZs");
        let text = "--- !Ref x\n";
        let r = root(text);
        assert_eq!(slice(text, r.span), "!Ref x");
    }

    #[test]
    fn comments_are_collected() {
        let text = "\
# full line
Key: value # trailing
Quoted: 'a # not a comment' # yes
Dq: \"x \\\" # still string\" # dq
Url: http://x#frag
  # indented
Block: |
  # not a comment
  text # neither
After: 1 #last\r
Flow: [a, 'b # c', \"d\"] # flow
Multi: 'line one
  # inside quote
  end' # after
";
        let parsed = parse(text).unwrap();
        let got: Vec<&str> = parsed.comments.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            got,
            [
                "# full line",
                "# trailing",
                "# yes",
                "# dq",
                "# indented",
                "#last",
                "# flow",
                "# after",
            ]
        );
        for c in &parsed.comments {
            assert_eq!(slice(text, c.span), c.text);
        }
        assert_eq!(
            parsed.root.get("Block").unwrap().kind,
            s("# not a comment\ntext # neither\n")
        );
        assert_eq!(parsed.root.get("Url").unwrap().kind, s("http://x#frag"));
    }

    #[test]
    fn comments_around_block_scalars_and_apostrophes() {
        let text = "\
a: !Sub | # header
  x # in block
  y
b: it's # real
c: don't 'quote # real too
d: - not a block |
e: >-
   folded # no
  # back at key level
- z
";
        // the text need not parse for comment scanning
        let comments = scan_comments(text);
        let got: Vec<&str> = comments.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            got,
            ["# header", "# real", "# real too", "# back at key level"]
        );
    }
}
