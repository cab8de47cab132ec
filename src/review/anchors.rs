//! Comment ranges while a part is walked: which text each comment covers.
//!
//! Linear whatever the file: a comment keeps at most [`MAX_ANCHOR_CHARS`]
//! characters of the text it covers, and once it has them (or is closed) it
//! is no longer visited, so a file with 100 000 comments, or with ranges that
//! never close, costs one pass over its text plus a bounded amount per
//! comment.

use super::walk::Anchor;
use std::collections::HashMap;

/// The text kept for a comment's range (the matrix shows 300 characters).
pub const MAX_ANCHOR_CHARS: usize = 1000;

/// Text kept per paragraph, run, row or change: far beyond any real
/// paragraph, it bounds the memory a single huge text node can take.
pub const MAX_TEXT_BYTES: usize = 1024 * 1024;

struct Open {
    anchor: Anchor,
    chars: usize,
    closed: bool,
}

/// Comment ranges opened and not yet closed in the current part.
#[derive(Default)]
pub struct OpenAnchors {
    open: Vec<Open>,
    by_id: HashMap<String, usize>,
    /// Indices of open ranges that still take text.
    filling: Vec<usize>,
}

impl OpenAnchors {
    /// `w:commentRangeStart`: a range opens at `para`, `offset` (characters).
    pub fn start(&mut self, id: &str, para: usize, offset: usize) {
        if let Some(&old) = self.by_id.get(id) {
            self.open[old].closed = true;
        }
        let index = self.open.len();
        self.open.push(Open {
            anchor: Anchor {
                para,
                offset,
                text: String::new(),
            },
            chars: 0,
            closed: false,
        });
        self.by_id.insert(id.to_string(), index);
        self.filling.push(index);
    }

    /// `w:commentRangeEnd`: the range's anchor, if it was opened.
    pub fn end(&mut self, id: &str) -> Option<Anchor> {
        let index = self.by_id.remove(id)?;
        let open = &mut self.open[index];
        open.closed = true;
        Some(std::mem::take(&mut open.anchor))
    }

    /// Adds text to every open range that still takes some.
    pub fn push(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let open = &mut self.open;
        self.filling.retain(|&i| {
            let o = &mut open[i];
            if o.closed {
                return false;
            }
            for c in text.chars().take(MAX_ANCHOR_CHARS - o.chars) {
                o.anchor.text.push(c);
                o.chars += 1;
            }
            o.chars < MAX_ANCHOR_CHARS
        });
    }
}

/// Appends `text` to `buf` up to `MAX_TEXT_BYTES` in all (at a character
/// boundary).
pub fn push_capped(buf: &mut String, text: &str) {
    let room = MAX_TEXT_BYTES.saturating_sub(buf.len());
    if text.len() <= room {
        buf.push_str(text);
    } else {
        let mut cut = room;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        buf.push_str(&text[..cut]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_take_their_text_up_to_the_limit() {
        let mut a = OpenAnchors::default();
        a.start("1", 0, 0);
        a.push("avant ");
        a.start("2", 0, 6);
        a.push("texte");
        assert_eq!(a.end("1").unwrap().text, "avant texte");
        a.push(&"x".repeat(5000));
        let two = a.end("2").unwrap();
        assert_eq!(two.text.chars().count(), MAX_ANCHOR_CHARS);
        assert!(two.text.starts_with("textexx"));
        assert!(a.end("3").is_none());
        let mut s = String::from("é");
        push_capped(&mut s, &"é".repeat(MAX_TEXT_BYTES));
        assert!(s.len() <= MAX_TEXT_BYTES && s.len() > MAX_TEXT_BYTES - 2);
    }
}
