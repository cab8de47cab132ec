//! Equal content, provenance aside: blueprint lines move when text is added
//! above, and workbook cells when rows are inserted, without the document
//! changing.
//!
//! The comparison walks both models side by side and stops at the first
//! difference, without copying either (a table can have a million cells).
//! Every struct is destructured whole, so a field added to the model must be
//! placed here (compared, or set aside as provenance) before this compiles.

use crate::model::{
    Block, Callout, Cell, Cover, Figure, Heading, Inline, List, ListItem, Paragraph, Row, Section,
    Table,
};

/// Whether two blocks show the same thing, their provenance aside.
pub fn same(a: &Block, b: &Block) -> bool {
    match (a, b) {
        (Block::Heading(x), Block::Heading(y)) => heading(x, y),
        (Block::Paragraph(x), Block::Paragraph(y)) => paragraph(x, y),
        (Block::List(x), Block::List(y)) => list(x, y),
        (Block::Table(x), Block::Table(y)) => table(x, y),
        (Block::Callout(x), Block::Callout(y)) => callout(x, y),
        (Block::Quote { blocks: x }, Block::Quote { blocks: y }) => blocks(x, y),
        (
            Block::Code {
                text: x,
                provenance: _,
            },
            Block::Code {
                text: y,
                provenance: _,
            },
        ) => x == y,
        (Block::PageBreak, Block::PageBreak) => true,
        (Block::Figure(x), Block::Figure(y)) => figure(x, y),
        (Block::Toc(x), Block::Toc(y)) => x == y,
        (Block::Section(x), Block::Section(y)) => section(x, y),
        (Block::Cover(x), Block::Cover(y)) => cover(x, y),
        (
            Block::Revised {
                revision: r,
                block: x,
            },
            Block::Revised {
                revision: s,
                block: y,
            },
        ) => r == s && same(x, y),
        // Kept exhaustive on the left: a new kind of block must be added above.
        (
            Block::Heading(_)
            | Block::Paragraph(_)
            | Block::List(_)
            | Block::Table(_)
            | Block::Callout(_)
            | Block::Quote { .. }
            | Block::Code { .. }
            | Block::PageBreak
            | Block::Figure(_)
            | Block::Toc(_)
            | Block::Section(_)
            | Block::Cover(_)
            | Block::Revised { .. },
            _,
        ) => false,
    }
}

fn blocks(a: &[Block], b: &[Block]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
}

fn heading(a: &Heading, b: &Heading) -> bool {
    let Heading {
        level,
        numbered,
        id,
        content,
        provenance: _,
    } = a;
    *level == b.level && *numbered == b.numbered && *id == b.id && inlines(content, &b.content)
}

fn paragraph(a: &Paragraph, b: &Paragraph) -> bool {
    let Paragraph {
        content,
        provenance: _,
    } = a;
    inlines(content, &b.content)
}

fn list(a: &List, b: &List) -> bool {
    let List { start, items } = a;
    *start == b.start
        && items.len() == b.items.len()
        && items.iter().zip(&b.items).all(|(x, y)| {
            let ListItem { blocks: bx } = x;
            blocks(bx, &y.blocks)
        })
}

fn table(a: &Table, b: &Table) -> bool {
    let Table {
        id,
        caption,
        columns,
        header,
        rows: body,
        key_column,
        provenance: _,
    } = a;
    *id == b.id
        && optional_inlines(caption, &b.caption)
        && *columns == b.columns
        && *key_column == b.key_column
        && rows(header, &b.header)
        && rows(body, &b.rows)
}

fn rows(a: &[Row], b: &[Row]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            let Row { cells, revision } = x;
            *revision == y.revision
                && cells.len() == y.cells.len()
                && cells.iter().zip(&y.cells).all(|(c, d)| cell(c, d))
        })
}

fn cell(a: &Cell, b: &Cell) -> bool {
    let Cell {
        content,
        row_span,
        col_span,
        provenance: _,
    } = a;
    *row_span == b.row_span && *col_span == b.col_span && inlines(content, &b.content)
}

fn callout(a: &Callout, b: &Callout) -> bool {
    let Callout {
        kind,
        title,
        blocks: inner,
        provenance: _,
    } = a;
    *kind == b.kind && *title == b.title && blocks(inner, &b.blocks)
}

fn section(a: &Section, b: &Section) -> bool {
    let Section {
        landscape,
        blocks: inner,
    } = a;
    *landscape == b.landscape && blocks(inner, &b.blocks)
}

fn figure(a: &Figure, b: &Figure) -> bool {
    let Figure {
        id,
        caption,
        alt,
        image,
        chart,
        provenance: _,
    } = a;
    *id == b.id
        && optional_inlines(caption, &b.caption)
        && *alt == b.alt
        && *image == b.image
        && *chart == b.chart
}

/// The cover a delivered version had (`previous`, set only on redlines) is
/// not part of what a cover shows.
fn cover(a: &Cover, b: &Cover) -> bool {
    let shown = |c: &Cover| Cover {
        previous: None,
        ..c.clone()
    };
    shown(a) == shown(b)
}

fn optional_inlines(a: &Option<Vec<Inline>>, b: &Option<Vec<Inline>>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => inlines(x, y),
        (None, None) => true,
        _ => false,
    }
}

fn inlines(a: &[Inline], b: &[Inline]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| inline(x, y))
}

/// Inlines hold no provenance of their own, but a note holds blocks.
fn inline(a: &Inline, b: &Inline) -> bool {
    match a {
        Inline::Text(x) => matches!(b, Inline::Text(y) if x == y),
        Inline::Code(x) => matches!(b, Inline::Code(y) if x == y),
        Inline::Ref(x) => matches!(b, Inline::Ref(y) if x == y),
        Inline::LineBreak => matches!(b, Inline::LineBreak),
        Inline::Emph(x) => matches!(b, Inline::Emph(y) if inlines(x, y)),
        Inline::Strong(x) => matches!(b, Inline::Strong(y) if inlines(x, y)),
        Inline::Strikeout(x) => matches!(b, Inline::Strikeout(y) if inlines(x, y)),
        Inline::Superscript(x) => matches!(b, Inline::Superscript(y) if inlines(x, y)),
        Inline::Link { url, content } => {
            matches!(b, Inline::Link { url: u, content: c } if url == u && inlines(content, c))
        }
        Inline::Note(x) => matches!(b, Inline::Note(y) if blocks(x, y)),
        Inline::Revised { revision, content } => {
            matches!(b, Inline::Revised { revision: r, content: c } if revision == r && inlines(content, c))
        }
        Inline::Restyled { content, was } => {
            matches!(b, Inline::Restyled { content: c, was: w } if was == w && inlines(content, c))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CellRef, LineRef, Provenance};

    fn line(n: u32) -> Provenance {
        Provenance::from_line(Some(LineRef {
            file: "blueprints/a.md.j2".into(),
            line: n,
        }))
    }

    fn paragraph_at(text: &str, n: u32) -> Block {
        Block::Paragraph(Paragraph {
            content: vec![Inline::Text(text.into())],
            provenance: line(n),
        })
    }

    fn table_of(values: &[&str], first_row: usize) -> Block {
        let rows = values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                Row::new(vec![Cell::new(
                    vec![Inline::Text((*v).into())],
                    Provenance::from_cell(CellRef::at("data/a.xlsx", "F", first_row + i, 0)),
                )])
            })
            .collect();
        Block::Table(Table {
            columns: vec![Default::default()],
            rows,
            ..Default::default()
        })
    }

    #[test]
    fn provenance_alone_does_not_make_a_difference() {
        assert!(same(&paragraph_at("Texte", 3), &paragraph_at("Texte", 9)));
        assert!(same(&table_of(&["a", "b"], 1), &table_of(&["a", "b"], 7)));
        let note = |n| {
            Block::Paragraph(Paragraph {
                content: vec![Inline::Note(vec![paragraph_at("Note", n)])],
                provenance: line(1),
            })
        };
        assert!(same(&note(2), &note(5)));
    }

    #[test]
    fn content_makes_a_difference() {
        assert!(!same(&paragraph_at("Texte", 3), &paragraph_at("Texte.", 3)));
        assert!(!same(&table_of(&["a", "b"], 1), &table_of(&["a", "c"], 1)));
        assert!(!same(&table_of(&["a"], 1), &table_of(&["a", "b"], 1)));
        assert!(!same(&paragraph_at("a", 1), &table_of(&["a"], 1)));
        let mut spanning = table_of(&["a", "a"], 1);
        if let Block::Table(t) = &mut spanning {
            t.rows[0].cells[0].row_span = 2;
        }
        assert!(!same(&spanning, &table_of(&["a", "a"], 1)));
    }

    /// The comparison it replaces: both blocks as JSON, provenance removed.
    #[test]
    fn agrees_with_comparing_json_without_provenance() {
        fn strip(v: &mut serde_json::Value) {
            match v {
                serde_json::Value::Object(m) => {
                    m.remove("provenance");
                    m.values_mut().for_each(strip);
                }
                serde_json::Value::Array(a) => a.iter_mut().for_each(strip),
                _ => {}
            }
        }
        let json = |b: &Block| {
            let mut v = serde_json::to_value(b).unwrap();
            strip(&mut v);
            v
        };
        let blocks = [
            paragraph_at("Texte", 3),
            paragraph_at("Texte", 4),
            paragraph_at("Autre", 3),
            table_of(&["a", "b"], 1),
            table_of(&["a", "b"], 2),
            table_of(&["a", "c"], 1),
            Block::PageBreak,
            Block::Quote {
                blocks: vec![paragraph_at("Texte", 3)],
            },
            Block::Quote {
                blocks: vec![paragraph_at("Texte", 8)],
            },
        ];
        for a in &blocks {
            for b in &blocks {
                assert_eq!(same(a, b), json(a) == json(b), "{a:?} / {b:?}");
            }
        }
    }
}
