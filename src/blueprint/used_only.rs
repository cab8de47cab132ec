//! Tables that keep only the rows a document uses: `table(sigles,
//! used_only="sigle", …)` lists an acronym only when it occurs in the rest
//! of the document.
//!
//! The template stage cannot know the finished text (a data table printed
//! later, a footnote, a heading), so the function records its request and
//! the build prunes the table on the document model, after Markdown,
//! typography and the cover: a row stays when the text of its `used_only`
//! column occurs as a whole word (not inside a longer word: « OIM » is not
//! found in « OIMA ») in any text of the model other than the pruned tables
//! themselves (body, headings, tables, captions, notes, callouts).

use crate::model::{Block, Document, Inline, Row, plain_text};

/// One `used_only` request: the rows as the function built them (to find
/// the table in the model) and the column to look up.
#[derive(Debug, Clone, PartialEq)]
pub struct UsedOnly {
    pub rows: Vec<Row>,
    pub column: usize,
}

/// Removes from each requested table of `model` the rows whose column text
/// does not occur elsewhere in the document. A table whose rows were all
/// removed keeps none (its header stays).
pub fn apply(model: &mut Document, requests: &[UsedOnly]) {
    if requests.is_empty() {
        return;
    }
    let is_request = |rows: &[Row]| requests.iter().any(|r| r.rows == rows);
    let mut text = String::new();
    for block in &mut model.blocks {
        collect_text(block, &is_request, &mut text);
    }
    for block in &mut model.blocks {
        prune(block, requests, &text);
    }
}

/// The text of `block`, one run per line, leaving out the requested tables.
fn collect_text(block: &mut Block, is_request: &dyn Fn(&[Row]) -> bool, out: &mut String) {
    match block {
        Block::Table(t) if is_request(&t.rows) => {}
        Block::Cover(c) => {
            let c = serde_json::to_value(&*c).unwrap_or_default();
            strings_of(&c, out);
        }
        Block::Revised { block, .. } => collect_text(block, is_request, out),
        Block::List(_) | Block::Callout(_) | Block::Quote { .. } | Block::Section(_) => {
            for list in block.child_lists_mut() {
                for b in list.iter_mut() {
                    collect_text(b, is_request, out);
                }
            }
        }
        other => other.for_each_text_run_mut(&mut |run: &mut Vec<Inline>| {
            out.push_str(&plain_text(run));
            out.push('\n');
        }),
    }
}

/// Every string of a JSON value (the cover's fields), one per line.
fn strings_of(v: &serde_json::Value, out: &mut String) {
    match v {
        serde_json::Value::String(s) => {
            out.push_str(s);
            out.push('\n');
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| strings_of(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| strings_of(x, out)),
        _ => {}
    }
}

fn prune(block: &mut Block, requests: &[UsedOnly], text: &str) {
    match block {
        Block::Table(t) => {
            if let Some(r) = requests.iter().find(|r| r.rows == t.rows) {
                t.rows.retain(|row| {
                    row.cells
                        .get(r.column)
                        .is_some_and(|c| occurs_as_word(text, plain_text(&c.content).trim()))
                });
            }
        }
        Block::Revised { block, .. } => prune(block, requests, text),
        _ => {
            for list in block.child_lists_mut() {
                for b in list.iter_mut() {
                    prune(b, requests, text);
                }
            }
        }
    }
}

/// Whether `word` occurs in `text` with no letter or digit just before or
/// just after it.
pub fn occurs_as_word(text: &str, word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::parse_markdown;
    use crate::model::{Cell, Provenance, Table};

    fn row(a: &str, b: &str) -> Row {
        Row::new(vec![
            Cell::new(vec![Inline::Text(a.into())], Provenance::default()),
            Cell::new(vec![Inline::Text(b.into())], Provenance::default()),
        ])
    }

    #[test]
    fn whole_words_only() {
        assert!(occurs_as_word("l’OIM et l'ONUDC", "OIM"));
        assert!(occurs_as_word("(MRN)", "MRN"));
        assert!(!occurs_as_word("OIMA", "OIM"));
        assert!(!occurs_as_word("la FDSX", "FDS"));
        assert!(occurs_as_word("TdP.", "TdP"));
    }

    #[test]
    fn keeps_the_rows_used_elsewhere_and_not_those_only_in_the_table() {
        let mut doc = parse_markdown(
            "# Rapport\n\nL'OIM appuie la BRTMTEH.\n\n- Un point sur le MRN[^n]\n\n[^n]: Voir la CEDEAO.\n",
        )
        .unwrap();
        let rows = vec![
            row("BRTMTEH", "Brigade de répression…"),
            row("CEDEAO", "Communauté économique…"),
            row("FDS", "Forces de défense et de sécurité, dont l'OIM"),
            row("MRN", "Mécanisme de référencement national"),
        ];
        doc.blocks.push(Block::Table(Table {
            rows: rows.clone(),
            ..Table::default()
        }));
        apply(&mut doc, &[UsedOnly { rows, column: 0 }]);
        let Some(Block::Table(t)) = doc.blocks.last() else {
            panic!("table")
        };
        let kept: Vec<String> = t
            .rows
            .iter()
            .map(|r| plain_text(&r.cells[0].content))
            .collect();
        // FDS appears only in the table (its own row); the others in the text.
        assert_eq!(kept, ["BRTMTEH", "CEDEAO", "MRN"]);
    }
}
