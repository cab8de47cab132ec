//! Accessibility checks on every build: each rule fires on a document that
//! breaks it, as a warning with its place (an error with `--strict`), and
//! the sample has none.

mod common;
use common::*;

/// A project whose blueprint breaks every rule it can: an image with
/// neither caption nor alt text, a table with an empty header cell, a
/// heading level skipped.
fn faulty() -> MiniProject {
    let p = MiniProject::new(
        "# Rapport\n\n\
         ### Détails\n\n\
         Texte.\n\n\
         {{ image(\"logo.png\") }}\n\n\
         | | Nombre |\n|:--|--:|\n| Bamako | 3 |\n",
        &MiniProject::good_rows(),
    );
    // A 1×1 PNG.
    let png: &[u8] = &[
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F,
        0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8,
        0xCF, 0xC0, 0xF0, 0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00,
        0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ];
    std::fs::write(p.path().join("logo.png"), png).unwrap();
    p
}

#[test]
fn each_rule_is_a_warning_at_its_place_and_the_build_still_writes() {
    let p = faulty();
    let out = p.build();
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stdout(&out);
    for expected in [
        "avertissement : blueprints/rapport.md.j2, ligne 3 : accessibilité : le titre « Détails » est de niveau 3 après un titre de niveau 1 : un niveau est sauté",
        "avertissement : blueprints/rapport.md.j2, ligne 7 : accessibilité : figure sans texte de remplacement ; donnez-lui une légende ou alt=\"…\"",
        "avertissement : blueprints/rapport.md.j2, ligne 9 : accessibilité : un tableau a une cellule d'en-tête vide (colonne 1) ; nommez la colonne",
    ] {
        assert!(
            said.contains(expected),
            "manque « {expected} » dans :\n{said}"
        );
    }
    assert!(p.path().join("out/rapport.docx").exists());
    // The same warnings in the JSON report, with their line.
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&trame(p.path(), &["build", "--json"]))).unwrap();
    let warnings = json["warnings"].as_array().unwrap();
    assert!(
        warnings.iter().any(|w| w["location"]["line"] == 7
            && w["message"].as_str().unwrap().contains("figure sans texte")),
        "{warnings:?}"
    );
}

#[test]
fn an_image_with_a_caption_or_alt_text_is_described() {
    let p = faulty();
    p.write_blueprint(
        "# Rapport\n\n## Détails\n\n{{ image(\"logo.png\", alt=\"Logo de l'organisation\") }}\n\n\
         {{ image(\"logo.png\", caption=\"Carte des sites\") }}\n\n| Lieu | Nombre |\n|:--|--:|\n| Bamako | 3 |\n",
    );
    let out = p.build();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stdout(&out).contains("avertissement"), "{}", stdout(&out));
    let xml = part(&p.path().join("out/rapport.docx"), "word/document.xml");
    assert!(
        xml.contains("descr=\"Logo de l'organisation\""),
        "texte de remplacement explicite"
    );
    assert!(
        xml.contains("descr=\"Carte des sites\""),
        "texte de remplacement tiré de la légende"
    );
}

#[test]
fn strict_makes_warnings_errors_and_writes_nothing() {
    let p = faulty();
    let before = snapshot(p.path());
    let out = trame(p.path(), &["build", "--strict"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(
        err.contains("blueprints/rapport.md.j2, ligne 3 : accessibilité : le titre « Détails »"),
        "{err}"
    );
    assert!(err.contains("figure sans texte de remplacement"), "{err}");
    assert_eq!(snapshot(p.path()), before, "rien n'est écrit");
    let check = trame(p.path(), &["check", "--strict"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(
        stderr(&check).contains("un niveau est sauté"),
        "{}",
        stderr(&check)
    );
    let check = trame(p.path(), &["check"]);
    assert!(check.status.success());
    assert!(
        stdout(&check).contains("avertissement : blueprints/rapport.md.j2, ligne 3"),
        "{}",
        stdout(&check)
    );
}

#[test]
fn pale_style_colours_are_named_at_the_style_file() {
    let p = faulty();
    p.write_blueprint("# Rapport\n\nTexte.\n");
    std::fs::write(
        p.path().join("blueprints/style.yaml"),
        "primary: \"9DB7E8\"\ntable:\n  header_fill: \"FFCC00\"\n  header_text: \"FFFFFF\"\n",
    )
    .unwrap();
    let out = p.build();
    let said = format!("{}{}", stdout(&out), stderr(&out));
    for expected in [
        "blueprints/style.yaml : accessibilité : contraste insuffisant entre primary (9DB7E8) et le fond blanc (FFFFFF) : 2,0:1, il faut au moins 4,5:1",
        "blueprints/style.yaml : accessibilité : contraste insuffisant entre table.header_text (FFFFFF) et table.header_fill (FFCC00)",
    ] {
        assert!(
            said.contains(expected),
            "manque « {expected} » dans :\n{said}"
        );
    }
}

#[test]
fn the_sample_has_no_accessibility_warning() {
    let dir = sample_project();
    let out = trame(dir.path(), &["check", "--strict"]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(!stdout(&out).contains("avertissement"), "{}", stdout(&out));
}

#[test]
#[cfg_attr(
    trame_no_soffice,
    ignore = "LibreOffice (soffice, python3-uno, pdftotext) introuvable"
)]
fn pdf_copies_are_tagged_for_screen_readers() {
    let p = MiniProject::new(
        "# Rapport\n\n## Constats\n\nTexte.\n\n| Lieu | Nombre |\n|:--|--:|\n| Bamako | 3 |\n",
        &MiniProject::good_rows(),
    );
    let out = trame(p.path(), &["build", "--pdf"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let pdf = std::fs::read(p.path().join("out/rapport.pdf")).unwrap();
    let has = |needle: &str| pdf.windows(needle.len()).any(|w| w == needle.as_bytes());
    // A structure tree (tags), marked content, and the PDF/UA identification.
    assert!(has("/StructTreeRoot"), "PDF sans balises");
    assert!(has("/Marked true"), "PDF non marqué");
    assert!(has("pdfuaid:part"), "PDF sans identification PDF/UA");
}
