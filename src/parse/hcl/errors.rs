//! Syntax errors: where tree-sitter's ERROR and MISSING nodes are, and a
//! message that names the cause at the position of the mistake.

use super::*;

impl<'s> Cx<'s> {
    // ----- comments and syntax errors ---------------------------------------------

    /// Walks the whole tree once (iteratively): collects comments and finds
    /// the first syntax error.
    pub(super) fn scan(&self, root: Node<'_>) -> Scan {
        let mut comments = Vec::new();
        let mut first_error: Option<Node> = None;
        let mut multiline: Option<SyntaxError> = None;
        let (mut depth, mut max_depth) = (0usize, 0usize);
        let mut cursor = root.walk();
        'walk: loop {
            max_depth = max_depth.max(depth);
            let node = cursor.node();
            let kind = node.kind();
            if kind == "comment" {
                let (start, end) = (node.start_byte(), node.end_byte());
                let text = self.text(start, end).trim_end_matches('\r');
                comments.push(Comment {
                    text: text.to_string(),
                    span: self.span(start, start + text.len()),
                });
            } else if first_error.is_none() && (node.is_error() || node.is_missing()) {
                first_error = Some(node);
            } else if multiline.is_none() && (kind == "string_lit" || kind == "quoted_template") {
                multiline = self.multiline_string(node);
            }
            if cursor.goto_first_child() {
                depth += 1;
                continue;
            }
            while !cursor.goto_next_sibling() {
                if !cursor.goto_parent() {
                    break 'walk;
                }
                depth = depth.saturating_sub(1);
            }
        }
        let ts_error = first_error.map(|n| self.error_for(n));
        let error = match (ts_error, multiline) {
            (Some(a), Some(b)) => Some(if b.span.start <= a.span.start { b } else { a }),
            (a, b) => a.or(b),
        };
        Scan {
            comments,
            error,
            max_depth,
        }
    }

    /// A quoted string whose literal text contains a newline.
    fn multiline_string(&self, n: Node) -> Option<SyntaxError> {
        let ks = kids(n);
        let first = ks.first()?;
        if first.kind() != "quoted_template_start" {
            return None;
        }
        let end = match ks.last() {
            Some(last) if last.kind() == "quoted_template_end" && !last.is_missing() => {
                last.start_byte()
            }
            _ => n.end_byte(),
        };
        let mut pos = first.end_byte();
        let mut gaps = Vec::new();
        for k in &ks {
            if matches!(k.kind(), "template_interpolation" | "template_directive") {
                gaps.push((pos, k.start_byte()));
                pos = k.end_byte();
            }
        }
        gaps.push((pos, end));
        for (a, b) in gaps {
            if let Some(nl) = self.text(a, b).find('\n') {
                // The scanner stops a string at a bad escape: say so.
                if let Some(e) = self.bad_escape(n.start_byte()) {
                    return Some(e);
                }
                return Some(self.err(
                    "unterminated string: a quoted string cannot span lines \
                     (close it with '\"', use \"\\n\", or use a heredoc)",
                    n.start_byte(),
                    a + nl,
                ));
            }
        }
        None
    }

    fn error_for(&self, n: Node) -> SyntaxError {
        if n.is_missing() {
            return self.missing_error(n);
        }
        if let Some(e) = self.misplaced_in_attribute(n) {
            return e;
        }
        if let Some(p) = n.parent() {
            if matches!(p.kind(), "string_lit" | "quoted_template") {
                if let Some(e) = self.bad_escape(p.start_byte()) {
                    return e;
                }
            }
        }
        // What the ERROR sits in, for "expected ..." messages.
        let mut open = Vec::new();
        match n.parent().map(|p| p.kind()) {
            Some("object") => open.push(Open::Object),
            Some("tuple") => open.push(Open::Tuple),
            Some("function_call" | "function_arguments") => open.push(Open::Paren),
            Some("template_interpolation") => open.push(Open::Interp),
            Some("block" | "body") => open.push(Open::Block),
            _ => {}
        }
        self.error_node(n, &mut open, 0)
    }

    /// Finds where inside an ERROR node things went wrong: its children are
    /// the valid prefix the parser had built, then the offending token.
    fn error_node(&self, e: Node, open: &mut Vec<Open>, depth: usize) -> SyntaxError {
        let ks = kids(e);
        let mut prev: Option<Node> = None;
        for (i, &k) in ks.iter().enumerate() {
            if k.is_missing() {
                return self.missing_error(k);
            }
            if k.is_error() {
                if depth < 32 {
                    return self.error_node(k, open, depth + 1);
                }
                return self.report_at(k.start_byte(), &ks[..i], open);
            }
            let zero_width = k.start_byte() == k.end_byte();
            // The heredoc scanner accepts almost anything during error
            // recovery: a heredoc marker without `<<` is the bad token.
            let stray_marker =
                k.kind() == "heredoc_identifier" && prev.map(|p| p.kind()) != Some("heredoc_start");
            if zero_width {
                let from = prev.map_or(e.start_byte(), |p| p.end_byte());
                return self.report_at(from, &ks[..i], open);
            }
            if stray_marker || (k.child_count() == 0 && k.next_parse_state() == 0) {
                return self.report_token(k.start_byte(), k.end_byte(), &ks[..i], open);
            }
            if k.has_error() {
                if let Some(inner) = first_error_in(k) {
                    return self.error_for(inner);
                }
            }
            match k.kind() {
                "block_start" => open.push(Open::Block),
                "object_start" => open.push(Open::Object),
                "tuple_start" => open.push(Open::Tuple),
                "(" => open.push(Open::Paren),
                "template_interpolation_start" => open.push(Open::Interp),
                "template_directive_start" => open.push(Open::Directive),
                "quoted_template_start" => open.push(Open::Quote(k.start_byte())),
                "block_end"
                | "object_end"
                | "tuple_end"
                | ")"
                | "template_interpolation_end"
                | "template_directive_end"
                | "quoted_template_end" => {
                    open.pop();
                }
                _ => {}
            }
            prev = Some(k);
        }
        let from = prev.map_or(e.start_byte(), |p| p.end_byte());
        self.report_at(from, &ks, open)
    }

    /// Reports the token that starts at or after `from`.
    fn report_at(&self, from: usize, before: &[Node], open: &[Open]) -> SyntaxError {
        let (start, end) = self.next_token(from);
        self.report_token(start, end, before, open)
    }

    /// Reports an unexpected token, with what was expected when the context
    /// (the valid children before it, what is open) says so.
    fn report_token(
        &self,
        start: usize,
        end: usize,
        before: &[Node],
        open: &[Open],
    ) -> SyntaxError {
        let tok = self.text(start, end);
        if let Some(Open::Quote(q)) = open.last() {
            if let Some(e) = self.bad_escape(*q) {
                return e;
            }
        }
        // `1e5`: the grammar wants a fraction before an exponent.
        if tok.starts_with(['e', 'E'])
            && start > 0
            && self.src.as_bytes()[start - 1].is_ascii_digit()
        {
            let num_start = self
                .text(0, start)
                .rfind(|c: char| !c.is_ascii_digit())
                .map_or(0, |p| p + 1);
            return self.err(
                "invalid number: write an exponent after a fraction (\"1.0e5\", not \"1e5\")",
                num_start,
                end,
            );
        }
        let at_body_level = matches!(open.last(), None | Some(Open::Block));
        let prev = before.last().copied();
        let prev_kind = prev.map(|p| p.kind());
        // An identifier where a body item starts: what follows must be `=`,
        // a label or `{`.
        if at_body_level && is_identifier(tok) && prev_kind != Some("identifier") {
            let (ns, ne) = self.next_token(end);
            let next = self.text(ns, ne);
            if !matches!(next, "=" | "{" | "\"") && !is_identifier(next) {
                return self.err(
                    format!(
                        "expected \"=\" after attribute name \"{}\", found {}",
                        truncate(tok),
                        describe(next)
                    ),
                    ns,
                    ne,
                );
            }
        }
        let found = describe(tok);
        let message = if at_body_level && matches!(tok, "," | ";") {
            format!(
                "unexpected {found}: attributes and blocks are separated by new lines, not {found}"
            )
        } else if prev_kind == Some("=") {
            format!("expected an expression after \"=\", found {found}")
        } else if tok == "?" {
            "incomplete conditional: expected \"condition ? value : other_value\"".to_string()
        } else if open.last() == Some(&Open::Object)
            && prev_kind == Some("expression")
            && before.len() == 1
            && tok != "="
            && tok != ":"
        {
            format!(
                "expected \"=\" after the object key \"{}\", found {found}",
                truncate(first_line(prev.map_or("", |p| self.ntext(p))))
            )
        } else if prev_kind == Some("=") {
            format!("expected an expression after \"=\", found {found}")
        } else if at_body_level
            && matches!(prev_kind, Some("identifier" | "string_lit"))
            && before.first().map(|f| f.kind()) == Some("identifier")
            && tok != "="
        {
            // `type "label" ...` that does not go on with `{`.
            let labels = before
                .iter()
                .rev()
                .take_while(|k| matches!(k.kind(), "identifier" | "string_lit"))
                .count();
            if labels >= 2 {
                format!("expected \"{{\" to open the block, found {found}")
            } else {
                format!(
                    "expected \"=\" or a block after \"{}\", found {found}",
                    truncate(prev.map_or("", |p| self.ntext(p)))
                )
            }
        } else {
            match open.last() {
                Some(Open::Tuple) => format!("expected \",\" or \"]\", found {found}"),
                Some(Open::Object) => format!("expected \",\" or \"}}\", found {found}"),
                Some(Open::Paren) => format!("expected \",\" or \")\", found {found}"),
                Some(Open::Interp) => format!("expected \"}}\" to close \"${{\", found {found}"),
                Some(Open::Directive) => {
                    format!("expected \"}}\" to close \"%{{\", found {found}")
                }
                _ if tok == "\"" && at_body_level && prev.is_none() => {
                    format!("expected an attribute name or a block type, found {found}")
                }
                _ => format!("unexpected {found}"),
            }
        };
        self.err(message, start, end)
    }

    fn missing_error(&self, k: Node) -> SyntaxError {
        let pos = k.start_byte();
        let parent = k.parent();
        let parent_kind = parent.map(|p| p.kind()).unwrap_or("");
        match k.kind() {
            "{" if parent_kind == "block_start" => {
                if let Some(e) = self.missing_block_open(parent.and_then(|p| p.parent())) {
                    return e;
                }
            }
            "}" if parent_kind == "block_end" => {
                if let Some(e) = self.block_closed_late(parent.and_then(|p| p.parent())) {
                    return e;
                }
            }
            "identifier" if parent_kind == "variable_expr" => {
                // `name =` and nothing after it: the expression is empty.
                let attribute = parent
                    .and_then(|p| p.parent())
                    .and_then(|e| e.parent())
                    .filter(|a| a.kind() == "attribute");
                if let Some(e) = attribute.and_then(|a| self.missing_value(a)) {
                    return e;
                }
            }
            _ => {}
        }
        let opener_line = |container: Option<Node>| {
            container
                .and_then(|c| kids(c).into_iter().next())
                .map(|o| self.line_of(o.start_byte()))
        };
        let message = match k.kind() {
            "}" if parent_kind == "block_end" => {
                let block = parent.and_then(|p| p.parent());
                let name = block
                    .and_then(|b| kids(b).into_iter().next())
                    .map(|n| self.ntext(n))
                    .unwrap_or("");
                let line = block
                    .and_then(|b| kids(b).into_iter().find(|c| c.kind() == "block_start"))
                    .map(|o| self.line_of(o.start_byte()));
                match line {
                    Some(l) => format!(
                        "missing closing \"}}\" for block \"{}\" opened on line {l}",
                        truncate(name)
                    ),
                    None => format!("missing closing \"}}\" for block \"{}\"", truncate(name)),
                }
            }
            "}" if parent_kind == "object_end" => {
                match opener_line(parent.and_then(|p| p.parent())) {
                    Some(l) => format!("missing closing \"}}\" for the object opened on line {l}"),
                    None => "missing closing \"}\"".to_string(),
                }
            }
            "]" => match opener_line(parent.and_then(|p| p.parent())) {
                Some(l) => format!("missing closing \"]\" for the list opened on line {l}"),
                None => "missing closing \"]\"".to_string(),
            },
            "}" => "missing closing \"}\"".to_string(),
            ")" => match parent
                .filter(|p| p.kind() == "function_call")
                .and_then(|call| {
                    let name = kids(call).into_iter().next().map(|n| self.ntext(n))?;
                    let open = kids(call).into_iter().find_map(|c| {
                        if c.kind() == "(" {
                            return Some(c);
                        }
                        kids(c).into_iter().find(|g| g.kind() == "(")
                    })?;
                    Some((name, self.line_of(open.start_byte())))
                }) {
                Some((name, line)) => format!(
                    "missing closing \")\" for the call to \"{}\" opened on line {line}",
                    truncate(name)
                ),
                None => "missing closing \")\"".to_string(),
            },
            "{" => "missing \"{\"".to_string(),
            "identifier" if parent_kind == "variable_expr" => "expected an expression".to_string(),
            "identifier" => "expected a name".to_string(),
            "quoted_template_end" => "unterminated string: missing closing '\"'".to_string(),
            "heredoc_identifier" => {
                let marker = parent
                    .and_then(|p| {
                        kids(p)
                            .into_iter()
                            .find(|c| c.kind() == "heredoc_identifier")
                    })
                    .map(|m| self.ntext(m))
                    .unwrap_or("");
                format!(
                    "unterminated heredoc: missing closing marker \"{}\" on a line of its own",
                    truncate(marker)
                )
            }
            "template_interpolation_end" => "missing \"}\" to close \"${\"".to_string(),
            "template_directive_end" => "missing \"}\" to close \"%{\"".to_string(),
            other if k.is_named() => format!("missing {}", other.replace('_', " ")),
            other => format!("missing \"{other}\""),
        };
        self.err(message, pos, pos)
    }

    /// The first invalid backslash escape of the quoted string whose opening
    /// quote is at `quote`.
    fn bad_escape(&self, quote: usize) -> Option<SyntaxError> {
        let rest = self.src.get(quote + 1..)?;
        let mut it = rest.char_indices();
        while let Some((i, c)) = it.next() {
            match c {
                '"' | '\n' => return None,
                '\\' => {
                    let start = quote + 1 + i;
                    let (_, e) = it.next()?;
                    let digits = match e {
                        'n' | 'r' | 't' | '"' | '\\' => continue,
                        'u' => 4,
                        'U' => 8,
                        _ => {
                            return Some(self.err(
                                format!("invalid escape sequence \"\\{e}\""),
                                start,
                                start + 1 + e.len_utf8(),
                            ))
                        }
                    };
                    let hex: String = it.clone().take(digits).map(|(_, h)| h).collect();
                    if hex.len() != digits || !hex.chars().all(|h| h.is_ascii_hexdigit()) {
                        return Some(self.err(
                            format!("invalid escape sequence: \"\\{e}\" needs {digits} hex digits"),
                            start,
                            start + 2,
                        ));
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// The token starting at or after `from` (whitespace and comments
    /// skipped), as a byte range; an empty range at the end of the input.
    fn next_token(&self, from: usize) -> (usize, usize) {
        let bytes = self.src.as_bytes();
        let end = self.limit.min(bytes.len());
        let mut i = from.min(end);
        loop {
            while i < end && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let rest = self.text(i, end);
            if rest.starts_with('#') || rest.starts_with("//") {
                i += rest.find('\n').unwrap_or(rest.len());
            } else if rest.starts_with("/*") {
                i += rest
                    .get(2..)
                    .and_then(|r| r.find("*/"))
                    .map_or(rest.len(), |p| p + 4);
            } else {
                break;
            }
        }
        let rest = self.text(i, end);
        let Some(c) = rest.chars().next() else {
            return (end, end);
        };
        let len = if c.is_alphabetic() || c == '_' {
            rest.find(|ch: char| !(ch.is_alphanumeric() || ch == '_' || ch == '-'))
                .unwrap_or(rest.len())
        } else if c.is_ascii_digit() {
            rest.find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '.'))
                .unwrap_or(rest.len())
        } else {
            const OPS: [&str; 14] = [
                "<<-", "...", "[*]", "=>", "==", "!=", "<=", ">=", "&&", "||", "${", "%{", "<<",
                ".*",
            ];
            OPS.iter()
                .find(|op| rest.starts_with(**op))
                .map_or(c.len_utf8(), |op| op.len())
        };
        (i, i + len)
    }

    /// `name =` with nothing after it on its line (`acl =` then `}` or the
    /// next attribute), or a `:` where `=` belongs (`bucket: "x"`): the
    /// error is reported at the attribute, not where the parser gave up.
    fn misplaced_in_attribute(&self, e: Node) -> Option<SyntaxError> {
        let ks: Vec<Node> = {
            let mut c = e.walk();
            e.children(&mut c).filter(|k| !k.is_extra()).collect()
        };
        // `acl =` inside the ERROR, as its last tokens.
        if let [.., name, eq] = ks.as_slice() {
            if name.kind() == "identifier" && eq.kind() == "=" {
                return Some(self.value_after(self.ntext(*name), *eq));
            }
        }
        let prev = e.prev_sibling()?;
        // `acl =` then a new line: the parser took the next line as the
        // value and failed after it (the `=` before the ERROR, or its first
        // token).
        if e.parent().is_some_and(|p| p.kind() == "attribute") {
            let eq = match ks.first() {
                Some(first) if first.kind() == "=" => Some(*first),
                _ => Some(prev).filter(|p| p.kind() == "="),
            };
            let name = kids(e.parent()?).into_iter().next()?;
            if let Some(eq) = eq.filter(|_| name.kind() == "identifier") {
                let (next, _) = self.next_token(eq.end_byte());
                if self.text(eq.end_byte(), next).contains('\n') {
                    return Some(self.value_after(self.ntext(name), eq));
                }
            }
        }
        // `bucket: "x"`.
        if prev.kind() == "identifier" && self.text(e.start_byte(), e.end_byte()).starts_with(':') {
            let colon = e.start_byte();
            return Some(self.err(
                format!(
                    "expected \"=\" after attribute name \"{}\", found \":\" (HCL assigns with \"=\")",
                    truncate(self.ntext(prev))
                ),
                colon,
                colon + 1,
            ));
        }
        None
    }

    /// The attribute `a` (`name =` with a missing expression), or `None`.
    fn missing_value(&self, a: Node) -> Option<SyntaxError> {
        let ks = kids(a);
        let name = ks.first().filter(|n| n.kind() == "identifier")?;
        let eq = ks.iter().find(|n| n.kind() == "=")?;
        Some(self.value_after(self.ntext(*name), *eq))
    }

    /// "expected a value after `name =`", at the `=`.
    fn value_after(&self, name: &str, eq: Node) -> SyntaxError {
        let (ns, ne) = self.next_token(eq.end_byte());
        let what = format!("expected a value after \"{} =\"", truncate(name));
        let message = if ns == ne {
            format!("{what}, found end of file")
        } else if self.text(eq.end_byte(), ns).contains('\n') {
            format!("{what} on the same line")
        } else {
            format!("{what}, found {}", describe(self.text(ns, ne)))
        };
        self.err(message, eq.start_byte(), eq.end_byte())
    }

    /// A block header not followed by `{` on its line: inside a block, a
    /// name and one label are an attribute missing its `=` (`bucket "x"`).
    fn missing_block_open(&self, block: Option<Node>) -> Option<SyntaxError> {
        let block = block.filter(|b| b.kind() == "block")?;
        let header: Vec<Node> = kids(block)
            .into_iter()
            .take_while(|k| matches!(k.kind(), "identifier" | "string_lit"))
            .collect();
        let (name, last) = (header.first()?, header.last()?);
        let nested = block
            .parent()
            .and_then(|body| body.parent())
            .is_some_and(|p| p.kind() == "block");
        if nested && header.len() == 2 {
            return Some(self.err(
                format!(
                    "expected \"=\" after attribute name \"{}\", found {}",
                    truncate(self.ntext(*name)),
                    describe(first_line(self.ntext(*last)))
                ),
                last.start_byte(),
                last.end_byte(),
            ));
        }
        let end = last.end_byte();
        Some(self.err(
            format!(
                "expected \"{{\" to open the block \"{}\" on the line of its header",
                truncate(self.ntext(*name))
            ),
            end,
            end,
        ))
    }

    /// A top-level block missing its `}` that the parser closed at the end
    /// of the file: when a top-level block type (`resource`, `module`, ...)
    /// starts a line inside it, the `}` belongs before that block.
    fn block_closed_late(&self, block: Option<Node>) -> Option<SyntaxError> {
        const TOP: [&str; 12] = [
            "resource",
            "data",
            "module",
            "variable",
            "output",
            "locals",
            "provider",
            "terraform",
            "moved",
            "import",
            "check",
            "removed",
        ];
        let block = block.filter(|b| b.kind() == "block")?;
        if block.parent().and_then(|b| b.parent()).map(|p| p.kind()) != Some("config_file") {
            return None;
        }
        let name = kids(block).into_iter().next().map(|n| self.ntext(n))?;
        let body = kids(block).into_iter().find(|k| k.kind() == "body")?;
        let inner = kids(body).into_iter().find(|k| {
            k.kind() == "block"
                && k.start_position().column == 0
                && kids(*k)
                    .first()
                    .is_some_and(|t| TOP.contains(&self.ntext(*t)))
        })?;
        let inner_name = kids(inner).into_iter().next().map(|n| self.ntext(n))?;
        let at = inner.start_byte();
        Some(self.err(
            format!(
                "missing closing \"}}\" for block \"{}\" opened on line {}, before the \"{}\" block on line {}",
                truncate(name),
                self.line_of(block.start_byte()),
                truncate(inner_name),
                self.line_of(at)
            ),
            at,
            at,
        ))
    }
}
