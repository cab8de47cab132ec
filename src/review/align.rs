//! Finding the source of each paragraph of a returned file.
//!
//! Reviewers work on a protected copy, so every edit is a tracked change and
//! the reject-all view of a paragraph is exactly what trame generated. Those
//! views are aligned with the generation manifest (longest common
//! subsequence over normalised texts): no marker in the file is needed.

use super::walk::Para;
use crate::docx::manifest::{Manifest, Unit};
use similar::{Algorithm, DiffOp, capture_diff_slices};

/// For each paragraph, the manifest unit it came from (or the nearest one
/// before it, for paragraphs the reviewer added).
pub fn align(manifest: &Manifest, paras: &[Para]) -> Vec<Option<usize>> {
    let mut out = vec![None; paras.len()];
    for part in ["document", "footnotes"] {
        let units: Vec<(usize, String)> = manifest
            .units
            .iter()
            .enumerate()
            .filter(|(_, u)| u.part == part)
            .map(|(i, u)| (i, normalise(&u.text)))
            .collect();
        let para_ix: Vec<(usize, String)> = paras
            .iter()
            .enumerate()
            .filter(|(_, p)| p.part == part)
            .map(|(i, p)| (i, normalise(&p.original)))
            .filter(|(_, t)| !t.is_empty())
            .collect();
        let a: Vec<&str> = units.iter().map(|(_, t)| t.as_str()).collect();
        let b: Vec<&str> = para_ix.iter().map(|(_, t)| t.as_str()).collect();
        for op in capture_diff_slices(Algorithm::Myers, &a, &b) {
            if let DiffOp::Equal {
                old_index,
                new_index,
                len,
            } = op
            {
                for k in 0..len {
                    out[para_ix[new_index + k].0] = Some(units[old_index + k].0);
                }
            }
        }
        // Added or changed paragraphs take the source of the one before.
        let mut last = None;
        for (i, p) in paras.iter().enumerate() {
            if p.part != part {
                continue;
            }
            match out[i] {
                Some(u) => last = Some(u),
                None => out[i] = last,
            }
        }
    }
    out
}

/// Text compared the same way on both sides: spaces of every kind folded,
/// apostrophes made plain.
pub fn normalise(s: &str) -> String {
    let mapped: String = s
        .chars()
        .map(|c| match c {
            '\u{A0}' | '\u{202F}' | '\t' | '\n' => ' ',
            '’' | '‘' => '\'',
            c => c,
        })
        .collect();
    mapped.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The source to edit for a change or comment in a paragraph: the workbook
/// cells whose values the concerned text falls in, else the blueprint line.
pub fn source_for(unit: &Unit, paragraph: &str, offset: usize, text: &str) -> String {
    // A table cell from data: the cell, whatever the edit.
    if let [cell] = unit.cells.as_slice()
        && normalise(&cell.value) == normalise(&unit.text)
    {
        return cell.at.to_string();
    }
    let para: Vec<char> = paragraph.chars().map(fold).collect();
    let text_norm = normalise(text);
    // The concerned span of the paragraph: the text itself when it stands
    // there (a comment, a deletion), else the point of an insertion.
    let concerned: Vec<char> = text.chars().map(fold).collect();
    let end = if para.get(offset..offset + concerned.len()) == Some(concerned.as_slice()) {
        offset + concerned.len()
    } else {
        offset
    };
    let mut hits = Vec::new();
    for cell in &unit.cells {
        let value: Vec<char> = cell.value.chars().map(fold).collect();
        if value.is_empty() {
            continue;
        }
        let value_str: String = value.iter().collect();
        // Every cell whose value the span touches: a comment on a sentence
        // made of several cells names all of them.
        let inside_by_position = find(&para, &value).is_some_and(|pos| {
            if end > offset {
                offset < pos + value.len() && end > pos
            } else {
                offset >= pos && offset <= pos + value.len()
            }
        });
        let inside_by_text = !text_norm.is_empty() && normalise(&value_str).contains(&text_norm);
        if inside_by_position || inside_by_text {
            hits.push(cell.at.to_string());
        }
    }
    if !hits.is_empty() {
        return hits.join(" ; ");
    }
    match (&unit.line, unit.cells.is_empty()) {
        (Some(line), _) => line.to_string(),
        (None, false) => unit
            .cells
            .iter()
            .map(|c| c.at.to_string())
            .collect::<Vec<_>>()
            .join(" ; "),
        (None, true) => String::new(),
    }
}

/// One character compared the same way on both sides: spaces of every kind,
/// apostrophes, and case (a value printed through `lower` or `upper` is still
/// found).
fn fold(c: char) -> char {
    match c {
        '\u{A0}' | '\u{202F}' => ' ',
        '’' | '‘' => '\'',
        c => {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) => l,
                _ => c,
            }
        }
    }
}

fn find(hay: &[char], needle: &[char]) -> Option<usize> {
    if needle.len() > hay.len() {
        return None;
    }
    (0..=hay.len() - needle.len()).find(|&i| hay[i..i + needle.len()] == *needle)
}
