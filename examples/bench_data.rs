//! Generates the scaled benchmark projects (kept out of git):
//!
//!   cargo run --release --example bench_data -- DIR N evaluation
//!       the sample project with N interview findings (the needs-assessment
//!       report renders them as per-theme tables)
//!   cargo run --release --example bench_data -- DIR N tableau
//!       a document of 200 paragraphs and an N-row, five-column table
//!
//! Data are the sample's fictional rows, repeated with a running number.

use calamine::{Data, Reader, open_workbook_auto};
use rust_xlsxwriter::{Format, Workbook};
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (dir, n, kind) = match args.as_slice() {
        [_, dir, n, kind] => (
            Path::new(dir).to_path_buf(),
            n.parse::<usize>()?,
            kind.as_str(),
        ),
        _ => return Err("usage : bench_data DOSSIER N evaluation|tableau".into()),
    };
    match kind {
        "evaluation" => evaluation(&dir, n),
        "tableau" => tableau(&dir, n),
        other => Err(format!("type inconnu « {other} »").into()),
    }
}

fn evaluation(dir: &Path, n: usize) -> Result<(), Box<dyn std::error::Error>> {
    trame::init::init(dir, true).map_err(|e| e.to_string())?;
    let xlsx = dir.join("data/evaluation-besoins.xlsx");
    let mut wb = open_workbook_auto(&xlsx)?;
    let sheets: Vec<(String, Vec<Vec<Data>>)> = wb
        .sheet_names()
        .iter()
        .map(|s| {
            (
                s.clone(),
                wb.worksheet_range(s)
                    .map(|r| r.rows().map(<[Data]>::to_vec).collect())
                    .unwrap_or_default(),
            )
        })
        .collect();
    drop(wb);
    let mut out = Workbook::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (name, rows) in sheets {
        let ws = out.add_worksheet().set_name(&name)?;
        let rows: Vec<Vec<Data>> = if name == "Constats" {
            let header = rows[0].clone();
            let body = &rows[1..];
            let mut scaled = vec![header];
            for i in 0..n {
                let mut row = body[i % body.len()].clone();
                if let Some(Data::String(s)) = row.get_mut(2) {
                    *s = format!("{s} (constat n° {})", i + 1);
                }
                scaled.push(row);
            }
            scaled
        } else {
            rows
        };
        for (r, cells) in rows.iter().enumerate() {
            for (c, cell) in cells.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    Data::String(s) => {
                        ws.write(r, c, s.as_str())?;
                    }
                    Data::Float(f) => {
                        ws.write(r, c, *f)?;
                    }
                    Data::Int(i) => {
                        ws.write(r, c, *i as f64)?;
                    }
                    Data::DateTime(d) => {
                        ws.write_number_with_format(r, c, d.as_f64(), &date)?;
                    }
                    Data::Empty => {}
                    other => {
                        ws.write(r, c, other.to_string())?;
                    }
                }
            }
        }
    }
    out.save(&xlsx)?;
    Ok(())
}

const THEMES: [&str; 5] = [
    "Identification",
    "Protection",
    "Orientation",
    "Enquête",
    "Réintégration",
];
const PLACES: [&str; 6] = ["Bamako", "Kayes", "Sikasso", "Ségou", "Mopti", "Gao"];

fn tableau(dir: &Path, n: usize) -> Result<(), Box<dyn std::error::Error>> {
    std::fs::create_dir_all(dir.join("data"))?;
    std::fs::create_dir_all(dir.join("blueprints"))?;
    std::fs::write(
        dir.join("trame.yaml"),
        "project:\n  title: Banc d'essai\n  date: 2024-04-12\nsources:\n  lignes:\n    file: data/lignes.xlsx\n    sheet: Lignes\n    columns:\n      code: { header: Code }\n      theme: { header: Thème }\n      lieu: { header: Lieu }\n      nombre: { header: Nombre, type: integer }\n      constat: { header: Constat }\ndocuments:\n  tableau:\n    blueprint: tableau.md.j2\n    output: out/tableau.docx\n    cover: false\n",
    )?;
    let mut blueprint = String::from("# Banc d'essai\n\n");
    for i in 1..=200 {
        blueprint.push_str(&format!(
            "Paragraphe {i}. Les acteurs de la chaîne pénale identifient, protègent et orientent les victimes de la traite vers les services spécialisés.\n\n"
        ));
    }
    blueprint.push_str("{{ table(lignes, caption=\"Lignes\") }}\n");
    std::fs::write(dir.join("blueprints/tableau.md.j2"), blueprint)?;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Lignes")?;
    for (c, h) in ["Code", "Thème", "Lieu", "Nombre", "Constat"]
        .iter()
        .enumerate()
    {
        ws.write(0, c as u16, *h)?;
    }
    for i in 0..n {
        let r = i as u32 + 1;
        ws.write(r, 0, format!("L{:06}", i + 1))?;
        ws.write(r, 1, THEMES[i % THEMES.len()])?;
        ws.write(r, 2, PLACES[i % PLACES.len()])?;
        ws.write(r, 3, (i % 97) as f64)?;
        ws.write(
            r,
            4,
            format!(
                "Constat d'entretien numéro {} sur la prise en charge des victimes",
                i + 1
            ),
        )?;
    }
    wb.save(dir.join("data/lignes.xlsx"))?;
    Ok(())
}
