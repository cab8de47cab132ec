//! `trame deliver` and `trame redline`: recording what was sent, and
//! writing the current version as tracked changes against it.

use crate::build::{self, Against, BuildOptions, Session};
use crate::diag::Result;
use crate::docx::RevisionAuthor;
use crate::redline::{self, Delivery, Stats, ToDeliver};
use chrono::NaiveDate;
use std::path::Path;

/// Builds the selected documents, writes them, and records them as delivered
/// under `label`. `date` defaults to the project date. Also returns the
/// outputs changed since trame wrote them, kept aside.
pub fn deliver(
    root: &Path,
    label: &str,
    documents: &[String],
    date: Option<NaiveDate>,
    force: bool,
) -> Result<(Delivery, Vec<crate::files::KeptAside>)> {
    // A bad or used label is refused before anything is built or written.
    redline::can_record(root, label, force)?;
    let session = Session::load(root)?;
    let options = BuildOptions {
        documents: documents.to_vec(),
        paginate: true,
        ..BuildOptions::default()
    };
    let mut built = session.render(&options, None)?;
    session.write_built(&mut built)?;
    let date = date.unwrap_or(session.project.meta.date).to_string();
    let items: Vec<ToDeliver> = built
        .iter()
        .map(|b| ToDeliver {
            name: &b.name,
            output: &b.output,
            model: &b.model,
            assets: &b.assets,
            bytes: &b.bytes,
            allowed: &b.allowed,
        })
        .collect();
    let kept = built.iter().flat_map(|b| b.kept_aside.clone()).collect();
    redline::deliver(&session, label, &date, &items, force).map(|d| (d, kept))
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
    /// Earlier redline files changed since trame wrote them, kept aside.
    pub kept_aside: Vec<crate::files::KeptAside>,
}

/// Where the redline of an output goes: `out/x.docx` → `out/redline-v1/x.docx`.
pub fn redline_path(output: &str, label: &str) -> String {
    let file = Path::new(output)
        .file_name()
        .map(|f| f.to_string_lossy().to_string())
        .unwrap_or_default();
    format!("out/redline-{label}/{file}")
}

/// Writes every selected document as tracked changes against a delivery,
/// through the one render path (same checks as a build).
pub fn redline(root: &Path, options: &RedlineOptions) -> Result<Vec<Redlined>> {
    let session = Session::load(root)?;
    let (_delivery, delivered) = redline::load(root, &options.against)?;
    // An explicit date wins over SOURCE_DATE_EPOCH; the project date does not.
    let when = match options.date {
        Some(date) => date.and_hms_opt(0, 0, 0).expect("midnight exists"),
        None => build::timestamp(session.project.meta.date)?,
    };
    let meta = &session.project.meta;
    let against = Against {
        label: &options.against,
        delivered: &delivered,
        author: RevisionAuthor {
            author: options
                .author
                .clone()
                .or_else(|| meta.author.clone())
                .or_else(|| meta.organisation.clone())
                .unwrap_or_else(|| "trame".into()),
            date: when.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        },
    };
    let render = BuildOptions {
        documents: options.documents.clone(),
        review: options.review,
        ..BuildOptions::default()
    };
    let mut built = session.render(&render, Some(&against))?;
    session.write_built(&mut built)?;
    Ok(built
        .into_iter()
        .map(|b| Redlined {
            name: b.name,
            output: b.output,
            stats: b.redline.unwrap_or_default(),
            bytes: b.bytes,
            kept_aside: b.kept_aside,
        })
        .collect())
}
