//! `trame.yaml` → [`Project`]: metadata, data sources with their column
//! schemas, and the documents to build.

use crate::diag::{Diagnostic, Location, Problems, Result};
use crate::model::LineRef;
use chrono::NaiveDate;
use indexmap::IndexMap;
use serde::Deserialize;
use std::path::{Path, PathBuf};

pub mod per_row;
mod root;
mod yaml_errors;

pub use root::{find_root, rebase};

pub use crate::files::resolve_input;

/// The name of the project file in a project folder.
pub const PROJECT_FILE: &str = "trame.yaml";

/// A loaded project: the folder it lives in and what `trame.yaml` declares.
#[derive(Debug, Clone)]
pub struct Project {
    pub root: PathBuf,
    pub meta: Metadata,
    pub sources: IndexMap<String, Source>,
    pub documents: IndexMap<String, DocumentSpec>,
    /// House style file, relative to the root.
    pub style: Option<String>,
    /// Maximum template work per document (minijinja fuel).
    pub fuel: u64,
    /// A Word file whose styles the documents use instead of the house style.
    pub reference_docx: Option<String>,
    /// Checks over the data and the metadata (see [`crate::verify`]).
    pub verifications: Vec<crate::verify::Rule>,
    /// The project's timeline: named dates, for blueprints and checks.
    pub calendrier: IndexMap<String, NaiveDate>,
    /// Named thresholds and settings, for blueprints and checks.
    pub parametres: IndexMap<String, serde_json::Value>,
    /// Smallest number of rows that may share a combination of
    /// quasi-identifiers in a table or list of a document.
    pub k_anonymat: usize,
    /// Where the resolution matrix is, for the comment-integration annex.
    pub relecture: ReviewSettings,
}

/// `relecture:` in trame.yaml: the resolution matrix the blueprints'
/// `commentaires()` reads, and each reviewer's institution.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewSettings {
    /// The matrix (.xlsx or .csv), relative to the project folder.
    #[serde(default)]
    pub matrice: Option<String>,
    /// Institution by reviewer name, as Word or LibreOffice record it.
    #[serde(default)]
    pub institutions: IndexMap<String, String>,
}

/// Project metadata, shown on covers and in document properties.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    pub title: String,
    #[serde(default)]
    pub subtitle: Option<String>,
    #[serde(default)]
    pub organisation: Option<String>,
    #[serde(default)]
    pub programme: Option<String>,
    #[serde(default)]
    pub reference: Option<String>,
    #[serde(default)]
    pub version: Option<String>,
    /// The document date, ISO `2024-04-12`.
    pub date: NaiveDate,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default)]
    pub author: Option<String>,
    /// A notice printed on the cover, e.g. « Données d'exemple fictives ».
    #[serde(default)]
    pub notice: Option<String>,
    /// Logo image (PNG or JPEG) for covers, relative to the project folder.
    #[serde(default)]
    pub logo: Option<String>,
}

fn default_language() -> String {
    "fr-FR".into()
}

/// One tabular data source: a sheet of a workbook, or a CSV file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Path relative to the project folder.
    pub file: String,
    /// Sheet name; ignored for CSV.
    #[serde(default)]
    pub sheet: Option<String>,
    /// The row holding the column headers, from 1.
    #[serde(default = "one")]
    pub header_row: u32,
    /// Columns by the name blueprints use, in display order.
    pub columns: IndexMap<String, ColumnSpec>,
    /// Column whose value identifies a row (used to match rows between versions).
    #[serde(default)]
    pub key: Option<String>,
}

fn one() -> u32 {
    1
}

/// What a column must hold.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnSpec {
    /// The header text in the sheet; defaults to the column's key.
    #[serde(default)]
    pub header: Option<String>,
    #[serde(default, rename = "type")]
    pub kind: ColumnType,
    /// Allowed values, for `type: choice`.
    #[serde(default)]
    pub values: Vec<String>,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub unique: bool,
    /// Never handed to blueprints; the build fails if a value leaks into an output.
    #[serde(default)]
    pub confidential: bool,
    /// Not identifying alone, but a combination of such columns can single
    /// out a person: checked by the re-identification guard (`k_anonymat`).
    #[serde(default, rename = "quasi_identifiant")]
    pub quasi_identifier: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnType {
    #[default]
    #[serde(alias = "texte")]
    Text,
    #[serde(alias = "entier")]
    Integer,
    #[serde(alias = "nombre")]
    Number,
    Date,
    #[serde(alias = "liste")]
    Choice,
}

/// A document to build.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentSpec {
    /// Blueprint path relative to `blueprints/`.
    pub blueprint: String,
    /// Output path relative to the project folder.
    pub output: String,
    /// Title of this document (defaults to the project title).
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub subtitle: Option<String>,
    /// Kind of document shown on the cover (« Rapport », « Module de formation »…).
    #[serde(default)]
    pub doc_type: Option<String>,
    /// Short title for page headers.
    #[serde(default)]
    pub short_title: Option<String>,
    /// Date of this document (defaults to the project date), ISO `2024-04-12`.
    #[serde(default)]
    pub date: Option<NaiveDate>,
    /// Start with a cover page built from the metadata (default: yes).
    #[serde(default = "yes")]
    pub cover: bool,
    /// Reference number of this document (defaults to the project's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// A source each row of which gives one copy of the document
    /// (`pour_chaque: participants`); `output` then names columns of the
    /// row (see [`per_row`]).
    #[serde(
        default,
        rename = "pour_chaque",
        skip_serializing_if = "Option::is_none"
    )]
    pub per_row: Option<String>,
    /// Confidential columns of the `pour_chaque` source this document may
    /// show, each copy its own row's value only.
    #[serde(
        default,
        rename = "confidentiel_autorise",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub allow_confidential: Vec<String>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProject {
    project: Metadata,
    #[serde(default)]
    sources: IndexMap<String, Source>,
    documents: IndexMap<String, DocumentSpec>,
    #[serde(default)]
    style: Option<String>,
    #[serde(default)]
    fuel: Option<u64>,
    #[serde(default)]
    reference_docx: Option<String>,
    #[serde(default)]
    verifications: Vec<crate::verify::Rule>,
    #[serde(default)]
    calendrier: IndexMap<String, NaiveDate>,
    #[serde(default)]
    parametres: IndexMap<String, serde_json::Value>,
    #[serde(default)]
    k_anonymat: Option<usize>,
    #[serde(default)]
    relecture: ReviewSettings,
}

/// Default `k_anonymat`: a combination of quasi-identifiers must be shared
/// by at least three rows.
pub const DEFAULT_K: usize = 3;

/// Default template work budget: enough for 100 000-row tables, small enough to
/// stop a runaway loop within seconds.
pub const DEFAULT_FUEL: u64 = 200_000_000;

impl ColumnSpec {
    pub fn header_or<'a>(&'a self, key: &'a str) -> &'a str {
        self.header.as_deref().unwrap_or(key)
    }
}

impl Project {
    /// Reads `trame.yaml` in `root` and checks what can be checked without
    /// opening other files.
    pub fn load(root: &Path) -> Result<Project> {
        let path = root.join(PROJECT_FILE);
        if let Ok(meta) = std::fs::metadata(&path)
            && meta.len() > MAX_PROJECT_BYTES
        {
            return Err(Diagnostic::file(
                PROJECT_FILE,
                format!(
                    "fichier de {}, au-delà de la limite de {} : un fichier de projet ne décrit que les sources et les documents",
                    crate::files::human_bytes(meta.len()),
                    crate::files::human_bytes(MAX_PROJECT_BYTES)
                ),
            )
            .into());
        }
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Diagnostic::file(
                PROJECT_FILE,
                format!(
                    "impossible de lire le fichier de projet ({}) ; lancez trame dans un dossier de projet ou créez-en un avec « trame init DOSSIER »",
                    crate::io_reason(&e)
                ),
            )
        })?;
        Self::parse(root, &text)
    }

    /// Parses the text of `trame.yaml`.
    pub fn parse(root: &Path, text: &str) -> Result<Project> {
        if text.trim().is_empty() {
            return Err(Diagnostic::file(
                PROJECT_FILE,
                "fichier vide : il doit déclarer « project », « sources » et « documents » (voir « trame init »)",
            )
            .into());
        }
        let raw: RawProject = parse_yaml(PROJECT_FILE, text)?;
        check_language(text, &raw.project.language)?;
        let project = Project {
            root: root.to_path_buf(),
            meta: raw.project,
            sources: raw.sources,
            documents: raw.documents,
            style: raw.style,
            fuel: raw.fuel.unwrap_or(DEFAULT_FUEL),
            reference_docx: raw.reference_docx,
            verifications: raw.verifications,
            calendrier: raw.calendrier,
            parametres: raw.parametres,
            k_anonymat: raw.k_anonymat.unwrap_or(DEFAULT_K),
            relecture: raw.relecture,
        };
        let mut project = project;
        project.check()?;
        crate::verify::prepare(&mut project, text)?;
        Ok(project)
    }

    /// Consistency checks across sections, all reported together.
    fn check(&self) -> Result<()> {
        let mut problems = Vec::new();
        let at = |msg: String| Diagnostic::file(PROJECT_FILE, msg);
        for (name, source) in &self.sources {
            for (key, col) in &source.columns {
                if col.kind == ColumnType::Choice && col.values.is_empty() {
                    problems.push(at(format!(
                        "source « {name} », colonne « {key} » : le type choice demande une liste « values »"
                    )));
                }
                if col.kind != ColumnType::Choice && !col.values.is_empty() {
                    problems.push(at(format!(
                        "source « {name} », colonne « {key} » : « values » ne sert qu'avec « type: choice »"
                    )));
                }
            }
            if let Some(key) = &source.key
                && !source.columns.contains_key(key)
            {
                problems.push(at(format!(
                    "source « {name} » : la clé « {key} » n'est pas une colonne déclarée"
                )));
            }
            if source.header_row == 0 {
                problems.push(at(format!("source « {name} » : header_row commence à 1")));
            }
        }
        for (name, doc) in &self.documents {
            if !safe_relative(&doc.blueprint) {
                problems.push(at(format!(
                    "document « {name} » : le modèle « {} » doit être un chemin relatif dans blueprints/",
                    doc.blueprint
                )));
            }
            if !safe_relative(&doc.output) || !doc.output.ends_with(".docx") {
                problems.push(at(format!(
                    "document « {name} » : la sortie « {} » doit être un chemin relatif se terminant par .docx",
                    doc.output
                )));
            }
        }
        problems.extend(per_row::check(self));
        if self.documents.is_empty() {
            problems.push(at("aucun document déclaré dans « documents »".into()));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Problems(problems))
        }
    }

    /// The documents named on the command line, or all of them.
    pub fn select(&self, names: &[String]) -> Result<Vec<(&String, &DocumentSpec)>> {
        if names.is_empty() {
            return Ok(self.documents.iter().collect());
        }
        let mut problems = Vec::new();
        let mut chosen = Vec::new();
        for name in names {
            // A row's copy of a per-row document, `attestations/attestation-P01`,
            // selects its document (the copies are chosen once expanded).
            let declared = match self.documents.get_key_value(name) {
                Some(entry) => Some(entry),
                None => name
                    .split_once('/')
                    .and_then(|(doc, _)| self.documents.get_key_value(doc))
                    .filter(|(_, spec)| spec.per_row.is_some()),
            };
            match declared {
                Some(entry) => {
                    if !chosen.iter().any(|(n, _)| *n == entry.0) {
                        chosen.push(entry);
                    }
                }
                None => {
                    let known: Vec<&str> = self.documents.keys().map(String::as_str).collect();
                    problems.push(
                        Diagnostic::file(PROJECT_FILE, format!("document inconnu « {name} »"))
                            .with_hint(Some(format!("documents déclarés : {}", known.join(", ")))),
                    );
                }
            }
        }
        if problems.is_empty() {
            Ok(chosen)
        } else {
            Err(Problems(problems))
        }
    }
}

/// True for a relative path that stays inside its folder.
pub fn safe_relative(path: &str) -> bool {
    let p = Path::new(path);
    !path.is_empty()
        && p.is_relative()
        && p.components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}

/// Largest `trame.yaml` read.
pub const MAX_PROJECT_BYTES: u64 = 4 << 20;

/// Parses YAML text into `T`, refusing first what serde would let pass: a
/// key given twice in a mapping (the later one would silently win). Alias
/// bombs are stopped by the YAML reader's repetition limit.
pub fn parse_yaml<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T> {
    serde_yaml_ng::from_str::<serde_yaml_ng::Value>(text).map_err(|e| yaml_problem(file, e))?;
    serde_yaml_ng::from_str(text).map_err(|e| yaml_problem(file, e))
}

/// Refuses a `language` that is not a BCP 47 tag (`fr-FR`, `en`, `pt-BR`),
/// at its line: the value is written into every style of the documents.
fn check_language(text: &str, language: &str) -> Result<()> {
    if is_language_tag(language) {
        return Ok(());
    }
    let line = text
        .lines()
        .position(|l| l.trim_start().starts_with("language:"))
        .map_or(1, |i| i as u32 + 1);
    Err(Diagnostic::line(
        PROJECT_FILE,
        line,
        format!(
            "project.language : « {language} » n'est pas une étiquette de langue (BCP 47) ; exemples : fr-FR, fr, en-GB"
        ),
    )
    .into())
}

/// A BCP 47 language tag: a language of 2 to 3 letters (or 4 to 8), then
/// subtags of 1 to 8 letters or digits, separated by hyphens.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let language = parts.next().unwrap_or("");
    (2..=8).contains(&language.len())
        && language.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// A date typed on the command line, ISO `2024-04-12`; the refusal shows
/// the value and says whether its form or its day is wrong.
pub fn parse_iso_date(s: &str) -> std::result::Result<NaiveDate, String> {
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(d);
    }
    let shaped = s.len() == 10
        && s.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    Err(if shaped {
        format!("date invalide « {s} » : ce jour n'existe pas")
    } else {
        format!("date invalide « {s} » : format attendu AAAA-MM-JJ, par exemple 2024-06-15")
    })
}

/// Turns a YAML error into a located French diagnostic.
pub fn yaml_problem(file: &str, e: serde_yaml_ng::Error) -> Problems {
    let text = e.to_string();
    // An unclosed `{` or `[` is found where the next line starts: the place
    // to fix is where it opened, which the parser gives as its context.
    let place = yaml_errors::opening_of_unclosed(&text)
        .or_else(|| e.location().map(|l| (l.line(), l.column())));
    let message = yaml_errors::translate(&text, place.map(|(_, c)| c));
    match place {
        Some((line, column)) => Diagnostic::new(
            Location::Line {
                at: LineRef {
                    file: file.into(),
                    line: line as u32,
                },
                column: Some(column as u32),
            },
            message,
        )
        .into(),
        None => Diagnostic::file(file, message).into(),
    }
}
