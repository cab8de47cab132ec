//! An organisation's own Word file (`reference_docx`) used as the shell of
//! every document: besides its styles (`reference`), its cover page, its
//! headers and footers (their images included) and its page margins are
//! kept, and the `{{ … }}` fields typed in them (`shell_fields`) are filled
//! from trame.yaml. The generated body follows the template's cover.
//!
//! The cover is the template's body up to its first page break or section
//! break (the whole body when it has none); the text after it is the
//! template's sample and is left out. Headers and footers are those of the
//! template's last section: default, and first page when the template has
//! a different first page (which then holds the cover). Images must be PNG
//! or JPEG. Bookmarks, comments, note references and list numbering of the
//! copied parts are dropped (their targets are not copied); hyperlinks of
//! the cover keep their text.

use super::figure::Media;
use super::shell_fields;
use super::shell_package::{
    REL_IMAGE, REL_LINK, Rels, image, part_name, read_part, rels_name, rels_of, rels_xml,
};
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, Writer};

/// What the documents take from the template.
#[derive(Debug, Clone, Default)]
pub struct Shell {
    /// The cover's top-level elements, fields not filled; empty for none.
    cover: String,
    /// The cover's images, with the relationship ids the cover uses.
    cover_media: Vec<Media>,
    /// Default header, first-page header, default footer, first-page footer.
    parts: [Option<Part>; 4],
    /// The template's page margins in centimetres: top, bottom, left, right.
    pub margins: Option<[f64; 4]>,
}

/// A header or footer part of the template.
#[derive(Debug, Clone)]
struct Part {
    xml: String,
    /// Its relationships part, when it has relationships.
    rels: Option<String>,
    media: Vec<(String, Vec<u8>)>,
}

/// A header or footer, filled, with its relationships and images.
pub struct FilledPart {
    pub xml: String,
    pub rels: Option<String>,
    /// (part name inside `word/`, bytes)
    pub media: Vec<(String, Vec<u8>)>,
}

/// Namespaces the document part declares on its root (`xml::root_open`).
const OUR_NAMESPACES: [&str; 5] = ["xmlns:w", "xmlns:r", "xmlns:wp", "xmlns:a", "xmlns:pic"];

impl Shell {
    /// Reads the shell from a .docx file's bytes; French messages for what
    /// cannot be used.
    pub fn read(docx: &[u8]) -> Result<Shell, String> {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx))
            .map_err(|_| "ce n'est pas un document Word (.docx)".to_string())?;
        let document = read_part(&mut zip, "word/document.xml")?
            .ok_or("le document ne contient pas de corps (word/document.xml absent)")?;
        let rels = match read_part(&mut zip, "word/_rels/document.xml.rels")? {
            Some(xml) => rels_of(&xml, "word/_rels/document.xml.rels")?,
            None => Rels::new(),
        };
        let body = Body::read(&document)?;
        let mut media_count = 0;
        let mut shell = Shell {
            margins: body.margins,
            ..Shell::default()
        };
        if body.cover_has_content {
            let mut cover_media = Vec::new();
            let mut remap = |id: &str| -> Result<Option<String>, String> {
                let Some((kind, target, external)) = rels.get(id) else {
                    return Err(format!(
                        "relation « {id} » absente de word/_rels/document.xml.rels"
                    ));
                };
                match kind.as_str() {
                    REL_IMAGE if !external => {
                        let (name, bytes) = image(&mut zip, target, &mut media_count)?;
                        let rel_id = format!("rIdShell{media_count}");
                        cover_media.push(Media {
                            rel_id: rel_id.clone(),
                            name,
                            bytes,
                        });
                        Ok(Some(rel_id))
                    }
                    REL_LINK => Ok(None),
                    _ => Err(unsupported(kind, "la page de couverture")),
                }
            };
            let mut cover = String::new();
            for chunk in &body.cover {
                cover += &clean(chunk, &mut remap, 100_000, &body.namespaces)?;
            }
            check_fields(&cover, "la page de couverture")?;
            shell.cover = cover;
            shell.cover_media = cover_media;
        }
        for (slot, reference) in body.references.iter().enumerate() {
            let Some(id) = reference else { continue };
            let Some((_, target, false)) = rels.get(id) else {
                return Err(format!(
                    "relation « {id} » absente de word/_rels/document.xml.rels"
                ));
            };
            let name = part_name(target);
            let xml =
                read_part(&mut zip, &name)?.ok_or_else(|| format!("partie {name} absente"))?;
            let rels_name = rels_name(&name);
            let part_rels = match read_part(&mut zip, &rels_name)? {
                Some(x) => rels_of(&x, &rels_name)?,
                None => Rels::new(),
            };
            let mut media = Vec::new();
            let mut kept = Rels::new();
            let mut remap = |id: &str| -> Result<Option<String>, String> {
                let Some((kind, target, external)) = part_rels.get(id) else {
                    return Err(format!("relation « {id} » absente de {rels_name}"));
                };
                match kind.as_str() {
                    REL_IMAGE if !external => {
                        let (new_name, bytes) = image(&mut zip, target, &mut media_count)?;
                        kept.insert(id.to_string(), (kind.clone(), new_name.clone(), false));
                        media.push((new_name, bytes));
                        Ok(Some(id.to_string()))
                    }
                    REL_LINK => {
                        kept.insert(id.to_string(), (kind.clone(), target.clone(), *external));
                        Ok(Some(id.to_string()))
                    }
                    _ => Err(unsupported(kind, &name)),
                }
            };
            let xml = clean(&xml, &mut remap, 200_000 + 1_000 * slot, &[])?;
            check_fields(&xml, &name)?;
            shell.parts[slot] = Some(Part {
                xml,
                rels: (!kept.is_empty()).then(|| rels_xml(&kept)),
                media,
            });
        }
        if !body.title_page {
            // No different first page: the cover shows the default ones.
            shell.parts[1] = shell.parts[0].clone();
            shell.parts[3] = shell.parts[2].clone();
        }
        Ok(shell)
    }

    /// Whether the template has a cover page.
    pub fn has_cover(&self) -> bool {
        !self.cover.is_empty()
    }

    /// The cover, its fields filled by `value`, and its images.
    pub fn cover(&self, value: &dyn Fn(&str) -> Option<String>) -> (String, Vec<Media>) {
        // Fields were checked when the template was read.
        let xml = shell_fields::fill(&self.cover, value).unwrap_or_else(|_| self.cover.clone());
        (xml, self.cover_media.clone())
    }

    /// Header or footer `slot` (0 default header, 1 first-page header, 2
    /// default footer, 3 first-page footer) filled by `value`; `None` when
    /// the template has none there.
    pub fn part(&self, slot: usize, value: &dyn Fn(&str) -> Option<String>) -> Option<FilledPart> {
        let part = self.parts.get(slot)?.as_ref()?;
        Some(FilledPart {
            xml: shell_fields::fill(&part.xml, value).unwrap_or_else(|_| part.xml.clone()),
            rels: part.rels.clone(),
            media: part.media.clone(),
        })
    }
}

/// The header and footer parts of a document (`word/header1.xml`: default,
/// `header2.xml`: first page, the same for footers): the shell's, fields
/// filled from the document's cover, with their relationships and images;
/// or trame's own (short title above, page numbers below, none on the
/// cover).
pub fn page_parts(
    doc: &crate::model::Document,
    opts: &super::WriteOptions,
) -> Vec<(String, Vec<u8>)> {
    use super::package;
    let cover = doc
        .blocks
        .iter()
        .find_map(|b| match b {
            crate::model::Block::Cover(c) => Some(c.clone()),
            _ => None,
        })
        .unwrap_or_else(|| crate::model::Cover {
            title: opts.properties.title.clone(),
            short_title: opts.short_title.clone(),
            ..Default::default()
        });
    let value = |name: &str| Some(super::cover::field(&cover, name).to_string());
    let names = ["header1", "header2", "footer1", "footer2"];
    let slots = [0, 1, 2, 3];
    let mut out = Vec::new();
    for (name, slot) in names.into_iter().zip(slots) {
        let kind = if slot < 2 { "hdr" } else { "ftr" };
        let filled = opts.style.shell.as_ref().and_then(|s| s.part(slot, &value));
        let xml = match &filled {
            Some(part) => part.xml.clone(),
            None if opts.style.shell.is_some() => package::empty_part(kind),
            None => match slot {
                0 => package::header_xml(&opts.short_title),
                2 => package::footer_xml(),
                _ => package::empty_part(kind),
            },
        };
        out.push((format!("word/{name}.xml"), xml.into_bytes()));
        if let Some(part) = filled {
            if let Some(rels) = part.rels {
                out.push((format!("word/_rels/{name}.xml.rels"), rels.into_bytes()));
            }
            for (media, bytes) in part.media {
                out.push((format!("word/{media}"), bytes));
            }
        }
    }
    out
}

/// The template's body as read: cover elements, header and footer
/// references of its last section, first-page flag and margins.
struct Body {
    cover: Vec<String>,
    cover_has_content: bool,
    references: [Option<String>; 4],
    title_page: bool,
    margins: Option<[f64; 4]>,
    /// `xmlns:…` declarations of the template's root the document lacks.
    namespaces: Vec<(String, String)>,
}

impl Body {
    fn read(xml: &str) -> Result<Body, String> {
        let mut reader = Reader::from_str(xml);
        let mut body = Body {
            cover: Vec::new(),
            cover_has_content: false,
            references: [None, None, None, None],
            title_page: false,
            margins: None,
            namespaces: Vec::new(),
        };
        let mut depth = 0usize;
        let mut chunk: Option<Writer<Vec<u8>>> = None;
        let mut cover_done = false;
        let mut breaks_after = false;
        let mut in_final_sect = false;
        loop {
            let event = reader
                .read_event()
                .map_err(|_| malformed("word/document.xml"))?;
            match &event {
                Event::Eof if depth > 0 => return Err(malformed("word/document.xml")),
                Event::Eof => break,
                Event::Start(e) if depth == 0 => {
                    for a in e.attributes().flatten() {
                        let key = a.key.as_ref().to_string();
                        if key.starts_with("xmlns:") && !OUR_NAMESPACES.contains(&key.as_str()) {
                            body.namespaces.push((key, a.value.to_string()));
                        }
                    }
                }
                _ => {}
            }
            let top_level = depth == 2;
            match &event {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth = depth.saturating_sub(1),
                _ => {}
            }
            // The body's last section properties.
            if let Event::Start(e) | Event::Empty(e) = &event
                && top_level
                && e.name().as_ref() == "w:sectPr"
            {
                in_final_sect = matches!(event, Event::Start(_));
                continue;
            }
            if in_final_sect {
                if let Event::End(e) = &event
                    && e.name().as_ref() == "w:sectPr"
                {
                    in_final_sect = false;
                } else if let Event::Empty(e) | Event::Start(e) = &event {
                    body.section_property(e);
                }
                continue;
            }
            if cover_done || depth < 2 && chunk.is_none() {
                continue;
            }
            if matches!(event, Event::Start(_)) && top_level {
                chunk = Some(Writer::new(Vec::new()));
                breaks_after = false;
            }
            let Some(writer) = chunk.as_mut() else {
                continue;
            };
            match &event {
                Event::Empty(e) | Event::Start(e) => match e.name().as_ref() {
                    "w:pageBreakBefore" if !body.cover.is_empty() => {
                        // The break starts the next page: the cover ends before it.
                        cover_done = true;
                        chunk = None;
                        continue;
                    }
                    "w:br" if attr(e, "w:type").as_deref() == Some("page") => breaks_after = true,
                    "w:sectPr" => breaks_after = true,
                    "w:drawing" | "w:pict" | "w:object" => body.cover_has_content = true,
                    _ => {}
                },
                Event::Text(t) if !t.xml10_content().trim().is_empty() => {
                    body.cover_has_content = true
                }
                _ => {}
            }
            writer
                .write_event(event.clone())
                .map_err(|_| malformed("word/document.xml"))?;
            if depth == 2 && matches!(event, Event::End(_)) {
                let bytes = chunk.take().expect("chunk open").into_inner();
                body.cover
                    .push(String::from_utf8(bytes).map_err(|_| malformed("word/document.xml"))?);
                cover_done = breaks_after;
            }
        }
        Ok(body)
    }

    /// Reads one child of the last `w:sectPr`.
    fn section_property(&mut self, e: &BytesStart) {
        match e.name().as_ref() {
            "w:headerReference" | "w:footerReference" => {
                let footer = e.name().as_ref() == "w:footerReference";
                let slot = match attr(e, "w:type").as_deref() {
                    Some("first") => 1,
                    Some("even") => return,
                    _ => 0,
                } + if footer { 2 } else { 0 };
                self.references[slot] = attr(e, "r:id");
            }
            "w:titlePg" => {
                self.title_page = !matches!(attr(e, "w:val").as_deref(), Some("0" | "false"));
            }
            "w:pgMar" => {
                let cm = |name: &str| -> Option<f64> {
                    let twips: f64 = attr(e, name)?.parse().ok()?;
                    Some((twips / 567.0 * 100.0).round() / 100.0)
                };
                if let (Some(t), Some(b), Some(l), Some(r)) =
                    (cm("w:top"), cm("w:bottom"), cm("w:left"), cm("w:right"))
                {
                    self.margins = Some([t.abs(), b.abs(), l, r]);
                }
            }
            _ => {}
        }
    }
}

/// Elements dropped with their content: their targets are not copied, or
/// they end the cover.
const DROPPED: [&str; 13] = [
    "w:bookmarkStart",
    "w:bookmarkEnd",
    "w:commentRangeStart",
    "w:commentRangeEnd",
    "w:commentReference",
    "w:footnoteReference",
    "w:endnoteReference",
    "w:numPr",
    "w:lastRenderedPageBreak",
    "w:proofErr",
    "w:sectPr",
    "w:pageBreakBefore",
    "w:permStart",
];

/// Copies XML with the relationship ids of `remap` (`None`: an element
/// unwrapped, a hyperlink keeping its text), drawing ids numbered from
/// `first_id`, paragraph ids and the elements of [`DROPPED`] removed, page
/// breaks removed, and `namespaces` declared on each top-level element.
fn clean(
    xml: &str,
    remap: &mut dyn FnMut(&str) -> Result<Option<String>, String>,
    first_id: usize,
    namespaces: &[(String, String)],
) -> Result<String, String> {
    let mut reader = Reader::from_str(xml);
    let mut writer = Writer::new(Vec::with_capacity(xml.len()));
    let mut skipping = 0usize;
    // Per open element: whether its end tag is dropped (unwrapped element).
    let mut unwrapped: Vec<bool> = Vec::new();
    let mut next_id = first_id;
    let bad = || malformed("modèle");
    loop {
        let event = reader.read_event().map_err(|_| bad())?;
        if skipping > 0 {
            match event {
                Event::Start(_) => skipping += 1,
                Event::End(_) => skipping -= 1,
                Event::Eof => return Err(bad()),
                _ => {}
            }
            continue;
        }
        match event {
            Event::Eof => break,
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let name = e.name();
                let page_break =
                    name.as_ref() == "w:br" && attr(e, "w:type").as_deref() == Some("page");
                if DROPPED.contains(&name.as_ref()) || page_break {
                    if !empty {
                        skipping = 1;
                    }
                    continue;
                }
                let mut out = BytesStart::new(name.as_ref().to_string());
                let mut unwrap = false;
                if unwrapped.is_empty() && !namespaces.is_empty() {
                    for (k, v) in namespaces {
                        out.push_attribute((k.as_str(), v.as_str()));
                    }
                }
                for a in e.attributes().flatten() {
                    let key = a.key.as_ref();
                    let value = a
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_err(|_| bad())?
                        .to_string();
                    match key {
                        "w14:paraId" | "w14:textId" => {}
                        "id" if name.as_ref() == "wp:docPr" => {
                            out.push_attribute(("id", next_id.to_string().as_str()));
                            next_id += 1;
                        }
                        "r:embed" | "r:id" | "r:link" | "r:pict" => match remap(&value)? {
                            Some(id) => out.push_attribute((key, id.as_str())),
                            None => unwrap = true,
                        },
                        // The value was unescaped: pushed as text, it is escaped again.
                        _ => out.push_attribute((key, value.as_str())),
                    }
                }
                if unwrap {
                    if !empty {
                        unwrapped.push(true);
                    }
                    continue;
                }
                if empty {
                    writer.write_event(Event::Empty(out)).map_err(|_| bad())?;
                } else {
                    unwrapped.push(false);
                    writer.write_event(Event::Start(out)).map_err(|_| bad())?;
                }
            }
            Event::End(_) => {
                if !unwrapped.pop().ok_or_else(bad)? {
                    writer.write_event(event).map_err(|_| bad())?;
                }
            }
            other => writer.write_event(other).map_err(|_| bad())?,
        }
    }
    String::from_utf8(writer.into_inner()).map_err(|_| bad())
}

/// Refuses a part whose fields trame does not know.
fn check_fields(xml: &str, place: &str) -> Result<(), String> {
    let known = |name: &str| shell_fields::known(name).then(String::new);
    shell_fields::fill(xml, &known).map(|_| ()).map_err(|name| {
        if name.is_empty() {
            malformed(place)
        } else {
            format!(
                "champ « {{{{ {name} }}}} » inconnu dans {place} (champs possibles : titre, sous_titre, titre_court, type, organisation, programme, reference, version, date, mention)"
            )
        }
    })
}

pub(super) fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.to_string())
        })
}

fn unsupported(kind: &str, place: &str) -> String {
    let what = kind.rsplit('/').next().unwrap_or(kind);
    format!(
        "{place} contient un objet non pris en charge (relation de type « {what} ») : retirez-le du modèle"
    )
}

pub(super) fn malformed(place: &str) -> String {
    format!("XML mal formé dans {place}")
}
