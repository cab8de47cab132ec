//! CSV files, streamed record by record into a sparse [`Grid`]. The
//! separator is the one the first line uses most (`;` in French exports,
//! else `,`); the text must be UTF-8 (a leading BOM is skipped). A NUL byte
//! (a UTF-16 export, or a binary file) and a record longer than
//! [`MAX_CSV_RECORD_BYTES`] (an unclosed quote) stop the reading at once.

use super::grid::{Grid, GridBuilder};
use super::limits::MAX_CSV_RECORD_BYTES;
use crate::diag::{Diagnostic, Location, Result};
use calamine::Data;
use std::io::{BufReader, Read};
use std::path::Path;

/// The error [`RecordGuard`] raises for an over-long record.
#[derive(Debug)]
pub struct RecordTooLong;

/// The error [`RecordGuard`] raises for a NUL byte, with its line (from 1).
#[derive(Debug)]
pub struct NulByte {
    pub line: u64,
}

impl std::fmt::Display for RecordTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("enregistrement trop long")
    }
}

impl std::error::Error for RecordTooLong {}

impl std::fmt::Display for NulByte {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "octet nul, ligne {}", self.line)
    }
}

impl std::error::Error for NulByte {}

/// Reads the rows of a CSV file.
pub fn read(path: &Path, file: &str) -> Result<Grid> {
    let at = |m: String| Diagnostic::file(file, m);
    let io = |e: std::io::Error| at(format!("lecture impossible ({})", crate::io_reason(&e)));
    super::limits::check_file_size(path, file)?;
    let mut head = Vec::new();
    std::fs::File::open(path)
        .map_err(io)?
        .take(1 << 16)
        .read_to_end(&mut head)
        .map_err(io)?;
    let bom = head.starts_with(b"\xEF\xBB\xBF");
    let delimiter = delimiter(&head[if bom { 3 } else { 0 }..]);
    let mut input = std::fs::File::open(path).map_err(io)?;
    if bom {
        input.read_exact(&mut [0u8; 3]).map_err(io)?;
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(BufReader::new(RecordGuard::new(input)));
    let mut builder = GridBuilder::new(file, "");
    let line_at = |line: u64| Location::Sheet {
        file: file.into(),
        sheet: String::new(),
        row: Some(u32::try_from(line).unwrap_or(u32::MAX)),
    };
    let mut record = csv::ByteRecord::new();
    let mut row: u32 = 0;
    loop {
        let line = reader.position().line();
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(record_problem(&e, line_at(line)).into()),
        }
        for (col, field) in record.iter().enumerate() {
            let text = std::str::from_utf8(field).map_err(|_| {
                Diagnostic::new(
                    line_at(record.position().map_or(line, |p| p.line())),
                    "texte non encodé en UTF-8 : enregistrez le fichier au format « CSV UTF-8 »",
                )
            })?;
            if !text.is_empty() {
                let col = u32::try_from(col).unwrap_or(u32::MAX);
                builder.push(row, col, Data::String(text.to_string()))?;
            }
        }
        row = row.saturating_add(1);
    }
    Ok(builder.finish())
}

/// `;` when the first line holds more of them than of `,`.
pub(crate) fn delimiter(head: &[u8]) -> u8 {
    let first = head.split(|&b| b == b'\n').next().unwrap_or(&[]);
    let count = |c: u8| first.iter().filter(|&&b| b == c).count();
    if count(b';') > count(b',') {
        b';'
    } else {
        b','
    }
}

/// The French reason for a record that could not be read, at its place.
fn record_problem(e: &csv::Error, place: Location) -> Diagnostic {
    if let csv::ErrorKind::Io(io) = e.kind()
        && let Some(nul) = io.get_ref().and_then(|i| i.downcast_ref::<NulByte>())
    {
        let Location::Sheet { file, .. } = place else {
            unreachable!("CSV places are lines")
        };
        return Diagnostic::new(
            Location::Sheet {
                file,
                sheet: String::new(),
                row: Some(u32::try_from(nul.line).unwrap_or(u32::MAX)),
            },
            "caractère nul (octet 0) : ce fichier n'est pas un CSV texte (export UTF-16 ?) ; enregistrez-le au format « CSV UTF-8 »",
        );
    }
    Diagnostic::new(place, super::messages::csv_reason(e))
}

/// A reader that fails on a NUL byte, or once a record (the bytes since the
/// last line break outside double quotes) exceeds the limit, before the CSV
/// reader buffers it.
pub struct RecordGuard<R> {
    inner: R,
    quoted: bool,
    run: u64,
    line: u64,
}

impl<R: Read> RecordGuard<R> {
    pub fn new(inner: R) -> Self {
        RecordGuard {
            inner,
            quoted: false,
            run: 0,
            line: 1,
        }
    }
}

impl<R: Read> Read for RecordGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        for &b in &buf[..n] {
            match b {
                0 => return Err(std::io::Error::other(NulByte { line: self.line })),
                b'"' => self.quoted = !self.quoted,
                b'\n' => {
                    self.line += 1;
                    if !self.quoted {
                        self.run = 0;
                        continue;
                    }
                }
                _ => {}
            }
            self.run += 1;
            if self.run > MAX_CSV_RECORD_BYTES {
                return Err(std::io::Error::other(RecordTooLong));
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guard_finds_nul_bytes_and_endless_quotes() {
        let mut sink = Vec::new();
        let e = RecordGuard::new(&b"a;b\nc\0d\n"[..])
            .read_to_end(&mut sink)
            .unwrap_err();
        assert_eq!(e.get_ref().unwrap().to_string(), "octet nul, ligne 2");
        let endless = format!("\"{}", "x\n".repeat(MAX_CSV_RECORD_BYTES as usize));
        let e = RecordGuard::new(endless.as_bytes())
            .read_to_end(&mut sink)
            .unwrap_err();
        assert!(e.get_ref().unwrap().is::<RecordTooLong>());
    }

    #[test]
    fn semicolons_win_when_the_first_line_has_more() {
        assert_eq!(delimiter(b"a;b;c,d\n1,2"), b';');
        assert_eq!(delimiter(b"a,b\n"), b',');
    }
}
