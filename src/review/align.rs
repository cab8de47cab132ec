//! Finding the source of each paragraph of a returned file.
//!
//! Reviewers work on a protected copy, so every edit is a tracked change and
//! the reject-all view of a paragraph is exactly what trame generated. Those
//! views are aligned with the generation manifest (longest common
//! subsequence over normalised texts): no marker in the file is needed.

use super::walk::Para;
use crate::model::manifest::{Manifest, Unit};
use similar::{Algorithm, DiffOp, capture_diff_slices};
use std::collections::HashMap;

/// Beyond this many paragraphs and units left once the common beginning
/// and end are set aside, Myers' diff (quadratic at worst) gives way to an
/// alignment on texts that occur once on each side (n log n).
const MAX_DIFF_ITEMS: usize = 10_000;

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
            .filter(|(_, p)| &*p.part == part)
            .map(|(i, p)| (i, normalise(&p.original)))
            .filter(|(_, t)| !t.is_empty())
            .collect();
        let a: Vec<&str> = units.iter().map(|(_, t)| t.as_str()).collect();
        let b: Vec<&str> = para_ix.iter().map(|(_, t)| t.as_str()).collect();
        for (ua, pb) in matches(&a, &b) {
            out[para_ix[pb].0] = Some(units[ua].0);
        }
        // Added or changed paragraphs take the source of the one before.
        let mut last = None;
        for (i, p) in paras.iter().enumerate() {
            if &*p.part != part {
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

/// Pairs of equal items `(index in a, index in b)`, in increasing order on
/// both sides.
pub(crate) fn matches(a: &[&str], b: &[&str]) -> Vec<(usize, usize)> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let mut pairs: Vec<(usize, usize)> = (0..prefix).map(|i| (i, i)).collect();
    let (mid_a, mid_b) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    if mid_a.len() + mid_b.len() <= MAX_DIFF_ITEMS {
        for op in capture_diff_slices(Algorithm::Myers, mid_a, mid_b) {
            if let DiffOp::Equal {
                old_index,
                new_index,
                len,
            } = op
            {
                pairs.extend((0..len).map(|k| (prefix + old_index + k, prefix + new_index + k)));
            }
        }
    } else {
        pairs.extend(
            unique_matches(mid_a, mid_b)
                .into_iter()
                .map(|(i, j)| (prefix + i, prefix + j)),
        );
    }
    pairs.extend((0..suffix).map(|k| (a.len() - suffix + k, b.len() - suffix + k)));
    pairs
}

/// Texts that occur once in `a` and once in `b`, kept where they are in the
/// same order on both sides (longest increasing subsequence), each followed
/// by the equal items after it.
fn unique_matches(a: &[&str], b: &[&str]) -> Vec<(usize, usize)> {
    // Occurrences in a and in b, and the index in b of the last one.
    let mut seen: HashMap<&str, (usize, usize, usize)> = HashMap::new();
    for t in a {
        seen.entry(t).or_insert((0, 0, 0)).0 += 1;
    }
    for (j, t) in b.iter().enumerate() {
        if let Some(e) = seen.get_mut(t) {
            e.1 += 1;
            e.2 = j;
        }
    }
    let b_index: HashMap<&str, usize> = seen
        .into_iter()
        .filter(|(_, (in_a, in_b, _))| *in_a == 1 && *in_b == 1)
        .map(|(t, (_, _, j))| (t, j))
        .collect();
    let candidates: Vec<(usize, usize)> = a
        .iter()
        .enumerate()
        .filter_map(|(i, t)| b_index.get(t).map(|&j| (i, j)))
        .collect();
    let mut out = Vec::new();
    let mut next = (0, 0);
    for (i, j) in longest_increasing(&candidates) {
        if i < next.0 || j < next.1 {
            continue;
        }
        let run = a[i..]
            .iter()
            .zip(&b[j..])
            .take_while(|(x, y)| x == y)
            .count();
        out.extend((0..run).map(|k| (i + k, j + k)));
        next = (i + run, j + run);
    }
    out
}

/// The longest subsequence of `pairs` (increasing in their first item)
/// whose second items increase too (patience sorting).
fn longest_increasing(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut tails: Vec<usize> = Vec::new();
    let mut previous: Vec<Option<usize>> = vec![None; pairs.len()];
    for (k, &(_, j)) in pairs.iter().enumerate() {
        let at = tails.partition_point(|&t| pairs[t].1 < j);
        previous[k] = at.checked_sub(1).map(|p| tails[p]);
        if at == tails.len() {
            tails.push(k);
        } else {
            tails[at] = k;
        }
    }
    let mut out = Vec::new();
    let mut cur = tails.last().copied();
    while let Some(k) = cur {
        out.push(pairs[k]);
        cur = previous[k];
    }
    out.reverse();
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

/// A manifest unit's cells, located once in the paragraph they came from,
/// so that each comment or change in it costs a pass over its cells only.
pub struct Located {
    /// A table cell from data: the cell, whatever the edit.
    whole: Option<String>,
    /// Each cell with a value: its reference, where it is (characters from,
    /// length), its normalised value.
    cells: Vec<CellSpan>,
    /// The blueprint line, or every cell, when no cell holds the text.
    fallback: String,
    /// The paragraph, folded, to tell how far a comment's span reaches.
    para: Vec<char>,
}

type CellSpan = (String, Option<(usize, usize)>, String);

/// Locates `unit`'s cells in `paragraph` (the reject-all text).
pub fn locate(unit: &Unit, paragraph: &str) -> Located {
    if let [cell] = unit.cells.as_slice()
        && normalise(&cell.value) == normalise(&unit.text)
    {
        return Located {
            whole: Some(cell.at.to_string()),
            cells: Vec::new(),
            fallback: String::new(),
            para: Vec::new(),
        };
    }
    let para: String = paragraph.chars().map(fold).collect();
    let cells = unit
        .cells
        .iter()
        .filter(|cell| !cell.value.is_empty())
        .map(|cell| {
            let value: String = cell.value.chars().map(fold).collect();
            let span = para
                .find(&value)
                .map(|byte| (para[..byte].chars().count(), value.chars().count()));
            (cell.at.to_string(), span, normalise(&value))
        })
        .collect();
    let fallback = match (&unit.line, unit.cells.is_empty()) {
        (Some(line), _) => line.to_string(),
        (None, false) => unit
            .cells
            .iter()
            .map(|c| c.at.to_string())
            .collect::<Vec<_>>()
            .join(" ; "),
        (None, true) => String::new(),
    };
    Located {
        whole: None,
        cells,
        fallback,
        para: para.chars().collect(),
    }
}

/// The source to edit for a change or comment at `offset` (characters) of
/// a located paragraph, about `text`: the workbook cells whose values the
/// concerned text falls in, else the blueprint line.
pub fn source_for(located: &Located, offset: usize, text: &str) -> String {
    if let Some(cell) = &located.whole {
        return cell.clone();
    }
    let text_norm = normalise(text);
    // The concerned span of the paragraph: the text itself when it stands
    // there (a comment, a deletion), else the point of an insertion.
    let concerned: Vec<char> = text.chars().map(fold).collect();
    let end = if located.para.get(offset..offset + concerned.len()) == Some(concerned.as_slice()) {
        offset + concerned.len()
    } else {
        offset
    };
    let hits: Vec<&str> = located
        .cells
        .iter()
        .filter(|(_, span, value)| {
            // Every cell whose value the span touches: a comment on a
            // sentence made of several cells names all of them.
            let inside_by_position = span.is_some_and(|(pos, len)| {
                if end > offset {
                    offset < pos + len && end > pos
                } else {
                    offset >= pos && offset <= pos + len
                }
            });
            let inside_by_text = !text_norm.is_empty() && value.contains(&text_norm);
            inside_by_position || inside_by_text
        })
        .map(|(at, _, _)| at.as_str())
        .collect();
    if hits.is_empty() {
        located.fallback.clone()
    } else {
        hits.join(" ; ")
    }
}

/// One character compared the same way on both sides: spaces of every kind,
/// apostrophes, and case (a value printed through `lower` or `upper` is still
/// found).
pub(crate) fn fold(c: char) -> char {
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
