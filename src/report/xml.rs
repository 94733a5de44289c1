//! The little XML the JUnit and Checkstyle reporters need: escaping.

/// Escapes text for an XML 1.0 attribute value or element content. Characters
/// XML 1.0 cannot carry at all (control characters other than tab, newline
/// and carriage return, and U+FFFE/U+FFFF) become U+FFFD; newlines and tabs
/// in attributes are written as character references so parsers keep them.
pub(crate) fn escape(text: &str) -> String {
    escape_with(text, true)
}

/// Escapes element content: like [`escape`], but newlines and tabs are kept
/// as they are, so multi-line content stays readable.
pub(crate) fn escape_text(text: &str) -> String {
    escape_with(text, false)
}

fn escape_with(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\t' if !attribute => out.push(c),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_control_characters() {
        assert_eq!(
            escape("a<b>&\"c'\n\t\u{1}\u{ffff}é"),
            "a&lt;b&gt;&amp;&quot;c&apos;&#10;&#9;\u{fffd}\u{fffd}é"
        );
        assert_eq!(escape_text("a\n\tb<"), "a\n\tb&lt;");
    }
}
