//! PDF copies through LibreOffice, when it is installed (found on PATH or
//! in its usual install locations: see [`locate`]).

use std::path::Path;
use std::process::Command;

pub mod bounded;
pub mod locate;
pub mod pages;

pub use locate::soffice;

/// The script that refreshes tables of contents before exporting.
const EXPORT_SCRIPT: &str = include_str!("export.py");

/// A `file:` URL for a local folder, as LibreOffice's options expect
/// (spaces, accents and Windows drive letters encoded properly).
pub fn folder_url(path: &Path) -> Result<String, String> {
    let absolute = std::path::absolute(path)
        .map_err(|e| format!("chemin invalide ({})", crate::io_reason(&e)))?;
    url::Url::from_directory_path(&absolute)
        .map(|u| u.to_string())
        .map_err(|_| format!("chemin invalide : {}", absolute.display()))
}

/// Converts a .docx to PDF and returns the PDF's bytes; nothing is written
/// beside the document (the caller writes the PDF through the guarded,
/// atomic writer, so a failed conversion leaves the previous PDF whole).
/// With a Python that can drive LibreOffice (its own bundled Python, or the
/// system's with python3-uno), tables of contents and lists are refreshed
/// first, so that the PDF shows their page numbers; without one,
/// LibreOffice converts the file as it is. Either way the PDF is tagged
/// (PDF/UA).
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
    if let Some(program) = soffice()
        && let Some(python) = locate::python_with_uno(&program)
    {
        let script = work.path().join("export.py");
        if std::fs::write(&script, EXPORT_SCRIPT).is_ok() {
            let done = Command::new(python)
                .arg(&script)
                .arg(&copy)
                .arg(&pdf)
                .arg(work.path().join("profile"))
                .arg(&program)
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

/// The PDF filter with its options, as `--convert-to` takes them: a tagged
/// PDF (structure for screen readers), PDF/UA.
const TAGGED_PDF: &str = r#"pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"},"PDFUACompliance":{"type":"boolean","value":"true"}}"#;

/// Plain conversion with `soffice --convert-to pdf`, inside `work`.
fn convert(docx: &Path, work: &Path) -> Result<Vec<u8>, String> {
    let program = soffice().ok_or_else(|| {
        format!(
            "LibreOffice est introuvable : installez-le (libreoffice.org, ou le paquet libreoffice-writer), \
ou indiquez son programme dans la variable {} ; les documents Word ont bien été écrits",
            locate::SOFFICE_VARIABLE
        )
    })?;
    let profile = folder_url(&work.join("profile-convert"))?;
    let output = Command::new(program)
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--convert-to", TAGGED_PDF, "--outdir"])
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
