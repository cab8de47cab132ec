//! Text cleaning for values that will end up in XML.

/// Removes characters XML 1.0 cannot hold (and the private-use characters
/// trame uses as internal markers) and normalises line breaks: `\r\n`,
/// `\r` and the vertical tab that Word pastes into cells become `\n`.
pub fn clean_text(s: &str) -> String {
    // Most cells hold nothing to clean: every character to remove or change
    // is a control character or starts with byte EE (the markers) or EF
    // (U+FFFE, U+FFFF), so text without those bytes is copied as it is.
    if !s
        .bytes()
        .any(|b| (b < 0x20 && b != b'\t' && b != b'\n') || b == 0xEE || b == 0xEF)
    {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\u{0B}' | '\u{0C}' => out.push('\n'),
            '\t' | '\n' => out.push(c),
            c if (c as u32) < 0x20 => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            // trame's own markers between the template and markup stages.
            crate::markers::FIRST..=crate::markers::LAST => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::clean_text;

    #[test]
    fn strips_control_characters_and_normalises_breaks() {
        assert_eq!(clean_text("a\u{1}b\r\nc\u{B}d\re"), "ab\nc\nd\ne");
        assert_eq!(clean_text("« Thème »\ttab"), "« Thème »\ttab");
        // Characters starting with the bytes of the slow path are kept.
        assert_eq!(
            clean_text("\u{E020}\u{F8FF}\u{FFFD}"),
            "\u{E020}\u{F8FF}\u{FFFD}"
        );
        assert_eq!(clean_text("a\u{E000}b\u{FFFF}c\u{FFFE}"), "abc");
    }
}
