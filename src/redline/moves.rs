//! Moves: a paragraph, heading or list that left one place and appears
//! unchanged at another is a move (Word's `w:moveFrom`/`w:moveTo`), not a
//! deletion plus an insertion. Only whole blocks made of paragraphs move
//! (a table's rows cannot be marked as moved), only blocks long enough not
//! to be a coincidence, and only when their text is unique among what left
//! and among what arrived. Blocks holding a field (a cross-reference) or a
//! note are not moved: LibreOffice 7.4, accepting or rejecting such a move,
//! leaves an empty paragraph behind (checked by tests/redline_external.rs),
//! so they stay a deletion plus an insertion.

use super::align::Step;
use crate::model::{Block, Inline};
use std::collections::HashMap;

/// The move number of each block that moved, on either side, by address.
#[derive(Default)]
pub struct Moves {
    numbers: HashMap<*const Block, u32>,
}

impl Moves {
    /// Finds the moves among the steps of an alignment; numbers them from
    /// `first`.
    pub fn find(steps: &[Step<'_, Block>], first: u32) -> Moves {
        let mut gone: HashMap<String, Vec<&Block>> = HashMap::new();
        let mut came: HashMap<String, Vec<&Block>> = HashMap::new();
        for step in steps {
            let (old, new): (&[Block], &[Block]) = match step {
                Step::Removed(a) => (std::slice::from_ref(*a), &[]),
                Step::Added(b) => (&[], std::slice::from_ref(*b)),
                Step::Changed(a, b) => (a, b),
                Step::Same(..) => continue,
            };
            for b in old.iter().filter(|b| movable(b)) {
                gone.entry(super::key(b)).or_default().push(b);
            }
            for b in new.iter().filter(|b| movable(b)) {
                came.entry(super::key(b)).or_default().push(b);
            }
        }
        let mut pairs: Vec<(&Block, &Block)> = gone
            .iter()
            .filter_map(
                |(key, olds)| match (olds.as_slice(), came.get(key)?.as_slice()) {
                    ([a], [b]) if super::same(a, b) => Some((*a, *b)),
                    _ => None,
                },
            )
            .collect();
        // Numbered in the order the moved blocks arrive (HashMap order is not stable).
        pairs.sort_by_key(|(_, b)| *b as *const Block as usize);
        let mut moves = Moves::default();
        for (n, (a, b)) in pairs.into_iter().enumerate() {
            let n = first + n as u32;
            moves.numbers.insert(a as *const Block, n);
            moves.numbers.insert(b as *const Block, n);
        }
        moves
    }

    /// The move number of a block, if it moved.
    pub fn of(&self, b: &Block) -> Option<u32> {
        self.numbers.get(&(b as *const Block)).copied()
    }

    pub fn count(&self) -> usize {
        self.numbers.len() / 2
    }
}

/// Blocks written as paragraphs only, without fields or notes, with at
/// least three words.
fn movable(b: &Block) -> bool {
    fn plain(inlines: &[Inline]) -> bool {
        inlines.iter().all(|i| match i {
            Inline::Ref(_) | Inline::Note(_) => false,
            other => other.children().is_none_or(|c| plain(c)),
        })
    }
    fn paragraphs_only(b: &Block) -> bool {
        match b {
            Block::Paragraph(_) | Block::Heading(_) => b.own_runs().iter().all(|r| plain(r)),
            Block::Code { .. } => true,
            Block::List(_) | Block::Quote { .. } => b.children().all(paragraphs_only),
            _ => false,
        }
    }
    paragraphs_only(b) && b.text().split_whitespace().count() >= 3
}
