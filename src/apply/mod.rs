//! `trame apply`: the author's decisions in a resolution matrix (or the
//! changes accepted in a returned Word file) written back into the sources:
//! workbook cells (xlsx, ods, csv) and literal blueprint lines.
//!
//! All or nothing: every request is checked first ([`plan`]), the plan is
//! printed, and only when no row conflicts with the sources as they stand
//! are the changed files written, together (through
//! [`crate::files::write_atomically`]), with a copy of each changed source
//! as it was kept under the delivery's folder and the applied rows marked in
//! the matrix's « Suivi ». Text that comes from an expression or from
//! several sources is never guessed: it is left to the author, with the place.

mod csv_cell;
mod decision;
mod edit;
mod from_docx;
mod locks;
mod ods;
mod package;
mod place;
mod plan;
mod report;
mod request;
mod sources;
mod value;
mod xlsx;

pub use decision::Decision;
pub use request::{APPLIED, is_treated};

use crate::diag::{Diagnostic, Problems, Result};
use std::path::Path;

/// How `trame apply` runs.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Print the plan, write nothing (`--essai`).
    pub trial: bool,
    /// The delivery the reviewed files came from (default: the latest).
    pub delivery: Option<String>,
}

/// What `trame apply` did.
#[derive(Debug)]
pub struct Outcome {
    /// The plan and the summary, for the terminal.
    pub report: String,
    /// Files written (sources, copies, matrix), relative to the project.
    pub written: Vec<String>,
    /// Every request applied or refused (else the exit code is not zero).
    pub complete: bool,
}

/// Where the sources are copied before they change, under the delivery.
const BEFORE: &str = "avant-application";

/// Runs `trame apply` on `input` (a matrix .xlsx/.csv, or a returned .docx),
/// a path relative to `root` or absolute.
pub fn run(root: &Path, input: &str, options: &Options) -> Result<Outcome> {
    let project = crate::project::Project::load(root)?;
    let path = root.join(input);
    if !path.is_file() {
        return Err(Diagnostic::file(input, "fichier introuvable").into());
    }
    let extension = Path::new(input)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let (requests, skipped, matrix) = match extension.as_str() {
        "xlsx" | "csv" => {
            let (requests, skipped) = request::from_matrix(&path, input)?;
            (requests, skipped, Some(extension == "csv"))
        }
        "docx" => {
            let requests = from_docx::requests(&path, input)?;
            (requests, request::Skipped::default(), None)
        }
        _ => {
            return Err(Diagnostic::file(
                input,
                "trame apply lit une matrice de relecture (.xlsx ou .csv, produite par « trame review ») ou un fichier Word relu (.docx)",
            )
            .into());
        }
    };
    let baseline = baseline(root, options.delivery.as_deref())?;
    let declared = project.sources.values().map(|s| s.file.clone()).collect();
    let sources = sources::Sources::new(root.to_path_buf(), declared, baseline);
    let plan = plan::plan(&requests, sources)?;
    let mut report = report::plan(&plan);
    report += &report::summary(&plan, &skipped);
    let manual = plan.count(|v| matches!(v, plan::Verdict::Manual { .. }));
    let complete = manual == 0 && plan.conflicts() == 0;
    if plan.conflicts() > 0 {
        report += "Aucun fichier modifié : des sources ont changé depuis la version relue. Reportez ces lignes à la main, ou marquez-les « à discuter », puis relancez.\n";
        return Ok(Outcome {
            report,
            written: Vec::new(),
            complete,
        });
    }
    if options.trial {
        report += "Essai : aucun fichier modifié.\n";
        return Ok(Outcome {
            report,
            written: Vec::new(),
            complete,
        });
    }
    let mut files: Vec<(String, Vec<u8>)> = plan
        .sources
        .changed()
        .into_iter()
        .map(|(f, _, now)| (f.to_string(), now.to_vec()))
        .collect();
    if files.is_empty() {
        report += "Aucun fichier modifié : rien à écrire.\n";
        return Ok(Outcome {
            report,
            written: Vec::new(),
            complete,
        });
    }
    // The matrix records what was applied, when it lies in the project.
    let mut matrix_at = None;
    if let Some(csv) = matrix {
        match inside(root, input) {
            Some(relative) => {
                let marked = mark_applied(&path, csv, &plan)?;
                matrix_at = Some(files.len());
                files.push((relative, marked));
            }
            None => {
                report += "La matrice est hors du dossier du projet : sa colonne « Suivi » n'est pas mise à jour.\n";
            }
        }
    }
    locks::refuse_locked(root, files.iter().map(|(f, _)| f.as_str()))?;
    let folder = backup_folder(root, plan.sources.baseline().map(|b| b.label.as_str()));
    for (file, before, _) in plan.sources.changed() {
        files.push((format!("{folder}/{file}"), before.to_vec()));
    }
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(f, b)| (f.as_str(), b.as_slice()))
        .collect();
    // The matrix is an output: it must not carry a confidential value. The
    // sources and their copies hold them by design, and are not scanned.
    if let Some(at) = matrix_at {
        let guard = crate::confidential::Guard::for_project(root)?;
        guard.check(&[(files[at].0.clone(), files[at].1.as_slice())])?;
    }
    crate::files::write_atomically(root, &refs, &crate::confidential::Guard::empty())?;
    let written: Vec<String> = files.into_iter().map(|(f, _)| f).collect();
    report += &format!(
        "Fichiers modifiés : {}.\nCopie des sources avant modification : {folder}/\n",
        written
            .iter()
            .filter(|f| !f.starts_with(&folder))
            .cloned()
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(Outcome {
        report,
        written,
        complete,
    })
}

/// `input` as a path relative to `root` when it lies inside it.
fn inside(root: &Path, input: &str) -> Option<String> {
    let path = Path::new(input);
    let relative = if path.is_absolute() {
        let base = root.canonicalize().ok()?;
        path.canonicalize()
            .ok()?
            .strip_prefix(base)
            .ok()?
            .to_path_buf()
    } else {
        path.to_path_buf()
    };
    relative
        .components()
        .all(|c| {
            matches!(
                c,
                std::path::Component::Normal(_) | std::path::Component::CurDir
            )
        })
        .then(|| relative.to_string_lossy().replace('\\', "/"))
}

/// The delivery to compare sources with: the one named, else the latest
/// (by date, then label) that recorded its sources.
fn baseline(root: &Path, label: Option<&str>) -> Result<Option<sources::Baseline>> {
    let deliveries = crate::redline::list(root)?;
    if let Some(label) = label {
        let Some(d) = deliveries.iter().find(|d| d.label == label) else {
            let known: Vec<&str> = deliveries.iter().map(|d| d.label.as_str()).collect();
            return Err(Diagnostic::file(
                format!("{}/{label}", crate::redline::DELIVERIES),
                "livraison inconnue",
            )
            .with_hint(Some(if known.is_empty() {
                "aucune livraison enregistrée".to_string()
            } else {
                format!("livraisons enregistrées : {}", known.join(", "))
            }))
            .into());
        };
        return Ok(Some(sources::Baseline {
            label: d.label.clone(),
            sums: d.sources.clone(),
        }));
    }
    Ok(deliveries
        .iter()
        .filter(|d| !d.sources.is_empty())
        .max_by(|a, b| (&a.date, &a.label).cmp(&(&b.date, &b.label)))
        .map(|d| sources::Baseline {
            label: d.label.clone(),
            sums: d.sources.clone(),
        }))
}

/// A folder not used yet for the copies of this run's sources.
fn backup_folder(root: &Path, label: Option<&str>) -> String {
    let base = match label {
        Some(label) => format!("{}/{label}/{BEFORE}", crate::redline::DELIVERIES),
        None => format!("{}/{BEFORE}", crate::redline::DELIVERIES),
    };
    (1..)
        .map(|n| {
            if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            }
        })
        .find(|f| !root.join(f).exists())
        .unwrap_or(base)
}

/// The matrix with « appliquée : PLACE » in the « Suivi » of each applied row.
fn mark_applied(path: &Path, csv: bool, plan: &plan::Plan) -> Result<Vec<u8>> {
    let shown = path.display().to_string();
    let mut bytes = std::fs::read(path).map_err(|e| {
        Problems::one(Diagnostic::file(
            &shown,
            format!("matrice illisible ({})", crate::io_reason(&e)),
        ))
    })?;
    let column = crate::review::merge::read_rows(
        path,
        if csv {
            crate::review::output::Format::Csv
        } else {
            crate::review::output::Format::Xlsx
        },
    )
    .ok()
    .flatten()
    .and_then(|p| p.column(crate::review::MATRIX_FOLLOW_UP));
    let Some(column) = column else {
        return Ok(bytes);
    };
    let mut book = (!csv).then(|| xlsx::Book::open(bytes.clone()));
    for row in &plan.rows {
        let (Some(line), plan::Verdict::Applied { place, .. }) = (row.line, &row.verdict) else {
            continue;
        };
        let text = format!("{APPLIED} : {place}");
        let fail = |why: String| {
            Problems::one(Diagnostic::file(
                &shown,
                format!("« Suivi » de la {} impossible à écrire ({why})", row.label),
            ))
        };
        match &mut book {
            Some(book) => {
                let cell = crate::model::CellRef::at("", "", line, column)
                    .cell
                    .to_string();
                book.write_cell("Matrice", &cell, &value::NewValue::Text(text))
                    .map_err(fail)?;
            }
            None => {
                bytes = csv_cell::write_field(&bytes, line, column, &text)
                    .ok_or_else(|| fail("champ absent".into()))?;
            }
        }
    }
    if let Some(book) = book {
        bytes = book
            .finish()
            .map_err(|why| Problems::one(Diagnostic::file(&shown, why)))?;
    }
    Ok(bytes)
}
