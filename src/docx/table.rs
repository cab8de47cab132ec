//! Tables: widths, header rows repeated on each page, merged cells, banding,
//! and a numbered caption above (`Tableau N : …` with a SEQ field).

use super::body::{Body, Ctx};
use super::inline::RunProps;
use super::paragraph::PPr;
use crate::model::{Align, Table, plain_text};
use std::fmt::Write;

/// How much of a top-level table is held before it goes to the sink.
const SPILL_BYTES: usize = 1 << 20;

impl Body<'_> {
    pub fn table(&mut self, t: &Table, ctx: Ctx) -> String {
        // Rows of a top-level table go to the document part as they come.
        let spill = std::mem::take(&mut self.spill_table);
        let mut out = String::new();
        if t.caption.is_none() {
            out += &self.break_paragraph();
        }
        if let Some(caption) = &t.caption {
            self.tables_written += 1;
            let entry = self.outline.tables[self.tables_written - 1].clone();
            out += &self.caption("Tableau", &entry, t.id.as_deref(), caption);
        }
        let columns = t.columns.len().max(
            t.header
                .iter()
                .chain(&t.rows)
                .map(|r| r.cells.iter().map(|c| c.col_span as usize).sum())
                .max()
                .unwrap_or(0),
        );
        if columns == 0 {
            return out;
        }
        let widths = self.column_widths(t, columns, ctx.width);
        let total: i64 = widths.iter().sum();
        out += &format!(
            "<w:tbl><w:tblPr><w:tblStyle w:val=\"TrameTable\"/><w:tblW w:w=\"{total}\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/>\
<w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>"
        );
        for w in &widths {
            out += &format!("<w:gridCol w:w=\"{w}\"/>");
        }
        out += "</w:tblGrid>";
        let mut pending = vec![(0u32, 1u32); columns];
        for row in &t.header {
            out += &self.row(t, row, &widths, &mut pending, RowKind::Header);
        }
        for (i, row) in t.rows.iter().enumerate() {
            let kind = if i % 2 == 1 {
                RowKind::Band
            } else {
                RowKind::Plain
            };
            out += &self.row(t, row, &widths, &mut pending, kind);
            if spill && out.len() >= SPILL_BYTES {
                self.spill(&mut out);
            }
        }
        out += "</w:tbl>";
        out += &self.spacer(ctx);
        out
    }

    fn row(
        &mut self,
        t: &Table,
        row: &crate::model::Row,
        widths: &[i64],
        pending: &mut [(u32, u32)],
        kind: RowKind,
    ) -> String {
        let header = kind == RowKind::Header;
        let fill = match kind {
            RowKind::Header => Some(self.style.table.header_fill.clone()),
            RowKind::Band if !self.style.table.band_fill.is_empty() => {
                Some(self.style.table.band_fill.clone())
            }
            _ => None,
        };
        let outer = self.tracker.enter(row.revision);
        let mut out = String::from("<w:tr><w:trPr><w:cantSplit/>");
        if header {
            out += "<w:tblHeader/>";
        }
        if let Some(mark) = self.tracker.row_mark() {
            out += &mark;
        }
        out += "</w:trPr>";
        let mut cells = row.cells.iter();
        let mut col = 0;
        while col < widths.len() {
            let (remaining, span) = pending[col];
            if remaining > 0 {
                // Covered by a cell spanning down from an earlier row.
                pending[col].0 -= 1;
                let w: i64 = widths[col..(col + span as usize).min(widths.len())]
                    .iter()
                    .sum();
                let (empty, _) = self.paragraph_with_text(PPr::default(), |_, _| {});
                out += &format!(
                    "<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/>{}<w:vMerge/>{}</w:tcPr>{empty}</w:tc>",
                    grid_span(span),
                    shading(&fill)
                );
                col += span as usize;
                continue;
            }
            let (content, row_span, col_span) = match cells.next() {
                Some(c) => (Some(c), c.row_span.max(1), c.col_span.max(1)),
                None => (None, 1, 1),
            };
            let col_span = col_span.min((widths.len() - col) as u32);
            let w: i64 = widths[col..col + col_span as usize].iter().sum();
            let (merge, valign) = if row_span > 1 {
                pending[col] = (row_span - 1, col_span);
                (
                    "<w:vMerge w:val=\"restart\"/>",
                    "<w:vAlign w:val=\"center\"/>",
                )
            } else {
                ("", "")
            };
            let mut ppr = PPr::style(if header { "TableHeading" } else { "TableText" });
            ppr.jc = match t.columns.get(col).map(|c| c.align) {
                Some(Align::Center) => Some("center"),
                Some(Align::Right) if !header => Some("right"),
                _ => None,
            };
            let (cell_paragraph, text) = self.paragraph_with_text(ppr, |b, r| {
                if let Some(c) = content {
                    b.runs(r, &c.content, RunProps::default());
                }
            });
            if let Some(c) = content {
                self.record_table_cell(c, text);
            }
            let _ = write!(
                out,
                "<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/>{}{merge}{}{valign}</w:tcPr>{cell_paragraph}</w:tc>",
                grid_span(col_span),
                shading(&fill),
            );
            col += col_span as usize;
        }
        self.tracker.leave(outer);
        out + "</w:tr>"
    }

    /// Column widths in twips: the blueprint's relative widths, or widths
    /// following the length of the content, scaled to the available width;
    /// each column at least as wide as its longest word (style permitting).
    fn column_widths(&self, t: &Table, columns: usize, available: i64) -> Vec<i64> {
        let mut longest_line = vec![4usize; columns];
        let mut longest_word = vec![0usize; columns];
        for (col, cell) in grid_cells(t.header.iter().chain(t.rows.iter().take(500)), columns) {
            if cell.col_span > 1 {
                continue;
            }
            let text = plain_text(&cell.content);
            for line in text.split('\n') {
                longest_line[col] = longest_line[col].max(line.chars().count().min(60));
            }
            for word in text.split(|c: char| c.is_whitespace() && c != '\u{a0}' && c != '\u{202f}')
            {
                longest_word[col] = longest_word[col].max(word.chars().count());
            }
        }
        let weights: Vec<f64> =
            if t.columns.len() == columns && t.columns.iter().all(|c| c.width.is_some()) {
                t.columns
                    .iter()
                    .map(|c| c.width.unwrap_or(1.0).max(0.01))
                    .collect()
            } else {
                longest_line.iter().map(|l| (*l as f64).sqrt()).collect()
            };
        let minimums: Vec<i64> = if self.style.layout.min_width_longest_word {
            longest_word
                .iter()
                .map(|&n| word_width(n, self.style.table.size))
                .collect()
        } else {
            vec![0; columns]
        };
        distribute(&weights, &minimums, available)
    }
}

/// Each cell of `rows` with the grid column it starts in: a row lacks the
/// cells covered by cells spanning down from the rows above (merged groups).
fn grid_cells<'r>(
    rows: impl Iterator<Item = &'r crate::model::Row>,
    columns: usize,
) -> Vec<(usize, &'r crate::model::Cell)> {
    let mut covered = vec![0u32; columns];
    let mut out = Vec::new();
    for row in rows {
        let mut col = 0;
        for cell in &row.cells {
            while col < columns && covered[col] > 0 {
                covered[col] -= 1;
                col += 1;
            }
            if col >= columns {
                break;
            }
            out.push((col, cell));
            let span = (cell.col_span.max(1) as usize).min(columns - col);
            for c in &mut covered[col..col + span] {
                *c = cell.row_span.max(1) - 1;
            }
            col += span;
        }
        for c in &mut covered[col.min(columns)..] {
            *c = c.saturating_sub(1);
        }
    }
    out
}

/// Cell margins, left and right together, in twips (Word's default 0.19 cm each).
const CELL_PADDING: i64 = 216;

/// The width in twips a word of `chars` characters needs in a cell at
/// `size` points: an average character of the table fonts is taken as
/// 0.55 em (bold headings and capitals included), plus the cell margins.
fn word_width(chars: usize, size: f64) -> i64 {
    if chars == 0 {
        return 0;
    }
    (chars as f64 * size * 20.0 * 0.55).ceil() as i64 + CELL_PADDING
}

/// Splits `available` twips in proportion to `weights`, raising each column
/// to its minimum and taking the difference from the others in proportion;
/// when the minimums alone exceed the width, they share it in proportion.
pub fn distribute(weights: &[f64], minimums: &[i64], available: i64) -> Vec<i64> {
    let n = weights.len();
    let needed: i64 = minimums.iter().sum();
    if needed >= available {
        let sum = needed.max(1) as f64;
        return minimums
            .iter()
            .map(|m| ((*m as f64 / sum) * available as f64).round() as i64)
            .collect();
    }
    let mut fixed = vec![false; n];
    loop {
        let free_width = available
            - (0..n)
                .filter(|&i| fixed[i])
                .map(|i| minimums[i])
                .sum::<i64>();
        let free_weight: f64 = (0..n).filter(|&i| !fixed[i]).map(|i| weights[i]).sum();
        let widths: Vec<i64> = (0..n)
            .map(|i| {
                if fixed[i] {
                    minimums[i]
                } else {
                    ((weights[i] / free_weight) * free_width as f64).round() as i64
                }
            })
            .collect();
        let short: Vec<usize> = (0..n)
            .filter(|&i| !fixed[i] && widths[i] < minimums[i])
            .collect();
        if short.is_empty() {
            return widths;
        }
        for i in short {
            fixed[i] = true;
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowKind {
    Header,
    Plain,
    Band,
}

fn grid_span(span: u32) -> String {
    if span > 1 {
        format!("<w:gridSpan w:val=\"{span}\"/>")
    } else {
        String::new()
    }
}

fn shading(fill: &Option<String>) -> String {
    match fill {
        Some(f) => format!("<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{f}\"/>"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_column_gets_room_for_its_longest_word_from_the_others() {
        // Proportional widths would give the first column 1 000 twips.
        let widths = distribute(&[1.0, 4.0, 4.0], &[1500, 0, 0], 9000);
        assert_eq!(widths, vec![1500, 3750, 3750]);
        assert_eq!(distribute(&[1.0, 1.0], &[0, 0], 9000), vec![4500, 4500]);
        // Minimums wider than the page share it.
        assert_eq!(
            distribute(&[1.0, 1.0], &[6000, 3000], 9000),
            vec![6000, 3000]
        );
        assert_eq!(
            distribute(&[1.0, 1.0], &[8000, 4000], 9000),
            vec![6000, 3000]
        );
    }

    #[test]
    fn cells_below_a_merged_cell_are_counted_in_their_own_column() {
        use crate::model::{Cell, Inline, Row};
        let cell = |t: &str, rows: u32| Cell {
            content: vec![Inline::Text(t.into())],
            row_span: rows,
            col_span: 1,
            provenance: Default::default(),
        };
        let rows = [
            Row::new(vec![cell("Session", 2), cell("a", 1), cell("2019", 1)]),
            Row::new(vec![cell("b", 1), cell("2020", 1)]),
            Row::new(vec![cell("Support", 1), cell("c", 1), cell("2021", 1)]),
        ];
        let found: Vec<(usize, String)> = grid_cells(rows.iter(), 3)
            .into_iter()
            .map(|(col, c)| (col, plain_text(&c.content)))
            .collect();
        let cols: Vec<usize> = found.iter().map(|(c, _)| *c).collect();
        assert_eq!(cols, vec![0, 1, 2, 1, 2, 0, 1, 2], "{found:?}");
    }

    #[test]
    fn a_long_word_needs_more_room_than_a_short_one() {
        let international = word_width("Internationale".len(), 9.5);
        assert!(international > word_width(4, 9.5));
        // About 2.6 cm at 9.5 points: a column narrower than that breaks it.
        assert!((1300..1800).contains(&international), "{international}");
        assert_eq!(word_width(0, 9.5), 0);
    }
}
