//! The review reader: returned .docx files (from Word or LibreOffice) →
//! one entry per comment, reply or tracked change, in document order, with
//! the heading path and the source to edit → a resolution matrix.

pub(crate) mod align;
mod anchors;
mod comments;
mod matrix;

/// The matrix's columns, for `trame apply` and the comment-integration annex.
pub use matrix::{
    DECISION as MATRIX_DECISION, DECISIONS, FOLLOW_UP as MATRIX_FOLLOW_UP, ID as MATRIX_ID,
    PROPOSED as MATRIX_PROPOSED, RECEIVED as MATRIX_RECEIVED, REPLACEMENT as MATRIX_REPLACEMENT,
    RESPONSE as MATRIX_RESPONSE, Row as MatrixRow,
};
/// The resolution matrix's column headers, and where the source column is.
pub use matrix::{HEADERS as MATRIX_HEADERS, SOURCE as MATRIX_SOURCE};
pub mod merge;
pub(crate) mod output;
pub mod package;
pub(crate) mod read;
mod styles;
pub(crate) mod walk;
pub mod xml;

pub use matrix::{HEADERS, row_ids, summary, write_csv, write_xlsx};
pub use read::{ParagraphView, paragraph_views};

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
    /// The whole paragraph as the reviewer received it (empty without a
    /// source): what `trame apply` expects to find in the source.
    pub received: String,
    /// For a tracked insertion or deletion: the paragraph with this change
    /// alone accepted (empty otherwise).
    pub proposed: String,
    /// Sort key in document order.
    pub(crate) order: (usize, usize, usize, usize, usize),
    /// Comment id, and the id of the thread's first comment.
    pub(crate) comment: Option<(String, String)>,
}

/// Reads returned files and lists their comments and changes in document
/// order, file after file. A file that cannot be read stops everything with
/// a message naming it.
pub fn review(files: &[(String, Vec<u8>)]) -> Result<Vec<Entry>, crate::diag::Problems> {
    let mut all = Vec::new();
    let mut problems = Vec::new();
    for (file_index, (name, bytes)) in files.iter().enumerate() {
        match read::read_one(name, std::io::Cursor::new(bytes), file_index) {
            Ok((mut entries, _)) => all.append(&mut entries),
            Err(message) => problems.push(crate::diag::Diagnostic::file(name.clone(), message)),
        }
    }
    if !problems.is_empty() {
        return Err(crate::diag::Problems(problems));
    }
    number_threads(&mut all);
    Ok(all)
}

/// Puts entries in document order, file after file, and gives each comment
/// the number (N°) of the entry that opens its thread.
fn number_threads(all: &mut [Entry]) {
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
    for e in all.iter_mut() {
        if let Some((_, root)) = &e.comment {
            e.thread = numbers
                .get(&(e.order.0, root.clone()))
                .map(|n| n.to_string())
                .unwrap_or_default();
        }
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
    // Lock files left by LibreOffice (.~lock.NAME#) and Word (~$NAME).
    let inputs: Vec<String> = paths
        .iter()
        .filter(|p| {
            let name = std::path::Path::new(p.as_str())
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            !(name.starts_with(".~lock.") || name.starts_with("~$"))
        })
        .cloned()
        .collect();
    if inputs.is_empty() {
        return Err(Diagnostic::file(
            "trame review",
            "aucun fichier .docx à relever (seuls des fichiers de verrouillage ont été donnés)",
        )
        .into());
    }
    let (output, format) = output::choose(root, &inputs, output, csv)?;
    // One file in memory at a time; every unreadable file is reported.
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    let mut without_manifest = Vec::new();
    for (file_index, p) in inputs.iter().enumerate() {
        // Read from disk as needed: the file is never held whole in memory.
        let file = std::fs::File::open(root.join(p))
            .map_err(|e| format!("lecture impossible ({})", crate::io_reason(&e)));
        let file = file.map(std::io::BufReader::new);
        match file.and_then(|f| read::read_one(p, f, file_index)) {
            Ok((mut found, manifest)) => {
                entries.append(&mut found);
                if !manifest {
                    without_manifest.push(p.clone());
                }
            }
            Err(message) => problems.push(Diagnostic::file(p.clone(), message)),
        }
    }
    if !problems.is_empty() {
        return Err(crate::diag::Problems(problems));
    }
    crate::timing::time("relecture : ordre et fils", || number_threads(&mut entries));
    let existing = merge::read(root, &output, format)?;
    let previous = match &existing {
        merge::Existing::Matched(p) => Some(p),
        _ => None,
    };
    let rows = matrix::rows(&entries, previous);
    let bytes = crate::timing::time("relecture : matrice", || match format {
        output::Format::Csv => Ok(matrix::write_csv_rows(&rows)),
        output::Format::Xlsx => matrix::write_xlsx_rows(&rows, &entries, matrix_date(root))
            .map_err(|_| {
                crate::diag::Problems::one(Diagnostic::file(
                    output.clone(),
                    "écriture du classeur impossible (contenu trop volumineux pour Excel)",
                ))
            }),
    })?;
    let guard = crate::confidential::Guard::for_project(root)?;
    crate::timing::time("relecture : écriture du fichier", || {
        crate::files::write_atomically(root, &[(&output, &bytes)], &guard)
    })?;
    let mut summary = summary(&entries, inputs.len());
    summary += &merged_summary(&existing, &rows);
    for file in &without_manifest {
        summary += &no_manifest(file);
    }
    Ok(Outcome {
        entries,
        output,
        summary,
    })
}

/// What became of the previous matrix, for the terminal (empty when there
/// was none).
fn merged_summary(existing: &merge::Existing, rows: &[matrix::Row]) -> String {
    let count = |value: &str| {
        rows.iter()
            .filter(|r| r[matrix::FOLLOW_UP] == value)
            .count()
    };
    match existing {
        merge::Existing::None => String::new(),
        merge::Existing::Matched(previous) => {
            let (kept, new, gone) = (
                previous.typed_count(),
                count("nouveau"),
                count("absent des fichiers relus"),
            );
            let mut out = format!(
                "Matrice existante reprise : {kept} décision{} ou réponse{} conservée{}, {new} ligne{} nouvelle{}",
                plural(kept),
                plural(kept),
                plural(kept),
                plural(new),
                plural(new)
            );
            if gone > 0 {
                out += &format!(
                    ", {gone} ligne{} absente{} des fichiers relus gardée{} pour leur décision",
                    plural(gone),
                    plural(gone),
                    plural(gone)
                );
            }
            out + ".\n"
        }
        merge::Existing::KeptAside(path) => format!(
            "La matrice existante, d'une version antérieure de trame, ne peut pas être fusionnée : \
elle est conservée sous {path} avec vos décisions.\n"
        ),
    }
}

fn plural(n: usize) -> &'static str {
    if n > 1 { "s" } else { "" }
}

/// What the summary says of a returned file without trame's manifest.
fn no_manifest(file: &str) -> String {
    format!(
        "{file} : pas de manifeste de génération (document non produit par trame, ou enregistré par un logiciel qui a retiré ses données XML personnalisées) ; la colonne « Source à modifier » reste vide pour ce fichier.\n"
    )
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
