//! The rendered blueprint as plain Markdown (`trame build --markdown`): what
//! the template stage produced, markers removed, blocks built by functions
//! written as Markdown, so that other tools (Pandoc) can convert the very
//! same text.

use crate::blueprint::Rendered;
use crate::markers::{self, BLOCK_END, BLOCK_START, LINE_BREAK};
use crate::model::{Block, plain_text};

/// `image_path` gives, for an image's `src`, the path the Markdown file
/// refers to (images made while rendering are written beside it).
pub fn to_markdown(rendered: &Rendered, image_path: impl Fn(&str) -> String) -> String {
    let text = markers::unmark(
        &rendered
            .text
            .replace(LINE_BREAK, " ")
            .replace(BLOCK_START, "\u{1}")
            .replace(BLOCK_END, "\u{2}"),
    );
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(start) = rest.find('\u{1}') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let end = after.find('\u{2}').unwrap_or(after.len());
        if let Some(block) = after[..end]
            .parse::<usize>()
            .ok()
            .and_then(|i| rendered.blocks.get(i))
        {
            out.push_str(&block_markdown(block, &image_path));
        }
        rest = after.get(end + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn block_markdown(block: &Block, image_path: &impl Fn(&str) -> String) -> String {
    match block {
        Block::Table(t) => {
            let mut s = String::new();
            for row in t.header.iter().take(1) {
                let cells: Vec<String> = row
                    .cells
                    .iter()
                    .map(|c| cell(&plain_text(&c.content)))
                    .collect();
                s += &format!(
                    "| {} |\n|{}|\n",
                    cells.join(" | "),
                    vec!["---"; cells.len()].join("|")
                );
            }
            for row in &t.rows {
                let cells: Vec<String> = row
                    .cells
                    .iter()
                    .map(|c| cell(&plain_text(&c.content)))
                    .collect();
                s += &format!("| {} |\n", cells.join(" | "));
            }
            if let Some(caption) = &t.caption {
                s += &format!("\nTable: {}\n", plain_text(caption));
            }
            s
        }
        Block::Figure(f) => format!(
            "![{}]({})\n",
            f.caption
                .as_ref()
                .map(|c| plain_text(c))
                .unwrap_or_default(),
            image_path(&f.image.src)
        ),
        _ => String::new(),
    }
}
