//! What `trame apply` is asked to do: one request per decided row of a
//! resolution matrix (found by its « Identifiant », wherever the author
//! moved or sorted it), or per changed paragraph of a returned file.

use super::decision::{self, Decision};
use crate::diag::{Diagnostic, Location, Problems, Result};
use crate::model::CellRef;
use crate::review::{
    MATRIX_DECISION, MATRIX_FOLLOW_UP, MATRIX_ID, MATRIX_PROPOSED, MATRIX_RECEIVED,
    MATRIX_REPLACEMENT, MATRIX_SOURCE, MatrixRow,
};

/// One change asked for.
#[derive(Debug, Clone)]
pub struct Request {
    /// How the summary names it: `N° 3` (matrix) or `paragraphe 12` (file).
    pub label: String,
    pub decision: Decision,
    /// The matrix's « Type » (commentaire, insertion…).
    pub kind: String,
    /// « Source à modifier ».
    pub source: String,
    /// The paragraph as the reviewer received it.
    pub received: String,
    /// The paragraph as it should read (`None`: no text to apply).
    pub target: Option<String>,
    /// The matrix line (0 = headers) whose « Suivi » says it was applied.
    pub line: Option<usize>,
}

/// Rows of a matrix that are not requests, by reason, for the summary.
#[derive(Debug, Default)]
pub struct Skipped {
    /// No decision typed.
    pub undecided: usize,
    /// « déjà traité », « à discuter ».
    pub no_action: usize,
    /// Applied by an earlier `trame apply` (« Suivi »).
    pub applied_before: Vec<String>,
}

/// Whether a « Suivi » says `trame apply` applied the row.
pub fn is_treated(follow_up: &str) -> bool {
    follow_up.trim_start().starts_with(APPLIED)
}

/// The « Suivi » written for an applied row, before its place.
pub const APPLIED: &str = "appliquée";

/// The requests of the matrix at `path` (shown as `shown`). Every unknown
/// decision is reported at its cell, and then nothing is applied.
pub fn from_matrix(path: &std::path::Path, shown: &str) -> Result<(Vec<Request>, Skipped)> {
    let format = if shown.to_lowercase().ends_with(".csv") {
        crate::review::output::Format::Csv
    } else {
        crate::review::output::Format::Xlsx
    };
    let refuse = |m: String| Problems::one(Diagnostic::file(shown, m));
    let previous = crate::review::merge::read_rows(path, format)
        .map_err(|why| refuse(format!("matrice illisible ({why})")))?
        .ok_or_else(|| refuse("matrice introuvable".to_string()))?;
    if previous.column(MATRIX_DECISION).is_none() || previous.column(MATRIX_SOURCE).is_none() {
        return Err(refuse(
            "ce n'est pas une matrice de relecture de trame : colonnes « Décision » et « Source à modifier » introuvables (produisez-la avec « trame review »)".to_string(),
        ));
    }
    if !previous.has_ids() {
        return Err(refuse(
            "matrice sans colonne « Identifiant » (version antérieure de trame) : relancez « trame review » sur les fichiers relus pour la compléter, vos décisions sont conservées".to_string(),
        ));
    }
    let sheet = if format == crate::review::output::Format::Csv {
        ""
    } else {
        "Matrice"
    };
    let mut requests = Vec::new();
    let mut skipped = Skipped::default();
    let mut problems = Vec::new();
    let mut seen = std::collections::HashMap::new();
    for (i, row) in previous.rows().iter().enumerate() {
        let line = previous.line(i);
        let label = label(row, line);
        let cell = |header: usize| {
            CellRef::at(
                shown,
                sheet,
                line,
                previous.column(header).unwrap_or_default(),
            )
        };
        if let Some(first) = seen.insert(row[MATRIX_ID].trim().to_string(), line)
            && !row[MATRIX_ID].trim().is_empty()
        {
            problems.push(Diagnostic::new(
                Location::Cell(cell(MATRIX_ID)),
                format!(
                    "identifiant « {} » présent deux fois (lignes {} et {}) : une ligne copiée ? Supprimez la copie",
                    row[MATRIX_ID].trim(),
                    first + 1,
                    line + 1
                ),
            ));
            continue;
        }
        let decision = match decision::parse(&row[MATRIX_DECISION]) {
            Ok(Some(d)) => d,
            Ok(None) => {
                skipped.undecided += 1;
                continue;
            }
            Err(closest) => {
                let hint = match closest {
                    Some(c) => format!("vouliez-vous dire « {c} » ? "),
                    None => String::new(),
                };
                problems.push(Diagnostic::new(
                    Location::Cell(cell(MATRIX_DECISION)),
                    format!(
                        "décision « {} » inconnue ({label}) ; {hint}valeurs possibles : {}",
                        row[MATRIX_DECISION].trim(),
                        crate::review::DECISIONS.join(", ")
                    ),
                ));
                continue;
            }
        };
        if is_treated(&row[MATRIX_FOLLOW_UP]) {
            skipped.applied_before.push(label);
            continue;
        }
        if matches!(decision, Decision::AlreadyDone | Decision::Discuss) {
            skipped.no_action += 1;
            continue;
        }
        let target = match decision {
            Decision::Accept => Some(row[MATRIX_PROPOSED].clone()),
            Decision::Modify => Some(row[MATRIX_REPLACEMENT].clone()),
            _ => None,
        }
        .filter(|t| !t.trim().is_empty());
        requests.push(Request {
            label,
            decision,
            kind: row[3].trim().to_string(),
            source: row[MATRIX_SOURCE].trim().to_string(),
            received: row[MATRIX_RECEIVED].clone(),
            target,
            line: previous.column(MATRIX_FOLLOW_UP).map(|_| line),
        });
    }
    if problems.is_empty() {
        Ok((requests, skipped))
    } else {
        Err(Problems(problems))
    }
}

/// `N° 3 (ligne 4)`: the number the author sees, and the line once sorted.
fn label(row: &MatrixRow, line: usize) -> String {
    let number = row[0].trim();
    if number.is_empty() {
        format!("ligne {}", line + 1)
    } else {
        format!("N° {number} (ligne {})", line + 1)
    }
}
