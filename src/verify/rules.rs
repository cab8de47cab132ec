//! The `verifications` section of `trame.yaml`: rules, and their checking
//! when the project loads (syntax, names of sources, columns, dates and
//! settings), each problem at the rule's line.

use super::expr::{self, Expr};
use crate::diag::Diagnostic;
use crate::project::{PROJECT_FILE, Project};
use serde::Deserialize;

/// One declared check.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// A short name, unique in the project, shown with every failure.
    pub nom: String,
    /// A source: the condition is checked on each of its rows, whose
    /// columns it names directly.
    #[serde(default)]
    pub pour_chaque: Option<String>,
    /// What must hold (see [`super::expr`]).
    pub condition: String,
    /// The French sentence shown when the condition fails.
    pub message: String,
    #[serde(default)]
    pub gravite: Severity,
    /// Largest difference two numbers may have and still be equal (default 0,000001).
    #[serde(default)]
    pub tolerance: Option<f64>,
    /// The documents whose text depends on this rule: the rule runs only
    /// when one of them is built, and its warnings are listed with them.
    /// Empty: every build, warnings listed with the first document.
    #[serde(default)]
    pub documents: Vec<String>,
    /// The parsed condition (filled when the project loads).
    #[serde(skip)]
    pub parsed: Option<Expr>,
    /// Line of the rule in `trame.yaml` (filled when the project loads).
    #[serde(skip)]
    pub line: u32,
}

/// What a failed rule does to the build.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Stops the build.
    #[default]
    Erreur,
    /// Listed in the build summary and in `--json`.
    Avertissement,
}

/// The functions a condition may call, with their arity.
const FUNCTIONS: &[(&str, usize, &str)] = &[
    ("somme", 1, "somme(source.colonne)"),
    ("moyenne", 1, "moyenne(source.colonne)"),
    ("min", 1, "min(source.colonne)"),
    ("max", 1, "max(source.colonne)"),
    ("distincts", 1, "distincts(source.colonne)"),
    ("nombre", 1, "nombre(source)"),
    ("vide", 1, "vide(colonne)"),
    ("abs", 1, "abs(valeur)"),
    ("mois", 2, "mois(date, nombre de mois)"),
    ("date_document", 1, "date_document('nom du document')"),
    ("lignes", 1, "lignes(colonne) dans source.colonne"),
];

/// Parses each rule's condition and checks every name it uses; records its line.
pub fn prepare(project: &mut Project, text: &str) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut rules = std::mem::take(&mut project.verifications);
    for rule in &mut rules {
        rule.line = line_of(text, &rule.nom);
        let at = |m: String| {
            Diagnostic::line(
                PROJECT_FILE,
                rule.line,
                format!("vérification « {} » : {m}", rule.nom),
            )
        };
        if !seen.insert(rule.nom.clone()) {
            problems.push(at("ce nom est déjà celui d'une autre vérification".into()));
        }
        if let Some(source) = &rule.pour_chaque
            && !project.sources.contains_key(source)
        {
            problems.push(at(unknown_source(project, source)));
        }
        for d in &rule.documents {
            if !project.documents.contains_key(d) {
                problems.push(at(format!("document inconnu « {d} » dans « documents »")));
            }
        }
        match expr::parse(&rule.condition) {
            Ok(e) => {
                let mut found = Vec::new();
                check_names(project, rule.pour_chaque.as_deref(), &e, false, &mut found);
                problems.extend(found.into_iter().map(|m| at(format!("condition : {m}"))));
                rule.parsed = Some(e);
            }
            Err(m) => problems.push(at(format!("condition illisible : {m}"))),
        }
    }
    project.verifications = rules;
    problems
}

/// The line of `nom: <name>` in the project text (1 if not found).
fn line_of(text: &str, name: &str) -> u32 {
    text.lines()
        .position(|l| {
            let l = l.trim_start().trim_start_matches("- ").trim_start();
            l.strip_prefix("nom:")
                .is_some_and(|v| v.trim().trim_matches(|c| c == '"' || c == '\'') == name)
        })
        .map_or(1, |i| i as u32 + 1)
}

fn unknown_source(project: &Project, source: &str) -> String {
    let hint = crate::diag::closest(source, project.sources.keys().map(String::as_str))
        .map(|s| format!(" (vouliez-vous dire « {s} » ?)"))
        .unwrap_or_default();
    format!("source inconnue « {source} »{hint}")
}

fn column_problem(project: &Project, source: &str, column: &str) -> Option<String> {
    let Some(s) = project.sources.get(source) else {
        return Some(unknown_source(project, source));
    };
    match s.columns.get(column) {
        None => {
            let hint = crate::diag::closest(column, s.columns.keys().map(String::as_str))
                .map(|c| format!(" (vouliez-vous dire « {c} » ?)"))
                .unwrap_or_default();
            Some(format!(
                "colonne inconnue « {column} » dans la source « {source} »{hint}"
            ))
        }
        Some(c) if c.confidential => Some(format!(
            "la colonne « {source}.{column} » est confidentielle : une vérification ne peut pas la lire"
        )),
        Some(_) => None,
    }
}

/// Records a French problem for each unknown or misplaced name.
/// `column_ok`: a `source.colonne` is expected here (argument of an aggregate).
fn check_names(
    project: &Project,
    row: Option<&str>,
    e: &Expr,
    column_ok: bool,
    out: &mut Vec<String>,
) {
    match e {
        Expr::Number(_) | Expr::Text(_) => {}
        Expr::Name(n) => match row {
            Some(source) => out.extend(column_problem(project, source, n)),
            None => out.push(format!(
                "« {n} » désigne une colonne d'une ligne : ajoutez « pour_chaque: source » à la règle, ou écrivez source.{n}"
            )),
        },
        Expr::Dotted(a, b) => match a.as_str() {
            "calendrier" if !project.calendrier.contains_key(b) => out.push(format!(
                "date inconnue « calendrier.{b} » (dates déclarées : {})",
                list(project.calendrier.keys())
            )),
            "parametres" if !project.parametres.contains_key(b) => out.push(format!(
                "paramètre inconnu « parametres.{b} » (paramètres déclarés : {})",
                list(project.parametres.keys())
            )),
            "projet" if b != "date" => {
                out.push(format!("« projet.{b} » : seule projet.date est disponible"))
            }
            "calendrier" | "parametres" | "projet" => {}
            _ => match column_problem(project, a, b) {
                Some(m) => out.push(m),
                None if !column_ok => out.push(format!(
                    "« {a}.{b} » désigne une colonne entière : utilisez somme(), moyenne(), min(), max() ou distincts(), ou « … dans {a}.{b} »"
                )),
                None => {}
            },
        },
        Expr::Call(f, args) => {
            let Some((_, arity, usage)) = FUNCTIONS.iter().find(|(n, _, _)| n == f) else {
                let names = FUNCTIONS.iter().map(|(n, _, _)| *n);
                let hint = crate::diag::closest(f, names.clone())
                    .map(|c| format!(" (vouliez-vous dire « {c} » ?)"))
                    .unwrap_or_default();
                out.push(format!(
                    "fonction inconnue « {f} »{hint} ; fonctions : {}",
                    names.collect::<Vec<_>>().join(", ")
                ));
                return;
            };
            if args.len() != *arity {
                out.push(format!("« {f} » s'écrit {usage}"));
                return;
            }
            match (f.as_str(), &args[0]) {
                ("somme" | "moyenne" | "min" | "max" | "distincts", Expr::Dotted(a, _))
                    if !["calendrier", "parametres", "projet"].contains(&a.as_str()) =>
                {
                    check_names(project, row, &args[0], true, out)
                }
                ("somme" | "moyenne" | "min" | "max" | "distincts", _) => {
                    out.push(format!("« {f} » s'écrit {usage}"))
                }
                ("nombre", Expr::Name(s)) => {
                    if !project.sources.contains_key(s) {
                        out.push(unknown_source(project, s));
                    }
                }
                ("vide", Expr::Name(_)) if row.is_some() => {
                    check_names(project, row, &args[0], false, out)
                }
                ("nombre" | "vide", _) => out.push(format!(
                    "« {f} » s'écrit {usage}{}",
                    if *f == "vide" {
                        " (dans une règle « pour_chaque »)"
                    } else {
                        ""
                    }
                )),
                ("date_document", Expr::Text(d)) => {
                    if !project.documents.contains_key(d) {
                        out.push(format!("document inconnu « {d} »"));
                    }
                }
                ("date_document", _) => out.push(format!("« {f} » s'écrit {usage}")),
                // Only on the left of « dans » (see Expr::In below).
                ("lignes", _) => out.push(format!(
                    "« {f} » s'écrit {usage} (dans une règle « pour_chaque »)"
                )),
                _ => args
                    .iter()
                    .for_each(|a| check_names(project, row, a, false, out)),
            }
        }
        Expr::Neg(x) | Expr::Not(x) => check_names(project, row, x, false, out),
        Expr::And(a, b) | Expr::Or(a, b) | Expr::Arith(_, a, b) => {
            check_names(project, row, a, false, out);
            check_names(project, row, b, false, out);
        }
        Expr::Compare { left, right, .. } => {
            check_names(project, row, left, false, out);
            check_names(project, row, right, false, out);
        }
        Expr::In(x, source, column, _) => {
            match &**x {
                Expr::Call(f, args) if f == "lignes" && row.is_some() => match args.as_slice() {
                    [arg @ Expr::Name(_)] => check_names(project, row, arg, false, out),
                    _ => out.push("« lignes » s'écrit lignes(colonne) dans source.colonne".into()),
                },
                _ => check_names(project, row, x, false, out),
            }
            out.extend(column_problem(project, source, column));
        }
    }
}

fn list<'a>(keys: impl Iterator<Item = &'a String>) -> String {
    let v: Vec<&str> = keys.map(String::as_str).collect();
    if v.is_empty() {
        "aucune".into()
    } else {
        v.join(", ")
    }
}
