//! Never losing the user's work: trame records the SHA-256 of every output
//! it writes (in [`LEDGER`]); an output whose bytes changed since then (a
//! document edited in Word) is copied aside before being replaced, and the
//! caller says so.
//!
//! An existing file trame has no record of (written by an older trame, or
//! the record was deleted) is treated the same way when its bytes differ
//! from the new ones: when in doubt, keep.

use super::{write_atomically, write_cleared};
use crate::confidential::{Clearance, Guard};
use crate::diag::{Diagnostic, Result};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The record of outputs, relative to the project folder.
pub const LEDGER: &str = "out/.trame-sorties.json";

/// Kinds of files a person opens and may edit: only these are kept aside.
/// (Manifests and snapshots are trame's own data.)
const EDITABLE: [&str; 5] = ["docx", "pdf", "md", "xlsx", "csv"];

/// An output that was changed since trame wrote it, and where its changed
/// version now is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptAside {
    /// The output path (relative to the project folder).
    pub output: String,
    /// Where the changed version was copied (relative to the project folder).
    pub kept: String,
    /// False when trame had no record of the file (it may not have written it).
    pub recorded: bool,
}

/// What [`write_outputs`] did besides writing.
#[derive(Debug, Default)]
pub struct Written {
    /// (path asked, path written) for files held by another program.
    pub beside: Vec<(String, String)>,
    /// Outputs changed since trame wrote them, kept aside.
    pub kept_aside: Vec<KeptAside>,
    /// Outputs whose bytes were already the new ones (editable kinds only).
    pub unchanged: Vec<String>,
}

/// Writes outputs like [`write_atomically`], and first copies aside every
/// existing output changed since trame wrote it; then records the checksum
/// of each file written. On failure the copies are removed and every output
/// is as it was.
pub fn write_outputs(root: &Path, files: &[(&str, &[u8])], guard: &Guard) -> Result<Written> {
    write_outputs_cleared(root, files, Clearance::Scan(guard))
}

/// [`write_outputs`], each file cleared by `clearance` (see
/// [`super::write_cleared`]).
pub fn write_outputs_cleared(
    root: &Path,
    files: &[(&str, &[u8])],
    clearance: Clearance,
) -> Result<Written> {
    let mut ledger = Ledger::load(root);
    let mut kept_aside = Vec::new();
    let mut unchanged = Vec::new();
    for (relative, bytes) in files {
        match keep_aside(root, relative, bytes, &ledger)? {
            Before::Kept(k) => kept_aside.push(k),
            Before::Same => unchanged.push(relative.to_string()),
            Before::Other => {}
        }
    }
    let beside = match write_cleared(root, files, clearance) {
        Ok(beside) => beside,
        Err(e) => {
            for k in &kept_aside {
                let _ = std::fs::remove_file(root.join(&k.kept));
            }
            return Err(e);
        }
    };
    for (relative, bytes) in files {
        let written = beside
            .iter()
            .find(|(asked, _)| asked == relative)
            .map_or(*relative, |(_, w)| w.as_str());
        match clearance.digest_hex(relative) {
            Some(hex) => ledger.record_hex(written, hex),
            None => ledger.record(written, bytes),
        }
    }
    // The record is a convenience: failing to write it loses nothing.
    let json = ledger.to_json();
    let _ = write_atomically(root, &[(LEDGER, json.as_bytes())], clearance.guard());
    Ok(Written {
        beside,
        kept_aside,
        unchanged,
    })
}

/// What became of an earlier output that no longer matches its document
/// (a PDF whose new conversion failed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stale {
    /// There was none.
    None,
    /// It was exactly as trame wrote it, and is removed.
    Removed,
    /// It was changed since, or trame has no record of it: left in place.
    Left,
}

/// Removes the output `relative` if it is exactly as trame last wrote it, so
/// that no stale copy stays beside a newer document; anything else is left.
pub fn remove_stale(root: &Path, relative: &str) -> Stale {
    let target = root.join(relative);
    let Ok(current) = std::fs::read(&target) else {
        return Stale::None;
    };
    let mut ledger = Ledger::load(root);
    if ledger.get(relative) != Some(sha256_hex(&current).as_str()) {
        return Stale::Left;
    }
    if std::fs::remove_file(&target).is_err() {
        return Stale::Left;
    }
    ledger.0.remove(relative);
    let json = ledger.to_json();
    let _ = write_atomically(root, &[(LEDGER, json.as_bytes())], &Guard::empty());
    Stale::Removed
}

/// What an editable output held before it was replaced.
enum Before {
    /// A version changed since trame wrote it, now kept aside.
    Kept(KeptAside),
    /// The very bytes about to be written.
    Same,
    /// Nothing, trame's own earlier version, or a kind not kept.
    Other,
}

/// Copies `relative` aside if it exists, is editable, and changed since
/// trame wrote it (and differs from `new`).
fn keep_aside(root: &Path, relative: &str, new: &[u8], ledger: &Ledger) -> Result<Before> {
    let editable = Path::new(relative)
        .extension()
        .is_some_and(|e| EDITABLE.contains(&e.to_string_lossy().to_lowercase().as_str()));
    let target = root.join(relative);
    let is_file = std::fs::symlink_metadata(&target).is_ok_and(|m| m.is_file());
    if !editable || !is_file {
        return Ok(Before::Other);
    }
    // Read in pieces, never whole: an output can be hundreds of megabytes.
    let Ok(same) = holds(&target, new) else {
        return Ok(Before::Other);
    };
    if same {
        return Ok(Before::Same);
    }
    let Ok(current) = file_sha256_hex(&target) else {
        return Ok(Before::Other);
    };
    let recorded = ledger.get(relative);
    if recorded == Some(current.as_str()) {
        return Ok(Before::Other);
    }
    let when = std::fs::metadata(&target)
        .and_then(|m| m.modified())
        .map(chrono::DateTime::<chrono::Local>::from)
        .map(|t| t.naive_local())
        .unwrap_or_default();
    let kept = free_name(&aside_path(&target, when));
    std::fs::copy(&target, &kept).map_err(|e| {
        Diagnostic::file(
            relative.to_string(),
            format!(
                "le fichier a été modifié depuis que trame l'a écrit, et sa copie de sauvegarde est impossible ({}) ; rien n'a été remplacé",
                crate::io_reason(&e)
            ),
        )
    })?;
    let kept = kept
        .strip_prefix(root)
        .unwrap_or(&kept)
        .to_string_lossy()
        .replace('\\', "/");
    Ok(Before::Kept(KeptAside {
        output: relative.to_string(),
        kept,
        recorded: recorded.is_some(),
    }))
}

/// `out/x.docx` changed at `when` → `out/x (modifié le 2024-05-03 à 14h12).docx`
/// (no colon: Windows forbids it in names).
pub fn aside_path(target: &Path, when: chrono::NaiveDateTime) -> PathBuf {
    super::with_stem_suffix(
        target,
        &format!(" (modifié le {})", when.format("%Y-%m-%d à %Hh%M")),
    )
}

/// `path` if free, else `path` with ` 2`, ` 3`… before the extension.
fn free_name(path: &Path) -> PathBuf {
    if std::fs::symlink_metadata(path).is_err() {
        return path.to_path_buf();
    }
    (2..)
        .map(|n| super::with_stem_suffix(path, &format!(" {n}")))
        .find(|p| std::fs::symlink_metadata(p).is_err())
        .expect("a free name exists")
}

/// The SHA-256 of `bytes`, in lowercase hexadecimal.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Calls `f` on the bytes of a file, piece by piece.
fn each_piece(path: &Path, mut f: impl FnMut(&[u8]) -> bool) -> std::io::Result<()> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 || !f(&buf[..n]) {
            return Ok(());
        }
    }
}

/// Whether a file holds exactly `bytes`.
fn holds(path: &Path, bytes: &[u8]) -> std::io::Result<bool> {
    let mut at = 0;
    let mut same = std::fs::metadata(path)?.len() == bytes.len() as u64;
    if same {
        each_piece(path, |piece| {
            same = bytes.get(at..at + piece.len()) == Some(piece);
            at += piece.len();
            same
        })?;
    }
    Ok(same && at == bytes.len())
}

/// The SHA-256 of a file, read piece by piece.
fn file_sha256_hex(path: &Path) -> std::io::Result<String> {
    let mut hasher = Sha256::new();
    each_piece(path, |piece| {
        hasher.update(piece);
        true
    })?;
    Ok(hex(&hasher.finalize()))
}

/// Output path → SHA-256 of the bytes trame last wrote there.
#[derive(Debug, Default)]
struct Ledger(BTreeMap<String, String>);

impl Ledger {
    /// The record in `root`; empty when missing or unreadable (then every
    /// changed file is kept aside: nothing is lost).
    fn load(root: &Path) -> Ledger {
        let map = std::fs::read(root.join(LEDGER))
            .ok()
            .and_then(|b| serde_json::from_slice::<LedgerFile>(&b).ok())
            .map(|f| f.sorties)
            .unwrap_or_default();
        Ledger(map)
    }

    fn get(&self, relative: &str) -> Option<&str> {
        self.0.get(relative).map(String::as_str)
    }

    fn record(&mut self, relative: &str, bytes: &[u8]) {
        self.record_hex(relative, sha256_hex(bytes));
    }

    /// Records the SHA-256 (hexadecimal) of the bytes written as `relative`.
    fn record_hex(&mut self, relative: &str, hex: String) {
        self.0.insert(relative.to_string(), hex);
    }

    fn to_json(&self) -> String {
        let file = LedgerFile {
            note: NOTE.to_string(),
            sorties: self.0.clone(),
        };
        serde_json::to_string_pretty(&file).expect("ledger serialises") + "\n"
    }
}

const NOTE: &str = "Empreintes SHA-256 des fichiers écrits par trame : un fichier modifié depuis est mis de côté avant d'être remplacé.";

#[derive(serde::Serialize, serde::Deserialize)]
struct LedgerFile {
    #[serde(default)]
    note: String,
    sorties: BTreeMap<String, String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard() -> Guard {
        Guard::empty()
    }

    #[test]
    fn a_file_read_in_pieces_compares_and_hashes_as_when_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.docx");
        // Longer than one piece, so that pieces are compared in turn.
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        assert!(holds(&path, &bytes).unwrap());
        let mut changed = bytes.clone();
        changed[150_000] ^= 1;
        assert!(!holds(&path, &changed).unwrap());
        assert!(!holds(&path, &bytes[..199_999]).unwrap());
        assert_eq!(file_sha256_hex(&path).unwrap(), sha256_hex(&bytes));
    }

    #[test]
    fn aside_names_carry_the_date_without_colons() {
        let when = chrono::NaiveDate::from_ymd_opt(2024, 5, 3)
            .unwrap()
            .and_hms_opt(14, 12, 9)
            .unwrap();
        assert_eq!(
            aside_path(Path::new("out/rapport.docx"), when),
            Path::new("out/rapport (modifié le 2024-05-03 à 14h12).docx")
        );
    }

    #[test]
    fn an_edited_output_is_kept_and_an_untouched_one_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write_outputs(
            root,
            &[("out/a.docx", b"v1"), ("out/b.docx", b"v1")],
            &guard(),
        )
        .unwrap();
        // The user edits a.docx; b.docx stays as trame wrote it.
        std::fs::write(root.join("out/a.docx"), b"edited").unwrap();
        let w = write_outputs(
            root,
            &[("out/a.docx", b"v2"), ("out/b.docx", b"v2")],
            &guard(),
        )
        .unwrap();
        assert_eq!(w.kept_aside.len(), 1);
        let k = &w.kept_aside[0];
        assert_eq!(k.output, "out/a.docx");
        assert!(k.recorded);
        assert!(k.kept.starts_with("out/a (modifié le "), "{}", k.kept);
        assert_eq!(std::fs::read(root.join(&k.kept)).unwrap(), b"edited");
        assert_eq!(std::fs::read(root.join("out/a.docx")).unwrap(), b"v2");
        // Written by trame now: the next build replaces it quietly.
        let w = write_outputs(root, &[("out/a.docx", b"v3")], &guard()).unwrap();
        assert!(w.kept_aside.is_empty());
    }

    #[test]
    fn an_unrecorded_different_file_is_kept_and_a_second_copy_gets_a_number() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("out")).unwrap();
        for round in 0..2 {
            std::fs::write(root.join("out/a.md"), format!("mine {round}")).unwrap();
            std::fs::remove_file(root.join(LEDGER)).ok();
            let w = write_outputs(root, &[("out/a.md", b"new")], &guard()).unwrap();
            assert!(!w.kept_aside[0].recorded);
            if round == 1 {
                assert!(
                    w.kept_aside[0].kept.ends_with(" 2.md"),
                    "{:?}",
                    w.kept_aside
                );
            }
        }
        // A stale output is removed only if trame wrote it as it is.
        assert_eq!(remove_stale(root, "out/a.md"), Stale::Removed);
        assert!(!root.join("out/a.md").exists());
        std::fs::write(root.join("out/a.md"), b"mine").unwrap();
        assert_eq!(remove_stale(root, "out/a.md"), Stale::Left);
        assert_eq!(remove_stale(root, "out/none.pdf"), Stale::None);
        // Manifests are trame's own data: replaced without a copy.
        std::fs::write(root.join("out/a.manifest.json"), b"x").unwrap();
        let w = write_outputs(root, &[("out/a.manifest.json", b"y")], &guard()).unwrap();
        assert!(w.kept_aside.is_empty());
    }
}
