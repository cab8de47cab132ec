//! Blocks → the body of `word/document.xml`, plus what the body needs from
//! other parts: footnotes, hyperlink relationships, list instances.

use super::inline::{RunProps, bookmark_name};
use super::numbering::{Lists, list_indent};
use super::outline::{self, Outline};
use super::style::Style;
use super::{Assets, CellValues};
use crate::model::{Block, Callout, Heading, List};

/// Paragraph context inherited from enclosing blocks.
#[derive(Debug, Clone, Copy)]
pub struct Ctx {
    /// The style of ordinary paragraphs here (Normal, CalloutText, FootnoteText…).
    pub para_style: &'static str,
    /// Available width in twips (tables shrink inside callouts).
    pub width: i64,
    /// List nesting depth of the enclosing list items.
    pub depth: usize,
}

/// The writer state of one document body.
pub struct Body<'a> {
    pub style: &'a Style,
    pub lists: Lists,
    /// Footnote bodies (`w:footnote` elements), ids from 1.
    pub footnotes: Vec<String>,
    /// External hyperlink targets, relationship ids `rIdLink1`….
    pub links: Vec<String>,
    /// Headings and captions, numbered, for tables of contents and references.
    pub outline: Outline,
    pub headings_written: usize,
    pub tables_written: usize,
    pub figures_written: usize,
    pub next_bookmark: u32,
    /// Image files and their bytes: the `word/media` parts.
    pub media: Vec<super::figure::Media>,
    pub assets: &'a Assets,
    /// True once a table of contents or list is written (Word then updates fields on open).
    pub has_fields: bool,
    /// The document opens with a cover page: its section has a first page
    /// without header or footer.
    pub has_cover: bool,
    /// True once the first section has ended.
    pub first_section_done: bool,
    /// Paragraphs written so far with their sources (the generation manifest).
    pub manifest: Vec<super::manifest::Unit>,
    /// The source of what is being written now.
    pub source: crate::model::Provenance,
    /// Paragraphs go to footnotes.xml while a footnote is written.
    pub in_notes: bool,
    /// Displayed values of workbook cells, for the manifest.
    pub cell_values: &'a CellValues,
    /// Who made the tracked changes of a redline.
    pub redline: Option<super::RevisionAuthor>,
    /// Inside a block inserted or deleted as a whole.
    pub block_revision: Option<crate::model::Revision>,
    pub next_revision: u32,
    /// A `\newpage` waits for the next paragraph (`w:pageBreakBefore`), so
    /// that no empty page appears when the break falls at a page end.
    pub page_break_pending: bool,
}

impl<'a> Body<'a> {
    pub fn new(
        style: &'a Style,
        blocks: &[Block],
        assets: &'a Assets,
        cell_values: &'a CellValues,
    ) -> Self {
        Body {
            style,
            lists: Lists::default(),
            footnotes: Vec::new(),
            links: Vec::new(),
            outline: Outline::of(blocks, style.heading_numbering),
            headings_written: 0,
            tables_written: 0,
            figures_written: 0,
            next_bookmark: 0,
            media: Vec::new(),
            assets,
            has_fields: false,
            has_cover: matches!(blocks.first(), Some(Block::Cover(_))),
            first_section_done: false,
            manifest: Vec::new(),
            source: Default::default(),
            in_notes: false,
            cell_values,
            redline: None,
            block_revision: None,
            next_revision: 0,
            page_break_pending: false,
        }
    }

    pub fn blocks(&mut self, blocks: &[Block], ctx: Ctx) -> String {
        let mut out = String::new();
        self.blocks_into(blocks, ctx, &mut out);
        out
    }

    /// Writes blocks at the end of `out` (the whole body goes straight into
    /// the document part: a large table is not copied again).
    pub fn blocks_into(&mut self, blocks: &[Block], ctx: Ctx, out: &mut String) {
        for block in blocks {
            match block {
                // Sections only at the top level: a section break cannot sit
                // in a table cell or a footnote.
                Block::Section(s) if ctx.depth == 0 && ctx.para_style == "Normal" => {
                    self.end_section(out, false);
                    let width = if s.landscape {
                        self.style.landscape_text_width()
                    } else {
                        ctx.width
                    };
                    self.blocks_into(&s.blocks, Ctx { width, ..ctx }, out);
                    self.end_section(out, s.landscape);
                }
                _ => out.push_str(&self.block(block, ctx)),
            }
        }
    }

    fn block(&mut self, block: &Block, ctx: Ctx) -> String {
        if let Some(p) = block.provenance() {
            self.set_source(p);
        }
        match block {
            Block::Heading(h) => self.heading(h),
            Block::Paragraph(p) => {
                let runs = self.runs(&p.content, RunProps::default());
                self.para(PPr::style(ctx.para_style), &runs)
            }
            Block::List(l) => self.list(l, ctx),
            Block::Table(t) => self.table(t, ctx),
            Block::Callout(c) => self.callout(c, ctx),
            Block::Quote { blocks } => self.blocks(
                blocks,
                Ctx {
                    para_style: "Quote",
                    ..ctx
                },
            ),
            Block::Code { text, .. } => {
                let runs = super::inline::text_run(text, &RunProps::default());
                self.para(PPr::style("Code"), &runs)
            }
            Block::PageBreak => {
                self.page_break_pending = true;
                String::new()
            }
            Block::Figure(f) => self.figure(f, ctx),
            Block::Toc(t) => self.toc(t),
            Block::Section(s) => self.blocks(&s.blocks, ctx),
            Block::Cover(c) => self.cover(c),
            Block::Revised { revision, block } => {
                let outer = self.block_revision.replace(*revision);
                let out = self.block(block, ctx);
                self.block_revision = outer;
                out
            }
        }
    }

    fn heading(&mut self, h: &Heading) -> String {
        let level = h.level.clamp(1, 6);
        let mut ppr = PPr::style(HEADING_STYLES[level as usize - 1]);
        // Numbering on the paragraph itself, not only through the style: an
        // organisation's template (reference_docx) brings its own heading
        // styles, and the numbers must still match the table of contents.
        ppr.num = if !h.numbered {
            Some((0, 0))
        } else if self.style.heading_numbering {
            Some((super::styles::HEADING_NUM_ID, level as usize - 1))
        } else {
            None
        };
        let runs = self.runs(&h.content, RunProps::default());
        self.headings_written += 1;
        let mut runs = self.bookmark(&outline::heading_bookmark(self.headings_written), runs);
        if let Some(id) = &h.id {
            runs = self.bookmark(&bookmark_name(id), runs);
        }
        self.para(ppr, &runs)
    }

    /// What is written next comes from `p`; a block without a line of its
    /// own (built by a function) keeps the enclosing line.
    pub fn set_source(&mut self, p: &crate::model::Provenance) {
        let line = p.line.clone().or_else(|| self.source.line.clone());
        self.source = crate::model::Provenance {
            line,
            cells: p.cells.clone(),
        };
    }

    /// Wraps runs in a bookmark (ids numbered in document order).
    pub fn bookmark(&mut self, name: &str, runs: String) -> String {
        let n = self.next_bookmark;
        self.next_bookmark += 1;
        format!(
            "<w:bookmarkStart w:id=\"{n}\" w:name=\"{}\"/>{runs}<w:bookmarkEnd w:id=\"{n}\"/>",
            super::xml::attr(name)
        )
    }

    fn list(&mut self, list: &List, ctx: Ctx) -> String {
        let num_id = self
            .lists
            .add(list.start.is_some(), ctx.depth, list.start.unwrap_or(1));
        let inner = Ctx {
            depth: ctx.depth + 1,
            ..ctx
        };
        let mut out = String::new();
        for item in &list.items {
            let mut numbered = false;
            for block in &item.blocks {
                // A paragraph added or removed in a redline is still a list paragraph.
                let (paragraph, revision) = match block {
                    Block::Paragraph(p) => (Some(p), None),
                    Block::Revised { revision, block } => match block.as_ref() {
                        Block::Paragraph(p) => (Some(p), Some(*revision)),
                        _ => (None, None),
                    },
                    _ => (None, None),
                };
                match paragraph {
                    Some(p) => {
                        self.set_source(&p.provenance);
                        let mut ppr = PPr::style("ListParagraph");
                        if numbered {
                            ppr.indent = Some(list_indent(ctx.depth));
                        } else {
                            ppr.num = Some((num_id, ctx.depth));
                        }
                        numbered = true;
                        let outer = self.block_revision;
                        self.block_revision = revision.or(outer);
                        let runs = self.runs(&p.content, RunProps::default());
                        out += &self.para(ppr, &runs);
                        self.block_revision = outer;
                    }
                    None => {
                        if !numbered {
                            // An item that opens with a non-paragraph block still shows its number.
                            numbered = true;
                            let mut ppr = PPr::style("ListParagraph");
                            ppr.num = Some((num_id, ctx.depth));
                            out += &self.para(ppr, "");
                        }
                        out += &self.block(block, inner);
                    }
                }
            }
        }
        out
    }

    fn callout(&mut self, c: &Callout, ctx: Ctx) -> String {
        let title = c
            .title
            .clone()
            .or_else(|| default_title(&c.kind).map(str::to_string));
        let mut inner = String::new();
        if let Some(title) = title {
            inner += &self.para(
                PPr::style("CalloutTitle"),
                &super::inline::text_run(&title, &RunProps::default()),
            );
        }
        let width = ctx.width;
        let inner_ctx = Ctx {
            para_style: "CalloutText",
            width: width - 400,
            depth: ctx.depth,
        };
        inner += &self.blocks(&c.blocks, inner_ctx);
        if !inner.ends_with("</w:p>") {
            inner += "<w:p/>";
        }
        let before = self.break_paragraph();
        let row_mark = match self.block_revision {
            Some(r) => self.revision_mark(r),
            None => String::new(),
        };
        let s = &self.style.callout;
        let primary = &self.style.primary;
        format!(
            "{before}<w:tbl><w:tblPr><w:tblW w:w=\"{width}\" w:type=\"dxa\"/><w:tblBorders>\
<w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"{b}\"/><w:left w:val=\"single\" w:sz=\"24\" w:space=\"0\" w:color=\"{primary}\"/>\
<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"{b}\"/><w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"{b}\"/></w:tblBorders>\
<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{f}\"/><w:tblLayout w:type=\"fixed\"/>\
<w:tblCellMar><w:top w:w=\"100\" w:type=\"dxa\"/><w:left w:w=\"170\" w:type=\"dxa\"/><w:bottom w:w=\"60\" w:type=\"dxa\"/><w:right w:w=\"170\" w:type=\"dxa\"/></w:tblCellMar>\
<w:tblLook w:val=\"0000\" w:firstRow=\"0\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr>\
<w:tblGrid><w:gridCol w:w=\"{width}\"/></w:tblGrid><w:tr><w:trPr><w:cantSplit/>{row_mark}</w:trPr><w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/></w:tcPr>{inner}</w:tc></w:tr></w:tbl>{spacer}",
            b = s.border,
            f = s.fill,
            spacer = paragraph(&PPr::style("Normal").compact(), ""),
        )
    }

    /// A paragraph, taking a pending page break.
    pub fn para(&mut self, mut ppr: PPr, runs: &str) -> String {
        if std::mem::take(&mut self.page_break_pending) {
            ppr.page_break_before = true;
        }
        self.record(runs);
        self.marked_paragraph(ppr, runs)
    }

    /// A paragraph, marked inserted or deleted inside a revised block.
    pub fn marked_paragraph(&mut self, mut ppr: PPr, runs: &str) -> String {
        match self.block_revision {
            Some(revision) => {
                ppr.mark = Some(self.revision_mark(revision));
                let runs = self.mark_runs(runs, revision);
                paragraph(&ppr, &runs)
            }
            None => paragraph(&ppr, runs),
        }
    }

    /// Notes a written paragraph in the manifest, with the current source.
    pub fn record(&mut self, runs: &str) {
        let text = super::manifest::runs_text(runs);
        let values = self.cell_values;
        let source = self.source.clone();
        self.push_unit(text, source.line, &source.cells, |c| {
            values.get(c).cloned().unwrap_or_default()
        });
    }

    /// Notes a table cell: its text is the value of the workbook cells it
    /// shows (merged cells share it), so no lookup is needed.
    pub fn record_table_cell(&mut self, cell: &crate::model::Cell) {
        let text = crate::model::plain_text(&cell.content);
        let line = cell
            .provenance
            .line
            .clone()
            .or_else(|| self.source.line.clone());
        let value = text.clone();
        self.push_unit(text, line, &cell.provenance.cells, |_| value.clone());
    }

    fn push_unit(
        &mut self,
        text: String,
        line: Option<crate::model::LineRef>,
        cells: &[crate::model::CellRef],
        value_of: impl Fn(&crate::model::CellRef) -> String,
    ) {
        if text.trim().is_empty() {
            return;
        }
        let cells = cells
            .iter()
            .map(|c| super::manifest::SourceCell {
                at: c.clone(),
                value: value_of(c),
            })
            .collect();
        let part = if self.in_notes {
            "footnotes"
        } else {
            "document"
        };
        self.manifest.push(super::manifest::Unit {
            part,
            text,
            line,
            cells,
        });
    }

    /// An empty paragraph carrying a pending page break, for blocks that do
    /// not start with a paragraph (tables).
    pub fn break_paragraph(&mut self) -> String {
        if std::mem::take(&mut self.page_break_pending) {
            "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>".to_string()
        } else {
            String::new()
        }
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

    pub fn add_footnote(&mut self, blocks: &[Block]) -> usize {
        let id = self.footnotes.len() + 1;
        // Reserve the id before rendering: a note may hold another note.
        self.footnotes.push(String::new());
        let ctx = Ctx {
            para_style: "FootnoteText",
            width: self.style.text_width(),
            depth: 0,
        };
        let outer = std::mem::take(&mut self.source);
        let was_in_notes = std::mem::replace(&mut self.in_notes, true);
        self.source = outer.clone();
        let mut body = self.blocks(blocks, ctx);
        self.in_notes = was_in_notes;
        self.source = outer;
        let marker = "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space=\"preserve\"> </w:t></w:r>";
        match body.find("</w:pPr>") {
            Some(i) if body.starts_with("<w:p>") => body.insert_str(i + "</w:pPr>".len(), marker),
            _ => {
                body = format!(
                    "<w:p><w:pPr><w:pStyle w:val=\"FootnoteText\"/></w:pPr>{marker}</w:p>{body}"
                )
            }
        }
        self.footnotes[id - 1] = format!("<w:footnote w:id=\"{id}\">{body}</w:footnote>");
        id
    }
}

const HEADING_STYLES: [&str; 6] = [
    "Heading1", "Heading2", "Heading3", "Heading4", "Heading5", "Heading6",
];

/// Default callout titles by class.
pub fn default_title(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "objectifs" => "Objectifs",
        "note-formateur" | "note" => "Note au formateur",
        "message-cle" | "messages-cles" => "Message clé",
        "exercice" => "Exercice",
        "etude-de-cas" => "Étude de cas",
        "attention" => "Attention",
        _ => return None,
    })
}

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
    /// A revision mark on the paragraph mark (`w:ins`/`w:del` element).
    pub mark: Option<String>,
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
        if s.is_empty() {
            s
        } else {
            format!("<w:pPr>{s}</w:pPr>")
        }
    }
}

pub fn paragraph(ppr: &PPr, runs: &str) -> String {
    format!("<w:p>{}{runs}</w:p>", ppr.xml())
}
