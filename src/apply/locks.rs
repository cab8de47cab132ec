//! A file open in Excel, Word or LibreOffice has a lock file beside it
//! (`~$NAME`, `.~lock.NAME#`): writing under the program's feet would lose
//! either its edits or ours, so nothing is written.

use crate::diag::{Diagnostic, Problems, Result};
use std::path::Path;

/// The lock files that say `name` is open, as the office programs name them.
fn lock_names(name: &str) -> Vec<String> {
    let mut names = vec![format!("~${name}"), format!(".~lock.{name}#")];
    // Word and Excel drop the first two characters of a long name.
    let tail: String = name.chars().skip(2).collect();
    if name.chars().count() > 8 {
        names.push(format!("~${tail}"));
    }
    names
}

/// Refuses, naming every file concerned, when one of `files` (relative to
/// `root`) is open in an office program.
pub fn refuse_locked<'a>(root: &Path, files: impl Iterator<Item = &'a str>) -> Result<()> {
    let mut problems = Vec::new();
    for file in files {
        let path = root.join(file);
        let (Some(folder), Some(name)) = (path.parent(), path.file_name()) else {
            continue;
        };
        let name = name.to_string_lossy();
        if let Some(lock) = lock_names(&name)
            .into_iter()
            .find(|l| folder.join(l).exists())
        {
            problems.push(Diagnostic::file(
                file,
                format!(
                    "fichier ouvert dans Excel, Word ou LibreOffice (fichier de verrouillage « {lock} » à côté) : fermez-le puis relancez ; aucun fichier n'a été modifié"
                ),
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Problems(problems))
    }
}
