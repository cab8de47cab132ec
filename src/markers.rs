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

/// Removes line markers with what they enclose, then every other marker.
pub fn unmark(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(LINE_START) {
        out.push_str(&rest[..i]);
        rest = &rest[i + LINE_START.len_utf8()..];
        match rest.find(LINE_END) {
            Some(j) => rest = &rest[j + LINE_END.len_utf8()..],
            None => rest = "",
        }
    }
    out.push_str(rest);
    strip(&out)
}

/// Removes every marker character from a string.
pub fn strip(s: &str) -> String {
    s.chars().filter(|c| !is_marker(*c)).collect()
}
