//! Text runs: markers inside them, and cross-references.

use crate::markers::{CELL_END, CELL_START, LINE_BREAK};
use crate::model::{CellRef, Inline};

/// Splits a text event into inlines: break markers become line breaks, cell
/// markers are removed and reported through `on_cell`, `@tbl:id` and
/// `@fig:id` become references.
pub fn text_inlines(
    text: &str,
    cells: &[CellRef],
    mut on_cell: impl FnMut(CellRef),
) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut buf = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            CELL_START => {
                let index: String =
                    std::iter::from_fn(|| chars.next_if(|c| *c != CELL_END)).collect();
                chars.next();
                if let Some(cell) = index.parse::<usize>().ok().and_then(|i| cells.get(i)) {
                    on_cell(cell.clone());
                }
            }
            LINE_BREAK => {
                flush(&mut buf, &mut out);
                out.push(Inline::LineBreak);
            }
            c if crate::markers::is_marker(c) => {}
            _ => buf.push(c),
        }
    }
    flush(&mut buf, &mut out);
    out
}

fn flush(buf: &mut String, out: &mut Vec<Inline>) {
    if buf.is_empty() {
        return;
    }
    let text = std::mem::take(buf);
    let mut rest = text.as_str();
    while let Some((start, end)) = find_ref(rest) {
        if start > 0 {
            out.push(Inline::Text(rest[..start].to_string()));
        }
        out.push(Inline::Ref(rest[start + 1..end].to_string()));
        rest = &rest[end..];
    }
    if !rest.is_empty() {
        out.push(Inline::Text(rest.to_string()));
    }
}

/// The byte span of the first `@tbl:…` or `@fig:…` reference.
fn find_ref(s: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(i) = s[from..].find('@') {
        let start = from + i;
        let after = &s[start + 1..];
        let preceded_ok = start == 0 || !s[..start].ends_with(|c: char| c.is_alphanumeric());
        if preceded_ok && (after.starts_with("tbl:") || after.starts_with("fig:")) {
            let id_len = after[4..]
                .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
                .unwrap_or(after.len() - 4);
            // A trailing hyphen or underscore is punctuation, not part of the id.
            let id = after[4..4 + id_len].trim_end_matches(['-', '_']);
            if !id.is_empty() {
                return Some((start, start + 5 + id.len()));
            }
        }
        from = start + 1;
    }
    None
}

/// Drops leading and trailing spaces and breaks of a paragraph.
pub fn trim_inlines(mut inlines: Vec<Inline>) -> Vec<Inline> {
    while matches!(inlines.last(), Some(Inline::LineBreak)) {
        inlines.pop();
    }
    if let Some(Inline::Text(t)) = inlines.last_mut() {
        let trimmed = t.trim_end().len();
        t.truncate(trimmed);
        if t.is_empty() {
            inlines.pop();
        }
    }
    if let Some(Inline::Text(t)) = inlines.first_mut() {
        *t = t.trim_start().to_string();
        if t.is_empty() {
            inlines.remove(0);
        }
    }
    inlines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_and_markers() {
        let cells = vec![CellRef::at("d.xlsx", "S", 1, 1)];
        let mut seen = Vec::new();
        let out = text_inlines(
            "voir @tbl:sites, \u{E002}0\u{E003}a\u{E006}b",
            &cells,
            |c| seen.push(c),
        );
        assert_eq!(
            out,
            vec![
                Inline::Text("voir ".into()),
                Inline::Ref("tbl:sites".into()),
                Inline::Text(", a".into()),
                Inline::LineBreak,
                Inline::Text("b".into()),
            ]
        );
        assert_eq!(seen, cells);
        let mail = text_inlines("oim@tbl:x", &[], |_| {});
        assert_eq!(mail, vec![Inline::Text("oim@tbl:x".into())]);
    }
}
