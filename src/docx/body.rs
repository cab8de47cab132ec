//! Blocks → the body of `word/document.xml`, plus what the body needs from
//! other parts: footnotes, hyperlink relationships, list instances.

use super::inline::{RunProps, bookmark_name};
use super::numbering::{Lists, list_indent};
use super::outline::{self, Outline};
use super::paragraph::PPr;
use super::revisions::{Tracker, move_range_end};
use super::style::Style;
use super::{Assets, CellValues};
use crate::model::{Block, Callout, Heading, List, Revision};

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

impl Ctx {
    /// Directly in the body (not in a list, callout, quote or note).
    pub fn top_level(&self) -> bool {
        self.depth == 0 && self.para_style == "Normal"
    }
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
    /// Native charts: the `word/charts` parts and their workbooks.
    pub charts: Vec<super::chart::ChartPart>,
    pub assets: &'a Assets,
    /// True once a table of contents or list is written (Word then updates
    /// fields on open, unless their page numbers are known).
    pub has_fields: bool,
    /// The page numbers tables of contents and lists print.
    pub pages: super::PageNumbers,
    /// The document opens with a cover page: its section has a first page
    /// without header or footer.
    pub has_cover: bool,
    /// True once the first section has ended.
    pub first_section_done: bool,
    /// Paragraphs written so far with their sources (the generation manifest).
    pub manifest: crate::model::manifest::Writer,
    /// The source of what is being written now.
    pub source: crate::model::Provenance,
    /// Paragraphs go to footnotes.xml while a footnote is written.
    pub in_notes: bool,
    /// Displayed values of workbook cells, for the manifest.
    pub cell_values: &'a CellValues,
    /// The revision state (redlines) and the revision id counter.
    pub tracker: Tracker,
    /// A `\newpage` waits for the next paragraph (`w:pageBreakBefore`), so
    /// that no empty page appears when the break falls at a page end.
    pub page_break_pending: bool,
    /// The footnote being written still needs its reference mark, at the
    /// start of its first paragraph.
    pub note_mark_pending: bool,
    /// The block after the one being written, at its level: a list or a
    /// table (a paragraph introducing it keeps with it).
    pub next_is_list_or_table: bool,
    /// A move's named range starts in the next paragraph.
    pub move_range_pending: Option<String>,
    /// The section properties the trailing paragraph of the next top-level
    /// table or callout carries, when it ends a section.
    pub trailing_section: Option<String>,
    /// Where the document part goes as it is written (see [`Body::stream`]);
    /// `None` when the body is written to a string.
    pub sink: Option<&'a mut dyn std::io::Write>,
    /// Set by the top-level walk of [`Body::stream`] while it writes there.
    streaming: bool,
    /// Set for a table written straight at the top level: its rows may go
    /// to the sink as they are written (taken by `table`).
    pub spill_table: bool,
}

impl<'a> Body<'a> {
    pub fn new(
        style: &'a Style,
        blocks: &[Block],
        assets: &'a Assets,
        cell_values: &'a CellValues,
        author: Option<super::RevisionAuthor>,
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
            charts: Vec::new(),
            assets,
            has_fields: false,
            pages: Default::default(),
            has_cover: matches!(blocks.first(), Some(Block::Cover(_))),
            first_section_done: false,
            manifest: crate::model::manifest::Writer::for_blocks(blocks),
            source: Default::default(),
            in_notes: false,
            cell_values,
            tracker: Tracker::new(author),
            page_break_pending: false,
            note_mark_pending: false,
            next_is_list_or_table: false,
            move_range_pending: None,
            trailing_section: None,
            sink: None,
            streaming: false,
            spill_table: false,
        }
    }

    /// Writes the blocks of a document body to `out`, handing what is
    /// written to the sink after each top-level block (and, within a large
    /// top-level table, every few rows): the part is never whole in memory.
    pub fn stream(&mut self, blocks: &[Block], ctx: Ctx, out: &mut String) {
        self.streaming = true;
        self.blocks_into(blocks, ctx, out);
        self.streaming = false;
        self.spill(out);
    }

    /// Hands `out` to the sink, if there is one, and empties it.
    pub fn spill(&mut self, out: &mut String) {
        if let Some(sink) = self.sink.as_mut() {
            sink.write_all(out.as_bytes())
                .expect("writing to memory cannot fail");
            out.clear();
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
        // Only the walk `stream` started writes to the sink: blocks nested
        // in others are written to their own strings first.
        let top = std::mem::take(&mut self.streaming);
        for (i, block) in blocks.iter().enumerate() {
            match block {
                // Sections only at the top level: a section break cannot sit
                // in a table cell or a footnote.
                Block::Section(s) if ctx.top_level() => {
                    let width = if s.landscape {
                        self.style.landscape_text_width()
                    } else {
                        ctx.width
                    };
                    let inner = Ctx { width, ..ctx };
                    match s.blocks.split_last() {
                        Some((last, rest)) => {
                            self.streaming = top;
                            self.blocks_into(rest, inner, out);
                            self.ending_section(Some(last), inner, s.landscape, out);
                        }
                        None => self.ending_section(None, inner, s.landscape, out),
                    }
                }
                // The last block before a section of its own ends the section it is in.
                _ if ctx.top_level() && matches!(blocks.get(i + 1), Some(Block::Section(_))) => {
                    self.ending_section(Some(block), ctx, false, out)
                }
                _ => {
                    self.next_is_list_or_table =
                        matches!(blocks.get(i + 1), Some(Block::List(_) | Block::Table(_)));
                    self.spill_table = top && matches!(block, Block::Table(_));
                    let written = self.block(block, ctx);
                    self.spill_table = false;
                    out.push_str(&written);
                }
            }
            if top {
                self.spill(out);
            }
        }
    }

    /// Writes the last block of a section, which ends there: a table or
    /// callout carries the section properties in its trailing paragraph,
    /// anything else is followed by a paragraph holding them.
    fn ending_section(
        &mut self,
        last: Option<&Block>,
        ctx: Ctx,
        landscape: bool,
        out: &mut String,
    ) {
        self.trailing_section = Some(self.sect_pr(landscape));
        if let Some(block) = last {
            out.push_str(&self.block(block, ctx));
        }
        if let Some(sect) = self.trailing_section.take() {
            let ppr = PPr {
                section: Some(sect),
                ..PPr::default()
            };
            out.push_str(&ppr.paragraph(""));
        }
        // A section break starts a new page: a pending \newpage is done.
        self.page_break_pending = false;
    }

    fn block(&mut self, block: &Block, ctx: Ctx) -> String {
        if let Some(p) = block.provenance() {
            self.set_source(p);
        }
        match block {
            Block::Heading(h) => self.heading(h),
            Block::Paragraph(p) => {
                let keep = self.style.layout.keep_labels_with_next
                    && super::paragraph::introduces_next(&p.content, self.next_is_list_or_table);
                let ppr = PPr {
                    keep_next: keep,
                    ..PPr::style(ctx.para_style)
                };
                self.para(ppr, |b, r| b.runs(r, &p.content, RunProps::default()))
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
            Block::Code { text, .. } => self.para(PPr::style("Code"), |b, r| {
                b.text(r, text, &RunProps::default())
            }),
            Block::PageBreak => {
                self.page_break_pending = true;
                String::new()
            }
            Block::Figure(f) => self.figure(f, ctx),
            Block::Toc(t) => self.toc(t),
            Block::Section(s) => self.blocks(&s.blocks, ctx),
            Block::Cover(c) => self.cover(c),
            Block::Revised { revision, block } => self.revised(*revision, block, ctx),
        }
    }

    /// A block inserted, deleted or moved as a whole: written in that state;
    /// a move's named range opens in its first paragraph and closes after
    /// its last.
    fn revised(&mut self, revision: Revision, block: &Block, ctx: Ctx) -> String {
        let range = self.tracker.move_range_start(revision);
        if let Some((start, _)) = &range {
            self.move_range_pending = Some(start.clone());
        }
        let outer = self.tracker.enter(Some(revision));
        let mut out = self.block(block, ctx);
        self.tracker.leave(outer);
        if let Some((_, id)) = range {
            // A block without paragraphs drops its range rather than leave it unpaired.
            if self.move_range_pending.take().is_none() {
                out.push_str(&move_range_end(revision, id));
            }
        }
        out
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
        self.headings_written += 1;
        let toc_mark = outline::heading_bookmark(self.headings_written);
        let id_mark =
            h.id.as_ref()
                .filter(|id| self.keeps_anchor(id))
                .map(|id| bookmark_name(id));
        self.para(ppr, |b, r| {
            let toc = b.bookmark_start(r, &toc_mark);
            let anchor = id_mark.map(|name| b.bookmark_start(r, &name));
            b.runs(r, &h.content, RunProps::default());
            if let Some(n) = anchor {
                Body::bookmark_end(r, n);
            }
            Body::bookmark_end(r, toc);
        })
    }

    /// Whether a model id's bookmark is written here: always, except in
    /// removed content when the accepted document has the id too (a block
    /// replaced or moved keeps its anchor in its new form only).
    pub fn keeps_anchor(&self, id: &str) -> bool {
        !self.tracker.removing() || !self.outline.new_ids.contains(id)
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

    /// Opens a bookmark (ids numbered in document order); returns its id.
    pub fn bookmark_start(&mut self, r: &mut super::runs::Runs, name: &str) -> u32 {
        let n = self.next_bookmark;
        self.next_bookmark += 1;
        r.marker(&format!(
            "<w:bookmarkStart w:id=\"{n}\" w:name=\"{}\"/>",
            super::xml::attr(name)
        ));
        n
    }

    pub fn bookmark_end(r: &mut super::runs::Runs, id: u32) {
        r.marker(&format!("<w:bookmarkEnd w:id=\"{id}\"/>"));
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
                // A paragraph added, removed or moved in a redline is still a list paragraph.
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
                        let range = revision.and_then(|r| self.tracker.move_range_start(r));
                        if let Some((start, _)) = &range {
                            self.move_range_pending = Some(start.clone());
                        }
                        let outer = self.tracker.enter(revision);
                        out += &self.para(ppr, |b, r| b.runs(r, &p.content, RunProps::default()));
                        self.tracker.leave(outer);
                        if let (Some((_, id)), Some(rev)) = (range, revision) {
                            out += &move_range_end(rev, id);
                        }
                    }
                    None => {
                        if !numbered {
                            // An item that opens with a non-paragraph block still shows its number.
                            numbered = true;
                            let mut ppr = PPr::style("ListParagraph");
                            ppr.num = Some((num_id, ctx.depth));
                            out += &self.para(ppr, |_, _| {});
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
        let before = self.break_paragraph();
        // The row mark comes first in the part: its id first too.
        let row_mark = self.tracker.row_mark().unwrap_or_default();
        let mut inner = String::new();
        if let Some(title) = title {
            inner += &self.para(PPr::style("CalloutTitle"), |b, r| {
                b.text(r, &title, &RunProps::default())
            });
        }
        let width = ctx.width;
        let inner_ctx = Ctx {
            para_style: "CalloutText",
            width: width - 400,
            depth: ctx.depth,
        };
        inner += &self.blocks(&c.blocks, inner_ctx);
        if inner.is_empty() {
            // A cell holds at least one paragraph.
            inner += &self.para(PPr::default(), |_, _| {});
        }
        let s = &self.style.callout;
        let primary = &self.style.primary;
        let table = format!(
            "{before}<w:tbl><w:tblPr><w:tblW w:w=\"{width}\" w:type=\"dxa\"/><w:tblBorders>\
<w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"{b}\"/><w:left w:val=\"single\" w:sz=\"24\" w:space=\"0\" w:color=\"{primary}\"/>\
<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"{b}\"/><w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"{b}\"/></w:tblBorders>\
<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{f}\"/><w:tblLayout w:type=\"fixed\"/>\
<w:tblCellMar><w:top w:w=\"100\" w:type=\"dxa\"/><w:left w:w=\"170\" w:type=\"dxa\"/><w:bottom w:w=\"60\" w:type=\"dxa\"/><w:right w:w=\"170\" w:type=\"dxa\"/></w:tblCellMar>\
<w:tblLook w:val=\"0000\" w:firstRow=\"0\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr>\
<w:tblGrid><w:gridCol w:w=\"{width}\"/></w:tblGrid><w:tr><w:trPr><w:cantSplit/>{row_mark}</w:trPr><w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/></w:tcPr>{inner}</w:tc></w:tr></w:tbl>",
            b = s.border,
            f = s.fill,
        );
        table + &self.spacer(ctx)
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
