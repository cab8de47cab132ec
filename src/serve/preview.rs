//! Previews of a document: its first pages as images when LibreOffice and
//! pdftoppm are installed (Word file → PDF → PNG at 50 dpi, cached until the
//! file changes), otherwise an HTML rendering of the document model
//! (headings, paragraphs, lists, tables, figures), so a preview always exists.

use super::html::{clip, escape};
use crate::model::{Block, Cell, Document, Inline, Revision, Row};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// Pages shown as images.
pub const PAGES: usize = 3;

/// A converted document: its PDF and first pages.
pub struct Pages {
    stamp: (u64, Option<SystemTime>),
    pub pdf: Vec<u8>,
    pub images: Vec<Vec<u8>>,
}

/// Converted documents by output path; one conversion at a time.
pub struct Previews {
    images: bool,
    cache: Mutex<HashMap<String, Arc<Pages>>>,
    converting: Mutex<()>,
}

impl Previews {
    pub fn new() -> Previews {
        Previews {
            images: crate::pdf::soffice().is_some() && on_path("pdftoppm"),
            cache: Mutex::new(HashMap::new()),
            converting: Mutex::new(()),
        }
    }

    /// True when page images (and PDFs) can be made.
    pub fn images(&self) -> bool {
        self.images
    }

    /// The PDF and first pages of the Word file at `output` (relative to
    /// `root`, as trame.yaml names it: confined to the project).
    pub fn pages(&self, root: &Path, output: &str) -> Result<Arc<Pages>, String> {
        if !self.images {
            return Err(
                "LibreOffice ou pdftoppm est introuvable : aperçu en texte seulement".into(),
            );
        }
        let path = crate::files::resolve_input(root, output, "document")
            .map_err(|p| p.0.first().map(|d| d.message.clone()).unwrap_or_default())?;
        let stamp = stamp(&path);
        let cached = |cache: &HashMap<String, Arc<Pages>>| {
            cache.get(output).filter(|p| p.stamp == stamp).cloned()
        };
        if let Some(p) = cached(&self.cache.lock().unwrap_or_else(|e| e.into_inner())) {
            return Ok(p);
        }
        let _one = self.converting.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(p) = cached(&self.cache.lock().unwrap_or_else(|e| e.into_inner())) {
            return Ok(p);
        }
        let pdf = crate::pdf::to_pdf(&path)?;
        let images = page_images(&pdf)?;
        let pages = Arc::new(Pages { stamp, pdf, images });
        self.cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(output.to_string(), pages.clone());
        Ok(pages)
    }
}

impl Default for Previews {
    fn default() -> Self {
        Self::new()
    }
}

fn stamp(path: &Path) -> (u64, Option<SystemTime>) {
    std::fs::metadata(path)
        .map(|m| (m.len(), m.modified().ok()))
        .unwrap_or((0, None))
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// The first pages of a PDF as PNG images (pdftoppm, 50 dpi).
fn page_images(pdf: &[u8]) -> Result<Vec<Vec<u8>>, String> {
    let work = tempfile::Builder::new()
        .prefix("trame-apercu-")
        .tempdir()
        .map_err(|e| format!("dossier temporaire impossible ({})", crate::io_reason(&e)))?;
    let input = work.path().join("document.pdf");
    std::fs::write(&input, pdf)
        .map_err(|e| format!("écriture impossible ({})", crate::io_reason(&e)))?;
    let output = std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "50", "-f", "1", "-l", &PAGES.to_string()])
        .arg(&input)
        .arg(work.path().join("page"))
        .output()
        .map_err(|e| format!("pdftoppm n'a pas pu être lancé ({})", crate::io_reason(&e)))?;
    let mut files: Vec<_> = std::fs::read_dir(work.path())
        .map_err(|e| format!("aperçu illisible ({})", crate::io_reason(&e)))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "png"))
        .collect();
    files.sort();
    let images: Vec<Vec<u8>> = files.iter().filter_map(|p| std::fs::read(p).ok()).collect();
    if images.is_empty() {
        return Err(format!(
            "pdftoppm n'a produit aucune image ({})",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(images)
}

/// At most this many blocks and table rows in the HTML preview.
const MAX_BLOCKS: usize = 120;
const MAX_ROWS: usize = 12;

/// The beginning of a document as HTML: what it says, not how Word lays it out.
pub fn model_html(model: &Document) -> String {
    let mut out = String::new();
    let mut budget = MAX_BLOCKS;
    blocks(&model.blocks, &mut out, &mut budget);
    if budget == 0 {
        out.push_str("<p class=\"suite\">… (suite dans le document Word)</p>");
    }
    out
}

fn blocks(list: &[Block], out: &mut String, budget: &mut usize) {
    for b in list {
        if *budget == 0 {
            return;
        }
        *budget -= 1;
        block(b, out, budget);
    }
}

fn block(b: &Block, out: &mut String, budget: &mut usize) {
    match b {
        Block::Heading(h) => {
            // The page's own headings go to h3: the document's start at h4.
            let level = (h.level as usize + 3).min(6);
            out.push_str(&format!("<h{level}>{}</h{level}>", inlines(&h.content)));
        }
        Block::Paragraph(p) => out.push_str(&format!("<p>{}</p>", inlines(&p.content))),
        Block::List(l) => {
            let tag = if l.start.is_some() { "ol" } else { "ul" };
            out.push_str(&format!("<{tag}>"));
            for item in &l.items {
                out.push_str("<li>");
                blocks(&item.blocks, out, budget);
                out.push_str("</li>");
            }
            out.push_str(&format!("</{tag}>"));
        }
        Block::Table(t) => {
            out.push_str("<div class=\"defile\"><table>");
            if let Some(c) = &t.caption {
                out.push_str(&format!("<caption>Tableau : {}</caption>", inlines(c)));
            }
            out.push_str("<thead>");
            for r in &t.header {
                row(r, "th", out);
            }
            out.push_str("</thead><tbody>");
            for r in t.rows.iter().take(MAX_ROWS) {
                row(r, "td", out);
            }
            out.push_str("</tbody></table>");
            if t.rows.len() > MAX_ROWS {
                out.push_str(&format!(
                    "<p class=\"suite\">… et {} autres lignes</p>",
                    t.rows.len() - MAX_ROWS
                ));
            }
            out.push_str("</div>");
        }
        Block::Callout(c) => {
            out.push_str("<div class=\"encadre\">");
            if let Some(title) = &c.title {
                out.push_str(&format!("<p><strong>{}</strong></p>", escape(title)));
            }
            blocks(&c.blocks, out, budget);
            out.push_str("</div>");
        }
        Block::Quote { blocks: inner } => {
            out.push_str("<blockquote>");
            blocks(inner, out, budget);
            out.push_str("</blockquote>");
        }
        Block::Code { text, .. } => out.push_str(&format!("<pre>{}</pre>", escape(text))),
        Block::PageBreak => out.push_str("<hr aria-label=\"saut de page\">"),
        Block::Figure(f) => out.push_str(&format!(
            "<figure><p class=\"image\">[image : {}]</p><figcaption>Figure : {}</figcaption></figure>",
            escape(&f.alt),
            f.caption.as_ref().map(|c| inlines(c)).unwrap_or_default()
        )),
        Block::Toc(t) => out.push_str(&format!(
            "<p class=\"suite\">{} (complétée par Word à l'ouverture)</p>",
            escape(&t.title)
        )),
        Block::Section(s) => blocks(&s.blocks, out, budget),
        Block::Cover(c) => {
            out.push_str("<div class=\"couverture\">");
            for (text, tag) in [
                (&c.organisation, "p"),
                (&c.doc_type, "p"),
                (&c.title, "p class=\"titre\""),
                (&c.subtitle, "p"),
                (&c.date, "p"),
            ] {
                if !text.is_empty() {
                    let close = tag.split(' ').next().unwrap_or("p");
                    out.push_str(&format!("<{tag}>{}</{close}>", escape(text)));
                }
            }
            out.push_str("</div>");
        }
        Block::Revised { revision, block: b } => {
            let tag = revision_tag(*revision);
            out.push_str(&format!("<{tag}>"));
            block(b, out, budget);
            out.push_str(&format!("</{tag}>"));
        }
    }
}

fn revision_tag(r: Revision) -> &'static str {
    if r.is_addition() { "ins" } else { "del" }
}

fn row(r: &Row, tag: &str, out: &mut String) {
    out.push_str("<tr>");
    for Cell {
        content,
        row_span,
        col_span,
        ..
    } in &r.cells
    {
        let mut attrs = String::new();
        if *row_span > 1 {
            attrs.push_str(&format!(" rowspan=\"{row_span}\""));
        }
        if *col_span > 1 {
            attrs.push_str(&format!(" colspan=\"{col_span}\""));
        }
        let scope = if tag == "th" { " scope=\"col\"" } else { "" };
        out.push_str(&format!(
            "<{tag}{scope}{attrs}>{}</{tag}>",
            inlines(content)
        ));
    }
    out.push_str("</tr>");
}

fn inlines(list: &[Inline]) -> String {
    let mut out = String::new();
    for i in list {
        match i {
            Inline::Text(t) => out.push_str(&escape(&clip(t, 5000))),
            Inline::Emph(c) => out.push_str(&format!("<em>{}</em>", inlines(c))),
            Inline::Strong(c) => out.push_str(&format!("<strong>{}</strong>", inlines(c))),
            Inline::Strikeout(c) => out.push_str(&format!("<s>{}</s>", inlines(c))),
            Inline::Superscript(c) => out.push_str(&format!("<sup>{}</sup>", inlines(c))),
            Inline::Code(t) => out.push_str(&format!("<code>{}</code>", escape(t))),
            Inline::LineBreak => out.push_str("<br>"),
            // A link's address is shown, never followed from the page.
            Inline::Link { url, content } => out.push_str(&format!(
                "{} <span class=\"lien\">({})</span>",
                inlines(content),
                escape(url)
            )),
            Inline::Note(_) => out.push_str("<sup class=\"note\">[note]</sup>"),
            Inline::Ref(id) => {
                out.push_str(&format!("<span class=\"renvoi\">@{}</span>", escape(id)))
            }
            Inline::Revised { revision, content } => {
                let tag = revision_tag(*revision);
                out.push_str(&format!("<{tag}>{}</{tag}>", inlines(content)));
            }
            Inline::Restyled { content, .. } => out.push_str(&inlines(content)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Heading, Paragraph, Provenance, Table};

    fn text(s: &str) -> Vec<Inline> {
        vec![Inline::Text(s.into())]
    }

    #[test]
    fn the_model_preview_shows_headings_paragraphs_and_tables() {
        let doc = Document {
            blocks: vec![
                Block::Heading(Heading {
                    level: 1,
                    numbered: true,
                    id: None,
                    content: text("Contexte"),
                    provenance: Provenance::default(),
                }),
                Block::Paragraph(Paragraph {
                    content: vec![
                        Inline::Text("La <traite> ".into()),
                        Inline::Strong(text("tue")),
                    ],
                    provenance: Provenance::default(),
                }),
                Block::Table(Table {
                    caption: Some(text("Sites")),
                    header: vec![Row::new(vec![Cell::new(
                        text("Lieu"),
                        Provenance::default(),
                    )])],
                    rows: (0..20)
                        .map(|i| {
                            Row::new(vec![Cell::new(
                                text(&format!("Site {i}")),
                                Provenance::default(),
                            )])
                        })
                        .collect(),
                    ..Table::default()
                }),
            ],
        };
        let html = model_html(&doc);
        assert!(html.contains("<h4>Contexte</h4>"), "{html}");
        assert!(html.contains("<p>La &lt;traite&gt; <strong>tue</strong></p>"));
        assert!(html.contains("<caption>Tableau : Sites</caption>"));
        assert!(html.contains("<th scope=\"col\">Lieu</th>"));
        assert!(html.contains("<td>Site 11</td>") && !html.contains("Site 12<"));
        assert!(html.contains("… et 8 autres lignes"));
    }
}
