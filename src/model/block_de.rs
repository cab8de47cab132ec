//! Reading a [`Block`] from its serialised form `{"type": "table", …}`.
//!
//! serde's derived reader for an internally tagged enum first copies each
//! block whole into a buffer of its own, then reads the block from that copy:
//! for a delivered snapshot holding a table of 100 000 rows, that copy took
//! several times the table's own memory. Since the tag comes first in what
//! trame writes, the block is read straight from the input once the tag is
//! known; a block whose tag comes later (JSON written by other tools) is read
//! through a JSON value, as before. The accepted forms are those of the
//! derived reader.

use super::{Block, Callout, Cover, Figure, Heading, List, Paragraph, Provenance, Section, Table};
use super::{Revision, Toc};
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, de::value::MapAccessDeserializer};

const VARIANTS: &[&str] = &[
    "heading",
    "paragraph",
    "list",
    "table",
    "callout",
    "quote",
    "code",
    "page_break",
    "figure",
    "toc",
    "section",
    "cover",
    "revised",
];

#[derive(Deserialize)]
struct QuoteFields {
    blocks: Vec<Block>,
}

#[derive(Deserialize)]
struct CodeFields {
    text: String,
    #[serde(default)]
    provenance: Provenance,
}

#[derive(Deserialize)]
struct RevisedFields {
    revision: Revision,
    block: Box<Block>,
}

/// The block of kind `tag`, its other fields read from `fields`.
fn variant<'de, D: Deserializer<'de>>(tag: &str, fields: D) -> Result<Block, D::Error> {
    Ok(match tag {
        "heading" => Block::Heading(Heading::deserialize(fields)?),
        "paragraph" => Block::Paragraph(Paragraph::deserialize(fields)?),
        "list" => Block::List(List::deserialize(fields)?),
        "table" => Block::Table(Table::deserialize(fields)?),
        "callout" => Block::Callout(Callout::deserialize(fields)?),
        "quote" => Block::Quote {
            blocks: QuoteFields::deserialize(fields)?.blocks,
        },
        "code" => {
            let c = CodeFields::deserialize(fields)?;
            Block::Code {
                text: c.text,
                provenance: c.provenance,
            }
        }
        "page_break" => {
            IgnoredAny::deserialize(fields)?;
            Block::PageBreak
        }
        "figure" => Block::Figure(Figure::deserialize(fields)?),
        "toc" => Block::Toc(Toc::deserialize(fields)?),
        "section" => Block::Section(Section::deserialize(fields)?),
        "cover" => Block::Cover(Cover::deserialize(fields)?),
        "revised" => {
            let r = RevisedFields::deserialize(fields)?;
            Block::Revised {
                revision: r.revision,
                block: r.block,
            }
        }
        other => return Err(de::Error::unknown_variant(other, VARIANTS)),
    })
}

impl<'de> Deserialize<'de> for Block {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(BlockVisitor)
    }
}

struct BlockVisitor;

impl<'de> Visitor<'de> for BlockVisitor {
    type Value = Block;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a block")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Block, A::Error> {
        let Some(first) = map.next_key::<String>()? else {
            return Err(de::Error::missing_field("type"));
        };
        if first == "type" {
            let tag: String = map.next_value()?;
            return variant(&tag, MapAccessDeserializer::new(map));
        }
        // The tag comes later: the whole block through a JSON value.
        let mut fields = serde_json::Map::new();
        fields.insert(first, map.next_value()?);
        while let Some((k, v)) = map.next_entry::<String, serde_json::Value>()? {
            fields.insert(k, v);
        }
        let tag = match fields.remove("type") {
            Some(serde_json::Value::String(tag)) => tag,
            Some(_) => return Err(de::Error::custom("the type of a block is not a string")),
            None => return Err(de::Error::missing_field("type")),
        };
        variant(&tag, serde_json::Value::Object(fields)).map_err(de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cell, Document, Inline, LineRef, Row};

    fn sample() -> Document {
        let p = |t: &str| {
            Block::Paragraph(Paragraph {
                content: vec![Inline::Text(t.into())],
                provenance: Provenance::from_line(Some(LineRef {
                    file: "blueprints/a.md.j2".into(),
                    line: 3,
                })),
            })
        };
        Document {
            blocks: vec![
                p("Un"),
                Block::Table(Table {
                    columns: vec![Default::default()],
                    rows: vec![Row::new(vec![Cell::new(
                        vec![Inline::Text("a".into())],
                        Default::default(),
                    )])],
                    ..Default::default()
                }),
                Block::Quote {
                    blocks: vec![p("Deux")],
                },
                Block::Code {
                    text: "x".into(),
                    provenance: Default::default(),
                },
                Block::PageBreak,
                Block::Revised {
                    revision: Revision::Deleted,
                    block: Box::new(p("Trois")),
                },
            ],
        }
    }

    #[test]
    fn blocks_read_back_as_written() {
        let doc = sample();
        let json = serde_json::to_string_pretty(&doc).unwrap();
        assert_eq!(serde_json::from_str::<Document>(&json).unwrap(), doc);
        // Through a reader too (how snapshots are read).
        assert_eq!(
            serde_json::from_reader::<_, Document>(json.as_bytes()).unwrap(),
            doc
        );
    }

    #[test]
    fn the_tag_may_come_last() {
        let json = r#"{"blocks": [
            {"content": [{"type": "text", "c": "Un"}], "type": "paragraph"},
            {"type": "page_break"},
            {"blocks": [{"content": [], "type": "paragraph"}], "type": "quote"}
        ]}"#;
        let doc: Document = serde_json::from_str(json).unwrap();
        assert!(matches!(doc.blocks[0], Block::Paragraph(_)));
        assert_eq!(doc.blocks[1], Block::PageBreak);
        assert!(matches!(&doc.blocks[2], Block::Quote { blocks } if blocks.len() == 1));
    }

    #[test]
    fn unknown_or_missing_kinds_are_errors() {
        for json in [
            r#"{"blocks": [{"type": "tableau"}]}"#,
            r#"{"blocks": [{"content": []}]}"#,
            r#"{"blocks": [{}]}"#,
            r#"{"blocks": [{"type": 3}]}"#,
        ] {
            assert!(serde_json::from_str::<Document>(json).is_err(), "{json}");
        }
    }
}
