//! Aligning two sequences (blocks, list items, rows, words) by key with a
//! patience diff, as steps the diffs above act on.

use similar::{Algorithm, DiffOp, capture_diff_slices};

/// One step of an alignment of `old` with `new`.
pub enum Step<'a, T> {
    /// Same key on both sides.
    Same(&'a T, &'a T),
    Removed(&'a T),
    Added(&'a T),
    /// A run of old elements replaced by a run of new ones.
    Changed(&'a [T], &'a [T]),
}

pub fn align<'a, T>(old: &'a [T], new: &'a [T], key: impl Fn(&T) -> String) -> Vec<Step<'a, T>> {
    let ka: Vec<String> = old.iter().map(&key).collect();
    let kb: Vec<String> = new.iter().map(&key).collect();
    let mut steps = Vec::new();
    for op in capture_diff_slices(Algorithm::Patience, &ka, &kb) {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => (0..len)
                .for_each(|k| steps.push(Step::Same(&old[old_index + k], &new[new_index + k]))),
            DiffOp::Delete {
                old_index, old_len, ..
            } => old[old_index..old_index + old_len]
                .iter()
                .for_each(|x| steps.push(Step::Removed(x))),
            DiffOp::Insert {
                new_index, new_len, ..
            } => new[new_index..new_index + new_len]
                .iter()
                .for_each(|x| steps.push(Step::Added(x))),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => steps.push(Step::Changed(
                &old[old_index..old_index + old_len],
                &new[new_index..new_index + new_len],
            )),
        }
    }
    steps
}

/// The elements of a changed run paired by position; the longer side's
/// extra elements come alone.
pub fn by_position<'a, T>(
    a: &'a [T],
    b: &'a [T],
) -> impl Iterator<Item = (Option<&'a T>, Option<&'a T>)> {
    (0..a.len().max(b.len())).map(move |k| (a.get(k), b.get(k)))
}
