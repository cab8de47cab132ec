//! Scanning once: the proof that files passed the guard, carried from the
//! render to the writer, so that a document is scanned once per writing of
//! its bytes and never written unscanned.

use super::Guard;
use crate::diag::{Diagnostic, Problems, Result};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// Files the guard scanned and found clean, each by path and the SHA-256 of
/// the very bytes scanned. Only [`Guard::scan_files`] makes one (and
/// [`Scanned::joined`] unites them), so holding one for some bytes means
/// those bytes were scanned: bytes changed since (pagination's second
/// writing) no longer match and are refused until scanned again.
#[derive(Clone)]
pub struct Scanned {
    digests: HashMap<String, [u8; 32]>,
    /// The guard that scanned them, for what the writer adds (its record).
    guard: Guard,
}

impl std::fmt::Debug for Scanned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut paths: Vec<&String> = self.digests.keys().collect();
        paths.sort();
        f.debug_struct("Scanned").field("files", &paths).finish()
    }
}

/// How the writer clears files before writing them.
#[derive(Clone, Copy)]
pub enum Clearance<'a> {
    /// Scan every file now.
    Scan(&'a Guard),
    /// Files already scanned: each must match the proof, or nothing is written.
    Scanned(&'a Scanned),
}

impl Guard {
    /// Scans `files` (like [`Guard::check`]) and, when none leaks, returns
    /// the proof of it.
    pub fn scan_files(&self, files: &[(String, &[u8])]) -> Result<Scanned> {
        self.check(files)?;
        Ok(Scanned {
            digests: files
                .iter()
                .map(|(path, bytes)| (path.clone(), Sha256::digest(bytes).into()))
                .collect(),
            guard: self.clone(),
        })
    }
}

impl Scanned {
    /// One proof for the files of all `proofs`; what the writer adds is
    /// scanned by `guard`.
    pub fn joined<'a>(guard: &Guard, proofs: impl IntoIterator<Item = &'a Scanned>) -> Scanned {
        let mut digests = HashMap::new();
        for p in proofs {
            digests.extend(p.digests.iter().map(|(k, v)| (k.clone(), *v)));
        }
        Scanned {
            digests,
            guard: guard.clone(),
        }
    }

    /// The SHA-256 of the bytes scanned as `path`, in hexadecimal.
    pub fn digest_hex(&self, path: &str) -> Option<String> {
        self.digests.get(path).map(|d| {
            d.iter().fold(String::with_capacity(64), |mut s, b| {
                s.push_str(&format!("{b:02x}"));
                s
            })
        })
    }
}

impl Clearance<'_> {
    /// Every file cleared, or every problem: a leak found by a scan, or a
    /// file the proof does not cover with these very bytes.
    pub fn check(&self, files: &[(String, &[u8])]) -> Result<()> {
        let proof = match self {
            Clearance::Scan(guard) => return guard.check(files),
            Clearance::Scanned(proof) => proof,
        };
        let problems: Vec<Diagnostic> = files
            .iter()
            .filter(|(path, bytes)| {
                proof.digests.get(path) != Some(&<[u8; 32]>::from(Sha256::digest(bytes)))
            })
            .map(|(path, _)| {
                Diagnostic::file(
                    path.clone(),
                    "contrôle de confidentialité non fait sur ces octets : rien n'a été écrit",
                )
            })
            .collect();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Problems(problems))
        }
    }

    /// The guard for files the writer adds itself.
    pub fn guard(&self) -> &Guard {
        match self {
            Clearance::Scan(guard) => guard,
            Clearance::Scanned(proof) => &proof.guard,
        }
    }

    /// The SHA-256 of `path` already computed when cleared, if any.
    pub fn digest_hex(&self, path: &str) -> Option<String> {
        match self {
            Clearance::Scan(_) => None,
            Clearance::Scanned(proof) => proof.digest_hex(path),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_bytes_scanned_are_cleared() {
        let guard = Guard::empty();
        let proof = guard
            .scan_files(&[("out/a.docx".to_string(), b"v1".as_slice())])
            .unwrap();
        let cleared = Clearance::Scanned(&proof);
        assert!(cleared.check(&[("out/a.docx".into(), b"v1")]).is_ok());
        // Changed since the scan, or never scanned: refused.
        let changed = cleared.check(&[("out/a.docx".into(), b"v2")]).unwrap_err();
        assert!(changed.to_string().contains("out/a.docx"));
        assert!(cleared.check(&[("out/b.docx".into(), b"v1")]).is_err());
        let joined = Scanned::joined(&guard, [&proof]);
        assert!(
            Clearance::Scanned(&joined)
                .check(&[("out/a.docx".into(), b"v1")])
                .is_ok()
        );
        assert!(
            Clearance::Scanned(&Scanned::joined(&guard, []))
                .check(&[("out/a.docx".into(), b"v1")])
                .is_err()
        );
    }
}
