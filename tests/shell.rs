//! An organisation's Word template as the shell (`reference_docx`): its
//! cover, headers and footers (logo included), styles and margins are kept,
//! and its `{{ … }}` fields are filled from trame.yaml. The template,
//! tests/fixtures/modele-word/modele.docx, was made by LibreOffice through
//! UNO (fabriquer.py beside it).

mod common;

use common::*;
use std::path::{Path, PathBuf};

/// A mini project with every cover field, using the LibreOffice template.
fn project() -> MiniProject {
    let p = MiniProject::new(
        "# Constats\n\nTexte du rapport.\n",
        &MiniProject::good_rows(),
    );
    let yaml = MINI_YAML
        .replace(
            "  title: Rapport de test\n",
            "  title: Rapport de test\n  subtitle: Programme d'essai au Mali\n  organisation: Organisation internationale pour les migrations\n  reference: OIM-TEST-01\n  version: \"0.3\"\n  notice: Diffusion restreinte\n",
        )
        .replace(
            "    output: out/rapport.docx\n",
            "    output: out/rapport.docx\n    short_title: Rapport court\n",
        );
    std::fs::write(
        p.path().join("trame.yaml"),
        format!("reference_docx: modele.docx\n{yaml}"),
    )
    .unwrap();
    std::fs::copy(template(), p.path().join("modele.docx")).unwrap();
    p
}

fn template() -> PathBuf {
    repo().join("tests/fixtures/modele-word/modele.docx")
}

fn built(p: &MiniProject) -> PathBuf {
    let out = p.build();
    assert!(out.status.success(), "{}", stderr(&out));
    p.path().join("out/rapport.docx")
}

/// The target of relationship `id` in a relationships part.
fn target(rels: &str, id: &str) -> String {
    let at = rels
        .find(&format!("Id=\"{id}\""))
        .unwrap_or_else(|| panic!("{id} absent: {rels}"));
    let rest = &rels[at..];
    let start = rest.find("Target=\"").unwrap() + 8;
    rest[start..start + rest[start..].find('"').unwrap()].to_string()
}

fn has_part(docx: &Path, name: &str) -> bool {
    let zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    (0..zip.len()).any(|i| zip.name_for_index(i).unwrap().unwrap() == name)
}

#[test]
fn the_templates_cover_is_kept_with_its_fields_filled() {
    let p = project();
    let docx = built(&p);
    let text = document_text(&docx);
    let cover: Vec<&str> = text
        .split("Constats")
        .next()
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert_eq!(
        cover,
        [
            "ORGANISATION EXEMPLE",
            "Rapport de test",
            "Programme d’essai au Mali",
            "Référence : OIM-TEST-01 – version 0.3",
            "12 avril 2024",
            "Diffusion restreinte",
        ],
        "{text}"
    );
    assert!(text.contains("Texte du rapport."));
    assert!(
        !text.contains("Le contenu généré remplace"),
        "template sample left out"
    );
    let doc = part(&docx, "word/document.xml");
    assert!(!doc.contains("{{"), "every field filled");
    assert!(
        !doc.contains("CoverBandTitle"),
        "trame's own cover not written"
    );
    // The cover's logo: its relationship and image are in the package.
    let rels = part(&docx, "word/_rels/document.xml.rels");
    let logo = target(&rels, "rIdShell1");
    assert!(doc.contains("r:embed=\"rIdShell1\""));
    assert!(has_part(&docx, &format!("word/{logo}")), "{logo}");
}

#[test]
fn headers_footers_styles_and_margins_come_from_the_template() {
    let p = project();
    let docx = built(&p);
    let header = part(&docx, "word/header1.xml");
    assert!(header.contains(">Rapport court</w:t>"), "{header}");
    let embed = header
        .split("r:embed=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let image = target(&part(&docx, "word/_rels/header1.xml.rels"), embed);
    assert!(has_part(&docx, &format!("word/{image}")), "{image}");
    let footer = part(&docx, "word/footer1.xml");
    assert!(
        xml_text(&footer).contains("Organisation Exemple · OIM-TEST-01 · version 0.3"),
        "{footer}"
    );
    assert!(xml_text(&part(&docx, "word/footer2.xml")).contains("document de travail"));
    let styles = part(&docx, "word/styles.xml");
    let heading = styles.split("w:styleId=\"Heading1\"").nth(1).unwrap();
    assert!(heading[..heading.find("</w:style>").unwrap()].contains("C00000"));
    // The template's margins (2 cm left and right).
    let doc = part(&docx, "word/document.xml");
    assert!(doc.contains("w:right=\"1134\""), "{doc}");
    assert!(doc.contains("<w:titlePg/>"));
}

#[test]
fn an_unknown_field_in_the_template_is_named() {
    let p = project();
    rewrite_package(
        &p.path().join("modele.docx"),
        |name, text| {
            if name == "word/footer1.xml" {
                text.replace("{{ version }}", "{{ auteur }}")
            } else {
                text
            }
        },
        &[],
    );
    let out = p.build();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("modele.docx : modèle Word (reference_docx) : champ « {{ auteur }} » inconnu dans word/footer1.xml (champs possibles : titre, sous_titre, titre_court, type, organisation, programme, reference, version, date, mention)"),
        "{err}"
    );
    assert!(!p.path().join("out/rapport.docx").exists());
}

#[test]
#[cfg_attr(trame_no_validator, ignore = "validateur Open XML introuvable")]
fn documents_in_the_shell_pass_the_validator() {
    let p = project();
    assert_valid(&built(&p));
}

#[test]
#[cfg_attr(
    trame_no_soffice,
    ignore = "LibreOffice (soffice, python3-uno, pdftotext) introuvable"
)]
fn libreoffice_shows_the_cover_then_the_body_under_the_templates_header() {
    let p = project();
    let docx = built(&p);
    let pdf = to_pdf(&docx, p.path());
    let first = pdf_page_text(&pdf, 1);
    assert!(first.contains("Rapport de test"), "{first}");
    assert!(
        first.contains("Organisation Exemple · document de travail"),
        "{first}"
    );
    assert!(
        !first.contains("Rapport court"),
        "no header on the cover: {first}"
    );
    let second = pdf_page_text(&pdf, 2);
    assert!(second.contains("Rapport court"), "{second}");
    assert!(second.contains("Texte du rapport."), "{second}");
    assert!(second.contains("OIM-TEST-01 · version 0.3"), "{second}");
}

#[test]
fn a_template_the_shell_cannot_use_is_refused_with_its_reason() {
    let p = project();
    let copy = p.path().join("modele.docx");
    // The cover's logo turned into an embedded object.
    rewrite_package(
        &copy,
        |name, text| {
            if name == "word/_rels/document.xml.rels" {
                text.replace(
                    "relationships/image\" Target=\"media",
                    "relationships/oleObject\" Target=\"media",
                )
            } else {
                text
            }
        },
        &[],
    );
    let out = p.build();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("modèle Word (reference_docx) : la page de couverture contient un objet non pris en charge (relation de type « oleObject ») : retirez-le du modèle"),
        "{err}"
    );

    // A body cut short.
    std::fs::copy(template(), &copy).unwrap();
    rewrite_package(
        &copy,
        |name, text| {
            if name == "word/document.xml" {
                text[..text.len() / 2].to_string()
            } else {
                text
            }
        },
        &[],
    );
    let out = p.build();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(
            "modele.docx : modèle Word (reference_docx) : XML mal formé dans word/document.xml"
        ),
        "{err}"
    );
    assert!(!p.path().join("out/rapport.docx").exists());
}
