//! Pages as a reader sees them in any viewer: the four sample deliverables,
//! built with their page numbers measured by LibreOffice, then converted by
//! a plain `soffice --convert-to pdf` (no refresh of fields or indexes) and
//! read back page by page with poppler.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const SKIP: &str = "LibreOffice (soffice, python3-uno, pdftotext) introuvable";

/// The sample, built once for the tests of this file, with its PDFs.
struct Sample {
    _dir: tempfile::TempDir,
    docs: Vec<(PathBuf, PathBuf)>,
}

fn sample() -> &'static Sample {
    static SAMPLE: OnceLock<Sample> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        let dir = sample_project();
        let out = trame_with_env(dir.path(), &["build"], &[("TRAME_PAGINATION", "1")]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            !stdout(&out).contains("numéros de page"),
            "les numéros de page auraient dû être remplis : {}",
            stdout(&out)
        );
        let pdfs = dir.path().join("pdf");
        std::fs::create_dir_all(&pdfs).unwrap();
        let docs = [
            "evaluation-besoins",
            "module-fds",
            "module-magistrats",
            "formation-formateurs",
        ]
        .iter()
        .map(|name| {
            let docx = dir.path().join("out").join(format!("{name}.docx"));
            let pdf = to_pdf(&docx, &pdfs);
            (docx, pdf)
        })
        .collect();
        Sample { _dir: dir, docs }
    })
}

/// A word of a PDF page, with its box in points.
#[derive(Debug, Clone)]
struct Word {
    y_min: f64,
    y_max: f64,
    text: String,
}

/// A PDF page: its height and its lines (words of about the same height), top to bottom.
#[derive(Debug)]
struct Page {
    height: f64,
    lines: Vec<(f64, f64, String)>,
}

fn attr(tag: &str, name: &str) -> f64 {
    let start = tag.find(&format!("{name}=\"")).expect("attribute") + name.len() + 2;
    let end = tag[start..].find('"').expect("closing quote") + start;
    tag[start..end].parse().expect("number")
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Every page of a PDF, from `pdftotext -bbox`.
fn pages(pdf: &Path) -> Vec<Page> {
    let out = std::process::Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    let html = String::from_utf8_lossy(&out.stdout).to_string();
    let mut pages = Vec::new();
    for chunk in html.split("<page ").skip(1) {
        let height = attr(chunk, "height");
        let mut words: Vec<Word> = Vec::new();
        for w in chunk.split("<word ").skip(1) {
            let (tag, rest) = w.split_once('>').expect("word tag");
            let text = rest.split("</word>").next().unwrap_or("");
            words.push(Word {
                y_min: attr(tag, "yMin"),
                y_max: attr(tag, "yMax"),
                text: unescape(text),
            });
        }
        // pdftotext gives words in reading order, line by line.
        let mut lines: Vec<(f64, f64, String)> = Vec::new();
        for w in words {
            match lines.last_mut() {
                Some((top, bottom, text)) if (w.y_min - *top).abs() < 3.0 => {
                    text.push(' ');
                    text.push_str(&w.text);
                    *bottom = bottom.max(w.y_max);
                }
                _ => lines.push((w.y_min, w.y_max, w.text)),
            }
        }
        // Reading order is not drawing order: LibreOffice draws a table's
        // repeated header row after the page's footer. Top to bottom.
        lines.sort_by(|a, b| a.0.total_cmp(&b.0));
        pages.push(Page { height, lines });
    }
    pages
}

/// Spaces collapsed, non-breaking ones too, apostrophes straight.
fn norm(s: &str) -> String {
    s.replace(['\u{a0}', '\u{202f}'], " ")
        .replace('’', "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Page header and footer zones: 2 cm from the top and bottom edges.
const MARGIN_ZONE: f64 = 56.7;

impl Page {
    /// The lines of the page body, without header and footer.
    fn body(&self) -> Vec<String> {
        self.lines
            .iter()
            .filter(|(top, bottom, _)| *top > MARGIN_ZONE && *bottom < self.height - MARGIN_ZONE)
            .map(|(_, _, t)| norm(t))
            .collect()
    }

    /// How far down the body the text goes (0 empty, 1 full).
    fn filled(&self) -> f64 {
        let body_top = 70.9;
        let body_height = self.height - 2.0 * body_top;
        self.lines
            .iter()
            .filter(|(top, bottom, _)| *top > MARGIN_ZONE && *bottom < self.height - MARGIN_ZONE)
            .map(|(_, bottom, _)| (bottom - body_top) / body_height)
            .fold(0.0, f64::max)
    }
}

/// A line without the heading number it may start with.
fn unnumbered(line: &str) -> &str {
    line.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
        .trim()
}

/// Whether a page whose last lines are `before` and `last` ends with the
/// heading or label `kept`: the whole of it, or its tail wrapped over the
/// last two lines. A table cell that merely ends like a heading
/// (« enseignement » for « … micro-enseignement ») does not count.
fn ends_page_with(kept: &str, last: &str, before: Option<&str>) -> bool {
    if last.len() < 4 {
        return false;
    }
    if kept == last {
        return true;
    }
    let Some(before) = before else {
        return false;
    };
    kept.ends_with(last)
        && [format!("{before} {last}"), format!("{before}{last}")]
            .iter()
            .any(|joined| kept.ends_with(joined.as_str()) || joined.ends_with(kept))
}

/// Entries of the table of contents and lists: (text, page), from the
/// lines with dot leaders; an entry wrapped over two lines is joined.
fn toc_entries(pages: &[Page]) -> Vec<(String, usize)> {
    let mut entries = Vec::new();
    for page in pages.iter().take(8) {
        let mut pending = String::new();
        for line in page.body() {
            let Some(dots) = line.find("....") else {
                pending = if line.starts_with("Table des matières") || line.starts_with("Liste des")
                {
                    String::new()
                } else {
                    line
                };
                continue;
            };
            let text = format!("{pending} {}", &line[..dots]);
            let number = line[dots..].trim_start_matches(['.', ' ']).trim();
            let page: usize = number.parse().unwrap_or_else(|_| {
                panic!(
                    "l'entrée « {} » n'a pas de numéro de page : « {line} »",
                    text.trim()
                )
            });
            entries.push((norm(&text), page));
            pending.clear();
        }
    }
    entries
}

#[test]
#[cfg_attr(
    trame_no_soffice,
    ignore = "LibreOffice (soffice, python3-uno, pdftotext) introuvable"
)]
fn tables_of_contents_and_lists_show_the_pages_where_their_entries_are() {
    let _ = SKIP;
    for (docx, pdf) in &sample().docs {
        let settings = part(docx, "word/settings.xml");
        assert!(
            !settings.contains("updateFields"),
            "{} ne doit plus demander la mise à jour des champs",
            docx.display()
        );
        let pages = pages(pdf);
        let entries = toc_entries(&pages);
        assert!(
            entries.len() >= 15,
            "{} : table des matières trop courte : {entries:?}",
            pdf.display()
        );
        for (text, page) in &entries {
            let body = pages[page - 1].body().join("\n");
            // The entry's text starts a line of its page (a long heading
            // wraps: its start), without its heading number, which poppler
            // does not extract from the page.
            let start: String = unnumbered(text).chars().take(40).collect();
            assert!(
                body.lines().any(|l| unnumbered(l).starts_with(&start)),
                "{} : « {text} » est annoncé page {page}, mais cette page ne le porte pas :\n{body}",
                pdf.display()
            );
        }
    }
}

#[test]
fn without_libreoffice_the_build_succeeds_and_says_once_that_word_will_number_the_pages() {
    let p = MiniProject::new(
        "{{ toc() }}\n\n# Premier\n\nTexte.\n\n# Second\n\nTexte.\n",
        &MiniProject::good_rows(),
    );
    let out = trame_with_env(
        p.path(),
        &["build"],
        &[
            ("TRAME_PAGINATION", "1"),
            ("TRAME_SOFFICE", "/nulle-part/soffice"),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stdout(&out);
    assert_eq!(
        said.matches("numéros de page : LibreOffice est introuvable")
            .count(),
        1,
        "{said}"
    );
    assert!(
        said.contains("quand Word mettra les champs à jour"),
        "{said}"
    );
    let docx = p.path().join("out/rapport.docx");
    // The file asks Word to fill them when it opens.
    assert!(part(&docx, "word/settings.xml").contains("<w:updateFields w:val=\"true\"/>"));
    assert!(document_text(&docx).contains("Premier"));
}

#[test]
#[cfg_attr(
    trame_no_soffice,
    ignore = "LibreOffice (soffice, python3-uno, pdftotext) introuvable"
)]
fn a_document_too_long_to_lay_out_is_left_to_word_and_the_others_are_numbered() {
    let p = MiniProject::new(
        "{{ toc() }}\n\n# Premier\n\nTexte.\n\n# Second\n\nTexte.\n",
        &MiniProject::good_rows(),
    );
    // A second document of 20 001 paragraphs, one more than the limit.
    let yaml = std::fs::read_to_string(p.path().join("trame.yaml")).unwrap();
    let long = "  long:\n    blueprint: long.md.j2\n    output: out/long.docx\n";
    std::fs::write(p.path().join("trame.yaml"), format!("{yaml}{long}")).unwrap();
    std::fs::write(
        p.path().join("blueprints/long.md.j2"),
        "{{ toc() }}\n\n# Long\n\n{% for i in range(19998) %}Ligne {{ i }}.\n\n{% endfor %}",
    )
    .unwrap();
    let out = trame_with_env(p.path(), &["build"], &[("TRAME_PAGINATION", "1")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stdout(&out);
    assert!(
        said.contains(
            "numéros de page : « long » a 20\u{a0}001 paragraphes et lignes de tableau, \
trop pour une mise en page par LibreOffice (au plus 20\u{a0}000) ; la table des matières"
        ),
        "{said}"
    );
    let long = p.path().join("out/long.docx");
    assert!(part(&long, "word/settings.xml").contains("<w:updateFields w:val=\"true\"/>"));
    assert!(document_text(&long).contains("Ligne 19997."));
    // The short document was laid out: its numbers are filled.
    let short = p.path().join("out/rapport.docx");
    assert!(!part(&short, "word/settings.xml").contains("updateFields"));
}

/// Paragraphs whose text is all bold: run-in labels (« Déroulé pas à pas »).
fn run_in_labels(docx: &Path) -> Vec<String> {
    let xml = part(docx, "word/document.xml");
    let mut labels = Vec::new();
    for p in xml.split("<w:p>").skip(1) {
        let p = p.split("</w:p>").next().unwrap_or("");
        let runs: Vec<&str> = p
            .split("<w:r>")
            .skip(1)
            .filter(|r| r.contains("<w:t"))
            .collect();
        if !runs.is_empty()
            && runs.iter().all(|r| r.contains("<w:b/>"))
            && (!p.contains("w:pStyle") || p.contains("w:pStyle w:val=\"Normal\""))
        {
            labels.push(norm(&xml_text(&format!("<w:p>{p}</w:p>"))));
        }
    }
    labels
}

/// The text of the paragraphs that start a new page by themselves (page
/// break before, a page break in the paragraph before, a new section).
fn starting_a_page(docx: &Path) -> Vec<String> {
    let xml = part(docx, "word/document.xml");
    let paragraphs: Vec<&str> = xml.split("<w:p>").skip(1).collect();
    let mut out = Vec::new();
    for (i, p) in paragraphs.iter().enumerate() {
        let breaks_before = i > 0
            && (paragraphs[i - 1].contains("w:type=\"page\"")
                || paragraphs[i - 1].contains("<w:sectPr>"));
        if p.contains("<w:pageBreakBefore/>") || breaks_before {
            let p = p.split("</w:p>").next().unwrap_or("");
            let text = norm(&xml_text(&format!("<w:p>{p}</w:p>")));
            if !text.is_empty() {
                out.push(text);
            }
        }
    }
    out
}

#[test]
#[cfg_attr(
    trame_no_soffice,
    ignore = "LibreOffice (soffice, python3-uno, pdftotext) introuvable"
)]
fn no_page_ends_with_a_heading_a_label_or_a_table_caption_and_none_is_nearly_empty() {
    let mut problems = Vec::new();
    for (docx, pdf) in &sample().docs {
        let headings = headings(docx);
        let mut kept: Vec<String> = headings.iter().map(|(_, t)| norm(t)).collect();
        let labels = run_in_labels(docx);
        assert!(
            !docx.ends_with("module-fds.docx") || labels.iter().any(|l| l == "Déroulé pas à pas"),
            "{labels:?}"
        );
        kept.extend(labels);
        let breaks = starting_a_page(docx);
        let pages = pages(pdf);
        let name = pdf.file_name().unwrap().to_string_lossy().to_string();
        for (i, page) in pages.iter().enumerate() {
            let body = page.body();
            let Some(last) = body.last() else {
                problems.push(format!("{name}, page {} : vide", i + 1));
                continue;
            };
            let last = unnumbered(last);
            let before = body.len().checked_sub(2).map(|i| unnumbered(&body[i]));
            let stranded = kept.iter().find(|k| ends_page_with(k, last, before));
            if let Some(k) = stranded {
                problems.push(format!("{name}, page {} : finit par « {k} »", i + 1));
            }
            if last.starts_with("Tableau ") && last.contains(" : ") && !last.contains("....") {
                problems.push(format!(
                    "{name}, page {} : finit par la légende « {last} »",
                    i + 1
                ));
            }
            // The cover, the last page, the page before a change of
            // orientation or before a page the blueprint starts
            // (`\newpage`) may be short.
            let next = pages.get(i + 1);
            let section_end = i == 0
                || next.is_none_or(|n| {
                    (n.height - page.height).abs() > 1.0
                        || n.body().first().is_some_and(|first| {
                            let first = unnumbered(first);
                            first.len() >= 4 && breaks.iter().any(|b| b.starts_with(first))
                        })
                });
            if !section_end && page.filled() < 0.25 {
                problems.push(format!(
                    "{name}, page {} : remplie à {:.0} % seulement (dernière ligne « {last} »)",
                    i + 1,
                    page.filled() * 100.0
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
#[cfg_attr(
    trame_no_soffice,
    ignore = "LibreOffice (soffice, python3-uno, pdftotext) introuvable"
)]
fn measured_page_numbers_are_the_same_build_after_build() {
    let mut blueprint = String::from("{{ toc() }}\n\n");
    for i in 1..=6 {
        blueprint += &format!("\\newpage\n\n# Chapitre {i}\n\nTexte du chapitre.\n\n");
    }
    let p = MiniProject::new(&blueprint, &MiniProject::good_rows());
    let build = || {
        let out = trame_with_env(p.path(), &["build"], &[("TRAME_PAGINATION", "1")]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            !stdout(&out).contains("numéros de page"),
            "{}",
            stdout(&out)
        );
        std::fs::read(p.path().join("out/rapport.docx")).unwrap()
    };
    let first = build();
    assert_eq!(
        build(),
        first,
        "deux constructions, deux fichiers différents"
    );
    // The cover is page 1, the contents page 2: chapter i starts page i + 2.
    let xml = part(&p.path().join("out/rapport.docx"), "word/document.xml");
    let shown: Vec<String> = xml
        .split("PAGEREF ")
        .skip(1)
        .map(|rest| {
            let after = rest.split("fldCharType=\"separate\"").nth(1).unwrap();
            let field = after.split("fldCharType=\"end\"").next().unwrap();
            // The shown result: the text of the run between separate and end.
            field
                .split("<w:t")
                .skip(1)
                .filter_map(|t| t.split_once('>').map(|(_, rest)| rest))
                .map(|rest| rest.split("</w:t>").next().unwrap_or(""))
                .collect::<String>()
        })
        .collect();
    assert_eq!(shown, ["3", "4", "5", "6", "7", "8"]);
}

#[test]
fn a_page_ends_with_a_heading_whole_or_wrapped_not_with_a_cell_ending_like_it() {
    let heading = "Compétences d'animation : micro-enseignement";
    assert!(ends_page_with(heading, heading, Some("33 %")));
    assert!(ends_page_with(
        heading,
        "micro-enseignement",
        Some("Compétences d'animation :")
    ));
    assert!(!ends_page_with(
        heading,
        "enseignement",
        Some("50 % 96 % +46")
    ));
    assert!(!ends_page_with("Participants", "Partic", None));
}
