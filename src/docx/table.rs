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
    /// following the length of the content, scaled to the available width.
    fn column_widths(&self, t: &Table, columns: usize, available: i64) -> Vec<i64> {
        let weights: Vec<f64> =
            if t.columns.len() == columns && t.columns.iter().all(|c| c.width.is_some()) {
                t.columns
                    .iter()
                    .map(|c| c.width.unwrap_or(1.0).max(0.01))
                    .collect()
            } else {
                let mut longest = vec![4usize; columns];
                for row in t.header.iter().chain(t.rows.iter().take(200)) {
                    for (i, cell) in row.cells.iter().enumerate().take(columns) {
                        if cell.col_span == 1 {
                            let len = plain_text(&cell.content)
                                .split('\n')
                                .map(|l| l.chars().count())
                                .max()
                                .unwrap_or(0);
                            longest[i] = longest[i].max(len.min(60));
                        }
                    }
                }
                longest.iter().map(|l| (*l as f64).sqrt()).collect()
            };
        let sum: f64 = weights.iter().sum();
        weights
            .iter()
            .map(|w| ((w / sum) * available as f64).round() as i64)
            .collect()
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
