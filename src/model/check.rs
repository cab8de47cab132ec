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
    for block in blocks.iter().flat_map(Block::descendants) {
        match block {
            Block::Table(t) if t.caption.is_some() => {
                ids.extend(t.id.clone());
            }
            Block::Figure(f) if f.caption.is_some() => {
                ids.extend(f.id.clone());
            }
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
    if matches!(
        block,
        Block::List(_) | Block::Callout(_) | Block::Quote { .. } | Block::Section(_)
    ) {
        block.children().for_each(|b| find_refs(b, line, ids, out));
        return;
    }
    for run in block.own_runs() {
        refs_in(run, line, ids, out);
    }
}

/// Unknown references in inlines, footnotes included.
fn refs_in(
    run: &[Inline],
    line: Option<&LineRef>,
    ids: &HashSet<String>,
    out: &mut Vec<(String, Option<LineRef>)>,
) {
    for inline in run {
        match inline {
            Inline::Ref(id) if !ids.contains(id.as_str()) => out.push((id.clone(), line.cloned())),
            Inline::Note(blocks) => blocks.iter().for_each(|b| find_refs(b, line, ids, out)),
            other => {
                if let Some(children) = other.children() {
                    refs_in(children, line, ids, out);
                }
            }
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
            Block::Figure(f) => Some(&f.provenance),
            Block::Revised { block, .. } => block.provenance(),
            Block::List(_)
            | Block::Quote { .. }
            | Block::PageBreak
            | Block::Toc(_)
            | Block::Section(_)
            | Block::Cover(_) => None,
        }
    }
}
