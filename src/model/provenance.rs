//! Where a piece of generated text came from.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// A line of a blueprint (path relative to the project folder, line from 1).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LineRef {
    /// Shared: every line of a blueprint names the same file.
    pub file: Arc<str>,
    pub line: u32,
}

/// A cell of a workbook: file relative to the project folder, sheet name (empty
/// for CSV files) and A1-style reference.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CellRef {
    /// Shared between the cells of a table: tables can have a million cells.
    pub file: Arc<str>,
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub sheet: Arc<str>,
    pub cell: A1,
}

/// A cell's place in its sheet, shown and stored as `D14`: two integers
/// rather than a string, since a document can cite millions of cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct A1 {
    /// Zero-based row.
    pub row: u32,
    /// Zero-based column.
    pub col: u32,
}

impl A1 {
    /// `D14` → row 13, column 3; `None` for anything else.
    pub fn parse(text: &str) -> Option<A1> {
        let (row, col) = parse_a1(text)?;
        Some(A1 {
            row: u32::try_from(row).ok()?,
            col: u32::try_from(col).ok()?,
        })
    }
}

impl fmt::Display for A1 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}{}",
            column_letters(self.col as usize),
            self.row as u64 + 1
        )
    }
}

impl Serialize for A1 {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for A1 {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(d)?;
        A1::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("référence de cellule invalide « {text} »"))
        })
    }
}

impl CellRef {
    /// Builds a reference from zero-based row and column indices.
    pub fn at(file: &str, sheet: &str, row: usize, col: usize) -> Self {
        Self::shared(&Arc::from(file), &Arc::from(sheet), row, col)
    }

    /// Like `at`, sharing the file and sheet names.
    pub fn shared(file: &Arc<str>, sheet: &Arc<str>, row: usize, col: usize) -> Self {
        CellRef {
            file: file.clone(),
            sheet: sheet.clone(),
            cell: A1 {
                row: row as u32,
                col: col as u32,
            },
        }
    }
}

/// `D14` → zero-based (row 13, column 3).
pub fn parse_a1(cell: &str) -> Option<(usize, usize)> {
    let split = cell.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = cell.split_at(split);
    if letters.is_empty() || !letters.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let col = letters
        .bytes()
        .fold(0usize, |acc, b| acc * 26 + (b - b'A') as usize + 1)
        - 1;
    let row: usize = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col))
}

/// `0 → A`, `25 → Z`, `26 → AA`.
pub fn column_letters(mut col: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

impl fmt::Display for LineRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, ligne {}", self.file, self.line)
    }
}

impl fmt::Display for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.sheet.is_empty() {
            write!(f, "{}, cellule {}", self.file, self.cell)
        } else {
            write!(
                f,
                "{}, feuille « {} », cellule {}",
                self.file, self.sheet, self.cell
            )
        }
    }
}

/// The origin of a block or table cell: the blueprint line that produced it and
/// the workbook cells whose values it shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<LineRef>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cells: Vec<CellRef>,
}

impl Provenance {
    pub fn is_empty(&self) -> bool {
        self.line.is_none() && self.cells.is_empty()
    }

    pub fn from_line(line: Option<LineRef>) -> Self {
        Provenance {
            line,
            cells: Vec::new(),
        }
    }

    pub fn from_cell(cell: CellRef) -> Self {
        Provenance {
            line: None,
            cells: vec![cell],
        }
    }

    /// Adds a cell once, keeping first-seen order.
    pub fn add_cell(&mut self, cell: CellRef) {
        if !self.cells.contains(&cell) {
            self.cells.push(cell);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_follow_spreadsheet_order() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        assert_eq!(parse_a1("D14"), Some((13, 3)));
        assert_eq!(parse_a1("AA1"), Some((0, 26)));
        assert_eq!(parse_a1("14"), None);
    }

    #[test]
    fn references_read_as_french_locations() {
        let c = CellRef::at("data/entretiens.xlsx", "Constats", 13, 3);
        assert_eq!(
            c.to_string(),
            "data/entretiens.xlsx, feuille « Constats », cellule D14"
        );
        let l = LineRef {
            file: "blueprints/rapport.md.j2".into(),
            line: 42,
        };
        assert_eq!(l.to_string(), "blueprints/rapport.md.j2, ligne 42");
    }
}
