//! Folding: case, apostrophes and spaces, so that typography cannot hide a
//! leak. Values and scanned text are folded the same way, by [`Folded`].
//!
//! Per character: `’ ‘ ʼ` become `'`; every kind of space and every marker
//! character become one space, runs of them one space, none at the start or
//! the end; anything else is lowercased.

/// Text being folded, fed piece by piece: folding pieces one after the other
/// gives exactly the fold of their concatenation, so a scan can fold a part
/// as it reads it, without a copy of the whole text first.
pub struct Folded {
    text: String,
    /// The last character kept was a space, or nothing was kept yet.
    space: bool,
}

impl Folded {
    pub fn with_capacity(bytes: usize) -> Self {
        Folded {
            text: String::with_capacity(bytes),
            space: true,
        }
    }

    /// Folds `s` onto the end. Runs of plain ASCII (no capital, no space)
    /// are copied whole: XML text is mostly that.
    pub fn push(&mut self, s: &str) {
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b >= 0x80 {
                let c = s[i..].chars().next().expect("a character starts here");
                i += c.len_utf8();
                self.push_char(c);
                continue;
            }
            let start = i;
            while i < bytes.len() && is_plain(bytes[i]) {
                i += 1;
            }
            if i > start {
                self.text.push_str(&s[start..i]);
                self.space = false;
                continue;
            }
            self.push_char(b as char);
            i += 1;
        }
    }

    /// Folds one character onto the end; returns how many bytes it added.
    fn push_char(&mut self, c: char) -> usize {
        let before = self.text.len();
        match c {
            '’' | '‘' | 'ʼ' => {
                self.text.push('\'');
                self.space = false;
            }
            c if c.is_whitespace() || crate::markers::is_marker(c) => {
                if !self.space {
                    self.text.push(' ');
                }
                self.space = true;
            }
            c if c.is_ascii() => {
                self.text.push(c.to_ascii_lowercase());
                self.space = false;
            }
            c => {
                self.text.extend(c.to_lowercase());
                self.space = false;
            }
        }
        self.text.len() - before
    }

    /// The folded text, without a trailing space.
    pub fn finish(mut self) -> String {
        if self.text.ends_with(' ') {
            self.text.pop();
        }
        self.text
    }
}

/// An ASCII byte folding to itself: not a capital, not a space.
fn is_plain(b: u8) -> bool {
    b < 0x80 && !b.is_ascii_uppercase() && !matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ')
}

/// `s` folded.
pub fn fold(s: &str) -> String {
    let mut f = Folded::with_capacity(s.len());
    f.push(s);
    f.finish()
}

/// `fold`, with for each byte of the result the offset of the character of
/// `s` it comes from (to mask the original text where the folded one
/// matched). For messages: it costs a word per byte.
pub fn fold_mapped(s: &str) -> (String, Vec<usize>) {
    let mut f = Folded::with_capacity(s.len());
    let mut origin = Vec::with_capacity(s.len());
    for (at, c) in s.char_indices() {
        let added = f.push_char(c);
        origin.resize(origin.len() + added, at);
    }
    let out = f.finish();
    origin.truncate(out.len());
    (out, origin)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fold as first written, character by character: the reference
    /// the fast path must agree with.
    fn reference(s: &str) -> String {
        let mut out = String::new();
        let mut space = true;
        for c in s.chars() {
            let c = match c {
                '’' | '‘' | 'ʼ' => '\'',
                c if c.is_whitespace() || crate::markers::is_marker(c) => ' ',
                c => c,
            };
            if c == ' ' {
                if !space {
                    out.push(' ');
                }
                space = true;
            } else {
                out.extend(c.to_lowercase());
                space = false;
            }
        }
        if out.ends_with(' ') {
            out.pop();
        }
        out
    }

    #[test]
    fn folding_in_pieces_equals_folding_the_whole() {
        let text = "  M. ALI\u{a0}a dit :\t« L’AWA\u{E002}7\u{E003} TRAORÉ »\r\n\x0b İstanbul ʼx‘ ";
        assert_eq!(fold(text), reference(text));
        assert_eq!(
            fold("  M. ALI\u{a0}a dit :\t« L’AWA\u{E002}7\u{E003} TRAORÉ »\r\n"),
            "m. ali a dit : « l'awa 7 traoré »"
        );
        for cut in (0..text.len()).filter(|i| text.is_char_boundary(*i)) {
            let mut f = Folded::with_capacity(0);
            f.push(&text[..cut]);
            f.push(&text[cut..]);
            assert_eq!(f.finish(), reference(text), "cut at {cut}");
        }
    }

    #[test]
    fn the_map_points_at_the_original_characters() {
        let (folded, origin) = fold_mapped("Awa  TRAORÉ ");
        assert_eq!(folded, "awa traoré");
        assert_eq!(origin.len(), folded.len());
        assert_eq!(origin[3], 3);
        assert_eq!(origin[4], 5);
        assert_eq!(*origin.last().unwrap(), 10);
    }
}
