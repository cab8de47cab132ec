//! The limits a data source must stay within, checked before memory is
//! allocated, so that a damaged or hostile file is refused with a message
//! instead of exhausting the machine (README.md, « Limites », says the same
//! to users).
//!
//! - Rows: Excel's own maximum, 1 048 576 per sheet (a file claiming more was
//!   not made by a spreadsheet program).
//! - Cells: 8 000 000 non-empty cells per sheet (a full-height sheet of
//!   five columns holds 5 242 880); empty cells cost nothing, so a sparse
//!   sheet costs what it holds, not its dimensions.
//! - Text: 32 767 characters per cell, Excel's own maximum, and 256 Mo for
//!   all the cells of a sheet (one long shared string repeated in every
//!   cell would otherwise be copied into each).
//! - Bytes: 1 Go per file on disk and 1 Go unpacked for a workbook (the sum
//!   of the sizes its zip directory declares; the zip reader fails on a part
//!   that unpacks beyond its declared size); 128 Mo for each part held in
//!   memory whole (shared strings, styles, workbook); a part that unpacks more
//!   than 1 000 times its packed size is refused as a zip bomb.
//! - One XML text or tag, or one CSV record: 1 Mo / 16 Mo, so that no single
//!   value is buffered beyond what a valid cell can hold.
//!
//! With these bounds, reading any one source stays well under 1 Go of memory.

/// Rows per sheet (Excel's maximum).
pub const MAX_ROWS: u32 = 1_048_576;
/// Non-empty cells per sheet.
pub const MAX_CELLS: usize = 8_000_000;
/// Bytes of text held by one sheet's cells (a shared string counts once
/// per cell that uses it).
pub const MAX_TEXT_BYTES: usize = 256 << 20;
/// Characters of text in one cell (Excel's maximum).
pub const MAX_CELL_CHARS: usize = 32_767;
/// Size of a data file on disk.
pub const MAX_FILE_BYTES: u64 = 1 << 30;
/// Sum of the unpacked sizes of a workbook's parts.
pub const MAX_UNPACKED_BYTES: u64 = 1 << 30;
/// Unpacked size of a part that is read into memory whole.
pub const MAX_LOADED_PART_BYTES: u64 = 128 << 20;
/// Unpacked / packed size above which a part is a zip bomb.
pub const MAX_RATIO: u64 = 1_000;
/// Parts smaller than this are never judged by their ratio.
pub const RATIO_FLOOR_BYTES: u64 = 1 << 20;
/// Bytes of one XML text node or tag (a cell of 32 767 characters, each
/// escaped as `&quot;`, takes under 200 ko).
pub const MAX_XML_RUN_BYTES: u64 = 1 << 20;
/// Bytes of one CSV record (all its fields, line breaks inside quotes included).
pub const MAX_CSV_RECORD_BYTES: u64 = 16 << 20;

/// A count the French way, spaces between thousands: `1 048 576`.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// Refuses a source file larger than [`MAX_FILE_BYTES`] before anything of
/// it is read; `file` is its name as the project gives it.
pub fn check_file_size(path: &std::path::Path, file: &str) -> crate::diag::Result<()> {
    let at = |m: String| crate::diag::Diagnostic::file(file, m);
    let len = std::fs::metadata(path)
        .map_err(|e| at(format!("lecture impossible ({})", crate::io_reason(&e))))?
        .len();
    if len > MAX_FILE_BYTES {
        return Err(at(format!(
            "fichier de {}, au-delà de la limite de {} par source : rien n'a été lu",
            crate::files::human_bytes(len),
            crate::files::human_bytes(MAX_FILE_BYTES)
        ))
        .into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_group_thousands() {
        assert_eq!(super::count(1_048_576), "1 048 576");
        assert_eq!(super::count(999), "999");
    }
}
