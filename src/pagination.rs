//! Page numbers filled in at build time: each document is written once with
//! placeholders, all are laid out together by LibreOffice
//! ([`crate::pdf::pages`]), and each is written again with the measured
//! page of every heading, table and figure in its tables of contents and
//! lists. The fields stay fields (Word can still update them); a document
//! whose numbers are filled no longer asks Word to update them on open.

use crate::build::Built;
use crate::confidential::Guard;
use crate::diag::Result;
use crate::docx::{self, CellValues, PageNumbers, WriteOptions};
use crate::model::{Block, Document};
use crate::parallel::parallel_map;
use crate::pdf::pages::{Availability, measure};

/// What became of a document's page numbers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Pagination {
    /// Not asked for (check, watch, redline, server previews).
    #[default]
    NotAsked,
    /// Measured and written into the document.
    Filled,
    /// Turned off with `TRAME_PAGINATION=0`.
    Off,
    /// Not possible here (LibreOffice missing) or the layout failed: the
    /// French reason. The document is as it would be without LibreOffice.
    Unavailable(String),
}

/// What a second writing of a document needs besides its model and assets.
#[derive(Debug, Clone)]
pub struct Relayout {
    pub options: WriteOptions,
    pub values: CellValues,
}

/// The page numbers a document is first written with, for this build:
/// placeholders when it will be measured.
pub fn first_pass(availability: &Availability) -> PageNumbers {
    match availability {
        Availability::Ready { .. } => PageNumbers::Measuring,
        _ => PageNumbers::Unknown,
    }
}

/// The longest document laid out for its page numbers, in paragraphs and
/// table rows. LibreOffice lays out the sample's reports (about 2 000 each)
/// in a few seconds, but took three minutes for one of 40 000 paragraphs;
/// past this size the numbers are left to Word, and the build says so.
pub const LAYOUT_LIMIT: usize = 20_000;

/// The page numbers a document's first writing gets: `None` when it has
/// no table of contents or list, `Unknown` when it is too long to be laid
/// out, else the build's first pass.
pub fn first_pages(model: &Document, build: &PageNumbers) -> Option<PageNumbers> {
    if !has_lists(model) {
        return None;
    }
    Some(if too_long(model) {
        PageNumbers::Unknown
    } else {
        build.clone()
    })
}

/// How long a document is for LibreOffice: its paragraphs and table rows.
fn length(model: &Document) -> usize {
    fn count(blocks: &[Block]) -> usize {
        blocks
            .iter()
            .map(|b| {
                let own = match b {
                    Block::Table(t) => t.header.len() + t.rows.len(),
                    _ => 1,
                };
                own + b
                    .children()
                    .map(|c| count(std::slice::from_ref(c)))
                    .sum::<usize>()
            })
            .sum()
    }
    count(&model.blocks)
}

/// Whether a document is too long to be laid out.
fn too_long(model: &Document) -> bool {
    length(model) > LAYOUT_LIMIT
}

/// Whether a document has a table of contents or list to number (only
/// those are laid out).
pub fn has_lists(model: &Document) -> bool {
    model
        .blocks
        .iter()
        .flat_map(Block::descendants)
        .any(|b| matches!(b, Block::Toc(_)))
}

/// Measures the pages of every built document that kept what a second
/// writing needs, and writes each again with its page numbers (or, when
/// the layout failed, as it is written without LibreOffice). The rewritten
/// files go through the confidentiality guard again.
pub fn fill(availability: &Availability, guard: &Guard, built: &mut [Built]) -> Result<()> {
    let (soffice, python) = match availability {
        Availability::Ready { soffice, python } => (soffice, python),
        Availability::Off => {
            mark(built, Pagination::Off);
            return Ok(());
        }
        Availability::Missing(why) => {
            mark(built, Pagination::Unavailable(why.clone()));
            return Ok(());
        }
    };
    for b in built.iter_mut().filter(|b| b.relayout.is_none()) {
        let n = if has_lists(&b.model) {
            length(&b.model)
        } else {
            0
        };
        if n > LAYOUT_LIMIT {
            b.pages = Pagination::Unavailable(format!(
                "« {} » a {} paragraphes et lignes de tableau, trop pour une mise en page \
par LibreOffice (au plus {})",
                b.name,
                crate::french::format_integer(n as i64),
                crate::french::format_integer(LAYOUT_LIMIT as i64)
            ));
        }
    }
    let concerned: Vec<usize> = (0..built.len())
        .filter(|&i| built[i].relayout.is_some())
        .collect();
    if concerned.is_empty() {
        return Ok(());
    }
    let bytes: Vec<&[u8]> = concerned
        .iter()
        .map(|&i| built[i].bytes.as_slice())
        .collect();
    let pages = crate::timing::time("mise en page (LibreOffice)", || {
        measure(soffice, python, &bytes)
    })
    .map(|found| {
        found
            .into_iter()
            .map(PageNumbers::Known)
            .collect::<Vec<_>>()
    });
    let (pages, outcome) = match pages {
        Ok(pages) => (pages, Pagination::Filled),
        Err(why) => (
            vec![PageNumbers::Unknown; concerned.len()],
            Pagination::Unavailable(why),
        ),
    };
    let jobs: Vec<(usize, PageNumbers)> = concerned.into_iter().zip(pages).collect();
    let shared: &[Built] = built;
    let written = parallel_map(&jobs, |(i, pages)| {
        let b = &shared[*i];
        let relayout = b.relayout.as_ref().expect("kept for a second writing");
        let options = WriteOptions {
            pages: pages.clone(),
            ..relayout.options.clone()
        };
        docx::write(&b.model, &options, &b.assets, &relayout.values)
    });
    for ((i, _), w) in jobs.into_iter().zip(written) {
        let b = &mut built[i];
        b.bytes = w.bytes;
        b.manifest_json = w.manifest_json;
        b.relayout = None;
        b.pages = outcome.clone();
        b.scan(guard)?;
    }
    Ok(())
}

/// Every document with lists keeps its first writing, with this outcome.
fn mark(built: &mut [Built], state: Pagination) {
    for b in built.iter_mut().filter(|b| has_lists(&b.model)) {
        b.relayout = None;
        b.pages = state.clone();
    }
}

/// The one summary line about page numbers, when some document could not
/// have them filled (said once for the whole build).
pub fn summary_note(built: &[Built]) -> Option<String> {
    built.iter().find_map(|b| match &b.pages {
        Pagination::Unavailable(why) => Some(format!(
            "numéros de page : {why} ; la table des matières et les listes de tableaux et de figures \
recevront leurs numéros de page quand Word mettra les champs à jour (à l'ouverture, ou touche F9)"
        )),
        _ => None,
    })
}
