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
        // Between two equal pairs: each paragraph with the most similar unit
        // after the last one paired (a changed paragraph stands where its
        // unit stood); a paragraph like none of them was added.
        let mut next = ua;
        for (index, text) in &paras[pb..p.min(paras.len())] {
            let best = (next..u.min(units.len()))
                .map(|k| (k, similarity(&manifest.units[units[k]].text, text)))
                .max_by(|a, b| a.1.total_cmp(&b.1));
            match best {
                Some((k, score)) if score >= MIN_SIMILARITY => {
                    let unit = &manifest.units[units[k]];
                    if align::normalise(&unit.text) != align::normalise(text) {
                        out.push(request(unit, *index, text));
                    }
                    next = k + 1;
                }
                _ => out.push(Request {
                    label: label(*index, text),
                    decision: Decision::Accept,
                    kind: "paragraphe".into(),
                    source: String::new(),
                    received: String::new(),
                    target: Some(text.clone()),
                    line: None,
                }),
            }
        }
        (ua, pb) = (u + 1, p + 1);
    }
    out
}

/// How alike a changed paragraph must be to the unit it came from.
const MIN_SIMILARITY: f32 = 0.5;

/// The share of characters two texts have in common (0 to 1).
fn similarity(a: &str, b: &str) -> f32 {
    similar::TextDiff::configure()
        .timeout(std::time::Duration::from_millis(50))
        .diff_chars(a, b)
        .ratio()
}

/// The request for a unit whose paragraph now reads `text`.
fn request(unit: &crate::model::manifest::Unit, index: usize, text: &str) -> Request {
    let source = match edit::between(&unit.text, text) {
        Some(e) => {
            // Whole words: a changed digit of « 10 » is about the number.
            let chars: Vec<char> = unit.text.chars().collect();
            let mut start = e.start.min(chars.len());
            while start > 0 && !chars[start - 1].is_whitespace() {
                start -= 1;
            }
            let mut end = e.end.min(chars.len());
            while end < chars.len() && !chars[end].is_whitespace() {
                end += 1;
            }
            let located = align::locate(unit, &unit.text);
            let removed: String = chars[start..end].iter().collect();
            align::source_for(&located, start, &removed)
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
