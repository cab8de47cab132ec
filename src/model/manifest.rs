//! The generation manifest: for every non-empty paragraph written (body and
//! footnotes), the text it shows and where it came from (blueprint line,
//! workbook cells with their values). The Word writer fills it while it
//! writes (the text each paragraph shows once tracked changes are
//! accepted); it is embedded in the package as a custom XML part (Word and
//! LibreOffice keep those) and written beside the output; the review reader
//! reads it back, so that comments and changes in a returned file can be
//! traced to the sources. Both sides use this module: it belongs to the
//! model, not to either of them.

use crate::model::{CellRef, LineRef};
use quick_xml::events::Event;
use serde::{Deserialize, Serialize};

/// Where the manifest lives inside the package.
pub const PART: &str = "customXml/item1.xml";
const NAMESPACE: &str = "urn:trame:manifest:1";

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Manifest {
    pub version: u32,
    pub document: String,
    pub units: Vec<Unit>,
}

/// One paragraph as generated.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// `document` or `footnotes`.
    pub part: &'static str,
    pub text: String,
    pub line: Option<LineRef>,
    pub cells: Vec<SourceCell>,
}

/// A workbook cell and the text it showed.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceCell {
    pub at: CellRef,
    pub value: String,
}

/// The JSON form is compact, as a manifest can have a million units: file
/// and sheet names are listed once and referred to by number, and a cell's
/// value is left out when it is the unit's text (a data table cell).
#[derive(Serialize, Deserialize)]
struct Wire<'a> {
    version: u32,
    document: std::borrow::Cow<'a, str>,
    files: Vec<String>,
    /// (file number, sheet name)
    sheets: Vec<(u32, String)>,
    units: Vec<WireUnit<'a>>,
}

#[derive(Serialize, Deserialize)]
struct WireUnit<'a> {
    /// 1 for footnotes, absent for the body.
    #[serde(default, skip_serializing_if = "is_zero")]
    n: u8,
    t: std::borrow::Cow<'a, str>,
    /// (file number, line)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    l: Option<(u32, u32)>,
    /// (sheet number, cell, value when it differs from the text)
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    c: Vec<(u32, super::A1, Option<std::borrow::Cow<'a, str>>)>,
}

fn is_zero(n: &u8) -> bool {
    *n == 0
}

impl Manifest {
    pub fn to_json(&self) -> String {
        use std::borrow::Cow::Borrowed;
        use std::collections::HashMap;
        let mut files: Vec<String> = Vec::new();
        let mut file_ix: HashMap<String, u32> = HashMap::new();
        let mut sheets: Vec<(u32, String)> = Vec::new();
        let mut sheet_ix: HashMap<(&str, &str), u32> = HashMap::new();
        let mut file_of = |f: &str, files: &mut Vec<String>| -> u32 {
            if let Some(i) = file_ix.get(f) {
                return *i;
            }
            files.push(f.to_string());
            let i = files.len() as u32 - 1;
            file_ix.insert(f.to_string(), i);
            i
        };
        let mut units = Vec::with_capacity(self.units.len());
        for u in &self.units {
            let l = u
                .line
                .as_ref()
                .map(|l| (file_of(&l.file, &mut files), l.line));
            let mut c = Vec::with_capacity(u.cells.len());
            for cell in &u.cells {
                let key = (&*cell.at.file, &*cell.at.sheet);
                let s = match sheet_ix.get(&key) {
                    Some(i) => *i,
                    None => {
                        let f = file_of(&cell.at.file, &mut files);
                        sheets.push((f, cell.at.sheet.to_string()));
                        let i = sheets.len() as u32 - 1;
                        sheet_ix.insert(key, i);
                        i
                    }
                };
                let value = (cell.value != u.text).then_some(Borrowed(cell.value.as_str()));
                c.push((s, cell.at.cell, value));
            }
            units.push(WireUnit {
                n: u8::from(u.part == "footnotes"),
                t: Borrowed(u.text.as_str()),
                l,
                c,
            });
        }
        let wire = Wire {
            version: 2,
            document: Borrowed(self.document.as_str()),
            files,
            sheets,
            units,
        };
        serde_json::to_string(&wire).expect("manifest serialises")
    }

    fn from_json(json: &str) -> Option<Manifest> {
        let wire: Wire = serde_json::from_str(json).ok()?;
        let file = |i: u32| wire.files.get(i as usize).cloned().unwrap_or_default();
        let units = wire
            .units
            .iter()
            .map(|u| Unit {
                part: if u.n == 1 { "footnotes" } else { "document" },
                text: u.t.to_string(),
                line: u.l.map(|(f, line)| LineRef {
                    file: file(f).into(),
                    line,
                }),
                cells: u
                    .c
                    .iter()
                    .map(|(s, cell, value)| {
                        let (f, sheet) = wire.sheets.get(*s as usize).cloned().unwrap_or_default();
                        SourceCell {
                            at: CellRef {
                                file: file(f).into(),
                                sheet: sheet.into(),
                                cell: *cell,
                            },
                            value: value.as_deref().unwrap_or(&u.t).to_string(),
                        }
                    })
                    .collect(),
            })
            .collect();
        Some(Manifest {
            version: wire.version,
            document: wire.document.to_string(),
            units,
        })
    }

    /// The custom XML part holding the JSON form.
    pub fn xml_part(json: &str) -> String {
        format!(
            "{DECL}<trame xmlns=\"{NAMESPACE}\">{}</trame>",
            quick_xml::escape::partial_escape(json)
        )
    }

    /// The custom XML part: the JSON as the text of one element.
    pub fn to_xml(&self) -> String {
        Self::xml_part(&self.to_json())
    }

    /// Reads the manifest back from a custom XML part: `None` when the part
    /// is another item (or not well-formed, or not a manifest trame can read).
    pub fn from_xml(xml: &str) -> Option<Manifest> {
        Self::from_json(&manifest_text(xml)?)
    }
}

const DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// The text of the root element when it is trame's manifest element.
fn manifest_text(xml: &str) -> Option<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut text = String::new();
    let mut inside = false;
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) if !inside => {
                let ours = e.local_name().as_ref() == "trame"
                    && e.attributes()
                        .flatten()
                        .any(|a| a.key.as_ref() == "xmlns" && a.value.as_ref() == NAMESPACE);
                if !ours {
                    return None;
                }
                inside = true;
            }
            Event::Text(t) if inside => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if inside => {
                let c = match r.resolve_char_ref().ok()? {
                    Some(c) => c,
                    None => match r.as_ref() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        _ => return None,
                    },
                };
                text.push(c);
            }
            Event::End(_) if inside => return Some(text),
            Event::Start(_) | Event::Empty(_) | Event::Eof => return None,
            _ => {}
        }
    }
}

/// The parts that hold a custom XML item: its properties and relationship.
pub fn item_props(document: &str) -> String {
    // A fixed id per document name keeps the output deterministic.
    let h = crc32fast::hash(document.as_bytes());
    format!(
        "{}<ds:datastoreItem ds:itemID=\"{{{h:08X}-7A3E-4C1B-9F00-000000000001}}\" xmlns:ds=\"http://schemas.openxmlformats.org/officeDocument/2006/customXml\"><ds:schemaRefs><ds:schemaRef ds:uri=\"{NAMESPACE}\"/></ds:schemaRefs></ds:datastoreItem>",
        DECL
    )
}

pub fn item_rels() -> String {
    format!(
        "{}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps\" Target=\"itemProps1.xml\"/></Relationships>",
        DECL
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_the_custom_xml_part() {
        let m = Manifest {
            version: 2,
            document: "rapport".into(),
            units: vec![Unit {
                part: "document",
                text: "R&D <b> « x »".into(),
                line: Some(LineRef {
                    file: "blueprints/a.md.j2".into(),
                    line: 3,
                }),
                cells: vec![SourceCell {
                    at: CellRef::at("data/a.xlsx", "S", 4, 2),
                    value: "R&D".into(),
                }],
            }],
        };
        assert_eq!(Manifest::from_xml(&m.to_xml()), Some(m));
    }

    #[test]
    fn other_parts_are_not_manifests() {
        assert_eq!(Manifest::from_xml("<trame>{}</trame>"), None);
        assert_eq!(
            Manifest::from_xml("<?xml version=\"1.0\"?><b:Sources xmlns:b=\"x\"/>"),
            None
        );
        assert_eq!(
            Manifest::from_xml("<trame xmlns=\"urn:trame:manifest:1\">{"),
            None
        );
    }
}
