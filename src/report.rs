//! What `trame build` prints: one line per document, or a JSON report.

use trame::build::Built;
use trame::diag::Problems;
use trame::files::KeptAside;

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
    format!(
        "{} → {} : ≈ {} pages, {} tableau{}, {} figure{}, {} mots{}, {} s",
        b.name,
        b.output,
        s.pages_estimate,
        s.tables,
        if s.tables > 1 { "x" } else { "" },
        s.figures,
        if s.figures > 1 { "s" } else { "" },
        trame::french::format_integer(s.words as i64).replace('\u{a0}', " "),
        if review { ", copie de relecture" } else { "" },
        trame::french::format_decimal(seconds, Some(2))
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
                "kept_aside": b.kept_aside.iter().map(|k| serde_json::json!({
                    "output": k.output,
                    "kept": k.kept,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let problems: Vec<serde_json::Value> = problems
        .0
        .iter()
        .map(|d| serde_json::json!({ "location": d.location.to_string(), "message": d.message, "hint": d.hint }))
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({
        "ok": problems.is_empty(),
        "seconds": (seconds * 1000.0).round() / 1000.0,
        "documents": documents,
        "problems": problems,
    }))
    .expect("report serialises")
}
