//! Checks declared with the project, and the re-identification guard.
//!
//! `trame.yaml` may hold a `verifications:` list. Each rule has a `nom`, a
//! `condition` in a small French language (see [`expr`]), a `message` and a
//! `gravite` (`erreur`, the default, stops the build; `avertissement` is
//! listed in the build summary and in `--json`). With `pour_chaque: source`
//! the condition is checked on every row of the source and names the
//! columns of the row directly; without it, it compares aggregates and
//! settings:
//!
//! ```yaml
//! calendrier:
//!   fin_fdf: 2024-11-15
//!   enquete_6_mois: 2025-05-20
//! verifications:
//!   - nom: scores-et-questions
//!     condition: somme(questions_fdf.post_correct) = somme(scores_fdf.post) * nombre(questions_fdf) / 100
//!     message: les bonnes réponses par question ne correspondent pas aux scores individuels
//!   - nom: suivi-a-six-mois
//!     condition: calendrier.enquete_6_mois >= mois(calendrier.fin_fdf, 6)
//!     message: l'enquête d'impact à six mois précède la fin de la période de six mois
//!   - nom: scores-en-pourcentage
//!     pour_chaque: scores_fdf
//!     condition: post >= 0 et post <= 100
//!     message: un score est un pourcentage
//!     gravite: avertissement
//! ```
//!
//! A failing rule names the cells involved: each failing row's cells for a
//! `pour_chaque` rule, the ranges of the columns it totals otherwise, and
//! the two sides of each comparison that failed with their values.
//!
//! Every build also runs the re-identification guard ([`anonymity`]) on the
//! model of each document.

pub mod accessibility;
mod anonymity;
mod eval;
pub mod expr;
mod rules;

pub use rules::{Rule, Severity};

use crate::build::Built;
use crate::data::Tables;
use crate::diag::{Diagnostic, Location, Problems};
use crate::model::{CellRef, LineRef};
use crate::project::{PROJECT_FILE, Project};
use eval::{Env, Involved};

/// Most failing rows reported for one rule; the rest are counted.
const MAX_ROWS_REPORTED: usize = 20;

/// Parses and checks the rules of a freshly read project (called by
/// [`Project::parse`]); every problem names the rule's line.
pub fn prepare(project: &mut Project, text: &str) -> crate::diag::Result<()> {
    let problems = rules::prepare(project, text);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Problems(problems))
    }
}

/// Runs the rules that concern the built documents and the
/// re-identification guard on each of them. Returns the errors; attaches
/// the warnings to the documents they concern.
pub fn run(project: &Project, tables: &Tables, built: &mut [Built]) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for rule in &project.verifications {
        let concerned: Vec<usize> = if rule.documents.is_empty() {
            (0..built.len().min(1)).collect()
        } else {
            (0..built.len())
                .filter(|i| rule.documents.contains(&built[*i].document))
                .collect()
        };
        if concerned.is_empty() {
            continue;
        }
        let found = check_rule(project, tables, rule);
        match rule.gravite {
            Severity::Erreur => errors.extend(found),
            Severity::Avertissement => {
                for i in concerned {
                    built[i].warnings.extend(found.iter().cloned());
                }
            }
        }
    }
    for b in built.iter() {
        let Some(spec) = project.documents.get(&b.document) else {
            continue;
        };
        let blueprint = format!("{}/{}", crate::blueprint::BLUEPRINT_DIR, spec.blueprint);
        errors.extend(anonymity::check(project, tables, &blueprint, &b.model));
    }
    errors
}

/// The problems one rule finds (empty when it holds).
fn check_rule(project: &Project, tables: &Tables, rule: &Rule) -> Vec<Diagnostic> {
    let Some(condition) = &rule.parsed else {
        return Vec::new();
    };
    let rule_line = Location::Line {
        at: LineRef {
            file: PROJECT_FILE.into(),
            line: rule.line,
        },
        column: None,
    };
    let mut env = Env {
        project,
        tables,
        row: None,
        tolerance: rule.tolerance.unwrap_or(1e-6),
        details: Vec::new(),
        involved: Vec::new(),
    };
    let Some(source) = &rule.pour_chaque else {
        return match env.condition(condition) {
            Ok(true) => Vec::new(),
            Ok(false) => vec![Diagnostic::new(
                rule_line,
                format!(
                    "vérification « {} » : {} ({}) ; en cause : {}",
                    rule.nom,
                    rule.message,
                    env.details.join(" ; "),
                    involved(tables, &env.involved)
                ),
            )],
            Err(m) => vec![cannot_evaluate(rule, rule_line, &m)],
        };
    };
    let Some(table) = tables.get(source) else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    let mut failing = 0;
    for row in 0..table.rows.len() {
        env.row = Some((table, row));
        env.details.clear();
        env.involved.clear();
        match env.condition(condition) {
            Ok(true) => {}
            Ok(false) => {
                failing += 1;
                if failing > MAX_ROWS_REPORTED {
                    continue;
                }
                let first = env.involved.iter().find_map(|i| match i {
                    Involved::Cell(c) => Some(c.clone()),
                    _ => None,
                });
                let location = match first {
                    Some(c) => Location::Cell(c),
                    None => rule_line.clone(),
                };
                problems.push(
                    Diagnostic::new(
                        location,
                        format!(
                            "vérification « {} » : {} ({}) ; en cause : {}",
                            rule.nom,
                            rule.message,
                            env.details.join(" ; "),
                            involved(tables, &env.involved)
                        ),
                    )
                    .with_hint(Some(format!(
                        "règle déclarée dans {PROJECT_FILE}, ligne {}",
                        rule.line
                    ))),
                );
            }
            Err(m) => {
                let at = table.cell_ref(row, 0);
                problems.push(cannot_evaluate(
                    rule,
                    rule_line.clone(),
                    &format!("{m} (ligne de {at})"),
                ));
                break;
            }
        }
    }
    if failing > MAX_ROWS_REPORTED {
        problems.push(Diagnostic::new(
            rule_line,
            format!(
                "vérification « {} » : {} autres lignes en échec",
                rule.nom,
                failing - MAX_ROWS_REPORTED
            ),
        ));
    }
    problems
}

fn cannot_evaluate(rule: &Rule, at: Location, reason: &str) -> Diagnostic {
    Diagnostic::new(
        at,
        format!(
            "vérification « {} » : condition impossible à évaluer : {reason}",
            rule.nom
        ),
    )
}

/// The cells, column ranges and settings a result depended on, in French:
/// `data/x.xlsx, feuille « Scores », cellules C2:C25 (Post-test (%)) ; calendrier.fin_fdf`.
fn involved(tables: &Tables, what: &[Involved]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut cells: Vec<&CellRef> = Vec::new();
    for i in what {
        match i {
            Involved::Cell(c) => cells.push(c),
            Involved::Column { source, column } => {
                let Some(t) = tables.get(source) else {
                    continue;
                };
                let letters = crate::model::column_letters(t.columns[*column].sheet_col);
                let range = match (t.rows.first(), t.rows.last()) {
                    (Some(a), Some(b)) => {
                        format!("{letters}{}:{letters}{}", a.sheet_row + 1, b.sheet_row + 1)
                    }
                    _ => format!("colonne {letters} (vide)"),
                };
                parts.push(format!(
                    "{}, cellules {range} ({})",
                    sheet_of(&t.file, &t.sheet),
                    t.columns[*column].header
                ));
            }
            Involved::Rows(source) => {
                let Some(t) = tables.get(source) else {
                    continue;
                };
                let rows = match (t.rows.first(), t.rows.last()) {
                    (Some(a), Some(b)) => {
                        format!("lignes {} à {}", a.sheet_row + 1, b.sheet_row + 1)
                    }
                    _ => "aucune ligne".into(),
                };
                parts.push(format!("{}, {rows}", sheet_of(&t.file, &t.sheet)));
            }
            Involved::Setting(s) => parts.push(format!("{s} ({PROJECT_FILE})")),
        }
    }
    // Cells of one sheet together: `…, feuille « Scores », cellules C5, D5`.
    let mut grouped: Vec<(String, Vec<String>)> = Vec::new();
    for c in cells {
        let sheet = sheet_of(&c.file, &c.sheet);
        match grouped.iter_mut().find(|(s, _)| *s == sheet) {
            Some((_, list)) => list.push(c.cell.to_string()),
            None => grouped.push((sheet, vec![c.cell.to_string()])),
        }
    }
    let mut out: Vec<String> = grouped
        .into_iter()
        .map(|(sheet, list)| {
            let word = if list.len() > 1 {
                "cellules"
            } else {
                "cellule"
            };
            format!("{sheet}, {word} {}", list.join(", "))
        })
        .collect();
    out.extend(parts);
    out.join(" ; ")
}

fn sheet_of(file: &str, sheet: &str) -> String {
    if sheet.is_empty() {
        file.to_string()
    } else {
        format!("{file}, feuille « {sheet} »")
    }
}
