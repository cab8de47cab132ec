//! Reading a source file into a sparse [`Grid`] of raw cells. The path is
//! confined to the project first ([`crate::files::resolve_input`]); the
//! format is told by the file's first bytes, not its name: a zip archive is
//! an xlsx or ods workbook, a Compound File an encrypted workbook or an
//! Excel 97-2003 one (refused: save as .xlsx), and a `.csv` file is text.

use super::archive::{self, Magic};
use super::grid::Grid;
use super::messages::{NOT_A_WORKBOOK, PASSWORD};
use super::{delimited, ods, xlsx};
use crate::diag::{Diagnostic, Result};
use crate::project::Source;
use std::path::Path;

/// Reads the sheet a source names (CSV files have one).
pub fn read_grid(root: &Path, source: &Source) -> Result<Grid> {
    let file = source.file.as_str();
    let at = |m: String| Diagnostic::file(file, m);
    let path = crate::files::resolve_input(root, file, "fichier de données")?;
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if is_csv {
        return delimited::read(&path, file);
    }
    let io = |e: std::io::Error| at(format!("lecture impossible ({})", crate::io_reason(&e)));
    super::limits::check_file_size(&path, file)?;
    match archive::sniff(&path).map_err(io)? {
        Magic::Zip => {
            // The directory decides the format; both formats' streamed parts
            // are allowed to be large.
            let found = archive::inspect(&path, file, |part| {
                part.starts_with("xl/worksheets/") || ods::streamed(part)
            })?;
            if ods::is_ods(&found) {
                ods::read(&path, source)
            } else if found.has("xl/workbook.xml") {
                xlsx::read(&path, &found, source)
            } else {
                Err(at(xlsx::not_xlsx(&found).into()).into())
            }
        }
        Magic::Cfb => {
            if archive::cfb_is_encrypted(&path).map_err(io)? {
                Err(at(PASSWORD.into()).into())
            } else {
                Err(at(
                    "classeur au format Excel 97-2003 (.xls) non pris en charge : enregistrez-le au format .xlsx"
                        .into(),
                )
                .into())
            }
        }
        Magic::Other => Err(at(NOT_A_WORKBOOK.into()).into()),
    }
}

/// The sheet to read: the one named, or the first; a missing name is
/// refused with the closest sheet name, or the list of sheets.
pub fn choose_sheet(file: &str, wanted: Option<&str>, names: &[String]) -> Result<String> {
    let sheet = match wanted {
        Some(s) => s.to_string(),
        None => match names.first() {
            Some(first) => first.clone(),
            None => return Err(Diagnostic::file(file, "aucune feuille dans ce classeur").into()),
        },
    };
    if names.contains(&sheet) {
        return Ok(sheet);
    }
    let hint = crate::diag::closest(&sheet, names.iter().map(String::as_str))
        .map(|n| format!("vouliez-vous dire « {n} » ?"))
        .or_else(|| Some(format!("feuilles présentes : {}", names.join(", "))));
    Err(
        Diagnostic::file(file, format!("feuille « {sheet} » introuvable"))
            .with_hint(hint)
            .into(),
    )
}
