//! Page numbers measured by LibreOffice: every document of a build is laid
//! out once, in one LibreOffice process, and the page of each heading and
//! caption bookmark is read back (see `pages.py`).

use super::bounded::Stopped;
use super::{EXPORT_SCRIPT, locate};
use std::collections::BTreeMap;
use std::process::Command;

/// The script that lays documents out and reports their bookmarks' pages.
const PAGES_SCRIPT: &str = include_str!("pages.py");

/// The environment variable that turns the measurement off (`0`), for
/// developers and for tests that do not look at page numbers.
pub const PAGINATION_VARIABLE: &str = "TRAME_PAGINATION";

/// Bookmarks measured: those of headings, tables and figures the writer
/// names for tables of contents and lists.
const PREFIX: &str = "_Toc_";

/// How long LibreOffice may take to lay out a build's documents. The
/// sample's four reports take about 10 s; documents too long to finish in
/// time are left out beforehand (see [`crate::pagination`]), so this only
/// stops a layout that hangs.
const LAYOUT_LIMIT: std::time::Duration = std::time::Duration::from_secs(240);

/// Whether page numbers are measured in this build, and why not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Availability {
    /// LibreOffice and a Python that drives it: the program and the Python.
    Ready {
        soffice: std::path::PathBuf,
        python: std::path::PathBuf,
    },
    /// Turned off with `TRAME_PAGINATION=0`.
    Off,
    /// Not installed here: the French reason, for the build summary.
    Missing(String),
}

/// Looks for what a measurement needs (once per build).
pub fn availability() -> Availability {
    if std::env::var(PAGINATION_VARIABLE).is_ok_and(|v| v.trim() == "0") {
        return Availability::Off;
    }
    let Some(soffice) = locate::soffice() else {
        return Availability::Missing("LibreOffice est introuvable".into());
    };
    match locate::python_with_uno(&soffice) {
        Some(python) => Availability::Ready { soffice, python },
        None => Availability::Missing(
            "aucun Python ne peut piloter LibreOffice (paquet python3-uno)".into(),
        ),
    }
}

/// The page of each bookmark of each document (`.docx` bytes), in order,
/// as its page shows it (« 7 », « iii »).
/// Errors are French sentences.
pub fn measure(
    soffice: &std::path::Path,
    python: &std::path::Path,
    documents: &[&[u8]],
) -> Result<Vec<BTreeMap<String, String>>, String> {
    let work = tempfile::Builder::new()
        .prefix("trame-pages-")
        .tempdir()
        .map_err(|e| format!("dossier temporaire impossible ({})", crate::io_reason(&e)))?;
    let write = |name: &str, bytes: &[u8]| {
        std::fs::write(work.path().join(name), bytes)
            .map_err(|e| format!("écriture impossible ({})", crate::io_reason(&e)))
    };
    write("export.py", EXPORT_SCRIPT.as_bytes())?;
    write("pages.py", PAGES_SCRIPT.as_bytes())?;
    let mut paths = Vec::new();
    for (i, bytes) in documents.iter().enumerate() {
        let name = format!("document-{}.docx", i + 1);
        write(&name, bytes)?;
        paths.push(work.path().join(name));
    }
    let mut command = Command::new(python);
    command
        .arg(work.path().join("pages.py"))
        .arg(work.path().join("profile"))
        .arg(soffice)
        .arg(PREFIX)
        .args(&paths);
    let output = super::bounded::run(command, LAYOUT_LIMIT).map_err(|stopped| match stopped {
        Stopped::NotStarted(why) => format!("LibreOffice n'a pas pu être lancé ({why})"),
        Stopped::TimedOut(limit) => format!(
            "LibreOffice n'a pas mis les documents en page en {} secondes (arrêté)",
            limit.as_secs()
        ),
    })?;
    // Python's own complaints are in English: the exit status is enough.
    serde_json::from_slice::<Vec<BTreeMap<String, String>>>(&output.stdout)
        .ok()
        .filter(|p| p.len() == documents.len())
        .ok_or_else(|| match output.status.code() {
            Some(code) => {
                format!("LibreOffice n'a pas mis les documents en page (code de sortie {code})")
            }
            None => "LibreOffice n'a pas mis les documents en page (interrompu)".to_string(),
        })
}
