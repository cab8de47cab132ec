//! One field of a CSV file read and rewritten: the other bytes of the file
//! (separator, quoting, line ends, BOM) stay as they are. Rows are counted
//! as the reader counts them (records, from 1); the separator is the one the
//! first line uses most, as when reading.

// The same delimiter as the reader finds, so a field is written where it was read.
use crate::data::delimited::delimiter;

/// Byte range of field `col` of record `row` (both from 0), and whether it
/// is quoted.
fn field_span(bytes: &[u8], row: usize, col: usize) -> Option<(usize, usize, bool)> {
    let start = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let delimiter = delimiter(&bytes[start..]);
    let (mut record, mut field, mut at) = (0usize, 0usize, start);
    let mut field_start = at;
    let mut quoted = false;
    let mut in_quotes = false;
    while at <= bytes.len() {
        let b = bytes.get(at).copied();
        if in_quotes {
            match b {
                Some(b'"') if bytes.get(at + 1) == Some(&b'"') => at += 1,
                Some(b'"') => in_quotes = false,
                None => return None,
                _ => {}
            }
            at += 1;
            continue;
        }
        match b {
            Some(b'"') if at == field_start => {
                quoted = true;
                in_quotes = true;
            }
            Some(c) if c == delimiter || c == b'\n' || c == b'\r' => {
                if record == row && field == col {
                    return Some((field_start, at, quoted));
                }
                if c == delimiter {
                    field += 1;
                } else {
                    if c == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                        at += 1;
                    }
                    record += 1;
                    field = 0;
                }
                field_start = at + 1;
                quoted = false;
            }
            None => {
                return (record == row && field == col && at > field_start).then_some((
                    field_start,
                    at,
                    quoted,
                ));
            }
            _ => {}
        }
        at += 1;
    }
    None
}

/// The text of the field at zero-based `row`, `col`.
pub fn read_field(bytes: &[u8], row: usize, col: usize) -> Option<String> {
    let (start, end, quoted) = field_span(bytes, row, col)?;
    let raw = std::str::from_utf8(&bytes[start..end]).ok()?;
    Some(if quoted {
        raw[1..raw.len().saturating_sub(1).max(1)].replace("\"\"", "\"")
    } else {
        raw.to_string()
    })
}

/// The file with the field at `row`, `col` holding `text`, quoted when it
/// was or must be.
pub fn write_field(bytes: &[u8], row: usize, col: usize, text: &str) -> Option<Vec<u8>> {
    let (start, end, quoted) = field_span(bytes, row, col)?;
    let offset = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let delimiter = delimiter(&bytes[offset..]) as char;
    let must = text.contains([delimiter, '"', '\n', '\r']);
    let field = if quoted || must {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    };
    let mut out = Vec::with_capacity(bytes.len() + field.len());
    out.extend_from_slice(&bytes[..start]);
    out.extend_from_slice(field.as_bytes());
    out.extend_from_slice(&bytes[end..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_field_changes() {
        let csv = "\u{feff}code;texte;n\r\nA;\"un; deux\";3\r\nB;trois;4\r\n".as_bytes();
        assert_eq!(read_field(csv, 1, 1).as_deref(), Some("un; deux"));
        assert_eq!(read_field(csv, 2, 1).as_deref(), Some("trois"));
        let out = write_field(csv, 2, 1, "trois et \"quatre\"").unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\u{feff}code;texte;n\r\nA;\"un; deux\";3\r\nB;\"trois et \"\"quatre\"\"\";4\r\n"
        );
        let out = write_field(csv, 1, 1, "un").unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\u{feff}code;texte;n\r\nA;\"un\";3\r\nB;trois;4\r\n"
        );
        assert_eq!(read_field(b"a,b\nc,d", 1, 1).as_deref(), Some("d"));
        assert_eq!(read_field(b"a,b\nc,d", 5, 1), None);
    }
}
