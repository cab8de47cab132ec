//! Word fields: tables of contents and lists of tables/figures that already
//! show their entries (Word refreshes page numbers on open or with F9),
//! numbered captions (`SEQ`), and cross-references (`REF`).

use super::body::Body;
use super::inline::RunProps;
use super::outline::{Entry, ref_bookmark};
use super::paragraph::PPr;
use super::revisions::Tracker;
use super::runs::{Piece, Runs};
use crate::model::{Inline, Revision, Toc, TocKind};

/// A complex field: begin, instruction, separate, shown result, end (runs
/// only, so that it can sit in tracked changes).
pub fn field(r: &mut Runs, t: &mut Tracker, instr: &str, shown: &str, props: &RunProps) {
    field_begin(r, t, instr);
    r.text(t, props, shown);
    field_end(r, t);
}

/// Begin, instruction and separate characters of a field.
fn field_begin(r: &mut Runs, t: &mut Tracker, instr: &str) {
    let plain = RunProps::default();
    r.piece(t, &plain, Piece::FieldChar("begin"));
    r.piece(t, &plain, Piece::Instruction(instr));
    r.piece(t, &plain, Piece::FieldChar("separate"));
}

fn field_end(r: &mut Runs, t: &mut Tracker) {
    r.piece(t, &RunProps::default(), Piece::FieldChar("end"));
}

impl Body<'_> {
    pub fn field(&mut self, r: &mut Runs, instr: &str, shown: &str, props: &RunProps) {
        field(r, &mut self.tracker, instr, shown, props);
    }

    fn field_begin(&mut self, r: &mut Runs, instr: &str) {
        field_begin(r, &mut self.tracker, instr);
    }

    fn field_end(&mut self, r: &mut Runs) {
        field_end(r, &mut self.tracker);
    }

    /// A table of contents or list, with its entries already written.
    pub fn toc(&mut self, toc: &Toc) -> String {
        let (instr, entries, style_of): (String, Vec<Entry>, fn(u8) -> &'static str) =
            match toc.kind {
                TocKind::Contents => (
                    format!("TOC \\o \"1-{}\" \\h \\z \\u", toc.levels.clamp(1, 6)),
                    self.outline
                        .headings
                        .iter()
                        .filter(|e| e.level <= toc.levels)
                        .cloned()
                        .collect(),
                    |level| {
                        ["TOC1", "TOC2", "TOC3", "TOC4", "TOC5", "TOC6"]
                            [(level as usize).clamp(1, 6) - 1]
                    },
                ),
                TocKind::Tables => (
                    "TOC \\h \\z \\c \"Tableau\"".to_string(),
                    self.outline.tables.clone(),
                    |_| "TableofFigures",
                ),
                TocKind::Figures => (
                    "TOC \\h \\z \\c \"Figure\"".to_string(),
                    self.outline.figures.clone(),
                    |_| "TableofFigures",
                ),
            };
        let plain = RunProps::default();
        let mut out = self.para(PPr::style("TOCHeading"), |b, r| {
            b.text(r, &toc.title, &plain)
        });
        let tabs = format!(
            "<w:tab w:val=\"right\" w:leader=\"dot\" w:pos=\"{}\"/>",
            self.style.text_width()
        );
        let ppr = |level: u8| PPr {
            tabs: Some(tabs.clone()),
            ..PPr::style(style_of(level))
        };
        if entries.is_empty() {
            // Entries are not noted in the manifest: they repeat text noted where it stands.
            let (empty, _) = self.paragraph_with_text(ppr(1), |b, r| {
                b.field_begin(r, &instr);
                b.text(r, "(aucune entrée)", &plain);
                b.field_end(r);
            });
            return out + &empty;
        }
        let last = entries.len() - 1;
        let revisions: Vec<Option<Revision>> = entries
            .iter()
            .map(|e| {
                e.revision.map(|r| {
                    if r.is_removal() {
                        Revision::Deleted
                    } else {
                        Revision::Inserted
                    }
                })
            })
            .collect();
        let marks = paragraph_marks(&revisions);
        for (i, e) in entries.iter().enumerate() {
            let label = |n: &str| match toc.kind {
                TocKind::Contents if n.is_empty() => String::new(),
                TocKind::Contents => format!("{n}\u{A0}\u{A0}"),
                TocKind::Tables => format!("Tableau\u{A0}{n}\u{A0}: "),
                TocKind::Figures => format!("Figure\u{A0}{n}\u{A0}: "),
            };
            // An entry added or removed is an inserted or deleted paragraph
            // (a moved heading's entry too: the list has no move of its own).
            let outer = self.tracker.enter(revisions[i]);
            let mut props = ppr(e.level);
            props.mark_as = Some(marks[i]);
            // Entries are not noted in the manifest: they repeat text noted where it stands.
            let (entry, _) = self.paragraph_with_text(props, |b, r| {
                if i == 0 {
                    // The field spans the entries: its characters stay whatever happens to them.
                    let state = b.tracker.set(None);
                    b.field_begin(r, &instr);
                    b.tracker.set(state);
                }
                r.open_link(&format!("w:anchor=\"{}\" w:history=\"1\"", e.bookmark));
                match (&e.old_label, &e.new_label) {
                    (Some(old), Some(new)) if old != new && e.revision.is_none() => {
                        let changed = [
                            Inline::Revised {
                                revision: Revision::Deleted,
                                content: vec![Inline::Text(label(old))],
                            },
                            Inline::Revised {
                                revision: Revision::Inserted,
                                content: vec![Inline::Text(label(new))],
                            },
                        ];
                        b.runs(r, &changed, plain);
                    }
                    _ => b.text(r, &label(e.shown_label()), &plain),
                }
                b.runs(r, &e.content, plain);
                b.piece(r, Piece::Tab, &plain);
                // The measured page, if any; Word refreshes it when it updates fields.
                let page = b.pages.shown(&e.bookmark);
                b.field(r, &format!("PAGEREF {} \\h", e.bookmark), &page, &plain);
                r.close_link();
                if i == last {
                    let state = b.tracker.set(None);
                    b.field_end(r);
                    b.tracker.set(state);
                }
            });
            self.tracker.leave(outer);
            out += &entry;
        }
        self.has_fields = true;
        out
    }

    /// `Tableau N : légende` or `Figure N : légende`, with a SEQ field, a
    /// bookmark for lists and one around the number for cross-references.
    pub fn caption(
        &mut self,
        label: &str,
        entry: &Entry,
        id: Option<&str>,
        caption: &[Inline],
    ) -> String {
        let number = entry.shown_label().to_string();
        let toc_bookmark = entry.bookmark.as_str();
        let plain = RunProps::default();
        let ref_mark = id.filter(|id| self.keeps_anchor(id)).map(ref_bookmark);
        self.para(PPr::style("Caption"), |b, r| {
            let toc = b.bookmark_start(r, toc_bookmark);
            b.text(r, &format!("{label}\u{A0}"), &plain);
            let reference = ref_mark.map(|name| b.bookmark_start(r, &name));
            // A complex field (runs only), so that it can sit in tracked changes.
            b.field(r, &format!("SEQ {label} \\* ARABIC"), &number, &plain);
            if let Some(n) = reference {
                Body::bookmark_end(r, n);
            }
            b.text(r, "\u{A0}: ", &plain);
            b.runs(r, caption, plain);
            Body::bookmark_end(r, toc);
        })
    }

    /// `tableau 3` as text plus a REF field that Word keeps up to date.
    pub fn reference(&mut self, r: &mut Runs, id: &str, props: &RunProps) {
        let word = match id.split_once(':') {
            Some(("fig", _)) => "figure",
            _ => "tableau",
        };
        match self.outline.numbers.get(id).copied() {
            Some(n) => {
                self.text(r, &format!("{word}\u{A0}"), props);
                self.field(
                    r,
                    &format!("REF {} \\h", ref_bookmark(id)),
                    &n.to_string(),
                    props,
                );
            }
            None => self.text(r, "??", props),
        }
    }
}

/// The revision of each entry's paragraph mark. An entry's mark is marked
/// like its text, except at the end of the list, where the field ends:
/// there the marks of the added or removed entries shift up by one, to the
/// entry before each (down to the last entry both versions have), and the
/// last mark stays: a paragraph at the end of the list cannot join the one
/// after it (as pressing Enter at the end of a line shows, the mark that
/// ends a new last line is the line before's).
fn paragraph_marks(revisions: &[Option<Revision>]) -> Vec<Option<Revision>> {
    let mut marks = revisions.to_vec();
    let start = revisions
        .iter()
        .rposition(Option::is_none)
        .map_or(0, |i| i + 1);
    if start == 0 || start == revisions.len() {
        return marks;
    }
    marks[start - 1..revisions.len() - 1].copy_from_slice(&revisions[start..]);
    if let Some(last) = marks.last_mut() {
        *last = None;
    }
    marks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_removed_last_entry_leaves_its_mark_to_the_entry_before() {
        let d = Some(Revision::Deleted);
        assert_eq!(paragraph_marks(&[None, d, None]), vec![None, d, None]);
        assert_eq!(paragraph_marks(&[None, None, d, d]), vec![None, d, d, None]);
        assert_eq!(paragraph_marks(&[d, d]), vec![d, d]);
        let i = Some(Revision::Inserted);
        assert_eq!(paragraph_marks(&[None, d, i]), vec![d, i, None]);
    }
}
