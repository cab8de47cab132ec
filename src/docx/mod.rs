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
//! Layout: `body` (blocks), `inline` (runs), `table`, `styles`, `numbering`,
//! `package` (the other parts and the zip), `style` (house style settings).

mod body;
mod inline;
mod numbering;
mod package;
pub mod style;
mod styles;
mod table;
mod xml;

pub use package::{Properties, SettingsOptions};
pub use style::Style;

use crate::model::Document;
use body::{Body, Ctx};

/// Everything the writer needs besides the document.
#[derive(Debug, Clone)]
pub struct WriteOptions {
    pub properties: Properties,
    pub style: Style,
    pub settings: SettingsOptions,
    /// Text of the page header.
    pub short_title: String,
}

/// Writes a document as the bytes of a `.docx` file.
pub fn write(doc: &Document, opts: &WriteOptions) -> Vec<u8> {
    let style = &opts.style;
    let mut body = Body::new(style, &doc.blocks);
    let ctx = Ctx {
        para_style: "Normal",
        width: style.text_width(),
        depth: 0,
    };
    let content = body.blocks(&doc.blocks, ctx);
    let m = &style.margins;
    let sect = format!(
        "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rIdHeader1\"/><w:footerReference w:type=\"default\" r:id=\"rIdFooter1\"/>\
<w:pgSz w:w=\"{}\" w:h=\"{}\"/><w:pgMar w:top=\"{}\" w:right=\"{}\" w:bottom=\"{}\" w:left=\"{}\" w:header=\"709\" w:footer=\"709\" w:gutter=\"0\"/>\
<w:cols w:space=\"708\"/><w:docGrid w:linePitch=\"360\"/></w:sectPr>",
        style::PAGE_WIDTH,
        style::PAGE_HEIGHT,
        style::cm_to_twips(m.top),
        style::cm_to_twips(m.right),
        style::cm_to_twips(m.bottom),
        style::cm_to_twips(m.left),
    );
    let document = format!(
        "{}<w:body>{content}{sect}</w:body></w:document>",
        xml::root_open("document")
    );
    let lang = &opts.properties.language;
    let parts: Vec<(&str, Vec<u8>)> = vec![
        ("[Content_Types].xml", package::content_types().into_bytes()),
        ("_rels/.rels", package::package_rels().into_bytes()),
        (
            "docProps/core.xml",
            package::core_xml(&opts.properties).into_bytes(),
        ),
        ("docProps/app.xml", package::app_xml().into_bytes()),
        ("word/document.xml", document.into_bytes()),
        (
            "word/_rels/document.xml.rels",
            package::document_rels(&body.links).into_bytes(),
        ),
        (
            "word/styles.xml",
            styles::styles_xml(style, lang).into_bytes(),
        ),
        (
            "word/settings.xml",
            package::settings_xml(lang, opts.settings).into_bytes(),
        ),
        ("word/numbering.xml", body.lists.xml().into_bytes()),
        (
            "word/footnotes.xml",
            package::footnotes_xml(&body.footnotes).into_bytes(),
        ),
        (
            "word/header1.xml",
            package::header_xml(&opts.short_title).into_bytes(),
        ),
        ("word/footer1.xml", package::footer_xml().into_bytes()),
    ];
    package::zip(&parts)
}
