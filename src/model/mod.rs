//! The document model: the contract between every stage of trame.
//!
//! Readers (the Markdown stage) produce a [`Document`]; writers (the Word writer,
//! the redline writer) consume it; snapshots are its JSON form. Every block and
//! table cell carries a [`Provenance`] saying where its text came from, so that a
//! reviewer's comment can be traced back to a blueprint line or a workbook cell.
//!
//! The model is plain data with serde and no behaviour beyond small helpers, in
//! the spirit of Pandoc's AST. Empty optional fields are skipped when serialising
//! so that snapshots stay small and diff cleanly.

mod block_de;
mod check;
pub mod manifest;
mod provenance;
mod revision;
mod text;
mod walk;

pub use provenance::{A1, CellRef, FirstSeen, LineRef, Provenance, column_letters, parse_a1};
pub use revision::{Revision, RunFormat};
pub use text::plain_text;

use serde::{Deserialize, Serialize};

/// A whole document, ready to be written.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub blocks: Vec<Block>,
}

/// A block-level element (read by hand: see `block_de`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Heading(Heading),
    Paragraph(Paragraph),
    List(List),
    Table(Table),
    /// A framed box with a title (objectives, trainer note, key message…).
    Callout(Callout),
    /// A quotation (`> …` in Markdown).
    Quote {
        blocks: Vec<Block>,
    },
    /// Preformatted text, kept verbatim.
    Code {
        text: String,
        #[serde(default, skip_serializing_if = "Provenance::is_empty")]
        provenance: Provenance,
    },
    /// A forced page break (`\newpage`).
    PageBreak,
    /// An image with a numbered caption (`Figure N : …`).
    Figure(Figure),
    /// A table of contents, or a list of tables or figures.
    Toc(Toc),
    /// Blocks on pages of their own orientation (`::: paysage`).
    Section(Section),
    /// The cover page, built from the project metadata.
    Cover(Cover),
    /// A block inserted or deleted since a delivered version (redlines).
    Revised {
        revision: Revision,
        block: Box<Block>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<Vec<Inline>>,
    /// Text alternative for readers who cannot see the image.
    pub alt: String,
    pub image: Image,
    /// The data of a chart (`chart()`), written as a native Word chart; the
    /// image is its drawing, used when the house style asks for pictures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chart: Option<crate::chart::ChartSpec>,
    #[serde(default, skip_serializing_if = "Provenance::is_empty")]
    pub provenance: Provenance,
}

/// An image file. The bytes live beside the model (see `build::Assets`); the
/// model keeps what identifies and sizes them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Image {
    /// Project-relative path, or the generated name of a chart.
    pub src: String,
    /// Display width in centimetres (the text width when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width_cm: Option<f64>,
    /// Pixel size and content hash, filled when the bytes are loaded.
    #[serde(default)]
    pub pixels: (u32, u32),
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub hash: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TocKind {
    Contents,
    Tables,
    Figures,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Toc {
    pub kind: TocKind,
    pub title: String,
    /// Heading levels listed (table of contents only).
    #[serde(default = "three")]
    pub levels: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub landscape: bool,
    pub blocks: Vec<Block>,
}

/// What the cover page shows; empty fields are left out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Cover {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub organisation: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub programme: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub doc_type: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub subtitle: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reference: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub version: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub date: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notice: String,
    /// The title of the page headers.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub short_title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<Image>,
    /// In a redline, the cover of the delivered version: changed fields show
    /// as tracked changes.
    #[serde(skip)]
    pub previous: Option<Box<Cover>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Heading {
    /// 1 for a chapter, 2 for a section, and so on.
    pub level: u8,
    /// False for headings marked `{-}` or `{.unnumbered}`.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub numbered: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub content: Vec<Inline>,
    #[serde(default, skip_serializing_if = "Provenance::is_empty")]
    pub provenance: Provenance,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Paragraph {
    pub content: Vec<Inline>,
    #[serde(default, skip_serializing_if = "Provenance::is_empty")]
    pub provenance: Provenance,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct List {
    /// `Some(start)` for a numbered list, `None` for bullets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<u64>,
    pub items: Vec<ListItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListItem {
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Callout {
    /// The class given in the blueprint (`encadre`, `objectifs`, `message-cle`…).
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub blocks: Vec<Block>,
    #[serde(default, skip_serializing_if = "Provenance::is_empty")]
    pub provenance: Provenance,
}

/// A table, either written in Markdown or produced from a data source by the
/// blueprint function `table()`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Table {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<Vec<Inline>>,
    pub columns: Vec<Column>,
    /// Header rows, repeated on every page the table spans.
    pub header: Vec<Row>,
    pub rows: Vec<Row>,
    /// The column whose value identifies a row (from the source's `key`), so
    /// that rows can be matched between versions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_column: Option<usize>,
    #[serde(default, skip_serializing_if = "Provenance::is_empty")]
    pub provenance: Provenance,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Column {
    /// Relative width (any unit; the writer scales the sum to the text width).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<f64>,
    #[serde(default, skip_serializing_if = "Align::is_default")]
    pub align: Align,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
}

impl Align {
    fn is_default(&self) -> bool {
        *self == Align::Left
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// The cells that start in this row. A cell covered by a cell spanning down
    /// from an earlier row is absent, as in HTML.
    pub cells: Vec<Cell>,
    /// Set on rows added or removed since a delivered version (redlines).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<Revision>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    pub content: Vec<Inline>,
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub row_span: u32,
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub col_span: u32,
    #[serde(default, skip_serializing_if = "Provenance::is_empty")]
    pub provenance: Provenance,
}

/// Merges runs of rows into cells spanning down column `col` (full-grid rows:
/// every row has that column). A run goes on while `continues(first, row)`
/// holds; the merged cell keeps the first row's content and the provenance of
/// every cell it covers.
pub fn merge_column_runs(rows: &mut [Row], col: usize, continues: impl Fn(&Row, &Row) -> bool) {
    let mut start = 0;
    while start < rows.len() {
        let mut end = start + 1;
        while end < rows.len() && continues(&rows[start], &rows[end]) {
            end += 1;
        }
        if end - start > 1 {
            let covered: Vec<CellRef> = rows[start + 1..end]
                .iter_mut()
                .flat_map(|row| row.cells.remove(col).provenance.cells)
                .collect();
            let first = &mut rows[start].cells[col];
            first.row_span = (end - start) as u32;
            first.provenance.add_cells(covered);
        }
        start = end;
    }
}

impl Row {
    pub fn new(cells: Vec<Cell>) -> Self {
        Row {
            cells,
            revision: None,
        }
    }
}

impl Cell {
    pub fn new(content: Vec<Inline>, provenance: Provenance) -> Self {
        Cell {
            content,
            row_span: 1,
            col_span: 1,
            provenance,
        }
    }
}

/// Inline content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "c", rename_all = "snake_case")]
pub enum Inline {
    Text(String),
    Emph(Vec<Inline>),
    Strong(Vec<Inline>),
    Strikeout(Vec<Inline>),
    Superscript(Vec<Inline>),
    Code(String),
    LineBreak,
    Link {
        /// Boxed: an inline is one of millions in a large table, and a
        /// boxed text keeps every inline 8 bytes smaller (40, not 48).
        url: Box<str>,
        content: Vec<Inline>,
    },
    /// A footnote, holding its own blocks (as Pandoc's `Note`).
    Note(Vec<Block>),
    /// A cross-reference to a table or figure id (`@tbl:sites`).
    Ref(String),
    /// Text inserted or deleted since a delivered version (redlines).
    Revised {
        revision: Revision,
        content: Vec<Inline>,
    },
    /// Text whose character formatting changed since a delivered version.
    Restyled {
        content: Vec<Inline>,
        was: RunFormat,
    },
}

fn three() -> u8 {
    3
}
fn yes() -> bool {
    true
}
fn is_true(b: &bool) -> bool {
    *b
}
fn one() -> u32 {
    1
}
fn is_one(n: &u32) -> bool {
    *n == 1
}
