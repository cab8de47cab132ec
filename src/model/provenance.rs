//! Where a piece of generated text came from.

use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt;
use std::hash::Hash;
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

    /// Adds each of `cells` not already there, keeping first-seen order, in
    /// time linear in the cells there and added (a merged cell or a
    /// paragraph can gather 100 000). To add cells many times over, gather
    /// them in a [`FirstSeen`] instead.
    pub fn add_cells(&mut self, cells: impl IntoIterator<Item = CellRef>) {
        let mut gathered: FirstSeen<CellRef> =
            std::mem::take(&mut self.cells).into_iter().collect();
        gathered.extend(cells);
        self.cells = gathered.into_vec();
    }
}

/// Values kept once each in first-seen order, with an index beside the list
/// so that each addition takes constant expected time: what a provenance or
/// a group gathers, whatever its size (a list's `contains` made gathering
/// 100 000 cells quadratic).
#[derive(Debug, Clone)]
pub struct FirstSeen<T> {
    items: Vec<T>,
    index: HashSet<T>,
}

impl<T> Default for FirstSeen<T> {
    fn default() -> Self {
        FirstSeen {
            items: Vec::new(),
            index: HashSet::new(),
        }
    }
}

impl<T: Eq + Hash + Clone> FirstSeen<T> {
    /// Adds `item` unless an equal one is there; true when added.
    pub fn insert(&mut self, item: T) -> bool {
        if self.index.contains(&item) {
            return false;
        }
        self.index.insert(item.clone());
        self.items.push(item);
        true
    }

    /// The items, in the order first seen.
    pub fn as_slice(&self) -> &[T] {
        &self.items
    }

    /// The items, in the order first seen.
    pub fn into_vec(self) -> Vec<T> {
        self.items
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl<T: Eq + Hash + Clone> Extend<T> for FirstSeen<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, items: I) {
        for item in items {
            self.insert(item);
        }
    }
}

impl<T: Eq + Hash + Clone> FromIterator<T> for FirstSeen<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        let mut out = FirstSeen::default();
        out.extend(items);
        out
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

    /// A value that counts how often it is compared for equality.
    #[derive(Clone)]
    struct Counted(u32, std::rc::Rc<std::cell::Cell<u64>>);

    impl std::hash::Hash for Counted {
        fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
            self.0.hash(state);
        }
    }

    impl PartialEq for Counted {
        fn eq(&self, other: &Self) -> bool {
            self.1.set(self.1.get() + 1);
            self.0 == other.0
        }
    }
    impl Eq for Counted {}

    #[test]
    fn gathering_compares_each_value_a_bounded_number_of_times() {
        let compared = std::rc::Rc::new(std::cell::Cell::new(0));
        let n = 100_000u32;
        // Each value offered twice, the repeat after all the others.
        let offered = (0..n).chain(0..n).map(|i| Counted(i, compared.clone()));
        let gathered: FirstSeen<Counted> = offered.collect();
        let order: Vec<u32> = gathered.into_vec().iter().map(|c| c.0).collect();
        assert_eq!(order, (0..n).collect::<Vec<_>>());
        // A list's `contains` would compare about n² / 2 = 5·10⁹ times.
        assert!(
            compared.get() < 10 * u64::from(n),
            "{} comparisons for {n} values",
            compared.get()
        );
    }

    #[test]
    fn added_cells_keep_first_seen_order_without_repeats() {
        let cell = |row| CellRef::at("data/c.xlsx", "Constats", row, 2);
        let mut p = Provenance::from_cell(cell(5));
        p.add_cells((0..100_000).rev().map(cell));
        p.add_cells([cell(7), cell(100_000)]);
        assert_eq!(p.cells.len(), 100_001);
        assert_eq!(p.cells[0], cell(5));
        assert_eq!(p.cells[1], cell(99_999));
        assert_eq!(p.cells[99_999], cell(0));
        assert_eq!(p.cells[100_000], cell(100_000));
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
