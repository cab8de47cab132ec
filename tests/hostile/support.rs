//! Assertions shared by the hostile cases.
#![allow(dead_code)]

use crate::common::*;
use std::path::Path;
use std::process::Output;

/// Fragments of library or runtime messages that must never reach a user.
const FOREIGN: &[&str] = &[
    "panicked",
    "memory allocation",
    "stack overflow",
    "RUST_BACKTRACE",
    "error:",
    "Error",
    "os error",
    "EOF while",
    "invalid Zip",
    "password protected",
    "cannot start any token",
    "is unknown",
    "does not exist",
    "unsupported types",
    "expected",
];

/// A secret that a hostile case may plant outside the project (or in a
/// confidential column): it must appear in no output and no message.
pub const SECRET: &str = "SECRET-HORS-PROJET-7Q";

/// Checks a refusal: exit code 1, a French message that contains every
/// `expected` fragment (the place and the reason), no English library
/// fragment, no panic, and `SECRET` nowhere. Returns stderr.
pub fn refused(out: &Output, expected: &[&str]) -> String {
    let err = stderr(out);
    let all = format!("{}{}", stdout(out), err);
    assert_eq!(out.status.code(), Some(1), "exit code; stderr:\n{err}");
    for fragment in expected {
        assert!(err.contains(fragment), "missing « {fragment} » in:\n{err}");
    }
    for foreign in FOREIGN {
        assert!(
            !all.contains(foreign),
            "foreign fragment « {foreign} » in:\n{all}"
        );
    }
    assert!(!all.contains(SECRET), "secret leaked in a message:\n{all}");
    assert!(
        err.starts_with("trame : "),
        "message not in trame's form:\n{err}"
    );
    err
}

/// Builds `dir` once (must succeed), returns the snapshot of `out/`.
pub fn built_once(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let ok = trame(dir, &["build"]);
    assert!(
        ok.status.success(),
        "first build must pass: {}",
        stderr(&ok)
    );
    snapshot(&dir.join("out"))
}

/// Asserts that `out/` is byte-identical to `before`.
pub fn unchanged(dir: &Path, before: &[(std::path::PathBuf, Vec<u8>)]) {
    assert!(
        snapshot(&dir.join("out")) == before,
        "out/ must be left as it was"
    );
}

/// Asserts that no file below `dir` contains `needle`, in any zip part too.
pub fn nowhere(dir: &Path, needle: &str) {
    for (path, bytes) in snapshot(dir) {
        assert!(
            !contains(&bytes, needle.as_bytes()),
            "« {needle} » found in {}",
            path.display()
        );
        if bytes.starts_with(b"PK")
            && let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(&bytes))
        {
            for i in 0..zip.len() {
                let mut entry = zip.by_index(i).expect("entry");
                let mut part = Vec::new();
                std::io::Read::read_to_end(&mut entry, &mut part).expect("read part");
                assert!(
                    !contains(&part, needle.as_bytes()),
                    "« {needle} » found in {} ({})",
                    path.display(),
                    entry.name().unwrap_or_default()
                );
            }
        }
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}
