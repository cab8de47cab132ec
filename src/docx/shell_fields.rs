//! `{{ name }}` fields typed in a Word shell's cover, headers and footers,
//! filled paragraph by paragraph: Word and LibreOffice often split typed
//! text across runs (« {{ ti » « tre }} »), so a field is found in the
//! paragraph's whole text and written back into the run where it starts,
//! the runs it covered losing those characters. Read and written with an
//! XML library; formatting of the first run of a field is the field's.

use quick_xml::events::{BytesStart, BytesText, Event};
use quick_xml::{Reader, Writer};

/// Names of the fields a shell may hold: the cover's, and `titre_court`.
pub fn known(name: &str) -> bool {
    name == "titre_court" || super::cover::FIELDS.contains(&name)
}

/// An item of a paragraph being read: an event, or a nested paragraph
/// (a text box's) already filled.
enum Item {
    Event(Event<'static>),
    Nested(Vec<u8>),
    /// Text merged into the run's first text event.
    Dropped,
}

/// `xml` with every `{{ name }}` replaced by `value(name)`; `Err(name)` for
/// the first field `value` does not know, `Err("")` for XML that cannot be
/// read.
pub fn fill(xml: &str, value: &dyn Fn(&str) -> Option<String>) -> Result<String, String> {
    let mut reader = Reader::from_str(xml);
    let mut out = Writer::new(Vec::with_capacity(xml.len()));
    // Open paragraphs, innermost last.
    let mut stack: Vec<Vec<Item>> = Vec::new();
    loop {
        let event = reader.read_event().map_err(|_| String::new())?.into_owned();
        match &event {
            Event::Eof => break,
            Event::Start(e) if e.name().as_ref() == "w:p" => {
                stack.push(vec![Item::Event(event)]);
            }
            Event::End(e) if e.name().as_ref() == "w:p" => {
                let mut items = stack.pop().ok_or_else(String::new)?;
                items.push(Item::Event(event));
                let filled = paragraph(items, value)?;
                match stack.last_mut() {
                    Some(outer) => outer.push(Item::Nested(filled)),
                    None => out.get_mut().extend_from_slice(&filled),
                }
            }
            _ => match stack.last_mut() {
                Some(items) => items.push(Item::Event(event)),
                None => out.write_event(event).map_err(|_| String::new())?,
            },
        }
    }
    if !stack.is_empty() {
        return Err(String::new());
    }
    String::from_utf8(out.into_inner()).map_err(|_| String::new())
}

/// One paragraph with its fields filled, as bytes.
fn paragraph(
    mut items: Vec<Item>,
    value: &dyn Fn(&str) -> Option<String>,
) -> Result<Vec<u8>, String> {
    // Each w:t: the index of its start and of its content events (text and
    // entity references), and its text.
    let mut nodes: Vec<(usize, Vec<usize>)> = Vec::new();
    let mut texts: Vec<String> = Vec::new();
    let mut open = false;
    for (i, item) in items.iter().enumerate() {
        let Item::Event(e) = item else { continue };
        match e {
            Event::Start(s) if s.name().as_ref() == "w:t" => {
                open = true;
                nodes.push((i, Vec::new()));
                texts.push(String::new());
            }
            Event::End(s) if s.name().as_ref() == "w:t" => open = false,
            Event::Text(t) if open => {
                nodes.last_mut().expect("open w:t").1.push(i);
                texts
                    .last_mut()
                    .expect("open w:t")
                    .push_str(&t.xml10_content());
            }
            Event::GeneralRef(r) if open => {
                let c = crate::xml::entity(r).ok_or_else(String::new)?;
                nodes.last_mut().expect("open w:t").1.push(i);
                texts.last_mut().expect("open w:t").push(c);
            }
            _ => {}
        }
    }
    let new_texts = replace(&texts, value)?;
    for (k, (start, content)) in nodes.iter().enumerate() {
        if new_texts[k] == texts[k] {
            continue;
        }
        // Spaces at either end must be kept.
        let mut preserved = BytesStart::new("w:t");
        preserved.push_attribute(("xml:space", "preserve"));
        items[*start] = Item::Event(Event::Start(preserved));
        for &i in content {
            items[i] = Item::Dropped;
        }
        let text = Item::Event(Event::Text(BytesText::new(&new_texts[k]).into_owned()));
        // (An empty w:t owns no character: it cannot gain any.)
        if let Some(&i) = content.first() {
            items[i] = text;
        }
    }
    let mut out = Writer::new(Vec::new());
    for item in items {
        match item {
            Item::Event(e) => out.write_event(e).map_err(|_| String::new())?,
            Item::Nested(bytes) => out.get_mut().extend_from_slice(&bytes),
            Item::Dropped => {}
        }
    }
    Ok(out.into_inner())
}

/// The texts of a paragraph's runs with its fields replaced: each field's
/// value goes where the field starts.
fn replace(
    texts: &[String],
    value: &dyn Fn(&str) -> Option<String>,
) -> Result<Vec<String>, String> {
    let whole: String = texts.concat();
    if !whole.contains("{{") {
        return Ok(texts.to_vec());
    }
    // The run owning each byte of the whole text.
    let owner: Vec<usize> = texts
        .iter()
        .enumerate()
        .flat_map(|(k, t)| std::iter::repeat_n(k, t.len()))
        .collect();
    let mut out = vec![String::new(); texts.len()];
    let mut at = 0;
    while at < whole.len() {
        if let Some((name, end)) = field_at(&whole, at) {
            let v = value(name).ok_or_else(|| name.to_string())?;
            out[owner[at]].push_str(&v);
            at = end;
            continue;
        }
        let c = whole[at..].chars().next().expect("in bounds");
        out[owner[at]].push(c);
        at += c.len_utf8();
    }
    Ok(out)
}

/// A field `{{ name }}` starting at byte `at`: its name and where it ends.
fn field_at(s: &str, at: usize) -> Option<(&str, usize)> {
    let rest = s[at..].strip_prefix("{{")?;
    let close = rest.find("}}")?;
    let name = rest[..close].trim();
    let simple = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit());
    simple.then_some((name, at + 2 + close + 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(name: &str) -> Option<String> {
        match name {
            "titre" => Some("Rapport & annexes".into()),
            "version" => Some("0.3".into()),
            _ => None,
        }
    }

    #[test]
    fn a_field_split_across_runs_is_filled_in_its_first_run() {
        let xml = r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Titre : {{ ti</w:t></w:r><w:r><w:t>tre</w:t></w:r><w:r><w:t xml:space="preserve"> }} (v{{version}})</w:t></w:r></w:p>"#;
        let filled = fill(xml, &values).unwrap();
        assert_eq!(
            filled,
            r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">Titre : Rapport &amp; annexes</w:t></w:r><w:r><w:t xml:space="preserve"></w:t></w:r><w:r><w:t xml:space="preserve"> (v0.3)</w:t></w:r></w:p>"#
        );
    }

    #[test]
    fn unknown_fields_are_named_and_other_braces_kept() {
        let xml = "<w:p><w:r><w:t>{{ auteur }}</w:t></w:r></w:p>";
        assert_eq!(fill(xml, &values), Err("auteur".to_string()));
        let plain = "<w:p><w:r><w:t>{{ Pas un champ }} {x}</w:t></w:r></w:p>";
        assert_eq!(fill(plain, &values).unwrap(), plain);
    }

    #[test]
    fn nested_paragraphs_are_filled_once() {
        let xml = "<w:p><w:r><w:t>{{ version }}</w:t></w:r><w:r><w:txbxContent><w:p><w:r><w:t>{{ titre }}</w:t></w:r></w:p></w:txbxContent></w:r></w:p>";
        let filled = fill(xml, &values).unwrap();
        assert!(filled.contains(">0.3</w:t>"), "{filled}");
        assert!(filled.contains(">Rapport &amp; annexes</w:t>"), "{filled}");
    }
}
