//! Table diffs: rows matched by key (or by content), changed cells diffed
//! word by word, added and removed rows marked as tracked rows.
//!
//! Grouped tables (`group_by`: a column's equal values merged into cells
//! spanning rows) are compared on their full grid: every row is expanded to
//! one cell per column, rows are matched and their cells diffed as in any
//! table, then the merged cells are rebuilt over the marked rows. A group
//! keeps its one merged cell whatever happens to its other cells; a changed
//! group label is one word-level change in that cell.

use super::Stats;
use super::align::{Step, align, by_position};
use super::words::diff_inlines;
use crate::model::{Cell, Revision, Row, Table, plain_text};
use std::borrow::Cow;

/// The new table with its differences from the old marked, or `None` when
/// the tables cannot be compared cell by cell (other columns, cells
/// spanning columns).
pub fn diff_table(old: &Table, new: &Table, stats: &mut Stats) -> Option<Table> {
    let width = new.columns.len();
    if old.columns.len() != width {
        return None;
    }
    let mut merged = Vec::new();
    let old_header = expand(&old.header, width, &mut merged)?;
    let new_header = expand(&new.header, width, &mut merged)?;
    let old_rows = expand(&old.rows, width, &mut merged)?;
    let new_rows = expand(&new.rows, width, &mut merged)?;
    let before = *stats;
    // The rows are rebuilt below: not copied.
    let mut table = Table {
        id: new.id.clone(),
        caption: new.caption.clone(),
        columns: new.columns.clone(),
        header: Vec::new(),
        rows: Vec::new(),
        key_column: new.key_column,
        provenance: new.provenance.clone(),
    };
    if let (Some(a), Some(b)) = (&old.caption, &new.caption) {
        let (content, c) = diff_inlines(a, b);
        stats.add(c);
        table.caption = Some(content);
    }
    table.header = diff_rows(&old_header, &new_header, None, stats);
    let key = match (old.key_column, new.key_column) {
        (Some(a), Some(b)) if a == b => Some(a),
        _ => None,
    };
    table.rows = diff_rows(&old_rows, &new_rows, key, stats);
    // From the last column, so that earlier indices stay valid.
    merged.sort_unstable_by(|a, b| b.cmp(a));
    for col in merged {
        merge(&mut table.header, col);
        merge(&mut table.rows, col);
    }
    if *stats != before {
        stats.tables_changed += 1;
    }
    Some(table)
}

/// Rows with one cell per column: a cell covered by one spanning down from
/// an earlier row becomes a copy of its content (its sources stay with the
/// spanning cell, which lists those of the whole group); the columns where cells span rows
/// are added to `merged`. `None` when a cell spans columns or a row does
/// not fill the grid.
fn expand<'a>(rows: &'a [Row], width: usize, merged: &mut Vec<usize>) -> Option<Cow<'a, [Row]>> {
    // Already a full grid (most tables): used as it is.
    let plain = |c: &Cell| c.row_span == 1 && c.col_span == 1;
    if rows
        .iter()
        .all(|r| r.cells.len() == width && r.cells.iter().all(plain))
    {
        return Some(Cow::Borrowed(rows));
    }
    let mut above: Vec<(u32, Option<&Cell>)> = vec![(0, None); width];
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let mut own = row.cells.iter();
        let mut cells = Vec::with_capacity(width);
        for (col, slot) in above.iter_mut().enumerate() {
            let cell = match slot {
                (n, Some(cell)) if *n > 0 => {
                    *n -= 1;
                    cells.push(Cell::new(cell.content.clone(), Default::default()));
                    continue;
                }
                _ => {
                    let cell = own.next()?;
                    if cell.col_span != 1 {
                        return None;
                    }
                    if cell.row_span > 1 && !merged.contains(&col) {
                        merged.push(col);
                    }
                    *slot = (cell.row_span.max(1) - 1, Some(cell));
                    cell
                }
            };
            cells.push(Cell {
                row_span: 1,
                ..cell.clone()
            });
        }
        if own.next().is_some() {
            return None;
        }
        out.push(Row {
            cells,
            revision: row.revision,
        });
    }
    Some(Cow::Owned(out))
}

/// Merges runs of equal cells in column `col` of full-grid rows into one
/// cell spanning them. A run starts at a row both versions have, or only
/// holds rows of the same revision: the merged cell's text lives in its
/// first row, which accepting or rejecting must not take away from the
/// rows it covers.
fn merge(rows: &mut [Row], col: usize) {
    crate::model::merge_column_runs(rows, col, |first, row| {
        (first.revision.is_none() || row.revision == first.revision)
            && row.cells.get(col).map(|c| &c.content) == first.cells.get(col).map(|c| &c.content)
    });
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
