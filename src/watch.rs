//! `trame watch`: rebuild the documents a saved file affects, until stopped.
//!
//! Changes are collected until the folder has been quiet for a moment (an
//! editor saves in bursts), lock and temporary files are ignored, and a
//! failed build is reported without stopping the watch.

use crate::project::{PROJECT_FILE, Project};
use notify::{RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// How long the folder must be quiet before rebuilding.
pub const QUIET: Duration = Duration::from_millis(300);

/// True for files whose changes mean nothing to a build: Office and
/// LibreOffice lock files, editor backups and temporary files, outputs.
pub fn ignored(relative: &Path) -> bool {
    let first = relative
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .unwrap_or_default();
    if matches!(first.as_str(), "out" | "target" | ".git" | ".tools") {
        return true;
    }
    let name = relative
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    name.starts_with("~$")
        || name.starts_with(".~lock.")
        || name.starts_with(".#")
        || name.ends_with('~')
        || name.ends_with(".tmp")
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || (name.starts_with('.') && name != PROJECT_FILE)
}

/// The documents a change to `changed` (relative paths) affects.
pub fn affected(project: &Project, changed: &[PathBuf]) -> Vec<String> {
    let all: Vec<String> = project.documents.keys().cloned().collect();
    let style = project
        .style
        .clone()
        .unwrap_or_else(|| crate::build::STYLE_FILE.to_string());
    let is = |p: &Path, s: &str| p == Path::new(s);
    if changed.iter().any(|p| {
        is(p, PROJECT_FILE)
            || is(p, &style)
            || project.reference_docx.as_deref().is_some_and(|r| is(p, r))
    }) {
        return all;
    }
    let blueprint_dir = project.root.join(crate::blueprint::BLUEPRINT_DIR);
    let read = |name: &str| std::fs::read_to_string(blueprint_dir.join(name)).unwrap_or_default();
    // The text of a document's blueprint and of the partials it includes.
    let text_of = |blueprint: &str| -> String {
        let mut text = read(blueprint);
        let mut seen = vec![blueprint.to_string()];
        let mut k = 0;
        while k < seen.len() {
            let current = read(&seen[k]);
            for part in current.split(['"', '\'']).filter(|s| s.ends_with(".j2")) {
                if !seen.iter().any(|x| x == part) {
                    seen.push(part.to_string());
                    text.push_str(&read(part));
                }
            }
            k += 1;
        }
        text
    };
    let mut out = Vec::new();
    for (name, spec) in &project.documents {
        let text = text_of(&spec.blueprint);
        let hit = changed.iter().any(|p| {
            let rel = p.to_string_lossy().replace('\\', "/");
            if let Some(bp) = rel.strip_prefix("blueprints/") {
                return bp == spec.blueprint || text.contains(bp);
            }
            project
                .sources
                .iter()
                .any(|(source, s)| s.file == rel && mentions(&text, source))
        });
        if hit {
            out.push(name.clone());
        }
    }
    out
}

fn mentions(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().last();
        let after = text[i + word.len()..].chars().next();
        let ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        !ident(before) && !ident(after)
    })
}

/// Watches `root` and calls `rebuild` with the affected documents after each
/// burst of changes (and once at the start with all of them). Returns only
/// if watching fails.
pub fn watch(root: &Path, mut rebuild: impl FnMut(&[String])) -> Result<(), String> {
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // Reading a file is an event too (a build reads the workbooks):
        // only writes, creations, renames and removals count.
        if let Ok(event) = event
            && !matches!(
                event.kind,
                notify::EventKind::Access(_)
                    | notify::EventKind::Modify(notify::event::ModifyKind::Metadata(_))
            )
        {
            let _ = tx.send(event.paths);
        }
    })
    .map_err(|e| format!("surveillance impossible : {e}"))?;
    watcher
        .watch(root, RecursiveMode::Recursive)
        .map_err(|e| format!("surveillance impossible de {} : {e}", root.display()))?;
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    rebuild(&[]);
    loop {
        let Ok(first) = rx.recv() else {
            return Err("surveillance interrompue".into());
        };
        let mut paths = first;
        // Wait for the burst to end.
        while let Ok(more) = rx.recv_timeout(QUIET) {
            paths.extend(more);
        }
        let mut changed: Vec<PathBuf> = paths
            .iter()
            .filter_map(|p| {
                let p = p.canonicalize().unwrap_or_else(|_| p.clone());
                p.strip_prefix(&root).ok().map(Path::to_path_buf)
            })
            .filter(|p| !ignored(p))
            .collect();
        changed.sort();
        changed.dedup();
        if changed.is_empty() {
            continue;
        }
        match Project::load(&root) {
            Ok(project) => {
                let docs = affected(&project, &changed);
                if !docs.is_empty() {
                    rebuild(&docs);
                }
            }
            // A broken trame.yaml: the build reports it.
            Err(_) => rebuild(&[]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_and_temporary_files_are_ignored() {
        for p in [
            "data/~$entretiens.xlsx",
            "data/.~lock.entretiens.xlsx#",
            "blueprints/.rapport.md.j2.swp",
            "out/rapport.docx",
            "blueprints/rapport.md.j2~",
            "data/x.tmp",
        ] {
            assert!(ignored(Path::new(p)), "{p}");
        }
        for p in [
            "data/entretiens.xlsx",
            "blueprints/rapport.md.j2",
            "trame.yaml",
        ] {
            assert!(!ignored(Path::new(p)), "{p}");
        }
    }

    #[test]
    fn words_are_matched_whole() {
        assert!(mentions("{% for c in constats %}", "constats"));
        assert!(!mentions("{% for c in constats_fdf %}", "constats"));
    }
}
