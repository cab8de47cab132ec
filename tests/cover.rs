//! The cover page: IOM report layout, configured by `cover:` in style.yaml.

mod common;

use common::*;

/// A mini project whose trame.yaml gives every cover field.
fn project(style: &str) -> MiniProject {
    let p = MiniProject::new("# Constats\n\nTexte.\n", &MiniProject::good_rows());
    let yaml = MINI_YAML
        .replace(
            "  title: Rapport de test\n",
            "  title: Rapport de test\n  subtitle: Programme d'essai au Mali\n  organisation: Organisation internationale pour les migrations\n  programme: COMPASS\n  reference: OIM-TEST-01\n  version: \"0.3\"\n  notice: Diffusion restreinte\n",
        )
        .replace(
            "    output: out/rapport.docx\n",
            "    output: out/rapport.docx\n    doc_type: Rapport\n",
        );
    std::fs::write(p.path().join("trame.yaml"), yaml).unwrap();
    if !style.is_empty() {
        std::fs::write(p.path().join("blueprints/style.yaml"), style).unwrap();
    }
    p
}

/// The paragraphs of the cover (before the first page break).
fn cover_text(p: &MiniProject) -> String {
    let out = p.build();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = document_text(&p.path().join("out/rapport.docx"));
    text.split("Constats").next().unwrap().to_string()
}

#[test]
fn the_default_cover_has_a_band_and_does_not_repeat_the_type() {
    let p = project("");
    let cover = cover_text(&p);
    let lines: Vec<&str> = cover.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(
        lines,
        [
            "Organisation internationale pour les migrations",
            "Rapport de test",
            "Programme d’essai au Mali",
            "Programme : COMPASS",
            "Référence : OIM-TEST-01",
            "Version : 0.3",
            "Date : 12 avril 2024",
            "Diffusion restreinte",
        ],
        "{cover}"
    );
    let doc = part(&p.path().join("out/rapport.docx"), "word/document.xml");
    // The band: a one-cell table across the page, in the house blue.
    assert!(
        doc.contains("<w:tblInd w:w=\"-1418\" w:type=\"dxa\"/>"),
        "{doc}"
    );
    assert!(doc.contains("w:fill=\"0033A0\"/><w:vAlign w:val=\"center\"/>"));
    assert!(doc.contains("<w:pStyle w:val=\"CoverBandTitle\"/>"));
}

#[test]
fn a_type_the_title_does_not_say_is_shown() {
    let p = project("");
    let yaml = std::fs::read_to_string(p.path().join("trame.yaml")).unwrap();
    std::fs::write(
        p.path().join("trame.yaml"),
        yaml.replace("doc_type: Rapport", "doc_type: Note d'orientation"),
    )
    .unwrap();
    let cover = cover_text(&p);
    assert!(
        cover.contains("Note d’orientation\nRapport de test"),
        "{cover}"
    );
}

#[test]
fn style_yaml_chooses_fields_band_and_logo() {
    let p = project(
        "couverture:\n  bandeau: \"\"\n  champs: [titre, reference, date]\n  logo: images/logo.png\n",
    );
    std::fs::create_dir_all(p.path().join("images")).unwrap();
    let mut png = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut png, 4, 2);
        encoder.set_color(png::ColorType::Rgb);
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(&[30; 24]).unwrap();
    }
    std::fs::write(p.path().join("images/logo.png"), &png).unwrap();
    let cover = cover_text(&p);
    let lines: Vec<&str> = cover.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(
        lines,
        [
            "Rapport de test",
            "Référence : OIM-TEST-01",
            "Date : 12 avril 2024"
        ],
        "{cover}"
    );
    let docx = p.path().join("out/rapport.docx");
    let doc = part(&docx, "word/document.xml");
    assert!(!doc.contains("<w:tbl>"), "no band");
    assert!(doc.contains("descr=\"Logo Organisation internationale pour les migrations\""));
    assert!(part(&docx, "word/_rels/document.xml.rels").contains("media/image1.png"));
}

#[test]
fn an_unknown_field_or_colour_is_named() {
    let p = project("cover:\n  band: bleu\n  fields: [titre, auteur]\n");
    let out = p.build();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(
            "couverture.bandeau : couleur « bleu » invalide (format attendu : RRVVBB, par exemple 0033A0)"
        ),
        "{err}"
    );
    assert!(
        err.contains("couverture.champs : champ « auteur » inconnu (champs possibles : organisation, type, titre, sous_titre, programme, reference, version, date, mention)"),
        "{err}"
    );
    assert!(!p.path().join("out/rapport.docx").exists());
}

#[test]
#[cfg_attr(trame_no_validator, ignore = "validateur Open XML introuvable")]
fn the_cover_passes_the_validator() {
    let p = project("");
    cover_text(&p);
    assert_valid(&p.path().join("out/rapport.docx"));
}
