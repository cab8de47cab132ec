//! Which paragraph styles are headings (outline level) and numbered, read
//! from `styles.xml` through the `basedOn` chain.

use super::xml::{Ev, walk};
use std::collections::HashMap;

#[derive(Debug, Default, Clone)]
struct StyleDef {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    numbered: Option<bool>,
}

#[derive(Debug, Default)]
pub struct Styles(HashMap<String, StyleDef>);

impl Styles {
    pub fn parse(xml: Option<&str>) -> Styles {
        let mut map = HashMap::new();
        let Some(xml) = xml else { return Styles(map) };
        let mut current: Option<(String, StyleDef)> = None;
        // Malformed styles only cost heading detection.
        let _ = walk(xml, "word/styles.xml", |ev| match ev {
            Ev::Start {
                name: "style",
                attrs,
                ..
            } => {
                current = attrs.get("styleId").map(|id| (id, StyleDef::default()));
            }
            Ev::Start { name, attrs, .. } => {
                if let Some((_, def)) = &mut current {
                    match name {
                        "name" => def.name = attrs.get("val").unwrap_or_default().to_lowercase(),
                        "basedOn" => def.based_on = attrs.get("val"),
                        "outlineLvl" => def.outline = attrs.get("val").and_then(|v| v.parse().ok()),
                        "numId" => def.numbered = Some(attrs.get("val").as_deref() != Some("0")),
                        _ => {}
                    }
                }
            }
            Ev::End { name: "style" } => {
                if let Some((id, def)) = current.take() {
                    map.insert(id, def);
                }
            }
            _ => {}
        });
        Styles(map)
    }

    /// Outline level (0 for a chapter) of a style, following `basedOn`.
    pub fn outline(&self, style: &str) -> Option<u8> {
        let mut id = style;
        for _ in 0..16 {
            let def = self.0.get(id)?;
            if let Some(level) = def.outline {
                return Some(level);
            }
            // Built-in heading names, even with localised style ids.
            if let Some(n) = def
                .name
                .strip_prefix("heading ")
                .and_then(|n| n.parse::<u8>().ok())
            {
                return Some(n.saturating_sub(1));
            }
            id = def.based_on.as_deref()?;
        }
        None
    }

    /// Whether a style carries list numbering, following `basedOn`.
    pub fn numbered(&self, style: &str) -> bool {
        let mut id = style;
        for _ in 0..16 {
            let Some(def) = self.0.get(id) else {
                return false;
            };
            if let Some(n) = def.numbered {
                return n;
            }
            match def.based_on.as_deref() {
                Some(b) => id = b,
                None => return false,
            }
        }
        false
    }
}
