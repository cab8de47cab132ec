//! Reading an organisation's Word template as a package for the shell
//! (`shell`): its parts, relationships and images.

use super::shell::{attr, malformed};
use quick_xml::Reader;
use quick_xml::events::Event;
use std::collections::BTreeMap;
use std::io::Read;

pub const REL_IMAGE: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image";
pub const REL_LINK: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink";

const PART_MAX_BYTES: u64 = 16 * 1024 * 1024;

/// Relationships by id: type, target, external.
pub type Rels = BTreeMap<String, (String, String, bool)>;

/// The template's zip.
pub type Package<'a> = zip::ZipArchive<std::io::Cursor<&'a [u8]>>;

/// An image of the template, as `media/modeleN.png|jpeg` and its bytes.
pub fn image(
    zip: &mut Package,
    target: &str,
    count: &mut usize,
) -> Result<(String, Vec<u8>), String> {
    let name = part_name(target);
    let mut entry = zip
        .by_name(&name)
        .map_err(|_| format!("image {name} absente"))?;
    if entry.size() > PART_MAX_BYTES {
        return Err(format!("image {name} trop volumineuse"));
    }
    let mut bytes = Vec::new();
    entry
        .read_to_end(&mut bytes)
        .map_err(|_| format!("image {name} illisible"))?;
    let extension = match super::figure::image_size(&bytes) {
        Some(_) if bytes.starts_with(&[0xFF, 0xD8]) => "jpeg",
        Some(_) => "png",
        None => {
            return Err(format!(
                "image {name} dans un format non pris en charge (PNG ou JPEG seulement)"
            ));
        }
    };
    *count += 1;
    Ok((format!("media/modele{count}.{extension}"), bytes))
}

pub fn read_part(zip: &mut Package, name: &str) -> Result<Option<String>, String> {
    let Ok(mut entry) = zip.by_name(name) else {
        return Ok(None);
    };
    if entry.size() > PART_MAX_BYTES {
        return Err(format!("partie {name} trop volumineuse"));
    }
    let mut xml = String::new();
    entry
        .read_to_string(&mut xml)
        .map_err(|_| format!("partie {name} illisible (XML non UTF-8)"))?;
    Ok(Some(xml))
}

/// The relationships of a `.rels` part.
pub fn rels_of(xml: &str, place: &str) -> Result<Rels, String> {
    let mut reader = Reader::from_str(xml);
    let mut rels = Rels::new();
    loop {
        match reader.read_event().map_err(|_| malformed(place))? {
            Event::Eof => return Ok(rels),
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "Relationship" => {
                if let (Some(id), Some(kind), Some(target)) =
                    (attr(&e, "Id"), attr(&e, "Type"), attr(&e, "Target"))
                {
                    let external = attr(&e, "TargetMode").as_deref() == Some("External");
                    rels.insert(id, (kind, target, external));
                }
            }
            _ => {}
        }
    }
}

/// A `.rels` part for `rels`.
pub fn rels_xml(rels: &Rels) -> String {
    let mut s = format!(
        "{}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
        super::xml::DECL
    );
    for (id, (kind, target, external)) in rels {
        let mode = if *external {
            " TargetMode=\"External\""
        } else {
            ""
        };
        s += &format!(
            "<Relationship Id=\"{}\" Type=\"{}\" Target=\"{}\"{mode}/>",
            super::xml::attr(id),
            super::xml::attr(kind),
            super::xml::attr(target)
        );
    }
    s + "</Relationships>"
}

/// The part a target of `word/_rels/…` names.
pub fn part_name(target: &str) -> String {
    match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("word/{target}"),
    }
}

/// `word/header1.xml` → `word/_rels/header1.xml.rels`.
pub fn rels_name(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}
