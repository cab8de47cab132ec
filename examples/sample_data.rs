//! Writes the sample workbooks in `data/` from the tables in
//! `examples/sample_data/<source>.tsv` (fictional data, marked as such).
//!
//! Run `cargo run --example sample_data` after editing a table. Each TSV file
//! holds one source of `trame.yaml`: a header line, then one row per line,
//! tab-separated; `\n` in a value is a line break in the cell. Values are
//! written with the type the schema declares (dates as real Excel dates,
//! numbers as numbers). The workbooks are committed, so users never run this.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::collections::BTreeMap;
use std::path::Path;
use trame::project::{ColumnType, Project};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let project = Project::load(Path::new(".")).map_err(|e| e.to_string())?;
    // Workbook file → sheets in declaration order.
    let mut books: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for (name, source) in &project.sources {
        if source.file.ends_with(".csv") {
            continue;
        }
        let sheet = source.sheet.clone().unwrap_or_else(|| name.clone());
        books
            .entry(source.file.clone())
            .or_default()
            .push((name.clone(), sheet));
    }
    let bold = Format::new().set_bold().set_background_color("DDE4F2");
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let wrap = Format::new().set_text_wrap();
    for (file, sheets) in &books {
        let mut wb = Workbook::new();
        wb.set_properties(
            &rust_xlsxwriter::DocProperties::new()
                .set_creation_datetime(&ExcelDateTime::from_ymd(2024, 4, 1)?)
                .set_comment("Données d'exemple fictives"),
        );
        for (name, sheet_name) in sheets {
            let tsv_path = format!("examples/sample_data/{name}.tsv");
            let Ok(tsv) = std::fs::read_to_string(&tsv_path) else {
                eprintln!("{tsv_path} absent : feuille « {sheet_name} » non écrite");
                continue;
            };
            let source = &project.sources[name];
            let sheet = wb.add_worksheet().set_name(sheet_name)?;
            let mut lines = tsv.lines().filter(|l| !l.trim().is_empty());
            let headers: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
            let kinds: Vec<ColumnType> = headers
                .iter()
                .map(|h| {
                    source
                        .columns
                        .iter()
                        .find(|(key, spec)| spec.header_or(key) == *h)
                        .map(|(_, spec)| spec.kind)
                        .unwrap_or_default()
                })
                .collect();
            for (c, h) in headers.iter().enumerate() {
                sheet.write_with_format(0, c as u16, *h, &bold)?;
                sheet.set_column_width(c as u16, (h.chars().count() as f64 + 4.0).max(12.0))?;
            }
            for (r, line) in lines.enumerate() {
                let r = r as u32 + 1;
                for (c, value) in line.split('\t').enumerate() {
                    let value = value.trim().replace("\\n", "\n");
                    if value.is_empty() {
                        continue;
                    }
                    let col = c as u16;
                    match kinds.get(c).copied().unwrap_or_default() {
                        ColumnType::Date => {
                            let d = ExcelDateTime::parse_from_str(&value)?;
                            sheet.write_datetime_with_format(r, col, &d, &date)?;
                        }
                        ColumnType::Integer | ColumnType::Number => {
                            match value.replace(',', ".").parse::<f64>() {
                                Ok(n) => {
                                    sheet.write(r, col, n)?;
                                }
                                Err(_) => {
                                    sheet.write(r, col, &value)?;
                                }
                            }
                        }
                        _ if value.contains('\n') => {
                            sheet.write_with_format(r, col, &value, &wrap)?;
                        }
                        _ => {
                            sheet.write(r, col, &value)?;
                        }
                    }
                }
            }
            sheet.set_freeze_panes(1, 0)?;
        }
        wb.save(file)?;
        println!("{file} écrit");
    }
    Ok(())
}
