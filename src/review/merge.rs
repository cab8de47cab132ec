//! An existing resolution matrix, read back before it is written again, so
//! that the decisions and responses the author typed in it are kept (matched
//! by the rows' stable identifiers, see [`super::matrix::row_ids`]).

use super::matrix::{DECISION, FOLLOW_UP, HEADERS, ID, REPLACEMENT, RESPONSE, Row};
use super::output::Format;
use crate::diag::{Diagnostic, Result};
use calamine::{Reader, Xlsx};
use std::collections::HashMap;
use std::path::Path;

/// Largest matrix read back (a matrix of 100 000 comments is about 10 Mo).
const MAX_BYTES: u64 = 256 << 20;
/// Most rows read back.
const MAX_ROWS: usize = 2_000_000;

/// The rows of the previous matrix, by identifier.
#[derive(Debug, Default)]
pub struct Previous {
    rows: Vec<Row>,
    by_id: HashMap<String, usize>,
    has_ids: bool,
    /// For each row, its line in the sheet (1 for the first line under
    /// the headers' line 0) and the column of each header (by [`HEADERS`]
    /// index) where there is one.
    lines: Vec<usize>,
    columns: Vec<Option<usize>>,
}

/// What the author typed in a row of the previous matrix, and whether
/// `trame apply` treated it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Typed<'a> {
    pub decision: &'a str,
    pub response: &'a str,
    pub replacement: &'a str,
    /// The « Suivi » `trame apply` wrote (« appliquée … »), else empty.
    pub treated: &'a str,
}

impl Previous {
    /// What was typed for `id`; `None` for a row the previous matrix did
    /// not have.
    pub fn typed(&self, id: &str) -> Option<Typed<'_>> {
        self.by_id.get(id).map(|&i| {
            let row = &self.rows[i];
            let follow_up = row[FOLLOW_UP].as_str();
            Typed {
                decision: row[DECISION].as_str(),
                response: row[RESPONSE].as_str(),
                replacement: row[REPLACEMENT].as_str(),
                treated: if crate::apply::is_treated(follow_up) {
                    follow_up
                } else {
                    ""
                },
            }
        })
    }

    /// Every row read, in the order of the file.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// Rows whose identifier is not among `ids` but which hold a typed
    /// decision or response (dropping them would lose the author's work).
    pub fn gone(&self, ids: &[String]) -> Vec<Row> {
        let now: std::collections::HashSet<&str> = ids.iter().map(String::as_str).collect();
        self.rows
            .iter()
            .filter(|r| !now.contains(r[ID].as_str()))
            .filter(|r| !r[DECISION].trim().is_empty() || !r[RESPONSE].trim().is_empty())
            .cloned()
            .collect()
    }

    /// The sheet line (0 = headers) of row `i`.
    pub fn line(&self, i: usize) -> usize {
        self.lines[i]
    }

    /// The sheet column of a [`HEADERS`] column, when the file has it.
    pub fn column(&self, header: usize) -> Option<usize> {
        self.columns.get(header).copied().flatten()
    }

    /// Whether the file has the « Identifiant » column.
    pub fn has_ids(&self) -> bool {
        self.has_ids
    }

    /// How many rows hold a typed decision or response.
    pub fn typed_count(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| !r[DECISION].trim().is_empty() || !r[RESPONSE].trim().is_empty())
            .count()
    }
}

/// What was found at the matrix path before writing.
#[derive(Debug)]
pub enum Existing {
    /// No matrix yet.
    None,
    /// A matrix whose rows can be matched.
    Matched(Previous),
    /// A matrix without identifiers (older trame) holding typed decisions:
    /// copied aside to this path, since its rows cannot be matched.
    KeptAside(String),
}

/// Reads the matrix at `output` (relative to `root`), if there is one. A
/// matrix that cannot be read is refused: it may hold the author's decisions.
pub fn read(root: &Path, output: &str, format: Format) -> Result<Existing> {
    let refuse = |why: String| {
        Diagnostic::file(
            output,
            format!(
                "la matrice existante est illisible ({why}) ; elle peut contenir vos décisions, \
elle n'a donc pas été remplacée : renommez-la, ou choisissez un autre chemin avec --sortie"
            ),
        )
    };
    let previous = match read_rows(&root.join(output), format).map_err(refuse)? {
        None => return Ok(Existing::None),
        Some(p) => p,
    };
    if !previous.has_ids {
        if previous.typed_count() == 0 {
            return Ok(Existing::None);
        }
        return keep_aside(root, output).map(Existing::KeptAside);
    }
    Ok(Existing::Matched(previous))
}

/// The rows of the matrix at `path`, columns found by their headers
/// wherever the author moved them; `None` when there is no file, else the
/// reason (in French) it cannot be read. Identifiers are indexed (the first
/// row wins).
pub fn read_rows(path: &Path, format: Format) -> std::result::Result<Option<Previous>, String> {
    let Ok(meta) = std::fs::metadata(path) else {
        return Ok(None);
    };
    if meta.len() > MAX_BYTES {
        return Err(format!("plus de {}", crate::files::human_bytes(MAX_BYTES)));
    }
    let grid = match format {
        Format::Csv => read_csv(path),
        Format::Xlsx => read_xlsx(path),
    }?;
    let mut lines = grid.into_iter();
    let header = lines.next().unwrap_or_default();
    let column = |name: &str| header.iter().position(|h| h.trim() == name);
    let columns: Vec<Option<usize>> = HEADERS.iter().map(|h| column(h)).collect();
    let mut previous = Previous {
        columns: columns.clone(),
        ..Previous::default()
    };
    let mut positions = Vec::new();
    for (at, line) in lines.enumerate() {
        let row: Row = std::array::from_fn(|c| {
            columns[c]
                .and_then(|i| line.get(i))
                .cloned()
                .unwrap_or_default()
        });
        if row.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        previous.rows.push(row);
        positions.push(at + 1);
    }
    previous.has_ids = columns[ID].is_some();
    previous.lines = positions;
    for (i, row) in previous.rows.iter().enumerate() {
        previous
            .by_id
            .entry(row[ID].trim().to_string())
            .or_insert(i);
    }
    Ok(Some(previous))
}

/// Copies a matrix whose rows cannot be matched beside itself.
fn keep_aside(root: &Path, output: &str) -> Result<String> {
    let path = root.join(output);
    let when = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .map(chrono::DateTime::<chrono::Local>::from)
        .map(|t| t.naive_local())
        .unwrap_or_default();
    let aside = crate::files::aside_path(Path::new(output), when);
    std::fs::copy(&path, root.join(&aside)).map_err(|e| {
        Diagnostic::file(
            output,
            format!(
                "copie de sauvegarde de la matrice existante impossible ({}) ; elle n'a pas été remplacée",
                crate::io_reason(&e)
            ),
        )
    })?;
    Ok(aside.to_string_lossy().replace('\\', "/"))
}

fn read_csv(path: &Path) -> std::result::Result<Vec<Vec<String>>, String> {
    let bytes = std::fs::read(path).map_err(|e| crate::io_reason(&e))?;
    let bytes = bytes.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(&bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut out = Vec::new();
    for record in reader.records().take(MAX_ROWS) {
        let record = record.map_err(|e| crate::data::csv_reason(&e))?;
        out.push(record.iter().map(str::to_string).collect());
    }
    Ok(out)
}

fn read_xlsx(path: &Path) -> std::result::Result<Vec<Vec<String>>, String> {
    let reason = |e: calamine::XlsxError| crate::data::xlsx_reason(&e);
    let file = std::fs::File::open(path).map_err(|e| crate::io_reason(&e))?;
    let mut workbook: Xlsx<_> = Xlsx::new(std::io::BufReader::new(file)).map_err(reason)?;
    let sheet = workbook
        .sheet_names()
        .into_iter()
        .find(|s| s == "Matrice")
        .ok_or_else(|| "feuille « Matrice » introuvable".to_string())?;
    let mut cells = workbook.worksheet_cells_reader(&sheet).map_err(reason)?;
    let mut out: Vec<Vec<String>> = Vec::new();
    while let Some(cell) = cells.next_cell().map_err(reason)? {
        let (row, col) = cell.get_position();
        let (row, col) = (row as usize, col as usize);
        if row >= MAX_ROWS || col >= 64 {
            continue;
        }
        if out.len() <= row {
            out.resize(row + 1, Vec::new());
        }
        let line = &mut out[row];
        if line.len() <= col {
            line.resize(col + 1, String::new());
        }
        line[col] = calamine::Data::from(cell.get_value().clone()).to_string();
    }
    Ok(out)
}
