//! Styles taken from an organisation's own Word file (`reference_docx`), as
//! Pandoc's `--reference-doc`: its style definitions win; the styles trame
//! needs and the file lacks are added from the house style.

use std::io::Read;

/// Reads `word/styles.xml` from a .docx file's bytes.
pub fn styles_of(docx: &[u8]) -> Result<String, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx))
        .map_err(|_| "ce n'est pas un document Word (.docx)".to_string())?;
    let mut entry = zip.by_name("word/styles.xml").map_err(|_| {
        "le document ne contient pas de styles (word/styles.xml absent)".to_string()
    })?;
    if entry.size() > 16 * 1024 * 1024 {
        return Err("styles trop volumineux".into());
    }
    let mut xml = String::new();
    entry
        .read_to_string(&mut xml)
        .map_err(|_| "styles illisibles (XML non UTF-8)".to_string())?;
    if !xml.contains("<w:styles") {
        return Err("styles illisibles (élément w:styles absent)".into());
    }
    Ok(xml)
}

/// The reference styles, with `ours` added where the reference has no style
/// of the same id, numbering links removed (the reference's numbering part is
/// not copied) and every language set to `lang`.
pub fn merge(reference: &str, ours: &str, lang: &str) -> String {
    let present: Vec<&str> = ids(reference).collect();
    let mut added = String::new();
    let mut rest = ours;
    while let Some(start) = rest.find("<w:style ") {
        let Some(end) = rest[start..].find("</w:style>") else {
            break;
        };
        let element = &rest[start..start + end + "</w:style>".len()];
        if let Some(id) = ids(element).next()
            && !present.contains(&id)
        {
            added.push_str(element);
        }
        rest = &rest[start + end..];
    }
    let mut merged = strip_elements(reference, "<w:numPr>", "</w:numPr>");
    merged = set_languages(&merged, lang);
    match merged.rfind("</w:styles>") {
        Some(i) => {
            merged.insert_str(i, &added);
            merged
        }
        None => ours.to_string(),
    }
}

fn ids(xml: &str) -> impl Iterator<Item = &str> {
    xml.split("w:styleId=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
}

fn strip_elements(xml: &str, open: &str, close: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(i) = rest.find(open) {
        out.push_str(&rest[..i]);
        match rest[i..].find(close) {
            Some(j) => rest = &rest[i + j + close.len()..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// `<w:lang w:val="en-US" …/>` → `<w:lang w:val="fr-FR" …/>`.
fn set_languages(xml: &str, lang: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    let key = "<w:lang w:val=\"";
    while let Some(i) = rest.find(key) {
        out.push_str(&rest[..i + key.len()]);
        out.push_str(lang);
        let after = &rest[i + key.len()..];
        rest = &after[after.find('"').unwrap_or(after.len())..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::merge;

    #[test]
    fn reference_styles_win_and_missing_ones_are_added() {
        let reference = r#"<w:styles><w:style w:type="paragraph" w:styleId="Heading1"><w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr><w:rPr><w:color w:val="FF0000"/><w:lang w:val="en-US"/></w:rPr></w:style></w:styles>"#;
        let ours = r#"<w:styles><w:style w:type="paragraph" w:styleId="Heading1"><w:rPr><w:color w:val="0033A0"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/></w:style></w:styles>"#;
        let merged = merge(reference, ours, "fr-FR");
        assert!(merged.contains("FF0000"));
        assert!(!merged.contains("0033A0"));
        assert!(merged.contains(r#"w:styleId="Caption""#));
        assert!(!merged.contains("numPr"));
        assert!(merged.contains(r#"<w:lang w:val="fr-FR"/>"#));
    }
}
