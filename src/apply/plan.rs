//! The plan: every request checked against the sources as they stand now,
//! before anything is written. Each gets a verdict (applied, to do by hand,
//! conflict, refused); the changed files are computed in memory.

use super::decision::Decision;
use super::edit::{self, Edit};
use super::place::{self, Place};
use super::request::Request;
use super::sources::Sources;
use super::value::{self, CellValue, NewValue};
use crate::diag::Result;
use crate::model::CellRef;
use std::collections::BTreeMap;

/// What becomes of one request.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Written at `place`: the source's text before and after.
    Applied {
        place: String,
        before: String,
        after: String,
    },
    /// Left to the author, with the place to act and why.
    Manual {
        place: String,
        why: String,
    },
    /// The source no longer holds what was reviewed: nothing is written.
    Conflict {
        place: String,
        why: String,
    },
    Refused,
    /// The source already reads as asked.
    Unchanged {
        place: String,
    },
}

/// A request and its verdict.
#[derive(Debug, Clone)]
pub struct Decided {
    pub label: String,
    pub verdict: Verdict,
    /// The matrix line whose « Suivi » records an applied row.
    pub line: Option<usize>,
}

/// Every verdict, in the requests' order, and the files as they would be.
pub struct Plan {
    pub rows: Vec<Decided>,
    pub sources: Sources,
}

impl Plan {
    pub fn conflicts(&self) -> usize {
        self.count(|v| matches!(v, Verdict::Conflict { .. }))
    }

    pub fn count(&self, f: impl Fn(&Verdict) -> bool) -> usize {
        self.rows.iter().filter(|r| f(&r.verdict)).count()
    }
}

/// Most lines a paragraph of a blueprint spans (from the line the manifest
/// names to the next blank line).
const MAX_PARAGRAPH_LINES: usize = 60;

/// Checks every request against `sources` and computes the new files.
pub fn plan(requests: &[Request], mut sources: Sources) -> Result<Plan> {
    let mut verdicts: Vec<Option<Verdict>> = vec![None; requests.len()];
    // (place, received) → requests and their edits on the received text.
    let mut groups: BTreeMap<(Place, &str), Vec<(usize, Edit)>> = BTreeMap::new();
    for (i, r) in requests.iter().enumerate() {
        let manual = |why: &str| Verdict::Manual {
            place: shown_source(&r.source),
            why: why.to_string(),
        };
        let verdict = match (r.decision, &r.target) {
            (Decision::Refuse, _) => Some(Verdict::Refused),
            (_, None) => Some(manual(&why_no_text(r))),
            (_, Some(_)) if r.received.trim().is_empty() => Some(manual(
                "texte reçu inconnu (matrice d'une version antérieure de trame, ou fichier relu sans manifeste) : relancez « trame review »",
            )),
            (_, Some(target)) => match place::parse(&r.source, |f| sources.known(f)) {
                Err(why) => Some(manual(&why)),
                Ok(place) => match edit::between(&r.received, target) {
                    None => Some(Verdict::Unchanged {
                        place: place.to_string(),
                    }),
                    Some(e) => {
                        groups
                            .entry((place, r.received.as_str()))
                            .or_default()
                            .push((i, e));
                        None
                    }
                },
            },
        };
        verdicts[i] = verdict;
    }
    let mut cells: BTreeMap<CellRef, (CellValue, Vec<(usize, Edit)>)> = BTreeMap::new();
    let mut numbers: BTreeMap<CellRef, (String, Vec<(usize, Edit)>)> = BTreeMap::new();
    let mut lines: BTreeMap<(String, usize), Vec<(usize, Edit)>> = BTreeMap::new();
    for ((place, received), edits) in groups {
        let shown = place.to_string();
        let mut set = |i: usize, v: Verdict| verdicts[i] = Some(v);
        match &place {
            Place::Cell(cell) => {
                let Some(value) = sources.cell(cell)? else {
                    for (i, _) in edits {
                        set(
                            i,
                            conflict(
                                &shown,
                                "la cellule est vide ou absente du classeur".into(),
                                &sources,
                                &place,
                            ),
                        );
                    }
                    continue;
                };
                if value.formula {
                    for (i, _) in edits {
                        set(i, Verdict::Manual { place: shown.clone(), why: "la cellule est calculée par une formule : modifiez les cellules dont elle dépend".into() });
                    }
                    continue;
                }
                if value.number {
                    if !value::same_number(&value.text, received) {
                        let why = format!(
                            "la cellule contient désormais {} ; le document relu montrait « {} »",
                            value.text, received
                        );
                        for (i, _) in edits {
                            set(i, conflict(&shown, why.clone(), &sources, &place));
                        }
                        continue;
                    }
                    let entry = numbers
                        .entry(cell.clone())
                        .or_insert_with(|| (received.to_string(), Vec::new()));
                    if entry.0 != received {
                        for (i, _) in edits {
                            set(
                                i,
                                Verdict::Manual {
                                    place: shown.clone(),
                                    why: "cette cellule a été relue dans deux textes différents"
                                        .into(),
                                },
                            );
                        }
                        continue;
                    }
                    entry.1.extend(edits);
                    continue;
                }
                let hay = edit::folded(received);
                if edit::find_all(&hay, &edit::folded(&value.text)).is_empty()
                    && !value.text.is_empty()
                {
                    let why = format!(
                        "la cellule contient désormais « {} » ; le document relu montrait « {} »",
                        value.text, received
                    );
                    for (i, _) in edits {
                        set(i, conflict(&shown, why.clone(), &sources, &place));
                    }
                    continue;
                }
                let entry = cells
                    .entry(cell.clone())
                    .or_insert_with(|| (value.clone(), Vec::new()));
                for (i, e) in edits {
                    match edit::locate(received, &e, &value.text) {
                        Ok(mut moved) => {
                            moved.insert = edit::for_source(&moved.insert, &value.text);
                            entry.1.push((i, moved));
                        }
                        Err(_) => set(i, Verdict::Manual { place: shown.clone(), why: "la modification touche aussi du texte qui ne vient pas de cette cellule".into() }),
                    }
                }
            }
            Place::Line(line) => {
                let text = sources.text(&line.file)?;
                let all: Vec<&str> = text.split_inclusive('\n').collect();
                let first = (line.line as usize).saturating_sub(1);
                let candidates: Vec<usize> = (first..all.len())
                    .take(MAX_PARAGRAPH_LINES)
                    .take_while(|&k| k == first || !all[k].trim().is_empty())
                    .collect();
                for (i, e) in edits {
                    let mut found = Vec::new();
                    let mut ambiguous = false;
                    for &k in &candidates {
                        let content = content(all[k]);
                        match edit::locate(received, &e, content) {
                            Ok(mut moved) => {
                                moved.insert = edit::for_source(&moved.insert, content);
                                found.push((k, moved));
                            }
                            Err(several) => ambiguous |= several,
                        }
                    }
                    match (found.len(), ambiguous) {
                        (1, false) => {
                            let (k, moved) = found.remove(0);
                            lines.entry((line.file.to_string(), k)).or_default().push((i, moved));
                        }
                        (0, false) if candidates.is_empty() => set(i, conflict(&shown, "le modèle n'a plus cette ligne".into(), &sources, &place)),
                        (0, false) => {
                            let template = candidates
                                .iter()
                                .any(|&k| all[k].contains("{{") || all[k].contains("{%"));
                            set(i, not_literal(&shown, template, &sources, &place));
                        }
                        _ => set(i, Verdict::Manual { place: shown.clone(), why: "le texte modifié se trouve à plusieurs endroits de ce paragraphe du modèle".into() }),
                    }
                }
            }
        }
    }
    // Cells of text.
    for (cell, (value, edits)) in cells {
        let kept = without_overlaps(edits, requests, &mut verdicts, &cell.to_string());
        if kept.is_empty() {
            continue;
        }
        let refs: Vec<&Edit> = kept.iter().map(|(_, e)| e).collect();
        let after = edit::apply(&value.text, &refs);
        sources.write_cell(&cell, &NewValue::Text(after.clone()))?;
        for (i, _) in kept {
            verdicts[i] = Some(Verdict::Applied {
                place: cell.to_string(),
                before: value.text.clone(),
                after: after.clone(),
            });
        }
    }
    // Cells of numbers: the new text must read as a number.
    for (cell, (received, edits)) in numbers {
        let kept = without_overlaps(edits, requests, &mut verdicts, &cell.to_string());
        if kept.is_empty() {
            continue;
        }
        let refs: Vec<&Edit> = kept.iter().map(|(_, e)| e).collect();
        let after = edit::apply(&received, &refs);
        let verdict = match value::french_number(&after) {
            Some(n) => {
                sources.write_cell(&cell, &NewValue::Number(n.clone()))?;
                Verdict::Applied {
                    place: cell.to_string(),
                    before: received.clone(),
                    after: n,
                }
            }
            None => Verdict::Manual {
                place: cell.to_string(),
                why: format!("la cellule contient un nombre, et « {after} » n'en est pas un"),
            },
        };
        for (i, _) in kept {
            verdicts[i] = Some(verdict.clone());
        }
    }
    // Blueprint lines, file by file.
    let mut by_file: BTreeMap<String, Vec<LineEdits>> = BTreeMap::new();
    for ((file, k), edits) in lines {
        by_file.entry(file).or_default().push((k, edits));
    }
    for (file, per_line) in by_file {
        let text = sources.text(&file)?;
        let mut all: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
        let mut applied = Vec::new();
        for (k, edits) in per_line {
            let shown = format!("{file}, ligne {}", k + 1);
            let kept = without_overlaps(edits, requests, &mut verdicts, &shown);
            if kept.is_empty() {
                continue;
            }
            let before = content(&all[k]).to_string();
            let refs: Vec<&Edit> = kept.iter().map(|(_, e)| e).collect();
            let after = edit::apply(&before, &refs);
            all[k] = format!("{after}{}", &all[k][before.len()..]);
            for (i, _) in kept {
                applied.push((
                    i,
                    Verdict::Applied {
                        place: shown.clone(),
                        before: before.clone(),
                        after: after.clone(),
                    },
                ));
            }
        }
        sources.write_text(&file, all.concat());
        for (i, v) in applied {
            verdicts[i] = Some(v);
        }
    }
    sources.finish()?;
    let rows = requests
        .iter()
        .zip(verdicts)
        .map(|(r, v)| Decided {
            label: r.label.clone(),
            verdict: v.unwrap_or(Verdict::Refused),
            line: r.line,
        })
        .collect();
    Ok(Plan { rows, sources })
}

/// A blueprint line (index from 0) and the edits of requests on it.
type LineEdits = (usize, Vec<(usize, Edit)>);

/// A line without its line end.
fn content(line: &str) -> &str {
    line.trim_end_matches(['\n', '\r'])
}

/// The edits that do not overlap an earlier one; the others are left to
/// the author, naming the row they collide with.
fn without_overlaps(
    mut edits: Vec<(usize, Edit)>,
    requests: &[Request],
    verdicts: &mut [Option<Verdict>],
    place: &str,
) -> Vec<(usize, Edit)> {
    edits.sort_by_key(|(i, e)| (e.start, e.end, *i));
    let mut kept: Vec<(usize, Edit)> = Vec::new();
    for (i, e) in edits {
        if let Some((j, _)) = kept.iter().find(|(_, k)| edit::overlap(k, &e)) {
            verdicts[i] = Some(Verdict::Manual {
                place: place.to_string(),
                why: format!(
                    "chevauche la modification {} au même endroit",
                    requests[*j].label
                ),
            });
        } else {
            kept.push((i, e));
        }
    }
    kept
}

/// The verdict for an edit whose text is not found in its blueprint lines.
/// Lines with template code: the text may come from an expression, the
/// author decides. Plain lines changed since the delivery: the reviewed
/// text is gone, a conflict. Plain lines unchanged: Markdown marks
/// (emphasis, links) stand between the words, the author decides.
fn not_literal(shown: &str, template: bool, sources: &Sources, place: &Place) -> Verdict {
    let changed = sources.changed_since_delivery(place.file());
    let manual = |why: String| Verdict::Manual {
        place: shown.to_string(),
        why,
    };
    match (template, changed) {
        (true, _) => manual(format!(
            "le texte modifié n'est pas écrit tel quel à cette ligne du modèle : il vient d'une expression ou de plusieurs sources{}",
            sources
                .delivery_note(place.file())
                .map(|n| format!(" ; {n}"))
                .unwrap_or_default()
        )),
        (false, true) => conflict(
            shown,
            "le texte relu ne se trouve plus à cette ligne".into(),
            sources,
            place,
        ),
        (false, false) => manual(
            "le texte modifié n'est pas écrit tel quel à cette ligne du modèle (mise en forme Markdown entre les mots ?)".into(),
        ),
    }
}

fn conflict(place: &str, why: String, sources: &Sources, at: &Place) -> Verdict {
    let why = match sources.delivery_note(at.file()) {
        Some(note) => format!("{why} ({note})"),
        None => why,
    };
    Verdict::Conflict {
        place: place.to_string(),
        why,
    }
}

fn shown_source(source: &str) -> String {
    if source.trim().is_empty() {
        "source inconnue".to_string()
    } else {
        source.trim().to_string()
    }
}

/// Why a decided row carries no text to apply.
fn why_no_text(r: &Request) -> String {
    match (r.decision, r.kind.as_str()) {
        (Decision::Modify, _) => "décision « modifier » sans « Texte de remplacement » : écrivez le paragraphe tel qu'il doit se lire".into(),
        (_, "commentaire" | "réponse") => "commentaire accepté : la modification est à faire à la main (ou choisissez « modifier » et écrivez le texte de remplacement)".into(),
        (_, "mise en forme") => "mise en forme : à reporter à la main dans le modèle".into(),
        (_, "déplacement") => "déplacement : à reporter à la main dans le modèle".into(),
        _ => "pas de texte proposé pour cette modification (ligne de tableau, marque de paragraphe…) : à reporter à la main".into(),
    }
}
