//! `trame build` on the sample project: the documents, their content, their
//! validity, determinism and atomic writing.

mod common;

use common::*;

#[test]
fn sample_builds_with_the_expected_content() {
    let dir = fixture("petit-rapport");
    let out = trame(dir.path(), &["build"]);
    assert!(out.status.success(), "build failed: {}", stderr(&out));
    assert!(stdout(&out).contains("evaluation → out/evaluation-besoins.docx"));
    let docx = dir.path().join("out/evaluation-besoins.docx");
    let text = document_text(&docx);
    // Numbers computed from the workbook.
    assert!(text.contains("Il repose sur 10 entretiens"), "{text}");
    assert!(
        text.contains("menés du 4 mars 2024 au 19 mars 2024"),
        "{text}"
    );
    assert!(text.contains("dont 6 de priorité haute"), "{text}");
    assert!(text.contains("Gouvernement : 5 entretiens"), "{text}");
    // A data table from table(): header row and a French date.
    assert!(text.contains("Catégorie"), "{text}");
    assert!(
        text.contains("Direction régionale de la promotion de la femme"),
        "{text}"
    );
    assert!(text.contains("04/03/2024"), "{text}");
    // Captions and cross-reference.
    assert!(text.contains("Le tableau 1 donne la liste"), "{text}");
    assert!(
        text.contains("Tableau 2 : Constats par niveau de priorité"),
        "{text}"
    );
    // French typography: typographic apostrophe, space before the colon.
    assert!(text.contains("catégories d’acteurs :"), "{text}");
    // The footnote and the callout title.
    assert!(part(&docx, "word/footnotes.xml").contains("Principes de l’OIM"));
    assert!(text.contains("Protection des données"));
    // Confidential columns never reach the document.
    assert!(!text.contains("Nom fictif"), "{text}");
    assert!(!text.contains("+223"), "{text}");
}

#[test]
fn word_structure_is_real() {
    let dir = fixture("petit-rapport");
    assert!(trame(dir.path(), &["build"]).status.success());
    let docx = dir.path().join("out/evaluation-besoins.docx");
    let document = part(&docx, "word/document.xml");
    assert!(document.contains("<w:pStyle w:val=\"Heading1\"/>"));
    assert!(
        document.contains("<w:tblHeader/>"),
        "header rows repeat on each page"
    );
    assert!(
        document.contains("SEQ Tableau"),
        "captions are numbered by Word fields"
    );
    let styles = part(&docx, "word/styles.xml");
    assert!(styles.contains("<w:name w:val=\"heading 1\"/>"));
    assert!(styles.contains("<w:lang w:val=\"fr-FR\""));
    let core = part(&docx, "docProps/core.xml");
    assert!(
        core.contains("<dc:title>Rapport d&apos;évaluation")
            || core.contains("<dc:title>Rapport d'évaluation"),
        "{core}"
    );
    assert!(core.contains("<dc:language>fr-FR</dc:language>"));
    assert!(
        core.contains("2024-04-12T00:00:00Z"),
        "dates come from trame.yaml: {core}"
    );
}

#[test]
fn two_builds_give_identical_bytes() {
    let dir = fixture("petit-rapport");
    assert!(trame(dir.path(), &["build"]).status.success());
    let first = std::fs::read(dir.path().join("out/evaluation-besoins.docx")).unwrap();
    assert!(trame(dir.path(), &["build"]).status.success());
    let second = std::fs::read(dir.path().join("out/evaluation-besoins.docx")).unwrap();
    assert_eq!(first, second);
    // Also within one process (no global id counters).
    let session = trame::build::Session::load(dir.path()).unwrap();
    let b = session.render(&Default::default(), None).unwrap();
    let c = session.render(&Default::default(), None).unwrap();
    assert_eq!(b[0].bytes, c[0].bytes);
    assert_eq!(b[0].bytes, first, "library and CLI agree");
}

#[test]
fn entries_are_deflated_with_fixed_timestamps() {
    let dir = fixture("petit-rapport");
    assert!(trame(dir.path(), &["build"]).status.success());
    let file = std::fs::File::open(dir.path().join("out/evaluation-besoins.docx")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    for i in 0..zip.len() {
        let entry = zip.by_index(i).unwrap();
        assert_eq!(
            entry.compression(),
            zip::CompressionMethod::Deflated,
            "{:?}",
            entry.name()
        );
        let t = entry.last_modified().unwrap();
        assert_eq!(
            (t.year(), t.month(), t.day()),
            (1980, 1, 1),
            "{:?}",
            entry.name()
        );
    }
}

#[test]
fn source_date_epoch_sets_document_dates() {
    let dir = fixture("petit-rapport");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_trame"))
        .arg("build")
        .current_dir(dir.path())
        .env("SOURCE_DATE_EPOCH", "1717200000")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let core = part(
        &dir.path().join("out/evaluation-besoins.docx"),
        "docProps/core.xml",
    );
    assert!(core.contains("2024-06-01T00:00:00Z"), "{core}");
}

#[test]
fn selected_document_only_and_unknown_document() {
    let dir = fixture("petit-rapport");
    let out = trame(dir.path(), &["build", "evaluation"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = trame(dir.path(), &["build", "inexistant"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("trame.yaml : document inconnu « inexistant »"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("documents déclarés : evaluation"),
        "{}",
        stderr(&out)
    );
}

#[test]
#[cfg_attr(
    trame_no_validator,
    ignore = "validateur Open XML introuvable (.tools/, npm @ooxml-tools/validate)"
)]
fn output_passes_the_open_xml_validator() {
    let dir = fixture("petit-rapport");
    assert!(trame(dir.path(), &["build"]).status.success());
    assert_valid(&dir.path().join("out/evaluation-besoins.docx"));
}

#[test]
#[cfg_attr(
    trame_no_soffice,
    ignore = "LibreOffice (soffice, python3-uno, pdftotext) introuvable"
)]
fn libreoffice_renders_the_sample() {
    let dir = fixture("petit-rapport");
    assert!(trame(dir.path(), &["build"]).status.success());
    let docx = dir.path().join("out/evaluation-besoins.docx");
    let pdf = to_pdf(&docx, dir.path());
    let text = pdf_text(&pdf);
    assert!(text.contains("Résumé exécutif"), "{text}");
    assert!(text.contains("Tableau 1 : Entretiens réalisés"), "{text}");
    assert!(text.contains("KII-GOV-05"), "{text}");
    assert!(text.contains("Page 2 sur"), "{text}");
}

#[test]
fn a_parallel_build_gives_the_same_bytes_as_a_sequential_one() {
    let dir = full_sample();
    let run = |threads: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_trame"))
            .args(["build", "--quiet"])
            .current_dir(dir.path())
            .env_remove("SOURCE_DATE_EPOCH")
            .env("TRAME_FILS", threads)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        snapshot(&dir.path().join("out"))
    };
    let sequential = run("1");
    assert!(sequential.len() >= 8, "four documents and their manifests");
    assert_eq!(run("4"), sequential);
}

#[test]
fn markdown_export_has_the_text_and_no_marker_leftovers() {
    let p = MiniProject::new(
        "# Constats\n\n{% for c in constats %}\n- {{ c.code }} : {{ c.theme }}, {{ c.nombre }} cas\n{% endfor %}\n",
        &MiniProject::good_rows(),
    );
    let out = trame(p.path(), &["build", "--markdown"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let md = std::fs::read_to_string(p.path().join("out/rapport.md")).unwrap();
    assert!(md.contains("- C1 : Identification, 3 cas"), "{md}");
    assert!(md.contains("- C2 : Protection, 5 cas"), "{md}");
    assert!(
        !md.chars().any(|c| ('\u{E000}'..='\u{E01F}').contains(&c)),
        "{md}"
    );
}

#[test]
fn markdown_export_writes_the_chart_images_it_refers_to() {
    let p = MiniProject::new(
        "# Constats\n\n{{ chart(constats, x=\"code\", y=\"nombre\", caption=\"Cas par constat\") }}\n",
        &MiniProject::good_rows(),
    );
    let out = trame(p.path(), &["build", "--markdown"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let md = std::fs::read_to_string(p.path().join("out/rapport.md")).unwrap();
    assert!(
        md.contains("![Cas par constat](rapport-graphique-1.png)"),
        "{md}"
    );
    let png = std::fs::read(p.path().join("out/rapport-graphique-1.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG"));
}
