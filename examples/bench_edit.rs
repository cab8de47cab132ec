//! Changes one cell in a hundred of the bench table (for the redline
//! benchmark): every 20th row gets its « Constat » rewritten.
//!
//!   cargo run --release --example bench_edit -- DIR

use calamine::{Data, Reader, open_workbook_auto};
use rust_xlsxwriter::Workbook;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .ok_or("usage : bench_edit DOSSIER")?;
    let path = std::path::Path::new(&dir).join("data/lignes.xlsx");
    let mut wb = open_workbook_auto(&path)?;
    let range = wb.worksheet_range("Lignes")?;
    let mut out = Workbook::new();
    let ws = out.add_worksheet().set_name("Lignes")?;
    for (r, row) in range.rows().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (rr, cc) = (r as u32, c as u16);
            match cell {
                // 5 columns, one row in 20 changed in one column: 1 % of the cells.
                Data::String(s) if c == 4 && r > 0 && r % 20 == 0 => {
                    ws.write(rr, cc, format!("{s} (revu)"))?;
                }
                Data::String(s) => {
                    ws.write(rr, cc, s.as_str())?;
                }
                Data::Float(f) => {
                    ws.write(rr, cc, *f)?;
                }
                Data::Int(i) => {
                    ws.write(rr, cc, *i as f64)?;
                }
                _ => {}
            }
        }
    }
    out.save(&path)?;
    Ok(())
}
