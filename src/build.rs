//! The whole pipeline, for the CLI and tests: check a project, build its
//! documents, write them atomically.

use crate::blueprint;
use crate::data::{self, Tables};
use crate::diag::{Diagnostic, Location, Problems, Result};
use crate::docx::{self, Assets, Properties, SettingsOptions, Style, WriteOptions};
use crate::markup;
use crate::model::{Block, Cover, Document, Image};
use crate::project::{DocumentSpec, Project};
use chrono::{DateTime, NaiveDateTime};
use std::path::Path;

/// The default house-style file.
pub const STYLE_FILE: &str = "blueprints/style.yaml";

/// What `build` should do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Names of the documents to build; empty for all.
    pub documents: Vec<String>,
    /// Write review copies (every edit tracked).
    pub review: bool,
    /// Say on stderr which document is being built (long runs).
    pub progress: bool,
}

/// One document, built in memory.
#[derive(Debug)]
pub struct Built {
    pub name: String,
    /// Output path relative to the project folder.
    pub output: String,
    pub model: Document,
    /// Image bytes the model refers to.
    pub assets: Assets,
    pub bytes: Vec<u8>,
    /// Where each paragraph came from (also inside the package).
    pub manifest: docx::manifest::Manifest,
    pub manifest_json: String,
    /// Where the document went when its output was held by another program.
    pub written_beside: Option<String>,
}

impl Built {
    /// The manifest file beside the output: `out/x.docx` → `out/x.manifest.json`.
    pub fn manifest_path(&self) -> String {
        manifest_path(&self.output)
    }
}

/// The manifest file beside an output path.
pub fn manifest_path(output: &str) -> String {
    let stem = output.strip_suffix(".docx").unwrap_or(output);
    format!("{stem}.manifest.json")
}

/// The figures `trame build` prints about a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// A rough page count (Word lays out the pages; this is for the summary):
    /// text at about 420 words a page, plus room for figures and breaks.
    pub pages_estimate: usize,
    pub tables: usize,
    pub figures: usize,
    pub words: usize,
}

impl Built {
    /// Counts tables, figures and words in one walk of the model.
    pub fn summary(&self) -> Summary {
        let (mut tables, mut figures, mut breaks) = (0, 0, 0);
        for block in self.model.blocks.iter().flat_map(Block::descendants) {
            match block {
                Block::Table(_) => tables += 1,
                Block::Figure(_) => figures += 1,
                Block::PageBreak | Block::Cover(_) | Block::Section(_) => breaks += 1,
                _ => {}
            }
        }
        let words: usize = self
            .model
            .blocks
            .iter()
            .map(|b| b.text().split_whitespace().count())
            .sum();
        let pages = words as f64 / 420.0 + figures as f64 * 0.4 + breaks as f64 * 0.5;
        Summary {
            pages_estimate: (pages.ceil() as usize).max(1),
            tables,
            figures,
            words,
        }
    }
}

/// Checks everything a build would use, without writing anything.
pub fn check(root: &Path) -> Result<Vec<String>> {
    let (project, style, tables) = load(root)?;
    let built = render_all(&project, &style, &tables, &BuildOptions::default())?;
    Ok(built.into_iter().map(|b| b.name).collect())
}

/// Builds the selected documents and writes them; on any problem, writes
/// nothing and leaves earlier outputs as they were.
pub fn build(root: &Path, options: &BuildOptions) -> Result<Vec<Built>> {
    let (project, style, tables) = load(root)?;
    let built = render_all(&project, &style, &tables, options)?;
    let manifests: Vec<String> = built.iter().map(Built::manifest_path).collect();
    let mut files: Vec<(&str, &[u8])> = Vec::new();
    for (b, path) in built.iter().zip(&manifests) {
        files.push((&b.output, &b.bytes));
        files.push((path, b.manifest_json.as_bytes()));
    }
    let beside = crate::timing::time("écriture des fichiers", || {
        crate::files::write_atomically(root, &files)
    })?;
    let mut built = built;
    for b in &mut built {
        b.written_beside = beside
            .iter()
            .find(|(asked, _)| *asked == b.output)
            .map(|(_, written)| written.clone());
    }
    Ok(built)
}

/// Loads the project, its style and its data, reporting all problems at once.
pub fn load(root: &Path) -> Result<(Project, Style, Tables)> {
    let project = Project::load(root)?;
    let mut problems = Vec::new();
    let style = match load_style(&project) {
        Ok(s) => s,
        Err(Problems(mut p)) => {
            problems.append(&mut p);
            Style::default()
        }
    };
    let tables = match crate::timing::time("lecture des classeurs", || data::load_all(&project)) {
        Ok(t) => t,
        Err(Problems(mut p)) => {
            problems.append(&mut p);
            Tables::default()
        }
    };
    if problems.is_empty() {
        Ok((project, style, tables))
    } else {
        Err(Problems(problems))
    }
}

fn load_style(project: &Project) -> Result<Style> {
    let mut style = load_house_style(project)?;
    if let Some(file) = &project.reference_docx {
        let bytes = std::fs::read(project.root.join(file)).map_err(|e| {
            Diagnostic::file(
                file,
                format!(
                    "modèle Word (reference_docx) illisible ({})",
                    crate::io_reason(&e)
                ),
            )
        })?;
        let styles = docx::reference::styles_of(&bytes)
            .map_err(|m| Diagnostic::file(file, format!("modèle Word (reference_docx) : {m}")))?;
        style.reference_styles = Some(styles);
    }
    Ok(style)
}

fn load_house_style(project: &Project) -> Result<Style> {
    let file = project
        .style
        .clone()
        .unwrap_or_else(|| STYLE_FILE.to_string());
    let path = project.root.join(&file);
    if !path.exists() {
        if project.style.is_some() {
            return Err(Diagnostic::file(&file, "fichier de style introuvable").into());
        }
        return Ok(Style::default());
    }
    let text = std::fs::read_to_string(&path).map_err(|e| {
        Diagnostic::file(
            &file,
            format!("lecture impossible ({})", crate::io_reason(&e)),
        )
    })?;
    let style: Style = if text.trim().is_empty() {
        Style::default()
    } else {
        serde_yaml_ng::from_str(&text).map_err(|e| crate::project::yaml_problem(&file, e))?
    };
    let problems: Vec<Diagnostic> = style
        .problems()
        .into_iter()
        .map(|m| Diagnostic::file(&file, m))
        .collect();
    if problems.is_empty() {
        Ok(style)
    } else {
        Err(Problems(problems))
    }
}

/// Renders every selected document; problems of all documents are reported together.
pub fn render_all(
    project: &Project,
    style: &Style,
    tables: &Tables,
    options: &BuildOptions,
) -> Result<Vec<Built>> {
    let selected = project.select(&options.documents)?;
    let mut built = Vec::new();
    let mut problems = Vec::new();
    for (name, spec) in selected {
        if options.progress {
            eprintln!("… {name}");
        }
        match render_one(project, style, tables, name, spec, options) {
            Ok(b) => built.push(b),
            Err(Problems(mut p)) => problems.append(&mut p),
        }
    }
    for b in &built {
        problems.extend(crate::timing::time("contrôle de confidentialité", || {
            scan_confidential(tables, b)
        }));
    }
    if problems.is_empty() {
        Ok(built)
    } else {
        Err(Problems(problems))
    }
}

/// Template → model → Word bytes for one document.
pub fn render_one(
    project: &Project,
    style: &Style,
    tables: &Tables,
    name: &str,
    spec: &DocumentSpec,
    options: &BuildOptions,
) -> Result<Built> {
    let (model, assets) = model_of(project, style, tables, name, spec)?;
    let write_options = write_options(project, style, name, spec, options.review)?;
    let values = crate::timing::time("valeurs des cellules", || cell_values(&model, tables));
    let written = docx::write(&model, &write_options, &assets, &values);
    Ok(Built {
        name: name.to_string(),
        output: spec.output.clone(),
        model,
        assets,
        bytes: written.bytes,
        manifest: written.manifest,
        manifest_json: written.manifest_json,
        written_beside: None,
    })
}

/// How a document is written: properties, style, settings, header.
pub fn write_options(
    project: &Project,
    style: &Style,
    name: &str,
    spec: &DocumentSpec,
    review: bool,
) -> Result<WriteOptions> {
    let meta = &project.meta;
    let title = spec.title.clone().unwrap_or_else(|| meta.title.clone());
    Ok(WriteOptions {
        properties: Properties {
            title: title.clone(),
            subject: spec
                .subtitle
                .clone()
                .or_else(|| meta.subtitle.clone())
                .or_else(|| meta.programme.clone())
                .unwrap_or_default(),
            author: meta
                .author
                .clone()
                .or_else(|| meta.organisation.clone())
                .unwrap_or_default(),
            language: meta.language.clone(),
            created: timestamp(spec.date.unwrap_or(meta.date))?,
        },
        style: style.clone(),
        settings: SettingsOptions {
            track_changes: review,
            update_fields: false,
        },
        short_title: spec.short_title.clone().unwrap_or(title),
        name: name.to_string(),
        revision_author: None,
    })
}

/// The text shown for each workbook cell the document uses.
pub fn cell_values(model: &Document, tables: &Tables) -> docx::CellValues {
    let mut refs: Vec<&crate::model::CellRef> = Vec::new();
    for block in model.blocks.iter().flat_map(Block::descendants) {
        // Data table cells show their value as their text: only prose needs a lookup.
        if let Some(p) = block.provenance() {
            refs.extend(&p.cells);
        }
    }
    let mut values = docx::CellValues::new();
    for r in refs {
        if values.contains_key(r) {
            continue;
        }
        let found = tables
            .values()
            .find_map(|t| t.value_at(r))
            .map(|v| crate::model::plain_text(&blueprint::format_data(v)));
        values.insert(r.clone(), found.unwrap_or_default());
    }
    values
}

/// The Markdown the template stage produces for a document (`--markdown`),
/// written beside its output as `NAME.md`; returns the path written.
pub fn write_markdown(root: &Path, name: &str) -> Result<String> {
    let (project, style, tables) = load(root)?;
    let spec = &project.select(&[name.to_string()])?[0].1;
    let rendered = blueprint::render(&project, &tables, name, spec, &style.primary)?;
    let path = format!(
        "{}.md",
        spec.output.strip_suffix(".docx").unwrap_or(&spec.output)
    );
    let text = markup::to_markdown(&rendered);
    crate::files::write_atomically(root, &[(&path, text.as_bytes())])?;
    Ok(path)
}

/// Template → model (with its images), French typography, cover, and
/// checks of references and images.
pub fn model_of(
    project: &Project,
    style: &Style,
    tables: &Tables,
    name: &str,
    spec: &DocumentSpec,
) -> Result<(Document, Assets)> {
    use crate::timing::time;
    let mut rendered = time("modèle minijinja", || {
        blueprint::render(project, tables, name, spec, &style.primary)
    })?;
    let mut assets = std::mem::take(&mut rendered.assets);
    let mut model = time("Markdown → modèle", || markup::parse(rendered))?;
    if spec.cover {
        model.blocks.insert(0, Block::Cover(cover(project, spec)));
    }
    time("typographie", || {
        crate::french::apply_typography(&mut model)
    });
    load_images(project, spec, &mut model, &mut assets)?;
    let unknown = model.unknown_refs();
    if !unknown.is_empty() {
        let file = format!("{}/{}", blueprint::BLUEPRINT_DIR, spec.blueprint);
        return Err(Problems(
            unknown
                .into_iter()
                .map(|(id, line)| {
                    let location = match line {
                        Some(at) => Location::Line { at, column: None },
                        None => Location::File(file.clone()),
                    };
                    Diagnostic::new(
                        location,
                        format!(
                            "référence inconnue « @{id} » : aucun tableau ne porte cet identifiant"
                        ),
                    )
                })
                .collect(),
        ));
    }
    Ok((model, assets))
}

/// The cover page of a document, from the project metadata.
fn cover(project: &Project, spec: &DocumentSpec) -> Cover {
    let meta = &project.meta;
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    Cover {
        organisation: text(&meta.organisation),
        programme: text(&meta.programme),
        doc_type: text(&spec.doc_type),
        title: spec.title.clone().unwrap_or_else(|| meta.title.clone()),
        subtitle: spec
            .subtitle
            .clone()
            .or_else(|| meta.subtitle.clone())
            .unwrap_or_default(),
        reference: text(&meta.reference),
        version: text(&meta.version),
        date: crate::french::format_date_long(spec.date.unwrap_or(meta.date)),
        notice: text(&meta.notice),
        previous: None,
        logo: meta.logo.as_ref().map(|src| Image {
            src: src.clone(),
            width_cm: Some(4.0),
            ..Image::default()
        }),
    }
}

/// Loads every image the model names (unless the render made it), checks it
/// is a PNG or JPEG, and records its size and hash in the model.
fn load_images(
    project: &Project,
    spec: &DocumentSpec,
    model: &mut Document,
    assets: &mut Assets,
) -> Result<()> {
    let mut problems = Vec::new();
    let blueprint = format!("{}/{}", blueprint::BLUEPRINT_DIR, spec.blueprint);
    for image in model.images_mut() {
        if !assets.contains_key(&image.src) {
            let path = project.root.join(&image.src);
            if !crate::project::safe_relative(&image.src) {
                problems.push(Diagnostic::file(
                    &blueprint,
                    format!("image « {} » : chemin hors du projet", image.src),
                ));
                continue;
            }
            match std::fs::read(&path) {
                Ok(bytes) => {
                    assets.insert(image.src.clone(), bytes);
                }
                Err(e) => {
                    problems.push(Diagnostic::file(
                        &image.src,
                        format!("image introuvable ou illisible ({})", crate::io_reason(&e)),
                    ));
                    continue;
                }
            }
        }
        let bytes = &assets[&image.src];
        match docx::figure::image_size(bytes) {
            Some(px) => {
                image.pixels = px;
                image.hash = format!("{:08x}", crc32fast::hash(bytes));
            }
            None => problems.push(Diagnostic::file(
                &image.src,
                "format d'image non pris en charge (PNG ou JPEG attendu)",
            )),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Problems(problems))
    }
}

/// Document timestamps: `SOURCE_DATE_EPOCH` if set, else the document date.
/// Never the clock, so that builds are reproducible.
pub fn timestamp(date: chrono::NaiveDate) -> Result<NaiveDateTime> {
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        return epoch
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|s| DateTime::from_timestamp(s, 0))
            .map(|d| d.naive_utc())
            .ok_or_else(|| {
                Diagnostic::file(
                    "SOURCE_DATE_EPOCH",
                    format!("valeur invalide « {epoch} » (nombre de secondes depuis 1970 attendu)"),
                )
                .into()
            });
    }
    Ok(date.and_hms_opt(0, 0, 0).expect("midnight exists"))
}

/// Fails when a value of a confidential column appears in a document.
fn scan_confidential(tables: &Tables, built: &Built) -> Vec<Diagnostic> {
    // Every confidential value long enough not to match by chance.
    let mut needles: Vec<String> = Vec::new();
    let mut places: Vec<(String, String)> = Vec::new();
    for table in tables.values() {
        for (col, column) in table
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| c.spec.confidential)
        {
            for (row, values) in table.rows.iter().enumerate() {
                let value = normalise(values.values[col].as_search_text().trim());
                if value.chars().count() >= 4 {
                    needles.push(value);
                    places.push((table.cell_ref(row, col).to_string(), column.header.clone()));
                }
            }
        }
    }
    if needles.is_empty() {
        return Vec::new();
    }
    let Ok(matcher) = aho_corasick::AhoCorasick::new(&needles) else {
        return Vec::new();
    };
    // The text actually written: every paragraph of the body and the notes.
    let mut found = std::collections::BTreeSet::new();
    for unit in &built.manifest.units {
        for m in matcher.find_iter(&normalise(&unit.text)) {
            found.insert(m.pattern().as_usize());
        }
    }
    found
        .into_iter()
        .map(|i| {
            let (cell, header) = &places[i];
            Diagnostic::file(
                built.output.clone(),
                format!(
                    "donnée confidentielle trouvée dans le document : la valeur de {cell} (colonne « {header} ») y apparaît ; rien n'a été écrit"
                ),
            )
        })
        .collect()
}

/// Case, apostrophes and spaces folded, so that typography cannot hide a leak.
fn normalise(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '’' | '‘' => '\'',
            '\u{A0}' | '\u{202F}' | '\n' | '\t' => ' ',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
