//! Reading a source file into a grid of raw cells (calamine for workbooks,
//! the csv crate for CSV files).

use crate::diag::{Diagnostic, Location, Result};
use crate::project::Source;
use calamine::{Data, Reader, open_workbook_auto};
use std::path::Path;

/// The raw cells of one sheet, addressed by absolute zero-based positions.
pub struct Grid {
    /// Absolute position of the first cell.
    pub origin: (usize, usize),
    /// Cells by row, from `origin`: a workbook's range as calamine read it
    /// (not copied: sheets can be large), or the rows of a CSV file.
    cells: calamine::Range<Data>,
    /// The sheet name actually read (empty for CSV).
    pub sheet: String,
}

impl Grid {
    pub fn get(&self, row: usize, col: usize) -> &Data {
        static EMPTY: Data = Data::Empty;
        if row < self.origin.0 || col < self.origin.1 {
            return &EMPTY;
        }
        self.cells
            .get((row - self.origin.0, col - self.origin.1))
            .unwrap_or(&EMPTY)
    }

    /// One past the last absolute row.
    pub fn end_row(&self) -> usize {
        self.origin.0 + self.cells.height()
    }

    /// One past the last absolute column.
    pub fn end_col(&self) -> usize {
        self.origin.1 + self.cells.width()
    }
}

pub fn read_grid(root: &Path, source: &Source) -> Result<Grid> {
    let path = root.join(&source.file);
    if !path.is_file() {
        return Err(Diagnostic::file(&source.file, "fichier de données introuvable").into());
    }
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if is_csv {
        read_csv(&path, &source.file)
    } else {
        read_workbook(&path, source)
    }
}

fn read_workbook(path: &Path, source: &Source) -> Result<Grid> {
    let mut workbook = open_workbook_auto(path).map_err(|e| {
        Diagnostic::file(
            &source.file,
            format!("classeur illisible (xlsx, xls ou ods attendu) : {e}"),
        )
    })?;
    let names = workbook.sheet_names();
    let sheet = match &source.sheet {
        Some(s) => s.clone(),
        None => names.first().cloned().unwrap_or_default(),
    };
    if !names.contains(&sheet) {
        let hint = crate::diag::closest(&sheet, names.iter().map(String::as_str))
            .map(|n| format!("vouliez-vous dire « {n} » ?"))
            .or_else(|| Some(format!("feuilles présentes : {}", names.join(", "))));
        return Err(
            Diagnostic::file(&source.file, format!("feuille « {sheet} » introuvable"))
                .with_hint(hint)
                .into(),
        );
    }
    let range = workbook.worksheet_range(&sheet).map_err(|e| {
        Diagnostic::new(
            Location::Sheet {
                file: source.file.clone(),
                sheet: sheet.clone(),
                row: None,
            },
            format!("feuille illisible : {e}"),
        )
    })?;
    let origin = range
        .start()
        .map(|(r, c)| (r as usize, c as usize))
        .unwrap_or((0, 0));
    Ok(Grid {
        origin,
        cells: range,
        sheet,
    })
}

fn read_csv(path: &Path, file: &str) -> Result<Grid> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::file(
            file,
            format!("lecture impossible ({})", crate::io_reason(&e)),
        )
    })?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Diagnostic::file(file, "le fichier CSV doit être encodé en UTF-8"))?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    // French spreadsheets export CSV with semicolons; pick the separator the
    // first line uses most.
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut cells: Vec<Vec<Data>> = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            Diagnostic::new(
                Location::Sheet {
                    file: file.into(),
                    sheet: String::new(),
                    row: Some(i as u32 + 1),
                },
                format!("ligne CSV illisible : {e}"),
            )
        })?;
        cells.push(
            record
                .iter()
                .map(|v| {
                    if v.is_empty() {
                        Data::Empty
                    } else {
                        Data::String(v.to_string())
                    }
                })
                .collect(),
        );
    }
    let width = cells.iter().map(Vec::len).max().unwrap_or(0);
    let mut range = calamine::Range::new(
        (0, 0),
        (cells.len().max(1) as u32 - 1, width.max(1) as u32 - 1),
    );
    for (r, row) in cells.into_iter().enumerate() {
        for (c, value) in row.into_iter().enumerate() {
            range.set_value((r as u32, c as u32), value);
        }
    }
    Ok(Grid {
        origin: (0, 0),
        cells: range,
        sheet: String::new(),
    })
}
