//! `trame apply retour.docx`: the text of a returned file once every
//! tracked change is accepted (the author accepted or rejected them in
//! Word), paragraph by paragraph against the generation manifest. A
//! paragraph whose text differs from what trame generated is a request
//! « accepter », traced to its source as `trame review` traces changes.

use super::decision::Decision;
use super::edit;
use super::request::Request;
use crate::diag::{Diagnostic, Result};
use crate::model::manifest::Manifest;
use crate::review::align;

/// The requests of the returned file at `path` (shown as `shown`).
pub fn requests(path: &std::path::Path, shown: &str) -> Result<Vec<Request>> {
    let file = std::fs::File::open(path).map_err(|e| {
        Diagnostic::file(
            shown,
            format!("lecture impossible ({})", crate::io_reason(&e)),
        )
    })?;
    let (paras, manifest) =
        crate::review::read::paragraphs_and_manifest(std::io::BufReader::new(file))
            .map_err(|m| Diagnostic::file(shown, m))?;
    let Some(manifest) = manifest else {
        return Err(Diagnostic::file(
            shown,
            "pas de manifeste de génération (document non produit par trame, ou enregistré par un logiciel qui a retiré ses données XML personnalisées) : trame ne peut pas savoir d'où vient chaque paragraphe ; passez par « trame review » et la matrice",
        )
        .into());
    };
    let mut out = Vec::new();
    for part in ["document", "footnotes"] {
        let texts: Vec<(usize, String)> = paras
            .iter()
            .enumerate()
            .filter(|(_, p)| &*p.part == part)
            .map(|(i, p)| (i, p.accepted().to_string()))
            .filter(|(_, t)| !t.trim().is_empty())
            .collect();
        out.extend(part_requests(&manifest, part, &texts));
    }
    Ok(out)
}

/// Units and paragraphs of one part paired: equal texts first, then, between
/// two equal pairs, as many units as paragraphs one for one (a paragraph the
/// reviewer changed stands where its unit stood).
fn part_requests(manifest: &Manifest, part: &str, paras: &[(usize, String)]) -> Vec<Request> {
    let units: Vec<usize> = (0..manifest.units.len())
        .filter(|&i| manifest.units[i].part == part)
        .collect();
    let unit_texts: Vec<String> = units
        .iter()
        .map(|&i| align::normalise(&manifest.units[i].text))
        .collect();
    let para_texts: Vec<String> = paras.iter().map(|(_, t)| align::normalise(t)).collect();
    let a: Vec<&str> = unit_texts.iter().map(String::as_str).collect();
    let b: Vec<&str> = para_texts.iter().map(String::as_str).collect();
    let mut pairs = align::matches(&a, &b);
    pairs.push((a.len(), b.len()));
    let mut out = Vec::new();
    let (mut ua, mut pb) = (0, 0);
    for (u, p) in pairs {
        let (gap_u, gap_p) = (u.saturating_sub(ua), p.saturating_sub(pb));
        if gap_u == gap_p {
            for k in 0..gap_u {
                let unit = &manifest.units[units[ua + k]];
                let (index, text) = &paras[pb + k];
                if align::normalise(&unit.text) != align::normalise(text) {
                    out.push(request(unit, *index, text));
                }
            }
        } else {
            for k in 0..gap_p {
                let (index, text) = &paras[pb + k];
                out.push(Request {
                    label: label(*index, text),
                    decision: Decision::Accept,
                    kind: "paragraphe".into(),
                    source: String::new(),
                    received: String::new(),
                    target: Some(text.clone()),
                    line: None,
                });
            }
        }
        (ua, pb) = (u + 1, p + 1);
    }
    out
}

/// The request for a unit whose paragraph now reads `text`.
fn request(unit: &crate::model::manifest::Unit, index: usize, text: &str) -> Request {
    let source = match edit::between(&unit.text, text) {
        Some(e) => {
            let located = align::locate(unit, &unit.text);
            let removed: String = unit
                .text
                .chars()
                .skip(e.start)
                .take(e.end - e.start)
                .collect();
            align::source_for(&located, e.start, &removed)
        }
        None => String::new(),
    };
    Request {
        label: label(index, text),
        decision: Decision::Accept,
        kind: "paragraphe".into(),
        source,
        received: unit.text.clone(),
        target: Some(text.to_string()),
        line: None,
    }
}

/// `paragraphe 12 (« Les dossiers reposent… »)`.
fn label(index: usize, text: &str) -> String {
    let start: String = text.chars().take(40).collect();
    let more = if text.chars().count() > 40 { "…" } else { "" };
    format!("paragraphe {} (« {}{more} »)", index + 1, start.trim())
}
