//! Styles taken from an organisation's own Word file (`reference_docx`), as
//! Pandoc's `--reference-doc`: its style definitions win; the styles trame
//! needs and the file lacks are added from the house style.

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, Writer};
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
    // Parsed whole now, so that merging it later cannot fail.
    merge(&xml, "<w:styles/>", "fr-FR")?;
    Ok(xml)
}

/// The reference styles, with `ours` added where the reference has no style
/// of the same id, numbering links removed (the reference's numbering part is
/// not copied) and every language set to `lang`.
///
/// Both parts are read and written with an XML library (never edited as
/// strings): what comes out is well-formed whatever the reference holds, and
/// `lang` is escaped like any attribute value. A reference that is not
/// well-formed is refused.
pub fn merge(reference: &str, ours: &str, lang: &str) -> Result<String, String> {
    let present = style_ids(reference)?;
    let added = missing_styles(ours, &present)?;
    let mut reader = Reader::from_str(reference);
    let mut writer = Writer::new(Vec::with_capacity(reference.len() + ours.len()));
    let mut skipping = 0usize;
    loop {
        let event = reader.read_event().map_err(malformed)?;
        match &event {
            Event::Eof => break,
            _ if skipping > 0 => match event {
                Event::Start(_) => skipping += 1,
                Event::End(_) => skipping -= 1,
                _ => {}
            },
            Event::Start(e) if e.name().as_ref() == "w:numPr" => skipping = 1,
            Event::Empty(e) if e.name().as_ref() == "w:numPr" => {}
            Event::Empty(e) if e.name().as_ref() == "w:lang" => {
                writer
                    .write_event(Event::Empty(with_language(e, lang)))
                    .map_err(malformed)?;
            }
            Event::End(e) if e.name().as_ref() == "w:styles" => {
                for added in &added {
                    writer.write_event(added.clone()).map_err(malformed)?;
                }
                writer.write_event(event.clone()).map_err(malformed)?;
            }
            _ => writer.write_event(event.clone()).map_err(malformed)?,
        }
    }
    String::from_utf8(writer.into_inner()).map_err(|_| "styles illisibles (XML non UTF-8)".into())
}

fn malformed(e: impl std::fmt::Display) -> String {
    let _ = e;
    "styles illisibles (XML mal formé dans word/styles.xml)".to_string()
}

/// `w:lang` with its `w:val` set to `lang`, other attributes kept.
fn with_language(e: &BytesStart, lang: &str) -> BytesStart<'static> {
    let mut out = BytesStart::new("w:lang");
    out.push_attribute(("w:val", lang));
    for a in e.attributes().flatten() {
        if a.key.as_ref() != "w:val" {
            out.push_attribute(a);
        }
    }
    out.into_owned()
}

/// The `w:styleId` of every style of a styles part.
fn style_ids(xml: &str) -> Result<Vec<String>, String> {
    let mut reader = Reader::from_str(xml);
    let mut ids = Vec::new();
    let mut depth = 0usize;
    loop {
        let event = reader.read_event().map_err(malformed)?;
        if let Event::Start(e) | Event::Empty(e) = &event
            && e.name().as_ref() == "w:style"
            && let Some(id) = style_id(e)
        {
            ids.push(id);
        }
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            // A truncated part: elements left open.
            Event::Eof if depth > 0 => return Err(malformed("")),
            Event::Eof => return Ok(ids),
            _ => {}
        }
    }
}

fn style_id(e: &BytesStart) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == "w:styleId")
        .map(|a| a.value.to_string())
}

/// The events of every style of `ours` whose id is not in `present`.
fn missing_styles(ours: &str, present: &[String]) -> Result<Vec<Event<'static>>, String> {
    let mut reader = Reader::from_str(ours);
    let mut out = Vec::new();
    let mut depth = 0usize;
    loop {
        let event = reader.read_event().map_err(malformed)?;
        match &event {
            Event::Eof => return Ok(out),
            Event::Start(e)
                if depth == 0
                    && e.name().as_ref() == "w:style"
                    && style_id(e).is_some_and(|id| !present.contains(&id)) =>
            {
                depth = 1;
                out.push(event.into_owned());
            }
            _ if depth > 0 => {
                match event {
                    Event::Start(_) => depth += 1,
                    Event::End(_) => depth -= 1,
                    _ => {}
                }
                out.push(event.into_owned());
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::merge;

    #[test]
    fn reference_styles_win_and_missing_ones_are_added() {
        let reference = r#"<w:styles><w:style w:type="paragraph" w:styleId="Heading1"><w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr><w:rPr><w:color w:val="FF0000"/><w:lang w:val="en-US"/></w:rPr></w:style></w:styles>"#;
        let ours = r#"<w:styles><w:style w:type="paragraph" w:styleId="Heading1"><w:rPr><w:color w:val="0033A0"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/></w:style></w:styles>"#;
        let merged = merge(reference, ours, "fr-FR").unwrap();
        assert!(merged.contains("FF0000"));
        assert!(!merged.contains("0033A0"));
        assert!(merged.contains(r#"w:styleId="Caption""#));
        assert!(!merged.contains("numPr"));
        assert!(merged.contains(r#"<w:lang w:val="fr-FR"/>"#));
    }

    #[test]
    fn languages_are_escaped_and_malformed_references_refused() {
        let reference = r#"<w:styles><w:style w:styleId="A"><w:rPr><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:style></w:styles>"#;
        let merged = merge(reference, "<w:styles/>", "fr\"FR").unwrap();
        assert!(
            merged.contains(r#"<w:lang w:val="fr&quot;FR" w:eastAsia="zh-CN"/>"#),
            "{merged}"
        );
        assert!(merge("<w:styles><w:style>", "<w:styles/>", "fr-FR").is_err());
    }
}
