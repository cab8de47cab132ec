//! Writing outputs so that a failure never leaves a half-written or mixed
//! set of files: everything goes to temporary names first, then is renamed.

mod input;
mod outputs;

pub use input::{human_bytes, read_input, read_input_text, resolve_input};
pub use outputs::{
    KeptAside, LEDGER, Stale, Written, aside_path, remove_stale, sha256_hex, write_outputs,
    write_outputs_cleared,
};

use crate::confidential::{Clearance, Guard};
use crate::diag::{Diagnostic, Result};
use std::path::{Component, Path, PathBuf};

/// Writes `files` (paths relative to `root`) all-or-nothing as far as the
/// file system allows: a failure while writing leaves every earlier file as
/// it was and removes the temporary files.
///
/// This is the one way trame writes a file, so its two checks hold for every
/// command: every file is scanned by `guard` first (a confidential value, or
/// a file that cannot be scanned, and nothing is written), and every path must
/// stay inside `root` once symbolic links are resolved.
///
/// A file that cannot be replaced because another program holds it (Word
/// keeps documents it has open locked on Windows) is written beside it
/// instead; the returned list gives, for each, (path asked, path written).
pub fn write_atomically(
    root: &Path,
    files: &[(&str, &[u8])],
    guard: &Guard,
) -> Result<Vec<(String, String)>> {
    write_cleared(root, files, Clearance::Scan(guard))
}

/// [`write_atomically`], each file cleared by `clearance`: scanned now, or
/// covered, bytes for bytes, by the proof of an earlier scan.
pub fn write_cleared(
    root: &Path,
    files: &[(&str, &[u8])],
    clearance: Clearance,
) -> Result<Vec<(String, String)>> {
    let owned: Vec<(String, &[u8])> = files.iter().map(|(p, b)| (p.to_string(), *b)).collect();
    clearance.check(&owned)?;
    for (relative, _) in files {
        confine(root, relative)?;
    }
    let mut staged: Vec<(PathBuf, PathBuf, &str)> = Vec::new();
    for (relative, bytes) in files {
        let target = root.join(relative);
        let tmp = temp_path(&target);
        let result = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| std::fs::write(&tmp, bytes));
        if let Err(e) = result {
            let _ = std::fs::remove_file(&tmp);
            for (tmp, _, _) in &staged {
                let _ = std::fs::remove_file(tmp);
            }
            return Err(Diagnostic::file(
                relative.to_string(),
                format!("écriture impossible ({})", crate::io_reason(&e)),
            )
            .into());
        }
        staged.push((tmp, target, relative));
    }
    let mut beside = Vec::new();
    for (i, (tmp, target, relative)) in staged.iter().enumerate() {
        let mut result = std::fs::rename(tmp, target);
        if result
            .as_ref()
            .is_err_and(|e| e.kind() == std::io::ErrorKind::PermissionDenied)
        {
            let other = beside_path(target);
            result = std::fs::rename(tmp, &other);
            if result.is_ok() {
                let shown = other
                    .strip_prefix(root)
                    .unwrap_or(&other)
                    .display()
                    .to_string();
                beside.push((relative.to_string(), shown));
            }
        }
        if let Err(e) = result {
            for (tmp, _, _) in &staged[i..] {
                let _ = std::fs::remove_file(tmp);
            }
            return Err(Diagnostic::file(
                relative.to_string(),
                format!(
                    "impossible de remplacer le fichier ({}) ; est-il ouvert dans Word ? Fermez-le puis relancez",
                    crate::io_reason(&e)
                ),
            )
            .into());
        }
    }
    Ok(beside)
}

/// Refuses an output path that leaves `root`: absolute, with `..`, or through
/// a folder that is a symbolic link to elsewhere. Creates the folders it needs
/// (inside the project only).
pub fn confine(root: &Path, relative: &str) -> Result<()> {
    let outside = |why: &str| {
        Err(Diagnostic::file(
            relative.to_string(),
            format!("écriture refusée : {why} ; trame n'écrit que dans le dossier du projet"),
        )
        .into())
    };
    let path = Path::new(relative);
    if !path
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return outside("chemin hors du projet");
    }
    // The project folder itself may be new (`trame init`).
    let _ = std::fs::create_dir_all(root);
    let Ok(base) = root.canonicalize() else {
        return outside("dossier du projet introuvable");
    };
    // Walk down folder by folder: each existing one must resolve inside.
    let mut folder = root.to_path_buf();
    for part in path.parent().into_iter().flat_map(Path::components) {
        folder.push(part);
        if !folder.exists()
            && let Err(e) = std::fs::create_dir(&folder)
        {
            return Err(Diagnostic::file(
                relative.to_string(),
                format!("dossier impossible à créer ({})", crate::io_reason(&e)),
            )
            .into());
        }
        match folder.canonicalize() {
            Ok(real) if real.starts_with(&base) => {}
            _ => return outside("un dossier du chemin est un lien vers l'extérieur du projet"),
        }
    }
    Ok(())
}

/// `out/x.docx` → `out/x (nouvelle version).docx`.
pub fn beside_path(target: &Path) -> PathBuf {
    with_stem_suffix(target, " (nouvelle version)")
}

/// `out/x.docx`, ` 2` → `out/x 2.docx`: the same name with `suffix` before
/// the extension.
pub fn with_stem_suffix(path: &Path, suffix: &str) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let ext = path
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    path.with_file_name(format!("{stem}{suffix}{ext}"))
}

fn temp_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_locked_file_is_written_beside() {
        assert_eq!(
            super::beside_path(std::path::Path::new("out/rapport.docx")),
            std::path::Path::new("out/rapport (nouvelle version).docx")
        );
    }
}
