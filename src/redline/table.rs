//! Table diffs: rows matched by key (or by content), changed cells diffed
//! word by word, added and removed rows marked as tracked rows.

use super::Stats;
use super::align::{Step, align, by_position};
use super::words::diff_inlines;
use crate::model::{Cell, Revision, Row, Table, plain_text};

/// The new table with its differences from the old marked, or `None` when
/// the tables cannot be compared cell by cell (other columns, merged cells).
pub fn diff_table(old: &Table, new: &Table, stats: &mut Stats) -> Option<Table> {
    let width = |t: &Table| t.columns.len();
    let merged = |t: &Table| {
        t.header
            .iter()
            .chain(&t.rows)
            .flat_map(|r| &r.cells)
            .any(|c| c.row_span != 1 || c.col_span != 1)
    };
    if width(old) != width(new) || merged(old) || merged(new) {
        return None;
    }
    let before = *stats;
    let mut table = new.clone();
    if let (Some(a), Some(b)) = (&old.caption, &new.caption) {
        let (content, c) = diff_inlines(a, b);
        stats.add(c);
        table.caption = Some(content);
    }
    table.header = diff_rows(&old.header, &new.header, None, stats);
    let key = match (old.key_column, new.key_column) {
        (Some(a), Some(b)) if a == b => Some(a),
        _ => None,
    };
    table.rows = diff_rows(&old.rows, &new.rows, key, stats);
    if *stats != before {
        stats.tables_changed += 1;
    }
    Some(table)
}

fn row_key(row: &Row, key: Option<usize>) -> String {
    match key.and_then(|k| row.cells.get(k)) {
        Some(cell) => plain_text(&cell.content),
        None => row
            .cells
            .iter()
            .map(|c| plain_text(&c.content))
            .collect::<Vec<_>>()
            .join("\u{1}"),
    }
}

fn diff_rows(old: &[Row], new: &[Row], key: Option<usize>, stats: &mut Stats) -> Vec<Row> {
    let mut out = Vec::with_capacity(new.len());
    let whole = |revision: Revision, row: &Row, stats: &mut Stats| {
        if revision.is_removal() {
            stats.deletions += 1;
        } else {
            stats.insertions += 1;
        }
        Row {
            cells: row.cells.clone(),
            revision: Some(revision),
        }
    };
    for step in align(old, new, |r| row_key(r, key)) {
        match step {
            Step::Same(a, b) => out.push(diff_cells(a, b, stats)),
            Step::Removed(a) => out.push(whole(Revision::Deleted, a, stats)),
            Step::Added(b) => out.push(whole(Revision::Inserted, b, stats)),
            // Rows with other keys are other rows.
            Step::Changed(a, b) if key.is_some() => {
                a.iter()
                    .for_each(|r| out.push(whole(Revision::Deleted, r, stats)));
                b.iter()
                    .for_each(|r| out.push(whole(Revision::Inserted, r, stats)));
            }
            Step::Changed(a, b) => {
                for pair in by_position(a, b) {
                    match pair {
                        (Some(x), Some(y)) => out.push(diff_cells(x, y, stats)),
                        (Some(x), None) => out.push(whole(Revision::Deleted, x, stats)),
                        (None, Some(y)) => out.push(whole(Revision::Inserted, y, stats)),
                        (None, None) => {}
                    }
                }
            }
        }
    }
    out
}

fn diff_cells(old: &Row, new: &Row, stats: &mut Stats) -> Row {
    let cells = new
        .cells
        .iter()
        .enumerate()
        .map(|(i, cell)| match old.cells.get(i) {
            Some(o) if o.content != cell.content => {
                let (content, c) = diff_inlines(&o.content, &cell.content);
                stats.add(c);
                Cell {
                    content,
                    ..cell.clone()
                }
            }
            _ => cell.clone(),
        })
        .collect();
    Row {
        cells,
        revision: None,
    }
}
