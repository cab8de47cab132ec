//! The re-identification guard: no table or list of a document may show a
//! combination of quasi-identifiers (columns marked `quasi_identifiant`)
//! that fewer than `k_anonymat` rows of its source share.
//!
//! The check reads the model, not the blueprint: every table cell and every
//! paragraph knows the workbook cells it shows. A record (a row of a source)
//! is *shown* by a table row or list item that carries one of its cells; the
//! quasi-identifiers it reveals there are the quasi-identifier columns whose
//! cells appear. The combination of their values is then counted over the
//! whole source: shown alone or inside a count, a value shared by fewer than
//! k people can point at one of them.
//!
//! Tables of one document can also be joined: a record whose key (its code)
//! appears in several tables reveals the union of what each shows with it,
//! and that union is checked too.

use crate::data::{DataTable, Tables, Value as DataValue};
use crate::diag::{Diagnostic, Location};
use crate::model::{Block, CellRef, Document, LineRef};
use crate::project::Project;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A source with quasi-identifier columns.
struct Guarded<'a> {
    name: &'a str,
    table: &'a DataTable,
    columns: Vec<usize>,
}

/// A table or list of the document, as rows of workbook cells.
struct Release<'a> {
    caption: Option<String>,
    line: Option<LineRef>,
    rows: Vec<Vec<&'a CellRef>>,
}

/// What one release shows of one record: its quasi-identifier columns, and
/// whether its key appears with them.
#[derive(Default, Clone)]
struct Shown {
    columns: BTreeSet<usize>,
    keyed: bool,
}

/// Checks every table and list of `model`; one problem per combination.
pub fn check(
    project: &Project,
    tables: &Tables,
    blueprint: &str,
    model: &Document,
) -> Vec<Diagnostic> {
    let guarded: Vec<Guarded> = tables
        .iter()
        .filter_map(|(name, table)| {
            let columns: Vec<usize> = (0..table.columns.len())
                .filter(|c| table.columns[*c].spec.quasi_identifier)
                .collect();
            (!columns.is_empty()).then_some(Guarded {
                name,
                table,
                columns,
            })
        })
        .collect();
    if guarded.is_empty() {
        return Vec::new();
    }
    let index = index(&guarded);
    let releases = releases(model);
    let k = project.k_anonymat.max(1);
    let mut problems = Vec::new();
    for (g, source) in guarded.iter().enumerate() {
        let mut keyed: BTreeMap<usize, Vec<(usize, BTreeSet<usize>)>> = BTreeMap::new();
        for (r, release) in releases.iter().enumerate() {
            let shown = shown(&index, g, source, release);
            let mut rare = Vec::new();
            for (record, s) in &shown {
                if s.keyed && !s.columns.is_empty() {
                    keyed
                        .entry(*record)
                        .or_default()
                        .push((r, s.columns.clone()));
                }
                if s.columns.is_empty() {
                    continue;
                }
                let found = combination(source, *record, &s.columns);
                if found.1 < k && !rare.contains(&found) {
                    rare.push(found);
                }
            }
            if !rare.is_empty() {
                problems.push(violation(blueprint, &[release], source, &rare, k));
            }
        }
        let mut rare = Vec::new();
        let mut joined: Vec<usize> = Vec::new();
        for (record, seen) in &keyed {
            if seen.len() < 2 {
                continue;
            }
            let union: BTreeSet<usize> = seen.iter().flat_map(|(_, c)| c.iter().copied()).collect();
            if seen.iter().any(|(_, c)| c.len() == union.len()) {
                continue;
            }
            let found = combination(source, *record, &union);
            if found.1 < k && !rare.contains(&found) {
                rare.push(found);
                for (r, _) in seen {
                    if !joined.contains(r) {
                        joined.push(*r);
                    }
                }
            }
        }
        if !rare.is_empty() {
            let releases: Vec<&Release> = joined.iter().map(|r| &releases[*r]).collect();
            problems.push(violation(blueprint, &releases, source, &rare, k));
        }
    }
    problems
}

type Index<'a> = HashMap<(&'a str, &'a str, usize, usize), (usize, usize, usize)>;

/// (file, sheet, sheet row, sheet column) → (guarded source, row, column),
/// for the quasi-identifier and key cells of every guarded source.
fn index<'a>(guarded: &[Guarded<'a>]) -> Index<'a> {
    let mut index = HashMap::new();
    for (g, source) in guarded.iter().enumerate() {
        let t = source.table;
        let columns = source.columns.iter().copied().chain(t.key);
        for col in columns {
            for (row, r) in t.rows.iter().enumerate() {
                index.insert(
                    (&*t.file, &*t.sheet, r.sheet_row, t.columns[col].sheet_col),
                    (g, row, col),
                );
            }
        }
    }
    index
}

/// Every table and list of the document, nested ones included.
fn releases(model: &Document) -> Vec<Release<'_>> {
    let mut out = Vec::new();
    for block in model.blocks.iter().flat_map(Block::descendants) {
        match block {
            Block::Table(t) => out.push(Release {
                caption: t.caption.as_deref().map(crate::model::plain_text),
                line: t.provenance.line.clone(),
                rows: t
                    .rows
                    .iter()
                    .map(|row| {
                        row.cells
                            .iter()
                            .flat_map(|c| c.provenance.cells.iter())
                            .collect()
                    })
                    .collect(),
            }),
            Block::List(list) => {
                let mut line = None;
                let rows = list
                    .items
                    .iter()
                    .map(|item| {
                        let mut cells = Vec::new();
                        for b in item.blocks.iter().flat_map(Block::descendants) {
                            if let Some(p) = b.provenance() {
                                line = line.clone().or_else(|| p.line.clone());
                                cells.extend(p.cells.iter());
                            }
                        }
                        cells
                    })
                    .collect();
                out.push(Release {
                    caption: None,
                    line,
                    rows,
                });
            }
            _ => {}
        }
    }
    out
}

/// What each row of `release` shows of the records of guarded source `g`
/// (a record shown by two rows is listed twice: each row is read alone).
fn shown(index: &Index, g: usize, source: &Guarded, release: &Release) -> Vec<(usize, Shown)> {
    let mut out = Vec::new();
    for row in &release.rows {
        let mut here: BTreeMap<usize, Shown> = BTreeMap::new();
        for cell in row {
            let (r, c) = (cell.cell.row as usize, cell.cell.col as usize);
            let Some(&(found, record, col)) = index.get(&(&*cell.file, &*cell.sheet, r, c)) else {
                continue;
            };
            if found != g {
                continue;
            }
            let s = here.entry(record).or_default();
            if source.table.key == Some(col) {
                s.keyed = true;
            }
            if source.columns.contains(&col) {
                s.columns.insert(col);
            }
        }
        out.extend(here);
    }
    out
}

/// The values of `columns` for `record`, and how many rows of the source share them.
fn combination(
    source: &Guarded,
    record: usize,
    columns: &BTreeSet<usize>,
) -> (Vec<(String, String)>, usize) {
    let t = source.table;
    let values: Vec<&DataValue> = columns.iter().map(|c| &t.rows[record].values[*c]).collect();
    let count = t
        .rows
        .iter()
        .filter(|r| {
            columns
                .iter()
                .zip(&values)
                .all(|(c, v)| r.values[*c] == **v)
        })
        .count();
    let shown = columns
        .iter()
        .zip(values)
        .map(|(c, v)| (t.columns[*c].header.clone(), show(v)))
        .collect();
    (shown, count)
}

fn show(v: &DataValue) -> String {
    match v {
        DataValue::Empty => "(vide)".into(),
        DataValue::Date(d) => crate::french::format_date_short(*d),
        other => other.as_search_text(),
    }
}

fn name(release: &Release) -> String {
    match &release.caption {
        Some(c) => format!("tableau « {c} »"),
        None => match &release.line {
            Some(l) => format!("liste de la ligne {}", l.line),
            None => "liste".into(),
        },
    }
}

/// Most combinations named in one problem; the rest are counted.
const MAX_SHOWN: usize = 5;

fn violation(
    blueprint: &str,
    releases: &[&Release],
    source: &Guarded,
    rare: &[(Vec<(String, String)>, usize)],
    k: usize,
) -> Diagnostic {
    let mut listed: Vec<String> = rare
        .iter()
        .take(MAX_SHOWN)
        .map(|(combination, count)| {
            let what = combination
                .iter()
                .map(|(h, v)| format!("{h} = « {v} »"))
                .collect::<Vec<_>>()
                .join(", ");
            let rows = if *count == 1 {
                "1 ligne".to_string()
            } else {
                format!("{count} lignes")
            };
            format!("{what} ({rows})")
        })
        .collect();
    if rare.len() > MAX_SHOWN {
        listed.push(format!("et {} autres", rare.len() - MAX_SHOWN));
    }
    let shown_in = match releases {
        [one] => format!("{} montre", name(one)),
        many => {
            let key = source
                .table
                .key
                .map(|k| source.table.columns[k].header.clone())
                .unwrap_or_default();
            format!(
                "{}, reliés par la colonne « {key} », montrent ensemble",
                many.iter()
                    .map(|r| name(r))
                    .collect::<Vec<_>>()
                    .join(" et ")
            )
        }
    };
    let location = match releases.first().and_then(|r| r.line.as_ref()) {
        Some(at) => Location::Line {
            at: at.clone(),
            column: None,
        },
        None => Location::File(blueprint.to_string()),
    };
    Diagnostic::new(
        location,
        format!(
            "risque de réidentification : {shown_in} {} de quasi-identifiants partagée{} par moins de {k} lignes de la source « {} » (k_anonymat) : {}",
            if rare.len() > 1 { "des combinaisons" } else { "une combinaison" },
            if rare.len() > 1 { "s" } else { "" },
            source.name,
            listed.join(" ; ")
        ),
    )
    .with_hint(Some(
        "généralisez une colonne (par exemple des institutions regroupées, des régions regroupées en zones), retirez une colonne ou les lignes rares, ou agrégez (effectifs par catégorie plutôt qu'une ligne par personne)".into(),
    ))
}
