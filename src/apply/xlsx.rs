//! One cell of an .xlsx workbook read and rewritten: only that `<c>`
//! element of its sheet's XML changes (written as an inline string, or a
//! number); shared strings, styles, other sheets, formulas and widths are
//! left exactly as they are (see [`super::package::replace_entry`]).

use super::package::{read_entry, replace_entries};
use super::value::{CellValue, NewValue};
use crate::xml::{attr, attributes, entity, local};
use quick_xml::events::Event;
use std::collections::{BTreeMap, HashMap};

/// A workbook opened once: each sheet's XML is read when first needed and
/// its cells found in one pass, shared strings are read once, and writes
/// are kept until [`Book::finish`] copies the package once with every
/// changed sheet.
pub struct Book {
    bytes: Vec<u8>,
    /// Sheet name → part.
    parts: HashMap<String, String>,
    /// Part → its XML and cells.
    sheets: HashMap<String, Sheet>,
    shared: Option<Vec<String>>,
}

struct Sheet {
    xml: String,
    /// Cell reference → byte range of its `<c>` element.
    cells: HashMap<String, (usize, usize)>,
    pending: BTreeMap<String, NewValue>,
}

impl Sheet {
    fn empty() -> Sheet {
        Sheet {
            xml: String::new(),
            cells: HashMap::new(),
            pending: BTreeMap::new(),
        }
    }
}

impl Book {
    pub fn open(bytes: Vec<u8>) -> Book {
        Book {
            bytes,
            parts: HashMap::new(),
            sheets: HashMap::new(),
            shared: None,
        }
    }

    fn sheet(&mut self, name: &str) -> Result<&mut Sheet, String> {
        if !self.parts.contains_key(name) {
            let part = sheet_part(&self.bytes, name)?;
            self.parts.insert(name.to_string(), part);
        }
        let part = self.parts[name].clone();
        let sheet = match self.sheets.contains_key(&part) {
            true => None,
            false => {
                let xml = read_entry(&self.bytes, &part)?.ok_or_else(|| missing(&part))?;
                let cells = cell_spans(&xml)?;
                Some(Sheet {
                    xml,
                    cells,
                    pending: BTreeMap::new(),
                })
            }
        };
        Ok(self
            .sheets
            .entry(part)
            .or_insert_with(|| sheet.unwrap_or_else(Sheet::empty)))
    }

    /// The current value of `cell` (`B4`) of sheet `sheet` (as written so
    /// far); `None` for a cell the sheet does not hold.
    pub fn read_cell(&mut self, sheet: &str, cell: &str) -> Result<Option<CellValue>, String> {
        let s = self.sheet(sheet)?;
        if let Some(value) = s.pending.get(cell) {
            return Ok(Some(CellValue {
                text: value.shown().to_string(),
                number: matches!(value, NewValue::Number(_)),
                formula: false,
            }));
        }
        let Some(&(start, end)) = s.cells.get(cell) else {
            return Ok(None);
        };
        let mut value = parse_cell(&s.xml[start..end])?;
        if let Some(index) = value.shared.take() {
            if self.shared.is_none() {
                self.shared = Some(shared_strings(&self.bytes)?);
            }
            value.text = self
                .shared
                .as_ref()
                .and_then(|all| all.get(index).cloned())
                .ok_or_else(|| format!("chaîne partagée n° {index} absente du classeur"))?;
        }
        Ok(Some(value.into()))
    }

    /// Sets `cell` of `sheet` to `value` (written by [`Book::finish`]).
    pub fn write_cell(&mut self, sheet: &str, cell: &str, value: &NewValue) -> Result<(), String> {
        if crate::model::parse_a1(cell).is_none() {
            return Err(format!("cellule « {cell} » invalide"));
        }
        self.sheet(sheet)?
            .pending
            .insert(cell.to_string(), value.clone());
        Ok(())
    }

    /// The package with every written cell, in one copy; each changed cell
    /// keeps its style, everything else is as it was.
    pub fn finish(self) -> Result<Vec<u8>, String> {
        let mut changed: Vec<(String, String)> = Vec::new();
        for (part, sheet) in self.sheets {
            if sheet.pending.is_empty() {
                continue;
            }
            let mut replacements: Vec<(usize, usize, String)> = Vec::new();
            let mut absent = Vec::new();
            for (cell, value) in &sheet.pending {
                match sheet.cells.get(cell) {
                    Some(&(start, end)) => {
                        replacements.push((start, end, replaced(&sheet.xml[start..end], value)))
                    }
                    None => absent.push((cell, value)),
                }
            }
            replacements.sort_by_key(|r| r.0);
            let mut xml = String::with_capacity(sheet.xml.len() + 64 * replacements.len());
            let mut at = 0;
            for (start, end, new) in replacements {
                xml.push_str(&sheet.xml[at..start]);
                xml.push_str(&new);
                at = end;
            }
            xml.push_str(&sheet.xml[at..]);
            for (cell, value) in absent {
                xml = insert_cell(&xml, cell, value)?;
            }
            changed.push((part, xml));
        }
        if changed.is_empty() {
            return Ok(self.bytes);
        }
        let refs: Vec<(&str, &[u8])> = changed
            .iter()
            .map(|(p, x)| (p.as_str(), x.as_bytes()))
            .collect();
        replace_entries(&self.bytes, &refs)
    }
}

/// The current value of `cell` (`B4`) of sheet `sheet`; `None` for a cell
/// the sheet does not hold.
#[cfg(test)]
pub fn read_cell(bytes: &[u8], sheet: &str, cell: &str) -> Result<Option<CellValue>, String> {
    Book::open(bytes.to_vec()).read_cell(sheet, cell)
}

/// The workbook with `cell` of `sheet` holding `value`, its style kept.
#[cfg(test)]
pub fn write_cell(
    bytes: &[u8],
    sheet: &str,
    cell: &str,
    value: &NewValue,
) -> Result<Vec<u8>, String> {
    let mut book = Book::open(bytes.to_vec());
    book.write_cell(sheet, cell, value)?;
    book.finish()
}

/// A cell element rewritten to hold `value`: same name and attributes but
/// its type.
fn replaced(element: &str, value: &NewValue) -> String {
    let head_end = element.find('>').unwrap_or(element.len());
    let head = element[..head_end].trim_end_matches('/');
    let name = head[1..].split(char::is_whitespace).next().unwrap_or("c");
    let prefix = name
        .rsplit_once(':')
        .map_or(String::new(), |(p, _)| format!("{p}:"));
    let attrs = attributes(head)
        .into_iter()
        .filter(|(k, _)| k != "t")
        .map(|(k, v)| format!(" {k}=\"{v}\""))
        .collect::<String>();
    element_for(&prefix, &attrs, value)
}

/// A `<c>` element holding `value`, with the attributes given.
fn element_for(prefix: &str, attrs: &str, value: &NewValue) -> String {
    match value {
        NewValue::Text(t) => format!(
            "<{prefix}c{attrs} t=\"inlineStr\"><{prefix}is><{prefix}t xml:space=\"preserve\">{}</{prefix}t></{prefix}is></{prefix}c>",
            quick_xml::escape::escape(t.as_str())
        ),
        NewValue::Number(n) => format!("<{prefix}c{attrs}><{prefix}v>{n}</{prefix}v></{prefix}c>"),
    }
}

/// The sheet with a new cell in its row, in column order (an empty cell is
/// not written in a sheet at all). The row must exist.
fn insert_cell(xml: &str, cell: &str, value: &NewValue) -> Result<String, String> {
    let absent = || format!("cellule {cell} absente de la feuille");
    let (row, col) = crate::model::parse_a1(cell).ok_or_else(absent)?;
    let row_name = (row + 1).to_string();
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut in_row: Option<String> = None;
    loop {
        let before = reader.buffer_position() as usize;
        match reader.read_event().map_err(|_| invalid())? {
            Event::Empty(e)
                if local(e.name().as_ref()) == "row"
                    && attr(&e, "r").as_deref() == Some(&row_name) =>
            {
                let name = e.name().as_ref().to_string();
                let prefix = name
                    .rsplit_once(':')
                    .map_or(String::new(), |(p, _)| format!("{p}:"));
                let after = reader.buffer_position() as usize;
                let head = xml[before..after].trim_end_matches("/>");
                let new = element_for(&prefix, &format!(" r=\"{cell}\""), value);
                return Ok(format!(
                    "{}{head}>{new}</{name}>{}",
                    &xml[..before],
                    &xml[after..]
                ));
            }
            Event::Start(e)
                if local(e.name().as_ref()) == "row"
                    && attr(&e, "r").as_deref() == Some(&row_name) =>
            {
                let name = e.name().as_ref().to_string();
                in_row = Some(
                    name.rsplit_once(':')
                        .map_or(String::new(), |(p, _)| format!("{p}:")),
                );
            }
            Event::Start(e) | Event::Empty(e)
                if in_row.is_some() && local(e.name().as_ref()) == "c" =>
            {
                let later = attr(&e, "r")
                    .and_then(|r| crate::model::parse_a1(&r))
                    .is_some_and(|(_, c)| c > col);
                if later {
                    let prefix = in_row.take().unwrap_or_default();
                    let new = element_for(&prefix, &format!(" r=\"{cell}\""), value);
                    return Ok(format!("{}{new}{}", &xml[..before], &xml[before..]));
                }
            }
            Event::End(e) if in_row.is_some() && local(e.name().as_ref()) == "row" => {
                let prefix = in_row.take().unwrap_or_default();
                let new = element_for(&prefix, &format!(" r=\"{cell}\""), value);
                return Ok(format!("{}{new}{}", &xml[..before], &xml[before..]));
            }
            Event::Eof => return Err(absent()),
            _ => {}
        }
    }
}

fn missing(part: &str) -> String {
    format!("partie « {part} » absente du classeur")
}

/// The path of the sheet named `sheet`, through the workbook and its
/// relationships.
fn sheet_part(bytes: &[u8], sheet: &str) -> Result<String, String> {
    let workbook =
        read_entry(bytes, "xl/workbook.xml")?.ok_or_else(|| missing("xl/workbook.xml"))?;
    let mut id = None;
    each_start(&workbook, |name, attrs| {
        if name == "sheet" && attr(attrs, "name").as_deref() == Some(sheet) {
            id = attr(attrs, "id");
        }
    })?;
    let id = id.ok_or_else(|| format!("feuille « {sheet} » introuvable"))?;
    let rels = read_entry(bytes, "xl/_rels/workbook.xml.rels")?
        .ok_or_else(|| missing("xl/_rels/workbook.xml.rels"))?;
    let mut target = None;
    each_start(&rels, |name, attrs| {
        if name == "Relationship" && attr(attrs, "Id").as_deref() == Some(id.as_str()) {
            target = attr(attrs, "Target");
        }
    })?;
    let target = target.ok_or_else(|| format!("feuille « {sheet} » introuvable"))?;
    Ok(match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("xl/{target}"),
    })
}

/// Calls `f` with the local name and tag of every element start.
fn each_start(
    xml: &str,
    mut f: impl FnMut(&str, &quick_xml::events::BytesStart),
) -> Result<(), String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        match reader.read_event().map_err(|_| invalid())? {
            Event::Start(e) | Event::Empty(e) => f(local(e.name().as_ref()), &e),
            Event::DocType(_) => return Err(invalid()),
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

fn invalid() -> String {
    "XML invalide dans le classeur".to_string()
}

/// Byte range of every `<c r="…">` element of a sheet, by reference.
fn cell_spans(xml: &str) -> Result<HashMap<String, (usize, usize)>, String> {
    let mut out = HashMap::new();
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        let before = reader.buffer_position() as usize;
        match reader.read_event().map_err(|_| invalid())? {
            Event::Empty(e) if local(e.name().as_ref()) == "c" => {
                if let Some(r) = attr(&e, "r") {
                    out.insert(r, (before, reader.buffer_position() as usize));
                }
            }
            Event::Start(e) if local(e.name().as_ref()) == "c" => {
                let r = attr(&e, "r");
                let end = e.to_end().into_owned();
                reader.read_to_end(end.name()).map_err(|_| invalid())?;
                if let Some(r) = r {
                    out.insert(r, (before, reader.buffer_position() as usize));
                }
            }
            Event::DocType(_) => return Err(invalid()),
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// A cell element read: its text (or shared string index), number, formula.
struct Parsed {
    text: String,
    shared: Option<usize>,
    number: bool,
    formula: bool,
}

impl From<Parsed> for CellValue {
    fn from(p: Parsed) -> Self {
        CellValue {
            text: p.text,
            number: p.number,
            formula: p.formula,
        }
    }
}

fn parse_cell(element: &str) -> Result<Parsed, String> {
    let mut reader = quick_xml::Reader::from_str(element);
    let (mut kind, mut v, mut inline, mut formula) =
        (String::new(), String::new(), String::new(), false);
    let mut inside: Vec<String> = Vec::new();
    loop {
        match reader.read_event().map_err(|_| invalid())? {
            Event::Start(e) => {
                let name = local(e.name().as_ref()).to_string();
                if name == "c" {
                    kind = attr(&e, "t").unwrap_or_default();
                }
                if name == "f" {
                    formula = true;
                }
                inside.push(name);
            }
            Event::Empty(e) => {
                let qname = e.name();
                let name = local(qname.as_ref());
                if name == "c" {
                    kind = attr(&e, "t").unwrap_or_default();
                }
                if name == "f" {
                    formula = true;
                }
            }
            Event::End(_) => {
                inside.pop();
            }
            Event::Text(t) => {
                let text = t.xml10_content();
                match inside.last().map(String::as_str) {
                    Some("v") => v.push_str(&text),
                    Some("t") if !inside.iter().any(|n| n == "rPh") => inline.push_str(&text),
                    _ => {}
                }
            }
            Event::GeneralRef(r) => {
                if let Some(c) = entity(&r) {
                    match inside.last().map(String::as_str) {
                        Some("v") => v.push(c),
                        Some("t") => inline.push(c),
                        _ => {}
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(match kind.as_str() {
        "s" => Parsed {
            text: String::new(),
            shared: Some(v.trim().parse().map_err(|_| invalid())?),
            number: false,
            formula,
        },
        "inlineStr" => Parsed {
            text: inline,
            shared: None,
            number: false,
            formula,
        },
        "str" | "e" | "b" => Parsed {
            text: v,
            shared: None,
            number: false,
            formula,
        },
        _ => Parsed {
            number: !v.is_empty(),
            text: v,
            shared: None,
            formula,
        },
    })
}

/// Every shared string, in order (the text of its `t` elements, phonetic
/// runs left out), in one pass.
fn shared_strings(bytes: &[u8]) -> Result<Vec<String>, String> {
    let xml = read_entry(bytes, "xl/sharedStrings.xml")?
        .ok_or_else(|| missing("xl/sharedStrings.xml"))?;
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut out = Vec::new();
    let (mut in_t, mut in_phonetic) = (false, false);
    loop {
        match reader.read_event().map_err(|_| invalid())? {
            Event::Start(e) => match local(e.name().as_ref()) {
                "si" => out.push(String::new()),
                "t" => in_t = true,
                "rPh" => in_phonetic = true,
                _ => {}
            },
            Event::Empty(e) if local(e.name().as_ref()) == "si" => out.push(String::new()),
            Event::End(e) => match local(e.name().as_ref()) {
                "t" => in_t = false,
                "rPh" => in_phonetic = false,
                _ => {}
            },
            Event::Text(t) if in_t && !in_phonetic => {
                if let Some(last) = out.last_mut() {
                    last.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if in_t && !in_phonetic => {
                if let (Some(c), Some(last)) = (entity(&r), out.last_mut()) {
                    last.push(c);
                }
            }
            Event::DocType(_) => return Err(invalid()),
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn workbook() -> Vec<u8> {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let bold = rust_xlsxwriter::Format::new().set_bold();
        let s = wb.add_worksheet().set_name("Constats").unwrap();
        s.write_with_format(0, 0, "Code", &bold).unwrap();
        s.write(0, 1, "Constat").unwrap();
        s.write(1, 0, "C1").unwrap();
        s.write_with_format(1, 1, "Les dossiers reposent sur les victimes.", &bold)
            .unwrap();
        s.write(1, 2, 12.5).unwrap();
        s.write_formula(1, 3, "=C2*2").unwrap();
        s.set_column_width(1, 60).unwrap();
        let other = wb.add_worksheet().set_name("Autre").unwrap();
        other
            .write(0, 0, "Les dossiers reposent sur les victimes.")
            .unwrap();
        wb.save_to_buffer().unwrap()
    }

    fn entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        (0..zip.len())
            .map(|i| {
                let mut e = zip.by_index(i).unwrap();
                let mut data = Vec::new();
                e.read_to_end(&mut data).unwrap();
                (e.name().unwrap().to_string(), data)
            })
            .collect()
    }

    #[test]
    fn only_the_cell_changes() {
        let before = workbook();
        let cell = read_cell(&before, "Constats", "B2").unwrap().unwrap();
        assert_eq!(cell.text, "Les dossiers reposent sur les victimes.");
        assert!(!cell.number && !cell.formula);
        let number = read_cell(&before, "Constats", "C2").unwrap().unwrap();
        assert_eq!((number.text.as_str(), number.number), ("12.5", true));
        assert!(
            read_cell(&before, "Constats", "D2")
                .unwrap()
                .unwrap()
                .formula
        );
        assert_eq!(read_cell(&before, "Constats", "Z9").unwrap(), None);
        let new =
            NewValue::Text("Les dossiers reposent surtout sur les victimes & témoins.".into());
        let after = write_cell(&before, "Constats", "B2", &new).unwrap();
        assert_eq!(
            read_cell(&after, "Constats", "B2").unwrap().unwrap().text,
            "Les dossiers reposent surtout sur les victimes & témoins."
        );
        let (old, new) = (entries(&before), entries(&after));
        assert_eq!(old.len(), new.len());
        for ((name_a, a), (name_b, b)) in old.iter().zip(&new) {
            assert_eq!(name_a, name_b, "entries keep their order");
            if name_a != "xl/worksheets/sheet1.xml" {
                assert_eq!(a, b, "{name_a} unchanged");
            }
        }
        // In the sheet, only the cell's element differs: same style index.
        let (a, b) = (
            String::from_utf8(
                old.iter()
                    .find(|e| e.0 == "xl/worksheets/sheet1.xml")
                    .unwrap()
                    .1
                    .clone(),
            )
            .unwrap(),
            String::from_utf8(
                new.iter()
                    .find(|e| e.0 == "xl/worksheets/sheet1.xml")
                    .unwrap()
                    .1
                    .clone(),
            )
            .unwrap(),
        );
        let (start, end) = cell_spans(&a).unwrap()["B2"];
        let (start_b, end_b) = cell_spans(&b).unwrap()["B2"];
        assert_eq!(a[..start], b[..start_b]);
        assert_eq!(a[end..], b[end_b..]);
        assert!(
            b[start_b..end_b].starts_with("<c r=\"B2\" s=\"1\" t=\"inlineStr\">"),
            "{}",
            &b[start_b..end_b]
        );
        // calamine reads it back, and the other sheet still holds the old text.
        let mut book: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(after.clone())).unwrap();
        use calamine::Reader;
        let range = book.worksheet_range("Constats").unwrap();
        assert_eq!(
            range.get_value((1, 1)).unwrap().to_string(),
            "Les dossiers reposent surtout sur les victimes & témoins."
        );
        let other = book.worksheet_range("Autre").unwrap();
        assert_eq!(
            other.get_value((0, 0)).unwrap().to_string(),
            "Les dossiers reposent sur les victimes."
        );
        // Numbers stay numbers; an empty cell of an existing row is added in column order.
        let after = write_cell(&after, "Constats", "C2", &NewValue::Number("13".into())).unwrap();
        assert_eq!(
            read_cell(&after, "Constats", "C2").unwrap().unwrap().text,
            "13"
        );
        let after = write_cell(&after, "Constats", "C1", &NewValue::Text("n".into())).unwrap();
        let mut book: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(after)).unwrap();
        let range = book.worksheet_range("Constats").unwrap();
        assert_eq!(range.get_value((0, 2)).unwrap().to_string(), "n");
        assert_eq!(range.get_value((0, 1)).unwrap().to_string(), "Constat");
    }
}
