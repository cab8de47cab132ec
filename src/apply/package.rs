//! One entry of a zip package (a workbook) read, or replaced while every
//! other entry is copied byte for byte, compressed data included.

use std::io::{Cursor, Read, Write};

/// Largest entry read (a sheet of a few hundred thousand cells).
const MAX_ENTRY_BYTES: u64 = 256 << 20;

/// The text of entry `name`, `None` when the package has none.
pub fn read_entry(bytes: &[u8], name: &str) -> Result<Option<String>, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| "ce n'est pas un classeur lisible (archive zip invalide)".to_string())?;
    let Ok(entry) = archive.by_name(name) else {
        return Ok(None);
    };
    let mut text = String::new();
    entry
        .take(MAX_ENTRY_BYTES)
        .read_to_string(&mut text)
        .map_err(|_| {
            format!("partie « {name} » illisible (archive endommagée ou texte non UTF-8)")
        })?;
    Ok(Some(text))
}

/// The package with entry `name` holding `content` instead, in the same
/// place and with the same compression; every other entry is copied as it
/// is stored.
pub fn replace_entry(bytes: &[u8], name: &str, content: &[u8]) -> Result<Vec<u8>, String> {
    replace_entries(bytes, &[(name, content)])
}

/// The package with each named entry holding its new content (see
/// [`replace_entry`]), in one copy.
pub fn replace_entries(bytes: &[u8], changed: &[(&str, &[u8])]) -> Result<Vec<u8>, String> {
    let damaged = |_| "archive zip endommagée : le classeur n'a pas été modifié".to_string();
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len() + 64)));
    let mut found = 0;
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(damaged)?;
        let entry_name = entry.name().map_err(damaged)?.to_string();
        if let Some((name, content)) = changed.iter().find(|(n, _)| *n == entry_name) {
            found += 1;
            let method = entry.compression();
            let mut options = zip::write::SimpleFileOptions::default()
                .compression_method(method)
                .last_modified_time(entry.last_modified().unwrap_or_default());
            if method == zip::CompressionMethod::Deflated {
                // As for the Word files: a few per cent larger, several times faster.
                options = options.compression_level(Some(1));
            }
            drop(entry);
            out.start_file(name, options).map_err(damaged)?;
            out.write_all(content)
                .map_err(|_| "écriture du classeur impossible".to_string())?;
        } else {
            out.raw_copy_file(entry).map_err(damaged)?;
        }
    }
    if found < changed.len() {
        return Err("partie absente du classeur".to_string());
    }
    Ok(out.finish().map_err(damaged)?.into_inner())
}
