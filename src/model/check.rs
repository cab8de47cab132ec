//! Consistency checks on a finished document.

use super::{Block, Document, Inline, LineRef};
use std::collections::HashSet;

impl Document {
    /// Cross-references (`@tbl:x`) whose target does not exist, with the
    /// blueprint line of the block that holds them.
    pub fn unknown_refs(&self) -> Vec<(String, Option<LineRef>)> {
        let mut ids = HashSet::new();
        collect_ids(&self.blocks, &mut ids);
        let mut out = Vec::new();
        for block in &self.blocks {
            find_refs(block, None, &ids, &mut out);
        }
        out
    }
}

fn collect_ids(blocks: &[Block], ids: &mut HashSet<String>) {
    for block in blocks {
        match block {
            Block::Table(t) if t.caption.is_some() => {
                if let Some(id) = &t.id {
                    ids.insert(id.clone());
                }
            }
            Block::Callout(c) => collect_ids(&c.blocks, ids),
            Block::Quote { blocks } => collect_ids(blocks, ids),
            Block::List(l) => l.items.iter().for_each(|i| collect_ids(&i.blocks, ids)),
            _ => {}
        }
    }
}

fn find_refs(
    block: &Block,
    parent_line: Option<&LineRef>,
    ids: &HashSet<String>,
    out: &mut Vec<(String, Option<LineRef>)>,
) {
    let line = block
        .provenance()
        .and_then(|p| p.line.as_ref())
        .or(parent_line);
    match block {
        Block::Callout(c) => c.blocks.iter().for_each(|b| find_refs(b, line, ids, out)),
        Block::Quote { blocks } => blocks.iter().for_each(|b| find_refs(b, line, ids, out)),
        Block::List(l) => l
            .items
            .iter()
            .flat_map(|i| &i.blocks)
            .for_each(|b| find_refs(b, line, ids, out)),
        _ => {
            let mut copy = block.clone();
            copy.for_each_inline_mut(&mut |inline| {
                if let Inline::Ref(id) = inline
                    && !ids.contains(id.as_str())
                {
                    out.push((id.clone(), line.cloned()));
                }
            });
        }
    }
}

impl Block {
    /// The provenance of a block, for blocks that carry one.
    pub fn provenance(&self) -> Option<&super::Provenance> {
        match self {
            Block::Heading(h) => Some(&h.provenance),
            Block::Paragraph(p) => Some(&p.provenance),
            Block::Table(t) => Some(&t.provenance),
            Block::Callout(c) => Some(&c.provenance),
            Block::Code { provenance, .. } => Some(provenance),
            Block::List(_) | Block::Quote { .. } | Block::PageBreak => None,
        }
    }
}
