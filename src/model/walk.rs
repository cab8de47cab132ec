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
            Block::Figure(fig) => {
                if let Some(c) = &mut fig.caption {
                    visit_run(c, f);
                }
            }
            Block::List(_) | Block::Callout(_) | Block::Quote { .. } | Block::Section(_) => {
                for list in self.child_lists_mut() {
                    list.iter_mut().for_each(|b| b.for_each_text_run_mut(f));
                }
            }
            Block::Revised { block, .. } => block.for_each_text_run_mut(f),
            Block::Code { .. } | Block::PageBreak | Block::Toc(_) | Block::Cover(_) => {}
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
    if let Inline::Note(blocks) = inline {
        blocks.iter_mut().for_each(|b| b.for_each_text_run_mut(f));
    } else if let Some(children) = inline.children_mut() {
        children.iter_mut().for_each(|i| visit_notes(i, f));
    }
}

fn visit_inline(inline: &mut Inline, f: &mut dyn FnMut(&mut Inline)) {
    f(inline);
    if let Some(children) = inline.children_mut() {
        children.iter_mut().for_each(|i| visit_inline(i, f));
    }
}

impl Inline {
    /// The inlines nested in this one (emphasis, link text, revised text).
    pub fn children(&self) -> Option<&Vec<Inline>> {
        match self {
            Inline::Emph(c) | Inline::Strong(c) | Inline::Strikeout(c) | Inline::Superscript(c) => {
                Some(c)
            }
            Inline::Link { content, .. }
            | Inline::Revised { content, .. }
            | Inline::Restyled { content, .. } => Some(content),
            _ => None,
        }
    }

    pub fn children_mut(&mut self) -> Option<&mut Vec<Inline>> {
        match self {
            Inline::Emph(c) | Inline::Strong(c) | Inline::Strikeout(c) | Inline::Superscript(c) => {
                Some(c)
            }
            Inline::Link { content, .. }
            | Inline::Revised { content, .. }
            | Inline::Restyled { content, .. } => Some(content),
            _ => None,
        }
    }
}

impl Block {
    /// The runs of inlines this block holds itself (not its children's):
    /// a paragraph's or heading's content, a table's caption and cells, a
    /// figure's caption.
    pub fn own_runs(&self) -> Vec<&[Inline]> {
        match self {
            Block::Heading(h) => vec![&h.content],
            Block::Paragraph(p) => vec![&p.content],
            Block::Table(t) => t
                .caption
                .iter()
                .map(Vec::as_slice)
                .chain(
                    t.header
                        .iter()
                        .chain(&t.rows)
                        .flat_map(|r| r.cells.iter().map(|c| c.content.as_slice())),
                )
                .collect(),
            Block::Figure(f) => f.caption.iter().map(Vec::as_slice).collect(),
            _ => Vec::new(),
        }
    }

    /// The blocks nested directly inside this one (list items' blocks, a
    /// callout's, a quote's, a section's), in order.
    pub fn children(&self) -> Box<dyn Iterator<Item = &Block> + '_> {
        match self {
            Block::List(l) => Box::new(l.items.iter().flat_map(|i| i.blocks.iter())),
            Block::Callout(c) => Box::new(c.blocks.iter()),
            Block::Quote { blocks } => Box::new(blocks.iter()),
            Block::Section(s) => Box::new(s.blocks.iter()),
            Block::Revised { block, .. } => Box::new(std::iter::once(block.as_ref())),
            _ => Box::new(std::iter::empty()),
        }
    }

    /// The lists of blocks nested directly inside this one, mutably.
    pub fn child_lists_mut(&mut self) -> Vec<&mut Vec<Block>> {
        match self {
            Block::List(l) => l.items.iter_mut().map(|i| &mut i.blocks).collect(),
            Block::Callout(c) => vec![&mut c.blocks],
            Block::Quote { blocks } => vec![blocks],
            Block::Section(s) => vec![&mut s.blocks],
            _ => Vec::new(),
        }
    }

    /// This block and every block nested in it, depth first, in document order.
    pub fn descendants(&self) -> Vec<&Block> {
        let mut out = vec![self];
        for child in self.children() {
            out.extend(child.descendants());
        }
        out
    }
}

impl super::Document {
    /// Every image of the document (figures and the cover logo), mutably.
    pub fn images_mut(&mut self) -> Vec<&mut super::Image> {
        fn walk<'a>(blocks: &'a mut [Block], out: &mut Vec<&'a mut super::Image>) {
            for block in blocks {
                match block {
                    Block::Figure(f) => out.push(&mut f.image),
                    Block::Cover(c) => out.extend(c.logo.as_mut()),
                    other => {
                        for list in other.child_lists_mut() {
                            walk(list, out);
                        }
                    }
                }
            }
        }
        let mut out = Vec::new();
        walk(&mut self.blocks, &mut out);
        out
    }
}
