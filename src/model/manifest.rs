//! The generation manifest: for every non-empty paragraph written (body and
//! footnotes), the text it shows and where it came from (blueprint line,
//! workbook cells with their values). The Word writer fills it while it
//! writes (the text each paragraph shows once tracked changes are
//! accepted); it is embedded in the package as a custom XML part (Word and
//! LibreOffice keep those) and written beside the output; the review reader
//! reads it back, so that comments and changes in a returned file can be
//! traced to the sources. Both sides use this module: it belongs to the
//! model, not to either of them.

use crate::model::{Block, CellRef, Inline, LineRef};
use quick_xml::events::Event;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

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
#[derive(Deserialize)]
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

/// Writes the JSON form unit by unit, as paragraphs are written: a unit's
/// text is copied once, into the JSON, and nothing else of it is kept (the
/// manifest of a 100 000-row table is then its JSON alone, never a list of
/// units beside it). Gives the same bytes as [`Manifest::to_json`] on the
/// same units, which it is the one implementation of.
#[derive(Debug, Default)]
pub struct Writer {
    files: Vec<String>,
    file_ix: HashMap<String, u32>,
    /// (file number, sheet name)
    sheets: Vec<(u32, String)>,
    /// Sheet numbers by file name, then sheet name.
    sheet_ix: HashMap<String, HashMap<String, u32>>,
    /// The units written so far, each followed by a comma but the last.
    units: Vec<u8>,
}

impl Writer {
    /// A writer whose buffer is reserved for the manifest of `blocks`
    /// ([`size_hint`]): the JSON of a million-row table (hundreds of
    /// megabytes) then never grows by doubling, which copies it and holds
    /// the old and new buffers at once. Memory is reserved, not used: pages
    /// no unit reaches are never touched.
    pub fn for_blocks(blocks: &[Block]) -> Writer {
        Writer {
            units: Vec::with_capacity(size_hint(blocks)),
            ..Writer::default()
        }
    }

    fn file(&mut self, f: &str) -> u32 {
        if let Some(i) = self.file_ix.get(f) {
            return *i;
        }
        let i = self.files.len() as u32;
        self.files.push(f.to_string());
        self.file_ix.insert(f.to_string(), i);
        i
    }

    fn sheet(&mut self, at: &CellRef) -> u32 {
        if let Some(i) = self.sheet_ix.get(&*at.file).and_then(|s| s.get(&*at.sheet)) {
            return *i;
        }
        let f = self.file(&at.file);
        let i = self.sheets.len() as u32;
        self.sheets.push((f, at.sheet.to_string()));
        self.sheet_ix
            .entry(at.file.to_string())
            .or_default()
            .insert(at.sheet.to_string(), i);
        i
    }

    /// Adds a unit: the paragraph's `part` (`document` or `footnotes`), its
    /// text, its blueprint line, and its workbook cells with the text each
    /// showed.
    pub fn push<'a>(
        &mut self,
        part: &str,
        text: &str,
        line: Option<&LineRef>,
        cells: impl IntoIterator<Item = (&'a CellRef, &'a str)>,
    ) {
        use std::borrow::Cow::Borrowed;
        let l = line.map(|l| (self.file(&l.file), l.line));
        let c = cells
            .into_iter()
            .map(|(at, value)| {
                (
                    self.sheet(at),
                    at.cell,
                    (value != text).then_some(Borrowed(value)),
                )
            })
            .collect();
        let unit = WireUnit {
            n: u8::from(part == "footnotes"),
            t: Borrowed(text),
            l,
            c,
        };
        if !self.units.is_empty() {
            self.units.push(b',');
        }
        serde_json::to_writer(&mut self.units, &unit).expect("manifest serialises");
    }

    /// The JSON form of the manifest of `document` (its name in trame.yaml).
    pub fn finish(self, document: &str) -> String {
        let head = format!(
            "{{\"version\":2,\"document\":{},\"files\":{},\"sheets\":{},\"units\":[",
            json(&document),
            json(&self.files),
            json(&self.sheets),
        );
        // The head goes in front of the units where they are: the units'
        // buffer grows in place rather than being copied whole.
        let mut out = self.units;
        let (n, old) = (head.len(), out.len());
        out.reserve_exact(n + 2);
        out.resize(old + n, 0);
        out.copy_within(0..old, n);
        out[..n].copy_from_slice(head.as_bytes());
        out.extend_from_slice(b"]}");
        String::from_utf8(out).expect("JSON is UTF-8")
    }
}

/// Room for the manifest of `blocks`, from above for usual text: each table
/// cell's text and its unit's keys, place and value mark (a cell of a
/// million-row table takes about 30 bytes beside its text), room for a
/// paragraph's unit for every other block, and for the head.
pub fn size_hint(blocks: &[Block]) -> usize {
    const UNIT: usize = 64;
    const BLOCK: usize = 512;
    fn text_len(inlines: &[Inline]) -> usize {
        inlines
            .iter()
            .map(|i| match i {
                Inline::Text(s) | Inline::Code(s) => s.len(),
                other => other.children().map_or(0, |c| text_len(c)),
            })
            .sum()
    }
    let mut bytes = 4096;
    for block in blocks.iter().flat_map(Block::descendants) {
        bytes += match block {
            Block::Table(t) => t
                .header
                .iter()
                .chain(&t.rows)
                .flat_map(|r| &r.cells)
                .map(|c| UNIT + 2 * text_len(&c.content))
                .sum(),
            _ => BLOCK,
        };
    }
    bytes
}

fn json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).expect("manifest serialises")
}

impl Manifest {
    pub fn to_json(&self) -> String {
        let mut w = Writer::default();
        for u in &self.units {
            w.push(
                u.part,
                &u.text,
                u.line.as_ref(),
                u.cells.iter().map(|c| (&c.at, c.value.as_str())),
            );
        }
        w.finish(&self.document)
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
        let mut out = Vec::new();
        write_xml_part(json, &mut out).expect("writing to memory cannot fail");
        String::from_utf8(out).expect("XML is UTF-8")
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

/// Writes the custom XML part holding the JSON form (the bytes of
/// [`Manifest::xml_part`]) in pieces, the JSON escaped as it goes: the part
/// is never a second copy of the JSON in memory.
pub fn write_xml_part(json: &str, out: &mut impl std::io::Write) -> std::io::Result<()> {
    write!(out, "{DECL}<trame xmlns=\"{NAMESPACE}\">")?;
    let bytes = json.as_bytes();
    let mut from = 0;
    for (i, b) in bytes.iter().enumerate() {
        let escaped: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            _ => continue,
        };
        out.write_all(&bytes[from..i])?;
        out.write_all(escaped)?;
        from = i + 1;
    }
    out.write_all(&bytes[from..])?;
    out.write_all(b"</trame>")
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
                text.push(crate::xml::entity(&r)?);
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
    fn the_part_escapes_as_the_xml_library_does() {
        let json = r#"{"t":"a < b && c > d « é » <w:t>"}"#;
        assert_eq!(
            Manifest::xml_part(json),
            format!(
                "{DECL}<trame xmlns=\"{NAMESPACE}\">{}</trame>",
                quick_xml::escape::partial_escape(json)
            )
        );
    }

    #[test]
    fn the_writer_lists_files_and_sheets_in_order_of_first_use() {
        let line = LineRef {
            file: "blueprints/a.md.j2".into(),
            line: 7,
        };
        let a = CellRef::at("data/a.xlsx", "S", 2, 1);
        let b = CellRef::at("data/b.xlsx", "T", 3, 2);
        let mut w = Writer::default();
        w.push("document", "x", None, [(&b, "x")]);
        w.push("footnotes", "y", Some(&line), [(&a, "z"), (&b, "y")]);
        let json = w.finish("rapport");
        assert_eq!(
            json,
            r#"{"version":2,"document":"rapport","files":["data/b.xlsx","blueprints/a.md.j2","data/a.xlsx"],"sheets":[[0,"T"],[2,"S"]],"units":[{"t":"x","c":[[0,"C4",null]]},{"n":1,"t":"y","l":[1,7],"c":[[1,"B3","z"],[0,"C4",null]]}]}"#
        );
        assert_eq!(
            Writer::default().finish("vide"),
            r#"{"version":2,"document":"vide","files":[],"sheets":[],"units":[]}"#
        );
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
