//! Writing outputs so that a failure never leaves a half-written or mixed
//! set of files: everything goes to temporary names first, then is renamed.

use crate::diag::{Diagnostic, Result};
use std::path::{Path, PathBuf};

/// Writes `files` (paths relative to `root`) all-or-nothing as far as the
/// file system allows: a failure while writing leaves every earlier file as
/// it was and removes the temporary files.
pub fn write_atomically(root: &Path, files: &[(&str, &[u8])]) -> Result<()> {
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
    for (i, (tmp, target, relative)) in staged.iter().enumerate() {
        if let Err(e) = std::fs::rename(tmp, target) {
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
    Ok(())
}

fn temp_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}
