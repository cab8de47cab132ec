//! The content of one paragraph as it is written: runs, hyperlinks,
//! bookmarks. Each run is written once, knowing the revision state (see
//! `revisions`): under a deletion its text is `w:delText`, and runs written
//! in the same state share one `w:ins` / `w:del` / `w:moveFrom` / `w:moveTo`
//! wrapper, opened before the first and closed where the state changes or a
//! hyperlink starts or ends (a wrapper holds runs, never hyperlinks). The
//! visible text of the accepted document is collected at the same time, for
//! the manifest.

use super::inline::RunProps;
use super::revisions::{Tracker, tag};
use super::xml;
use crate::model::Revision;

/// A paragraph's content being written.
#[derive(Debug, Default)]
pub struct Runs {
    xml: String,
    /// What accept-all shows (deleted text left out).
    text: String,
    /// The revision wrapper open now.
    open: Option<Revision>,
}

/// One run's content besides text.
pub enum Piece<'a> {
    Break,
    PageBreak,
    Tab,
    /// `w:fldChar` of the given type (begin, separate, end).
    FieldChar(&'static str),
    /// A field instruction (`w:instrText`, deleted `w:delInstrText`).
    Instruction(&'a str),
    FootnoteReference(usize),
    FootnoteMark,
    /// Markup written by a caller that owns it (a drawing).
    Raw(&'a str),
}

impl Runs {
    pub fn new() -> Self {
        Self::default()
    }

    /// Opens or closes the revision wrapper so that it matches the state.
    fn sync(&mut self, t: &mut Tracker) {
        if self.open == t.state() {
            return;
        }
        self.close();
        if let Some((state, open)) = t.open_wrapper() {
            self.xml.push_str(&open);
            self.open = Some(state);
        }
    }

    fn close(&mut self) {
        if let Some(r) = self.open.take() {
            self.xml.push_str("</w:");
            self.xml.push_str(tag(r));
            self.xml.push('>');
        }
    }

    fn start_run(&mut self, t: &mut Tracker, props: &RunProps) {
        self.sync(t);
        self.xml.push_str("<w:r>");
        self.xml.push_str(&props.xml(t));
    }

    /// A run of text; tabs and line feeds become `w:tab` and `w:br`.
    pub fn text(&mut self, t: &mut Tracker, props: &RunProps, text: &str) {
        self.start_run(t, props);
        let element = if t.deleting() { "w:delText" } else { "w:t" };
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                self.xml.push_str("<w:br/>");
            }
            for (j, part) in line.split('\t').enumerate() {
                if j > 0 {
                    self.xml.push_str("<w:tab/>");
                }
                if !part.is_empty() {
                    self.xml.push('<');
                    self.xml.push_str(element);
                    self.xml.push_str(" xml:space=\"preserve\">");
                    self.xml.push_str(&xml::text(part));
                    self.xml.push_str("</");
                    self.xml.push_str(element);
                    self.xml.push('>');
                }
            }
        }
        self.xml.push_str("</w:r>");
        if !t.removing() {
            self.text.extend(text.chars().filter(|c| xml::kept(*c)));
        }
    }

    /// A run holding one piece other than text.
    pub fn piece(&mut self, t: &mut Tracker, props: &RunProps, piece: Piece) {
        self.start_run(t, props);
        let visible = !t.removing();
        match piece {
            Piece::Break => {
                self.xml.push_str("<w:br/>");
                if visible {
                    self.text.push('\n');
                }
            }
            Piece::PageBreak => self.xml.push_str("<w:br w:type=\"page\"/>"),
            Piece::Tab => {
                self.xml.push_str("<w:tab/>");
                if visible {
                    self.text.push('\t');
                }
            }
            Piece::FieldChar(kind) => {
                self.xml.push_str("<w:fldChar w:fldCharType=\"");
                self.xml.push_str(kind);
                self.xml.push_str("\"/>");
            }
            Piece::Instruction(instr) => {
                let element = if t.deleting() {
                    "w:delInstrText"
                } else {
                    "w:instrText"
                };
                self.xml.push_str(&format!(
                    "<{element} xml:space=\"preserve\"> {} </{element}>",
                    xml::text(instr)
                ));
            }
            Piece::FootnoteReference(id) => {
                self.xml
                    .push_str(&format!("<w:footnoteReference w:id=\"{id}\"/>"));
            }
            Piece::FootnoteMark => self.xml.push_str("<w:footnoteRef/>"),
            Piece::Raw(raw) => self.xml.push_str(raw),
        }
        self.xml.push_str("</w:r>");
    }

    /// A range marker (bookmark start or end): allowed inside a revision
    /// wrapper as between runs, so the wrapper stays as it is.
    pub fn marker(&mut self, markup: &str) {
        self.xml.push_str(markup);
    }

    /// Opens a hyperlink (`attrs` already escaped).
    pub fn open_link(&mut self, attrs: &str) {
        self.close();
        self.xml.push_str("<w:hyperlink ");
        self.xml.push_str(attrs);
        self.xml.push('>');
    }

    pub fn close_link(&mut self) {
        self.close();
        self.xml.push_str("</w:hyperlink>");
    }

    /// Appends runs written separately whose text is layout, not content
    /// (the space after a footnote's mark).
    pub fn append_markup(&mut self, mut other: Runs) {
        other.close();
        self.close();
        self.xml.push_str(&other.xml);
    }

    /// The markup, every wrapper closed, and the accepted text.
    pub fn finish(mut self) -> (String, String) {
        self.close();
        (self.xml, self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deleted_runs_share_one_wrapper_and_use_deltext() {
        let mut t = Tracker::new(None);
        let mut r = Runs::new();
        let plain = RunProps::default();
        r.text(&mut t, &plain, "a ");
        let outer = t.enter(Some(Revision::Deleted));
        r.marker("<w:bookmarkStart w:id=\"0\" w:name=\"b\"/>");
        r.text(&mut t, &plain, "b");
        r.piece(&mut t, &plain, Piece::Instruction("SEQ x"));
        r.open_link("w:anchor=\"x\"");
        r.text(&mut t, &plain, "c");
        r.close_link();
        t.leave(outer);
        r.text(&mut t, &plain, "d");
        let (xml, text) = r.finish();
        assert_eq!(
            xml,
            "<w:r><w:t xml:space=\"preserve\">a </w:t></w:r>\
<w:bookmarkStart w:id=\"0\" w:name=\"b\"/>\
<w:del w:id=\"1\" w:author=\"trame\" w:date=\"2000-01-01T00:00:00Z\"><w:r><w:delText xml:space=\"preserve\">b</w:delText></w:r>\
<w:r><w:delInstrText xml:space=\"preserve\"> SEQ x </w:delInstrText></w:r></w:del>\
<w:hyperlink w:anchor=\"x\"><w:del w:id=\"2\" w:author=\"trame\" w:date=\"2000-01-01T00:00:00Z\"><w:r><w:delText xml:space=\"preserve\">c</w:delText></w:r></w:del></w:hyperlink>\
<w:r><w:t xml:space=\"preserve\">d</w:t></w:r>"
        );
        assert_eq!(text, "a d");
    }
}
