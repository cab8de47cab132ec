//! The whole pipeline, for the CLI and tests: check a project, build its
//! documents, write them atomically.

use crate::blueprint;
use crate::confidential::Guard;
use crate::data::{self, Tables};
use crate::diag::{Diagnostic, Location, Problems, Result};
use crate::docx::{self, Assets, Properties, SettingsOptions, Style, WriteOptions};
use crate::markup;
use crate::model::{Block, Cover, Document, Image};
use crate::parallel::parallel_map_largest_first;
use crate::project::per_row::{Instance, RowBinding};
use crate::project::{DocumentSpec, Project};
use chrono::{DateTime, NaiveDateTime};
use std::path::Path;

/// The default house-style file.
pub const STYLE_FILE: &str = "blueprints/style.yaml";

/// What a render produces, for every command: `check` (nothing written),
/// `build` (the deliverables or their review copies), `deliver`, `redline`
/// (tracked changes against a delivery) and `--markdown`.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Names of the documents to build; empty for all.
    pub documents: Vec<String>,
    /// Write review copies (every edit tracked).
    pub review: bool,
    /// Say on stderr which document is being built (long runs).
    pub progress: bool,
    /// Also keep the Markdown the template stage produced (`--markdown`).
    pub markdown: bool,
    /// Fill the page numbers of tables of contents and lists by laying the
    /// documents out in LibreOffice (when it is installed; not for redlines).
    pub paginate: bool,
    /// Warnings (accessibility, declared checks) are errors (`--strict`).
    pub strict: bool,
}

/// A redline request: the delivered models, and who the changes are by.
pub struct Against<'a> {
    pub label: &'a str,
    pub delivered: &'a crate::redline::Delivered,
    pub author: docx::RevisionAuthor,
}

/// One document, built in memory, every check passed.
#[derive(Debug)]
pub struct Built {
    /// The name in summaries: the declared name, or `name/file-stem` for a
    /// row's copy of a per-row document.
    pub name: String,
    /// The name the document is declared under in `trame.yaml`.
    pub document: String,
    /// Output path relative to the project folder.
    pub output: String,
    /// The document as generated (for a redline: the new version, unmarked).
    pub model: Document,
    /// Image bytes the model refers to.
    pub assets: Assets,
    /// The Word file (for a redline: the marked version).
    pub bytes: Vec<u8>,
    /// Where each paragraph came from: the generation manifest's JSON form
    /// (also inside the package, and the file beside the output).
    pub manifest_json: String,
    /// The template stage's Markdown, when asked for.
    pub markdown: Option<String>,
    /// For a redline: what changed.
    pub redline: Option<crate::redline::Stats>,
    /// Where the document went when its output was held by another program.
    pub written_beside: Option<String>,
    /// Warnings of the project's checks that concern this document.
    pub warnings: Vec<Diagnostic>,
    /// Outputs of this document changed since trame wrote them, kept aside.
    pub kept_aside: Vec<crate::files::KeptAside>,
    /// The output already held these very bytes before this build.
    pub unchanged: bool,
    /// What became of the page numbers of its tables of contents and lists.
    pub pages: crate::pagination::Pagination,
    /// What writing it again with measured page numbers needs (until then).
    pub relayout: Option<crate::pagination::Relayout>,
    /// Headers of the confidential columns this copy shows (its own row's
    /// values, allowed by `confidentiel_autorise`).
    pub shows_confidential: Vec<String>,
    /// Those values, folded, as the guard lets them pass in this copy's files.
    pub allowed: std::sync::Arc<[String]>,
    /// The proof that the files, as they are now, passed the guard: what
    /// lets [`Session::write_built`] write them without scanning them again.
    /// Set by [`Built::scan`]; bytes changed since no longer match it.
    pub scanned: Option<crate::confidential::Scanned>,
}

impl Built {
    /// Scans every file of this document for confidential values, with
    /// the allowance of a per-row copy, and keeps the proof: the one scan
    /// each writing of a document goes through (render, then pagination's
    /// second writing).
    pub fn scan(&mut self, guard: &Guard) -> Result<()> {
        self.scanned = None;
        let proof = guard
            .allowing(self.allowances([]))
            .scan_files(&self.files())?;
        self.scanned = Some(proof);
        Ok(())
    }

    /// What the guard lets each file of this document show (nothing for a
    /// document without allowance); `extra` are further files of it (a PDF,
    /// a delivered copy).
    pub fn allowances<'a>(
        &self,
        extra: impl IntoIterator<Item = &'a str>,
    ) -> crate::confidential::Allowances {
        if self.allowed.is_empty() {
            return Default::default();
        }
        self.files()
            .into_iter()
            .map(|(p, _)| p)
            .chain(extra.into_iter().map(String::from))
            .map(|p| (p, self.allowed.clone()))
            .collect()
    }

    /// The manifest file beside the output: `out/x.docx` → `out/x.manifest.json`.
    pub fn manifest_path(&self) -> String {
        manifest_path(&self.output)
    }

    /// The Markdown file beside the output: `out/x.docx` → `out/x.md`.
    pub fn markdown_path(&self) -> String {
        format!(
            "{}.md",
            self.output.strip_suffix(".docx").unwrap_or(&self.output)
        )
    }

    /// Every file this document writes, with its bytes: the Markdown export
    /// comes with the images made while rendering (charts) it refers to.
    pub fn files(&self) -> Vec<(String, &[u8])> {
        let mut files = vec![(self.output.clone(), self.bytes.as_slice())];
        if self.redline.is_none() {
            files.push((self.manifest_path(), self.manifest_json.as_bytes()));
        }
        if let Some(md) = &self.markdown {
            files.push((self.markdown_path(), md.as_bytes()));
            let folder = std::path::Path::new(&self.output)
                .parent()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            for (src, bytes) in &self.assets {
                let name = markdown_image_name(&self.output, src);
                if md.contains(&format!("]({name})")) {
                    let path = if folder.is_empty() {
                        name
                    } else {
                        format!("{folder}/{name}")
                    };
                    files.push((path, bytes.as_slice()));
                }
            }
        }
        files
    }
}

/// Where the review copy of an output goes, never over the deliverable:
/// `out/x.docx` → `out/relecture/x.docx`.
pub fn review_path(output: &str) -> String {
    let path = Path::new(output);
    let file = path.file_name().map(|f| f.to_string_lossy().to_string());
    match (path.parent(), file) {
        (Some(parent), Some(file)) if !parent.as_os_str().is_empty() => {
            format!("{}/{REVIEW_DIR}/{file}", parent.to_string_lossy())
        }
        _ => format!("{REVIEW_DIR}/{output}"),
    }
}

/// The folder of review copies, beside the deliverables.
pub const REVIEW_DIR: &str = "relecture";

/// The file name beside the Markdown export of an image made while
/// rendering: `out/x.docx`, `graphique-1.png` → `x-graphique-1.png`.
fn markdown_image_name(output: &str, src: &str) -> String {
    let stem = std::path::Path::new(output)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!("{stem}-{src}")
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

/// A loaded project: what every command renders from, and the guard every
/// output and message passes through.
pub struct Session {
    pub root: std::path::PathBuf,
    pub project: Project,
    pub style: Style,
    pub tables: Tables,
    pub guard: Guard,
}

/// Checks everything a build would use, without writing anything.
pub fn check(root: &Path) -> Result<Vec<String>> {
    check_with(root, false).map(|(names, _)| names)
}

/// Like [`check`], also returning the warnings (each once); with `strict`,
/// warnings are errors.
pub fn check_with(root: &Path, strict: bool) -> Result<(Vec<String>, Vec<Diagnostic>)> {
    let session = Session::load(root)?;
    let options = BuildOptions {
        strict,
        ..BuildOptions::default()
    };
    let built = session.render(&options, None)?;
    let mut warnings: Vec<Diagnostic> = Vec::new();
    for w in built.iter().flat_map(|b| b.warnings.iter()) {
        if !warnings.contains(w) {
            warnings.push(w.clone());
        }
    }
    Ok((built.into_iter().map(|b| b.name).collect(), warnings))
}

/// Builds the selected documents and writes them; on any problem, writes
/// nothing and leaves earlier outputs as they were.
pub fn build(root: &Path, options: &BuildOptions) -> Result<Vec<Built>> {
    let session = Session::load(root)?;
    let mut built = session.render(options, None)?;
    session.write_built(&mut built)?;
    Ok(built)
}

impl Session {
    /// Loads the project, its style and its data, reporting all problems at
    /// once; messages never show a confidential value.
    pub fn load(root: &Path) -> Result<Session> {
        let mut project = Project::load(root)?;
        let mut problems = Vec::new();
        let style = match load_style(&project) {
            Ok(s) => s,
            Err(Problems(mut p)) => {
                problems.append(&mut p);
                Style::default()
            }
        };
        // The house style's logo, unless trame.yaml names one.
        if project.meta.logo.is_none() && !style.cover.logo.is_empty() {
            project.meta.logo = Some(style.cover.logo.clone());
        }
        let tables = match crate::timing::time("lecture des classeurs", || data::load_all(&project))
        {
            Ok(t) => t,
            Err(Problems(mut p)) => {
                problems.append(&mut p);
                Tables::default()
            }
        };
        problems.extend(missing_blueprints(&project));
        let guard = Guard::new(&tables)?;
        if !problems.is_empty() {
            // The blueprints' own mistakes do not depend on the data: list
            // them in the same run.
            let dir = project.root.join(blueprint::BLUEPRINT_DIR);
            let present = project
                .documents
                .values()
                .filter(|spec| dir.join(&spec.blueprint).is_file());
            for spec in present {
                for d in blueprint::check_without_data(&project, spec, &style.primary) {
                    if !problems.contains(&d) {
                        problems.push(d);
                    }
                }
            }
            return Err(guard.mask_problems(Problems(problems)));
        }
        Ok(Session {
            root: root.to_path_buf(),
            project,
            style,
            tables,
            guard,
        })
    }

    /// The one render path: every selected document through template,
    /// markup, typography, images, references, the Word writer and the
    /// confidentiality scan of every file it produces. With `against`, each
    /// document is written as tracked changes against its delivered version.
    /// Problems of all documents are reported together, masked.
    pub fn render(&self, options: &BuildOptions, against: Option<&Against>) -> Result<Vec<Built>> {
        let selected = self.project.select(&options.documents)?;
        let pagination =
            (options.paginate && against.is_none()).then(crate::pdf::pages::availability);
        let first_pages = pagination
            .as_ref()
            .map(crate::pagination::first_pass)
            .unwrap_or_default();
        let mut instances = crate::project::per_row::expand(&self.project, &selected, &self.tables)
            .map_err(|p| self.guard.mask_problems(p))?;
        if !options.documents.is_empty() {
            // A document named whole, or one row's copy named alone.
            instances.retain(|i| {
                options.documents.contains(&i.name)
                    || options.documents.iter().any(|d| d.as_str() == i.document)
            });
            let unknown: Vec<Diagnostic> = options
                .documents
                .iter()
                .filter(|d| {
                    !instances
                        .iter()
                        .any(|i| &i.name == *d || i.document == d.as_str())
                })
                .map(|d| {
                    Diagnostic::file(
                        crate::project::PROJECT_FILE,
                        format!(
                            "document inconnu « {d} » : aucune ligne de sa source ne donne ce nom"
                        ),
                    )
                })
                .collect();
            if !unknown.is_empty() {
                return Err(self.guard.mask_problems(Problems(unknown)));
            }
        }
        // The longest renders first, so that no core waits at the end on a
        // large document started last; the results keep the order of `instances`.
        let blueprints = self.project.root.join(blueprint::BLUEPRINT_DIR);
        let size = |i: &Instance| {
            std::fs::metadata(blueprints.join(&i.spec.blueprint)).map_or(0, |m| m.len())
        };
        let results = parallel_map_largest_first(&instances, size, |instance| {
            if options.progress {
                eprintln!("… {}", instance.name);
            }
            let mut built = self.render_one(instance, options, against, &first_pages)?;
            crate::timing::time("contrôle de confidentialité", || built.scan(&self.guard))?;
            Ok(built)
        });
        let mut built = Vec::new();
        let mut problems = Vec::new();
        for result in results {
            match result {
                Ok(b) => built.push(b),
                Err(Problems(mut p)) => problems.append(&mut p),
            }
        }
        problems.extend(crate::verify::run(&self.project, &self.tables, &mut built));
        self.check_accessibility(&mut built);
        if options.strict {
            for b in built.iter_mut() {
                for w in b.warnings.drain(..) {
                    if !problems.contains(&w) {
                        problems.push(w);
                    }
                }
            }
        }
        if problems.is_empty()
            && let Some(availability) = &pagination
        {
            crate::pagination::fill(availability, &self.guard, &mut built)?;
        }
        if problems.is_empty() {
            Ok(built)
        } else {
            Err(self.guard.mask_problems(Problems(problems)))
        }
    }

    fn render_one(
        &self,
        instance: &Instance,
        options: &BuildOptions,
        against: Option<&Against>,
        pages: &docx::PageNumbers,
    ) -> Result<Built> {
        let (project, style, tables) = (&self.project, &self.style, &self.tables);
        let (name, spec) = (instance.name.as_str(), instance.spec.as_ref());
        let row = instance.row.as_ref();
        let (model, mut assets, markdown, warnings) =
            model_of(project, style, tables, name, spec, row, options.markdown)?;
        let (shows_confidential, allowed) =
            match row.and_then(|r| Some((r, tables.get(&r.source)?))) {
                Some((r, table)) => (
                    r.allowed
                        .iter()
                        .map(|c| table.columns[*c].header.clone())
                        .collect(),
                    Guard::row_values(table, r.row, &r.allowed),
                ),
                None => (Vec::new(), std::sync::Arc::from([])),
            };
        let mut write_options = write_options(project, style, name, spec, options.review)?;
        if let Some(first) = crate::pagination::first_pages(&model, pages) {
            write_options.pages = first;
        }
        let values = crate::timing::time("valeurs des cellules", || cell_values(&model, tables));
        let (written, output, stats) = match against {
            None => (
                docx::write(&model, &write_options, &assets, &values),
                if options.review {
                    review_path(&spec.output)
                } else {
                    spec.output.clone()
                },
                None,
            ),
            Some(against) => {
                let Some((old_model, old_assets)) = against.delivered.get(name) else {
                    return Err(Diagnostic::file(
                        format!("{}/{}", crate::redline::DELIVERIES, against.label),
                        format!("le document « {name} » ne fait pas partie de cette livraison"),
                    )
                    .into());
                };
                let (marked, stats) = crate::redline::redline(old_model, &model);
                // Deleted figures still need their images.
                for (src, bytes) in old_assets {
                    assets.entry(src.clone()).or_insert_with(|| bytes.clone());
                }
                write_options.revision_author = Some(against.author.clone());
                (
                    docx::write(&marked, &write_options, &assets, &values),
                    crate::versions::redline_path(&spec.output, against.label),
                    Some(stats),
                )
            }
        };
        // Kept for a second writing once the pages are measured.
        let relayout = (against.is_none() && write_options.pages == docx::PageNumbers::Measuring)
            .then_some(crate::pagination::Relayout {
                options: write_options,
                values,
            });
        Ok(Built {
            name: name.to_string(),
            document: instance.document.to_string(),
            output,
            model,
            assets,
            bytes: written.bytes,
            manifest_json: written.manifest_json,
            markdown,
            redline: stats,
            written_beside: None,
            warnings,
            kept_aside: Vec::new(),
            unchanged: false,
            pages: Default::default(),
            relayout,
            shows_confidential,
            allowed,
            scanned: None,
        })
    }

    /// Adds the accessibility warnings of each document to it; those of the
    /// house style go to the first document only (they concern them all).
    fn check_accessibility(&self, built: &mut [Built]) {
        use crate::verify::accessibility;
        let style_file = self.project.style.as_deref().unwrap_or(STYLE_FILE);
        for (i, b) in built.iter_mut().enumerate() {
            let Some(spec) = self.project.documents.get(&b.name) else {
                continue;
            };
            let blueprint = format!("{}/{}", blueprint::BLUEPRINT_DIR, spec.blueprint);
            let title = spec.title.as_ref().unwrap_or(&self.project.meta.title);
            let cx = accessibility::Context {
                blueprint: &blueprint,
                title,
                language: &self.project.meta.language,
            };
            b.warnings.extend(accessibility::check(&b.model, &cx));
            if i == 0 {
                b.warnings
                    .extend(accessibility::contrast(&self.style, style_file));
            }
        }
    }

    /// Writes files inside the project through the guard, all or nothing;
    /// an output changed since trame wrote it is first kept aside.
    pub fn write(&self, files: &[(&str, &[u8])]) -> Result<crate::files::Written> {
        self.write_allowing(files, Default::default())
    }

    /// [`Session::write`], the files of `allowances` showing the values
    /// listed for them (a per-row document's own row).
    pub fn write_allowing(
        &self,
        files: &[(&str, &[u8])],
        allowances: crate::confidential::Allowances,
    ) -> Result<crate::files::Written> {
        crate::files::write_outputs(&self.root, files, &self.guard.allowing(allowances))
    }

    /// Writes every file of the built documents, as scanned by the render
    /// (a file whose bytes it did not scan is refused); records where a file
    /// held by another program was written instead.
    pub fn write_built(&self, built: &mut [Built]) -> Result<()> {
        let files: Vec<(String, &[u8])> = built.iter().flat_map(Built::files).collect();
        let refs: Vec<(&str, &[u8])> = files.iter().map(|(p, b)| (p.as_str(), *b)).collect();
        let proof = crate::confidential::Scanned::joined(
            &self.guard,
            built.iter().filter_map(|b| b.scanned.as_ref()),
        );
        let written = crate::timing::time("écriture des fichiers", || {
            crate::files::write_outputs_cleared(
                &self.root,
                &refs,
                crate::confidential::Clearance::Scanned(&proof),
            )
        })?;
        for b in built.iter_mut() {
            b.written_beside = written
                .beside
                .iter()
                .find(|(asked, _)| *asked == b.output)
                .map(|(_, written)| written.clone());
            let own: Vec<String> = b.files().into_iter().map(|(p, _)| p).collect();
            b.kept_aside = written
                .kept_aside
                .iter()
                .filter(|k| own.contains(&k.output))
                .cloned()
                .collect();
            b.unchanged = written.unchanged.contains(&b.output);
        }
        Ok(())
    }
}

/// Documents whose blueprint file is not in `blueprints/`, named at
/// trame.yaml with the closest file name there.
fn missing_blueprints(project: &Project) -> Vec<Diagnostic> {
    let dir = project.root.join(blueprint::BLUEPRINT_DIR);
    let present: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".j2"))
                .collect()
        })
        .unwrap_or_default();
    project
        .documents
        .iter()
        .filter(|(_, spec)| !dir.join(&spec.blueprint).is_file())
        .map(|(name, spec)| {
            Diagnostic::file(
                crate::project::PROJECT_FILE,
                format!(
                    "document « {name} » : modèle « {} » introuvable dans {}/",
                    spec.blueprint,
                    blueprint::BLUEPRINT_DIR
                ),
            )
            .with_hint(
                crate::diag::closest(&spec.blueprint, present.iter().map(String::as_str))
                    .map(|c| format!("vouliez-vous dire « {c} » ?")),
            )
        })
        .collect()
}

fn load_style(project: &Project) -> Result<Style> {
    let mut style = load_house_style(project)?;
    if let Some(file) = &project.reference_docx {
        let bytes = crate::files::read_input(
            &project.root,
            file,
            "modèle Word (reference_docx)",
            INPUT_MAX_BYTES,
        )?;
        let styles = docx::reference::styles_of(&bytes)
            .map_err(|m| Diagnostic::file(file, format!("modèle Word (reference_docx) : {m}")))?;
        style.reference_styles = Some(styles);
        let shell = docx::shell::Shell::read(&bytes)
            .map_err(|m| Diagnostic::file(file, format!("modèle Word (reference_docx) : {m}")))?;
        if let Some([top, bottom, left, right]) = shell.margins {
            style.margins = docx::style::Margins {
                top,
                bottom,
                left,
                right,
            };
        }
        style.shell = Some(std::sync::Arc::new(shell));
    }
    Ok(style)
}

/// Largest style file, Word template or image trame reads.
const INPUT_MAX_BYTES: u64 = 64 << 20;

fn load_house_style(project: &Project) -> Result<Style> {
    let file = project
        .style
        .clone()
        .unwrap_or_else(|| STYLE_FILE.to_string());
    let path = project.root.join(&file);
    if project.style.is_none() && std::fs::symlink_metadata(&path).is_err() {
        return Ok(Style::default());
    }
    let text =
        crate::files::read_input_text(&project.root, &file, "fichier de style", INPUT_MAX_BYTES)?;
    let style: Style = if text.trim().is_empty() {
        Style::default()
    } else {
        crate::project::parse_yaml(&file, &text)?
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

/// The outcome of one PDF conversion.
#[derive(Debug)]
pub struct PdfOutcome {
    /// The document's name.
    pub name: String,
    /// The PDF path, relative to the project folder.
    pub pdf: String,
    /// What was written, or why not.
    pub result: Result<crate::files::Written>,
    /// After a failure: what became of the previous PDF.
    pub stale: crate::files::Stale,
}

/// Writes a PDF of each built document (LibreOffice), through the guard and
/// atomically, calling `done` as each one finishes. After a failed
/// conversion, the previous PDF is removed if the document changed and trame
/// wrote that PDF as it is, so that no stale PDF stays beside a new document.
pub fn write_pdfs(session: &Session, built: &[Built], mut done: impl FnMut(PdfOutcome)) {
    for b in built {
        let pdf = format!(
            "{}.pdf",
            b.output.strip_suffix(".docx").unwrap_or(&b.output)
        );
        let result = crate::pdf::to_pdf(&session.root.join(&b.output))
            .map_err(|m| Problems(vec![Diagnostic::file(b.output.clone(), m)]))
            .and_then(|bytes| {
                session.write_allowing(&[(&pdf, &bytes)], b.allowances([pdf.as_str()]))
            });
        // A PDF of the very same document is still right: it stays.
        let stale = match &result {
            Err(_) if !b.unchanged => crate::files::remove_stale(&session.root, &pdf),
            _ => crate::files::Stale::None,
        };
        done(PdfOutcome {
            name: b.name.clone(),
            pdf,
            result,
            stale,
        });
    }
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
        pages: docx::PageNumbers::Unknown,
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

/// Template → model (with its images), French typography, cover, and
/// checks of references and images; with the render's warnings.
fn model_of(
    project: &Project,
    style: &Style,
    tables: &Tables,
    name: &str,
    spec: &DocumentSpec,
    row: Option<&RowBinding>,
    markdown: bool,
) -> Result<(Document, Assets, Option<String>, Vec<Diagnostic>)> {
    use crate::timing::time;
    let mut rendered = time("modèle minijinja", || {
        blueprint::render(project, tables, name, spec, &style.primary, row)
    })?;
    let markdown = markdown.then(|| {
        markup::to_markdown(&rendered, |src| {
            if rendered.assets.contains_key(src) {
                markdown_image_name(&spec.output, src)
            } else {
                // A project file, from the Markdown file's folder.
                let depth = std::path::Path::new(&spec.output).components().count() - 1;
                format!("{}{src}", "../".repeat(depth))
            }
        })
    });
    let mut assets = std::mem::take(&mut rendered.assets);
    let used_only = std::mem::take(&mut rendered.used_only);
    let warnings = std::mem::take(&mut rendered.warnings);
    let mut model = time("Markdown → modèle", || markup::parse(rendered))?;
    if spec.cover {
        model.blocks.insert(0, Block::Cover(cover(project, spec)));
    }
    // Before typography, which rewrites the text the requests were made of.
    blueprint::keep_used_rows(&mut model, &used_only);
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
    Ok((model, assets, markdown, warnings))
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
        reference: spec
            .reference
            .clone()
            .or_else(|| meta.reference.clone())
            .unwrap_or_default(),
        version: text(&meta.version),
        date: crate::french::format_date_long(spec.date.unwrap_or(meta.date)),
        notice: text(&meta.notice),
        short_title: spec
            .short_title
            .clone()
            .or_else(|| spec.title.clone())
            .unwrap_or_else(|| meta.title.clone()),
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
            match crate::files::read_input(&project.root, &image.src, "image", INPUT_MAX_BYTES) {
                Ok(bytes) => {
                    assets.insert(image.src.clone(), bytes);
                }
                Err(Problems(found)) => {
                    let from_blueprint = project.meta.logo.as_ref() != Some(&image.src);
                    problems.extend(found.into_iter().map(|d| {
                        d.with_hint(
                            from_blueprint.then(|| format!("image appelée par {blueprint}")),
                        )
                    }));
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
