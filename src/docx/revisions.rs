//! The revision state the writer carries (redlines), as Pandoc's writer
//! carries "in deletion": whoever writes a paragraph mark, a row or a run
//! asks the [`Tracker`] what it is inside of (an insertion, a deletion, one
//! half of a move) and writes the markup for it directly: `w:ins`, `w:del`
//! with `w:delText`, `w:moveFrom`/`w:moveTo` and their named ranges,
//! `w:rPrChange`. Nothing already written is ever rewritten.
//!
//! All revisions and move ranges share one id counter, in writing order.

use super::xml;
use crate::model::Revision;

/// Who made the changes of a redline, and when (never the clock).
#[derive(Debug, Clone)]
pub struct RevisionAuthor {
    pub author: String,
    /// W3C date-time, e.g. `2024-05-10T00:00:00Z`.
    pub date: String,
}

/// The revision state of what is being written, and the id counter.
#[derive(Debug, Default)]
pub struct Tracker {
    author: Option<RevisionAuthor>,
    next_id: u32,
    /// What the content being written now is inside of.
    state: Option<Revision>,
}

impl Tracker {
    pub fn new(author: Option<RevisionAuthor>) -> Self {
        Tracker {
            author,
            next_id: 0,
            state: None,
        }
    }

    /// The current state.
    pub fn state(&self) -> Option<Revision> {
        self.state
    }

    /// Enters `revision` (none keeps the enclosing state); returns the state
    /// to give back to [`Tracker::leave`].
    pub fn enter(&mut self, revision: Option<Revision>) -> Option<Revision> {
        let outer = self.state;
        if revision.is_some() {
            self.state = revision;
        }
        outer
    }

    /// Leaves a state entered with [`Tracker::enter`].
    pub fn leave(&mut self, outer: Option<Revision>) {
        self.state = outer;
    }

    /// Sets the state for a stretch that must not be marked (a field's
    /// begin and end characters that span paragraphs).
    pub fn set(&mut self, state: Option<Revision>) -> Option<Revision> {
        std::mem::replace(&mut self.state, state)
    }

    /// True while writing deleted text (`w:delText`, `w:delInstrText`).
    pub fn deleting(&self) -> bool {
        self.state == Some(Revision::Deleted)
    }

    /// True while writing what accept-all drops (not visible text of the
    /// accepted document, hence not in the manifest).
    pub fn removing(&self) -> bool {
        self.state.is_some_and(Revision::is_removal)
    }

    /// `w:id`, `w:author` and `w:date` of a new revision.
    pub fn attrs(&mut self) -> String {
        self.next_id += 1;
        let (author, date) = match &self.author {
            Some(r) => (r.author.as_str(), r.date.as_str()),
            None => ("trame", "2000-01-01T00:00:00Z"),
        };
        format!(
            "w:id=\"{}\" w:author=\"{}\" w:date=\"{}\"",
            self.next_id,
            xml::attr(author),
            xml::attr(date)
        )
    }

    /// The empty element marking a paragraph mark with the current state
    /// (`w:ins`, `w:del`, `w:moveFrom`, `w:moveTo`), if any.
    pub fn paragraph_mark(&mut self) -> Option<String> {
        let state = self.state?;
        Some(format!("<w:{} {}/>", tag(state), self.attrs()))
    }

    /// The element marking a table row as inserted or deleted (`w:trPr`
    /// holds only `w:ins` and `w:del`: a moved row is a deleted one here
    /// and an inserted one there).
    pub fn row_mark(&mut self) -> Option<String> {
        let tag = match self.state? {
            r if r.is_removal() => "del",
            _ => "ins",
        };
        Some(format!("<w:{tag} {}/>", self.attrs()))
    }

    /// The opening tag of the run wrapper for the current state.
    pub fn open_wrapper(&mut self) -> Option<(Revision, String)> {
        let state = self.state?;
        Some((state, format!("<w:{} {}>", tag(state), self.attrs())))
    }

    /// The start of a move's named range (`w:moveFromRangeStart` or
    /// `w:moveToRangeStart`) and the id its end repeats.
    pub fn move_range_start(&mut self, revision: Revision) -> Option<(String, u32)> {
        let (kind, name) = match revision {
            Revision::MovedFrom(n) => ("moveFrom", n),
            Revision::MovedTo(n) => ("moveTo", n),
            _ => return None,
        };
        let attrs = self.attrs();
        Some((
            format!("<w:{kind}RangeStart {attrs} w:name=\"move{name}\"/>"),
            self.next_id,
        ))
    }
}

/// The end of a move's named range.
pub fn move_range_end(revision: Revision, id: u32) -> String {
    let kind = match revision {
        Revision::MovedFrom(_) => "moveFrom",
        _ => "moveTo",
    };
    format!("<w:{kind}RangeEnd w:id=\"{id}\"/>")
}

/// The element name of a revision.
pub fn tag(revision: Revision) -> &'static str {
    match revision {
        Revision::Inserted => "ins",
        Revision::Deleted => "del",
        Revision::MovedFrom(_) => "moveFrom",
        Revision::MovedTo(_) => "moveTo",
    }
}
