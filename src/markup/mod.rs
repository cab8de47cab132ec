//! The markup stage: rendered Markdown → document model.
//!
//! CommonMark with pipe tables, footnotes and heading attributes
//! (pulldown-cmark), plus Pandoc's fenced divs for callout boxes, `\newpage`,
//! `Tableau : légende {#tbl:id}` captions and `@tbl:id` cross-references.
//! Every block and table cell gets the blueprint line it came from and the
//! workbook cells whose values it shows.

mod build;
mod containers;
mod export;
mod inlines;
mod limits;
mod lines;
mod post;

pub use export::to_markdown;
pub use limits::{MAX_DEPTH, MAX_INLINE_DEPTH};
pub use lines::DivAttrs;

use crate::blueprint::Rendered;
use crate::model::Document;

/// Parses a rendered blueprint into the document model. Text nested deeper
/// than [`MAX_DEPTH`] quotes, lists or fenced divs (or [`MAX_INLINE_DEPTH`]
/// emphasis marks, links or images) is refused with its blueprint line.
pub fn parse(rendered: Rendered) -> crate::diag::Result<Document> {
    let rendered = Rendered {
        assets: Default::default(),
        ..rendered
    };
    let prepared = lines::prepare(&rendered.text, &rendered.files);
    limits::prescan(&prepared, &rendered.files)?;
    let mut blocks =
        build::Builder::new(&prepared, &rendered.files, &rendered.cells, rendered.blocks).run()?;
    post::attach_captions(&mut blocks);
    Ok(Document { blocks })
}

/// Parses plain Markdown (no template stage), e.g. for tests.
pub fn parse_markdown(text: &str) -> crate::diag::Result<Document> {
    parse(Rendered {
        text: text.to_string(),
        ..Rendered::default()
    })
}

#[cfg(test)]
mod tests {
    use super::parse_markdown;
    use crate::model::{Block, Inline};

    #[test]
    fn unnumbered_headings() {
        let doc =
            parse_markdown("# Résumé {-}\n\n# Annexes {.unnumbered}\n\n# Contexte {#sec:ctx}\n")
                .expect("parses");
        let flags: Vec<(bool, String)> = doc
            .blocks
            .iter()
            .map(|b| match b {
                Block::Heading(h) => (h.numbered, crate::model::plain_text(&h.content)),
                _ => panic!("heading expected"),
            })
            .collect();
        assert_eq!(
            flags,
            vec![
                (false, "Résumé".to_string()),
                (false, "Annexes".to_string()),
                (true, "Contexte".to_string())
            ]
        );
    }

    #[test]
    fn divs_page_breaks_and_captions() {
        let md = "::: {.encadre titre=\"Note au formateur\"}\nTexte **gras**.\n\n- a\n- b\n:::\n\\newpage\n\n| A | B |\n|---|--:|\n| 1 | 2 |\n\nTableau : Légende {#tbl:x}\n\nVoir @tbl:x.\n";
        let doc = parse_markdown(md).expect("parses");
        assert!(
            matches!(&doc.blocks[0], Block::Callout(c) if c.kind == "encadre" && c.title.as_deref() == Some("Note au formateur") && c.blocks.len() == 2)
        );
        assert_eq!(doc.blocks[1], Block::PageBreak);
        let Block::Table(t) = &doc.blocks[2] else {
            panic!("table expected")
        };
        assert_eq!(t.id.as_deref(), Some("tbl:x"));
        assert_eq!(t.caption, Some(vec![Inline::Text("Légende".into())]));
        assert_eq!(t.columns[1].align, crate::model::Align::Right);
        assert!(
            matches!(&doc.blocks[3], Block::Paragraph(p) if p.content.contains(&Inline::Ref("tbl:x".into())))
        );
    }

    #[test]
    fn lists_nest_and_footnotes_resolve() {
        let md = "1. un\n2. deux\n   - a\n   - b\n\nTexte[^n].\n\n[^n]: La note.\n";
        let doc = parse_markdown(md).expect("parses");
        let Block::List(l) = &doc.blocks[0] else {
            panic!("list expected")
        };
        assert_eq!(l.start, Some(1));
        assert_eq!(l.items.len(), 2);
        assert!(
            matches!(&l.items[1].blocks[1], Block::List(inner) if inner.start.is_none() && inner.items.len() == 2)
        );
        let Block::Paragraph(p) = &doc.blocks[1] else {
            panic!("paragraph expected")
        };
        assert!(matches!(&p.content[1], Inline::Note(b) if b[0].text() == "La note.\n"));
    }
}
