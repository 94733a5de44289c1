//! Templates: quoted strings and heredocs, their interpolations and
//! directives, strip markers and escapes.

use tree_sitter::Node;

use super::*;

#[derive(Clone, Copy)]
pub(super) enum Mode {
    /// A quoted string: backslash escapes; `allow_templates` is false for
    /// block labels, where `${` and `%{` are not allowed.
    Quoted { allow_templates: bool },
    /// A heredoc (or a bare template): no backslash escapes; `flush` for
    /// `<<-` heredocs.
    Heredoc { flush: bool },
}

pub(super) enum Piece {
    Lit {
        start: usize,
        end: usize,
    },
    Part {
        part: TemplatePart,
        strip_before: bool,
        strip_after: bool,
    },
}

impl<'s> Cx<'s> {
    /// A `string_lit` or `quoted_template`.
    pub(super) fn quoted(&mut self, n: Node) -> Res<Expr> {
        let ks = kids(n);
        let (Some(open), Some(close)) = (ks.first(), ks.last()) else {
            return Err(self.unexpected_node(n));
        };
        let parts = self.template_parts(
            &ks,
            open.end_byte(),
            close.start_byte(),
            Mode::Quoted {
                allow_templates: true,
            },
        )?;
        Ok(Expr {
            kind: ExprKind::Template(parts),
            span: self.nspan(n),
        })
    }

    pub(super) fn heredoc(&mut self, n: Node) -> Res<Expr> {
        let ks = kids(n);
        let markers: Vec<Node> = ks
            .iter()
            .copied()
            .filter(|k| k.kind() == "heredoc_identifier")
            .collect();
        let (Some(start_tok), [open, .., close]) = (
            ks.iter().find(|k| k.kind() == "heredoc_start"),
            markers.as_slice(),
        ) else {
            return Err(self.unexpected_node(n));
        };
        let flush = self.ntext(*start_tok) == "<<-";
        let after = open.end_byte();
        let rest = self.text(after, close.start_byte());
        let Some(nl) = rest.find('\n') else {
            return Err(self.unexpected_node(n));
        };
        if !rest[..nl].trim().is_empty() {
            return Err(self.err(
                "expected a newline after the heredoc marker",
                after,
                after + nl,
            ));
        }
        let start = after + nl + 1;
        let end = self
            .text(0, close.start_byte())
            .rfind('\n')
            .map_or(start, |p| p + 1)
            .max(start);
        let parts = self.template_parts(&ks, start, end, Mode::Heredoc { flush })?;
        Ok(Expr {
            kind: ExprKind::Template(parts),
            span: self.nspan(n),
        })
    }

    /// The parts of a template whose content is `start..end`: interpolations
    /// and directives from the children, literal text from the gaps between.
    pub(super) fn template_parts(
        &mut self,
        ks: &[Node],
        start: usize,
        end: usize,
        mode: Mode,
    ) -> Res<Vec<TemplatePart>> {
        let mut pieces = Vec::new();
        let mut pos = start;
        for k in ks {
            let kind = k.kind();
            if kind != "template_interpolation" && kind != "template_directive" {
                continue;
            }
            if k.start_byte() < pos || k.end_byte() > end {
                return Err(self.unexpected_node(*k));
            }
            if k.start_byte() > pos {
                pieces.push(Piece::Lit {
                    start: pos,
                    end: k.start_byte(),
                });
            }
            pieces.push(if kind == "template_interpolation" {
                self.interpolation(*k)?
            } else {
                self.directive(*k)
            });
            pos = k.end_byte();
        }
        if end > pos {
            pieces.push(Piece::Lit { start: pos, end });
        }
        if let Mode::Heredoc { flush: true } = mode {
            pieces = self.flush_heredoc(pieces);
        }
        self.apply_strip_markers(&mut pieces);
        let mut parts = Vec::with_capacity(pieces.len());
        for piece in pieces {
            match piece {
                Piece::Lit { start, end } if start < end => {
                    let raw = self.text(start, end);
                    let text = self.unescape(raw, start, mode)?;
                    let verbatim = text == raw;
                    parts.push(TemplatePart::Literal {
                        text,
                        span: self.span(start, end),
                        verbatim,
                    });
                }
                Piece::Lit { .. } => {}
                Piece::Part { part, .. } => parts.push(part),
            }
        }
        Ok(parts)
    }

    fn interpolation(&mut self, n: Node) -> Res<Piece> {
        let mut strip_before = false;
        let mut strip_after = false;
        let mut expr = None;
        for k in kids(n) {
            match k.kind() {
                "strip_marker" if expr.is_none() => strip_before = true,
                "strip_marker" => strip_after = true,
                "expression" => expr = Some(k),
                _ => {}
            }
        }
        let Some(e) = expr else {
            return Err(self.err(
                "empty interpolation: expected an expression inside \"${ }\"",
                n.start_byte(),
                n.end_byte(),
            ));
        };
        Ok(Piece::Part {
            part: TemplatePart::Interpolation(self.expr(e)?),
            strip_before,
            strip_after,
        })
    }

    fn directive(&self, n: Node) -> Piece {
        // `%{~ if ...}` ... `%{ endif ~}`: strip markers of the opening and
        // closing tags strip the literal text outside the directive.
        let body = kids(n).into_iter().next();
        let parts = body.map(kids).unwrap_or_default();
        let first = parts.first().map(|f| kids(*f)).unwrap_or_default();
        let last = parts.last().map(|l| kids(*l)).unwrap_or_default();
        let strip_before = first.get(1).map(|k| k.kind()) == Some("strip_marker");
        let strip_after = last.len() >= 2 && last[last.len() - 2].kind() == "strip_marker";
        Piece::Part {
            part: TemplatePart::Directive(self.nspan(n)),
            strip_before,
            strip_after,
        }
    }

    /// `<<-` heredocs: split literals into lines and remove the smallest
    /// leading whitespace of the lines, as HCL does (lines holding only
    /// whitespace do not count and are kept as they are; a line that starts
    /// with an interpolation counts as unindented).
    fn flush_heredoc(&self, pieces: Vec<Piece>) -> Vec<Piece> {
        let mut lines = Vec::with_capacity(pieces.len());
        for piece in pieces {
            match piece {
                Piece::Lit { start, end } => {
                    let mut s = start;
                    for (i, _) in self.text(start, end).match_indices('\n') {
                        lines.push(Piece::Lit {
                            start: s,
                            end: start + i + 1,
                        });
                        s = start + i + 1;
                    }
                    if s < end {
                        lines.push(Piece::Lit { start: s, end });
                    }
                }
                other => lines.push(other),
            }
        }
        let mut min = usize::MAX;
        let mut newline = true;
        let mut adjust = Vec::new();
        for (i, piece) in lines.iter().enumerate() {
            let lit = match piece {
                Piece::Lit { start, end } => Some(self.text(*start, *end)),
                Piece::Part { .. } => None,
            };
            if newline {
                newline = false;
                match lit {
                    Some(raw) => {
                        let trimmed = raw.trim_start();
                        if !(trimmed.is_empty() && raw.ends_with('\n')) {
                            let spaces = raw[..raw.len() - trimmed.len()].chars().count();
                            min = min.min(spaces);
                            adjust.push(i);
                        }
                    }
                    None => min = 0,
                }
            }
            if lit.is_some_and(|raw| raw.ends_with('\n')) {
                newline = true;
            }
        }
        if min != usize::MAX && min > 0 {
            for i in adjust {
                if let Some(Piece::Lit { start, end }) = lines.get_mut(i) {
                    let raw = self.text(*start, *end);
                    let cut = raw.char_indices().nth(min).map_or(raw.len(), |(b, _)| b);
                    *start += cut;
                }
            }
        }
        lines
    }

    fn apply_strip_markers(&self, pieces: &mut [Piece]) {
        for i in 0..pieces.len() {
            let (before, after) = match &pieces[i] {
                Piece::Part {
                    strip_before,
                    strip_after,
                    ..
                } => (*strip_before, *strip_after),
                Piece::Lit { .. } => continue,
            };
            if before && i > 0 {
                if let Piece::Lit { start, end } = &mut pieces[i - 1] {
                    *end = *start + self.text(*start, *end).trim_end().len();
                }
            }
            if after {
                if let Some(Piece::Lit { start, end }) = pieces.get_mut(i + 1) {
                    *start = *end - self.text(*start, *end).trim_start().len();
                }
            }
        }
    }

    /// Literal template text: `$${` and `%%{` escapes, and in quoted strings
    /// backslash escapes. `base` is the source position of `raw`.
    pub(super) fn unescape(&self, raw: &str, base: usize, mode: Mode) -> Res<String> {
        let quoted = matches!(mode, Mode::Quoted { .. });
        let allow_templates = !matches!(
            mode,
            Mode::Quoted {
                allow_templates: false
            }
        );
        let mut out = String::with_capacity(raw.len());
        let mut it = raw.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            match c {
                '\\' if quoted => {
                    let bad = |len: usize, msg: String| self.err(msg, base + i, base + i + len);
                    let Some((_, e)) = it.next() else {
                        return Err(bad(1, "invalid escape sequence \"\\\"".to_string()));
                    };
                    match e {
                        'n' => out.push('\n'),
                        'r' => out.push('\r'),
                        't' => out.push('\t'),
                        '"' => out.push('"'),
                        '\\' => out.push('\\'),
                        'u' | 'U' => {
                            let digits = if e == 'u' { 4 } else { 8 };
                            let hex = raw.get(i + 2..i + 2 + digits).unwrap_or("");
                            let code = if hex.len() == digits
                                && hex.chars().all(|h| h.is_ascii_hexdigit())
                            {
                                u32::from_str_radix(hex, 16).ok()
                            } else {
                                None
                            };
                            match code.and_then(char::from_u32) {
                                Some(ch) => out.push(ch),
                                None => {
                                    return Err(bad(
                                        2 + hex.len(),
                                        format!("invalid unicode escape \"\\{e}{hex}\""),
                                    ))
                                }
                            }
                            for _ in 0..digits {
                                it.next();
                            }
                        }
                        _ => {
                            return Err(bad(
                                1 + e.len_utf8(),
                                format!("invalid escape sequence \"\\{e}\""),
                            ))
                        }
                    }
                }
                '$' | '%' => {
                    let rest = &raw[i + 1..];
                    if rest.starts_with(c) && rest[1..].starts_with('{') {
                        // `$${` → `${`, `%%{` → `%{`
                        out.push(c);
                        out.push('{');
                        it.next();
                        it.next();
                    } else if rest.starts_with('{') && !allow_templates {
                        return Err(self.err(
                            format!(
                                "template sequences (\"{c}{{\") are not allowed in block labels; \
                                 write \"{c}{c}{{\" for a literal \"{c}{{\""
                            ),
                            base + i,
                            base + i + 2,
                        ));
                    } else {
                        out.push(c);
                    }
                }
                _ => out.push(c),
            }
        }
        Ok(out)
    }
}
