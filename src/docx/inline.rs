//! Inlines → runs (`w:r`), hyperlinks and footnote references.

use super::body::Body;
use super::xml;
use crate::model::Inline;

/// Character formatting carried down through nested inlines.
#[derive(Debug, Clone, Copy, Default)]
pub struct RunProps {
    pub bold: bool,
    pub italic: bool,
    pub strike: bool,
    pub superscript: bool,
    pub code: bool,
    pub link: bool,
}

impl From<crate::model::RunFormat> for RunProps {
    fn from(f: crate::model::RunFormat) -> Self {
        RunProps {
            bold: f.bold,
            italic: f.italic,
            strike: f.strike,
            superscript: f.superscript,
            code: f.code,
            link: false,
        }
    }
}

impl RunProps {
    /// `w:rPr` in schema order, empty when nothing is set.
    pub fn xml(&self) -> String {
        let s = self.inner_xml();
        if s.is_empty() {
            s
        } else {
            format!("<w:rPr>{s}</w:rPr>")
        }
    }

    /// The children of `w:rPr`, in schema order.
    pub fn inner_xml(&self) -> String {
        let mut s = String::new();
        if self.link {
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

/// A run of text; tabs and line feeds become `w:tab` and `w:br`.
pub fn text_run(text: &str, props: &RunProps) -> String {
    let mut out = format!("<w:r>{}", props.xml());
    let mut first = true;
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out += "<w:br/>";
        }
        for (j, part) in line.split('\t').enumerate() {
            if j > 0 {
                out += "<w:tab/>";
            }
            if !part.is_empty() {
                out += &format!("<w:t xml:space=\"preserve\">{}</w:t>", xml::text(part));
            }
        }
        first = false;
    }
    let _ = first;
    out + "</w:r>"
}

impl Body<'_> {
    /// The runs of a piece of running text.
    pub fn runs(&mut self, inlines: &[Inline], props: RunProps) -> String {
        let mut out = String::new();
        for inline in inlines {
            match inline {
                Inline::Text(t) => out += &text_run(t, &props),
                Inline::Emph(c) => {
                    out += &self.runs(
                        c,
                        RunProps {
                            italic: !props.italic,
                            ..props
                        },
                    )
                }
                Inline::Strong(c) => {
                    out += &self.runs(
                        c,
                        RunProps {
                            bold: true,
                            ..props
                        },
                    )
                }
                Inline::Strikeout(c) => {
                    out += &self.runs(
                        c,
                        RunProps {
                            strike: true,
                            ..props
                        },
                    )
                }
                Inline::Superscript(c) => {
                    out += &self.runs(
                        c,
                        RunProps {
                            superscript: true,
                            ..props
                        },
                    )
                }
                Inline::Code(t) => {
                    out += &text_run(
                        t,
                        &RunProps {
                            code: true,
                            ..props
                        },
                    )
                }
                Inline::LineBreak => out += "<w:r><w:br/></w:r>",
                Inline::Link { url, content } => {
                    let inner = self.runs(
                        content,
                        RunProps {
                            link: true,
                            ..props
                        },
                    );
                    if let Some(anchor) = url.strip_prefix('#') {
                        out += &format!(
                            "<w:hyperlink w:anchor=\"{}\">{inner}</w:hyperlink>",
                            xml::attr(&bookmark_name(anchor))
                        );
                    } else {
                        let rid = self.link_id(url);
                        out += &format!(
                            "<w:hyperlink r:id=\"{rid}\" w:history=\"1\">{inner}</w:hyperlink>"
                        );
                    }
                }
                Inline::Note(blocks) => {
                    let id = self.add_footnote(blocks);
                    out += &format!(
                        "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteReference w:id=\"{id}\"/></w:r>"
                    );
                }
                Inline::Ref(id) => out += &self.reference(id, &props),
                Inline::Revised { revision, content } => {
                    let inner = self.runs(content, props);
                    out += &self.mark_runs(&inner, *revision);
                }
                Inline::Restyled { content, was } => {
                    let inner = self.runs(content, props);
                    out += &self.mark_restyled(&inner, *was);
                }
            }
        }
        out
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
