//! The project's sources as `trame apply` reads and changes them: each file
//! read once (only declared sources and blueprints), its changed bytes kept
//! in memory until everything is checked, and compared with the checksums
//! the delivery recorded.

use super::value::{CellValue, NewValue};
use crate::diag::{Diagnostic, Problems, Result};
use crate::model::CellRef;
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

/// Largest source file changed (the data file limit).
const MAX_SOURCE_BYTES: u64 = 512 << 20;

/// The delivery the reviewed files came from: its label, and the SHA-256
/// of each source file then.
#[derive(Debug, Clone, Default)]
pub struct Baseline {
    pub label: String,
    pub sums: BTreeMap<String, String>,
}

pub struct Sources {
    root: PathBuf,
    declared: HashSet<String>,
    /// Per file: the bytes read, and the bytes as they would be written.
    files: BTreeMap<String, (Vec<u8>, Vec<u8>)>,
    /// Workbooks (xlsx) opened once, their cells written at [`Sources::finish`].
    books: BTreeMap<String, super::xlsx::Book>,
    baseline: Option<Baseline>,
}

impl Sources {
    pub fn new(root: PathBuf, declared: HashSet<String>, baseline: Option<Baseline>) -> Self {
        Sources {
            root,
            declared,
            files: BTreeMap::new(),
            books: BTreeMap::new(),
            baseline,
        }
    }

    /// Whether `file` is a source declared in trame.yaml or a blueprint.
    pub fn known(&self, file: &str) -> bool {
        let safe = std::path::Path::new(file)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        safe && (self.declared.contains(file) || file.starts_with("blueprints/"))
    }

    pub fn baseline(&self) -> Option<&Baseline> {
        self.baseline.as_ref()
    }

    fn bytes(&mut self, file: &str) -> Result<&[u8]> {
        if !self.files.contains_key(file) {
            let bytes = crate::files::read_input(&self.root, file, "source", MAX_SOURCE_BYTES)?;
            self.files.insert(file.to_string(), (bytes.clone(), bytes));
        }
        Ok(&self.files[file].1)
    }

    /// The text of a blueprint, as it would be written.
    pub fn text(&mut self, file: &str) -> Result<String> {
        let bytes = self.bytes(file)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| {
            Problems::one(Diagnostic::file(
                file,
                "modèle illisible (texte non encodé en UTF-8)",
            ))
        })
    }

    pub fn write_text(&mut self, file: &str, text: String) {
        if let Some(entry) = self.files.get_mut(file) {
            entry.1 = text.into_bytes();
        }
    }

    fn book(&mut self, file: &str) -> Result<&mut super::xlsx::Book> {
        let bytes = match self.books.contains_key(file) {
            true => Vec::new(),
            false => self.bytes(file)?.to_vec(),
        };
        Ok(self
            .books
            .entry(file.to_string())
            .or_insert_with(|| super::xlsx::Book::open(bytes)))
    }

    /// Writes the cells kept for each workbook into its bytes.
    pub fn finish(&mut self) -> Result<()> {
        for (file, book) in std::mem::take(&mut self.books) {
            let bytes = book
                .finish()
                .map_err(|why| Problems::one(Diagnostic::file(file.clone(), why)))?;
            if let Some(entry) = self.files.get_mut(&file) {
                entry.1 = bytes;
            }
        }
        Ok(())
    }

    /// The current value of a workbook cell; `None` when it is empty.
    pub fn cell(&mut self, cell: &CellRef) -> Result<Option<CellValue>> {
        let format = Format::of(&cell.file)?;
        let unreadable = |why: String| Problems::one(Diagnostic::file(cell.file.to_string(), why));
        let value = match format {
            Format::Xlsx => self
                .book(&cell.file)?
                .read_cell(&cell.sheet, &cell.cell.to_string())
                .map_err(unreadable)?,
            Format::Ods => {
                let bytes = self.bytes(&cell.file)?;
                super::ods::read_cell(bytes, &cell.sheet, &cell.cell.to_string())
                    .map_err(unreadable)?
            }
            Format::Csv => {
                let bytes = self.bytes(&cell.file)?;
                let (row, col) = (cell.cell.row as usize, cell.cell.col as usize);
                super::csv_cell::read_field(bytes, row, col).map(|text| CellValue {
                    text,
                    number: false,
                    formula: false,
                })
            }
        };
        Ok(value.filter(|v| !v.text.is_empty() || v.formula))
    }

    /// Writes `value` into `cell` (in memory; workbooks at [`Sources::finish`]).
    pub fn write_cell(&mut self, cell: &CellRef, value: &NewValue) -> Result<()> {
        let format = Format::of(&cell.file)?;
        let fail = |why: String| {
            Problems::one(Diagnostic::new(
                crate::diag::Location::Cell(cell.clone()),
                why,
            ))
        };
        let new = match format {
            Format::Xlsx => {
                return self
                    .book(&cell.file)?
                    .write_cell(&cell.sheet, &cell.cell.to_string(), value)
                    .map_err(fail);
            }
            Format::Ods => {
                let bytes = self.bytes(&cell.file)?;
                super::ods::write_cell(bytes, &cell.sheet, &cell.cell.to_string(), value)
                    .map_err(fail)?
            }
            Format::Csv => {
                let bytes = self.bytes(&cell.file)?;
                let (row, col) = (cell.cell.row as usize, cell.cell.col as usize);
                super::csv_cell::write_field(bytes, row, col, value.shown())
                    .ok_or_else(|| fail("champ introuvable dans le fichier CSV".into()))?
            }
        };
        if let Some(entry) = self.files.get_mut(&*cell.file) {
            entry.1 = new;
        }
        Ok(())
    }

    /// Whether `file` (as read) differs from the delivery's recorded copy.
    pub fn changed_since_delivery(&self, file: &str) -> bool {
        let (Some(base), Some((read, _))) = (&self.baseline, self.files.get(file)) else {
            return false;
        };
        base.sums
            .get(file)
            .is_some_and(|sum| *sum != crate::files::sha256_hex(read))
    }

    /// « modifié depuis la livraison v1 » when it was.
    pub fn delivery_note(&self, file: &str) -> Option<String> {
        let base = self.baseline.as_ref()?;
        self.changed_since_delivery(file)
            .then(|| format!("fichier modifié depuis la livraison {}", base.label))
    }

    /// The files that would change: (path, bytes read, bytes to write).
    pub fn changed(&self) -> Vec<(&str, &[u8], &[u8])> {
        self.files
            .iter()
            .filter(|(_, (read, now))| read != now)
            .map(|(f, (read, now))| (f.as_str(), read.as_slice(), now.as_slice()))
            .collect()
    }
}

/// The workbook formats a cell can be written in.
enum Format {
    Xlsx,
    Ods,
    Csv,
}

impl Format {
    fn of(file: &str) -> Result<Format> {
        let ext = std::path::Path::new(file)
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "xlsx" | "xlsm" => Ok(Format::Xlsx),
            "ods" => Ok(Format::Ods),
            "csv" | "txt" => Ok(Format::Csv),
            _ => Err(Problems::one(Diagnostic::file(
                file,
                "format de classeur que trame apply ne sait pas modifier (xlsx, ods ou csv seulement)",
            ))),
        }
    }
}
