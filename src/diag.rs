//! Located, French-language problem reports.
//!
//! Every stage reports problems as [`Diagnostic`]s that name the place to fix
//! (file and line, or workbook, sheet and cell) so the user never has to guess.
//! Stages collect all the problems they find and return them together.

use crate::model::{CellRef, LineRef};
use std::fmt;

/// Where a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A file as a whole.
    File(String),
    /// A line (and optionally a column, from 1) of a text file.
    Line { at: LineRef, column: Option<u32> },
    /// A cell of a workbook.
    Cell(CellRef),
    /// A sheet of a workbook, optionally one row (from 1).
    Sheet {
        file: String,
        sheet: String,
        row: Option<u32>,
    },
}

/// One problem, with the place it is and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub location: Location,
    pub message: String,
    /// The offending source line (for text files), shown under the message.
    pub excerpt: Option<String>,
    /// A suggestion, e.g. the column name the user probably meant.
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn new(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            location,
            message: message.into(),
            excerpt: None,
            hint: None,
        }
    }

    pub fn file(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Location::File(file.into()), message)
    }

    pub fn line(file: impl Into<String>, line: u32, message: impl Into<String>) -> Self {
        Self::new(
            Location::Line {
                at: LineRef {
                    file: file.into().into(),
                    line,
                },
                column: None,
            },
            message,
        )
    }

    pub fn cell(cell: CellRef, message: impl Into<String>) -> Self {
        Self::new(Location::Cell(cell), message)
    }

    pub fn with_hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }

    /// The same problem with `f` applied to its message, excerpt and hint
    /// (e.g. to mask confidential values).
    pub fn map_text(mut self, f: impl Fn(&str) -> String) -> Self {
        self.message = f(&self.message);
        self.excerpt = self.excerpt.as_deref().map(&f);
        self.hint = self.hint.as_deref().map(&f);
        self
    }

    pub fn with_excerpt(mut self, excerpt: Option<String>) -> Self {
        self.excerpt = excerpt;
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File(file) => f.write_str(file),
            Location::Line { at, .. } => write!(f, "{at}"),
            Location::Cell(cell) => write!(f, "{cell}"),
            Location::Sheet { file, sheet, row } => {
                if sheet.is_empty() {
                    write!(f, "{file}")?;
                } else {
                    write!(f, "{file}, feuille « {sheet} »")?;
                }
                if let Some(row) = row {
                    write!(f, ", ligne {row}")?;
                }
                Ok(())
            }
        }
    }
}

impl fmt::Display for Diagnostic {
    /// One line `place : message`, then the excerpt with a caret and the hint,
    /// each on its own indented line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} : {}", self.location, self.message)?;
        if let Some(excerpt) = &self.excerpt {
            for line in excerpt.lines() {
                write!(f, "\n    {line}")?;
            }
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n    conseil : {hint}")?;
        }
        Ok(())
    }
}

/// A failed operation: one or more problems, reported together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problems(pub Vec<Diagnostic>);

impl Problems {
    pub fn one(d: Diagnostic) -> Self {
        Problems(vec![d])
    }
}

impl From<Diagnostic> for Problems {
    fn from(d: Diagnostic) -> Self {
        Problems(vec![d])
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}

/// The result type of every fallible stage.
pub type Result<T> = std::result::Result<T, Problems>;

/// Turns each pair of backticks, as English messages quote names, into
/// French guillemets: `` `x` `` → `« x »`.
pub fn guillemets(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut open = false;
    for ch in s.chars() {
        if ch == '`' {
            out.push_str(if open { " »" } else { "« " });
            open = !open;
        } else {
            out.push(ch);
        }
    }
    out
}

/// The closest candidate to `wanted`, if one is close enough to be a likely typo.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted_lower = wanted.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&wanted_lower, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= 2.max(c.chars().count() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters, ignoring accents' absence: `theme`
/// and `thème` are one edit apart, which is what we want for hints.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_finds_typos_only() {
        let cols = ["theme", "constat", "priorite"];
        assert_eq!(closest("themee", cols), Some("theme"));
        assert_eq!(closest("priorité", cols), Some("priorite"));
        assert_eq!(closest("budget", cols), None);
    }

    #[test]
    fn display_puts_place_first() {
        let d = Diagnostic::line("blueprints/a.md.j2", 3, "variable inconnue « x »")
            .with_hint(Some("vouliez-vous dire « y » ?".into()));
        assert_eq!(
            d.to_string(),
            "blueprints/a.md.j2, ligne 3 : variable inconnue « x »\n    conseil : vouliez-vous dire « y » ?"
        );
    }
}
