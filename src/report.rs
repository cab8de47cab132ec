//! What `trame build` prints: one line per document, or a JSON report.

use trame::build::Built;
use trame::diag::{Diagnostic, Location, Problems};
use trame::files::KeptAside;
use trame::pagination::Pagination;

/// The warning for an output that was changed since trame wrote it, and
/// was kept aside before being replaced.
pub fn kept_aside(k: &KeptAside) -> String {
    let why = if k.recorded {
        format!(
            "{} a été modifié depuis que trame l'a écrit (dans Word ?)",
            k.output
        )
    } else {
        format!(
            "{} n'a pas été écrit par cette version de trame et diffère du nouveau",
            k.output
        )
    };
    let manifest = if k.output.ends_with(".docx") {
        format!(
            ", et {} donne la source de chaque paragraphe",
            trame::build::manifest_path(&k.output)
        )
    } else {
        String::new()
    };
    format!(
        "trame : attention : {why} ; votre version est conservée sous « {} », et {} est remplacé par le nouveau document.\n    \
Pour garder ces modifications dans les prochaines versions, reportez-les dans les sources \
(classeurs de data/, modèles de blueprints/) : Word montre les différences (Révision > Comparer){manifest}.",
        k.kept, k.output
    )
}

/// `evaluation → out/evaluation-besoins.docx : ≈ 38 pages, 23 tableaux, …`.
pub fn line(b: &Built, review: bool, seconds: f64) -> String {
    if let Some(other) = &b.written_beside {
        return format!(
            "{} : {} est ouvert dans un autre programme (Word ?) et ne peut pas être remplacé ; la nouvelle version est écrite à côté : {other}",
            b.name, b.output
        );
    }
    let s = b.summary();
    let warnings: String = b
        .warnings
        .iter()
        .map(|w| format!("\n  {}", warning(w)))
        .collect();
    let shown = match b.shows_confidential.as_slice() {
        [] => String::new(),
        headers => format!(
            ", montre {} confidentielle{} « {} » de sa propre ligne (confidentiel_autorise)",
            if headers.len() > 1 {
                "les colonnes"
            } else {
                "la colonne"
            },
            if headers.len() > 1 { "s" } else { "" },
            headers.join(" », « ")
        ),
    };
    format!(
        "{} → {} : ≈ {} page{}, {} tableau{}, {} figure{}, {} mots{}{shown}, {} s{warnings}",
        b.name,
        b.output,
        s.pages_estimate,
        if s.pages_estimate > 1 { "s" } else { "" },
        s.tables,
        if s.tables > 1 { "x" } else { "" },
        s.figures,
        if s.figures > 1 { "s" } else { "" },
        trame::french::format_integer(s.words as i64).replace('\u{a0}', " "),
        if review { ", copie de relecture" } else { "" },
        trame::french::format_decimal(seconds, Some(2))
    )
}

/// One warning as the summary shows it: `avertissement : place : message`.
pub fn warning(w: &Diagnostic) -> String {
    format!(
        "avertissement : {}",
        w.to_string().replace("\n    ", "\n      ")
    )
}

/// The machine-readable report of a build (documents, or problems).
pub fn json(built: &[Built], problems: &Problems, seconds: f64) -> String {
    let documents: Vec<serde_json::Value> = built
        .iter()
        .map(|b| {
            let s = b.summary();
            serde_json::json!({
                "name": b.name,
                "output": b.output,
                "manifest": b.manifest_path(),
                "pages_estimated": s.pages_estimate,
                "tables": s.tables,
                "figures": s.figures,
                "words": s.words,
                "page_numbers": match &b.pages {
                    Pagination::NotAsked => "not_asked",
                    Pagination::Filled => "filled",
                    Pagination::Off => "off",
                    Pagination::Unavailable(_) => "unavailable",
                },
                "shows_confidential": b.shows_confidential,
                "kept_aside": b.kept_aside.iter().map(|k| serde_json::json!({
                    "output": k.output,
                    "kept": k.kept,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let problems = problems_json(problems);
    let mut warnings: Vec<serde_json::Value> = Vec::new();
    for w in problems_json(&Problems(
        built
            .iter()
            .flat_map(|b| b.warnings.iter().cloned())
            .collect(),
    )) {
        if !warnings.contains(&w) {
            warnings.push(w);
        }
    }
    serde_json::to_string_pretty(&serde_json::json!({
        "ok": problems.is_empty(),
        "warnings": warnings,
        "seconds": (seconds * 1000.0).round() / 1000.0,
        "documents": documents,
        "problems": problems,
    }))
    .expect("report serialises")
}

/// The machine-readable report of `trame check`.
pub fn check_json(documents: &[String], warnings: &[Diagnostic], problems: &Problems) -> String {
    serde_json::to_string_pretty(&serde_json::json!({
        "ok": problems.0.is_empty(),
        "documents": documents,
        "warnings": problems_json(&Problems(warnings.to_vec())),
        "problems": problems_json(problems),
    }))
    .expect("report serialises")
}

/// Each problem with its place as fields (`file`, `sheet`, `cell`, `row`,
/// `line`, `column`: those that apply), the place as text, the message and
/// the hint.
fn problems_json(problems: &Problems) -> Vec<serde_json::Value> {
    problems
        .0
        .iter()
        .map(|d| {
            serde_json::json!({
                "location": location_json(&d.location),
                "place": d.location.to_string(),
                "message": d.message,
                "hint": d.hint,
            })
        })
        .collect()
}

/// A place as JSON fields; rows, lines and columns count from 1, cells are
/// A1 references.
pub fn location_json(location: &Location) -> serde_json::Value {
    use serde_json::json;
    match location {
        Location::File(file) => json!({ "file": file }),
        Location::Line { at, column } => {
            let mut v = json!({ "file": &*at.file, "line": at.line });
            if let Some(c) = column {
                v["column"] = json!(c);
            }
            v
        }
        Location::Cell(cell) => {
            let mut v = json!({ "file": &*cell.file, "cell": cell.cell });
            if !cell.sheet.is_empty() {
                v["sheet"] = json!(&*cell.sheet);
            }
            v["row"] = json!(cell.cell.row as u64 + 1);
            v["column"] = json!(cell.cell.col as u64 + 1);
            v
        }
        Location::Sheet { file, sheet, row } => {
            let mut v = json!({ "file": file });
            if !sheet.is_empty() {
                v["sheet"] = json!(sheet);
            }
            if let Some(r) = row {
                v["row"] = json!(r);
            }
            v
        }
    }
}
