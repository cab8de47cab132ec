//! The containers a Markdown text opens (quotes, lists and their items,
//! fenced divs, footnote definitions), as a stack rather than by recursion,
//! at most [`MAX_DEPTH`] levels deep.

use super::build::Builder;
use super::limits::MAX_DEPTH;
use super::lines::DivAttrs;
use crate::model::*;

pub(super) enum ContainerKind {
    Root,
    Quote,
    Item,
    List {
        start: Option<u64>,
        items: Vec<ListItem>,
    },
    Div {
        attrs: DivAttrs,
        provenance: Provenance,
    },
    Footnote(String),
}

pub(super) struct Container {
    pub kind: ContainerKind,
    pub blocks: Vec<Block>,
}

impl Builder<'_> {
    /// Opens a container; refuses it (and opens nothing) past [`MAX_DEPTH`].
    pub(super) fn push_container(&mut self, kind: ContainerKind) {
        if counts_as_level(&kind) {
            if self.depth >= MAX_DEPTH {
                self.refuse(super::limits::too_deep_blocks);
                return;
            }
            self.depth += 1;
        }
        self.containers.push(Container {
            kind,
            blocks: Vec::new(),
        });
    }

    pub(super) fn close_container(&mut self) {
        if self.containers.len() <= 1 {
            return;
        }
        self.finish_implicit_leaf();
        let Some(container) = self.containers.pop() else {
            return;
        };
        if counts_as_level(&container.kind) {
            self.depth -= 1;
        }
        let blocks = container.blocks;
        match container.kind {
            ContainerKind::Root => {}
            ContainerKind::Quote => self.push_block(Block::Quote { blocks }),
            ContainerKind::Item => {
                if let Some(Container {
                    kind: ContainerKind::List { items, .. },
                    ..
                }) = self.containers.last_mut()
                {
                    items.push(ListItem { blocks });
                }
            }
            ContainerKind::List { start, items } => {
                self.push_block(Block::List(List { start, items }))
            }
            ContainerKind::Div { attrs, .. }
                if attrs
                    .classes
                    .iter()
                    .any(|c| c == "paysage" || c == "landscape") =>
            {
                self.push_block(Block::Section(Section {
                    landscape: true,
                    blocks,
                }));
            }
            ContainerKind::Div { attrs, provenance } => {
                let kind = attrs
                    .classes
                    .first()
                    .cloned()
                    .unwrap_or_else(|| "encadre".into());
                let title = attrs
                    .get("titre")
                    .or(attrs.get("title"))
                    .map(str::to_string);
                self.push_block(Block::Callout(Callout {
                    kind,
                    title,
                    blocks,
                    provenance,
                }));
            }
            ContainerKind::Footnote(label) => {
                self.notes.insert(label, blocks);
            }
        }
    }
}

/// Quotes, lists, fenced divs and footnotes are levels; list items are not
/// (an item is the inside of its list).
fn counts_as_level(kind: &ContainerKind) -> bool {
    !matches!(kind, ContainerKind::Root | ContainerKind::Item)
}
