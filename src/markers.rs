//! Private-use characters that carry information from the template stage to
//! the markup stage inside the rendered text.
//!
//! The template stage cannot hand structured data through Markdown, so it
//! leaves short markers that the markup stage reads and removes: the blueprint
//! line each output line came from, the workbook cell a printed value came
//! from, the place of a block built by a function such as `table()`, and line
//! breaks inside data values. Data and blueprint text are cleaned of this
//! range first, and so are printed values that are not marked safe, so markers
//! never collide with user text.

/// `LINE_START file ':' line LINE_END`, at the start of a blueprint line.
pub const LINE_START: char = '\u{E000}';
pub const LINE_END: char = '\u{E001}';
/// `CELL_START index CELL_END`, before a value printed from a workbook cell;
/// one after the other for a value derived from several cells.
pub const CELL_START: char = '\u{E002}';
pub const CELL_END: char = '\u{E003}';
/// `BLOCK_START index BLOCK_END`, alone in a paragraph: a registered block.
pub const BLOCK_START: char = '\u{E004}';
pub const BLOCK_END: char = '\u{E005}';
/// A line break inside a printed value.
pub const LINE_BREAK: char = '\u{E006}';

/// `DIV_START index DIV_END`, alone in a paragraph: a fenced div opens.
pub const DIV_START: char = '\u{E007}';
pub const DIV_END: char = '\u{E008}';
/// Alone in a paragraph: the innermost fenced div closes.
pub const DIV_CLOSE: char = '\u{E009}';
/// Alone in a paragraph: `\newpage`.
pub const PAGE_BREAK: char = '\u{E00A}';

/// The whole reserved range, stripped from user input.
pub const FIRST: char = '\u{E000}';
pub const LAST: char = '\u{E01F}';

pub fn is_marker(c: char) -> bool {
    (FIRST..=LAST).contains(&c)
}

/// Removes every marker with the index it encloses (line, cell, block and div
/// markers), then any stray marker character: what is left is the text.
pub fn unmark(s: &str) -> String {
    const PAIRS: [(char, char); 4] = [
        (LINE_START, LINE_END),
        (CELL_START, CELL_END),
        (BLOCK_START, BLOCK_END),
        (DIV_START, DIV_END),
    ];
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if let Some((_, end)) = PAIRS.iter().find(|(start, _)| *start == c) {
            // Skip the enclosed index, up to and with its end marker.
            for inner in chars.by_ref() {
                if inner == *end {
                    break;
                }
            }
        } else if !is_marker(c) {
            out.push(c);
        }
    }
    out
}

/// Removes every marker character from a string.
pub fn strip(s: &str) -> String {
    s.chars().filter(|c| !is_marker(*c)).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn markers_go_with_the_index_they_enclose() {
        use super::*;
        let marked = format!(
            "{LINE_START}3:12{LINE_END}Jour 1, {CELL_START}118{CELL_END}10:30{LINE_BREAK}fin"
        );
        assert_eq!(unmark(&marked), "Jour 1, 10:30fin");
    }
}
