//! Second pass: pulldown-cmark events → model blocks.

use super::containers::{Container, ContainerKind};
use super::inlines::{text_inlines, trim_inlines};
use super::limits::{MAX_COLUMNS, MAX_INLINE_DEPTH};
use super::lines::Prepared;
use crate::diag::Diagnostic;
use crate::markers::{self, BLOCK_END, BLOCK_START, DIV_CLOSE, DIV_END, DIV_START, PAGE_BREAK};
use crate::model::*;
use pulldown_cmark::{Alignment, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::ops::Range;

enum LeafKind {
    Paragraph,
    Heading {
        level: u8,
        id: Option<String>,
        numbered: bool,
    },
    Cell,
    Code,
}

struct Leaf {
    kind: LeafKind,
    inlines: Vec<Inline>,
    /// The text as written, markers included, to recognise placeholders.
    raw: String,
    /// Its line; its cells are in `cells` until the leaf is taken.
    provenance: Provenance,
    /// The cells its text shows, gathered once each in first-seen order.
    cells: FirstSeen<CellRef>,
    /// Opened by text in a tight list item rather than by a paragraph tag.
    implicit: bool,
}

enum SpanKind {
    Emph,
    Strong,
    Strike,
    Superscript,
    Link(String),
    Image(String),
}

/// Marks an image's link while a paragraph is parsed; no real URL starts so.
const IMAGE_PREFIX: &str = "\u{E010}image:";

struct TableBuilder {
    columns: Vec<Column>,
    header: Vec<Row>,
    rows: Vec<Row>,
    row: Vec<Cell>,
    provenance: Provenance,
}

pub struct Builder<'a> {
    prepared: &'a Prepared,
    /// Blueprint paths, to name the place of a refusal without a line.
    files: &'a [String],
    cells: &'a [CellRef],
    registered: Vec<Option<Block>>,
    pub(super) containers: Vec<Container>,
    leaf: Option<Leaf>,
    spans: Vec<(SpanKind, Vec<Inline>)>,
    table: Option<TableBuilder>,
    pub(super) notes: HashMap<String, Vec<Block>>,
    note_order: Vec<String>,
    /// Open quotes, lists, fenced divs and footnotes (at most `MAX_DEPTH`).
    pub(super) depth: usize,
    /// Byte offset of the event being read.
    offset: usize,
    /// The first nesting refusal; reading stops there.
    pub(super) refused: Option<Diagnostic>,
}

impl<'a> Builder<'a> {
    pub fn new(
        prepared: &'a Prepared,
        files: &'a [String],
        cells: &'a [CellRef],
        registered: Vec<Block>,
    ) -> Self {
        Builder {
            prepared,
            files,
            cells,
            registered: registered.into_iter().map(Some).collect(),
            containers: vec![Container {
                kind: ContainerKind::Root,
                blocks: Vec::new(),
            }],
            leaf: None,
            spans: Vec::new(),
            table: None,
            notes: HashMap::new(),
            note_order: Vec::new(),
            depth: 0,
            offset: 0,
            refused: None,
        }
    }

    /// Reads the whole text; refuses it at the first place nested deeper
    /// than the limits of [`super::limits`], before any recursive code runs.
    pub fn run(mut self) -> crate::diag::Result<Vec<Block>> {
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_HEADING_ATTRIBUTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_SUPERSCRIPT;
        let text = self.prepared.text.clone();
        for (event, range) in Parser::new_ext(&text, options).into_offset_iter() {
            self.offset = range.start;
            self.event(event, range);
            if let Some(refused) = self.refused.take() {
                return Err(refused.into());
            }
        }
        self.finish_implicit_leaf();
        while self.containers.len() > 1 {
            self.close_container();
        }
        let mut blocks = self.containers.pop().map(|c| c.blocks).unwrap_or_default();
        super::post::resolve_notes(&mut blocks, &self.note_order, &mut self.notes);
        Ok(blocks)
    }

    fn provenance_at(&self, offset: usize) -> Provenance {
        Provenance::from_line(self.prepared.line_at(offset))
    }

    fn event(&mut self, event: Event, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => self.text(&t, range.start),
            Event::Code(t) => self.push_inline(Inline::Code(markers::strip(&t)), range.start),
            Event::SoftBreak => self.push_inline(Inline::Text(" ".into()), range.start),
            Event::HardBreak => self.push_inline(Inline::LineBreak, range.start),
            Event::InlineHtml(h) | Event::Html(h) => {
                let h = h.trim();
                if h.eq_ignore_ascii_case("<br>")
                    || h.eq_ignore_ascii_case("<br/>")
                    || h.eq_ignore_ascii_case("<br />")
                {
                    self.push_inline(Inline::LineBreak, range.start);
                } else if !h.starts_with("<!--") && !h.is_empty() {
                    self.text(h, range.start);
                }
            }
            Event::FootnoteReference(label) => {
                let in_note = self
                    .containers
                    .iter()
                    .any(|c| matches!(c.kind, ContainerKind::Footnote(_)));
                if in_note {
                    // Word has no note inside a note; a chain of them would
                    // also nest the model as deep as the chain is long.
                    self.refuse(super::limits::note_in_note);
                    return;
                }
                self.note_order.push(label.to_string());
                self.push_inline(Inline::Note(Vec::new()), range.start);
            }
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag, range: Range<usize>) {
        let is_block = matches!(
            tag,
            Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::List(_)
                | Tag::Item
                | Tag::Table(_)
                | Tag::FootnoteDefinition(_)
        );
        if is_block {
            self.finish_implicit_leaf();
        }
        let provenance = self.provenance_at(range.start);
        match tag {
            Tag::Paragraph => self.open_leaf(LeafKind::Paragraph, provenance, false),
            Tag::Heading {
                level, id, classes, ..
            } => {
                let numbered = !classes.iter().any(|c| &**c == "unnumbered" || &**c == "-");
                let level = heading_level(level);
                let id = id.map(|i| i.to_string());
                self.open_leaf(
                    LeafKind::Heading {
                        level,
                        id,
                        numbered,
                    },
                    provenance,
                    false,
                )
            }
            Tag::CodeBlock(_) => self.open_leaf(LeafKind::Code, provenance, false),
            Tag::BlockQuote(_) => self.push_container(ContainerKind::Quote),
            Tag::List(start) => self.push_container(ContainerKind::List {
                start,
                items: Vec::new(),
            }),
            Tag::Item => self.push_container(ContainerKind::Item),
            Tag::FootnoteDefinition(label) => {
                self.push_container(ContainerKind::Footnote(label.to_string()))
            }
            Tag::Table(aligns) => {
                if aligns.len() > MAX_COLUMNS {
                    self.refuse_columns(aligns.len());
                    return;
                }
                self.table = Some(TableBuilder {
                    columns: aligns
                        .iter()
                        .map(|a| Column {
                            width: None,
                            align: align(*a),
                        })
                        .collect(),
                    header: Vec::new(),
                    rows: Vec::new(),
                    row: Vec::new(),
                    provenance,
                })
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(t) = &mut self.table {
                    t.row.clear();
                }
            }
            Tag::TableCell => self.open_leaf(LeafKind::Cell, provenance, false),
            Tag::Emphasis => self.open_span(SpanKind::Emph),
            Tag::Strong => self.open_span(SpanKind::Strong),
            Tag::Strikethrough => self.open_span(SpanKind::Strike),
            Tag::Superscript => self.open_span(SpanKind::Superscript),
            Tag::Link { dest_url, .. } => self.open_span(SpanKind::Link(markers::strip(&dest_url))),
            Tag::Image { dest_url, .. } => {
                self.open_span(SpanKind::Image(markers::strip(&dest_url)))
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock => self.finish_leaf(),
            TagEnd::TableCell => {
                if let Some(leaf) = self.take_leaf() {
                    let cell = Cell::new(trim_inlines(leaf.inlines), leaf.provenance);
                    if let Some(t) = &mut self.table {
                        t.row.push(cell);
                    }
                }
            }
            TagEnd::TableHead => {
                if let Some(t) = &mut self.table {
                    let cells = std::mem::take(&mut t.row);
                    t.header.push(Row::new(cells));
                }
            }
            TagEnd::TableRow => {
                if let Some(t) = &mut self.table {
                    let cells = std::mem::take(&mut t.row);
                    t.rows.push(Row::new(cells));
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.push_block(Block::Table(Table {
                        key_column: None,
                        id: None,
                        caption: None,
                        columns: t.columns,
                        header: t.header,
                        rows: t.rows,
                        provenance: t.provenance,
                    }));
                }
            }
            TagEnd::Item => {
                self.finish_implicit_leaf();
                self.close_container();
            }
            TagEnd::List(_) | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition => {
                self.close_container()
            }
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Link
            | TagEnd::Image => self.close_span(),
            _ => {}
        }
    }

    fn open_leaf(&mut self, kind: LeafKind, mut provenance: Provenance, implicit: bool) {
        let cells = std::mem::take(&mut provenance.cells).into_iter().collect();
        self.leaf = Some(Leaf {
            kind,
            inlines: Vec::new(),
            raw: String::new(),
            provenance,
            cells,
            implicit,
        });
    }

    /// The open leaf, closed: its provenance now names its cells.
    fn take_leaf(&mut self) -> Option<Leaf> {
        let mut leaf = self.leaf.take()?;
        leaf.provenance.cells = std::mem::take(&mut leaf.cells).into_vec();
        Some(leaf)
    }

    fn text(&mut self, text: &str, offset: usize) {
        if self.leaf.is_none() {
            let provenance = self.provenance_at(offset);
            self.open_leaf(LeafKind::Paragraph, provenance, true);
        }
        if let Some(leaf) = &mut self.leaf {
            leaf.raw.push_str(text);
            if matches!(leaf.kind, LeafKind::Code) {
                leaf.inlines.push(Inline::Text(markers::strip(text)));
                return;
            }
        }
        let mut found = Vec::new();
        let inlines = text_inlines(text, self.cells, |c| found.push(c));
        if let Some(leaf) = &mut self.leaf {
            leaf.cells.extend(found);
        }
        for inline in inlines {
            self.push_inline(inline, offset);
        }
    }

    fn push_inline(&mut self, inline: Inline, offset: usize) {
        if let Some((_, inlines)) = self.spans.last_mut() {
            inlines.push(inline);
            return;
        }
        if self.leaf.is_none() {
            let provenance = self.provenance_at(offset);
            self.open_leaf(LeafKind::Paragraph, provenance, true);
        }
        if let Some(leaf) = &mut self.leaf {
            // Merge adjacent text so that words split by markers stay one run.
            if let (Some(Inline::Text(prev)), Inline::Text(t)) = (leaf.inlines.last_mut(), &inline)
            {
                prev.push_str(t);
            } else {
                leaf.inlines.push(inline);
            }
        }
    }

    fn open_span(&mut self, kind: SpanKind) {
        if self.spans.len() >= MAX_INLINE_DEPTH {
            self.refuse(super::limits::too_deep_inlines);
            return;
        }
        self.spans.push((kind, Vec::new()));
    }

    /// Keeps the first refusal, made at the current event.
    pub(super) fn refuse(&mut self, make: fn(&Prepared, &[String], usize) -> Diagnostic) {
        if self.refused.is_none() {
            self.refused = Some(make(self.prepared, self.files, self.offset));
        }
    }

    fn refuse_columns(&mut self, columns: usize) {
        if self.refused.is_none() {
            self.refused = Some(super::limits::too_many_columns(
                self.prepared,
                self.files,
                self.offset,
                columns,
            ));
        }
    }

    fn close_span(&mut self) {
        let Some((kind, inlines)) = self.spans.pop() else {
            return;
        };
        let inline = match kind {
            SpanKind::Emph => Inline::Emph(inlines),
            SpanKind::Strong => Inline::Strong(inlines),
            SpanKind::Strike => Inline::Strikeout(inlines),
            SpanKind::Superscript => Inline::Superscript(inlines),
            SpanKind::Link(url) => Inline::Link {
                url: url.into(),
                content: inlines,
            },
            // An image inside text cannot be placed: keep its alt text. An image
            // alone in a paragraph becomes a figure (see finish_leaf).
            SpanKind::Image(src) => Inline::Link {
                url: format!("{IMAGE_PREFIX}{src}").into(),
                content: inlines,
            },
        };
        self.push_inline(inline, 0);
    }

    pub(super) fn finish_implicit_leaf(&mut self) {
        if self.leaf.as_ref().is_some_and(|l| l.implicit) {
            self.finish_leaf();
        }
    }

    fn finish_leaf(&mut self) {
        while !self.spans.is_empty() {
            self.close_span();
        }
        let Some(leaf) = self.take_leaf() else { return };
        let raw = leaf.raw.trim();
        if let Some(index) = placeholder(raw, BLOCK_START, BLOCK_END) {
            if let Some(mut block) = self.registered.get_mut(index).and_then(Option::take) {
                if let Block::Table(t) = &block
                    && t.columns.len() > MAX_COLUMNS
                {
                    self.refuse_columns(t.columns.len());
                    return;
                }
                // The blueprint line that called the function.
                match &mut block {
                    Block::Table(t) => t.provenance.line = leaf.provenance.line,
                    Block::Figure(f) => f.provenance.line = leaf.provenance.line,
                    _ => {}
                }
                self.push_block(block);
            }
            return;
        }
        if let Some(index) = placeholder(raw, DIV_START, DIV_END) {
            let attrs = self.prepared.divs.get(index).cloned().unwrap_or_default();
            self.push_container(ContainerKind::Div {
                attrs,
                provenance: leaf.provenance,
            });
            return;
        }
        if raw == DIV_CLOSE.to_string() {
            if matches!(
                self.containers.last().map(|c| &c.kind),
                Some(ContainerKind::Div { .. })
            ) {
                self.close_container();
            }
            return;
        }
        if raw == PAGE_BREAK.to_string() {
            self.push_block(Block::PageBreak);
            return;
        }
        let block = match leaf.kind {
            LeafKind::Paragraph | LeafKind::Cell => {
                let content = trim_inlines(leaf.inlines);
                if content.is_empty() {
                    return;
                }
                let content = images_as_text(content);
                if let [Inline::Link { url, content: alt }] = content.as_slice()
                    && let Some(src) = url.strip_prefix(IMAGE_PREFIX)
                {
                    // An image alone in its paragraph is a figure; its alt text is the caption.
                    let alt_text = plain_text(alt);
                    self.push_block(Block::Figure(Figure {
                        id: None,
                        caption: (!alt_text.is_empty()).then(|| alt.clone()),
                        alt: alt_text,
                        image: Image {
                            src: src.to_string(),
                            ..Image::default()
                        },
                        chart: None,
                        provenance: leaf.provenance,
                    }));
                    return;
                }
                Block::Paragraph(Paragraph {
                    content,
                    provenance: leaf.provenance,
                })
            }
            LeafKind::Heading {
                level,
                id,
                mut numbered,
            } => {
                let mut content = trim_inlines(leaf.inlines);
                if let Some(Inline::Text(t)) = content.last_mut()
                    && let Some(stripped) = t.trim_end().strip_suffix("{-}")
                {
                    *t = stripped.trim_end().to_string();
                    numbered = false;
                }
                Block::Heading(Heading {
                    level,
                    numbered,
                    id,
                    content,
                    provenance: leaf.provenance,
                })
            }
            LeafKind::Code => Block::Code {
                text: plain_text(&leaf.inlines).trim_end_matches('\n').to_string(),
                provenance: leaf.provenance,
            },
        };
        self.push_block(block);
    }

    pub(super) fn push_block(&mut self, block: Block) {
        if let Some(c) = self.containers.last_mut() {
            c.blocks.push(block);
        }
    }
}

/// Images inside running text keep only their alt text.
fn images_as_text(inlines: Vec<Inline>) -> Vec<Inline> {
    inlines
        .into_iter()
        .flat_map(|inline| match inline {
            Inline::Link { url, content } if url.starts_with(IMAGE_PREFIX) => {
                images_as_text(content)
            }
            Inline::Emph(c) => vec![Inline::Emph(images_as_text(c))],
            Inline::Strong(c) => vec![Inline::Strong(images_as_text(c))],
            other => vec![other],
        })
        .collect()
}

/// `START index END` → index.
fn placeholder(raw: &str, start: char, end: char) -> Option<usize> {
    raw.strip_prefix(start)?.strip_suffix(end)?.parse().ok()
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn align(a: Alignment) -> Align {
    match a {
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
        Alignment::Left | Alignment::None => Align::Left,
    }
}
