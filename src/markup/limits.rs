//! Bounds on what a blueprint's Markdown may ask for: nesting, so that no later stage (pulldown-cmark's block pass,
//! the recursive walks over the model, the Word writer) meets a document
//! nested thousands of levels deep.
//!
//! Two checks, both iterative:
//! - [`prescan`] runs on the prepared text before pulldown-cmark sees it and
//!   refuses a line that opens more than [`MAX_DEPTH`] block quotes, list
//!   items or footnote definitions by itself (`> > > …`, `- - - …`): such a
//!   line would otherwise cost pulldown-cmark time in every lazy
//!   continuation line that follows it;
//! - the model builder counts the containers actually open (quotes, lists,
//!   fenced divs, footnotes) and the nested inline spans (emphasis, links,
//!   images) while it reads events, and stops at the first level too many
//!   (see [`too_deep_blocks`] and [`too_deep_inlines`]).
//!
//! And the width of a table: Word lays out at most [`MAX_COLUMNS`] columns.

use super::lines::Prepared;
use crate::diag::{Diagnostic, Location};

/// The deepest nesting of quotes, lists and fenced divs a blueprint may use.
/// The sample deliverables use two.
pub const MAX_DEPTH: usize = 32;

/// The deepest nesting of emphasis, strike-through, links and images.
pub const MAX_INLINE_DEPTH: usize = 32;

/// The widest table Word can show.
pub const MAX_COLUMNS: usize = 63;

/// Where the text at byte `offset` of the prepared text came from: its
/// blueprint line when known, else the first blueprint of the document.
fn place(prepared: &Prepared, files: &[String], offset: usize) -> Location {
    match prepared.line_at(offset) {
        Some(at) => Location::Line { at, column: None },
        None => Location::File(
            files
                .first()
                .cloned()
                .unwrap_or_else(|| "texte Markdown".to_string()),
        ),
    }
}

/// The refusal for too many nested quotes, lists or fenced divs.
pub fn too_deep_blocks(prepared: &Prepared, files: &[String], offset: usize) -> Diagnostic {
    Diagnostic::new(
        place(prepared, files, offset),
        format!(
            "imbrication trop profonde (plus de {MAX_DEPTH} niveaux de citations, listes ou encadrés)"
        ),
    )
}

/// The refusal for too many nested emphasis marks, links or images.
pub fn too_deep_inlines(prepared: &Prepared, files: &[String], offset: usize) -> Diagnostic {
    Diagnostic::new(
        place(prepared, files, offset),
        format!(
            "imbrication trop profonde (plus de {MAX_INLINE_DEPTH} niveaux d'italique, de gras, de liens ou d'images)"
        ),
    )
}

/// The refusal for a table wider than Word allows.
pub fn too_many_columns(
    prepared: &Prepared,
    files: &[String],
    offset: usize,
    columns: usize,
) -> Diagnostic {
    Diagnostic::new(
        place(prepared, files, offset),
        format!(
            "tableau de {columns} colonnes : Word n'en accepte que {MAX_COLUMNS} au plus ; scindez le tableau ou retirez des colonnes"
        ),
    )
}

/// The refusal for a footnote called from inside a footnote.
pub fn note_in_note(prepared: &Prepared, files: &[String], offset: usize) -> Diagnostic {
    Diagnostic::new(
        place(prepared, files, offset),
        "appel de note dans le texte d'une note : Word n'accepte pas de note dans une note",
    )
}

/// Refuses the first line that opens more than [`MAX_DEPTH`] containers by
/// its own markers (inside a code block too: no blueprint needs such a line).
/// Linear in the text.
pub fn prescan(prepared: &Prepared, files: &[String]) -> crate::diag::Result<()> {
    let mut offset = 0;
    for line in prepared.text.split_inclusive('\n') {
        if container_markers(line) > MAX_DEPTH {
            return Err(too_deep_blocks(prepared, files, offset).into());
        }
        offset += line.len();
    }
    Ok(())
}

/// How many quote, list-item and footnote-definition markers open `line`.
fn container_markers(line: &str) -> usize {
    let mut count = 0;
    let mut rest = line;
    loop {
        rest = rest.trim_start_matches([' ', '\t']);
        let bytes = rest.as_bytes();
        let Some(&first) = bytes.first() else { break };
        let marker_len = match first {
            b'>' => 1,
            b'-' | b'*' | b'+' if !is_thematic_break(rest) => bullet_len(bytes),
            b'0'..=b'9' => ordered_len(bytes),
            b'[' if rest.starts_with("[^") => rest.find("]:").map_or(0, |i| i + 2),
            _ => 0,
        };
        if marker_len == 0 {
            break;
        }
        count += 1;
        rest = &rest[marker_len..];
    }
    count
}

/// `-`, `*` or `+` followed by a space, a tab or the line end.
fn bullet_len(bytes: &[u8]) -> usize {
    match bytes.get(1) {
        None | Some(b' ' | b'\t' | b'\n' | b'\r') => 1,
        _ => 0,
    }
}

/// One to nine digits, `.` or `)`, then a space, a tab or the line end.
fn ordered_len(bytes: &[u8]) -> usize {
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 || digits > 9 || !matches!(bytes.get(digits), Some(b'.' | b')')) {
        return 0;
    }
    match bytes.get(digits + 1) {
        None | Some(b' ' | b'\t' | b'\n' | b'\r') => digits + 1,
        _ => 0,
    }
}

/// `- - -`, `***`, `_ _ _`: a horizontal rule, not list markers.
fn is_thematic_break(rest: &str) -> bool {
    let trimmed = rest.trim_end();
    let Some(c) = trimmed.chars().next() else {
        return false;
    };
    trimmed.chars().filter(|x| *x == c).count() >= 3
        && trimmed.chars().all(|x| x == c || x == ' ' || x == '\t')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_markers_but_not_rules() {
        assert_eq!(container_markers("> - > 1. texte\n"), 4);
        assert_eq!(container_markers("- - - - - - - -\n"), 0);
        assert_eq!(container_markers("> * * *\n"), 1);
        assert_eq!(container_markers("[^n]: > note\n"), 2);
        assert_eq!(container_markers("2024. Une année\n"), 1);
        assert_eq!(container_markers("20240101.x\n"), 0);
        assert_eq!(container_markers("-x\n"), 0);
    }
}
