//! One change to a paragraph as a contiguous edit (characters `start..end`
//! of the text as received become `insert`), and where such an edit falls in
//! a source text that shows the same characters up to typography.

/// A contiguous edit of a text, in characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub insert: String,
}

/// The edit that turns `before` into `after`: what lies between their
/// common beginning and their common end. `None` when they are equal.
pub fn between(before: &str, after: &str) -> Option<Edit> {
    let a: Vec<char> = before.chars().collect();
    let b: Vec<char> = after.chars().collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let rest = a.len().min(b.len()) - prefix;
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(rest)
        .take_while(|(x, y)| x == y)
        .count();
    if prefix + suffix == a.len() && a.len() == b.len() {
        return None;
    }
    Some(Edit {
        start: prefix,
        end: a.len() - suffix,
        insert: b[prefix..b.len() - suffix].iter().collect(),
    })
}

/// Applies non-overlapping `edits` (positions in `text`, in characters).
pub fn apply(text: &str, edits: &[&Edit]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut sorted: Vec<&&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.start, e.end));
    let mut out = String::new();
    let mut at = 0;
    for e in sorted {
        out.extend(&chars[at..e.start.max(at)]);
        out.push_str(&e.insert);
        at = e.end.max(at);
    }
    out.extend(&chars[at.min(chars.len())..]);
    out
}

/// Whether two edits touch the same characters (two insertions at one
/// point count as overlapping: their order would be a guess).
pub fn overlap(a: &Edit, b: &Edit) -> bool {
    (a.start < b.end && b.start < a.end) || a.start == b.start
}

/// Fewest characters of context on each side of an edit located in a
/// source (fewer only where the paragraph has fewer).
pub const MIN_CONTEXT: usize = 8;

/// Folded characters: the same text up to typography (non-breaking spaces,
/// typographic apostrophes, case), one for one.
pub fn folded(s: &str) -> Vec<char> {
    s.chars().map(crate::review::align::fold).collect()
}

/// Every start (in characters) of `needle` in `hay`.
pub fn find_all(hay: &[char], needle: &[char]) -> Vec<usize> {
    if needle.is_empty() || needle.len() > hay.len() {
        return Vec::new();
    }
    (0..=hay.len() - needle.len())
        .filter(|&i| hay[i..i + needle.len()] == *needle)
        .collect()
}

/// Where `edit` (on `received`) falls in `source`, a text whose characters
/// show up in `received` as they are (a cell value, a blueprint line):
/// the edited characters with as much context on each side as still makes
/// one place of `source`, with at least [`MIN_CONTEXT`] characters (or all
/// there are) on each side, so that a short text is never matched by
/// chance elsewhere. Returns the edit moved to `source`'s positions,
/// `Err(true)` when several places match, `Err(false)` when none does.
pub fn locate(received: &str, edit: &Edit, source: &str) -> Result<Edit, bool> {
    const MAX_CONTEXT: usize = 30;
    let r = folded(received);
    let min_left = MIN_CONTEXT.min(edit.start);
    let min_right = MIN_CONTEXT.min(r.len() - edit.end);
    let s = folded(source);
    let mut best: Option<(usize, Edit)> = None;
    let mut ambiguous = false;
    for left in (min_left..=MAX_CONTEXT.min(edit.start)).rev() {
        for right in (min_right..=MAX_CONTEXT.min(r.len() - edit.end)).rev() {
            if best.as_ref().is_some_and(|(k, _)| *k >= left + right) {
                break;
            }
            let needle = &r[edit.start - left..edit.end + right];
            let hits = find_all(&s, needle);
            match hits.as_slice() {
                [at] => {
                    let start = at + left;
                    best = Some((
                        left + right,
                        Edit {
                            start,
                            end: start + (edit.end - edit.start),
                            insert: edit.insert.clone(),
                        },
                    ));
                }
                [] => {}
                _ => ambiguous = best.is_none(),
            }
        }
    }
    best.map(|(_, e)| e).ok_or(ambiguous)
}

/// The text to write into a source for what the reviewer typed: the spaces
/// trame's French typography adds (non-breaking, before `: ; ! ?` and inside
/// « ») are plain spaces in sources, and apostrophes follow the source's own
/// habit.
pub fn for_source(inserted: &str, source: &str) -> String {
    let typographic = source.contains('’');
    inserted
        .chars()
        .map(|c| match c {
            '\u{a0}' | '\u{202f}' => ' ',
            '’' if !typographic => '\'',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_is_what_lies_between_common_ends() {
        let e = between("le chat noir", "le gros chat noir").unwrap();
        assert_eq!((e.start, e.end, e.insert.as_str()), (3, 3, "gros "));
        let e = between("presque exclusivement sur", "exclusivement sur").unwrap();
        assert_eq!((e.start, e.end, e.insert.as_str()), (0, 8, ""));
        assert_eq!(between("même", "même"), None);
        let e = between("aa", "aaa").unwrap();
        assert_eq!(apply("aa", &[&e]), "aaa");
    }

    #[test]
    fn edits_apply_together_and_overlaps_are_seen() {
        let a = between("un deux trois", "un 2 trois").unwrap();
        let b = between("un deux trois", "un deux trois quatre").unwrap();
        assert_eq!(apply("un deux trois", &[&b, &a]), "un 2 trois quatre");
        assert!(!overlap(&a, &b));
        let c = between("un deux trois", "un deux 3").unwrap();
        assert!(overlap(&between("un deux trois", "un X").unwrap(), &c));
    }

    #[test]
    fn an_edit_is_found_in_its_source_up_to_typography() {
        let received = "Les dossiers reposent sur l’aveu\u{a0}: souvent.";
        let edit = between(
            received,
            "Les dossiers reposent surtout sur l’aveu\u{a0}: souvent.",
        )
        .unwrap();
        let line = "- Les dossiers reposent sur l'aveu : souvent.";
        let moved = locate(received, &edit, line).unwrap();
        assert_eq!(
            apply(line, &[&moved]),
            "- Les dossiers reposent surtout sur l'aveu : souvent."
        );
        // A text that the line does not show (an expression's value).
        let edit = between("Total : 12 cas.", "Total : 13 cas.").unwrap();
        assert_eq!(
            locate("Total : 12 cas.", &edit, "Total : {{ n }} cas."),
            Err(false)
        );
        assert_eq!(for_source("l’aveu\u{a0}:", "l'aveu"), "l'aveu :");
    }
}
