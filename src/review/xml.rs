//! A small event view of WordprocessingML: local names (prefixes vary with
//! the producer), attributes by local name, entities resolved.

use quick_xml::events::{BytesStart, Event};

#[derive(Debug)]
pub enum Ev<'a> {
    /// An opening tag; `empty` for a self-closing one (no End follows).
    Start {
        name: &'a str,
        attrs: Attrs,
        empty: bool,
    },
    End {
        name: String,
    },
    Text(String),
}

/// Attributes by local name.
#[derive(Debug, Default)]
pub struct Attrs(Vec<(String, String)>);

impl Attrs {
    /// Every attribute value, in document order.
    pub fn values(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(_, v)| v.as_str())
    }

    pub fn get(&self, local: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == local)
            .map(|(_, v)| v.as_str())
    }
}

fn local(qname: &str) -> &str {
    qname.rsplit(':').next().unwrap_or(qname)
}

fn attrs(e: &BytesStart) -> Attrs {
    Attrs(
        e.attributes()
            .flatten()
            .map(|a| {
                let key = local(a.key.as_ref()).to_string();
                let value = a
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map(|v| v.to_string())
                    .unwrap_or_else(|_| a.value.to_string());
                (key, value)
            })
            .collect(),
    )
}

/// Calls `f` for every element start, end and text of `xml`, in order.
pub fn walk(xml: &str, part: &str, mut f: impl FnMut(Ev)) -> Result<(), String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut depth: usize = 0;
    loop {
        let event = reader.read_event().map_err(|e| {
            format!(
                "XML invalide dans {part} (octet {}) : {e}",
                reader.error_position()
            )
        })?;
        match event {
            Event::Start(e) => {
                depth += 1;
                if depth > 512 {
                    return Err(format!(
                        "XML invalide dans {part} : imbrication trop profonde"
                    ));
                }
                let name = e.name();
                let name = local(name.as_ref()).to_string();
                f(Ev::Start {
                    name: &name,
                    attrs: attrs(&e),
                    empty: false,
                });
            }
            Event::Empty(e) => {
                let name = e.name();
                let name = local(name.as_ref()).to_string();
                f(Ev::Start {
                    name: &name,
                    attrs: attrs(&e),
                    empty: true,
                });
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                f(Ev::End {
                    name: local(e.name().as_ref()).to_string(),
                });
            }
            Event::Text(t) => f(Ev::Text(t.xml10_content().to_string())),
            Event::CData(t) => f(Ev::Text(t.into_inner().to_string())),
            Event::GeneralRef(r) => {
                let name = r.xml10_content();
                let text = match name.as_ref() {
                    "amp" => "&".to_string(),
                    "lt" => "<".to_string(),
                    "gt" => ">".to_string(),
                    "quot" => "\"".to_string(),
                    "apos" => "'".to_string(),
                    other => other
                        .strip_prefix('#')
                        .and_then(|n| match n.strip_prefix('x') {
                            Some(hex) => u32::from_str_radix(hex, 16).ok(),
                            None => n.parse().ok(),
                        })
                        .and_then(char::from_u32)
                        .map(String::from)
                        .unwrap_or_default(),
                };
                f(Ev::Text(text));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if depth != 0 {
        return Err(format!("XML invalide dans {part} : document tronqué"));
    }
    Ok(())
}
