//! A small event view of WordprocessingML: local names (prefixes vary with
//! the producer), attributes by local name, the five XML entities and
//! character references resolved.
//!
//! Hostile parts are refused with their name: a DOCTYPE (Word never writes
//! one; it is how entity expansion attacks start), nesting deeper than
//! [`MAX_DEPTH`] elements, malformed or truncated XML. The walk itself is
//! iterative and text is lent from the part, never copied whole.

use crate::xml::local;
use quick_xml::events::{BytesStart, Event};
use std::borrow::Cow;

/// Deeper than any Word document (nested tables included).
pub const MAX_DEPTH: usize = 512;

#[derive(Debug)]
pub enum Ev<'n, 'x> {
    /// An opening tag; `empty` for a self-closing one (no End follows).
    Start {
        name: &'n str,
        attrs: Attrs<'n>,
        empty: bool,
    },
    End {
        name: &'n str,
    },
    /// Text, borrowed from the part when it holds no reference.
    Text(Cow<'x, str>),
}

/// Attributes by local name, decoded only when asked for (most elements
/// of a part are never asked).
#[derive(Debug)]
pub struct Attrs<'n>(&'n BytesStart<'n>);

impl Attrs<'_> {
    /// Every attribute value, in document order, references resolved.
    pub fn values(&self) -> impl Iterator<Item = String> + '_ {
        self.0.attributes().flatten().map(|a| decode(&a))
    }

    /// The value of the first attribute with this local name, references
    /// resolved.
    pub fn get(&self, name: &str) -> Option<String> {
        self.0
            .attributes()
            .flatten()
            .find_map(|a| (local(a.key.as_ref()) == name).then(|| decode(&a)))
    }
}

fn decode(a: &quick_xml::events::attributes::Attribute) -> String {
    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
        .map(|v| v.to_string())
        .unwrap_or_else(|_| a.value.to_string())
}

/// How messages name a part: `document (partie « word/document.xml »)`.
pub fn place(label: &str, part: &str) -> String {
    format!("{label} (partie « {part} »)")
}

/// Calls `f` for every element start, end and text of `xml`, in order.
/// Errors name the part (`place`, e.g. `document (partie « word/document.xml »)`)
/// and say what is wrong in French.
pub fn walk<'x>(xml: &'x str, place: &str, mut f: impl FnMut(Ev<'_, 'x>)) -> Result<(), String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut depth: usize = 0;
    loop {
        let event = reader.read_event().map_err(|e| {
            format!(
                "XML invalide dans {place} vers l'octet {} ({})",
                reader.error_position(),
                reason(&e)
            )
        })?;
        match event {
            Event::DocType(_) => {
                return Err(format!(
                    "XML refusé dans {place} : déclaration DOCTYPE (un document Word n'en contient jamais)"
                ));
            }
            Event::Start(e) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(format!(
                        "XML refusé dans {place} : imbrication trop profonde (plus de {MAX_DEPTH} éléments emboîtés)"
                    ));
                }
                let qname = e.name();
                f(Ev::Start {
                    name: local(qname.as_ref()),
                    attrs: Attrs(&e),
                    empty: false,
                });
            }
            Event::Empty(e) => {
                let qname = e.name();
                f(Ev::Start {
                    name: local(qname.as_ref()),
                    attrs: Attrs(&e),
                    empty: true,
                });
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                let qname = e.name();
                f(Ev::End {
                    name: local(qname.as_ref()),
                });
            }
            Event::Text(t) => f(Ev::Text(t.xml10_content())),
            Event::CData(t) => f(Ev::Text(t.into_inner())),
            Event::GeneralRef(r) => {
                let text = crate::xml::entity(&r).map(String::from).unwrap_or_default();
                f(Ev::Text(Cow::Owned(text)));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if depth != 0 {
        return Err(format!(
            "XML invalide dans {place} : document tronqué (des éléments ne sont pas fermés)"
        ));
    }
    Ok(())
}

/// What went wrong, in French, without the parser's own words.
fn reason(e: &quick_xml::Error) -> &'static str {
    use quick_xml::Error;
    match e {
        Error::Syntax(_) => "syntaxe",
        Error::IllFormed(_) => "balises mal appariées",
        Error::Encoding(_) => "texte qui n'est pas en UTF-8",
        Error::Escape(_) => "référence d'entité invalide",
        Error::InvalidAttr(_) => "attribut mal formé",
        _ => "lecture impossible",
    }
}
