//! The IOM report form on a test document that uses every structure:
//! cover, mentions, table of contents and lists, numbered headings, lists,
//! tables, figures, callouts, landscape section, header and footer,
//! footnotes, French typography, document properties.

mod common;

use common::*;

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = fixture("forme-oim");
    let out = trame(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let docx = dir.path().join("out/essai.docx");
    (dir, docx)
}

/// Values of an attribute on every element of a part, in order.
fn attr_values(xml: &str, element: &str, attr: &str) -> Vec<String> {
    let mut out = Vec::new();
    let open = format!("<{element} ");
    for (i, _) in xml.match_indices(&open) {
        let tag_end = xml[i..].find('>').map(|e| i + e).unwrap_or(xml.len());
        let tag = &xml[i..tag_end];
        let key = format!("{attr}=\"");
        if let Some(a) = tag.find(&key) {
            let v = &tag[a + key.len()..];
            out.push(v[..v.find('"').unwrap_or(v.len())].to_string());
        }
    }
    out
}

#[test]
#[cfg_attr(
    trame_no_validator,
    ignore = "validateur Open XML introuvable (.tools/, npm @ooxml-tools/validate)"
)]
fn passes_the_open_xml_validator() {
    let (_dir, docx) = built();
    assert_valid(&docx);
}

#[test]
fn tables_of_contents_are_fields_with_their_entries() {
    let (_dir, docx) = built();
    let doc = part(&docx, "word/document.xml");
    assert!(doc.contains(r#"TOC \o "1-3" \h \z \u"#));
    assert!(doc.contains(r#"TOC \h \z \c "Tableau""#));
    assert!(doc.contains(r#"TOC \h \z \c "Figure""#));
    // Entries are already there, linked to bookmarks that exist.
    let text = document_text(&docx);
    for entry in [
        "1  Cadre",
        "1.1  Listes",
        "2.2  Graphique",
        "Tableau 1 : Priorités",
        "Figure 1 : Durée moyenne",
    ] {
        assert!(text.contains(entry), "missing TOC entry {entry}: {text}");
    }
    let bookmarks = attr_values(&doc, "w:bookmarkStart", "w:name");
    for anchor in attr_values(&doc, "w:hyperlink", "w:anchor") {
        assert!(
            bookmarks.contains(&anchor),
            "link to missing bookmark {anchor}"
        );
    }
    let ids = attr_values(&doc, "w:bookmarkStart", "w:id");
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "bookmark ids are unique");
    // Word refreshes page numbers when the file opens.
    assert!(part(&docx, "word/settings.xml").contains("<w:updateFields w:val=\"true\"/>"));
}

#[test]
fn headings_are_word_headings_with_numbering() {
    let (_dir, docx) = built();
    let styles = part(&docx, "word/styles.xml");
    assert!(styles.contains(
        r#"<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/>"#
    ));
    assert!(styles.contains(r#"<w:outlineLvl w:val="0"/>"#));
    let numbering = part(&docx, "word/numbering.xml");
    assert!(numbering.contains(r#"<w:lvlText w:val="%1.%2"/>"#));
    let doc = part(&docx, "word/document.xml");
    // Unnumbered headings switch numbering off.
    assert!(doc.contains(
        r#"<w:pStyle w:val="Heading1"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>"#
    ));
}

#[test]
fn every_list_restarts_even_in_a_loop() {
    let (_dir, docx) = built();
    let numbering = part(&docx, "word/numbering.xml");
    // Four lists: 1-2-3, its bullets, and one per session in the loop.
    let overrides = numbering.matches(r#"<w:startOverride w:val="1"/>"#).count();
    assert_eq!(overrides, 4, "{numbering}");
    let doc = part(&docx, "word/document.xml");
    let mut num_ids = attr_values(&doc, "w:numId", "w:val");
    // 0 switches numbering off, 1 numbers the headings.
    num_ids.retain(|v| v != "0" && v != "1");
    num_ids.dedup();
    assert_eq!(
        num_ids.len(),
        5,
        "each list has its own instance: {num_ids:?}"
    );
}

#[test]
fn tables_figures_and_references() {
    let (_dir, docx) = built();
    let doc = part(&docx, "word/document.xml");
    assert!(doc.contains("<w:tblHeader/>"));
    assert!(
        doc.contains(r#"<w:vMerge w:val="restart"/>"#),
        "group_by merges cells"
    );
    assert!(doc.contains(r#"<w:gridCol w:w="#));
    assert!(
        doc.contains(r#"<w:jc w:val="right"/>"#),
        "numbers align right"
    );
    assert!(doc.contains(r#"w:fill="EEF2F9""#), "light banding");
    assert!(doc.contains(r#" SEQ Tableau \* ARABIC "#));
    assert!(doc.contains(r#" SEQ Figure \* ARABIC "#));
    assert!(
        doc.contains(r#"descr="Histogramme des durées moyennes""#),
        "alt text"
    );
    // Cross-references are REF fields to bookmarks around caption numbers.
    let bookmarks = attr_values(&doc, "w:bookmarkStart", "w:name");
    for target in [
        "_Ref_tbl_programme",
        "_Ref_fig_durees",
        "_Ref_tbl_priorites",
    ] {
        assert!(doc.contains(&format!(" REF {target} \\h ")), "REF {target}");
        assert!(bookmarks.iter().any(|b| b == target), "bookmark {target}");
    }
    let text = document_text(&docx);
    assert!(text.contains("Voir le tableau 2 et la figure 1."), "{text}");
    let rels = part(&docx, "word/_rels/document.xml.rels");
    assert!(
        rels.contains("media/image1.png") && rels.contains("charts/chart1.xml"),
        "logo and native chart: {rels}"
    );
}

#[test]
fn callouts_sections_footnotes_language_and_properties() {
    let (_dir, docx) = built();
    let doc = part(&docx, "word/document.xml");
    for title in [
        "Objectifs",
        "Note au formateur",
        "Message clé",
        "Exercice",
        "Étude de cas",
    ] {
        assert!(document_text(&docx).contains(title), "callout {title}");
    }
    assert!(doc.contains(r#"<w:pStyle w:val="CalloutTitle"/>"#));
    assert!(doc.contains(r#"w:orient="landscape""#));
    assert!(doc.contains("<w:titlePg/>"), "first page differs (cover)");
    assert!(part(&docx, "word/header1.xml").contains("Essai de forme"));
    assert!(part(&docx, "word/footer1.xml").contains(" NUMPAGES "));
    assert!(part(&docx, "word/footnotes.xml").contains("Le texte de la note de bas de page."));
    let styles = part(&docx, "word/styles.xml");
    let style_count = styles.matches("<w:style w:type=\"paragraph\"").count()
        + styles
            .matches("<w:style w:type=\"character\" w:styleId")
            .count();
    let with_lang = styles.matches("<w:lang w:val=\"fr-FR\"/>").count();
    assert!(
        with_lang >= style_count - 1,
        "fr-FR on every style ({with_lang} of {style_count})"
    );
    let text = document_text(&docx);
    assert!(
        text.contains("document d’essai compte"),
        "typographic apostrophe: {text}"
    );
    assert!(
        text.contains("« Ouverture et cadre juridique » :"),
        "non-breaking spaces in « » and before : : {text}"
    );
    assert!(
        !text.contains('"') && !text.contains('“'),
        "no straight or English quotes"
    );
    let core = part(&docx, "docProps/core.xml");
    assert!(
        core.contains("<dc:title>Document d’essai de la forme OIM</dc:title>")
            || core.contains("<dc:title>Document d'essai de la forme OIM</dc:title>"),
        "{core}"
    );
    assert!(core.contains("<dc:creator>Équipe trame</dc:creator>"));
    assert!(
        core.contains("<dc:subject>Toutes les structures Word produites par trame</dc:subject>")
    );
    // No machine user name anywhere in the package.
    let user = std::env::var("USER").unwrap_or_else(|_| "root".into());
    let file = std::fs::File::open(&docx).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(&format!(">{user}<")) && !text.contains(&format!("\"{user}\"")),
            "user name in {:?}",
            entry.name()
        );
    }
}

#[test]
#[cfg_attr(
    trame_no_soffice,
    ignore = "LibreOffice (soffice, python3-uno, pdftotext) introuvable"
)]
fn libreoffice_shows_the_form() {
    let (dir, docx) = built();
    let pdf = to_pdf(&docx, dir.path());
    let cover = pdf_page_text(&pdf, 1);
    assert!(
        cover.contains("Document d’essai de la forme OIM"),
        "{cover}"
    );
    assert!(cover.contains("DONNÉES D’EXEMPLE FICTIVES"), "{cover}");
    assert!(
        !cover.contains("Essai de forme") && !cover.contains("Page "),
        "no header or footer on the cover: {cover}"
    );
    let second = pdf_page_text(&pdf, 2);
    assert!(second.contains("Essai de forme"), "header: {second}");
    assert!(second.contains("Page 2 sur"), "footer: {second}");
    let all = pdf_text(&pdf);
    assert!(all.contains("Table des matières"));
    for entry in ["1 Cadre", "1.1 Listes", "2.1 Tableau Markdown"] {
        assert!(
            all.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .contains(entry),
            "TOC entry {entry}"
        );
    }
    assert!(all.contains("Tableau 1 : Priorités"), "{all}");
    assert!(all.contains("Figure 1 : Durée moyenne"), "{all}");
    let sizes = pdf_page_sizes(&pdf);
    assert!(
        sizes.iter().any(|(w, h)| w > h),
        "a landscape page: {sizes:?}"
    );
    assert!(
        sizes.iter().filter(|(w, h)| w < h).count() >= 5,
        "portrait pages: {sizes:?}"
    );
}

#[test]
fn reference_docx_styles_replace_the_house_style() {
    // A "template" made by trame itself with a red heading style.
    let template = fixture("forme-oim");
    std::fs::write(
        template.path().join("blueprints/style.yaml"),
        "primary: \"C00000\"\nheading_font: Caladea\n",
    )
    .unwrap();
    assert!(trame(template.path(), &["build"]).status.success());
    let dir = fixture("forme-oim");
    std::fs::copy(
        template.path().join("out/essai.docx"),
        dir.path().join("modele.docx"),
    )
    .unwrap();
    let yaml = std::fs::read_to_string(dir.path().join("trame.yaml")).unwrap();
    std::fs::write(
        dir.path().join("trame.yaml"),
        format!("{yaml}reference_docx: modele.docx\n"),
    )
    .unwrap();
    let out = trame(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let docx = dir.path().join("out/essai.docx");
    let styles = part(&docx, "word/styles.xml");
    let heading = &styles[styles.find(r#"w:styleId="Heading1""#).unwrap()..];
    let heading = &heading[..heading.find("</w:style>").unwrap()];
    assert!(
        heading.contains("C00000") && heading.contains("Caladea"),
        "{heading}"
    );
    // Headings keep their numbers (1, 1.1…) with the template's styles.
    let doc = part(&docx, "word/document.xml");
    assert!(doc.contains(
        r#"<w:pStyle w:val="Heading2"/><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr>"#
    ));
    assert_valid_if_installed(&docx);

    // A reference that is not a Word file is a located error.
    std::fs::write(dir.path().join("modele.docx"), b"pas un docx").unwrap();
    let out = trame(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(
            "modele.docx : modèle Word (reference_docx) : ce n'est pas un document Word (.docx)"
        ),
        "{}",
        stderr(&out)
    );
}
