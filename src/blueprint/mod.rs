//! The template stage: blueprints (Markdown with minijinja) plus data and
//! project metadata → Markdown text with provenance markers, and the blocks
//! that functions such as `table()` built.
//!
//! The environment is strict (an unknown name is an error, never an empty
//! string), reads templates only inside `blueprints/`, and has a fuel limit
//! so that a runaway loop ends with an error.

mod aggregates;
mod charts;
mod citations;
mod errors;
mod filters;
mod functions;
mod judgements;
mod limits;
mod loader;
mod messages;
mod origin;
mod output;
mod reads;
mod review_table;
mod rows;
mod used_only;

pub use functions::format_data;
pub use loader::{BLUEPRINT_DIR, add_line_markers};
pub use used_only::{UsedOnly, apply as keep_used_rows};

use crate::data::Tables;
use crate::diag::{Problems, Result};
use crate::model::{Block, CellRef, TocKind};
use crate::project::{DocumentSpec, Project};
use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The result of rendering one blueprint.
#[derive(Debug, Default)]
pub struct Rendered {
    /// Markdown with markers (see [`crate::markers`]).
    pub text: String,
    /// Blueprint paths (relative to the project), by marker file index.
    pub files: Vec<String>,
    /// Workbook cells, by marker cell index.
    pub cells: Vec<CellRef>,
    /// Blocks built by functions, by marker block index.
    pub blocks: Vec<Block>,
    /// Images made while rendering (charts), by the name figures use.
    pub assets: crate::docx::Assets,
    /// Tables to prune to the rows the document uses (`used_only=`),
    /// applied by the build on the model ([`keep_used_rows`]).
    pub used_only: Vec<UsedOnly>,
    /// Warnings of the render (works of the references never cited).
    pub warnings: Vec<crate::diag::Diagnostic>,
}

/// State shared by the loader, formatter, filters, functions and data objects
/// during one render (there is no thread-local state: each render has its own).
#[derive(Default)]
pub struct Shared {
    rendered: Mutex<Rendered>,
    cell_ids: Mutex<HashMap<CellRef, usize>>,
    /// Marked sources of the templates loaded, by name, for error excerpts,
    /// with what [`reads::rewrite`] inserted into them.
    sources: Mutex<HashMap<String, (String, reads::Insertions)>>,
    origins: Mutex<origin::Origins>,
    /// The last row attribute asked for and not found, for error messages.
    missing: Mutex<Option<rows::Missing>>,
    budget: limits::Budget,
    citations: Mutex<citations::State>,
}

impl Shared {
    fn cell_index(&self, cell: CellRef) -> usize {
        let mut index = self.cell_ids.lock().expect("render state");
        if let Some(i) = index.get(&cell) {
            return *i;
        }
        let mut rendered = self.rendered.lock().expect("render state");
        rendered.cells.push(cell.clone());
        let i = rendered.cells.len() - 1;
        index.insert(cell, i);
        i
    }

    /// The template value of a visible cell: text and dates registered with
    /// their cell (the same string each time the cell is read).
    fn cell_value(&self, table: &Arc<crate::data::DataTable>, row: usize, col: usize) -> Value {
        let data = &table.rows[row].values[col];
        if let Some(v) = rows::plain_value(data) {
            return v;
        }
        let key = (Arc::as_ptr(table) as *const u8 as usize, row, col);
        let mut origins = self.origins.lock().expect("render state");
        origins.cell_string(
            key,
            || self.cell_index(table.cell_ref(row, col)),
            || rows::cell_text(data),
        )
    }

    /// `text`, printed from a number, registered with the cells it came from.
    fn registered_text(&self, cells: &origin::Cells, text: String) -> Value {
        self.origins
            .lock()
            .expect("render state")
            .with_cells(Value::from(text), cells)
    }

    /// `result`, derived by trame from `inputs`, carrying all their cells.
    fn derive(&self, result: Value, inputs: &[Value]) -> Value {
        self.origins
            .lock()
            .expect("render state")
            .derive(result, inputs)
    }

    /// The marker indices of the cells a printed value came from.
    fn cells_of(&self, v: &Value) -> Option<origin::Cells> {
        self.origins.lock().expect("render state").cells_of(v)
    }

    /// The cells behind marker indices.
    fn cell_refs(&self, cells: &[usize]) -> Vec<CellRef> {
        let rendered = self.rendered.lock().expect("render state");
        cells
            .iter()
            .filter_map(|i| rendered.cells.get(*i).cloned())
            .collect()
    }

    fn set_missing(&self, missing: rows::Missing) {
        *self.missing.lock().expect("render state") = Some(missing);
    }

    fn take_missing(&self) -> Option<rows::Missing> {
        self.missing.lock().expect("render state").take()
    }

    /// Stores a generated image; returns the name figures refer to it by.
    fn add_asset(&self, stem: &str, bytes: Vec<u8>) -> String {
        let mut rendered = self.rendered.lock().expect("render state");
        let name = format!("{stem}-{}.png", rendered.assets.len() + 1);
        rendered.assets.insert(name.clone(), bytes);
        name
    }

    fn register_block(&self, block: Block) -> usize {
        let mut rendered = self.rendered.lock().expect("render state");
        rendered.blocks.push(block);
        rendered.blocks.len() - 1
    }

    /// Loads and marks a template, remembering its marked source for errors,
    /// and rewrites its prints of row cells (see [`reads`]).
    fn load(
        &self,
        dir: &std::path::Path,
        name: &str,
    ) -> std::result::Result<Option<String>, minijinja::Error> {
        let text = loader::read_confined(dir, name)
            .map_err(|m| minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, m))?;
        let Some(text) = text else { return Ok(None) };
        loader::check_access_chains(&text)
            .map_err(|m| minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, m))?;
        let index = {
            let mut rendered = self.rendered.lock().expect("render state");
            rendered.files.push(format!("{BLUEPRINT_DIR}/{name}"));
            rendered.files.len() - 1
        };
        let marked = add_line_markers(&text, index);
        let (rewritten, inserted) = reads::rewrite(&marked, syntax());
        self.sources
            .lock()
            .expect("render state")
            .insert(name.to_string(), (marked, inserted));
        Ok(Some(rewritten))
    }

    /// The marked source of a template as the user wrote it (not rewritten).
    fn source_of(&self, name: &str) -> Option<String> {
        self.sources
            .lock()
            .expect("render state")
            .get(name)
            .map(|(marked, _)| marked.clone())
    }

    /// A range of a template's rewritten source, in the source the user wrote.
    fn user_range(&self, name: &str, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
        match self.sources.lock().expect("render state").get(name) {
            Some((_, inserted)) => inserted.range_to_original(range),
            None => range,
        }
    }

    /// What the render produced, leaving the state empty.
    fn take_rendered(&self) -> Rendered {
        std::mem::take(&mut *self.rendered.lock().expect("render state"))
    }
}

/// Delimiters and whitespace rules of blueprints.
fn syntax() -> minijinja::syntax::SyntaxConfig {
    minijinja::syntax::SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .keep_trailing_newline(true)
        .build()
        .expect("default delimiters are valid")
}

/// Builds the environment for one render.
/// `primary` is the house colour, for charts.
fn environment(project: &Project, shared: &Arc<Shared>, primary: &str) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(project.fuel));
    env.set_syntax(syntax());
    env.set_auto_escape_callback(|_| AutoEscape::Custom("markdown".into()));
    let dir = project.root.join(BLUEPRINT_DIR);
    let s = shared.clone();
    env.set_loader(move |name| s.load(&dir, name));
    let s = shared.clone();
    env.set_formatter(move |out, state, value| output::format_value(&s, out, state, value));
    let s = shared.clone();
    env.add_function(
        reads::HIDDEN,
        move |parent: Value, key: String, value: Value| {
            rows::printed_cell(&s, &parent, &key, value)
        },
    );
    let s = shared.clone();
    env.add_function(
        "table",
        move |rows: Value, kwargs: minijinja::value::Kwargs| functions::table(&s, rows, kwargs),
    );
    for (name, kind) in [
        ("toc", TocKind::Contents),
        ("list_of_tables", TocKind::Tables),
        ("list_of_figures", TocKind::Figures),
    ] {
        let s = shared.clone();
        env.add_function(name, move |kwargs: minijinja::value::Kwargs| {
            functions::toc(&s, kind, kwargs)
        });
    }
    let s = shared.clone();
    let primary = primary.to_string();
    env.add_function(
        "chart",
        move |rows: Value, kwargs: minijinja::value::Kwargs| {
            charts::chart(&s, &primary, rows, kwargs)
        },
    );
    let s = shared.clone();
    env.add_function(
        "image",
        move |path: String, kwargs: minijinja::value::Kwargs| functions::image(&s, path, kwargs),
    );
    let s = shared.clone();
    env.add_function("cite", move |keys: minijinja::value::Rest<String>| {
        citations::cite(&s, keys.0)
    });
    let s = shared.clone();
    env.add_function("bibliography", move || citations::bibliography(&s));
    filters::register(&mut env, shared);
    judgements::register(&mut env, project, shared);
    review_table::register(&mut env, project);
    env
}

/// The name under which a per-row document sees its own row.
pub const OWN_ROW: &str = "ligne";

/// The values every blueprint sees: `project`, `document`, each source by
/// name, and for a per-row document its row as `ligne`.
fn globals(
    project: &Project,
    shared: &Arc<Shared>,
    tables: &Tables,
    name: &str,
    spec: &DocumentSpec,
    row: Option<&crate::project::per_row::RowBinding>,
) -> Vec<(String, Value)> {
    let mut document = serde_json::to_value(spec).unwrap_or_default();
    document["name"] = name.into();
    let mut out = vec![
        (
            "project".to_string(),
            Value::from(minijinja::value::Serde(&project.meta)),
        ),
        (
            "document".to_string(),
            Value::from(minijinja::value::Serde(&document)),
        ),
    ];
    if let Some(binding) = row
        && let Some(table) = tables.get(&binding.source)
    {
        out.push((
            OWN_ROW.to_string(),
            Value::from_object(rows::RowObject::own_row(
                table.clone(),
                binding.row,
                shared.clone(),
                binding.allowed.clone(),
            )),
        ));
    }
    for (source, table) in tables {
        out.push((
            source.clone(),
            Value::from_object(rows::TableObject {
                table: table.clone(),
                shared: shared.clone(),
            }),
        ));
    }
    out
}

/// The text passed [`limits::MAX_OUTPUT`]: named at the blueprint line that
/// was being written.
fn too_long(shared: &Shared, text: &limits::CappedText) -> crate::diag::Diagnostic {
    let files = shared.rendered.lock().expect("render state").files.clone();
    match text
        .last_line()
        .and_then(|(f, line)| files.get(f).map(|file| (file.clone(), line)))
    {
        Some((file, line)) => crate::diag::Diagnostic::line(file, line, limits::output_message()),
        None => crate::diag::Diagnostic::file(
            files.first().cloned().unwrap_or_default(),
            limits::output_message(),
        ),
    }
}

/// Top-level names a template uses but nobody defines, sorted. Found before
/// rendering, so that all of them are reported at once.
fn unknown_names(
    env: &Environment<'_>,
    template: &minijinja::Template<'_, '_>,
    context: &[String],
) -> Vec<String> {
    let known: std::collections::HashSet<&str> = env
        .globals()
        .map(|(name, _)| name)
        .chain(context.iter().map(String::as_str))
        .collect();
    let source = template.source();
    let mut unknown: Vec<String> = template
        .undeclared_variables(false)
        .into_iter()
        .filter(|n| !known.contains(n.as_str()))
        // The analysis scopes `{% set %}` inside `{% if %}` too narrowly: a
        // name assigned anywhere is left to the render to judge.
        .filter(|n| !assigned(source, n))
        .collect();
    unknown.sort();
    unknown
}

/// True when `{% set name` appears in the template.
fn assigned(source: &str, name: &str) -> bool {
    source.match_indices("set ").any(|(i, _)| {
        let after = &source[i + 4..];
        after.starts_with(name)
            && !after[name.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
            && source[..i].trim_end().ends_with(['%', '-'])
    })
}

/// What can be checked in a blueprint without its data: its syntax (and its
/// partials') and the names it uses. When workbooks have problems, `check`
/// and `build` report these too, so that one run lists every independent
/// problem.
pub fn check_without_data(
    project: &Project,
    spec: &DocumentSpec,
    primary: &str,
) -> Vec<crate::diag::Diagnostic> {
    let shared = Arc::new(Shared::default());
    let env = environment(project, &shared, primary);
    let names: Vec<String> = ["project", "document"]
        .into_iter()
        .map(String::from)
        .chain(project.sources.keys().cloned())
        .chain(spec.per_row.as_ref().map(|_| OWN_ROW.to_string()))
        .chain(
            env.globals()
                .map(|(n, _)| n.to_string())
                .filter(|n| n != reads::HIDDEN),
        )
        .collect();
    let file = format!("{BLUEPRINT_DIR}/{}", spec.blueprint);
    match env.get_template(&spec.blueprint) {
        Ok(t) => {
            let unknown = unknown_names(&env, &t, &names);
            if unknown.is_empty() {
                return Vec::new();
            }
            let source = shared.source_of(&spec.blueprint).unwrap_or_default();
            errors::unknown_names(&file, &source, &unknown, &names).0
        }
        Err(err) => vec![errors::to_diagnostic(
            &err,
            &spec.blueprint,
            |n| shared.source_of(n),
            |n, range| shared.user_range(n, range),
            None,
            &names,
        )],
    }
}

/// Renders the blueprint of one document (of one row's copy, with `row`).
pub fn render(
    project: &Project,
    tables: &Tables,
    name: &str,
    spec: &DocumentSpec,
    primary: &str,
    row: Option<&crate::project::per_row::RowBinding>,
) -> Result<Rendered> {
    let shared = Arc::new(Shared::default());
    citations::load(&shared, tables).map_err(Problems)?;
    let env = environment(project, &shared, primary);
    let globals = globals(project, &shared, tables, name, spec, row);
    let names: Vec<String> = globals
        .iter()
        .map(|(n, _)| n.clone())
        .chain(
            env.globals()
                .map(|(n, _)| n.to_string())
                .filter(|n| n != reads::HIDDEN),
        )
        .collect();
    let context = Value::from(
        globals
            .into_iter()
            .collect::<std::collections::BTreeMap<String, Value>>(),
    );
    let file = format!("{BLUEPRINT_DIR}/{}", spec.blueprint);
    let cells: u64 = tables
        .values()
        .map(|t| (t.rows.len() * t.columns.len()) as u64)
        .sum();
    let job = {
        let (shared, names, file) = (shared.clone(), names.clone(), file.clone());
        let blueprint = spec.blueprint.clone();
        move || {
            let mut text = limits::CappedText::default();
            let result = env.get_template(&blueprint).and_then(|t| {
                let unknown = unknown_names(&env, &t, &names);
                if !unknown.is_empty() {
                    let source = shared.source_of(&blueprint).unwrap_or_default();
                    return Ok(Err(errors::unknown_names(&file, &source, &unknown, &names)));
                }
                t.render_captured_to(context, &mut text).map(|_| Ok(()))
            });
            (result, text)
        }
    };
    let (result, text) = limits::run_bounded(&shared.budget, limits::memory_bound(cells), job)
        .map_err(|message| Problems::one(crate::diag::Diagnostic::file(file.clone(), message)))?;
    let result = match result {
        Ok(Err(problems)) => return Err(problems),
        Ok(Ok(())) => Ok(()),
        Err(_) if text.overflowed => return Err(Problems::one(too_long(&shared, &text))),
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => {
            let mut rendered = shared.take_rendered();
            rendered.text = String::from_utf8(text.bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
            rendered.warnings = citations::resolve(&shared, project, &mut rendered.text);
            Ok(rendered)
        }
        Err(err) => {
            let d = errors::to_diagnostic(
                &err,
                &spec.blueprint,
                |n| shared.source_of(n),
                |n, range| shared.user_range(n, range),
                shared.take_missing(),
                &names,
            );
            Err(Problems::one(d))
        }
    }
}
