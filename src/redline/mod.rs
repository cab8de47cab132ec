//! Redlines: the current document model diffed against the model recorded
//! when a version was delivered, as a model with revision marks that the
//! Word writer turns into tracked changes.
//!
//! Blocks are aligned by kind and text (patience diff); matched paragraphs
//! and headings are diffed word by word; tables row by row (by key where
//! the source has one) and cell by cell; containers recursively. What cannot
//! be matched is a deletion plus an insertion, so moved blocks show as such.

mod align;
mod moves;
mod same;
mod store;
mod table;
mod words;

pub use store::{
    Delivered, DeliveredDocument, Delivery, FOLDER as DELIVERIES, ToDeliver, can_record, deliver,
    list, load,
};
pub use words::Counts;

use crate::model::{Block, Document, Heading, List, ListItem, Paragraph, Revision};
use align::{Step, align, by_position};
use moves::Moves;
use same::same;

/// What a redline shows, per document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub insertions: usize,
    pub deletions: usize,
    pub formatting: usize,
    pub tables_changed: usize,
    /// Blocks moved unchanged (each counted once, at its new place).
    pub moves: usize,
}

impl Stats {
    pub fn is_empty(&self) -> bool {
        *self == Stats::default()
    }

    pub(crate) fn add(&mut self, c: Counts) {
        self.insertions += c.insertions;
        self.deletions += c.deletions;
        self.formatting += c.formatting;
    }
}

/// The new document, with every difference from `old` marked.
pub fn redline(old: &Document, new: &Document) -> (Document, Stats) {
    crate::timing::time("redline : comparaison des modèles", || {
        let mut stats = Stats::default();
        let blocks = diff_blocks(&old.blocks, &new.blocks, &mut stats);
        (Document { blocks }, stats)
    })
}

fn revised(revision: Revision, block: &Block, stats: &mut Stats) -> Block {
    match revision {
        Revision::Inserted => stats.insertions += 1,
        Revision::Deleted => stats.deletions += 1,
        Revision::MovedTo(_) => stats.moves += 1,
        Revision::MovedFrom(_) => {}
    }
    if let Block::Table(_) = block {
        stats.tables_changed += 1;
    }
    Block::Revised {
        revision,
        block: Box::new(block.clone()),
    }
}

/// The alignment key of a block: its kind and what identifies it.
fn key(b: &Block) -> String {
    match b {
        Block::Table(t) => format!(
            "table|{}|{}",
            t.caption
                .as_ref()
                .map(|c| crate::model::plain_text(c))
                .unwrap_or_default(),
            t.header
                .iter()
                .flat_map(|r| &r.cells)
                .map(|c| crate::model::plain_text(&c.content))
                .collect::<Vec<_>>()
                .join("|")
        ),
        Block::Callout(c) => format!("callout|{}|{}", c.kind, c.title.clone().unwrap_or_default()),
        Block::Section(s) => format!("section|{}", s.landscape),
        Block::Cover(_) => "cover".into(),
        Block::Toc(t) => format!("toc|{:?}", t.kind),
        Block::PageBreak => "pagebreak".into(),
        Block::Figure(f) => format!(
            "figure|{}|{}",
            f.image.hash,
            f.caption
                .as_ref()
                .map(|c| crate::model::plain_text(c))
                .unwrap_or_default()
        ),
        other => format!("{}|{}", kind(other), other.text()),
    }
}

fn kind(b: &Block) -> &'static str {
    match b {
        Block::Heading(_) => "heading",
        Block::Paragraph(_) => "paragraph",
        Block::List(l) if l.start.is_some() => "ordered-list",
        Block::List(_) => "list",
        Block::Table(_) => "table",
        Block::Callout(_) => "callout",
        Block::Quote { .. } => "quote",
        Block::Code { .. } => "code",
        Block::PageBreak => "pagebreak",
        Block::Figure(_) => "figure",
        Block::Toc(_) => "toc",
        Block::Section(_) => "section",
        Block::Cover(_) => "cover",
        Block::Revised { .. } => "revised",
    }
}

pub(crate) fn diff_blocks(old: &[Block], new: &[Block], stats: &mut Stats) -> Vec<Block> {
    let mut out = Vec::with_capacity(new.len());
    let steps = align(old, new, key);
    let moves = Moves::find(&steps, stats.moves as u32 + 1);
    stats.moves += moves.count();
    for step in steps {
        match step {
            Step::Same(a, b) => out.extend(pair(a, b, stats)),
            Step::Removed(a) => out.push(removed(a, &moves, stats)),
            Step::Added(b) => out.push(added(b, &moves, stats)),
            Step::Changed(a, b) => out.extend(pair_up(a, b, &moves, stats)),
        }
    }
    out
}

/// A block that left: moved away, or deleted.
fn removed(a: &Block, moves: &Moves, stats: &mut Stats) -> Block {
    match moves.of(a) {
        Some(n) => moved(Revision::MovedFrom(n), a),
        None => revised(Revision::Deleted, a, stats),
    }
}

/// A block that arrived: moved here, or inserted.
fn added(b: &Block, moves: &Moves, stats: &mut Stats) -> Block {
    match moves.of(b) {
        Some(n) => moved(Revision::MovedTo(n), b),
        None => revised(Revision::Inserted, b, stats),
    }
}

/// One half of a move (counted once, when the moves are found).
fn moved(revision: Revision, block: &Block) -> Block {
    Block::Revised {
        revision,
        block: Box::new(block.clone()),
    }
}

/// Pairs changed blocks in order where they are alike, else delete + insert;
/// moved blocks keep their place.
fn pair_up(old: &[Block], new: &[Block], moves: &Moves, stats: &mut Stats) -> Vec<Block> {
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < old.len() || j < new.len() {
        if let Some(a) = old.get(i).filter(|a| moves.of(a).is_some()) {
            out.push(removed(a, moves, stats));
            i += 1;
            continue;
        }
        if let Some(b) = new.get(j).filter(|b| moves.of(b).is_some()) {
            out.push(added(b, moves, stats));
            j += 1;
            continue;
        }
        match (old.get(i), new.get(j)) {
            (Some(a), Some(b)) if alike(a, b) => {
                out.extend(pair(a, b, stats));
                i += 1;
                j += 1;
            }
            (Some(a), Some(b)) => {
                // Keep document order: whichever matches later content goes second.
                let a_later = new[j..].iter().any(|x| alike(a, x));
                if a_later {
                    out.push(revised(Revision::Inserted, b, stats));
                    j += 1;
                } else {
                    out.push(revised(Revision::Deleted, a, stats));
                    i += 1;
                }
            }
            (Some(a), None) => {
                out.push(revised(Revision::Deleted, a, stats));
                i += 1;
            }
            (None, Some(b)) => {
                out.push(revised(Revision::Inserted, b, stats));
                j += 1;
            }
            (None, None) => break,
        }
    }
    out
}

/// Two blocks of the same kind, close enough to show as an edit.
fn alike(a: &Block, b: &Block) -> bool {
    if kind(a) != kind(b) {
        return false;
    }
    match (a, b) {
        (Block::Paragraph(_), Block::Paragraph(_)) | (Block::Code { .. }, Block::Code { .. }) => {
            similar::TextDiff::from_words(a.text().as_str(), b.text().as_str()).ratio() >= 0.4
        }
        (Block::Heading(x), Block::Heading(y)) => {
            x.level == y.level
                && similar::TextDiff::from_words(a.text().as_str(), b.text().as_str()).ratio()
                    >= 0.3
        }
        (Block::Callout(x), Block::Callout(y)) => x.kind == y.kind,
        (Block::Figure(x), Block::Figure(y)) => x.image.hash == y.image.hash,
        _ => true,
    }
}

/// A matched pair: the new block with its differences from the old marked
/// (or, when they cannot be compared, the old deleted and the new inserted).
fn pair(old: &Block, new: &Block, stats: &mut Stats) -> Vec<Block> {
    if same(old, new) {
        return vec![new.clone()];
    }
    let block = match (old, new) {
        (Block::Paragraph(a), Block::Paragraph(b)) => {
            let (content, c) = words::diff_inlines(&a.content, &b.content);
            stats.add(c);
            Block::Paragraph(Paragraph {
                content,
                provenance: b.provenance.clone(),
            })
        }
        (Block::Heading(a), Block::Heading(b)) if a.level == b.level => {
            let (content, c) = words::diff_inlines(&a.content, &b.content);
            stats.add(c);
            Block::Heading(Heading {
                content,
                ..b.clone()
            })
        }
        (Block::List(a), Block::List(b)) if a.start.is_some() == b.start.is_some() => {
            Block::List(List {
                start: b.start,
                items: diff_items(&a.items, &b.items, stats),
            })
        }
        (Block::Table(a), Block::Table(b)) => match table::diff_table(a, b, stats) {
            Some(t) => Block::Table(t),
            None => return replace(old, new, stats),
        },
        (Block::Callout(a), Block::Callout(b)) if a.kind == b.kind => {
            let mut c = b.clone();
            c.blocks = diff_blocks(&a.blocks, &b.blocks, stats);
            Block::Callout(c)
        }
        (Block::Section(a), Block::Section(b)) if a.landscape == b.landscape => {
            let mut s = b.clone();
            s.blocks = diff_blocks(&a.blocks, &b.blocks, stats);
            Block::Section(s)
        }
        (Block::Quote { blocks: a }, Block::Quote { blocks: b }) => Block::Quote {
            blocks: diff_blocks(a, b, stats),
        },
        (Block::Figure(a), Block::Figure(b)) if a.image.hash == b.image.hash => {
            let mut f = b.clone();
            if let (Some(ca), Some(cb)) = (&a.caption, &b.caption) {
                let (content, c) = words::diff_inlines(ca, cb);
                stats.add(c);
                f.caption = Some(content);
            }
            Block::Figure(f)
        }
        (Block::Cover(a), Block::Cover(b)) => {
            let mut c = b.clone();
            c.previous = Some(Box::new(a.clone()));
            stats.insertions += 1;
            stats.deletions += 1;
            Block::Cover(c)
        }
        (Block::Toc(_), Block::Toc(_)) | (Block::PageBreak, Block::PageBreak) => new.clone(),
        _ => return replace(old, new, stats),
    };
    vec![block]
}

fn replace(old: &Block, new: &Block, stats: &mut Stats) -> Vec<Block> {
    vec![
        revised(Revision::Deleted, old, stats),
        revised(Revision::Inserted, new, stats),
    ]
}

fn item_key(i: &ListItem) -> String {
    i.blocks
        .iter()
        .map(Block::text)
        .collect::<Vec<_>>()
        .join("\n")
}

fn diff_items(old: &[ListItem], new: &[ListItem], stats: &mut Stats) -> Vec<ListItem> {
    let whole = |revision: Revision, item: &ListItem, stats: &mut Stats| ListItem {
        blocks: item
            .blocks
            .iter()
            .map(|b| revised(revision, b, stats))
            .collect(),
    };
    let mut out = Vec::new();
    let both = |a: &ListItem, b: &ListItem, stats: &mut Stats| ListItem {
        blocks: diff_blocks(&a.blocks, &b.blocks, stats),
    };
    for step in align(old, new, item_key) {
        match step {
            Step::Same(a, b) => out.push(both(a, b, stats)),
            Step::Removed(a) => out.push(whole(Revision::Deleted, a, stats)),
            Step::Added(b) => out.push(whole(Revision::Inserted, b, stats)),
            Step::Changed(a, b) => {
                for pair in by_position(a, b) {
                    match pair {
                        (Some(x), Some(y)) => out.push(both(x, y, stats)),
                        (Some(x), None) => out.push(whole(Revision::Deleted, x, stats)),
                        (None, Some(y)) => out.push(whole(Revision::Inserted, y, stats)),
                        (None, None) => {}
                    }
                }
            }
        }
    }
    out
}
