//! Checking a grid against its column schema, producing typed values.

use super::grid::Grid;
use super::{Column, DataTable, Row, Value, clean_text};
use crate::diag::{Diagnostic, Location, Problems, Result, closest};
use crate::model::CellRef;
use crate::project::{ColumnSpec, ColumnType, Source};
use calamine::{Data, DataType};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::Arc;

/// Checks a sheet against its source's columns: finds each column in the
/// header row, then converts every data row (consuming the grid, so raw
/// cells are freed as typed values are made). All problems are reported.
pub fn check_table(name: &str, source: &Source, grid: Grid) -> Result<DataTable> {
    let header_row = source.header_row - 1;
    let sheet_loc = |row: Option<u32>| Location::Sheet {
        file: source.file.clone(),
        sheet: grid.sheet.clone(),
        row,
    };

    let present = headers_in(&grid, header_row);
    let wanted: Vec<String> = source
        .columns
        .iter()
        .map(|(key, spec)| normalise_header(spec.header_or(key)))
        .collect();
    let matches = |present: &[(String, usize)]| {
        wanted
            .iter()
            .filter(|w| present.iter().any(|(h, _)| normalise_header(h) == **w))
            .count()
    };
    // Not one expected header on the declared row, but most of them lower
    // down (title rows above the table): one message, not one per column.
    if matches(&present) == 0
        && let Some(lower) = (header_row + 1..header_row + 20)
            .find(|r| matches(&headers_in(&grid, *r)) * 2 >= wanted.len().max(1))
    {
        return Err(Diagnostic::new(
            sheet_loc(Some(source.header_row)),
            format!(
                "aucun des en-têtes attendus n'est à la ligne {} ; ils sont à la ligne {}",
                source.header_row,
                lower + 1
            ),
        )
        .with_hint(Some(format!(
            "indiquez « header_row: {} » pour la source « {name} » dans trame.yaml",
            lower + 1
        )))
        .into());
    }

    let mut problems = Vec::new();
    let mut columns = Vec::new();
    for (key, spec) in &source.columns {
        let header = spec.header_or(key).to_string();
        let mut matching = present
            .iter()
            .filter(|(h, _)| normalise_header(h) == normalise_header(&header));
        let found = matching.next();
        if let (Some((_, first)), Some((_, second))) = (found, matching.next()) {
            problems.push(Diagnostic::new(
                sheet_loc(Some(source.header_row)),
                format!(
                    "colonne « {header} » présente deux fois dans la ligne d'en-tête (colonnes {} et {}) : renommez l'une des deux",
                    crate::model::column_letters(*first),
                    crate::model::column_letters(*second)
                ),
            ));
            continue;
        }
        match found {
            Some((_, col)) => columns.push(Column {
                key: key.clone(),
                header,
                spec: spec.clone(),
                sheet_col: *col,
            }),
            None => {
                // The sheet's header closest to the expected one: said as
                // « expected here, found there », with the cell.
                if let Some((found, col)) =
                    closest(&header, present.iter().map(|(h, _)| h.as_str()))
                        .and_then(|h| present.iter().find(|(p, _)| p == h))
                {
                    problems.push(
                        Diagnostic::cell(
                            CellRef::at(&source.file, &grid.sheet, header_row as usize, *col),
                            format!(
                                "l'en-tête « {header} » attendu par trame.yaml (colonne « {key} » de la source « {name} ») n'y est pas ; cette cellule contient « {found} »"
                            ),
                        )
                        .with_hint(Some(format!(
                            "renommez la cellule « {header} », ou écrivez « header: {found} » dans trame.yaml"
                        ))),
                    );
                    continue;
                }
                let hint = if present.is_empty() {
                    format!(
                        "la ligne {} est vide : vérifiez « header_row » dans trame.yaml",
                        source.header_row
                    )
                } else {
                    let names: Vec<&str> = present.iter().map(|(h, _)| h.as_str()).collect();
                    format!("colonnes présentes : {}", names.join(", "))
                };
                problems.push(
                    Diagnostic::new(
                        sheet_loc(Some(source.header_row)),
                        format!("colonne « {header} » introuvable dans la ligne d'en-tête"),
                    )
                    .with_hint(Some(hint)),
                );
            }
        }
    }
    if !problems.is_empty() {
        return Err(Problems(problems));
    }

    let file: Arc<str> = Arc::from(source.file.as_str());
    let sheet: Arc<str> = Arc::from(grid.sheet.as_str());
    let mut rows = Vec::new();
    // For unique columns: each value seen, with the sheet row it was first in.
    let mut seen: Vec<HashMap<String, usize>> = vec![HashMap::new(); columns.len()];
    for mut grid_row in grid.into_rows().filter(|r| r.row > header_row) {
        if columns
            .iter()
            .all(|c| is_blank(grid_row.get(c.sheet_col as u32)))
        {
            continue;
        }
        let sheet_row = grid_row.row as usize;
        let mut values = Vec::with_capacity(columns.len());
        for (i, column) in columns.iter().enumerate() {
            let at = || CellRef::shared(&file, &sheet, sheet_row, column.sheet_col);
            let raw = grid_row.take(column.sheet_col as u32);
            // Where the cell is, in the words of someone looking at the sheet.
            let place = |raw: &Data| {
                Some(format!(
                    "ligne {}, colonne {} « {} », valeur {}",
                    sheet_row + 1,
                    crate::model::column_letters(column.sheet_col),
                    column.header,
                    match display_raw(raw).trim() {
                        "" => "vide".to_string(),
                        v => format!("« {v} »"),
                    }
                ))
            };
            // A confidential value never appears in a message.
            let secret = column.spec.confidential.then(|| display_raw(&raw));
            let mut report = |d: Diagnostic| problems.push(masked(d, secret.as_deref()));
            let value = match convert(&raw, &column.spec) {
                Ok(v) => v,
                Err(message) => {
                    report(Diagnostic::cell(at(), message).with_excerpt(place(&raw)));
                    continue;
                }
            };
            if value == Value::Empty && column.spec.required {
                report(
                    Diagnostic::cell(
                        at(),
                        format!(
                            "valeur obligatoire manquante (colonne « {} »)",
                            column.header
                        ),
                    )
                    .with_excerpt(place(&raw)),
                );
            }
            if column.spec.unique && value != Value::Empty {
                let text = value.as_search_text();
                if let Some(first) = seen[i].get(&text) {
                    let first = CellRef::shared(&file, &sheet, *first, column.sheet_col);
                    report(
                        Diagnostic::cell(
                            at(),
                            format!("valeur en double « {text} » (déjà en {})", first.cell),
                        )
                        .with_excerpt(place(&raw)),
                    );
                } else {
                    seen[i].insert(text, sheet_row);
                }
            }
            values.push(value);
        }
        rows.push(Row { sheet_row, values });
    }
    if !problems.is_empty() {
        return Err(Problems(problems));
    }
    let key = source
        .key
        .as_ref()
        .and_then(|k| columns.iter().position(|c| &c.key == k));
    Ok(DataTable {
        name: name.to_string(),
        file,
        sheet,
        columns,
        rows,
        key,
    })
}

/// `d` with `secret` (a confidential cell's text) masked in all its text.
fn masked(d: Diagnostic, secret: Option<&str>) -> Diagnostic {
    match secret.map(str::trim).filter(|s| !s.is_empty()) {
        Some(secret) => d.map_text(|t| t.replace(secret, "[valeur confidentielle masquée]")),
        None => d,
    }
}

/// The non-empty cells of a sheet row (from 0), with their columns.
fn headers_in(grid: &Grid, row: u32) -> Vec<(String, usize)> {
    grid.row(row)
        .map(|r| {
            r.cells
                .iter()
                .map(|(col, raw)| (display_raw(raw).trim().to_string(), *col as usize))
                .filter(|(text, _)| !text.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

fn normalise_header(h: &str) -> String {
    h.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn is_blank(d: &Data) -> bool {
    match d {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// How a raw cell reads to a person (used in messages and for text columns).
fn display_raw(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "VRAI" } else { "FAUX" }.into(),
        Data::DateTime(dt) => d
            .as_date()
            .map_or_else(|| dt.as_f64().to_string(), |x| x.to_string()),
        Data::Error(e) => format!("{e}"),
    }
}

/// Converts one raw cell to the column's type, or says what is wrong.
fn convert(raw: &Data, spec: &ColumnSpec) -> std::result::Result<Value, String> {
    if is_blank(raw) {
        return Ok(Value::Empty);
    }
    if let Data::Error(e) = raw {
        return Err(format!("erreur dans la cellule ({e})"));
    }
    let shown = || display_raw(raw);
    match spec.kind {
        ColumnType::Text => Ok(Value::Text(match raw {
            // Copied once, not shown then cleaned: a table can have millions.
            Data::String(s) => clean_text(s.trim()),
            _ => clean_text(shown().trim()),
        })),
        ColumnType::Integer => match raw {
            Data::Int(i) => Ok(Value::Integer(*i)),
            Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Ok(Value::Integer(*f as i64)),
            Data::String(s) => compact_number(s)
                .parse::<i64>()
                .map(Value::Integer)
                .map_err(|_| format!("nombre entier attendu, trouvé « {} »", s.trim())),
            _ => Err(format!("nombre entier attendu, trouvé « {} »", shown())),
        },
        ColumnType::Number => match raw {
            Data::Int(i) => Ok(Value::Number(*i as f64)),
            Data::Float(f) => Ok(Value::Number(*f)),
            Data::String(s) => compact_number(s)
                .replace(',', ".")
                .parse::<f64>()
                .ok()
                .filter(|f| f.is_finite())
                .map(Value::Number)
                .ok_or_else(|| format!("nombre attendu, trouvé « {} »", s.trim())),
            _ => Err(format!("nombre attendu, trouvé « {} »", shown())),
        },
        ColumnType::Date => match raw {
            Data::DateTime(_) | Data::DateTimeIso(_) => raw
                .as_date()
                .map(Value::Date)
                .ok_or_else(|| format!("date attendue, trouvé « {} »", shown())),
            // A date typed in a cell formatted as a plain number.
            Data::Float(_) | Data::Int(_) => {
                let serial = raw.as_f64().unwrap_or(0.0);
                if (20_000.0..80_000.0).contains(&serial) {
                    Ok(Value::Date(excel_serial_date(serial)))
                } else {
                    Err(date_problem(&shown()))
                }
            }
            Data::String(s) => parse_date(s.trim())
                .map(Value::Date)
                .ok_or_else(|| date_problem(s.trim())),
            _ => Err(date_problem(&shown())),
        },
        ColumnType::Choice => {
            let text = shown();
            let text = text.trim();
            spec.values
                .iter()
                .find(|v| v.to_lowercase() == text.to_lowercase())
                .map(|v| Value::Text(v.clone()))
                .ok_or_else(|| {
                    format!(
                        "valeur non permise « {text} » (valeurs permises : {})",
                        spec.values.join(", ")
                    )
                })
        }
    }
}

/// Removes the spaces (ordinary and non-breaking) used as thousands separators.
fn compact_number(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, ' ' | '\u{A0}' | '\u{202F}'))
        .collect()
}

/// ISO `2024-04-12` or French `12/04/2024`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .ok()
}

/// Why `text` is not a date: written in an accepted form but naming a day
/// that does not exist (`31/02/2024`), or in a form trame does not read.
fn date_problem(text: &str) -> String {
    let numbers = |sep: char, lengths: [&[usize]; 3]| {
        let parts: Vec<&str> = text.split(sep).collect();
        parts.len() == 3
            && parts
                .iter()
                .zip(lengths)
                .all(|(p, ok)| ok.contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit()))
    };
    if numbers('-', [&[4], &[1, 2], &[1, 2]]) || numbers('/', [&[1, 2], &[1, 2], &[4]]) {
        format!("date inexistante « {text} » : ce jour n'existe pas dans le calendrier")
    } else {
        format!(
            "date attendue, trouvé « {text} » ; formats acceptés : une date Excel, AAAA-MM-JJ (2024-04-12) ou JJ/MM/AAAA (12/04/2024)"
        )
    }
}

fn excel_serial_date(serial: f64) -> NaiveDate {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).expect("valid epoch");
    epoch + chrono::Days::new(serial.floor() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(kind: ColumnType) -> ColumnSpec {
        ColumnSpec {
            header: None,
            kind,
            values: vec!["Haute".into(), "Moyenne".into()],
            required: false,
            unique: false,
            confidential: false,
            quasi_identifier: false,
        }
    }

    #[test]
    fn converts_french_numbers_and_dates() {
        let n = convert(&Data::String("1 234,5".into()), &spec(ColumnType::Number));
        assert_eq!(n, Ok(Value::Number(1234.5)));
        let d = convert(&Data::String("12/04/2024".into()), &spec(ColumnType::Date));
        assert_eq!(
            d,
            Ok(Value::Date(NaiveDate::from_ymd_opt(2024, 4, 12).unwrap()))
        );
        let bad = convert(&Data::String("31/02/2024".into()), &spec(ColumnType::Date));
        assert_eq!(
            bad,
            Err("date inexistante « 31/02/2024 » : ce jour n'existe pas dans le calendrier".into())
        );
        assert_eq!(
            convert(&Data::String("le 3 mars".into()), &spec(ColumnType::Date)),
            Err("date attendue, trouvé « le 3 mars » ; formats acceptés : une date Excel, AAAA-MM-JJ (2024-04-12) ou JJ/MM/AAAA (12/04/2024)".into())
        );
        let serial = convert(&Data::Float(45394.0), &spec(ColumnType::Date));
        assert_eq!(
            serial,
            Ok(Value::Date(NaiveDate::from_ymd_opt(2024, 4, 12).unwrap()))
        );
    }

    #[test]
    fn choice_accepts_any_case_and_names_allowed_values() {
        let c = convert(&Data::String("haute".into()), &spec(ColumnType::Choice));
        assert_eq!(c, Ok(Value::Text("Haute".into())));
        let bad = convert(&Data::String("Urgente".into()), &spec(ColumnType::Choice));
        assert_eq!(
            bad,
            Err("valeur non permise « Urgente » (valeurs permises : Haute, Moyenne)".into())
        );
    }

    #[test]
    fn integers_reject_words() {
        let bad = convert(&Data::String("douze".into()), &spec(ColumnType::Integer));
        assert_eq!(bad, Err("nombre entier attendu, trouvé « douze »".into()));
        assert_eq!(
            convert(&Data::Float(12.0), &spec(ColumnType::Integer)),
            Ok(Value::Integer(12))
        );
    }
}
