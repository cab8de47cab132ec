//! What kind of file a data source is (from its first bytes, not its name),
//! and the checks made on a workbook's zip directory before anything is
//! unpacked: declared sizes, compression ratios, encryption.

use super::limits::{
    MAX_LOADED_PART_BYTES, MAX_RATIO, MAX_UNPACKED_BYTES, MAX_XML_RUN_BYTES, RATIO_FLOOR_BYTES,
};
use super::messages::{self, PASSWORD};
use crate::diag::{Diagnostic, Problems, Result};
use crate::files::human_bytes;
use std::io::{BufReader, Read};
use std::path::Path;

/// The container format of a file, from its signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Magic {
    /// A zip archive: xlsx, ods, xlsb…
    Zip,
    /// A Compound File (OLE2): an Excel 97-2003 workbook, or an encrypted
    /// (password-protected) Office file.
    Cfb,
    /// Anything else.
    Other,
}

const CFB_SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Reads the first bytes of `path` (a regular file: see `resolve_input`).
pub fn sniff(path: &Path) -> std::io::Result<Magic> {
    let mut head = [0u8; 8];
    let mut file = std::fs::File::open(path)?;
    let mut n = 0;
    while n < head.len() {
        match file.read(&mut head[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(if head[..n].starts_with(b"PK") {
        Magic::Zip
    } else if head[..n] == CFB_SIGNATURE {
        Magic::Cfb
    } else {
        Magic::Other
    })
}

/// True when a Compound File holds an encrypted Office package (the form
/// Excel and LibreOffice give a password-protected .xlsx).
pub fn cfb_is_encrypted(path: &Path) -> std::io::Result<bool> {
    let needle: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let mut reader = BufReader::new(std::fs::File::open(path)?);
    let mut window: Vec<u8> = Vec::new();
    let mut chunk = vec![0u8; 1 << 16];
    loop {
        let n = reader.read(&mut chunk)?;
        if n == 0 {
            return Ok(false);
        }
        window.extend_from_slice(&chunk[..n]);
        if window.windows(needle.len()).any(|w| w == needle) {
            return Ok(true);
        }
        let keep = window.len().saturating_sub(needle.len());
        window.drain(..keep);
    }
}

/// One entry of a zip directory.
#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    /// Declared unpacked size.
    pub size: u64,
    pub packed: u64,
}

/// The directory of a workbook archive, checked.
#[derive(Debug)]
pub struct Archive {
    pub entries: Vec<Entry>,
}

impl Archive {
    pub fn has(&self, name: &str) -> bool {
        self.entries.iter().any(|e| e.name == name)
    }
}

/// Reads the zip directory of `path` and refuses, before unpacking
/// anything: an unreadable archive, an encrypted entry, a part whose
/// declared size is more than [`MAX_RATIO`] times its packed size, a part
/// held in memory whole beyond [`MAX_LOADED_PART_BYTES`] (`streamed` tells
/// which parts are read as a stream), and a total beyond
/// [`MAX_UNPACKED_BYTES`]. The zip reader then fails on any part that
/// unpacks beyond its declared size, so these sizes bound the work.
pub fn inspect(path: &Path, file: &str, streamed: impl Fn(&str) -> bool) -> Result<Archive> {
    let at = |m: String| Problems::from(Diagnostic::file(file, m));
    let reader = std::fs::File::open(path)
        .map_err(|e| at(format!("lecture impossible ({})", crate::io_reason(&e))))?;
    let mut zip =
        zip::ZipArchive::new(BufReader::new(reader)).map_err(|e| at(messages::zip_reason(&e)))?;
    let mut entries = Vec::with_capacity(zip.len());
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip
            .by_index_raw(i)
            .map_err(|e| at(messages::zip_reason(&e)))?;
        if entry.encrypted() {
            return Err(at(PASSWORD.into()));
        }
        let e = Entry {
            name: entry.name().unwrap_or_default().to_string(),
            size: entry.size(),
            packed: entry.compressed_size(),
        };
        if e.size > RATIO_FLOOR_BYTES && e.size / MAX_RATIO > e.packed {
            return Err(at(format!(
                "la partie « {} » se décompresserait en {} à partir de {} (plus de {} pour 1) : archive piégée (bombe zip), rien n'a été lu",
                e.name,
                human_bytes(e.size),
                human_bytes(e.packed),
                MAX_RATIO
            )));
        }
        if !streamed(&e.name) && e.size > MAX_LOADED_PART_BYTES {
            return Err(at(format!(
                "la partie « {} » fait {} une fois décompressée, au-delà de la limite de {} : rien n'a été lu",
                e.name,
                human_bytes(e.size),
                human_bytes(MAX_LOADED_PART_BYTES)
            )));
        }
        total = total.saturating_add(e.size);
        entries.push(e);
    }
    if total > MAX_UNPACKED_BYTES {
        return Err(at(format!(
            "le classeur fait {} une fois décompressé, au-delà de la limite de {} par source : rien n'a été lu",
            human_bytes(total),
            human_bytes(MAX_UNPACKED_BYTES)
        )));
    }
    Ok(Archive { entries })
}

/// Unpacks one part through [`XmlGuard`] without keeping it, so that a part
/// read by another library is known to hold no text or tag longer than
/// [`MAX_XML_RUN_BYTES`] (which would be buffered whole). Only parts larger
/// than that limit need it.
pub fn scan_part(path: &Path, file: &str, part: &str) -> Result<()> {
    let at = |m: String| Problems::from(Diagnostic::file(file, m));
    let reader = std::fs::File::open(path)
        .map_err(|e| at(format!("lecture impossible ({})", crate::io_reason(&e))))?;
    let mut zip =
        zip::ZipArchive::new(BufReader::new(reader)).map_err(|e| at(messages::zip_reason(&e)))?;
    let entry = zip
        .by_name(part)
        .map_err(|e| at(messages::zip_reason(&e)))?;
    std::io::copy(&mut XmlGuard::new(entry), &mut std::io::sink())
        .map_err(|e| at(messages::io_in_archive(&e, part)))?;
    Ok(())
}

/// A reader of XML that fails once a text node or a tag (the bytes between
/// two `<` or `>`) exceeds [`MAX_XML_RUN_BYTES`], before an XML parser
/// would buffer it whole.
pub struct XmlGuard<R> {
    inner: R,
    run: u64,
}

/// The error [`XmlGuard`] raises (inside an `io::Error`).
#[derive(Debug)]
pub struct RunTooLong;

impl std::fmt::Display for RunTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("texte trop long")
    }
}

impl std::error::Error for RunTooLong {}

impl<R: Read> XmlGuard<R> {
    pub fn new(inner: R) -> Self {
        XmlGuard { inner, run: 0 }
    }
}

impl<R: Read> Read for XmlGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        // Small reads keep every run inside one read under the limit.
        let cap = buf.len().min(1 << 16);
        let n = self.inner.read(&mut buf[..cap])?;
        let chunk = &buf[..n];
        // Runs longer than the limit span many reads: only the bytes after
        // the last boundary of each read matter.
        match chunk.iter().rposition(|&b| b == b'<' || b == b'>') {
            Some(i) => {
                let first = chunk.iter().position(|&b| b == b'<' || b == b'>');
                let head = first.unwrap_or(i) as u64;
                if self.run + head > MAX_XML_RUN_BYTES {
                    return Err(std::io::Error::other(RunTooLong));
                }
                self.run = (n - i - 1) as u64;
            }
            None => self.run += n as u64,
        }
        if self.run > MAX_XML_RUN_BYTES {
            return Err(std::io::Error::other(RunTooLong));
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guard_stops_long_texts_only() {
        let long = format!("<t>{}</t>", "a".repeat(MAX_XML_RUN_BYTES as usize + 1));
        let mut sink = Vec::new();
        let e = XmlGuard::new(long.as_bytes())
            .read_to_end(&mut sink)
            .unwrap_err();
        assert!(e.get_ref().is_some_and(|i| i.is::<RunTooLong>()));
        let many = "<c><v>1</v></c>".repeat(200_000);
        let mut sink = Vec::new();
        XmlGuard::new(many.as_bytes())
            .read_to_end(&mut sink)
            .unwrap();
        assert_eq!(sink.len(), many.len());
    }
}
