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

/// Converts a .docx to a PDF beside it (same name, .pdf). With python3-uno,
/// tables of contents and lists are refreshed first, so that the PDF shows
/// their page numbers; without it, LibreOffice converts the file as it is.
pub fn to_pdf(docx: &Path) -> Result<PathBuf, String> {
    if soffice().is_some()
        && let Some(python) = python_with_uno()
    {
        let pdf = docx.with_extension("pdf");
        let _ = std::fs::remove_file(&pdf);
        let dir = std::env::temp_dir().join(format!("trame-pdf-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let script = dir.join("export.py");
        if std::fs::write(&script, EXPORT_SCRIPT).is_ok() {
            let output = Command::new(python)
                .arg(&script)
                .arg(docx)
                .arg(&pdf)
                .arg(dir.join("profile"))
                .output();
            let _ = std::fs::remove_dir_all(&dir);
            if output.is_ok()
                && pdf.is_file()
                && std::fs::metadata(&pdf)
                    .map(|m| m.len() > 0)
                    .unwrap_or(false)
            {
                return Ok(pdf);
            }
        }
    }
    convert(docx)
}

/// Plain conversion with `soffice --convert-to pdf`.
fn convert(docx: &Path) -> Result<PathBuf, String> {
    let program = soffice().ok_or_else(|| {
        "LibreOffice est introuvable : installez-le (paquet libreoffice-writer) pour produire les PDF ; \
les documents Word ont bien été écrits"
            .to_string()
    })?;
    let dir = docx.parent().unwrap_or(Path::new("."));
    let profile = std::env::temp_dir().join(format!("trame-lo-{}", std::process::id()));
    let pdf = docx.with_extension("pdf");
    let _ = std::fs::remove_file(&pdf);
    let output = Command::new(program)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(docx)
        .output()
        .map_err(|e| format!("LibreOffice n'a pas pu être lancé ({e})"))?;
    let _ = std::fs::remove_dir_all(&profile);
    // LibreOffice exits 0 even when it failed: the PDF is the proof.
    if pdf.is_file()
        && std::fs::metadata(&pdf)
            .map(|m| m.len() > 0)
            .unwrap_or(false)
    {
        Ok(pdf)
    } else {
        Err(format!(
            "LibreOffice n'a pas produit le PDF ({})",
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}
