//! Small helpers to write WordprocessingML by hand: escaping and namespaces.
//!
//! Every string that reaches a part goes through [`text`] or [`attr`], which
//! escape markup characters and drop characters XML 1.0 cannot hold.

/// Namespace declarations for the main document parts.
pub const NS_W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
pub const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
pub const DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// Escapes element text.
pub fn text(s: &str) -> String {
    escape(s, false)
}

/// Escapes an attribute value (double-quoted).
pub fn attr(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, quotes: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter(|c| kept(*c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if quotes => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// Whether a character reaches the part (XML 1.0 cannot hold most control
/// characters; trame's markers never leave the markup stage).
pub fn kept(c: char) -> bool {
    match c {
        '\t' | '\n' | '\r' => true,
        c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => false,
        c => !crate::markers::is_marker(c),
    }
}

/// The root element of a WordprocessingML part, with the namespaces we use.
pub fn root_open(name: &str) -> String {
    format!(
        "{DECL}<w:{name} xmlns:w=\"{NS_W}\" xmlns:r=\"{NS_R}\" \
xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" \
xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" \
xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">"
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(
            super::attr("R&D <\"x\">\u{1}"),
            "R&amp;D &lt;&quot;x&quot;&gt;"
        );
        assert_eq!(super::text("a \"b\"\u{B}"), "a \"b\"");
    }
}
