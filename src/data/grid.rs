//! The raw cells of one sheet, stored sparsely: only rows that hold a value,
//! and in them only the non-empty cells, so a sheet costs what it holds and
//! not its dimensions. [`GridBuilder`] enforces the limits of
//! [`super::limits`] as cells arrive, before they are stored.

use super::limits::{MAX_CELL_CHARS, MAX_CELLS, MAX_ROWS, MAX_TEXT_BYTES, count};
use crate::diag::{Diagnostic, Location, Result};
use crate::model::CellRef;
use calamine::Data;

/// One stored row: its zero-based sheet row and its cells by zero-based
/// column, in column order.
#[derive(Debug, Clone, PartialEq)]
pub struct GridRow {
    pub row: u32,
    pub cells: Vec<(u32, Data)>,
}

impl GridRow {
    /// The cell at a column (empty when absent).
    pub fn get(&self, col: u32) -> &Data {
        static EMPTY: Data = Data::Empty;
        match self.cells.binary_search_by_key(&col, |(c, _)| *c) {
            Ok(i) => &self.cells[i].1,
            Err(_) => &EMPTY,
        }
    }

    /// Takes the cell at a column out of the row.
    pub fn take(&mut self, col: u32) -> Data {
        match self.cells.binary_search_by_key(&col, |(c, _)| *c) {
            Ok(i) => std::mem::replace(&mut self.cells[i].1, Data::Empty),
            Err(_) => Data::Empty,
        }
    }
}

/// The non-empty cells of a sheet, by row.
#[derive(Debug)]
pub struct Grid {
    /// The sheet name actually read (empty for CSV).
    pub sheet: String,
    rows: Vec<GridRow>,
}

impl Grid {
    /// The stored row at a zero-based sheet row, if it holds any value.
    pub fn row(&self, row: u32) -> Option<&GridRow> {
        self.rows
            .binary_search_by_key(&row, |r| r.row)
            .ok()
            .map(|i| &self.rows[i])
    }

    /// The stored rows, in sheet order, given up one at a time so that their
    /// memory is freed as they are converted.
    pub fn into_rows(self) -> impl Iterator<Item = GridRow> {
        self.rows.into_iter()
    }
}

/// Collects cells in any order, refusing a sheet beyond the limits.
pub struct GridBuilder {
    file: String,
    sheet: String,
    rows: Vec<GridRow>,
    cells: usize,
    text_bytes: usize,
    sorted: bool,
}

impl GridBuilder {
    pub fn new(file: &str, sheet: &str) -> Self {
        GridBuilder {
            file: file.to_string(),
            sheet: sheet.to_string(),
            rows: Vec::new(),
            cells: 0,
            text_bytes: 0,
            sorted: true,
        }
    }

    /// The place of the sheet (or one of its rows), for messages.
    pub fn place(&self, row: Option<u32>) -> Location {
        Location::Sheet {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            row,
        }
    }

    /// The place of one cell (zero-based), for messages.
    pub fn cell_place(&self, row: u32, col: u32) -> Location {
        Location::Cell(CellRef::at(
            &self.file,
            &self.sheet,
            row as usize,
            col as usize,
        ))
    }

    /// The refusal of a sheet with more cells than the limit.
    pub fn overflow(&self) -> Diagnostic {
        Diagnostic::new(
            self.place(None),
            format!(
                "plus de {} cellules remplies dans la feuille : au-delà de la limite, rien n'a été lu ; répartissez les données sur plusieurs feuilles ou fichiers",
                count(MAX_CELLS as u64)
            ),
        )
    }

    /// Refuses, before they are made, `cells` more cells than the limit
    /// allows (a row repeated many times).
    pub fn reserve(&self, cells: u64) -> Result<()> {
        if (self.cells as u64).saturating_add(cells) > MAX_CELLS as u64 {
            return Err(self.overflow().into());
        }
        Ok(())
    }

    /// Refuses a sheet whose declared last row (zero-based) is beyond the
    /// row limit, before any cell is read.
    pub fn check_declared_rows(&self, last_row: u32) -> Result<()> {
        if last_row >= MAX_ROWS {
            return Err(self.too_many_rows(last_row).into());
        }
        Ok(())
    }

    fn too_many_rows(&self, last_row: u32) -> Diagnostic {
        Diagnostic::new(
            self.place(None),
            format!(
                "la feuille annonce {} lignes, au-delà de la limite de {} (celle d'Excel) : rien n'a été lu",
                count(u64::from(last_row) + 1),
                count(u64::from(MAX_ROWS))
            ),
        )
    }

    /// Adds one cell (zero-based position); empty cells are not stored.
    pub fn push(&mut self, row: u32, col: u32, value: Data) -> Result<()> {
        if row >= MAX_ROWS {
            return Err(self.too_many_rows(row).into());
        }
        if matches!(value, Data::Empty) {
            return Ok(());
        }
        if let Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) = &value {
            check_text_length(s, || self.cell_place(row, col))?;
            self.text_bytes += s.len();
            if self.text_bytes > MAX_TEXT_BYTES {
                return Err(Diagnostic::new(
                    self.place(None),
                    format!(
                        "plus de {} de texte dans la feuille : au-delà de la limite, rien n'a été lu ; répartissez les données sur plusieurs feuilles ou fichiers",
                        crate::files::human_bytes(MAX_TEXT_BYTES as u64)
                    ),
                )
                .into());
            }
        }
        self.cells += 1;
        if self.cells > MAX_CELLS {
            return Err(self.overflow().into());
        }
        match self.rows.last_mut() {
            Some(last) if last.row == row => {
                if last.cells.last().is_some_and(|(c, _)| *c >= col) {
                    self.sorted = false;
                }
                last.cells.push((col, value));
            }
            last => {
                if last.is_some_and(|l| l.row > row) {
                    self.sorted = false;
                }
                self.rows.push(GridRow {
                    row,
                    cells: vec![(col, value)],
                });
            }
        }
        Ok(())
    }

    /// The grid, rows and cells in sheet order (a later cell at the same
    /// position replaces an earlier one).
    pub fn finish(mut self) -> Grid {
        if !self.sorted {
            self.rows.sort_by_key(|r| r.row);
            let mut merged: Vec<GridRow> = Vec::with_capacity(self.rows.len());
            for row in self.rows {
                match merged.last_mut() {
                    Some(last) if last.row == row.row => last.cells.extend(row.cells),
                    _ => merged.push(row),
                }
            }
            for row in &mut merged {
                // Stable sort, then keep the last value of each column.
                row.cells.sort_by_key(|(c, _)| *c);
                let cells = std::mem::take(&mut row.cells);
                for cell in cells {
                    match row.cells.last_mut() {
                        Some(last) if last.0 == cell.0 => *last = cell,
                        _ => row.cells.push(cell),
                    }
                }
            }
            self.rows = merged;
        }
        Grid {
            sheet: self.sheet,
            rows: self.rows,
        }
    }
}

/// Refuses a text longer than a cell may hold, naming the place.
pub fn check_text_length(text: &str, place: impl FnOnce() -> Location) -> Result<()> {
    // Bytes bound characters from above: count only when it may matter.
    if text.len() > MAX_CELL_CHARS && text.chars().count() > MAX_CELL_CHARS {
        return Err(Diagnostic::new(
            place(),
            format!(
                "texte de {} caractères, au-delà de la limite de {} par cellule (celle d'Excel)",
                count(text.chars().count() as u64),
                count(MAX_CELL_CHARS as u64)
            ),
        )
        .into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparse_cells_cost_what_they_hold() {
        let mut b = GridBuilder::new("data/a.xlsx", "F");
        b.push(0, 0, Data::String("Code".into())).unwrap();
        b.push(1_048_575, 16_383, Data::Int(1)).unwrap();
        b.push(0, 1, Data::Empty).unwrap();
        let grid = b.finish();
        assert_eq!(grid.row(1_048_575).unwrap().get(16_383), &Data::Int(1));
        assert_eq!(grid.row(0).unwrap().cells.len(), 1);
        assert!(grid.row(5).is_none());
    }

    #[test]
    fn cells_out_of_order_are_sorted_and_the_last_wins() {
        let mut b = GridBuilder::new("a.csv", "");
        b.push(2, 1, Data::Int(1)).unwrap();
        b.push(0, 3, Data::Int(2)).unwrap();
        b.push(0, 1, Data::Int(3)).unwrap();
        b.push(0, 1, Data::Int(4)).unwrap();
        let rows: Vec<GridRow> = b.finish().into_rows().collect();
        assert_eq!(rows[0].cells, vec![(1, Data::Int(4)), (3, Data::Int(2))]);
        assert_eq!(rows[1].row, 2);
    }

    #[test]
    fn rows_beyond_the_limit_and_long_texts_are_refused() {
        let mut b = GridBuilder::new("data/a.xlsx", "F");
        let e = b.push(MAX_ROWS, 0, Data::Int(1)).unwrap_err();
        assert!(
            e.0[0].message.contains("au-delà de la limite de 1 048 576"),
            "{e}"
        );
        let long = "é".repeat(MAX_CELL_CHARS + 1);
        let e = b.push(1, 1, Data::String(long)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "data/a.xlsx, feuille « F », cellule B2 : texte de 32 768 caractères, au-delà de la limite de 32 767 par cellule (celle d'Excel)"
        );
    }
}
