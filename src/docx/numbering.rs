//! `word/numbering.xml`: heading numbering (1, 1.1, 1.1.1), and one numbering
//! instance per list so that every list restarts at its own start value.

use super::styles::HEADING_NUM_ID;
use super::xml::root_open;

const ABSTRACT_HEADINGS: u32 = 0;
const ABSTRACT_BULLETS: u32 = 1;
const ABSTRACT_DECIMAL: u32 = 2;

/// The lists of one document, each a numbering instance.
#[derive(Debug, Default)]
pub struct Lists {
    /// (ordered, level, start) per instance; instance ids start at 2.
    instances: Vec<(bool, usize, u64)>,
}

impl Lists {
    /// Registers a new list and returns its `w:numId`.
    pub fn add(&mut self, ordered: bool, level: usize, start: u64) -> u32 {
        self.instances.push((ordered, level, start));
        HEADING_NUM_ID + self.instances.len() as u32
    }

    pub fn xml(&self) -> String {
        let mut out = root_open("numbering");
        out += &abstract_num(
            ABSTRACT_HEADINGS,
            |lvl| {
                let text: Vec<String> = (1..=lvl + 1).map(|i| format!("%{i}")).collect();
                let indent = 567 + 142 * lvl as i64;
                format!(
                    "<w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:pStyle w:val=\"Heading{}\"/><w:lvlText w:val=\"{}\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"{indent}\" w:hanging=\"{indent}\"/></w:pPr>",
                    lvl + 1,
                    text.join(".")
                )
            },
            6,
        );
        out += &abstract_num(
            ABSTRACT_BULLETS,
            |lvl| {
                let bullet = ["•", "–", "◦"][lvl % 3];
                format!(
                    "<w:start w:val=\"1\"/><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"{bullet}\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"{}\" w:hanging=\"284\"/></w:pPr>",
                    list_indent(lvl)
                )
            },
            9,
        );
        out += &abstract_num(
            ABSTRACT_DECIMAL,
            |lvl| {
                let (fmt, text) = match lvl % 3 {
                    0 => ("decimal", format!("%{}.", lvl + 1)),
                    1 => ("lowerLetter", format!("%{})", lvl + 1)),
                    _ => ("lowerRoman", format!("%{}.", lvl + 1)),
                };
                format!(
                    "<w:start w:val=\"1\"/><w:numFmt w:val=\"{fmt}\"/><w:lvlText w:val=\"{text}\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"{}\" w:hanging=\"360\"/></w:pPr>",
                    list_indent(lvl)
                )
            },
            9,
        );
        out += &format!(
            "<w:num w:numId=\"{HEADING_NUM_ID}\"><w:abstractNumId w:val=\"{ABSTRACT_HEADINGS}\"/></w:num>"
        );
        for (i, (ordered, level, start)) in self.instances.iter().enumerate() {
            let id = HEADING_NUM_ID + 1 + i as u32;
            let abs = if *ordered {
                ABSTRACT_DECIMAL
            } else {
                ABSTRACT_BULLETS
            };
            out += &format!(
                "<w:num w:numId=\"{id}\"><w:abstractNumId w:val=\"{abs}\"/><w:lvlOverride w:ilvl=\"{level}\"><w:startOverride w:val=\"{start}\"/></w:lvlOverride></w:num>"
            );
        }
        out += "</w:numbering>";
        out
    }
}

/// Left indent of list level `lvl`, in twips.
pub fn list_indent(lvl: usize) -> i64 {
    567 + 425 * lvl as i64
}

fn abstract_num(id: u32, level: impl Fn(usize) -> String, levels: usize) -> String {
    let mut s = format!(
        "<w:abstractNum w:abstractNumId=\"{id}\"><w:multiLevelType w:val=\"{}\"/>",
        if id == ABSTRACT_HEADINGS {
            "multilevel"
        } else {
            "hybridMultilevel"
        }
    );
    for lvl in 0..levels {
        s += &format!("<w:lvl w:ilvl=\"{lvl}\">{}</w:lvl>", level(lvl));
    }
    s += "</w:abstractNum>";
    s
}
