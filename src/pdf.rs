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

/// Converts a .docx to a PDF beside it (same name, .pdf).
pub fn to_pdf(docx: &Path) -> Result<PathBuf, String> {
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
