//! Plain-text views of model content, for search, checks and tests.

use super::{Block, Inline};

/// The visible text of inlines, footnotes excluded.
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_inlines(inlines, &mut out);
    out
}

fn push_inlines(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::LineBreak => out.push('\n'),
            Inline::Note(_) => {}
            Inline::Ref(id) => out.push_str(id),
            other => push_inlines(other.children().map(Vec::as_slice).unwrap_or(&[]), out),
        }
    }
}

impl Block {
    /// The visible text of a block and its children, one line per paragraph.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.push_text(&mut out);
        out
    }

    fn push_text(&self, out: &mut String) {
        match self {
            Block::Heading(h) => line(out, &plain_text(&h.content)),
            Block::Paragraph(p) => line(out, &plain_text(&p.content)),
            Block::Table(t) => {
                for row in t.header.iter().chain(&t.rows) {
                    let cells: Vec<String> =
                        row.cells.iter().map(|c| plain_text(&c.content)).collect();
                    line(out, &cells.join(" | "));
                }
            }
            Block::Callout(c) => {
                if let Some(title) = &c.title {
                    line(out, title);
                }
                c.blocks.iter().for_each(|b| b.push_text(out));
            }
            Block::List(_) | Block::Quote { .. } | Block::Section(_) => {
                self.children().for_each(|b| b.push_text(out))
            }
            Block::Code { text, .. } => line(out, text),
            Block::Figure(f) => {
                if let Some(c) = &f.caption {
                    line(out, &plain_text(c));
                }
            }
            Block::Toc(t) => line(out, &t.title),
            Block::Cover(c) => {
                for field in [
                    &c.organisation,
                    &c.programme,
                    &c.doc_type,
                    &c.title,
                    &c.subtitle,
                    &c.reference,
                    &c.version,
                    &c.date,
                    &c.notice,
                ] {
                    if !field.is_empty() {
                        line(out, field);
                    }
                }
            }
            Block::Revised { block, .. } => block.push_text(out),
            Block::PageBreak => {}
        }
    }
}

fn line(out: &mut String, text: &str) {
    out.push_str(text);
    out.push('\n');
}
