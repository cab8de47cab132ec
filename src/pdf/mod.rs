//! PDF copies through LibreOffice, when it is installed.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The LibreOffice program, if installed.
pub fn soffice() -> Option<PathBuf> {
    let candidates = ["soffice", "libreoffice"];
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default()
        .iter()
        .flat_map(|dir| candidates.iter().map(move |c| dir.join(c)))
        .find(|p| p.is_file())
}

/// The script that refreshes tables of contents before exporting.
const EXPORT_SCRIPT: &str = include_str!("export.py");

/// Debian's python3 with LibreOffice's UNO bridge (package python3-uno).
fn python_with_uno() -> Option<PathBuf> {
    let python = PathBuf::from("/usr/bin/python3");
    let ok = python.is_file()
        && Command::new(&python)
            .args(["-c", "import uno"])
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false);
    ok.then_some(python)
}

/// Converts a .docx to PDF and returns the PDF's bytes; nothing is written
/// beside the document (the caller writes the PDF through the guarded,
/// atomic writer, so a failed conversion leaves the previous PDF whole).
/// With python3-uno, tables of contents and lists are refreshed first, so
/// that the PDF shows their page numbers; without it, LibreOffice converts
/// the file as it is.
pub fn to_pdf(docx: &Path) -> Result<Vec<u8>, String> {
    let work = tempfile::Builder::new()
        .prefix("trame-pdf-")
        .tempdir()
        .map_err(|e| format!("dossier temporaire impossible ({})", crate::io_reason(&e)))?;
    let name = docx
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "document.docx".into());
    let copy = work.path().join(&name);
    std::fs::copy(docx, &copy)
        .map_err(|e| format!("document illisible ({})", crate::io_reason(&e)))?;
    let pdf = copy.with_extension("pdf");
    if soffice().is_some()
        && let Some(python) = python_with_uno()
    {
        let script = work.path().join("export.py");
        if std::fs::write(&script, EXPORT_SCRIPT).is_ok() {
            let done = Command::new(python)
                .arg(&script)
                .arg(&copy)
                .arg(&pdf)
                .arg(work.path().join("profile"))
                .output()
                .is_ok();
            if done && let Some(bytes) = read_pdf(&pdf) {
                return Ok(bytes);
            }
        }
    }
    convert(&copy, work.path())
}

/// The bytes of a PDF LibreOffice wrote, if it wrote a non-empty one.
fn read_pdf(pdf: &Path) -> Option<Vec<u8>> {
    std::fs::read(pdf).ok().filter(|b| b.starts_with(b"%PDF"))
}

/// Plain conversion with `soffice --convert-to pdf`, inside `work`.
fn convert(docx: &Path, work: &Path) -> Result<Vec<u8>, String> {
    let program = soffice().ok_or_else(|| {
        "LibreOffice est introuvable : installez-le (paquet libreoffice-writer) pour produire les PDF ; \
les documents Word ont bien été écrits"
            .to_string()
    })?;
    let profile = work.join("profile-convert");
    let output = Command::new(program)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(work)
        .arg(docx)
        .output()
        .map_err(|e| {
            format!(
                "LibreOffice n'a pas pu être lancé ({})",
                crate::io_reason(&e)
            )
        })?;
    // LibreOffice exits 0 even when it failed: the PDF is the proof.
    read_pdf(&docx.with_extension("pdf")).ok_or_else(|| {
        let said = String::from_utf8_lossy(&output.stderr).trim().to_string();
        if said.is_empty() {
            "LibreOffice n'a pas produit le PDF".to_string()
        } else {
            format!("LibreOffice n'a pas produit le PDF (il indique : {said})")
        }
    })
}
