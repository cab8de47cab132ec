//! Excel workbooks (.xlsx): the zip directory is checked first
//! ([`super::archive::inspect`]), then the sheet is streamed cell by cell
//! with calamine's cell reader into a sparse [`Grid`], never into a range
//! the size of the sheet's bounding box.

use super::archive::{self, Archive};
use super::grid::{Grid, GridBuilder};
use super::limits::MAX_XML_RUN_BYTES;
use super::messages::{self, xlsx_reason};
use crate::diag::{Diagnostic, Result};
use crate::project::Source;
use calamine::{Data, Reader, Xlsx};
use std::io::BufReader;
use std::path::Path;

/// Checks a zip archive is an Excel workbook, then reads its sheet.
pub fn read(path: &Path, archive: &Archive, source: &Source) -> Result<Grid> {
    let file = source.file.as_str();
    let at = |m: String| Diagnostic::file(file, m);
    scan_large_parts(path, archive, file)?;
    let reader = std::fs::File::open(path)
        .map_err(|e| at(format!("lecture impossible ({})", crate::io_reason(&e))))?;
    let mut workbook: Xlsx<_> =
        Xlsx::new(BufReader::new(reader)).map_err(|e| at(xlsx_reason(&e)))?;
    let names = workbook.sheet_names();
    let sheet = super::read::choose_sheet(file, source.sheet.as_deref(), &names)?;
    let mut builder = GridBuilder::new(file, &sheet);
    let place = builder.place(None);
    let in_sheet = |m: String| Diagnostic::new(place.clone(), m);
    let mut cells = workbook
        .worksheet_cells_reader(&sheet)
        .map_err(|e| in_sheet(xlsx_reason(&e)))?;
    builder.check_declared_rows(cells.dimensions().end.0)?;
    let mut uncached = Vec::new();
    loop {
        let cell = match cells.next_cell_with_formula_metadata() {
            Ok(Some(cell)) => cell,
            Ok(None) => break,
            Err(e) => return Err(in_sheet(xlsx_reason(&e)).into()),
        };
        let (row, col) = cell.pos;
        // A formula whose result the file does not hold (written by a
        // program that does not compute): its cell would read as empty.
        // (A formula giving an empty text has a cached empty string.)
        if cell.formula.is_some() && cell.value == calamine::DataRef::Empty {
            uncached.push((row, col));
        }
        builder.push(row, col, Data::from(cell.value))?;
    }
    if let Some(&(row, col)) = uncached.first() {
        return Err(uncached_formulas(&builder, row, col, uncached.len() - 1).into());
    }
    Ok(builder.finish())
}

/// The problem of formulas without a computed value: the first such cell,
/// and how many others.
fn uncached_formulas(builder: &GridBuilder, row: u32, col: u32, others: usize) -> Diagnostic {
    let others = match others {
        0 => String::new(),
        1 => " (et 1 autre cellule)".to_string(),
        n => format!(" (et {n} autres cellules)"),
    };
    Diagnostic::new(
        builder.cell_place(row, col),
        format!("formule sans valeur calculée{others} : le classeur a été écrit par un programme qui ne calcule pas les formules"),
    )
    .with_hint(Some(
        "ouvrez et enregistrez le classeur dans Excel ou LibreOffice, puis relancez".into(),
    ))
}

/// Unpacks, without keeping them, the XML parts large enough to hold a text
/// longer than the limit, so that calamine never buffers one.
fn scan_large_parts(path: &Path, archive: &Archive, file: &str) -> Result<()> {
    for entry in &archive.entries {
        let xml = entry.name.ends_with(".xml") || entry.name.ends_with(".rels");
        if xml && entry.size > MAX_XML_RUN_BYTES {
            archive::scan_part(path, file, &entry.name)?;
        }
    }
    Ok(())
}

/// The message for a zip archive that is not an xlsx workbook.
pub fn not_xlsx(archive: &Archive) -> &'static str {
    if archive.has("xl/workbook.bin") {
        "classeur Excel binaire (.xlsb) non pris en charge : enregistrez-le au format .xlsx"
    } else if archive.has("word/document.xml") || archive.has("ppt/presentation.xml") {
        "ce fichier est un document Word ou PowerPoint, pas un classeur"
    } else {
        messages::NOT_A_WORKBOOK
    }
}
