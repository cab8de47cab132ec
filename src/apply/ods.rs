//! One cell of an .ods workbook read and rewritten: only that
//! `table:table-cell` element of content.xml changes (a run of repeated
//! cells is split around it); styles, other sheets and every other part of
//! the package stay as they are.

use super::package::{read_entry, replace_entry};
use super::value::{CellValue, NewValue};
use crate::xml::{attr, attributes, entity, local};
use quick_xml::events::{BytesStart, Event};

const CONTENT: &str = "content.xml";

/// Most cells a repeated run may stand for (a sheet's trailing empty cells
/// are one element repeated a million times).
const MAX_REPEAT: usize = 1 << 24;

/// The current value of `cell` of sheet `sheet`; `None` when empty.
pub fn read_cell(bytes: &[u8], sheet: &str, cell: &str) -> Result<Option<CellValue>, String> {
    let xml = read_entry(bytes, CONTENT)?.ok_or_else(missing)?;
    let Some(found) = find(&xml, sheet, cell)? else {
        return Ok(None);
    };
    let element = &xml[found.start..found.end];
    let mut reader = quick_xml::Reader::from_str(element);
    let (mut paragraphs, mut number, mut formula, mut depth_p) =
        (Vec::<String>::new(), None, false, 0);
    loop {
        match reader.read_event().map_err(|_| invalid())? {
            Event::Start(e) | Event::Empty(e) if local(e.name().as_ref()) == "table-cell" => {
                formula = attr(&e, "formula").is_some();
                if attr(&e, "value-type").as_deref() == Some("float") {
                    number = attr(&e, "value");
                }
            }
            Event::Start(e) if local(e.name().as_ref()) == "p" => {
                paragraphs.push(String::new());
                depth_p += 1;
            }
            Event::Empty(e) if local(e.name().as_ref()) == "p" => paragraphs.push(String::new()),
            Event::End(e) if local(e.name().as_ref()) == "p" => depth_p -= 1,
            Event::Empty(e) if depth_p > 0 => {
                let add = match local(e.name().as_ref()) {
                    "s" => " ".repeat(
                        attr(&e, "c")
                            .and_then(|c| c.parse().ok())
                            .unwrap_or(1usize)
                            .min(1000),
                    ),
                    "tab" => "\t".into(),
                    "line-break" => "\n".into(),
                    _ => String::new(),
                };
                if let Some(p) = paragraphs.last_mut() {
                    p.push_str(&add);
                }
            }
            Event::Text(t) if depth_p > 0 => {
                if let Some(p) = paragraphs.last_mut() {
                    p.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if depth_p > 0 => {
                if let (Some(c), Some(p)) = (entity(&r), paragraphs.last_mut()) {
                    p.push(c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(Some(match number {
        Some(n) => CellValue {
            text: n,
            number: true,
            formula,
        },
        None => CellValue {
            text: paragraphs.join("\n"),
            number: false,
            formula,
        },
    }))
}

/// The workbook with `cell` of `sheet` holding `value`, its style kept.
pub fn write_cell(
    bytes: &[u8],
    sheet: &str,
    cell: &str,
    value: &NewValue,
) -> Result<Vec<u8>, String> {
    let xml = read_entry(bytes, CONTENT)?.ok_or_else(missing)?;
    let found =
        find(&xml, sheet, cell)?.ok_or_else(|| format!("cellule {cell} absente de la feuille"))?;
    if found.rows_repeated > 1 {
        return Err(
            "la cellule fait partie d'une ligne répétée : modifiez-la dans LibreOffice".into(),
        );
    }
    let element = &xml[found.start..found.end];
    let head_end = element.find('>').unwrap_or(element.len());
    let head = element[..head_end].trim_end_matches('/');
    let name = head[1..]
        .split(char::is_whitespace)
        .next()
        .unwrap_or("table:table-cell");
    let prefix = |p: &str| {
        // The namespace prefixes the file uses for text:p.
        name.split_once(':')
            .map_or(String::new(), |_| format!("{p}:"))
    };
    let attrs: Vec<(String, String)> = attributes(head);
    let kept = |drop: &[&str]| {
        attrs
            .iter()
            .filter(|(k, _)| !drop.contains(&k.rsplit(':').next().unwrap_or(k)))
            .map(|(k, v)| format!(" {k}=\"{v}\""))
            .collect::<String>()
    };
    let repeat_key = attrs
        .iter()
        .find(|(k, _)| k.ends_with("number-columns-repeated"))
        .map(|(k, _)| k.clone());
    let value_type = format!("{}value-type", prefix("office"));
    let new = {
        let base = kept(&[
            "number-columns-repeated",
            "value-type",
            "value",
            "formula",
            "string-value",
            "date-value",
            "time-value",
            "boolean-value",
        ]);
        let p = format!("{}p", prefix("text"));
        match value {
            NewValue::Text(t) => {
                let paragraphs: String = t
                    .split('\n')
                    .map(|line| format!("<{p}>{}</{p}>", odf_text(line, &prefix("text"))))
                    .collect();
                format!("<{name}{base} {value_type}=\"string\">{paragraphs}</{name}>")
            }
            NewValue::Number(n) => format!(
                "<{name}{base} {value_type}=\"float\" {}value=\"{n}\"><{p}>{n}</{p}></{name}>",
                prefix("office")
            ),
        }
    };
    let copy = |count: usize| -> String {
        if count == 0 {
            return String::new();
        }
        let key = repeat_key
            .clone()
            .unwrap_or_else(|| format!("{}number-columns-repeated", prefix("table")));
        let others = kept(&["number-columns-repeated"]);
        let inner = if element[..head_end].ends_with('/') {
            "/>"
        } else {
            &element[head_end..]
        };
        if count == 1 {
            format!("<{name}{others}{inner}")
        } else {
            format!("<{name}{others} {key}=\"{count}\"{inner}")
        }
    };
    let rewritten = format!(
        "{}{}{new}{}{}",
        &xml[..found.start],
        copy(found.before),
        copy(found.after),
        &xml[found.end..]
    );
    replace_entry(bytes, CONTENT, rewritten.as_bytes())
}

/// A line of text as OpenDocument keeps it: spaces after the first of a
/// run (and a leading one) as `text:s`, tabs as `text:tab`.
fn odf_text(line: &str, prefix: &str) -> String {
    let mut out = String::new();
    let mut spaces = 0usize;
    let flush = |out: &mut String, spaces: &mut usize, at_start: bool| {
        if *spaces == 0 {
            return;
        }
        let literal = usize::from(!at_start);
        if literal == 1 {
            out.push(' ');
        }
        let rest = *spaces - literal;
        if rest == 1 {
            out.push_str(&format!("<{prefix}s/>"));
        } else if rest > 1 {
            out.push_str(&format!("<{prefix}s {prefix}c=\"{rest}\"/>"));
        }
        *spaces = 0;
    };
    for c in line.chars() {
        match c {
            ' ' => spaces += 1,
            '\t' => {
                let start = out.is_empty();
                flush(&mut out, &mut spaces, start);
                out.push_str(&format!("<{prefix}tab/>"));
            }
            c => {
                let start = out.is_empty();
                flush(&mut out, &mut spaces, start);
                out.push_str(&quick_xml::escape::escape(c.to_string().as_str()));
            }
        }
    }
    let start = out.is_empty();
    flush(&mut out, &mut spaces, start);
    out
}

fn missing() -> String {
    "partie « content.xml » absente : ce n'est pas un classeur OpenDocument".into()
}

fn invalid() -> String {
    "XML invalide dans le classeur (content.xml)".into()
}

fn repeat(e: &BytesStart, name: &str) -> usize {
    attr(e, name)
        .and_then(|v| v.parse().ok())
        .unwrap_or(1usize)
        .clamp(1, MAX_REPEAT)
}

/// Where a cell stands in content.xml: its element, the cells of its run
/// before and after it, and how many rows its row element stands for.
struct Found {
    start: usize,
    end: usize,
    before: usize,
    after: usize,
    rows_repeated: usize,
}

fn find(xml: &str, sheet: &str, cell: &str) -> Result<Option<Found>, String> {
    let (row, col) =
        crate::model::parse_a1(cell).ok_or_else(|| format!("cellule « {cell} » invalide"))?;
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut in_sheet, mut r, mut c, mut row_span) = (false, 0usize, 0usize, 1usize);
    let mut found_sheet = false;
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|_| invalid())?;
        let (e, empty) = match &event {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) if in_sheet && local(e.name().as_ref()) == "table" => return Ok(None),
            Event::End(e) if in_sheet && local(e.name().as_ref()) == "table-row" => {
                r += row_span;
                continue;
            }
            Event::DocType(_) => return Err(invalid()),
            Event::Eof if found_sheet => return Ok(None),
            Event::Eof => return Err(format!("feuille « {sheet} » introuvable")),
            _ => continue,
        };
        match local(e.name().as_ref()) {
            "table" => {
                in_sheet = attr(e, "name").as_deref() == Some(sheet);
                found_sheet |= in_sheet;
                if !in_sheet && !empty {
                    let end = e.to_end().into_owned();
                    reader.read_to_end(end.name()).map_err(|_| invalid())?;
                }
            }
            "table-row" if in_sheet => {
                row_span = repeat(e, "number-rows-repeated");
                c = 0;
                if empty {
                    r += row_span;
                } else if !(r..r + row_span).contains(&row) {
                    let end = e.to_end().into_owned();
                    reader.read_to_end(end.name()).map_err(|_| invalid())?;
                    r += row_span;
                }
            }
            "table-cell" | "covered-table-cell" if in_sheet => {
                let span = repeat(e, "number-columns-repeated");
                if !empty {
                    let end = e.to_end().into_owned();
                    reader.read_to_end(end.name()).map_err(|_| invalid())?;
                }
                if (c..c + span).contains(&col) && (r..r + row_span).contains(&row) {
                    if local(e.name().as_ref()) == "covered-table-cell" {
                        return Err(format!(
                            "cellule {cell} couverte par une fusion de cellules"
                        ));
                    }
                    return Ok(Some(Found {
                        start: before,
                        end: reader.buffer_position() as usize,
                        before: col - c,
                        after: c + span - col - 1,
                        rows_repeated: row_span,
                    }));
                }
                c += span;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    const CONTENT_XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Autre"><table:table-row><table:table-cell office:value-type="string"><text:p>même</text:p></table:table-cell></table:table-row></table:table><table:table table:name="Constats"><table:table-row><table:table-cell office:value-type="string"><text:p>Code</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Constat</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Nombre</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="2"><table:table-cell/><table:table-cell/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="2" table:style-name="ce1" office:value-type="string"><text:p>même<text:s text:c="2"/>texte</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="12"><text:p>12</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;

    fn workbook() -> Vec<u8> {
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        out.start_file("mimetype", stored).unwrap();
        out.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
            .unwrap();
        out.start_file("content.xml", zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(CONTENT_XML.as_bytes()).unwrap();
        out.start_file(
            "META-INF/manifest.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        out.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
        out.finish().unwrap().into_inner()
    }

    fn entry(bytes: &[u8], name: &str) -> Vec<u8> {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut data = Vec::new();
        zip.by_name(name).unwrap().read_to_end(&mut data).unwrap();
        data
    }

    #[test]
    fn a_cell_of_a_repeated_run_is_split_out_and_nothing_else_changes() {
        let before = workbook();
        // Row 4 (two empty rows are one repeated element).
        let b4 = read_cell(&before, "Constats", "B4").unwrap().unwrap();
        assert_eq!((b4.text.as_str(), b4.number), ("même  texte", false));
        let c4 = read_cell(&before, "Constats", "C4").unwrap().unwrap();
        assert_eq!((c4.text.as_str(), c4.number), ("12", true));
        assert_eq!(
            read_cell(&before, "Constats", "B2")
                .unwrap()
                .map(|c| c.text),
            Some(String::new())
        );
        let spaced = write_cell(
            &before,
            "Constats",
            "B4",
            &NewValue::Text(" deux  espaces".into()),
        )
        .unwrap();
        assert_eq!(
            read_cell(&spaced, "Constats", "B4").unwrap().unwrap().text,
            " deux  espaces"
        );
        let after = write_cell(
            &before,
            "Constats",
            "B4",
            &NewValue::Text("autre & texte".into()),
        )
        .unwrap();
        assert_eq!(
            read_cell(&after, "Constats", "A4").unwrap().unwrap().text,
            "même  texte"
        );
        assert_eq!(
            read_cell(&after, "Constats", "B4").unwrap().unwrap().text,
            "autre & texte"
        );
        assert_eq!(
            read_cell(&after, "Constats", "C4").unwrap().unwrap().text,
            "12"
        );
        assert_eq!(
            read_cell(&after, "Autre", "A1").unwrap().unwrap().text,
            "même"
        );
        for name in ["mimetype", "META-INF/manifest.xml"] {
            assert_eq!(entry(&before, name), entry(&after, name), "{name}");
        }
        let xml = String::from_utf8(entry(&after, "content.xml")).unwrap();
        assert!(
            xml.contains(r#"<table:table-cell table:style-name="ce1" office:value-type="string"><text:p>même<text:s text:c="2"/>texte</text:p></table:table-cell><table:table-cell table:style-name="ce1" office:value-type="string"><text:p>autre &amp; texte</text:p></table:table-cell>"#),
            "{xml}"
        );
        // calamine reads the result.
        use calamine::Reader;
        let mut book: calamine::Ods<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(after.clone())).unwrap();
        let range = book.worksheet_range("Constats").unwrap();
        assert_eq!(
            range.get_value((3, 1)).unwrap().to_string(),
            "autre & texte"
        );
        let after = write_cell(&after, "Constats", "C4", &NewValue::Number("13.5".into())).unwrap();
        let c4 = read_cell(&after, "Constats", "C4").unwrap().unwrap();
        assert_eq!((c4.text.as_str(), c4.number), ("13.5", true));
        // A cell in a repeated row is refused.
        assert!(
            write_cell(&before, "Constats", "A2", &NewValue::Text("x".into()))
                .unwrap_err()
                .contains("ligne répétée")
        );
        assert!(
            read_cell(&before, "Manque", "A1")
                .unwrap_err()
                .contains("feuille « Manque » introuvable")
        );
    }
}
