//! A first pass over the model: the headings and captions a table of
//! contents or list lists, with their numbers and bookmark names, and the
//! numbers that cross-references print. The body writer assigns the same
//! bookmarks in the same order, so entries link to their targets.
//!
//! In a redline the model holds both versions: numbers are counted twice,
//! once as accept-all shows the document (removed blocks skipped) and once
//! as reject-all does (added blocks skipped), so that every number shown is
//! the new document's and entries can show how their number changed.

use crate::model::{Block, Inline, Revision};
use std::collections::{HashMap, HashSet};

/// One entry of a table of contents or a list of tables/figures.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Heading level (1 for chapters); 1 for captions.
    pub level: u8,
    /// The number in the accepted document (`2.1`; `3` for a caption), or
    /// `None` when the entry is removed; empty for unnumbered headings.
    pub new_label: Option<String>,
    /// The number in the delivered document, `None` when the entry is added.
    pub old_label: Option<String>,
    /// The heading or caption text, as the model has it (with its revision
    /// marks, without notes or links).
    pub content: Vec<Inline>,
    pub bookmark: String,
    /// The revision of the whole block (added, removed, moved).
    pub revision: Option<Revision>,
}

impl Entry {
    /// The number shown where the entry stands: the new one, or the old
    /// one of a removed entry.
    pub fn shown_label(&self) -> &str {
        self.new_label
            .as_deref()
            .or(self.old_label.as_deref())
            .unwrap_or("")
    }
}

#[derive(Debug, Default)]
pub struct Outline {
    pub headings: Vec<Entry>,
    pub tables: Vec<Entry>,
    pub figures: Vec<Entry>,
    /// Table or figure number by model id (`tbl:sites` → 3), in the accepted
    /// document, or in the delivered one for a removed table.
    pub numbers: HashMap<String, usize>,
    /// Ids (headings, tables, figures) the accepted document has.
    pub new_ids: HashSet<String>,
}

pub fn heading_bookmark(index: usize) -> String {
    format!("_Toc_h{index}")
}

pub fn table_bookmark(index: usize) -> String {
    format!("_Toc_t{index}")
}

pub fn figure_bookmark(index: usize) -> String {
    format!("_Toc_f{index}")
}

/// The bookmark around a caption's number, for `REF` fields.
pub fn ref_bookmark(id: &str) -> String {
    super::inline::bookmark_name(&format!("_Ref_{id}"))
}

/// Counters of one view (accepted or delivered).
#[derive(Default)]
struct Counters {
    headings: [usize; 6],
    tables: usize,
    figures: usize,
}

impl Counters {
    fn heading(&mut self, level: usize) -> String {
        self.headings[level - 1] += 1;
        self.headings[level..].iter_mut().for_each(|c| *c = 0);
        let parts: Vec<String> = self.headings[..level]
            .iter()
            .map(|c| c.to_string())
            .collect();
        parts.join(".")
    }
}

struct Walk {
    outline: Outline,
    numbered_headings: bool,
    new: Counters,
    old: Counters,
    old_numbers: HashMap<String, usize>,
}

impl Outline {
    pub fn of(blocks: &[Block], numbered_headings: bool) -> Outline {
        let mut w = Walk {
            outline: Outline::default(),
            numbered_headings,
            new: Counters::default(),
            old: Counters::default(),
            old_numbers: HashMap::new(),
        };
        for block in blocks {
            w.block(block, None);
        }
        let mut o = w.outline;
        // A removed table's references keep the number it had.
        for (id, n) in w.old_numbers {
            o.numbers.entry(id).or_insert(n);
        }
        o
    }
}

impl Walk {
    fn block(&mut self, block: &Block, revision: Option<Revision>) {
        let in_new = !revision.is_some_and(Revision::is_removal);
        let in_old = !revision.is_some_and(Revision::is_addition);
        match block {
            Block::Revised { revision: r, block } => self.block(block, Some(*r)),
            Block::Heading(h) => {
                let level = h.level.clamp(1, 6) as usize;
                let numbered = h.numbered && self.numbered_headings;
                let label = |c: &mut Counters| {
                    if numbered {
                        c.heading(level)
                    } else {
                        String::new()
                    }
                };
                let new_label = in_new.then(|| label(&mut self.new));
                let old_label = in_old.then(|| label(&mut self.old));
                if in_new {
                    self.outline.new_ids.extend(h.id.clone());
                }
                let bookmark = heading_bookmark(self.outline.headings.len() + 1);
                self.outline.headings.push(Entry {
                    level: level as u8,
                    new_label,
                    old_label,
                    content: entry_inlines(&h.content),
                    bookmark,
                    revision,
                });
            }
            Block::Table(t) => {
                if let Some(c) = &t.caption {
                    let bookmark = table_bookmark(self.outline.tables.len() + 1);
                    let entry =
                        self.caption(|c| &mut c.tables, t.id.as_ref(), c, bookmark, revision);
                    self.outline.tables.push(entry);
                }
            }
            Block::Figure(f) => {
                if let Some(c) = &f.caption {
                    let bookmark = figure_bookmark(self.outline.figures.len() + 1);
                    let entry =
                        self.caption(|c| &mut c.figures, f.id.as_ref(), c, bookmark, revision);
                    self.outline.figures.push(entry);
                }
            }
            other => {
                for child in other.children() {
                    self.block(child, revision);
                }
            }
        }
    }

    fn caption(
        &mut self,
        counter: fn(&mut Counters) -> &mut usize,
        id: Option<&String>,
        caption: &[Inline],
        bookmark: String,
        revision: Option<Revision>,
    ) -> Entry {
        let in_new = !revision.is_some_and(Revision::is_removal);
        let in_old = !revision.is_some_and(Revision::is_addition);
        let next = |c: &mut Counters| {
            let n = counter(c);
            *n += 1;
            *n
        };
        let new = in_new.then(|| next(&mut self.new));
        let old = in_old.then(|| next(&mut self.old));
        if let Some(id) = id {
            if let Some(n) = new {
                self.outline.numbers.insert(id.clone(), n);
                self.outline.new_ids.insert(id.clone());
            }
            if let Some(n) = old {
                self.old_numbers.insert(id.clone(), n);
            }
        }
        Entry {
            level: 1,
            new_label: new.map(|n| n.to_string()),
            old_label: old.map(|n| n.to_string()),
            content: entry_inlines(caption),
            bookmark,
            revision,
        }
    }
}

/// The inlines an entry shows: notes left out, links as their text (an
/// entry is a link itself).
fn entry_inlines(inlines: &[Inline]) -> Vec<Inline> {
    let mut out = Vec::new();
    for inline in inlines {
        match inline {
            Inline::Note(_) => {}
            Inline::Link { content, .. } => out.extend(entry_inlines(content)),
            other => {
                let mut copy = other.clone();
                if let Some(children) = copy.children_mut() {
                    *children = entry_inlines(children);
                }
                out.push(copy);
            }
        }
    }
    out
}
