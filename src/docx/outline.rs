//! A first pass over the model: the headings and captions a table of
//! contents or list lists, with their numbers and bookmark names, and the
//! numbers that cross-references print. The body writer assigns the same
//! bookmarks in the same order, so entries link to their targets.

use crate::model::{Block, plain_text};
use std::collections::HashMap;

/// One entry of a table of contents or a list of tables/figures.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Heading level (1 for chapters); 1 for captions.
    pub level: u8,
    /// `2.1` for a numbered heading, `Tableau 3 : ` prefix for captions.
    pub label: String,
    pub text: String,
    pub bookmark: String,
}

#[derive(Debug, Default)]
pub struct Outline {
    pub headings: Vec<Entry>,
    pub tables: Vec<Entry>,
    pub figures: Vec<Entry>,
    /// Table or figure number by model id (`tbl:sites` → 3).
    pub numbers: HashMap<String, usize>,
}

pub fn heading_bookmark(index: usize) -> String {
    format!("_Toc_h{index}")
}

pub fn table_bookmark(number: usize) -> String {
    format!("_Toc_t{number}")
}

pub fn figure_bookmark(number: usize) -> String {
    format!("_Toc_f{number}")
}

/// The bookmark around a caption's number, for `REF` fields.
pub fn ref_bookmark(id: &str) -> String {
    super::inline::bookmark_name(&format!("_Ref_{id}"))
}

impl Outline {
    pub fn of(blocks: &[Block], numbered_headings: bool) -> Outline {
        let mut o = Outline::default();
        let mut counters = [0usize; 6];
        for block in blocks.iter().flat_map(Block::descendants) {
            match block {
                Block::Heading(h) => {
                    let level = h.level.clamp(1, 6) as usize;
                    let label = if h.numbered && numbered_headings {
                        counters[level - 1] += 1;
                        counters[level..].iter_mut().for_each(|c| *c = 0);
                        let parts: Vec<String> =
                            counters[..level].iter().map(|c| c.to_string()).collect();
                        parts.join(".")
                    } else {
                        String::new()
                    };
                    o.headings.push(Entry {
                        level: level as u8,
                        label,
                        text: plain_text(&h.content),
                        bookmark: heading_bookmark(o.headings.len() + 1),
                    });
                }
                Block::Table(t) => {
                    if let Some(c) = &t.caption {
                        let n = o.tables.len() + 1;
                        if let Some(id) = &t.id {
                            o.numbers.insert(id.clone(), n);
                        }
                        o.tables.push(Entry {
                            level: 1,
                            label: format!("Tableau\u{A0}{n}\u{A0}: "),
                            text: plain_text(c),
                            bookmark: table_bookmark(n),
                        });
                    }
                }
                Block::Figure(f) => {
                    if let Some(c) = &f.caption {
                        let n = o.figures.len() + 1;
                        if let Some(id) = &f.id {
                            o.numbers.insert(id.clone(), n);
                        }
                        o.figures.push(Entry {
                            level: 1,
                            label: format!("Figure\u{A0}{n}\u{A0}: "),
                            text: plain_text(c),
                            bookmark: figure_bookmark(n),
                        });
                    }
                }
                _ => {}
            }
        }
        o
    }
}
