//! Passes over the parsed blocks: footnote bodies and table captions.

use crate::model::{Block, Inline, plain_text};
use std::collections::HashMap;

/// Fills each footnote reference, in document order, with its definition.
pub fn resolve_notes(
    blocks: &mut [Block],
    order: &[String],
    notes: &mut HashMap<String, Vec<Block>>,
) {
    let mut next = order.iter();
    let mut fill = |inline: &mut Inline| {
        if let Inline::Note(body) = inline
            && body.is_empty()
            && let Some(label) = next.next()
        {
            *body = notes.get(label).cloned().unwrap_or_else(|| {
                vec![Block::Paragraph(crate::model::Paragraph {
                    content: vec![Inline::Text(format!("[note « {label} » non définie]"))],
                    provenance: Default::default(),
                })]
            });
        }
    };
    for block in blocks {
        block.for_each_inline_mut(&mut fill);
    }
}

/// Captions written as a paragraph `Tableau : légende {#tbl:id}` (or
/// `Table: …`) right after or right before a table become that table's caption.
pub fn attach_captions(blocks: &mut Vec<Block>) {
    let mut i = 0;
    while i < blocks.len() {
        if let Some((caption, id)) = caption_of(&blocks[i]) {
            let target = [i + 1, i.wrapping_sub(1)]
                .into_iter()
                .find(|&j| matches!(blocks.get(j), Some(Block::Table(t)) if t.caption.is_none()));
            if let Some(j) = target {
                if let Block::Table(t) = &mut blocks[j] {
                    t.caption = Some(caption);
                    if id.is_some() {
                        t.id = id;
                    }
                }
                blocks.remove(i);
                continue;
            }
        }
        for list in blocks[i].child_lists_mut() {
            attach_captions(list);
        }
        i += 1;
    }
}

fn caption_of(block: &Block) -> Option<(Vec<Inline>, Option<String>)> {
    let Block::Paragraph(p) = block else {
        return None;
    };
    let text = plain_text(&p.content);
    let prefix = ["Tableau :", "Tableau:", "Table:", "Table :"]
        .into_iter()
        .find(|pre| text.starts_with(pre))?;
    let mut content = p.content.clone();
    strip_prefix(&mut content, prefix.len());
    let mut id = None;
    if let Some(Inline::Text(last)) = content.last_mut()
        && let Some(open) = last.rfind("{#")
        && last.trim_end().ends_with('}')
    {
        id = Some(last[open + 2..last.trim_end().len() - 1].trim().to_string());
        last.truncate(open);
        *last = last.trim_end().to_string();
    }
    Some((content, id))
}

/// Removes the first `n` bytes of text from the start of the inlines.
fn strip_prefix(content: &mut Vec<Inline>, n: usize) {
    if let Some(Inline::Text(t)) = content.first_mut() {
        let cut = n.min(t.len());
        *t = t[cut..].trim_start().to_string();
        if t.is_empty() {
            content.remove(0);
        }
    }
}
