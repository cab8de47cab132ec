//! One pass over a WordprocessingML part in document order: paragraphs with
//! their original (reject-all) and accepted text and heading path, tracked
//! changes, and where comments are anchored.

use super::anchors::{OpenAnchors, push_capped};
use super::styles::Styles;
use super::xml::{Ev, place, walk};
use std::collections::HashMap;
use std::sync::Arc;

/// What a tracked change does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChangeKind {
    Insertion,
    Deletion,
    Formatting,
    Move,
}

/// A paragraph as it stands in the returned file.
#[derive(Debug, Clone, Default)]
pub struct Para {
    /// `document`, `footnotes`, `endnotes`, or a header/footer part name.
    pub part: Arc<str>,
    /// What the reviewer received (every change rejected).
    pub original: String,
    /// What the reviewer proposes (every change accepted), when it differs
    /// from `original` (see [`Para::accepted`]).
    changed: Option<String>,
    /// `3 Analyse des lacunes > 3.2 Formations` (shared by the paragraphs
    /// of a section).
    pub heading_path: Arc<str>,
    style: Option<String>,
    outline: Option<u8>,
    num: Option<String>,
}

impl Para {
    /// What the reviewer proposes (every change accepted).
    pub fn accepted(&self) -> &str {
        self.changed.as_deref().unwrap_or(&self.original)
    }

    /// Both texts, taken out: (reject-all, accept-all).
    pub fn into_texts(self) -> (String, String) {
        match self.changed {
            Some(accepted) => (self.original, accepted),
            None => (self.original.clone(), self.original),
        }
    }
}

/// A tracked change.
#[derive(Debug, Clone)]
pub struct Change {
    pub kind: ChangeKind,
    pub para: usize,
    pub offset: usize,
    pub text: String,
    pub author: String,
    pub date: String,
    /// What the change applies to when it is not text (« ligne de tableau », « marque de paragraphe »…).
    pub what: Option<&'static str>,
}

/// Where a comment sits.
#[derive(Debug, Clone, Default)]
pub struct Anchor {
    pub para: usize,
    pub offset: usize,
    /// The text the comment covers (empty when it is a point).
    pub text: String,
}

#[derive(Debug, Default)]
pub struct Walked {
    pub paras: Vec<Para>,
    pub changes: Vec<Change>,
    pub anchors: HashMap<String, Anchor>,
}

/// A revision mark on a paragraph mark or row: kind, author, date.
type Mark = (ChangeKind, String, String);
/// The text of the table row being read and its revision mark.
type RowState = Option<(String, Option<Mark>)>;

#[derive(Default)]
struct ParaBuilder {
    index: usize,
    style: Option<String>,
    outline: Option<u8>,
    num: Option<String>,
    original: String,
    /// Characters in `original`, counted even past its size limit.
    original_chars: usize,
    accepted: String,
}

impl ParaBuilder {
    /// Where the next character of the reject-all text goes.
    fn at(&self) -> (usize, usize) {
        (self.index, self.original_chars)
    }
}

struct Rev {
    kind: ChangeKind,
    deleting: bool,
    author: String,
    date: String,
    text: String,
    para: usize,
    offset: usize,
}

/// Walks one part; paragraph indices continue from `walked.paras.len()`.
pub struct Walker<'a> {
    styles: &'a Styles,
    headings: Vec<(u8, String)>,
    counters: [usize; 9],
    /// The heading path of the paragraphs being assigned.
    current_path: Arc<str>,
    pub walked: Walked,
}

impl<'a> Walker<'a> {
    pub fn new(styles: &'a Styles) -> Self {
        Walker {
            styles,
            headings: Vec::new(),
            counters: [0; 9],
            current_path: Arc::from(""),
            walked: Walked::default(),
        }
    }

    /// Walks one part: `label` is `document`, `footnotes`, `endnotes` or the
    /// part name of a header or footer; `part` its name in the package.
    /// One pass, linear in the part's size.
    pub fn part(&mut self, xml: &str, label: &str, part: &str) -> Result<(), String> {
        let mut path = OpenElements::default();
        // Open elements that matter to the ones inside them.
        let mut old_props = 0usize; // pPrChange, rPrChange, numberingChange
        let mut prop_changes = 0usize; // pPrChange, rPrChange
        let mut in_ppr = 0usize;
        let mut paras: Vec<ParaBuilder> = Vec::new();
        let mut revs: Vec<Rev> = Vec::new();
        let mut open_comments = OpenAnchors::default();
        let mut text_mode: Option<bool> = None; // Some(deleted?) inside w:t / w:delText
        let mut run_text = String::new();
        let mut run_format: Option<(String, String)> = None;
        let mut row: RowState = None;
        let mut row_first_change = 0;
        let mut in_field_code = false;
        let mut para_format: Option<(String, String)> = None;
        let mut mark: Option<Mark> = None;
        let mut result = Ok(());
        let first = self.walked.paras.len();
        let fixed_part: Arc<str> = Arc::from(label);
        let walked = &mut self.walked;

        let outcome = walk(xml, &place(label, part), |ev| {
            match ev {
                Ev::Start { name, attrs, empty } => {
                    let parent = path.back(0);
                    let grand = path.back(1);
                    let in_old_props = old_props > 0;
                    let author = attrs.get("author").unwrap_or_default();
                    let date = attrs.get("date").unwrap_or_default();
                    match name {
                        "p" => {
                            let index = walked.paras.len();
                            paras.push(ParaBuilder {
                                index,
                                ..ParaBuilder::default()
                            });
                            walked.paras.push(Para::default());
                            para_format = None;
                            mark = None;
                        }
                        "pStyle" if parent == "pPr" && !in_old_props => {
                            if let Some(p) = paras.last_mut() {
                                p.style = attrs.get("val");
                            }
                        }
                        "outlineLvl" if parent == "pPr" && !in_old_props => {
                            if let Some(p) = paras.last_mut() {
                                p.outline = attrs.get("val").and_then(|v| v.parse().ok());
                            }
                        }
                        "numId" if grand == "pPr" && !in_old_props => {
                            if let Some(p) = paras.last_mut() {
                                p.num = attrs.get("val");
                            }
                        }
                        "ins" | "del" | "moveFrom" | "moveTo" => {
                            let kind = match name {
                                "ins" => ChangeKind::Insertion,
                                "del" => ChangeKind::Deletion,
                                _ => ChangeKind::Move,
                            };
                            let deleting = name == "del" || name == "moveFrom";
                            if parent == "numPr" {
                                // Numbering added to a paragraph: a formatting change.
                                para_format = Some((author, date));
                            } else if parent == "rPr" && grand == "pPr" {
                                mark = Some((kind, author, date));
                            } else if parent == "trPr" {
                                if let Some(r) = &mut row {
                                    r.1 = Some((kind, author, date));
                                }
                            } else if parent == "rPr" || in_old_props {
                                // Revision marks on run properties: nothing to report.
                            } else if !empty {
                                let (para, offset) = paras
                                    .last()
                                    .map(ParaBuilder::at)
                                    .unwrap_or((walked.paras.len().saturating_sub(1), 0));
                                revs.push(Rev {
                                    kind,
                                    deleting,
                                    author,
                                    date,
                                    text: String::new(),
                                    para,
                                    offset,
                                });
                            }
                        }
                        "cellIns" | "cellDel" => {
                            let kind = if name == "cellIns" {
                                ChangeKind::Insertion
                            } else {
                                ChangeKind::Deletion
                            };
                            let para = walked.paras.len();
                            walked.changes.push(Change {
                                kind,
                                para,
                                offset: 0,
                                text: String::new(),
                                author,
                                date,
                                what: Some("cellule de tableau"),
                            });
                        }
                        "rPrChange" => {
                            if in_ppr > 0 {
                                para_format = para_format.take().or(Some((author, date)));
                            } else {
                                run_format = Some((author, date));
                            }
                        }
                        "pPrChange" => para_format = Some((author, date)),
                        "t" if !empty => text_mode = Some(false),
                        "instrText" | "delInstrText" if !empty => in_field_code = true,
                        "delText" if !empty => text_mode = Some(true),
                        "tab" if parent == "r" => push_text(
                            &mut paras,
                            &mut revs,
                            &mut open_comments,
                            &mut run_text,
                            &mut row,
                            "\t",
                            false,
                        ),
                        "br" | "cr" if parent == "r" => push_text(
                            &mut paras,
                            &mut revs,
                            &mut open_comments,
                            &mut run_text,
                            &mut row,
                            " ",
                            false,
                        ),
                        "noBreakHyphen" => push_text(
                            &mut paras,
                            &mut revs,
                            &mut open_comments,
                            &mut run_text,
                            &mut row,
                            "-",
                            false,
                        ),
                        "r" => {
                            run_text.clear();
                            run_format = None;
                        }
                        "tr" => {
                            row = Some((String::new(), None));
                            row_first_change = walked.changes.len();
                        }
                        "commentRangeStart" => {
                            if let Some(id) = attrs.get("id") {
                                let (para, offset) =
                                    paras.last().map(ParaBuilder::at).unwrap_or_default();
                                open_comments.start(&id, para, offset);
                            }
                        }
                        "commentRangeEnd" => {
                            if let Some(id) = attrs.get("id")
                                && let Some(a) = open_comments.end(&id)
                            {
                                walked.anchors.insert(id, a);
                            }
                        }
                        "commentReference" => {
                            if let Some(id) = attrs.get("id") {
                                let (para, offset) =
                                    paras.last().map(ParaBuilder::at).unwrap_or_default();
                                walked.anchors.entry(id).or_insert(Anchor {
                                    para,
                                    offset,
                                    text: String::new(),
                                });
                            }
                        }
                        _ => {}
                    }
                    if !empty {
                        match name {
                            "pPrChange" | "rPrChange" => {
                                old_props += 1;
                                prop_changes += 1;
                            }
                            "numberingChange" => old_props += 1,
                            "pPr" => in_ppr += 1,
                            _ => {}
                        }
                        path.push(name);
                    }
                }
                Ev::Text(t) => {
                    if in_field_code {
                        // Field codes are not text, but an inserted or deleted field is a change.
                        if let Some(r) = revs.last_mut() {
                            push_capped(&mut r.text, &format!("[champ {}]", t.trim()));
                        }
                    } else if let Some(deleted) = text_mode {
                        push_text(
                            &mut paras,
                            &mut revs,
                            &mut open_comments,
                            &mut run_text,
                            &mut row,
                            &t,
                            deleted,
                        );
                    }
                }
                Ev::End { name } => {
                    // Well-formed XML (checked by the parser): the element
                    // ending is the innermost open one.
                    path.pop();
                    match name {
                        "pPrChange" | "rPrChange" => {
                            old_props = old_props.saturating_sub(1);
                            prop_changes = prop_changes.saturating_sub(1);
                        }
                        "numberingChange" => old_props = old_props.saturating_sub(1),
                        "pPr" => in_ppr = in_ppr.saturating_sub(1),
                        _ => {}
                    }
                    match name {
                        "t" | "delText" => text_mode = None,
                        "instrText" | "delInstrText" => in_field_code = false,
                        "ins" | "del" | "moveFrom" | "moveTo" => {
                            let parent = path.back(0);
                            if parent != "rPr"
                                && parent != "trPr"
                                && prop_changes == 0
                                && let Some(rev) = revs.pop()
                                && !rev.text.is_empty()
                            {
                                let what = match (rev.kind, rev.deleting) {
                                    (ChangeKind::Move, true) => Some("déplacé depuis cet endroit"),
                                    (ChangeKind::Move, false) => Some("déplacé à cet endroit"),
                                    _ => None,
                                };
                                walked.changes.push(Change {
                                    kind: rev.kind,
                                    para: rev.para,
                                    offset: rev.offset,
                                    text: rev.text,
                                    author: rev.author,
                                    date: rev.date,
                                    what,
                                });
                            }
                        }
                        "r" => {
                            if let Some((author, date)) = run_format.take()
                                && let Some(p) = paras.last()
                            {
                                walked.changes.push(Change {
                                    kind: ChangeKind::Formatting,
                                    para: p.index,
                                    offset: p
                                        .original_chars
                                        .saturating_sub(run_text.chars().count()),
                                    text: run_text.clone(),
                                    author,
                                    date,
                                    what: None,
                                });
                            }
                        }
                        "tr" => {
                            if let Some((text, Some((kind, author, date)))) = row.take() {
                                let para = walked.paras.len().saturating_sub(1);
                                // The row says it all: drop the same change recorded
                                // cell by cell (its text and paragraph marks).
                                let cells = walked
                                    .changes
                                    .split_off(row_first_change.min(walked.changes.len()));
                                walked.changes.extend(
                                    cells
                                        .into_iter()
                                        .filter(|c| !(c.kind == kind && c.author == author)),
                                );
                                walked.changes.push(Change {
                                    kind,
                                    para,
                                    offset: 0,
                                    text: text.trim().to_string(),
                                    author,
                                    date,
                                    what: Some("ligne de tableau"),
                                });
                            }
                        }
                        "p" => {
                            if let Some(p) = paras.pop() {
                                finish(&fixed_part, p, para_format.take(), mark.take(), walked);
                            }
                        }
                        _ => {}
                    }
                }
            }
        });
        if let Err(e) = outcome {
            result = Err(e);
        }
        // Heading paths are assigned after the pass, in paragraph order.
        self.assign_headings(first, &fixed_part);
        result
    }

    /// Heading paths for the paragraphs from `first` on. Body headings are
    /// numbered as Word numbers them (1, 1.1…) when their style or
    /// paragraph carries numbering; notes and headers get a fixed label.
    fn assign_headings(&mut self, first: usize, part: &str) {
        let fixed = match part {
            "document" => None,
            "footnotes" => Some("Notes de bas de page"),
            "endnotes" => Some("Notes de fin"),
            _ => Some("En-têtes et pieds de page"),
        };
        let fixed: Option<Arc<str>> = fixed.map(Arc::from);
        for i in first..self.walked.paras.len() {
            if let Some(label) = &fixed {
                self.walked.paras[i].heading_path = label.clone();
                continue;
            }
            let p = &self.walked.paras[i];
            let level = p
                .outline
                .or_else(|| p.style.as_deref().and_then(|s| self.styles.outline(s)))
                .filter(|l| *l < 9);
            if let Some(level) = level {
                let level = level as usize;
                let numbered = match p.num.as_deref() {
                    Some(n) => n != "0",
                    None => p.style.as_deref().is_some_and(|s| self.styles.numbered(s)),
                };
                let label = if numbered {
                    self.counters[level] += 1;
                    self.counters[level + 1..].iter_mut().for_each(|c| *c = 0);
                    let parts: Vec<String> = self.counters[..=level]
                        .iter()
                        .map(|c| c.to_string())
                        .collect();
                    format!("{} ", parts.join("."))
                } else {
                    String::new()
                };
                let title: String = p.accepted().trim().chars().take(MAX_TITLE_CHARS).collect();
                self.headings.retain(|(l, _)| (*l as usize) < level);
                self.headings.push((level as u8, format!("{label}{title}")));
                let path: Vec<&str> = self.headings.iter().map(|(_, t)| t.as_str()).collect();
                self.current_path = Arc::from(path.join(" > "));
            }
            self.walked.paras[i].heading_path = self.current_path.clone();
        }
    }
}

/// The local names of the open elements, in one buffer (no allocation per
/// element).
#[derive(Default)]
struct OpenElements {
    names: String,
    ends: Vec<usize>,
}

impl OpenElements {
    fn push(&mut self, name: &str) {
        self.names.push_str(name);
        self.ends.push(self.names.len());
    }

    fn pop(&mut self) {
        self.ends.pop();
        self.names.truncate(self.ends.last().copied().unwrap_or(0));
    }

    /// The `n`-th open element from the innermost (0), or "".
    fn back(&self, n: usize) -> &str {
        let Some(k) = self.ends.len().checked_sub(n + 1) else {
            return "";
        };
        let start = if k == 0 { 0 } else { self.ends[k - 1] };
        &self.names[start..self.ends[k]]
    }
}

/// A heading's title in a section path.
const MAX_TITLE_CHARS: usize = 200;

/// Adds text to the open paragraph, revisions, comment anchors, run and
/// row, each kept within its size limit.
fn push_text(
    paras: &mut [ParaBuilder],
    revs: &mut [Rev],
    comments: &mut OpenAnchors,
    run: &mut String,
    row: &mut RowState,
    text: &str,
    del_text: bool,
) {
    let deleted = del_text || revs.last().is_some_and(|r| r.deleting);
    let inserted = !deleted && revs.last().is_some_and(|r| !r.deleting);
    if let Some(p) = paras.last_mut() {
        if !inserted {
            push_capped(&mut p.original, text);
            p.original_chars += text.chars().count();
        }
        if !deleted {
            push_capped(&mut p.accepted, text);
        }
    }
    if let Some(r) = revs.last_mut() {
        push_capped(&mut r.text, text);
    }
    comments.push(text);
    push_capped(run, text);
    if let Some((t, _)) = row {
        push_capped(t, text);
    }
}

/// Records a finished paragraph and its paragraph-level changes.
fn finish(
    part: &Arc<str>,
    p: ParaBuilder,
    format: Option<(String, String)>,
    mark: Option<Mark>,
    walked: &mut Walked,
) {
    let index = p.index;
    if let Some((author, date)) = format {
        walked.changes.push(Change {
            kind: ChangeKind::Formatting,
            para: index,
            offset: 0,
            text: p.accepted.clone(),
            author,
            date,
            what: Some("mise en forme du paragraphe"),
        });
    }
    // A moved paragraph's mark moves with it: the move is already reported.
    if let Some((kind, author, date)) = mark.filter(|(k, _, _)| *k != ChangeKind::Move) {
        walked.changes.push(Change {
            kind,
            para: index,
            offset: p.original_chars,
            text: String::new(),
            author,
            date,
            what: Some("marque de paragraphe"),
        });
    }
    let changed = (p.accepted != p.original).then_some(p.accepted);
    if let Some(slot) = walked.paras.get_mut(index) {
        *slot = Para {
            part: part.clone(),
            original: p.original,
            // Most paragraphs are unchanged: one copy of their text.
            changed,
            heading_path: Arc::from(""),
            style: p.style,
            outline: p.outline,
            num: p.num,
        };
    }
}
