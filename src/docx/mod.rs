//! The Word writer: document model → `.docx` bytes.
//!
//! WordprocessingML is written here directly rather than through docx-rs.
//! docx-rs 0.4.22 writes elements out of schema order (`w:rPr` first in every
//! `w:pPr`, `numId` before `ilvl`, style children reordered, header references
//! after `pgSz`) and an undeclared `w:type` on `w:gridCol`: even a one-paragraph
//! document fails the Open XML SDK validator, which our output must pass. It
//! also lacks repeated header rows, `w:lang`, settings, `w:rPrChange` and
//! per-document ids, which the review and redline work need. Writing the few
//! parts we use ourselves, in schema order, costs less than patching every one.
//!
//! Layout: `body` (blocks), `paragraph` (paragraphs, footnotes), `inline` and
//! `runs` (runs), `revisions` (the revision state carried while writing),
//! `table`, `styles`, `numbering`, `package` (the other parts and the zip),
//! `style` (house style settings).

mod body;
pub mod chart;
mod cover;
mod fields;
pub mod figure;
mod inline;
mod numbering;
mod outline;
mod package;
pub mod pages;
mod paragraph;
pub mod reference;
mod revisions;
mod runs;
mod sections;
pub mod shell;
mod shell_fields;
mod shell_package;
pub mod style;
mod styles;
mod table;
mod xml;

pub use crate::model::manifest;
pub use package::{Properties, SettingsOptions};
pub use pages::PageNumbers;
pub use revisions::RevisionAuthor;
pub use style::Style;

use crate::model::Document;
use body::{Body, Ctx};

/// Image bytes by the `src` the model names them with.
pub type Assets = std::collections::BTreeMap<String, Vec<u8>>;

/// The text each workbook cell showed, for the generation manifest.
pub type CellValues = std::collections::HashMap<crate::model::CellRef, String>;

/// A written document: the .docx bytes and its generation manifest.
#[derive(Debug, Clone)]
pub struct Written {
    pub bytes: Vec<u8>,
    /// The generation manifest's JSON form (also inside the package; read
    /// back with [`manifest::Manifest::from_xml`]).
    pub manifest_json: String,
}

/// Everything the writer needs besides the document.
#[derive(Debug, Clone)]
pub struct WriteOptions {
    pub properties: Properties,
    pub style: Style,
    pub settings: SettingsOptions,
    /// Text of the page header.
    pub short_title: String,
    /// The document's name in trame.yaml (recorded in the manifest).
    pub name: String,
    /// Set for redlines: who made the tracked changes the model carries.
    pub revision_author: Option<RevisionAuthor>,
    /// The page numbers tables of contents and lists print.
    pub pages: PageNumbers,
}

/// Writes a document as the bytes of a `.docx` file.
pub fn write(
    doc: &Document,
    opts: &WriteOptions,
    assets: &Assets,
    cell_values: &CellValues,
) -> Written {
    let style = &opts.style;
    let mut zip = package::Zip::default();
    // The parts before the document, then the document part written as the
    // model is walked: it is compressed as it comes, never whole in memory.
    // `[Content_Types].xml` comes last, once the chart parts are known
    // (`_rels/.rels` first is what type sniffers look for).
    for (name, part) in [
        ("_rels/.rels", package::package_rels()),
        ("docProps/core.xml", package::core_xml(&opts.properties)),
        ("docProps/app.xml", package::app_xml()),
    ] {
        zip.part(name, part.as_bytes());
    }
    let mut body = Body::new(
        style,
        &doc.blocks,
        assets,
        cell_values,
        opts.revision_author.clone(),
    );
    body.pages = opts.pages.clone();
    zip.start("word/document.xml");
    body.sink = Some(&mut zip);
    let ctx = Ctx {
        para_style: "Normal",
        width: style.text_width(),
        depth: 0,
    };
    let mut document = String::with_capacity(1 << 16);
    document.push_str(&xml::root_open("document"));
    document.push_str("<w:body>");
    crate::timing::time("écriture Word (XML et compression du corps)", || {
        body.stream(&doc.blocks, ctx, &mut document)
    });
    document.push_str(&body.sect_pr(false));
    document.push_str("</w:body></w:document>");
    body.spill(&mut document);
    body.sink = None;
    let lang = &opts.properties.language;
    // Measured page numbers need no update on open; otherwise Word fills them.
    let settings = SettingsOptions {
        update_fields: opts.settings.update_fields || (body.has_fields && !opts.pages.known()),
        ..opts.settings
    };
    let media_names: Vec<(String, String)> = body
        .media
        .iter()
        .map(|m| (m.rel_id.clone(), m.name.clone()))
        .collect();
    let chart_names: Vec<(String, String)> = body
        .charts
        .iter()
        .map(|c| (c.rel_id.clone(), c.name()))
        .collect();
    let mut parts: Vec<(String, Vec<u8>)> = vec![
        (
            "word/_rels/document.xml.rels".into(),
            package::document_rels(&body.links, &media_names, &chart_names).into_bytes(),
        ),
        (
            "word/styles.xml".into(),
            match &style.reference_styles {
                // The reference was parsed whole when it was loaded
                // (`reference::styles_of`): merging it cannot fail.
                Some(reference) => {
                    reference::merge(reference, &styles::styles_xml(style, lang), lang)
                        .expect("reference styles checked when loaded")
                }
                None => styles::styles_xml(style, lang),
            }
            .into_bytes(),
        ),
        (
            "word/settings.xml".into(),
            package::settings_xml(lang, settings).into_bytes(),
        ),
        ("word/numbering.xml".into(), body.lists.xml().into_bytes()),
        (
            "word/footnotes.xml".into(),
            package::footnotes_xml(&body.footnotes).into_bytes(),
        ),
    ];
    parts.extend(shell::page_parts(doc, opts));
    for m in body.media {
        parts.push((format!("word/{}", m.name), m.bytes));
    }
    parts.extend(body.charts.into_iter().flat_map(chart::ChartPart::parts));
    let manifest_json = crate::timing::time("manifeste", || body.manifest.finish(&opts.name));
    // The parts after the manifest's: that one is escaped into the
    // compressor in pieces, never a second copy of the JSON.
    let after = [
        ("customXml/itemProps1.xml", manifest::item_props(&opts.name)),
        ("customXml/_rels/item1.xml.rels", manifest::item_rels()),
        (
            "[Content_Types].xml",
            package::content_types(chart_names.len()),
        ),
    ];
    Written {
        bytes: crate::timing::time("compression zip", || {
            for (name, bytes) in &parts {
                zip.part(name, bytes);
            }
            zip.start(manifest::PART);
            manifest::write_xml_part(&manifest_json, &mut zip)
                .expect("writing to memory cannot fail");
            for (name, part) in &after {
                zip.part(name, part.as_bytes());
            }
            zip.finish()
        }),
        manifest_json,
    }
}
