//! Reading side of the file system: every path a project names as an input
//! (data sources, house style, `reference_docx`, images, logo, includes) goes
//! through [`resolve_input`], so that no reader can forget the confinement
//! rule: after resolving `..` and symbolic links, the file must lie inside the
//! project folder and be a regular file. A refused path is named; nothing of
//! the file is ever read, so nothing of it can be quoted.

use crate::diag::{Diagnostic, Problems, Result};
use std::path::{Path, PathBuf};

/// Resolves `relative` (as written in the project, relative to `root`) to the
/// canonical path of a regular file inside the canonical `root`.
///
/// `what` names the kind of input in messages (« fichier de données »,
/// « fichier de style »…). Errors name `relative` as the place:
/// `… introuvable`, `… hors du dossier du projet`, `… est un dossier`, or
/// `… n'est pas un fichier ordinaire` (a FIFO, socket or device: checked
/// from its metadata, before any open, so that a FIFO cannot block trame).
pub fn resolve_input(root: &Path, relative: &str, what: &str) -> Result<PathBuf> {
    let at = |message: String| Problems::from(Diagnostic::file(relative, message));
    if relative.trim().is_empty() {
        return Err(at(format!("{what} : chemin vide")));
    }
    let root = std::fs::canonicalize(root).map_err(|e| {
        at(format!(
            "dossier du projet illisible ({})",
            crate::io_reason(&e)
        ))
    })?;
    let path = match std::fs::canonicalize(root.join(relative)) {
        Ok(p) => p,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // A dangling link pointing outside is refused as outside, so the
            // message does not depend on what exists there.
            if let Some(target) = dangling_target(&root, relative)
                && !target.starts_with(&root)
            {
                return Err(outside(relative, what));
            }
            return Err(at(format!("{what} introuvable")));
        }
        Err(e) => {
            return Err(at(format!("{what} illisible ({})", crate::io_reason(&e))));
        }
    };
    if !path.starts_with(&root) {
        return Err(outside(relative, what));
    }
    let meta = std::fs::metadata(&path)
        .map_err(|e| at(format!("{what} illisible ({})", crate::io_reason(&e))))?;
    if meta.is_dir() {
        return Err(at(format!("{what} attendu, mais ce chemin est un dossier")));
    }
    if !meta.is_file() {
        return Err(at(format!(
            "{what} attendu, mais ce chemin n'est pas un fichier ordinaire (tube, socket ou périphérique) : trame ne le lit pas"
        )));
    }
    Ok(path)
}

/// Reads an input file whole, after [`resolve_input`], refusing files larger
/// than `max_bytes` before reading them.
pub fn read_input(root: &Path, relative: &str, what: &str, max_bytes: u64) -> Result<Vec<u8>> {
    let path = resolve_input(root, relative, what)?;
    let at = |message: String| Problems::from(Diagnostic::file(relative, message));
    let len = std::fs::metadata(&path)
        .map_err(|e| at(format!("{what} illisible ({})", crate::io_reason(&e))))?
        .len();
    if len > max_bytes {
        return Err(at(format!(
            "{what} trop volumineux ({}), la limite est {}",
            human_bytes(len),
            human_bytes(max_bytes)
        )));
    }
    std::fs::read(&path).map_err(|e| at(format!("{what} illisible ({})", crate::io_reason(&e))))
}

/// Like [`read_input`], for a text file that must be UTF-8.
pub fn read_input_text(root: &Path, relative: &str, what: &str, max_bytes: u64) -> Result<String> {
    let bytes = read_input(root, relative, what, max_bytes)?;
    String::from_utf8(bytes).map_err(|e| {
        let before = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = before.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
        Diagnostic::line(
            relative,
            line,
            format!("{what} : texte non encodé en UTF-8 ; enregistrez-le en UTF-8"),
        )
        .into()
    })
}

/// A size for people: `512 octets`, `12 ko`, `1,5 Mo`, `1 Go` (powers of 1 024).
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["ko", "Mo", "Go", "To"];
    if n < 1024 {
        return format!("{n} octets");
    }
    let mut value = n as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    let shown = if value.fract() < 0.05 || value >= 100.0 {
        format!("{}", value.round() as u64)
    } else {
        format!("{value:.1}").replace('.', ",")
    };
    format!("{shown} {}", UNITS[unit])
}

fn outside(relative: &str, what: &str) -> Problems {
    Problems::from(Diagnostic::file(
        relative,
        format!(
            "{what} hors du dossier du projet (chemin ou lien symbolique qui en sort) : trame ne lit que les fichiers du projet ; copiez le fichier dans le projet"
        ),
    ))
}

/// Where a dangling symbolic link at `root/relative` points, made absolute.
fn dangling_target(root: &Path, relative: &str) -> Option<PathBuf> {
    let link = root.join(relative);
    let target = std::fs::read_link(&link).ok()?;
    let base = link.parent()?;
    Some(normalise(&base.join(target)))
}

/// Removes `.` and `..` lexically (for a path that does not exist).
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inside_files_resolve_and_outside_ones_are_refused() {
        let outer = tempfile::tempdir().unwrap();
        let root = outer.path().join("projet");
        std::fs::create_dir_all(root.join("data")).unwrap();
        std::fs::write(root.join("data/a.csv"), "x").unwrap();
        std::fs::write(outer.path().join("secret.csv"), "x").unwrap();
        let ok = resolve_input(&root, "data/../data/a.csv", "fichier de données").unwrap();
        assert!(ok.ends_with("data/a.csv"));
        let refused = resolve_input(&root, "../secret.csv", "fichier de données").unwrap_err();
        assert!(refused.0[0].message.contains("hors du dossier du projet"));
        let dir = resolve_input(&root, "data", "fichier de données").unwrap_err();
        assert!(dir.0[0].message.contains("est un dossier"));
        let missing = resolve_input(&root, "data/b.csv", "fichier de données").unwrap_err();
        assert_eq!(missing.0[0].message, "fichier de données introuvable");
    }

    #[test]
    fn sizes_read_the_french_way() {
        assert_eq!(human_bytes(12), "12 octets");
        assert_eq!(human_bytes(1 << 30), "1 Go");
        assert_eq!(human_bytes(1536 * 1024), "1,5 Mo");
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_project_are_refused_even_dangling() {
        let outer = tempfile::tempdir().unwrap();
        let root = outer.path().join("projet");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(outer.path().join("secret.csv"), "x").unwrap();
        std::os::unix::fs::symlink(outer.path().join("secret.csv"), root.join("a.csv")).unwrap();
        std::os::unix::fs::symlink(outer.path().join("absent.csv"), root.join("b.csv")).unwrap();
        for name in ["a.csv", "b.csv"] {
            let e = resolve_input(&root, name, "fichier de données").unwrap_err();
            assert!(e.0[0].message.contains("hors du dossier du projet"), "{e}");
        }
    }
}
