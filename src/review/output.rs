//! Where `trame review` writes its matrix: checked before any file is read,
//! so that a mistyped `--sortie` never overwrites a returned review.

use crate::diag::Diagnostic;
use std::path::{Path, PathBuf};

/// The matrix format, from `--csv` and the output path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Csv,
}

/// The matrix path and format: the default path when none is given, else
/// the given one, which must end in `.xlsx` (or `.csv`; `--csv` asks for
/// `.csv`) and must not be, after resolving symbolic links, any of the
/// `inputs` (paths relative to `root`).
pub fn choose(
    root: &Path,
    inputs: &[String],
    output: Option<&str>,
    csv: bool,
) -> crate::diag::Result<(String, Format)> {
    let Some(output) = output else {
        let path = if csv {
            super::DEFAULT_OUTPUT.replace(".xlsx", ".csv")
        } else {
            super::DEFAULT_OUTPUT.to_string()
        };
        let format = if csv { Format::Csv } else { Format::Xlsx };
        return Ok((path, format));
    };
    let target = resolve(&root.join(output));
    for input in inputs {
        if same_file(&target, &root.join(input)) {
            return Err(Diagnostic::file(
                output,
                format!(
                    "la matrice écraserait le fichier relu « {input} » : \
choisissez pour --sortie un autre chemin que les fichiers relus"
                ),
            )
            .into());
        }
    }
    let extension = Path::new(output)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase());
    let format = match (extension.as_deref(), csv) {
        (Some("xlsx"), false) => Format::Xlsx,
        (Some("csv"), _) => Format::Csv,
        (_, true) => {
            return Err(Diagnostic::file(
                output,
                "avec --csv, la matrice doit être un fichier .csv",
            )
            .into());
        }
        _ => {
            return Err(Diagnostic::file(
                output,
                "la matrice doit être un classeur .xlsx (ou un fichier .csv) : \
donnez à --sortie un chemin qui finit par .xlsx",
            )
            .into());
        }
    };
    Ok((output.to_string(), format))
}

/// The path with every symbolic link resolved, as far as it exists: an
/// output that does not exist yet is its resolved folder plus its name.
fn resolve(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => resolve(parent).join(name),
        _ => path.to_path_buf(),
    }
}

/// Whether `target` (resolved) and `input` are one file: the same resolved
/// path, or the same file under two names (hard link).
fn same_file(target: &Path, input: &Path) -> bool {
    let input_resolved = resolve(input);
    if *target == input_resolved {
        return true;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(a), Ok(b)) = (std::fs::metadata(target), std::fs::metadata(input)) {
            return a.dev() == b.dev() && a.ino() == b.ino();
        }
    }
    false
}
