//! Visiting the text of a document, for transformations such as typography.

use super::{Block, Inline};

impl Block {
    /// Calls `f` on every run of inlines that forms one piece of running text
    /// (a paragraph, a heading, a table cell, a caption), in document order.
    /// Footnote bodies are visited after the run that holds them.
    pub fn for_each_text_run_mut(&mut self, f: &mut dyn FnMut(&mut Vec<Inline>)) {
        match self {
            Block::Heading(h) => visit_run(&mut h.content, f),
            Block::Paragraph(p) => visit_run(&mut p.content, f),
            Block::List(l) => l
                .items
                .iter_mut()
                .flat_map(|i| i.blocks.iter_mut())
                .for_each(|b| b.for_each_text_run_mut(f)),
            Block::Table(t) => {
                if let Some(c) = &mut t.caption {
                    visit_run(c, f);
                }
                for row in t.header.iter_mut().chain(t.rows.iter_mut()) {
                    for cell in &mut row.cells {
                        visit_run(&mut cell.content, f);
                    }
                }
            }
            Block::Callout(c) => c.blocks.iter_mut().for_each(|b| b.for_each_text_run_mut(f)),
            Block::Quote { blocks } => blocks.iter_mut().for_each(|b| b.for_each_text_run_mut(f)),
            Block::Code { .. } | Block::PageBreak => {}
        }
    }

    /// Calls `f` on every inline, parents before children, in document order.
    pub fn for_each_inline_mut(&mut self, f: &mut dyn FnMut(&mut Inline)) {
        self.for_each_text_run_mut(&mut |run| run.iter_mut().for_each(|i| visit_inline(i, f)));
    }
}

fn visit_run(run: &mut Vec<Inline>, f: &mut dyn FnMut(&mut Vec<Inline>)) {
    f(run);
    for inline in run.iter_mut() {
        visit_notes(inline, f);
    }
}

fn visit_notes(inline: &mut Inline, f: &mut dyn FnMut(&mut Vec<Inline>)) {
    match inline {
        Inline::Note(blocks) => blocks.iter_mut().for_each(|b| b.for_each_text_run_mut(f)),
        Inline::Emph(c) | Inline::Strong(c) | Inline::Strikeout(c) | Inline::Superscript(c) => {
            c.iter_mut().for_each(|i| visit_notes(i, f))
        }
        Inline::Link { content, .. } => content.iter_mut().for_each(|i| visit_notes(i, f)),
        _ => {}
    }
}

fn visit_inline(inline: &mut Inline, f: &mut dyn FnMut(&mut Inline)) {
    f(inline);
    match inline {
        Inline::Emph(c) | Inline::Strong(c) | Inline::Strikeout(c) | Inline::Superscript(c) => {
            c.iter_mut().for_each(|i| visit_inline(i, f))
        }
        Inline::Link { content, .. } => content.iter_mut().for_each(|i| visit_inline(i, f)),
        _ => {}
    }
}
