//! One returned file → its entries (comments, replies, tracked changes), in
//! document order, with section, context and source. Linear in the file:
//! parts are read and walked one at a time, comment threads are resolved
//! through maps, and each paragraph's cells are located once.

use super::Entry;
use super::align::{self, Located};
use super::comments::{self, Comment};
use super::package::{self, Archive};
use super::styles::Styles;
use super::walk::{self, Anchor, ChangeKind, Walked, Walker};
use crate::model::manifest::Manifest;
use std::collections::HashMap;
use std::io::{Read, Seek};

/// How far a reply chain is followed to find its thread's first comment.
const MAX_THREAD_DEPTH: usize = 64;

/// Walks the body, notes, headers and footers of an opened file.
fn walk_parts<R: Read + Seek>(archive: &mut Archive<R>, body_only: bool) -> Result<Walked, String> {
    let styles = Styles::parse(archive.part("word/styles.xml")?.as_deref());
    let mut walker = Walker::new(&styles);
    let document = archive.part("word/document.xml")?.ok_or_else(|| {
        "word/document.xml absent : ce n'est pas un document Word (.docx)".to_string()
    })?;
    walker.part(&document, "document", "word/document.xml")?;
    drop(document);
    if body_only {
        return Ok(walker.walked);
    }
    for (label, part) in [
        ("footnotes", "word/footnotes.xml"),
        ("endnotes", "word/endnotes.xml"),
    ] {
        if let Some(xml) = archive.part(part)? {
            walker.part(&xml, label, part)?;
        }
    }
    for part in archive.headers_footers() {
        if let Some(xml) = archive.part(&part)? {
            walker.part(&xml, &part, &part)?;
        }
    }
    Ok(walker.walked)
}

/// The paragraphs of a returned file (body, notes, headers and footers)
/// and its generation manifest, if it has one.
pub(crate) fn paragraphs_and_manifest<R: Read + Seek>(
    file: R,
) -> Result<(Vec<walk::Para>, Option<Manifest>), String> {
    let mut archive = package::open(file)?;
    let walked = walk_parts(&mut archive, false)?;
    let mut manifest = None;
    for part in archive.custom_xml() {
        if let Some(found) = archive.part(&part)?.and_then(|x| Manifest::from_xml(&x)) {
            manifest = Some(found);
            break;
        }
    }
    Ok((walked.paras, manifest))
}

/// Reads one returned file (in memory or on disk); `file_index` orders
/// files in the matrix. Also says whether the file carries trame's
/// generation manifest (without it, no entry has a source).
pub fn read_one<R: Read + Seek>(
    name: &str,
    file: R,
    file_index: usize,
) -> Result<(Vec<Entry>, bool), String> {
    use crate::timing::time;
    let mut archive = package::open(file)?;
    let walked = time("relecture : texte et modifications", || {
        walk_parts(&mut archive, false)
    })?;
    let comments = time("relecture : commentaires", || {
        comments::parse(
            archive.part("word/comments.xml")?.as_deref(),
            archive.part("word/commentsExtended.xml")?.as_deref(),
        )
    })?;
    let manifest = time("relecture : manifeste", || {
        for part in archive.custom_xml() {
            if let Some(found) = archive.part(&part)?.and_then(|x| Manifest::from_xml(&x)) {
                return Ok::<_, String>(Some(found));
            }
        }
        Ok(None)
    })?;
    drop(archive);
    let document = std::path::Path::new(name)
        .file_name()
        .map(|f| f.to_string_lossy().to_string())
        .unwrap_or_else(|| name.to_string());
    let sources = time("relecture : alignement sur le manifeste", || {
        Sources::new(manifest.as_ref(), &walked)
    });
    let mut entries = Entries {
        document,
        file_index,
        sources,
        walked: &walked,
        out: Vec::new(),
    };
    time("relecture : lignes de la matrice", || {
        entries.changes();
        entries.comments(&comments);
    });
    Ok((entries.out, manifest.is_some()))
}

/// The source of each paragraph, located on demand and kept.
struct Sources<'a> {
    manifest: Option<&'a Manifest>,
    units: Vec<Option<usize>>,
    located: HashMap<usize, Located>,
}

impl<'a> Sources<'a> {
    fn new(manifest: Option<&'a Manifest>, walked: &Walked) -> Self {
        Sources {
            manifest,
            units: manifest
                .map(|m| align::align(m, &walked.paras))
                .unwrap_or_default(),
            located: HashMap::new(),
        }
    }

    fn source(&mut self, walked: &Walked, para: usize, offset: usize, text: &str) -> String {
        let Some(manifest) = self.manifest else {
            return String::new();
        };
        let Some(Some(unit)) = self.units.get(para) else {
            return String::new();
        };
        let located = self.located.entry(para).or_insert_with(|| {
            let original = walked
                .paras
                .get(para)
                .map(|p| p.original.as_str())
                .unwrap_or("");
            align::locate(&manifest.units[*unit], original)
        });
        align::source_for(located, offset, text)
    }
}

/// The entries of one file, as they are made.
struct Entries<'a> {
    document: String,
    file_index: usize,
    sources: Sources<'a>,
    walked: &'a Walked,
    out: Vec<Entry>,
}

impl Entries<'_> {
    fn section(&self, para: usize) -> String {
        self.walked
            .paras
            .get(para)
            .map(|p| p.heading_path.to_string())
            .unwrap_or_default()
    }

    /// The text as the reviewer received it; for a paragraph they added, as
    /// they wrote it.
    fn excerpt(&self, para: usize) -> String {
        self.walked
            .paras
            .get(para)
            .map(|p| {
                shorten(if p.original.trim().is_empty() {
                    p.accepted()
                } else {
                    &p.original
                })
            })
            .unwrap_or_default()
    }

    /// The paragraph as received, whole.
    fn original(&self, para: usize) -> &str {
        self.walked
            .paras
            .get(para)
            .map(|p| p.original.as_str())
            .unwrap_or("")
    }

    /// The paragraph as received, and with `c` alone accepted: for a text
    /// insertion or deletion that stands where the walk says (else the
    /// proposed text is left empty: `trame apply` then leaves it to the
    /// author).
    fn with_change(&self, c: &walk::Change) -> (String, String) {
        let original = self.original(c.para).to_string();
        let chars: Vec<char> = original.chars().collect();
        let text: Vec<char> = c.text.chars().collect();
        let proposed = match c.kind {
            _ if c.what.is_some() || c.offset > chars.len() => None,
            ChangeKind::Insertion => Some(
                chars[..c.offset]
                    .iter()
                    .chain(&text)
                    .chain(&chars[c.offset..])
                    .collect(),
            ),
            ChangeKind::Deletion if chars[c.offset..].starts_with(&text) => Some(
                chars[..c.offset]
                    .iter()
                    .chain(&chars[c.offset + text.len()..])
                    .collect(),
            ),
            _ => None,
        };
        (original, proposed.unwrap_or_default())
    }

    fn changes(&mut self) {
        for (seq, c) in merge_changes(&self.walked.changes).into_iter().enumerate() {
            let kind = match c.kind {
                ChangeKind::Insertion => "insertion",
                ChangeKind::Deletion => "suppression",
                ChangeKind::Formatting => "mise en forme",
                ChangeKind::Move => "déplacement",
            };
            let change = match (c.what, c.text.trim().is_empty()) {
                (Some(what), true) => what.to_string(),
                (Some(what), false) => format!("{what} : {}", c.text.trim()),
                (None, _) => c.text.clone(),
            };
            let source = self.sources.source(self.walked, c.para, c.offset, &c.text);
            let (received, proposed) = if source.is_empty() {
                Default::default()
            } else {
                self.with_change(&c)
            };
            let entry = Entry {
                document: self.document.clone(),
                section: self.section(c.para),
                kind,
                context: self.excerpt(c.para),
                change,
                author: c.author.clone(),
                date: show_date(&c.date),
                thread: String::new(),
                done: String::new(),
                source,
                received,
                proposed,
                order: (self.file_index, c.para, c.offset, seq, 1),
                comment: None,
            };
            self.out.push(entry);
        }
    }

    /// Comments: replies sort right after the comment that opens their thread.
    fn comments(&mut self, comments: &[Comment]) {
        let by_id: HashMap<&str, (usize, &Comment)> = comments
            .iter()
            .enumerate()
            .map(|(seq, c)| (c.id.as_str(), (seq, c)))
            .collect();
        for (seq, c) in comments.iter().enumerate() {
            let (mut root_seq, mut root) = (seq, c);
            for _ in 0..MAX_THREAD_DEPTH {
                match root.parent.as_deref().and_then(|p| by_id.get(p)) {
                    Some(&(parent_seq, parent)) => (root_seq, root) = (parent_seq, parent),
                    None => break,
                }
            }
            let anchors = &self.walked.anchors;
            let anchor = anchors.get(&root.id).cloned().unwrap_or_default();
            let own: &Anchor = anchors.get(&c.id).unwrap_or(&anchor);
            let context = if own.text.trim().is_empty() {
                self.excerpt(own.para)
            } else {
                shorten(&own.text)
            };
            let source = self
                .sources
                .source(self.walked, own.para, own.offset, &own.text);
            let entry = Entry {
                document: self.document.clone(),
                section: self.section(anchor.para),
                kind: if c.parent.is_some() {
                    "réponse"
                } else {
                    "commentaire"
                },
                context,
                change: c.text.trim().to_string(),
                author: c.author.clone(),
                date: show_date(&c.date),
                thread: String::new(),
                done: match c.done {
                    Some(true) => "oui".into(),
                    Some(false) => "non".into(),
                    None => String::new(),
                },
                received: if source.is_empty() {
                    String::new()
                } else {
                    self.original(own.para).to_string()
                },
                proposed: String::new(),
                source,
                order: (
                    self.file_index,
                    anchor.para,
                    anchor.offset,
                    root_seq,
                    if c.parent.is_some() { 1 + seq } else { 0 },
                ),
                comment: Some((c.id.clone(), root.id.clone())),
            };
            self.out.push(entry);
        }
    }
}

/// Adjacent changes of the same kind, author and date in one paragraph are
/// one change for the reader (Word shows them as one).
fn merge_changes(changes: &[walk::Change]) -> Vec<walk::Change> {
    let mut out: Vec<walk::Change> = Vec::new();
    for c in changes {
        if let Some(last) = out.last_mut()
            && last.para == c.para
            && last.kind == c.kind
            && last.author == c.author
            && last.date == c.date
            && last.what == c.what
            && last.what.is_none()
            && c.kind != ChangeKind::Formatting
        {
            super::anchors::push_capped(&mut last.text, &c.text);
            continue;
        }
        out.push(c.clone());
    }
    out
}

/// `2024-05-03T10:12:00Z` → `03/05/2024 10:12`.
fn show_date(date: &str) -> String {
    let d = date.trim();
    // LibreOffice writes this when a comment has no date.
    if d.starts_with("0-") || d.starts_with("0000") {
        return String::new();
    }
    if d.len() >= 16 && d[..16].is_ascii() && d.as_bytes()[4] == b'-' && d.as_bytes()[10] == b'T' {
        format!("{}/{}/{} {}", &d[8..10], &d[5..7], &d[0..4], &d[11..16])
    } else {
        d.chars().take(40).collect()
    }
}

/// At most 300 characters of a paragraph, for the matrix.
fn shorten(s: &str) -> String {
    let s = s.trim();
    match s.char_indices().nth(300) {
        None => s.to_string(),
        Some((cut, _)) => format!("{}…", &s[..cut]),
    }
}

/// A paragraph of a file with tracked changes, seen both ways.
#[derive(Debug, Clone, PartialEq)]
pub struct ParagraphView {
    /// `document`, `footnotes`…
    pub part: String,
    /// Every change rejected.
    pub original: String,
    /// Every change accepted.
    pub accepted: String,
}

/// The reject-all and accept-all text of every paragraph of a .docx's body,
/// in document order: the proof that a redline holds both versions.
pub fn paragraph_views(bytes: &[u8]) -> Result<Vec<ParagraphView>, String> {
    let mut archive = package::open(std::io::Cursor::new(bytes))?;
    Ok(walk_parts(&mut archive, true)?
        .paras
        .into_iter()
        .map(|p| {
            let part = p.part.to_string();
            let (original, accepted) = p.into_texts();
            ParagraphView {
                part,
                original,
                accepted,
            }
        })
        .collect())
}
