//! Small pieces of XML reading shared by the readers and writers of
//! packages (review, manifest, Word shell, workbook writers): local names,
//! attributes (decoded, or as written), entity and character references.

use quick_xml::events::{BytesRef, BytesStart};

/// A name without its namespace prefix.
pub fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// The decoded value of the attribute with this local name.
pub fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| local(a.key.as_ref()) == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.to_string())
        })
}

/// The attributes of an opening tag's text (`<c r="B2" s="1"`), names and
/// values as written (still escaped), to write them back unchanged.
pub fn attributes(head: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = head.split_once(char::is_whitespace).map_or("", |(_, r)| r);
    while let Some((key, after)) = rest.split_once('=') {
        let after = after.trim_start();
        let Some(quote) = after.chars().next() else {
            break;
        };
        let Some(close) = after[1..].find(quote) else {
            break;
        };
        out.push((key.trim().to_string(), after[1..1 + close].to_string()));
        rest = &after[close + 2..];
    }
    out
}

/// The character of an entity or character reference.
pub fn entity(r: &BytesRef) -> Option<char> {
    r.resolve_char_ref().ok().flatten().or(match r.as_ref() {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn attributes_are_kept_as_written() {
        assert_eq!(
            super::attributes(r#"<c r="B2" s='1' t="s""#),
            [
                ("r".to_string(), "B2".to_string()),
                ("s".to_string(), "1".to_string()),
                ("t".to_string(), "s".to_string())
            ]
        );
    }
}
