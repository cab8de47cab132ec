//! `trame deliver` and `trame redline`: recording what was sent, and
//! writing the current version as tracked changes against it.

use crate::build::{self, BuildOptions};
use crate::diag::{Diagnostic, Problems, Result};
use crate::docx::{self, RevisionAuthor};
use crate::redline::{self, Delivery, Stats, ToDeliver};
use chrono::NaiveDate;
use std::path::Path;

/// Builds the selected documents, writes them, and records them as delivered
/// under `label`. `date` defaults to the project date.
pub fn deliver(
    root: &Path,
    label: &str,
    documents: &[String],
    date: Option<NaiveDate>,
    force: bool,
) -> Result<Delivery> {
    let built = build::build(
        root,
        &BuildOptions {
            documents: documents.to_vec(),
            ..BuildOptions::default()
        },
    )?;
    let project = crate::project::Project::load(root)?;
    let date = date.unwrap_or(project.meta.date).to_string();
    let items: Vec<ToDeliver> = built
        .iter()
        .map(|b| ToDeliver {
            name: &b.name,
            output: &b.output,
            model: &b.model,
            assets: &b.assets,
            bytes: &b.bytes,
        })
        .collect();
    redline::deliver(root, label, &date, &items, force)
}

/// Options of `trame redline`.
#[derive(Debug, Clone, Default)]
pub struct RedlineOptions {
    pub against: String,
    pub documents: Vec<String>,
    /// Also a review copy (every further edit tracked).
    pub review: bool,
    pub author: Option<String>,
    pub date: Option<NaiveDate>,
}

/// One written redline.
#[derive(Debug)]
pub struct Redlined {
    pub name: String,
    pub output: String,
    pub stats: Stats,
    pub bytes: Vec<u8>,
}

/// Where the redline of an output goes: `out/x.docx` → `out/redline-v1/x.docx`.
pub fn redline_path(output: &str, label: &str) -> String {
    let file = Path::new(output)
        .file_name()
        .map(|f| f.to_string_lossy().to_string())
        .unwrap_or_default();
    format!("out/redline-{label}/{file}")
}

/// Writes every selected document as tracked changes against a delivery.
pub fn redline(root: &Path, options: &RedlineOptions) -> Result<Vec<Redlined>> {
    let (project, style, tables) = build::load(root)?;
    let (_delivery, delivered) = redline::load(root, &options.against)?;
    let selected = project.select(&options.documents)?;
    // An explicit date wins over SOURCE_DATE_EPOCH; the project date does not.
    let when = match options.date {
        Some(date) => date.and_hms_opt(0, 0, 0).expect("midnight exists"),
        None => build::timestamp(project.meta.date)?,
    };
    let author = RevisionAuthor {
        author: options
            .author
            .clone()
            .or_else(|| project.meta.author.clone())
            .or_else(|| project.meta.organisation.clone())
            .unwrap_or_else(|| "trame".into()),
        date: when.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
    };
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (name, spec) in selected {
        let Some((old_model, old_assets)) = delivered.get(name) else {
            problems.push(Diagnostic::file(
                format!("{}/{}", redline::DELIVERIES, options.against),
                format!("le document « {name} » ne fait pas partie de cette livraison"),
            ));
            continue;
        };
        let (model, mut assets) = match build::model_of(&project, &style, &tables, name, spec) {
            Ok(m) => m,
            Err(Problems(mut p)) => {
                problems.append(&mut p);
                continue;
            }
        };
        let (marked, stats) = redline::redline(old_model, &model);
        // Deleted figures still need their images.
        for (src, bytes) in old_assets {
            assets.entry(src.clone()).or_insert_with(|| bytes.clone());
        }
        let mut opts = build::write_options(&project, &style, name, spec, options.review)?;
        opts.revision_author = Some(author.clone());
        let written = docx::write(
            &marked,
            &opts,
            &assets,
            &build::cell_values(&model, &tables),
        );
        out.push(Redlined {
            name: name.clone(),
            output: redline_path(&spec.output, &options.against),
            stats,
            bytes: written.bytes,
        });
    }
    if !problems.is_empty() {
        return Err(Problems(problems));
    }
    let files: Vec<(&str, &[u8])> = out
        .iter()
        .map(|r| (r.output.as_str(), r.bytes.as_slice()))
        .collect();
    crate::files::write_atomically(root, &files)?;
    Ok(out)
}
