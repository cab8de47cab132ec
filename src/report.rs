//! What `trame build` prints: one line per document, or a JSON report.

use trame::build::Built;
use trame::diag::Problems;

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
        .map(|w| {
            format!(
                "\n  avertissement : {}",
                w.to_string().replace("\n    ", "\n      ")
            )
        })
        .collect();
    format!(
        "{} → {} : ≈ {} pages, {} tableau{}, {} figure{}, {} mots{}, {} s{warnings}",
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
            })
        })
        .collect();
    let problems: Vec<serde_json::Value> = problems
        .0
        .iter()
        .map(|d| serde_json::json!({ "location": d.location.to_string(), "message": d.message, "hint": d.hint }))
        .collect();
    let mut warnings: Vec<serde_json::Value> = Vec::new();
    for w in built.iter().flat_map(|b| &b.warnings) {
        let w = serde_json::json!({ "location": w.location.to_string(), "message": w.message, "hint": w.hint });
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
