//! Accessibility checks run on every build, on the document model (not on
//! the XML): every figure has a text alternative, every table has a marked
//! header row without an empty header cell, heading levels never skip, the
//! document has a title and a language, and the colours of the house style
//! give enough contrast (WCAG 2.1, level AA). Each violation is a warning
//! naming its place (blueprint line, trame.yaml, style file); `--strict`
//! makes warnings errors.

use crate::diag::{Diagnostic, Location};
use crate::docx::Style;
use crate::model::{Block, Document, LineRef, Provenance, plain_text};

/// What the checks of one document need besides its model.
pub struct Context<'a> {
    /// The blueprint file, for blocks without a line of their own.
    pub blueprint: &'a str,
    /// The document's title (core properties) and language tag.
    pub title: &'a str,
    pub language: &'a str,
}

/// Every accessibility problem of a document, in document order, then the
/// document-wide ones (the style's colours are checked once per build by
/// [`contrast`]).
pub fn check(doc: &Document, cx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut previous_level = 0u8;
    for block in doc.blocks.iter().flat_map(Block::descendants) {
        match block {
            Block::Figure(f) if f.alt.trim().is_empty() => out.push(at(
                &f.provenance,
                cx,
                "accessibilité : figure sans texte de remplacement ; donnez-lui une légende ou alt=\"…\" (ce que montre l'image, en une phrase)",
            )),
            Block::Table(t) => out.extend(table(t, cx)),
            Block::Heading(h) => {
                if h.level > previous_level + 1 {
                    out.push(at(
                        &h.provenance,
                        cx,
                        format!(
                            "accessibilité : le titre « {} » est de niveau {} après un titre de niveau {} : un niveau est sauté (les lecteurs d'écran naviguent par niveaux)",
                            plain_text(&h.content).trim(),
                            h.level,
                            previous_level
                        ),
                    ));
                }
                previous_level = h.level;
            }
            _ => {}
        }
    }
    if cx.title.trim().is_empty() {
        out.push(Diagnostic::file(
            crate::project::PROJECT_FILE,
            "accessibilité : le document n'a pas de titre ; donnez project.title (ou title du document)",
        ));
    }
    if cx.language.trim().is_empty() {
        out.push(Diagnostic::file(
            crate::project::PROJECT_FILE,
            "accessibilité : la langue du document n'est pas indiquée ; donnez project.language (par exemple fr-FR)",
        ));
    }
    out
}

/// A table's header problems: no header row, or an empty header cell.
fn table(t: &crate::model::Table, cx: &Context) -> Vec<Diagnostic> {
    let name = t
        .caption
        .as_ref()
        .map(|c| format!("le tableau « {} »", plain_text(c).trim()))
        .unwrap_or_else(|| "un tableau".to_string());
    if t.header.is_empty() {
        return vec![at(
            &t.provenance,
            cx,
            format!(
                "accessibilité : {name} n'a pas de ligne d'en-tête (les lecteurs d'écran annoncent chaque cellule avec son en-tête)"
            ),
        )];
    }
    let mut out = Vec::new();
    for row in &t.header {
        let mut column = 1;
        for cell in &row.cells {
            if plain_text(&cell.content).trim().is_empty() {
                out.push(at(
                    &t.provenance,
                    cx,
                    format!("accessibilité : {name} a une cellule d'en-tête vide (colonne {column}) ; nommez la colonne"),
                ));
            }
            column += cell.col_span.max(1) as usize;
        }
    }
    out
}

/// A warning at a block's blueprint line (or the blueprint itself).
fn at(provenance: &Provenance, cx: &Context, message: impl Into<String>) -> Diagnostic {
    let location = match &provenance.line {
        Some(line) => Location::Line {
            at: LineRef {
                file: line.file.clone(),
                line: line.line,
            },
            column: None,
        },
        None => Location::File(cx.blueprint.to_string()),
    };
    Diagnostic::new(location, message)
}

/// Smallest contrast ratio for text (WCAG 2.1 AA, 1.4.3).
const TEXT_CONTRAST: f64 = 4.5;
const WHITE: &str = "FFFFFF";

/// The style's colours shown as text on a background whose contrast is
/// below what WCAG 2.1 AA asks, named at the style file.
pub fn contrast(style: &Style, file: &str) -> Vec<Diagnostic> {
    // The main colour is also that of captions and small headings: the
    // ratio of ordinary text, not the 3:1 of large text.
    let mut pairs = vec![
        ("text", &style.text, "le fond blanc", WHITE, TEXT_CONTRAST),
        (
            "primary",
            &style.primary,
            "le fond blanc",
            WHITE,
            TEXT_CONTRAST,
        ),
        (
            "table.header_text",
            &style.table.header_text,
            "table.header_fill",
            style.table.header_fill.as_str(),
            TEXT_CONTRAST,
        ),
        (
            "text",
            &style.text,
            "callout.fill",
            style.callout.fill.as_str(),
            TEXT_CONTRAST,
        ),
    ];
    if !style.table.band_fill.is_empty() {
        pairs.push((
            "text",
            &style.text,
            "table.band_fill",
            style.table.band_fill.as_str(),
            TEXT_CONTRAST,
        ));
    }
    pairs
        .into_iter()
        .filter_map(|(fg_name, fg, bg_name, bg, needed)| {
            let ratio = contrast_ratio(fg, bg)?;
            (ratio + 1e-9 < needed).then(|| {
                let ratio = crate::french::format_decimal(ratio, Some(1));
                let needed = crate::french::format_decimal(needed, Some(1));
                Diagnostic::file(
                    file,
                    format!(
                        "accessibilité : contraste insuffisant entre {fg_name} ({fg}) et {bg_name} ({bg}) : {ratio}:1, il faut au moins {needed}:1 ; foncez la couleur du texte ou éclaircissez le fond"
                    ),
                )
            })
        })
        .collect()
}

/// The WCAG contrast ratio of two `RRGGBB` colours (1 to 21), if both parse.
pub fn contrast_ratio(a: &str, b: &str) -> Option<f64> {
    let (la, lb) = (luminance(a)?, luminance(b)?);
    let (light, dark) = if la > lb { (la, lb) } else { (lb, la) };
    Some((light + 0.05) / (dark + 0.05))
}

/// Relative luminance of an `RRGGBB` colour (WCAG 2.1).
fn luminance(hex: &str) -> Option<f64> {
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let channel = |i: usize| -> Option<f64> {
        let v = u8::from_str_radix(hex.get(i..i + 2)?, 16).ok()? as f64 / 255.0;
        Some(if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        })
    };
    Some(0.2126 * channel(0)? + 0.7152 * channel(2)? + 0.0722 * channel(4)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cell, Inline, Row, Table};

    fn cx<'a>(title: &'a str, language: &'a str) -> Context<'a> {
        Context {
            blueprint: "blueprints/rapport.md.j2",
            title,
            language,
        }
    }

    fn row(texts: &[&str]) -> Row {
        Row::new(
            texts
                .iter()
                .map(|t| Cell {
                    content: vec![Inline::Text(t.to_string())],
                    row_span: 1,
                    col_span: 1,
                    provenance: Provenance::default(),
                })
                .collect(),
        )
    }

    fn table(header: Vec<Row>) -> Block {
        Block::Table(Table {
            id: None,
            caption: Some(vec![Inline::Text("Sites".into())]),
            columns: Vec::new(),
            header,
            rows: vec![row(&["Bamako", "3"])],
            key_column: None,
            provenance: Provenance::default(),
        })
    }

    fn messages(doc: &Document, cx: &Context) -> Vec<String> {
        check(doc, cx).iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn a_table_without_header_row_is_named() {
        let doc = Document {
            blocks: vec![table(Vec::new())],
        };
        assert_eq!(
            messages(&doc, &cx("Rapport", "fr-FR")),
            vec![
                "blueprints/rapport.md.j2 : accessibilité : le tableau « Sites » n'a pas de ligne d'en-tête (les lecteurs d'écran annoncent chaque cellule avec son en-tête)"
            ]
        );
        let named = Document {
            blocks: vec![table(vec![row(&["Lieu", "Nombre"])])],
        };
        assert!(messages(&named, &cx("Rapport", "fr-FR")).is_empty());
    }

    #[test]
    fn a_document_without_title_or_language_is_named_at_trame_yaml() {
        let doc = Document { blocks: Vec::new() };
        assert_eq!(
            messages(&doc, &cx(" ", "")),
            vec![
                "trame.yaml : accessibilité : le document n'a pas de titre ; donnez project.title (ou title du document)",
                "trame.yaml : accessibilité : la langue du document n'est pas indiquée ; donnez project.language (par exemple fr-FR)",
            ]
        );
    }

    #[test]
    fn contrast_follows_wcag() {
        let ratio = |a, b| contrast_ratio(a, b).unwrap();
        assert!((ratio("000000", "FFFFFF") - 21.0).abs() < 1e-9);
        assert!((ratio("FFFFFF", "FFFFFF") - 1.0).abs() < 1e-9);
        // IOM blue on white passes; a pale blue does not.
        assert!(ratio("0033A0", "FFFFFF") > 4.5);
        assert!(ratio("9DB7E8", "FFFFFF") < 3.0);
        assert_eq!(contrast_ratio("bleu", "FFFFFF"), None);
        assert!(contrast(&Style::default(), "blueprints/style.yaml").is_empty());
    }
}
