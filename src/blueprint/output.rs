//! How printed values (`{{ … }}`) are written into the Markdown text.
//!
//! Values are data, not markup: Markdown characters in them are escaped (as
//! HTML templates escape `<`), line breaks become break markers so a value
//! never splits a table row, numbers print the French way, and a value that
//! carries workbook cells (see [`super::origin`]) is preceded by a marker for
//! each of them. `|safe` marks a string as Markdown written on purpose.
//! Marker characters inside a value that is not safe are removed, so that
//! text can never pose as a marker.

use super::Shared;
use crate::french;
use crate::markers;
use minijinja::value::ValueKind;
use minijinja::{Error, Output, State, Value};

pub fn format_value(
    shared: &Shared,
    out: &mut Output,
    _state: &mut State,
    value: &Value,
) -> Result<(), Error> {
    shared.budget.check_time()?;
    if value.is_none() || value.is_undefined() {
        return Ok(());
    }
    if value
        .as_str()
        .is_some_and(|s| s.len() > super::limits::MAX_OUTPUT)
    {
        return Err(Error::new(
            minijinja::ErrorKind::InvalidOperation,
            super::limits::output_message(),
        ));
    }
    if let Some(cells) = shared.cells_of(value) {
        for index in cells.iter() {
            write!(out, "{}{index}{}", markers::CELL_START, markers::CELL_END)?;
        }
    }
    let text = match value.kind() {
        ValueKind::Number => number_text(value),
        ValueKind::Bool => if value.is_true() { "oui" } else { "non" }.to_string(),
        _ => value.to_string(),
    };
    if value.is_safe() {
        out.write_str(&text)?;
    } else {
        out.write_str(&escape_markdown(&text))?;
    }
    Ok(())
}

/// How a number prints: integers as they are, others the French way
/// (`1 234,5`).
pub fn number_text(value: &Value) -> String {
    match i64::try_from(value.clone()) {
        Ok(i) if !value.to_string().contains('.') => i.to_string(),
        _ => french::format_decimal(f64::try_from(value.clone()).unwrap_or(f64::NAN), None),
    }
}

/// Backslash-escapes what Markdown would read as markup, turns line breaks
/// into break markers, and drops marker characters.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    let mut at_line_start = true;
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            c if markers::is_marker(c) => continue,
            '\n' => {
                out.push(markers::LINE_BREAK);
                at_line_start = true;
                continue;
            }
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '-' | '+' | '=' | ':' if at_line_start => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if at_line_start_number(&chars, i) => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        if !c.is_whitespace() {
            at_line_start = false;
        }
    }
    out
}

/// True when `chars[i]` follows a run of digits that starts the value or a line
/// (`1.` or `2)` would start a numbered list).
fn at_line_start_number(chars: &[char], i: usize) -> bool {
    let mut j = i;
    while j > 0 && chars[j - 1].is_ascii_digit() {
        j -= 1;
    }
    j < i && (j == 0 || chars[j - 1] == '\n')
}

#[cfg(test)]
mod tests {
    use super::escape_markdown;

    #[test]
    fn data_never_becomes_markup() {
        assert_eq!(escape_markdown("*gras* et _x_"), "\\*gras\\* et \\_x\\_");
        assert_eq!(escape_markdown("1. premier"), "1\\. premier");
        assert_eq!(escape_markdown("- tiret"), "\\- tiret");
        assert_eq!(escape_markdown("a | b"), "a \\| b");
        assert_eq!(escape_markdown("R&D"), "R\\&D");
        assert_eq!(escape_markdown("l1\nl2"), "l1\u{E006}l2");
        assert_eq!(escape_markdown("en 2024. Fin"), "en 2024. Fin");
        assert_eq!(escape_markdown("a\u{E002}0\u{E003}b"), "a0b");
    }
}
