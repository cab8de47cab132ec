//! Inlines → runs (`w:r`), hyperlinks and footnote references, written into
//! the paragraph being built ([`Runs`]) under the current revision state.

use super::body::Body;
use super::revisions::Tracker;
use super::runs::{Piece, Runs};
use super::xml;
use crate::model::{Inline, RunFormat};

/// Character formatting carried down through nested inlines.
#[derive(Debug, Clone, Copy, Default)]
pub struct RunProps {
    pub bold: bool,
    pub italic: bool,
    pub strike: bool,
    pub superscript: bool,
    pub code: bool,
    pub link: bool,
    /// A character style that wins over `link` and `code`.
    pub char_style: Option<&'static str>,
    /// The formatting this text had in the delivered version, when it
    /// changed (written as `w:rPrChange`).
    pub was: Option<RunFormat>,
}

impl From<RunFormat> for RunProps {
    fn from(f: RunFormat) -> Self {
        RunProps {
            bold: f.bold,
            italic: f.italic,
            strike: f.strike,
            superscript: f.superscript,
            code: f.code,
            link: false,
            char_style: None,
            was: None,
        }
    }
}

impl RunProps {
    /// `w:rPr` in schema order (with the old formatting last, as
    /// `w:rPrChange`), empty when there is nothing to say.
    pub fn xml(&self, t: &mut Tracker) -> String {
        let mut s = self.inner_xml();
        if let Some(was) = self.was {
            let old = RunProps {
                link: self.link,
                ..RunProps::from(was)
            };
            s += &format!(
                "<w:rPrChange {}><w:rPr>{}</w:rPr></w:rPrChange>",
                t.attrs(),
                old.inner_xml()
            );
        }
        if s.is_empty() {
            s
        } else {
            format!("<w:rPr>{s}</w:rPr>")
        }
    }

    /// The formatting children of `w:rPr`, in schema order.
    fn inner_xml(&self) -> String {
        let mut s = String::new();
        if let Some(style) = self.char_style {
            s += &format!("<w:rStyle w:val=\"{style}\"/>");
        } else if self.link {
            s += "<w:rStyle w:val=\"Hyperlink\"/>";
        } else if self.code {
            s += "<w:rStyle w:val=\"CodeChar\"/>";
        }
        if self.bold {
            s += "<w:b/><w:bCs/>";
        }
        if self.italic {
            s += "<w:i/><w:iCs/>";
        }
        if self.strike {
            s += "<w:strike/>";
        }
        if self.superscript {
            s += "<w:vertAlign w:val=\"superscript\"/>";
        }
        s
    }
}

impl Body<'_> {
    /// A run of plain text in the current state.
    pub fn text(&mut self, out: &mut Runs, text: &str, props: &RunProps) {
        out.text(&mut self.tracker, props, text);
    }

    /// A run holding something other than text, in the current state.
    pub fn piece(&mut self, out: &mut Runs, piece: Piece, props: &RunProps) {
        out.piece(&mut self.tracker, props, piece);
    }

    /// The runs of a piece of running text.
    pub fn runs(&mut self, out: &mut Runs, inlines: &[Inline], props: RunProps) {
        for inline in inlines {
            match inline {
                Inline::Text(t) => self.text(out, t, &props),
                Inline::Emph(c) => self.runs(
                    out,
                    c,
                    RunProps {
                        italic: !props.italic,
                        ..props
                    },
                ),
                Inline::Strong(c) => self.runs(
                    out,
                    c,
                    RunProps {
                        bold: true,
                        ..props
                    },
                ),
                Inline::Strikeout(c) => self.runs(
                    out,
                    c,
                    RunProps {
                        strike: true,
                        ..props
                    },
                ),
                Inline::Superscript(c) => self.runs(
                    out,
                    c,
                    RunProps {
                        superscript: true,
                        ..props
                    },
                ),
                Inline::Code(t) => self.text(
                    out,
                    t,
                    &RunProps {
                        code: true,
                        ..props
                    },
                ),
                Inline::LineBreak => self.piece(out, Piece::Break, &props),
                Inline::Link { url, content } => {
                    let attrs = if let Some(anchor) = url.strip_prefix('#') {
                        format!("w:anchor=\"{}\"", xml::attr(&bookmark_name(anchor)))
                    } else {
                        format!("r:id=\"{}\" w:history=\"1\"", self.link_id(url))
                    };
                    out.open_link(&attrs);
                    self.runs(
                        out,
                        content,
                        RunProps {
                            link: true,
                            ..props
                        },
                    );
                    out.close_link();
                }
                Inline::Note(blocks) => {
                    let id = self.add_footnote(blocks);
                    self.piece(out, Piece::FootnoteReference(id), &footnote_reference());
                }
                Inline::Ref(id) => self.reference(out, id, &props),
                Inline::Revised { revision, content } => {
                    let outer = self.tracker.enter(Some(*revision));
                    self.runs(out, content, props);
                    self.tracker.leave(outer);
                }
                Inline::Restyled { content, was } => self.runs(
                    out,
                    content,
                    RunProps {
                        was: Some(*was),
                        ..props
                    },
                ),
            }
        }
    }
}

/// The properties of a footnote's reference mark (in the text and in the note).
pub fn footnote_reference() -> RunProps {
    RunProps {
        char_style: Some("FootnoteReference"),
        ..RunProps::default()
    }
}

/// A valid Word bookmark name for a model id: letters, digits and `_`, at
/// most 40 characters, starting with a letter or `_`.
pub fn bookmark_name(id: &str) -> String {
    let mut name: String = id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        name.insert(0, '_');
    }
    name.truncate(40);
    name
}
