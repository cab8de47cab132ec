//! `commentaires()`: the decided rows of the resolution matrix declared in
//! trame.yaml (`relecture: matrice:`), for the comment-integration table
//! IOM asks for (« Tableau de prise en compte des commentaires »). Without
//! a declared matrix, or before the first review, the list is empty, so a
//! blueprint can say there is no review yet and the build goes on.
//!
//! ```jinja
//! {% set lignes = commentaires() %}
//! {{ table(lignes, columns=["numero", "commentaire", "auteur", "decision", "reponse", "prise_en_compte"]) }}
//! ```

use crate::project::Project;
use crate::review::{MATRIX_DECISION, MATRIX_FOLLOW_UP, MATRIX_RESPONSE, MATRIX_SOURCE, MatrixRow};
use minijinja::{Environment, Error, ErrorKind, Value};
use std::collections::BTreeMap;

/// Adds `commentaires()` to a render's environment.
pub fn register(env: &mut Environment<'static>, project: &Project) {
    let root = project.root.clone();
    let settings = project.relecture.clone();
    env.add_function("commentaires", move || -> Result<Value, Error> {
        let Some(matrix) = &settings.matrice else {
            return Ok(Value::from(Vec::<Value>::new()));
        };
        let format = if matrix.to_lowercase().ends_with(".csv") {
            crate::review::output::Format::Csv
        } else {
            crate::review::output::Format::Xlsx
        };
        let previous = crate::review::merge::read_rows(&root.join(matrix), format).map_err(|why| {
            Error::new(
                ErrorKind::InvalidOperation,
                format!("commentaires() : la matrice de relecture « {matrix} » (relecture: matrice: dans trame.yaml) est illisible ({why})"),
            )
        })?;
        let rows: Vec<BTreeMap<&str, String>> = previous
            .iter()
            .flat_map(|p| p.rows())
            .filter(|r| !r[MATRIX_DECISION].trim().is_empty())
            .map(|r| row(r, &settings.institutions))
            .collect();
        Ok(Value::from(minijinja::value::Serde(&rows)))
    });
}

/// One line of the table: number, what was said, who, decision, answer,
/// and where it went: the section of the document for readers
/// (`prise_en_compte`), the workbook cell or blueprint line for the author
/// (`source`).
fn row(
    r: &MatrixRow,
    institutions: &indexmap::IndexMap<String, String>,
) -> BTreeMap<&'static str, String> {
    let author = r[6].trim();
    let shown_author = match institutions.get(author) {
        Some(institution) => format!("{author} ({institution})"),
        None => author.to_string(),
    };
    let kind = r[3].trim();
    let said = r[5].trim();
    let comment = if kind == "commentaire" || kind.is_empty() {
        said.to_string()
    } else {
        format!("{} : {said}", capitalised(kind))
    };
    let decision = crate::apply::Decision::parse_shown(&r[MATRIX_DECISION]);
    let follow_up = r[MATRIX_FOLLOW_UP].trim();
    let section = r[2].trim();
    let in_section = if section.is_empty() {
        String::new()
    } else {
        format!(" ({section})")
    };
    let treated = crate::apply::is_treated(follow_up);
    // Where in the sources, for those who maintain them.
    let place = if treated {
        follow_up
            .trim_start_matches(crate::apply::APPLIED)
            .trim_start_matches([' ', ':'])
            .trim()
            .to_string()
    } else {
        r[MATRIX_SOURCE].trim().to_string()
    };
    let taken = match decision.as_str() {
        _ if treated => format!("Intégrée{in_section}"),
        "refuser" => "Non retenue".to_string(),
        "à discuter" => "À discuter".to_string(),
        "déjà traité" => format!("Déjà prise en compte{in_section}"),
        _ => format!("À intégrer{in_section}"),
    };
    BTreeMap::from([
        ("numero", r[0].trim().to_string()),
        ("type", kind.to_string()),
        ("commentaire", comment),
        ("auteur", shown_author),
        (
            "institution",
            institutions.get(author).cloned().unwrap_or_default(),
        ),
        ("decision", capitalised(&decision)),
        ("reponse", r[MATRIX_RESPONSE].trim().to_string()),
        ("prise_en_compte", taken),
        ("section", section.to_string()),
        ("source", place),
    ])
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
