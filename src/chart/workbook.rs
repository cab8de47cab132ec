//! A chart's data as a workbook, the one Word opens on « Modifier les
//! données »: categories in column A from row 2, one series per column from
//! B, its name in row 1. The chart part's formulas ([`Ranges`]) point into
//! the same cells, so both are made here from one layout.

use super::ChartSpec;
use rust_xlsxwriter::utility::column_number_to_name;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook};

/// The sheet holding the data.
pub const SHEET: &str = "Feuil1";

/// Longest text a workbook cell holds.
const CELL_MAX_CHARS: usize = 32_767;

/// Where the chart part finds its data in the workbook.
pub struct Ranges {
    /// The categories, e.g. `Feuil1!$A$2:$A$5`.
    pub categories: String,
    /// Per series: its name cell and its values.
    pub series: Vec<(String, String)>,
}

/// The ranges of a chart with `categories` rows and `series` columns.
pub fn ranges(categories: usize, series: usize) -> Ranges {
    let last = categories + 1;
    let column = |i: usize| column_number_to_name((i + 1).min(16_383) as u16);
    Ranges {
        categories: format!("{SHEET}!$A$2:$A${last}"),
        series: (0..series)
            .map(|i| {
                let c = column(i);
                (
                    format!("{SHEET}!${c}$1"),
                    format!("{SHEET}!${c}$2:${c}${last}"),
                )
            })
            .collect(),
    }
}

/// The value a workbook cell and the chart cache hold: non-finite numbers
/// (which a workbook cannot hold) are 0.
pub fn value(v: f64) -> f64 {
    if v.is_finite() { v } else { 0.0 }
}

/// Text cut to what a workbook cell holds.
pub fn cell_text(s: &str) -> String {
    s.chars().take(CELL_MAX_CHARS).collect()
}

/// The `.xlsx` bytes of the chart's data, the same for the same data (the
/// workbook's creation date is fixed).
pub fn xlsx(spec: &ChartSpec) -> Result<Vec<u8>, String> {
    build(spec).map_err(|e| e.to_string())
}

fn build(spec: &ChartSpec) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = Workbook::new();
    book.set_properties(
        &DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?),
    );
    let sheet = book.add_worksheet();
    sheet.set_name(SHEET)?;
    sheet.set_column_width(0, 40)?;
    for (row, category) in spec.categories.iter().enumerate() {
        sheet.write_string(row as u32 + 1, 0, cell_text(category))?;
    }
    for (i, (name, values)) in spec.series.iter().enumerate() {
        let col = (i + 1) as u16;
        sheet.write_string(0, col, cell_text(name))?;
        sheet.set_column_width(col, 14)?;
        for (row, v) in values.iter().enumerate() {
            sheet.write_number(row as u32 + 1, col, value(*v))?;
        }
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::ChartKind;

    #[test]
    fn ranges_follow_the_sheet_layout() {
        let r = ranges(3, 2);
        assert_eq!(r.categories, "Feuil1!$A$2:$A$4");
        assert_eq!(
            r.series[1],
            ("Feuil1!$C$1".to_string(), "Feuil1!$C$2:$C$4".to_string())
        );
        assert_eq!(ranges(1, 27).series[25].0, "Feuil1!$AA$1");
    }

    #[test]
    fn same_data_same_bytes() {
        let spec = ChartSpec {
            kind: ChartKind::Bar,
            categories: vec!["Bamako".into(), "Kayes".into()],
            series: vec![("Sessions".into(), vec![3.0, f64::NAN])],
            decimals: 0,
            primary: "0033A0".into(),
        };
        let a = xlsx(&spec).unwrap();
        assert!(a.starts_with(b"PK"));
        assert_eq!(a, xlsx(&spec).unwrap());
    }
}
