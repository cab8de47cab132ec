//! Paragraphs: properties in schema order, the paragraph mark's revision,
//! what a paragraph carries from the state (a pending page break, a move's
//! range start, a footnote's reference mark), the manifest entry of each
//! paragraph, and footnotes.

use super::body::{Body, Ctx};
use super::inline::{RunProps, footnote_reference};
use super::runs::{Piece, Runs};
use crate::model::{Block, Inline};

/// Paragraph properties, written in schema order.
#[derive(Debug, Clone, Default)]
pub struct PPr {
    pub style: Option<&'static str>,
    pub keep_next: bool,
    pub page_break_before: bool,
    /// (numId, ilvl); numId 0 removes inherited numbering.
    pub num: Option<(u32, usize)>,
    pub spacing_zero: bool,
    pub indent: Option<i64>,
    pub jc: Option<&'static str>,
    /// Tab stops (`w:tabs` children).
    pub tabs: Option<String>,
    /// The revision of the paragraph mark (`w:ins`/`w:del`/… element).
    pub mark: Option<String>,
    /// The paragraph mark's revision when it is not the content's (see
    /// the lists of `fields`).
    pub mark_as: Option<Option<crate::model::Revision>>,
    /// Section properties when the paragraph ends a section.
    pub section: Option<String>,
    /// The paragraph's old style when it changed (`w:pPrChange`):
    /// (revision attributes, old style).
    pub change: Option<(String, &'static str)>,
}

impl PPr {
    pub fn style(style: &'static str) -> Self {
        PPr {
            style: Some(style),
            ..PPr::default()
        }
    }

    pub fn compact(mut self) -> Self {
        self.spacing_zero = true;
        self
    }

    pub fn xml(&self) -> String {
        let mut s = String::new();
        if let Some(st) = self.style {
            s += &format!("<w:pStyle w:val=\"{st}\"/>");
        }
        if self.keep_next {
            s += "<w:keepNext/>";
        }
        if self.page_break_before {
            s += "<w:pageBreakBefore/>";
        }
        if let Some((id, lvl)) = self.num {
            s += &format!("<w:numPr><w:ilvl w:val=\"{lvl}\"/><w:numId w:val=\"{id}\"/></w:numPr>");
        }
        if let Some(tabs) = &self.tabs {
            s += &format!("<w:tabs>{tabs}</w:tabs>");
        }
        if self.spacing_zero {
            s += "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"120\" w:lineRule=\"auto\"/>";
        }
        if let Some(left) = self.indent {
            s += &format!("<w:ind w:left=\"{left}\"/>");
        }
        if let Some(jc) = self.jc {
            s += &format!("<w:jc w:val=\"{jc}\"/>");
        }
        if let Some(mark) = &self.mark {
            s += &format!("<w:rPr>{mark}</w:rPr>");
        }
        if let Some(section) = &self.section {
            s += section;
        }
        if let Some((attrs, old)) = &self.change {
            s += &format!(
                "<w:pPrChange {attrs}><w:pPr><w:pStyle w:val=\"{old}\"/></w:pPr></w:pPrChange>"
            );
        }
        if s.is_empty() {
            s
        } else {
            format!("<w:pPr>{s}</w:pPr>")
        }
    }

    /// A paragraph with these properties around content already written.
    pub fn paragraph(&self, content: &str) -> String {
        format!("<w:p>{}{content}</w:p>", self.xml())
    }
}

/// Whether a paragraph belongs on the page of what follows it: a run-in
/// label (all its text in bold, « **Déroulé pas à pas** »), or a sentence
/// ending with a colon when a list or table follows.
pub fn introduces_next(content: &[Inline], next_is_list_or_table: bool) -> bool {
    let visible: Vec<&Inline> = content
        .iter()
        .filter(|i| !matches!(i, Inline::Text(t) if t.trim().is_empty()))
        .collect();
    let label = !visible.is_empty() && visible.iter().all(|i| matches!(i, Inline::Strong(_)));
    let text = crate::model::plain_text(content);
    label || (next_is_list_or_table && text.trim_end().ends_with(':'))
}

impl Body<'_> {
    /// A paragraph in the current revision state, its content written by
    /// `write`; it takes a pending page break, and is noted in the manifest
    /// with the current source and the text it shows once changes are
    /// accepted.
    pub fn para(&mut self, ppr: PPr, write: impl FnOnce(&mut Self, &mut Runs)) -> String {
        let (xml, text) = self.paragraph_with_text(ppr, write);
        self.record(text);
        xml
    }

    /// Like [`Body::para`] without the manifest entry; returns the accepted
    /// text too (table cells note their own).
    pub fn paragraph_with_text(
        &mut self,
        mut ppr: PPr,
        write: impl FnOnce(&mut Self, &mut Runs),
    ) -> (String, String) {
        if std::mem::take(&mut self.page_break_pending) {
            ppr.page_break_before = true;
        }
        // In document order: the mark's id, the range, then the content's.
        ppr.mark = match ppr.mark_as {
            Some(state) => {
                let content = self.tracker.set(state);
                let mark = self.tracker.paragraph_mark();
                self.tracker.set(content);
                mark
            }
            None => self.tracker.paragraph_mark(),
        };
        let mut runs = Runs::new();
        if let Some(start) = self.move_range_pending.take() {
            runs.marker(&start);
        }
        if std::mem::take(&mut self.note_mark_pending) {
            self.piece(&mut runs, Piece::FootnoteMark, &footnote_reference());
            let mut space = Runs::new();
            self.text(&mut space, " ", &RunProps::default());
            // The space after the mark is layout, not text of the note.
            runs.append_markup(space);
        }
        write(self, &mut runs);
        let (content, text) = runs.finish();
        (ppr.paragraph(&content), text)
    }

    /// The empty paragraph after a table (Word needs one between two tables;
    /// it also gives air below); it ends the section when one ends here.
    pub fn spacer(&mut self, ctx: Ctx) -> String {
        let mut ppr = PPr::style("Normal").compact();
        if ctx.top_level() {
            ppr.section = self.trailing_section.take();
        }
        ppr.mark = self.tracker.paragraph_mark();
        ppr.paragraph("")
    }

    /// An empty paragraph carrying a pending page break, for blocks that do
    /// not start with a paragraph (tables).
    pub fn break_paragraph(&mut self) -> String {
        if !std::mem::take(&mut self.page_break_pending) {
            return String::new();
        }
        self.para(PPr::default(), |b, r| {
            b.piece(r, Piece::PageBreak, &RunProps::default())
        })
    }

    /// Notes a written paragraph in the manifest, with the current source.
    pub fn record(&mut self, text: String) {
        let values = self.cell_values;
        let source = self.source.clone();
        self.push_unit(
            &text,
            source.line.as_ref(),
            source
                .cells
                .iter()
                .map(|c| (c, values.get(c).map_or("", String::as_str))),
        );
    }

    /// Notes a table cell: its text is the value of the workbook cells it
    /// shows (merged cells share it), so no lookup is needed.
    pub fn record_table_cell(&mut self, cell: &crate::model::Cell, text: String) {
        let line = cell
            .provenance
            .line
            .as_ref()
            .or(self.source.line.as_ref())
            .cloned();
        self.push_unit(
            &text,
            line.as_ref(),
            cell.provenance.cells.iter().map(|c| (c, text.as_str())),
        );
    }

    fn push_unit<'a>(
        &mut self,
        text: &str,
        line: Option<&crate::model::LineRef>,
        cells: impl IntoIterator<Item = (&'a crate::model::CellRef, &'a str)>,
    ) {
        if text.trim().is_empty() {
            return;
        }
        let part = if self.in_notes {
            "footnotes"
        } else {
            "document"
        };
        self.manifest.push(part, text, line, cells);
    }

    /// The relationship id of an external link target.
    pub fn link_id(&mut self, url: &str) -> String {
        let i = match self.links.iter().position(|u| u == url) {
            Some(i) => i,
            None => {
                self.links.push(url.to_string());
                self.links.len() - 1
            }
        };
        format!("rIdLink{}", i + 1)
    }

    /// Writes a footnote and returns its id. Its first paragraph opens with
    /// the reference mark (a note that opens with a table gets a paragraph
    /// of its own for it).
    pub fn add_footnote(&mut self, blocks: &[Block]) -> usize {
        let id = self.footnotes.len() + 1;
        // Reserve the id before rendering: a note may hold another note.
        self.footnotes.push(String::new());
        let ctx = Ctx {
            para_style: "FootnoteText",
            width: self.style.text_width(),
            depth: 0,
        };
        let outer_source = self.source.clone();
        let was_in_notes = std::mem::replace(&mut self.in_notes, true);
        let outer_mark = std::mem::replace(&mut self.note_mark_pending, true);
        let mut body = String::new();
        if !starts_with_paragraph(blocks) {
            body += &self.para(PPr::style("FootnoteText"), |_, _| {});
        }
        self.blocks_into(blocks, ctx, &mut body);
        self.note_mark_pending = outer_mark;
        self.in_notes = was_in_notes;
        self.source = outer_source;
        self.footnotes[id - 1] = format!("<w:footnote w:id=\"{id}\">{body}</w:footnote>");
        id
    }
}

/// Whether the first thing written for these blocks is a paragraph of theirs.
fn starts_with_paragraph(blocks: &[Block]) -> bool {
    match blocks.first() {
        Some(Block::Paragraph(_) | Block::Heading(_) | Block::Code { .. }) => true,
        Some(Block::Revised { block, .. }) => starts_with_paragraph(std::slice::from_ref(block)),
        Some(Block::List(l)) => l
            .items
            .first()
            .is_some_and(|i| starts_with_paragraph(&i.blocks)),
        Some(Block::Quote { blocks }) => starts_with_paragraph(blocks),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strong(t: &str) -> Inline {
        Inline::Strong(vec![Inline::Text(t.into())])
    }

    #[test]
    fn labels_and_introductions_keep_with_what_follows() {
        assert!(introduces_next(&[strong("Déroulé pas à pas")], false));
        assert!(introduces_next(
            &[strong("Contenu"), Inline::Text(" ".into())],
            false
        ));
        let mixed = [strong("Évaluation."), Inline::Text(" Le test…".into())];
        assert!(!introduces_next(&mixed, false));
        let intro = [Inline::Text("Les participants seront capables de :".into())];
        assert!(introduces_next(&intro, true));
        assert!(!introduces_next(&intro, false));
        assert!(!introduces_next(&[], true));
    }
}
