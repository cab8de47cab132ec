//! Finding the project from anywhere inside it: the nearest folder, going
//! up from where trame is run, that holds `trame.yaml`; and paths the user
//! typed there, made relative to that project folder.

use super::PROJECT_FILE;
use std::path::{Component, Path, PathBuf};

/// The nearest of `start` and its parent folders that holds `trame.yaml`.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    if start.join(PROJECT_FILE).is_file() {
        return Some(start.to_path_buf());
    }
    let absolute = std::path::absolute(start).ok()?;
    let mut folder = normalize(&absolute);
    loop {
        if folder.join(PROJECT_FILE).is_file() {
            return Some(folder);
        }
        if !folder.pop() {
            return None;
        }
    }
}

/// `path`, typed by the user in the folder `here`, as a path relative to
/// `root` when it lies inside (`here` = `root/retours`, `x.docx` →
/// `retours/x.docx`), else as an absolute path. Purely lexical.
pub fn rebase(here: &Path, root: &Path, path: &str) -> String {
    let typed = Path::new(path);
    let (Ok(here), Ok(root)) = (std::path::absolute(here), std::path::absolute(root)) else {
        return path.to_string();
    };
    let full = normalize(&here.join(typed));
    let root = normalize(&root);
    match full.strip_prefix(&root) {
        Ok(inside) if !inside.as_os_str().is_empty() => inside.to_string_lossy().replace('\\', "/"),
        _ => full.to_string_lossy().to_string(),
    }
}

/// `a/b/../c/./d` → `a/c/d`, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_project_is_found_from_a_subfolder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("projet");
        std::fs::create_dir_all(root.join("data/anciens")).unwrap();
        std::fs::write(root.join(PROJECT_FILE), "x").unwrap();
        let found = find_root(&root.join("data/anciens")).unwrap();
        assert_eq!(found, normalize(&std::path::absolute(&root).unwrap()));
        assert_eq!(find_root(&root).unwrap(), root);
        assert_eq!(find_root(dir.path()), None);
    }

    #[test]
    #[cfg(unix)]
    fn typed_paths_become_relative_to_the_project() {
        let root = Path::new("/p");
        assert_eq!(
            rebase(Path::new("/p/retours"), root, "x.docx"),
            "retours/x.docx"
        );
        assert_eq!(
            rebase(Path::new("/p/retours"), root, "../out/m.xlsx"),
            "out/m.xlsx"
        );
        assert_eq!(rebase(Path::new("/p"), root, "./a/b.docx"), "a/b.docx");
        assert_eq!(
            rebase(Path::new("/p/x"), root, "../../autre.docx"),
            "/autre.docx"
        );
    }
}
