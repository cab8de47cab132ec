//! A workbook cell's value as `trame apply` sees it, and the value written
//! for a new text: a number stays a number when the new text reads as one.

/// A cell as it stands in a source file.
#[derive(Debug, Clone, PartialEq)]
pub struct CellValue {
    /// The text, or the number as stored (`1234.5`).
    pub text: String,
    pub number: bool,
    /// A cell computed by a formula is never overwritten.
    pub formula: bool,
}

/// What is written into a cell.
#[derive(Debug, Clone, PartialEq)]
pub enum NewValue {
    Text(String),
    /// As stored in the file (`1234.5`).
    Number(String),
}

impl NewValue {
    /// How the value reads in messages and the summary.
    pub fn shown(&self) -> &str {
        match self {
            NewValue::Text(t) | NewValue::Number(t) => t,
        }
    }
}

/// A French number as printed (`1 234,5`, `12`, `-3,25`) as stored
/// (`1234.5`); `None` when the text is not a number.
pub fn french_number(text: &str) -> Option<String> {
    let compact: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    let n: f64 = compact.parse().ok()?;
    n.is_finite().then(|| {
        if n.fract() == 0.0 && n.abs() < 1e15 {
            format!("{}", n as i64)
        } else {
            format!("{n}")
        }
    })
}

/// The text a number cell shows in a document, compared as a number.
pub fn same_number(stored: &str, shown: &str) -> bool {
    match (stored.trim().parse::<f64>(), french_number(shown)) {
        (Ok(a), Some(b)) => b.parse::<f64>().is_ok_and(|b| (a - b).abs() < 1e-9),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_numbers_read_as_stored() {
        assert_eq!(french_number("1\u{a0}234,5").as_deref(), Some("1234.5"));
        assert_eq!(french_number("12").as_deref(), Some("12"));
        assert_eq!(french_number("douze"), None);
        assert!(same_number("1234.5", "1 234,5"));
        assert!(!same_number("1234.5", "1 234"));
    }
}
