//! Opening a returned .docx safely: whatever the bytes, a clear French error
//! naming the part, or the parts we need, one at a time; never a panic,
//! never unbounded memory.
//!
//! Before anything is decompressed, the central directory is checked: number
//! of entries, the declared size of every entry and of the whole, and the
//! compression ratio of the parts the reader uses. Declared sizes can lie, so
//! each part is then read with a byte limit, and all parts share a budget.

use std::io::{Read, Seek, SeekFrom};

/// Limits against hostile files (zip bombs, huge parts).
pub const MAX_FILE_BYTES: u64 = 200 * 1024 * 1024;
pub const MAX_ENTRIES: usize = 10_000;
/// The largest XML part read (a 100 000-row table is about 110 MB).
pub const MAX_PART_BYTES: u64 = 192 * 1024 * 1024;
/// All parts read from one file, together.
pub const MAX_TOTAL_BYTES: u64 = 512 * 1024 * 1024;
/// Declared size of all entries (images included, though never read).
pub const MAX_DECLARED_BYTES: u64 = 2 * 1024 * 1024 * 1024;
/// Deflate cannot do better than about 1 000 to 1; XML rarely passes 50.
pub const MAX_RATIO: u64 = 400;
/// Parts smaller than this are not judged by their ratio.
const RATIO_FLOOR: u64 = 16 * 1024 * 1024;

/// An opened returned file, whose parts are read on demand.
pub struct Archive<R: Read + Seek> {
    zip: zip::ZipArchive<R>,
    /// Entry names, in archive order.
    pub names: Vec<String>,
    budget: u64,
}

/// Opens and checks a returned file (bytes in memory, or a file read as
/// needed): its kind, its entries, their sizes.
pub fn open<R: Read + Seek>(mut reader: R) -> Result<Archive<R>, String> {
    let unreadable = |_| "lecture impossible (fichier illisible)".to_string();
    let len = reader.seek(SeekFrom::End(0)).map_err(unreadable)?;
    if len > MAX_FILE_BYTES {
        return Err(format!(
            "fichier trop volumineux ({} Mo ; au plus {} Mo)",
            len / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        ));
    }
    reader.seek(SeekFrom::Start(0)).map_err(unreadable)?;
    let mut head = Vec::with_capacity(8);
    (&mut reader)
        .take(8)
        .read_to_end(&mut head)
        .map_err(unreadable)?;
    reader.seek(SeekFrom::Start(0)).map_err(unreadable)?;
    let bytes = head.as_slice();
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(
            "fichier protégé par mot de passe (chiffré) ou au format Word 97-2003 : \
enregistrez-le en .docx sans mot de passe puis relancez"
                .into(),
        );
    }
    if !bytes.starts_with(b"PK") {
        return Err(
            "ce n'est pas un document Word (.docx) : le fichier n'est pas une archive OOXML".into(),
        );
    }
    let mut zip = zip::ZipArchive::new(reader).map_err(|e| {
        format!(
            "archive .docx illisible ou tronquée ({})",
            zip_reason(&e, "répertoire de l'archive")
        )
    })?;
    if zip.len() > MAX_ENTRIES {
        return Err(format!(
            "archive suspecte : {} éléments (au plus {MAX_ENTRIES})",
            zip.len()
        ));
    }
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok())
        .map(|n| n.to_string())
        .collect();
    if names.iter().any(|n| n == "xl/workbook.xml") {
        return Err("c'est un classeur Excel (.xlsx), pas un document Word (.docx)".into());
    }
    if names.iter().any(|n| n == "ppt/presentation.xml") {
        return Err(
            "c'est une présentation PowerPoint (.pptx), pas un document Word (.docx)".into(),
        );
    }
    let mut declared: u64 = 0;
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index_raw(i) else {
            continue;
        };
        declared = declared.saturating_add(entry.size());
        let name = entry.name().unwrap_or_default().to_string();
        if !read_by_reader(&name) {
            continue;
        }
        if entry.size() > MAX_PART_BYTES {
            return Err(too_big(&name));
        }
        if entry.size() > RATIO_FLOOR && entry.size() / entry.compressed_size().max(1) > MAX_RATIO {
            return Err(format!(
                "partie « {name} » : taux de compression suspect ({} pour 1 ; bombe zip ?)",
                entry.size() / entry.compressed_size().max(1)
            ));
        }
    }
    if declared > MAX_DECLARED_BYTES {
        return Err(
            "archive suspecte : trop volumineuse une fois décompressée (bombe zip ?)".into(),
        );
    }
    Ok(Archive {
        zip,
        names,
        budget: MAX_TOTAL_BYTES,
    })
}

/// Whether the reader ever decompresses this entry.
fn read_by_reader(name: &str) -> bool {
    name.ends_with(".xml")
        && (name.starts_with("word/") || name.starts_with("customXml/item"))
        && !name.contains("_rels")
}

fn too_big(name: &str) -> String {
    format!("partie « {name} » trop volumineuse une fois décompressée (bombe zip ?)")
}

impl<R: Read + Seek> Archive<R> {
    /// Reads a part as UTF-8 text, or `None` when the archive lacks it.
    /// Never reads past the part limit or the file's remaining budget,
    /// whatever the archive declares.
    pub fn part(&mut self, name: &str) -> Result<Option<String>, String> {
        let entry = match self.zip.by_name(name) {
            Ok(entry) => entry,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => {
                return Err(format!(
                    "partie « {name} » illisible ({})",
                    zip_reason(&e, "élément")
                ));
            }
        };
        if entry.encrypted() {
            return Err(format!(
                "partie « {name} » chiffrée : enregistrez le document sans mot de passe"
            ));
        }
        let limit = MAX_PART_BYTES.min(self.budget);
        let mut buf = Vec::with_capacity(entry.size().min(limit) as usize);
        entry
            .take(limit + 1)
            .read_to_end(&mut buf)
            .map_err(|_| format!("partie « {name} » illisible (données compressées corrompues)"))?;
        if buf.len() as u64 > limit {
            return Err(too_big(name));
        }
        self.budget -= buf.len() as u64;
        String::from_utf8(buf).map(Some).map_err(|e| {
            format!(
                "partie « {name} » : le XML n'est pas en UTF-8 (octet {} invalide)",
                e.utf8_error().valid_up_to()
            )
        })
    }

    /// Header and footer parts, in name order.
    pub fn headers_footers(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .names
            .iter()
            .filter(|n| {
                n.starts_with("word/")
                    && (n.contains("/header") || n.contains("/footer"))
                    && n.ends_with(".xml")
                    && !n.contains("_rels")
            })
            .cloned()
            .collect();
        names.sort();
        names
    }

    /// Custom XML items (one may be trame's manifest), in archive order.
    pub fn custom_xml(&self) -> Vec<String> {
        self.names
            .iter()
            .filter(|n| {
                n.starts_with("customXml/item") && !n.contains("Props") && n.ends_with(".xml")
            })
            .cloned()
            .collect()
    }
}

/// A zip error in French, without the library's words.
fn zip_reason(e: &zip::result::ZipError, what: &str) -> String {
    use zip::result::ZipError;
    match e {
        ZipError::UnsupportedArchive(_) => {
            format!("{what} dans un format d'archive non pris en charge (chiffré ?)")
        }
        ZipError::CompressionMethodNotSupported(_) => {
            format!("{what} compressé d'une façon non prise en charge")
        }
        ZipError::InvalidPassword => format!("{what} chiffré"),
        ZipError::Io(_) | ZipError::InvalidArchive(_) => format!("{what} corrompu"),
        ZipError::FileNotFound => format!("{what} introuvable"),
        _ => format!("{what} illisible"),
    }
}
