//! Documents built once per row of a source (`pour_chaque: participants`):
//! the output name is a template over the row's columns
//! (`out/attestations/attestation-{{ code }}.docx`), and each row gives one
//! [`Instance`] of the document.
//!
//! Contracts:
//! - an output name uses only visible (non-confidential) columns of its
//!   source: a file name is shown in summaries, ledgers and folders, where no
//!   confidential value may go;
//! - every instance's output stays inside the project, is a valid file name
//!   on every system, and no two documents (per-row or not) write the same
//!   file; otherwise a French error names the document and the rows;
//! - `confidentiel_autorise` lists confidential columns of the source that the
//!   document may show; each instance sees those columns of its own row only
//!   (the confidentiality guard still refuses any other confidential value,
//!   including the same column of another row).

use super::{DocumentSpec, PROJECT_FILE, Project, safe_relative};
use crate::data::Tables;
use crate::diag::{Diagnostic, Problems, Result};
use std::borrow::Cow;

/// One piece of an output name template.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Column(String),
}

/// Splits `out/a-{{ code }}.docx` into text and column names; `Err` says
/// what is wrong in French.
fn parse(template: &str) -> std::result::Result<Vec<Part>, String> {
    let mut parts = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        if start > 0 {
            parts.push(Part::Text(rest[..start].to_string()));
        }
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            return Err("« {{ » sans « }} » correspondant".into());
        };
        let name = after[..end].trim();
        if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
            return Err(format!(
                "« {{{{ {name} }}}} » : seul un nom de colonne peut figurer entre {{{{ et }}}}"
            ));
        }
        parts.push(Part::Column(name.to_string()));
        rest = &after[end + 2..];
    }
    if rest.contains("}}") {
        return Err("« }} » sans « {{ » correspondant".into());
    }
    if !rest.is_empty() {
        parts.push(Part::Text(rest.to_string()));
    }
    Ok(parts)
}

/// The problems of the per-row settings of every document, found from
/// `trame.yaml` alone.
pub fn check(project: &Project) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let at = |msg: String| Diagnostic::file(PROJECT_FILE, msg);
    for (name, doc) in &project.documents {
        let templated = doc.output.contains("{{") || doc.output.contains("}}");
        let Some(source_name) = &doc.per_row else {
            if templated {
                problems.push(at(format!(
                    "document « {name} » : la sortie « {} » contient {{{{ … }}}} mais le document n'a pas de « pour_chaque » (une source dont chaque ligne donne un document)",
                    doc.output
                )));
            }
            if !doc.allow_confidential.is_empty() {
                problems.push(at(format!(
                    "document « {name} » : « confidentiel_autorise » ne sert qu'avec « pour_chaque » (chaque document ne montre que la valeur de sa propre ligne)"
                )));
            }
            continue;
        };
        let Some(source) = project.sources.get(source_name) else {
            let known: Vec<&str> = project.sources.keys().map(String::as_str).collect();
            problems.push(
                at(format!(
                    "document « {name} » : pour_chaque « {source_name} » n'est pas une source déclarée"
                ))
                .with_hint(
                    crate::diag::closest(source_name, known.iter().copied())
                        .map(|c| format!("vouliez-vous dire « {c} » ?")),
                ),
            );
            continue;
        };
        match parse(&doc.output) {
            Err(m) => problems.push(at(format!(
                "document « {name} » : sortie « {} » : {m}",
                doc.output
            ))),
            Ok(parts) => {
                if !parts.iter().any(|p| matches!(p, Part::Column(_))) {
                    problems.push(at(format!(
                        "document « {name} » : avec « pour_chaque », la sortie « {} » doit nommer au moins une colonne, par exemple {{{{ code }}}}, pour que chaque ligne ait son fichier",
                        doc.output
                    )));
                }
                for part in &parts {
                    let Part::Column(col) = part else { continue };
                    match source.columns.get(col) {
                        None => problems.push(
                            at(format!(
                                "document « {name} » : la sortie nomme la colonne « {col} », absente de la source « {source_name} »"
                            ))
                            .with_hint(
                                crate::diag::closest(col, source.columns.keys().map(String::as_str))
                                    .map(|c| format!("vouliez-vous dire « {c} » ?")),
                            ),
                        ),
                        Some(spec) if spec.confidential => problems.push(at(format!(
                            "document « {name} » : la sortie nomme la colonne confidentielle « {col} » : un nom de fichier se voit partout (dossiers, résumés) ; utilisez un code"
                        ))),
                        Some(_) => {}
                    }
                }
            }
        }
        for col in &doc.allow_confidential {
            match source.columns.get(col) {
                None => problems.push(at(format!(
                    "document « {name} » : confidentiel_autorise nomme « {col} », qui n'est pas une colonne de la source « {source_name} »"
                ))),
                Some(spec) if !spec.confidential => problems.push(at(format!(
                    "document « {name} » : confidentiel_autorise nomme « {col} », qui n'est pas confidentielle : elle est déjà visible, retirez-la de la liste"
                ))),
                Some(_) => {}
            }
        }
    }
    problems
}

/// The row a per-row document is built from.
#[derive(Debug, Clone)]
pub struct RowBinding {
    /// The source's name in `trame.yaml`.
    pub source: String,
    /// Zero-based index of the row in the loaded table.
    pub row: usize,
    /// Indices (in the table) of the confidential columns this document may show.
    pub allowed: Vec<usize>,
}

/// One document to build: a declared document, or one row's copy of a
/// per-row document.
#[derive(Debug, Clone)]
pub struct Instance<'a> {
    /// The name in summaries, manifests and deliveries: the declared name,
    /// or `name/file-stem` for a row's copy.
    pub name: String,
    /// The name the document is declared under in `trame.yaml`.
    pub document: &'a str,
    /// The declared settings, with the output name resolved for a row.
    pub spec: Cow<'a, DocumentSpec>,
    pub row: Option<RowBinding>,
}

/// Characters refused in an output name made from a row: they are not
/// allowed in file names on Windows, or would make a folder.
const FORBIDDEN: [char; 9] = ['<', '>', ':', '"', '|', '?', '*', '\\', '/'];

/// Every instance of the `selected` documents, one per row for a per-row
/// document, in declaration then row order. Refuses output names that leave
/// the project or are not file names, and two instances (or documents)
/// writing the same file, all reported together.
pub fn expand<'a>(
    project: &'a Project,
    selected: &[(&'a String, &'a DocumentSpec)],
    tables: &Tables,
) -> Result<Vec<Instance<'a>>> {
    let mut instances = Vec::new();
    let mut problems = Vec::new();
    for (name, spec) in selected {
        let Some(source_name) = &spec.per_row else {
            instances.push(Instance {
                name: name.to_string(),
                document: name.as_str(),
                spec: Cow::Borrowed(*spec),
                row: None,
            });
            continue;
        };
        let (Some(table), Ok(parts)) = (tables.get(source_name), parse(&spec.output)) else {
            continue; // reported by `check` or by the data stage
        };
        let allowed: Vec<usize> = spec
            .allow_confidential
            .iter()
            .filter_map(|c| table.column_index(c))
            .collect();
        for row in 0..table.rows.len() {
            let mut output = String::new();
            let mut bad_value = None;
            for part in &parts {
                match part {
                    Part::Text(t) => output.push_str(t),
                    Part::Column(c) => {
                        let Some(col) = table.column_index(c) else {
                            continue;
                        };
                        let value = table.rows[row].values[col].as_search_text();
                        if value.trim().is_empty()
                            || value.contains(FORBIDDEN)
                            || value.chars().any(char::is_control)
                            || value == "."
                            || value == ".."
                        {
                            bad_value = Some((table.cell_ref(row, col), value.clone()));
                        }
                        output.push_str(value.trim());
                    }
                }
            }
            if let Some((cell, value)) = bad_value {
                problems.push(Diagnostic::file(
                    PROJECT_FILE,
                    format!(
                        "document « {name} » : la valeur « {value} » de {cell} ne peut pas entrer dans un nom de fichier (vide, « . », « .. », ou caractère parmi < > : \" | ? * \\ /)"
                    ),
                ));
                continue;
            }
            if !safe_relative(&output) || !output.ends_with(".docx") {
                problems.push(Diagnostic::file(
                    PROJECT_FILE,
                    format!(
                        "document « {name} » : la sortie « {output} » (ligne {} de {}) doit être un chemin relatif dans le projet se terminant par .docx",
                        table.rows[row].sheet_row + 1,
                        table.file
                    ),
                ));
                continue;
            }
            let stem = std::path::Path::new(&output)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let mut copy = (*spec).clone();
            copy.output = output;
            instances.push(Instance {
                name: format!("{name}/{stem}"),
                document: name.as_str(),
                spec: Cow::Owned(copy),
                row: Some(RowBinding {
                    source: source_name.clone(),
                    row,
                    allowed: allowed.clone(),
                }),
            });
        }
    }
    problems.extend(collisions(project, &instances));
    if problems.is_empty() {
        Ok(instances)
    } else {
        Err(Problems(problems))
    }
}

/// Two instances writing the same file (compared without case: Windows and
/// macOS folders do not tell `A.docx` from `a.docx`), and instances writing
/// the output of a document that was not selected.
fn collisions(project: &Project, instances: &[Instance]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut seen: std::collections::HashMap<String, &str> = Default::default();
    let others = project
        .documents
        .iter()
        .filter(|(n, d)| d.per_row.is_none() && !instances.iter().any(|i| i.document == *n))
        .map(|(n, d)| (d.output.to_lowercase(), n.as_str()));
    for (output, name) in others {
        seen.insert(output, name);
    }
    for i in instances {
        let key = i.spec.output.to_lowercase();
        match seen.get(&key) {
            Some(first) => problems.push(Diagnostic::file(
                PROJECT_FILE,
                format!(
                    "les documents « {first} » et « {} » écriraient le même fichier « {} » : chaque ligne doit donner un nom de sortie différent (une colonne unique comme le code dans la sortie)",
                    i.name, i.spec.output
                ),
            )),
            None => {
                seen.insert(key, &i.name);
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_templates_name_columns_only() {
        assert_eq!(
            parse("out/a-{{ code }}.docx").unwrap(),
            vec![
                Part::Text("out/a-".into()),
                Part::Column("code".into()),
                Part::Text(".docx".into())
            ]
        );
        assert!(parse("out/{{ code | upper }}.docx").is_err());
        assert!(parse("out/{{ code.docx").is_err());
        assert!(parse("out/code }}.docx").is_err());
    }
}
