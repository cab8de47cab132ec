//! Opening a returned .docx safely: whatever the bytes, a clear French error
//! or the parts we need, never a panic, never unbounded memory.

use std::io::Read;

/// Limits against hostile files (zip bombs, huge parts).
pub const MAX_FILE_BYTES: u64 = 200 * 1024 * 1024;
pub const MAX_ENTRIES: usize = 10_000;
pub const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;
pub const MAX_TOTAL_BYTES: u64 = 1024 * 1024 * 1024;

/// The parts of a returned document that the reader uses.
#[derive(Debug, Default)]
pub struct Package {
    pub document: String,
    pub styles: Option<String>,
    pub comments: Option<String>,
    pub comments_extended: Option<String>,
    pub footnotes: Option<String>,
    pub endnotes: Option<String>,
    /// Headers and footers, by part name, in name order.
    pub headers_footers: Vec<(String, String)>,
    /// Custom XML parts (one may be trame's manifest).
    pub custom_xml: Vec<String>,
}

/// Reads and checks a returned file.
pub fn open(bytes: &[u8]) -> Result<Package, String> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "fichier trop volumineux ({} Mo ; au plus {} Mo)",
            bytes.len() / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        ));
    }
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
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("archive .docx illisible ou tronquée ({e})"))?;
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
    let declared: u64 = (0..zip.len())
        .filter_map(|i| zip.by_index_raw(i).ok().map(|f| f.size()))
        .sum();
    if declared > MAX_TOTAL_BYTES {
        return Err(
            "archive suspecte : trop volumineuse une fois décompressée (bombe zip ?)".into(),
        );
    }
    let mut budget = MAX_TOTAL_BYTES;
    let mut read = |name: &str| -> Result<Option<String>, String> {
        let Ok(entry) = zip.by_name(name) else {
            return Ok(None);
        };
        let mut buf = Vec::new();
        // Never trust the declared size: stop reading past the limit.
        let limit = MAX_PART_BYTES.min(budget);
        entry
            .take(limit + 1)
            .read_to_end(&mut buf)
            .map_err(|e| format!("partie « {name} » illisible ({e})"))?;
        if buf.len() as u64 > limit {
            return Err(format!(
                "partie « {name} » trop volumineuse une fois décompressée (bombe zip ?)"
            ));
        }
        budget -= buf.len() as u64;
        String::from_utf8(buf)
            .map(Some)
            .map_err(|_| format!("partie « {name} » : le XML n'est pas en UTF-8"))
    };
    let document = read("word/document.xml")?.ok_or_else(|| {
        "word/document.xml absent : ce n'est pas un document Word (.docx)".to_string()
    })?;
    let mut package = Package {
        document,
        styles: read("word/styles.xml")?,
        comments: read("word/comments.xml")?,
        comments_extended: read("word/commentsExtended.xml")?,
        footnotes: read("word/footnotes.xml")?,
        endnotes: read("word/endnotes.xml")?,
        ..Package::default()
    };
    let mut header_names: Vec<&String> = names
        .iter()
        .filter(|n| {
            n.starts_with("word/")
                && (n.contains("/header") || n.contains("/footer"))
                && n.ends_with(".xml")
                && !n.contains("_rels")
        })
        .collect();
    header_names.sort();
    for name in header_names {
        if let Some(xml) = read(name)? {
            package.headers_footers.push((name.to_string(), xml));
        }
    }
    for name in names
        .iter()
        .filter(|n| n.starts_with("customXml/item") && !n.contains("Props") && n.ends_with(".xml"))
    {
        if let Some(xml) = read(name)? {
            package.custom_xml.push(xml);
        }
    }
    Ok(package)
}
