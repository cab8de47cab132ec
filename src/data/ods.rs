//! OpenDocument spreadsheets (.ods), streamed from `content.xml` with
//! quick-xml: repeated rows and cells (`number-rows-repeated`,
//! `number-columns-repeated`) cost nothing when empty and count against the
//! cell limit when not, so neither a trailing run of a million empty rows
//! nor a repetition bomb allocates more than the sheet really holds.

use super::archive::{Archive, XmlGuard};
use super::grid::{Grid, GridBuilder};
use super::limits::MAX_CELL_CHARS;
use super::messages::{self, PASSWORD, xml_reason};
use crate::diag::{Diagnostic, Location, Result};
use crate::project::Source;
use calamine::Data;
use quick_xml::events::{BytesStart, Event};
use std::io::BufReader;
use std::path::Path;

const CONTENT: &str = "content.xml";
const MANIFEST: &str = "META-INF/manifest.xml";

/// Parts read as a stream (all others are small and read whole).
pub fn streamed(part: &str) -> bool {
    part == CONTENT
}

/// True when the archive is an OpenDocument file.
pub fn is_ods(archive: &Archive) -> bool {
    archive.has("mimetype") && archive.has(CONTENT)
}

type XmlReader<'a> =
    quick_xml::Reader<BufReader<XmlGuard<zip::read::ZipFile<'a, BufReader<std::fs::File>>>>>;

/// Reads the source's sheet (the first one when none is named).
pub fn read(path: &Path, source: &Source) -> Result<Grid> {
    let file = source.file.as_str();
    let at = |m: String| Diagnostic::file(file, m);
    let reader = std::fs::File::open(path)
        .map_err(|e| at(format!("lecture impossible ({})", crate::io_reason(&e))))?;
    let mut zip =
        zip::ZipArchive::new(BufReader::new(reader)).map_err(|e| at(messages::zip_reason(&e)))?;
    if is_encrypted(&mut zip).map_err(at)? {
        return Err(at(PASSWORD.into()).into());
    }
    let entry = zip
        .by_name(CONTENT)
        .map_err(|e| at(messages::zip_reason(&e)))?;
    let mut xml: XmlReader = quick_xml::Reader::from_reader(BufReader::new(XmlGuard::new(entry)));
    let xml_error = |e: quick_xml::Error| at(xml_reason(&e, CONTENT));
    let mut names = Vec::new();
    let mut buf = Vec::new();
    loop {
        match xml.read_event_into(&mut buf).map_err(xml_error)? {
            Event::Start(e) if e.name().as_ref() == "table:table" => {
                let name = attr(&e, "table:name").unwrap_or_default();
                let wanted = match &source.sheet {
                    Some(s) => *s == name,
                    None => names.is_empty(),
                };
                names.push(name.clone());
                if wanted {
                    let mut builder = GridBuilder::new(file, &name);
                    read_table(&mut xml, &mut builder)?;
                    return Ok(builder.finish());
                }
                let end = e.to_end().into_owned();
                xml.read_to_end_into(end.name(), &mut Vec::new())
                    .map_err(xml_error)?;
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    // Not found: the same message as for other workbooks.
    super::read::choose_sheet(file, source.sheet.as_deref(), &names)?;
    Err(at("aucune feuille dans ce classeur".into()).into())
}

/// True when the manifest declares encrypted parts (a password).
fn is_encrypted(
    zip: &mut zip::ZipArchive<BufReader<std::fs::File>>,
) -> std::result::Result<bool, String> {
    let Ok(entry) = zip.by_name(MANIFEST) else {
        return Ok(false);
    };
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(XmlGuard::new(entry)));
    let mut buf = Vec::new();
    loop {
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e))
                if e.name().as_ref() == "manifest:encryption-data" =>
            {
                return Ok(true);
            }
            Ok(Event::Eof) => return Ok(false),
            Err(e) => return Err(xml_reason(&e, MANIFEST)),
            _ => {}
        }
        buf.clear();
    }
}

/// Reads the rows of the current `table:table` into `builder`.
fn read_table(xml: &mut XmlReader, builder: &mut GridBuilder) -> Result<()> {
    let place = builder.place(None);
    let fail = |e: quick_xml::Error| Diagnostic::new(place.clone(), xml_reason(&e, CONTENT));
    let mut row: u64 = 0;
    let mut buf = Vec::new();
    loop {
        match xml.read_event_into(&mut buf).map_err(fail)? {
            Event::Start(e) if e.name().as_ref() == "table:table-row" => {
                let repeats = repeat(&e, "table:number-rows-repeated");
                let cells = read_row(xml, builder, row)?;
                if !cells.is_empty() {
                    builder.reserve((cells.len() as u64).saturating_mul(repeats))?;
                    builder.check_declared_rows(clamp(row.saturating_add(repeats - 1)))?;
                    for r in 0..repeats {
                        for (col, value) in &cells {
                            builder.push(clamp(row + r), *col, value.clone())?;
                        }
                    }
                }
                row = row.saturating_add(repeats);
            }
            Event::Empty(e) if e.name().as_ref() == "table:table-row" => {
                row = row.saturating_add(repeat(&e, "table:number-rows-repeated"));
            }
            Event::End(e) if e.name().as_ref() == "table:table" => return Ok(()),
            Event::Eof => {
                return Err(Diagnostic::new(
                    place,
                    format!("la partie « {CONTENT} » est tronquée : classeur endommagé"),
                )
                .into());
            }
            _ => {}
        }
        buf.clear();
    }
}

/// The non-empty cells of one row (columns repeated), up to its end tag.
fn read_row(xml: &mut XmlReader, builder: &GridBuilder, row: u64) -> Result<Vec<(u32, Data)>> {
    let place = builder.place(None);
    let fail = |e: quick_xml::Error| Diagnostic::new(place.clone(), xml_reason(&e, CONTENT));
    let mut cells = Vec::new();
    let mut col: u64 = 0;
    let mut buf = Vec::new();
    loop {
        let event = xml.read_event_into(&mut buf).map_err(fail)?;
        let (start, has_content) = match &event {
            Event::Start(e) if is_cell(e) => (e.to_owned(), true),
            Event::Empty(e) if is_cell(e) => (e.to_owned(), false),
            Event::End(e) if e.name().as_ref() == "table:table-row" => return Ok(cells),
            Event::Eof => return Ok(cells),
            _ => {
                buf.clear();
                continue;
            }
        };
        buf.clear();
        let repeats = repeat(&start, "table:number-columns-repeated");
        let cell_at = || builder.cell_place(clamp(row), clamp(col));
        let text = if has_content {
            read_cell_text(xml, &fail, cell_at)?
        } else {
            String::new()
        };
        let value = cell_value(&start, text);
        if !matches!(value, Data::Empty) {
            // A row that cannot fit the cell limit is refused before it is made.
            builder.reserve((cells.len() as u64).saturating_add(repeats))?;
            for k in 0..repeats {
                cells.push((clamp(col + k), value.clone()));
            }
        }
        col = col.saturating_add(repeats);
    }
}

/// A position as the grid stores it (beyond `u32`, the limits refuse it).
fn clamp(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn is_cell(e: &BytesStart) -> bool {
    matches!(
        e.name().as_ref(),
        "table:table-cell" | "table:covered-table-cell"
    )
}

/// The text of a cell: its paragraphs joined by line breaks, without its
/// annotations (comments); refused beyond the cell text limit.
fn read_cell_text(
    xml: &mut XmlReader,
    fail: &impl Fn(quick_xml::Error) -> Diagnostic,
    cell_at: impl Fn() -> Location,
) -> Result<String> {
    let mut text = String::new();
    let mut paragraphs = 0;
    let mut annotation = 0u32;
    let mut buf = Vec::new();
    let too_long = |text: &str| {
        // Four bytes at most per character: beyond that, too many characters.
        text.len() > 4 * MAX_CELL_CHARS
    };
    loop {
        match xml.read_event_into(&mut buf).map_err(fail)? {
            Event::Start(e) => match e.name().as_ref() {
                "office:annotation" => annotation += 1,
                "text:p" | "text:h" if annotation == 0 => {
                    if paragraphs > 0 {
                        text.push('\n');
                    }
                    paragraphs += 1;
                }
                _ => {}
            },
            Event::Empty(e) if annotation == 0 => match e.name().as_ref() {
                "text:s" => {
                    let n = repeat(&e, "text:c").min(4 * MAX_CELL_CHARS as u64 + 1);
                    text.extend(std::iter::repeat_n(' ', n as usize));
                }
                "text:tab" => text.push('\t'),
                "text:line-break" => text.push('\n'),
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                "office:annotation" => annotation = annotation.saturating_sub(1),
                "table:table-cell" | "table:covered-table-cell" => return Ok(text),
                _ => {}
            },
            Event::Text(t) if annotation == 0 => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if annotation == 0 => {
                let name = r.xml10_content();
                match r.resolve_char_ref() {
                    Ok(Some(c)) => text.push(c),
                    Ok(None) => match quick_xml::escape::resolve_xml_entity(&name) {
                        Some(s) => text.push_str(s),
                        None => {
                            return Err(fail(quick_xml::Error::Escape(
                                quick_xml::escape::EscapeError::UnrecognizedEntity(
                                    0..0,
                                    name.to_string(),
                                ),
                            ))
                            .into());
                        }
                    },
                    Err(e) => return Err(fail(e).into()),
                }
            }
            Event::Eof => return Ok(text),
            _ => {}
        }
        if too_long(&text) {
            super::grid::check_text_length(&text, &cell_at)?;
        }
        buf.clear();
    }
}

/// The typed value of a cell from its attributes (numbers, dates, times,
/// booleans) or its text.
fn cell_value(e: &BytesStart, text: String) -> Data {
    let kind = attr(e, "office:value-type").unwrap_or_default();
    match kind.as_str() {
        "float" | "percentage" | "currency" => attr(e, "office:value")
            .and_then(|v| v.trim().parse::<f64>().ok())
            .map_or_else(|| text_value(text), Data::Float),
        "date" => attr(e, "office:date-value").map_or(Data::Empty, Data::DateTimeIso),
        "time" => attr(e, "office:time-value").map_or(Data::Empty, Data::DurationIso),
        "boolean" => Data::Bool(attr(e, "office:boolean-value").is_some_and(|v| v == "true")),
        _ => text_value(text),
    }
}

fn text_value(text: String) -> Data {
    if text.is_empty() {
        Data::Empty
    } else {
        Data::String(text)
    }
}

/// An attribute's value, unescaped.
fn attr(e: &BytesStart, name: &str) -> Option<String> {
    let a = e.try_get_attribute(name).ok()??;
    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
        .ok()
        .map(|v| v.into_owned())
}

/// A repeat count (at least 1).
fn repeat(e: &BytesStart, name: &str) -> u64 {
    attr(e, name)
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}
