//! The review reader: returned .docx files (from Word or LibreOffice) →
//! one entry per comment, reply or tracked change, in document order, with
//! the heading path and the source to edit → a resolution matrix.

mod align;
mod comments;
mod matrix;
pub mod package;
mod styles;
mod walk;
pub mod xml;

pub use matrix::{summary, write_csv, write_xlsx};

use crate::docx::manifest::Manifest;
use walk::{ChangeKind, Walker};

/// One row of the resolution matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The returned file's name.
    pub document: String,
    /// `3 Analyse des lacunes > 3.2 Formations`.
    pub section: String,
    /// commentaire, réponse, insertion, suppression, mise en forme, déplacement.
    pub kind: &'static str,
    /// The text the comment or change concerns.
    pub context: String,
    /// The comment's text, or the inserted / deleted / moved text.
    pub change: String,
    pub author: String,
    pub date: String,
    /// For comments: the number (N°) of the entry that opens the thread.
    pub thread: String,
    /// oui / non, empty when the file does not say (LibreOffice).
    pub done: String,
    /// Workbook cell or blueprint line to edit (empty without a manifest).
    pub source: String,
    /// Sort key in document order.
    order: (usize, usize, usize, usize, usize),
    /// Comment id, and the id of the thread's first comment.
    comment: Option<(String, String)>,
}

/// Reads returned files and lists their comments and changes in document
/// order, file after file. A file that cannot be read stops everything with
/// a message naming it.
pub fn review(files: &[(String, Vec<u8>)]) -> Result<Vec<Entry>, crate::diag::Problems> {
    let mut all = Vec::new();
    let mut problems = Vec::new();
    for (file_index, (name, bytes)) in files.iter().enumerate() {
        match read_one(name, bytes, file_index) {
            Ok(mut entries) => all.append(&mut entries),
            Err(message) => problems.push(crate::diag::Diagnostic::file(name.clone(), message)),
        }
    }
    if !problems.is_empty() {
        return Err(crate::diag::Problems(problems));
    }
    all.sort_by_key(|e| e.order);
    // Threads: the number of the entry that opens them.
    let numbers: std::collections::HashMap<(usize, String), usize> = all
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            e.comment
                .as_ref()
                .map(|(id, _)| ((e.order.0, id.clone()), i + 1))
        })
        .collect();
    for e in &mut all {
        if let Some((_, root)) = &e.comment {
            e.thread = numbers
                .get(&(e.order.0, root.clone()))
                .map(|n| n.to_string())
                .unwrap_or_default();
        }
    }
    Ok(all)
}

fn read_one(name: &str, bytes: &[u8], file_index: usize) -> Result<Vec<Entry>, String> {
    let package = package::open(bytes)?;
    let styles = styles::Styles::parse(package.styles.as_deref());
    let mut walker = Walker::new(&styles);
    walker.part(&package.document, "document")?;
    if let Some(x) = &package.footnotes {
        walker.part(x, "footnotes")?;
    }
    if let Some(x) = &package.endnotes {
        walker.part(x, "endnotes")?;
    }
    for (part, x) in &package.headers_footers {
        walker.part(x, part)?;
    }
    let walked = walker.walked;
    let comments = comments::parse(
        package.comments.as_deref(),
        package.comments_extended.as_deref(),
    )?;
    let manifest = package
        .custom_xml
        .iter()
        .find_map(|x| Manifest::from_xml(x));
    let units = manifest.as_ref().map(|m| align::align(m, &walked.paras));
    let document = std::path::Path::new(name)
        .file_name()
        .map(|f| f.to_string_lossy().to_string())
        .unwrap_or_else(|| name.to_string());
    let source = |para: usize, offset: usize, text: &str| -> String {
        let (Some(m), Some(units)) = (&manifest, &units) else {
            return String::new();
        };
        let Some(Some(u)) = units.get(para) else {
            return String::new();
        };
        let original = walked
            .paras
            .get(para)
            .map(|p| p.original.as_str())
            .unwrap_or("");
        align::source_for(&m.units[*u], original, offset, text)
    };
    let section = |para: usize| {
        walked
            .paras
            .get(para)
            .map(|p| p.heading_path.clone())
            .unwrap_or_default()
    };
    // The text as the reviewer received it; for a paragraph they added, as they wrote it.
    let excerpt = |para: usize| {
        walked
            .paras
            .get(para)
            .map(|p| {
                shorten(if p.original.trim().is_empty() {
                    &p.accepted
                } else {
                    &p.original
                })
            })
            .unwrap_or_default()
    };

    let mut entries = Vec::new();
    for (seq, c) in merge_changes(walked.changes.clone())
        .into_iter()
        .enumerate()
    {
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
        entries.push(Entry {
            document: document.clone(),
            section: section(c.para),
            kind,
            context: excerpt(c.para),
            change,
            author: c.author.clone(),
            date: show_date(&c.date),
            thread: String::new(),
            done: String::new(),
            source: source(c.para, c.offset, &c.text),
            order: (file_index, c.para, c.offset, seq, 1),
            comment: None,
        });
    }
    // Comments: replies sort right after the comment that opens their thread.
    let by_id: std::collections::HashMap<&str, &comments::Comment> =
        comments.iter().map(|c| (c.id.as_str(), c)).collect();
    for (seq, c) in comments.iter().enumerate() {
        let mut root = c;
        for _ in 0..64 {
            match root.parent.as_deref().and_then(|p| by_id.get(p)) {
                Some(parent) => root = parent,
                None => break,
            }
        }
        let anchor = walked.anchors.get(&root.id).cloned().unwrap_or_default();
        let own = walked
            .anchors
            .get(&c.id)
            .cloned()
            .unwrap_or_else(|| anchor.clone());
        let context = if own.text.trim().is_empty() {
            excerpt(own.para)
        } else {
            own.text.trim().to_string()
        };
        let root_seq = comments.iter().position(|x| x.id == root.id).unwrap_or(seq);
        entries.push(Entry {
            document: document.clone(),
            section: section(anchor.para),
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
            source: source(own.para, own.offset, &own.text),
            order: (
                file_index,
                anchor.para,
                anchor.offset,
                root_seq,
                if c.parent.is_some() { 1 + seq } else { 0 },
            ),
            comment: Some((c.id.clone(), root.id.clone())),
        });
    }
    Ok(entries)
}

/// Adjacent changes of the same kind, author and date in one paragraph are
/// one change for the reader (Word shows them as one).
fn merge_changes(changes: Vec<walk::Change>) -> Vec<walk::Change> {
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
            last.text.push_str(&c.text);
            continue;
        }
        out.push(c);
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
    if d.len() >= 16 && d.as_bytes()[4] == b'-' && d.as_bytes()[10] == b'T' {
        format!("{}/{}/{} {}", &d[8..10], &d[5..7], &d[0..4], &d[11..16])
    } else {
        d.to_string()
    }
}

/// At most 300 characters of a paragraph, for the matrix.
fn shorten(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() <= 300 {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(300).collect::<String>())
    }
}

/// What `trame review` wrote.
#[derive(Debug)]
pub struct Outcome {
    pub entries: Vec<Entry>,
    /// Output path relative to the project folder.
    pub output: String,
    pub summary: String,
}

/// Default matrix path in a project.
pub const DEFAULT_OUTPUT: &str = "out/matrice-relecture.xlsx";

/// `trame review`: reads the files, writes the matrix (xlsx, or CSV when
/// `csv` is set or the output ends in .csv) atomically under `root`.
pub fn run(
    root: &std::path::Path,
    paths: &[String],
    output: Option<&str>,
    csv: bool,
) -> crate::diag::Result<Outcome> {
    use crate::diag::Diagnostic;
    if paths.is_empty() {
        return Err(
            Diagnostic::file("trame review", "indiquez au moins un fichier .docx relu").into(),
        );
    }
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for p in paths {
        let name = std::path::Path::new(p)
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        // Lock files left by LibreOffice (.~lock.NAME#) and Word (~$NAME).
        if name.starts_with(".~lock.") || name.starts_with("~$") {
            continue;
        }
        let path = root.join(p);
        match std::fs::metadata(&path) {
            Ok(m) if m.len() > package::MAX_FILE_BYTES => problems.push(Diagnostic::file(
                p.clone(),
                format!(
                    "fichier trop volumineux ({} Mo ; au plus {} Mo)",
                    m.len() / (1024 * 1024),
                    package::MAX_FILE_BYTES / (1024 * 1024)
                ),
            )),
            _ => match std::fs::read(&path) {
                Ok(bytes) => files.push((p.clone(), bytes)),
                Err(e) => problems.push(Diagnostic::file(
                    p.clone(),
                    format!("lecture impossible ({})", crate::io_reason(&e)),
                )),
            },
        }
    }
    if !problems.is_empty() {
        return Err(crate::diag::Problems(problems));
    }
    if files.is_empty() {
        return Err(Diagnostic::file(
            "trame review",
            "aucun fichier .docx à relever (seuls des fichiers de verrouillage ont été donnés)",
        )
        .into());
    }
    let entries = review(&files)?;
    let csv = csv || output.is_some_and(|o| o.ends_with(".csv"));
    let output = match output {
        Some(o) => o.to_string(),
        None if csv => DEFAULT_OUTPUT.replace(".xlsx", ".csv"),
        None => DEFAULT_OUTPUT.to_string(),
    };
    let bytes = if csv {
        write_csv(&entries)
    } else {
        write_xlsx(&entries, matrix_date(root)).map_err(|e| {
            Diagnostic::file(
                output.clone(),
                format!("écriture du classeur impossible ({e})"),
            )
        })?
    };
    let guard = crate::confidential::Guard::for_project(root)?;
    crate::files::write_atomically(root, &[(&output, &bytes)], &guard)?;
    let summary = summary(&entries, files.len());
    Ok(Outcome {
        entries,
        output,
        summary,
    })
}

/// The workbook date: the project date, else `SOURCE_DATE_EPOCH`, else a
/// fixed date: never the clock, so that a review gives the same bytes.
fn matrix_date(root: &std::path::Path) -> chrono::NaiveDate {
    if let Ok(p) = crate::project::Project::load(root) {
        return p.meta.date;
    }
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
        .map(|d| d.date_naive())
        .unwrap_or_else(|| chrono::NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid date"))
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

/// The reject-all and accept-all text of every paragraph of a .docx, in
/// document order: the proof that a redline holds both versions.
pub fn paragraph_views(bytes: &[u8]) -> Result<Vec<ParagraphView>, String> {
    let package = package::open(bytes)?;
    let styles = styles::Styles::parse(package.styles.as_deref());
    let mut walker = Walker::new(&styles);
    walker.part(&package.document, "document")?;
    Ok(walker
        .walked
        .paras
        .into_iter()
        .map(|p| ParagraphView {
            part: p.part,
            original: p.original,
            accepted: p.accepted,
        })
        .collect())
}
