//! The resolution matrix: an Excel workbook (or CSV) with one row per
//! comment, reply or tracked change, and empty columns for the decision and
//! the response; and a terminal summary per reviewer.

use super::Entry;
use rust_xlsxwriter::{DataValidation, ExcelDateTime, Format, FormatAlign, Workbook, XlsxError};
use std::collections::BTreeMap;

/// Column headers, in order. The columns up to « Identifiant » keep their
/// places from earlier versions; the columns after it were added for
/// `trame apply`.
pub const HEADERS: [&str; 18] = [
    "N°",
    "Document",
    "Section",
    "Type",
    "Texte concerné",
    "Commentaire ou modification",
    "Auteur",
    "Date",
    "Fil",
    "Résolu",
    "Source à modifier",
    "Décision",
    "Réponse",
    "Suivi",
    "Identifiant",
    "Texte de remplacement",
    "Texte reçu",
    "Texte proposé",
];

/// Column of « Source à modifier ».
pub const SOURCE: usize = 10;
/// Columns the author types in, kept when the matrix is written again.
pub const DECISION: usize = 11;
pub const RESPONSE: usize = 12;
/// « nouveau » for a row not in the previous matrix.
pub const FOLLOW_UP: usize = 13;
/// The row's stable identifier ([`row_ids`]).
pub const ID: usize = 14;
/// For the decision `modifier`: the new text of the whole paragraph (typed).
pub const REPLACEMENT: usize = 15;
/// The paragraph as received, and with the row's change accepted (written by
/// `trame review`, read by `trame apply`).
pub const RECEIVED: usize = 16;
pub const PROPOSED: usize = 17;

/// The decisions the « Décision » column offers (a closed list).
pub const DECISIONS: [&str; 5] = [
    "accepter",
    "refuser",
    "modifier",
    "déjà traité",
    "à discuter",
];

/// One row of the matrix, as text, in [`HEADERS`] order.
pub type Row = [String; 18];

const WIDTHS: [f64; 18] = [
    5.0, 22.0, 30.0, 13.0, 45.0, 45.0, 18.0, 16.0, 6.0, 8.0, 40.0, 16.0, 40.0, 16.0, 14.0, 45.0,
    45.0, 45.0,
];

/// Excel holds at most 32 767 characters in a cell: longer texts (a
/// comment pasted from a whole chapter) are cut, and say so.
const MAX_CELL_CHARS: usize = 32_000;

fn fit(s: &str) -> String {
    match s.char_indices().nth(MAX_CELL_CHARS) {
        None => s.to_string(),
        Some((cut, _)) => format!("{} […]", &s[..cut]),
    }
}

/// Stable identifiers of entries: the same comment or change in the same
/// returned file gets the same identifier at every `trame review`, whatever
/// else the file holds (a digest of document, type, author, date, text and
/// context; a second identical entry gets `-2`, and so on).
pub fn row_ids(entries: &[Entry]) -> Vec<String> {
    use sha2::{Digest, Sha256};
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    entries
        .iter()
        .map(|e| {
            let mut h = Sha256::new();
            for part in [
                &e.document,
                e.kind,
                &e.author,
                &e.date,
                &e.change,
                &e.context,
            ] {
                h.update(part.as_bytes());
                h.update([0x1f]);
            }
            let digest: String = h.finalize()[..6]
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            let n = seen.entry(digest.clone()).or_insert(0);
            *n += 1;
            if *n == 1 {
                digest
            } else {
                format!("{digest}-{n}")
            }
        })
        .collect()
}

/// The rows of the matrix: one per entry, then the rows of the previous
/// matrix (`previous`, by identifier) that are no longer found but hold a
/// typed decision or response. Typed columns are carried over by
/// identifier; with a previous matrix, rows it lacked are marked « nouveau ».
pub fn rows(entries: &[Entry], previous: Option<&super::merge::Previous>) -> Vec<Row> {
    let ids = row_ids(entries);
    let mut out: Vec<Row> = entries
        .iter()
        .zip(&ids)
        .enumerate()
        .map(|(i, (e, id))| {
            let (decision, response, follow_up, replacement) = match previous.map(|p| p.typed(id)) {
                None => Default::default(),
                Some(None) => (
                    String::new(),
                    String::new(),
                    "nouveau".to_string(),
                    String::new(),
                ),
                Some(Some(t)) => (
                    t.decision.to_string(),
                    t.response.to_string(),
                    t.treated.to_string(),
                    t.replacement.to_string(),
                ),
            };
            [
                (i + 1).to_string(),
                fit(&e.document),
                fit(&e.section),
                e.kind.to_string(),
                fit(&e.context),
                fit(&e.change),
                fit(&e.author),
                fit(&e.date),
                e.thread.clone(),
                e.done.clone(),
                fit(&e.source),
                decision,
                response,
                follow_up,
                id.clone(),
                replacement,
                fit(&e.received),
                fit(&e.proposed),
            ]
        })
        .collect();
    if let Some(previous) = previous {
        for mut row in previous.gone(&ids) {
            row[0] = (out.len() + 1).to_string();
            row[FOLLOW_UP] = "absent des fichiers relus".to_string();
            out.push(row);
        }
    }
    out
}

/// The matrix as an .xlsx file. `created` fixes the workbook date so that
/// the same review gives the same bytes.
pub fn write_xlsx(entries: &[Entry], created: chrono::NaiveDate) -> Result<Vec<u8>, XlsxError> {
    write_xlsx_rows(&rows(entries, None), entries, created)
}

/// The matrix of `rows` (see [`rows`]) as an .xlsx file; `entries` give the
/// per-reviewer summary sheet.
pub fn write_xlsx_rows(
    rows: &[Row],
    entries: &[Entry],
    created: chrono::NaiveDate,
) -> Result<Vec<u8>, XlsxError> {
    use chrono::Datelike;
    let mut wb = Workbook::new();
    // As for the Word files: a few per cent larger, several times faster.
    wb.set_zip_compression_level(1);
    wb.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_title("Matrice de résolution des commentaires")
            .set_creation_datetime(&ExcelDateTime::from_ymd(
                created.year() as u16,
                created.month() as u8,
                created.day() as u8,
            )?),
    );
    let header = Format::new()
        .set_bold()
        .set_font_color("FFFFFF")
        .set_background_color("0033A0")
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let sheet = wb.add_worksheet().set_name("Matrice")?;
    for (c, h) in HEADERS.iter().enumerate() {
        sheet.write_with_format(0, c as u16, *h, &header)?;
        sheet.set_column_width(c as u16, WIDTHS[c])?;
    }
    for (i, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            if c == 0 {
                sheet.write_with_format(i as u32 + 1, 0, (i + 1) as f64, &wrap)?;
            } else if !value.is_empty() {
                sheet.write_with_format(i as u32 + 1, c as u16, value.as_str(), &wrap)?;
            }
        }
    }
    let last = rows.len().max(1) as u32;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last, (HEADERS.len() - 1) as u16)?;
    let decisions = DataValidation::new()
        .allow_list_strings(&DECISIONS)?
        .set_error_title("Décision")?
        .set_error_message(
            "Choisissez : accepter, refuser, modifier, déjà traité ou à discuter.",
        )?;
    sheet.add_data_validation(
        1,
        DECISION as u16,
        last.max(1000),
        DECISION as u16,
        &decisions,
    )?;

    let summary = wb.add_worksheet().set_name("Synthèse")?;
    let kinds = [
        "commentaire",
        "réponse",
        "insertion",
        "suppression",
        "mise en forme",
        "déplacement",
    ];
    summary.write_with_format(0, 0, "Auteur", &header)?;
    summary.set_column_width(0, 30)?;
    for (k, kind) in kinds.iter().enumerate() {
        summary.write_with_format(0, k as u16 + 1, *kind, &header)?;
        summary.set_column_width(k as u16 + 1, 14)?;
    }
    for (r, (author, counts)) in per_author(entries).iter().enumerate() {
        summary.write(r as u32 + 1, 0, author.as_str())?;
        for (k, kind) in kinds.iter().enumerate() {
            summary.write(
                r as u32 + 1,
                k as u16 + 1,
                *counts.get(*kind).unwrap_or(&0) as f64,
            )?;
        }
    }
    wb.save_to_buffer()
}

/// The matrix as CSV (semicolons, UTF-8 with BOM, as French Excel expects).
pub fn write_csv(entries: &[Entry]) -> Vec<u8> {
    write_csv_rows(&rows(entries, None))
}

/// The matrix of `rows` as CSV.
pub fn write_csv_rows(rows: &[Row]) -> Vec<u8> {
    let mut out = Vec::from("\u{FEFF}".as_bytes());
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(&mut out);
        let _ = w.write_record(HEADERS);
        for row in rows {
            let _ = w.write_record(row);
        }
        let _ = w.flush();
    }
    out
}

fn per_author(entries: &[Entry]) -> BTreeMap<String, BTreeMap<&'static str, usize>> {
    let mut map: BTreeMap<String, BTreeMap<&'static str, usize>> = BTreeMap::new();
    for e in entries {
        let author = if e.author.is_empty() {
            "(sans nom)".to_string()
        } else {
            // A name, not a text: a hostile file's megabyte attribute is cut.
            e.author.chars().take(100).collect()
        };
        *map.entry(author).or_default().entry(e.kind).or_default() += 1;
    }
    map
}

/// Counts per reviewer and type, for the terminal.
pub fn summary(entries: &[Entry], files: usize) -> String {
    let mut out = format!(
        "{} élément{} relevé{} dans {files} fichier{} :\n",
        entries.len(),
        plural(entries.len()),
        plural(entries.len()),
        plural(files)
    );
    for (author, counts) in per_author(entries) {
        let parts: Vec<String> = counts
            .iter()
            .map(|(kind, n)| format!("{n} {}", plural_kind(kind, *n)))
            .collect();
        out += &format!("- {author} : {}\n", parts.join(", "));
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n > 1 { "s" } else { "" }
}

fn plural_kind(kind: &str, n: usize) -> String {
    if n > 1 {
        match kind {
            "mise en forme" => "mises en forme".to_string(),
            "déplacement" => "déplacements".to_string(),
            k => format!("{k}s"),
        }
    } else {
        kind.to_string()
    }
}
