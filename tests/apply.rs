//! `trame apply`: decisions of a resolution matrix (or the changes accepted
//! in a returned file) written back into workbook cells and blueprint lines,
//! all or nothing; and the round trip through LibreOffice and Word files.

mod common;

use common::*;
use std::path::Path;

const BLUEPRINT: &str = "blueprints/evaluation-besoins.md.j2";
const WORKBOOK: &str = "data/entretiens.xlsx";
const MATRIX: &str = "out/matrice.xlsx";

/// The small report, built and delivered as v1.
fn delivered() -> tempfile::TempDir {
    let dir = fixture("petit-rapport");
    let out = trame(dir.path(), &["deliver", "--etiquette", "v1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    dir
}

/// The paragraph of the built report that contains `part`.
fn paragraph(dir: &Path, part: &str) -> String {
    paragraphs(&dir.join("out/evaluation-besoins.docx"))
        .into_iter()
        .find(|p| p.contains(part))
        .unwrap_or_else(|| panic!("no paragraph with {part}"))
}

/// The rows of a matrix a consultant filled: an accepted insertion in a
/// blueprint line, an accepted deletion in a workbook table cell, an
/// accepted change of text made by an expression, a refused comment, and a
/// constat rewritten (« modifier ») in a sentence made of several parts.
fn decided_rows(dir: &Path) -> Vec<Vec<(&'static str, String)>> {
    let recommendation = paragraph(dir, "Former en priorité");
    let summary = paragraph(dir, "qui ont fait ressortir");
    let finding = paragraph(dir, "Les dossiers reposent");
    let row =
        |n: &str, kind: &str, source: &str, received: &str, proposed: &str, decision: &str| {
            vec![
                ("N°", n.to_string()),
                ("Document", "retour.docx".to_string()),
                ("Type", kind.to_string()),
                ("Auteur", "Awa Relectrice".to_string()),
                ("Source à modifier", source.to_string()),
                ("Texte reçu", received.to_string()),
                ("Texte proposé", proposed.to_string()),
                ("Décision", decision.to_string()),
                ("Identifiant", format!("id{n}")),
            ]
        };
    let mut rows = vec![
        row(
            "1",
            "insertion",
            &format!("{BLUEPRINT}, ligne 59"),
            &recommendation,
            &recommendation.replace("Former en priorité", "Former en priorité et sans délai"),
            "accepter",
        ),
        row(
            "2",
            "suppression",
            &format!("{WORKBOOK}, feuille « Entretiens », cellule C9"),
            "ONG internationale de protection",
            "ONG de protection",
            "Acceptée",
        ),
        row(
            "3",
            "suppression",
            &format!("{BLUEPRINT}, ligne 5"),
            &summary,
            &summary.replace("ressortir 10 constats", "ressortir  constats"),
            "accepter",
        ),
        row(
            "4",
            "commentaire",
            &format!("{WORKBOOK}, feuille « Entretiens », cellule A4"),
            "KII-GOV-07",
            "",
            "refuser",
        ),
        row(
            "5",
            "commentaire",
            &format!("{WORKBOOK}, feuille « Constats », cellule C3"),
            &finding,
            "",
            "modifier",
        ),
    ];
    rows[3].push(("Commentaire ou modification", "Vérifier ce code.".into()));
    rows[3].push((
        "Réponse",
        "Code vérifié dans le registre des entretiens.".into(),
    ));
    rows[4].push((
        "Texte de remplacement",
        finding.replace(
            "presque exclusivement sur les déclarations",
            "surtout sur les déclarations",
        ),
    ));
    rows
}

fn write(dir: &Path, rows: &[Vec<(&'static str, String)>], reorder: bool) {
    let rows: Vec<Vec<(&str, &str)>> = rows
        .iter()
        .map(|r| r.iter().map(|(h, v)| (*h, v.as_str())).collect())
        .collect();
    write_matrix(&dir.join(MATRIX), &rows, reorder);
}

fn line(dir: &Path, n: usize) -> String {
    std::fs::read_to_string(dir.join(BLUEPRINT))
        .unwrap()
        .lines()
        .nth(n - 1)
        .unwrap()
        .to_string()
}

#[test]
fn decisions_reach_the_cell_and_the_line_and_nothing_else() {
    let dir = delivered();
    write(dir.path(), &decided_rows(dir.path()), true);
    let workbook_before = zip_entries(&dir.path().join(WORKBOOK));
    let blueprint_before = std::fs::read_to_string(dir.path().join(BLUEPRINT)).unwrap();

    // --essai: the plan, and no file touched.
    let before = snapshot(dir.path());
    let out = trame(dir.path(), &["apply", MATRIX, "--essai"]);
    let text = stdout(&out);
    assert!(text.starts_with("Plan :\n"), "{text}");
    assert!(
        text.contains("- N° 2 (ligne 5) : data/entretiens.xlsx, feuille « Entretiens », cellule C9 : « ONG internationale de protection » → « ONG de protection »\n"),
        "{text}"
    );
    assert!(text.ends_with("Essai : aucun fichier modifié.\n"), "{text}");
    assert_eq!(
        out.status.code(),
        Some(1),
        "the expression row is not applied"
    );
    assert!(snapshot(dir.path()) == before, "--essai writes nothing");

    let out = trame(dir.path(), &["apply", MATRIX]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "trame : des lignes n'ont pas pu être appliquées (voir « À reporter à la main » et « Conflits » ci-dessus)\n"
    );
    assert!(
        text.contains("Résumé : 3 appliquées, 1 à reporter à la main, 0 conflit, 1 refusée.\n"),
        "{text}"
    );
    assert!(text.contains(&format!("À reporter à la main :\n- N° 3 (ligne 4) : {BLUEPRINT}, ligne 5 (le texte modifié n'est pas écrit tel quel à cette ligne du modèle : il vient d'une expression ou de plusieurs sources)\n")), "{text}");
    assert!(text.contains("Refusées :\n- N° 4 (ligne 3)\n"), "{text}");

    // The blueprint: that one line changed.
    assert_eq!(
        line(dir.path(), 59),
        "1. Former en priorité et sans délai aux thèmes de priorité haute."
    );
    let after = std::fs::read_to_string(dir.path().join(BLUEPRINT)).unwrap();
    assert_eq!(
        after
            .lines()
            .filter(|l| !blueprint_before.contains(l))
            .count(),
        1,
        "only line 59 changed"
    );
    // The workbook: two cells changed, every other part byte for byte.
    let workbook_after = zip_entries(&dir.path().join(WORKBOOK));
    assert_eq!(workbook_before.len(), workbook_after.len());
    for ((name, a), (name_b, b)) in workbook_before.iter().zip(&workbook_after) {
        assert_eq!(name, name_b);
        if !name.starts_with("xl/worksheets/sheet") {
            assert!(a == b, "{name} must be unchanged");
        }
    }
    let entretiens = read_sheet(&dir.path().join(WORKBOOK), "Entretiens");
    assert_eq!(entretiens[8][2].to_string(), "ONG de protection");
    let constats = read_sheet(&dir.path().join(WORKBOOK), "Constats");
    assert_eq!(
        constats[2][2].to_string(),
        "Les dossiers reposent surtout sur les déclarations des victimes, qui se rétractent souvent."
    );
    // The sources as they were, kept under the delivery.
    assert_eq!(
        zip_entries(
            &dir.path()
                .join("livraisons/v1/avant-application")
                .join(WORKBOOK)
        ),
        workbook_before
    );
    assert_eq!(
        std::fs::read_to_string(
            dir.path()
                .join("livraisons/v1/avant-application")
                .join(BLUEPRINT)
        )
        .unwrap(),
        blueprint_before
    );
    // The matrix says which rows were applied, where.
    let matrix = read_sheet(&dir.path().join(MATRIX), "Matrice");
    let suivi = 17 - 13; // columns written right to left
    let follow: Vec<String> = matrix
        .iter()
        .map(|r| r.get(suivi).map(|c| c.to_string()).unwrap_or_default())
        .collect();
    assert!(
        follow.contains(
            &"appliquée : data/entretiens.xlsx, feuille « Entretiens », cellule C9".to_string()
        ),
        "{follow:?}"
    );

    // Again: the applied rows are not applied twice.
    let out = trame(dir.path(), &["apply", MATRIX]);
    assert!(stdout(&out).contains("Résumé : 0 appliquée, 1 à reporter à la main, 0 conflit, 1 refusée, 3 déjà appliquées auparavant.\n"), "{}", stdout(&out));

    // Rebuilt, the document reads as decided; the redline shows exactly those changes.
    let out = trame(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(paragraph(dir.path(), "Former en priorité").contains("et sans délai"));
    assert!(paragraph(dir.path(), "ONG ") == "ONG de protection");
    let out = trame(dir.path(), &["redline", "--contre", "v1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let redline = std::fs::read(dir.path().join("out/redline-v1/evaluation-besoins.docx")).unwrap();
    let changed: Vec<(String, String)> = trame::review::paragraph_views(&redline)
        .unwrap()
        .into_iter()
        .filter(|p| p.original != p.accepted)
        .map(|p| (flat(&p.original), flat(&p.accepted)))
        .collect();
    assert_eq!(
        changed,
        [
            ("ONG internationale de protection".to_string(), "ONG de protection".to_string()),
            (
                "KII-GOV-05 : Les dossiers reposent presque exclusivement sur les déclarations des victimes, qui se rétractent souvent.".to_string(),
                "KII-GOV-05 : Les dossiers reposent surtout sur les déclarations des victimes, qui se rétractent souvent.".to_string()
            ),
            (
                "Former en priorité aux thèmes de priorité haute.".to_string(),
                "Former en priorité et sans délai aux thèmes de priorité haute.".to_string()
            ),
        ]
    );
}

/// The whole loop with a real client: a review copy edited in LibreOffice
/// (text inserted in a blueprint-line paragraph, a word deleted in a
/// workbook table cell, an expression's text changed, a comment), `trame
/// review`, decisions typed with a spreadsheet library, `trame apply`, and
/// the next build, redline and review.
#[test]
#[cfg_attr(
    trame_no_soffice,
    ignore = "LibreOffice (soffice, python3-uno, pdftotext) introuvable"
)]
fn the_review_loop_closes_through_libreoffice() {
    use calamine::Data;
    let dir = delivered();
    let out = trame(dir.path(), &["build", "--relecture"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let copy = dir.path().join("out/relecture/evaluation-besoins.docx");
    let returned = dir.path().join("retour-CNCLTPPA.docx");
    let edits = r#"[{"op":"insert_after","text":"Former en priorité","insert":" et sans délai"},
        {"op":"delete","text":"internationale ","context":"ONG internationale de protection"},
        {"op":"replace","text":"10","by":"11","context":"ressortir 10 constats"},
        {"op":"comment","text":"KII-GOV-07","comment":"Vérifier ce code."}]"#;
    if !review_in_libreoffice(&copy, &returned, "Awa Relectrice", edits) {
        return;
    }
    let out = trame(dir.path(), &["review", "retour-CNCLTPPA.docx"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let xlsx = dir.path().join("out/matrice-relecture.xlsx");
    let rows = read_sheet(&xlsx, "Matrice");
    let sources: Vec<(String, String)> = rows[1..]
        .iter()
        .map(|r| (r[3].to_string(), r[10].to_string()))
        .collect();
    assert!(
        sources.contains(&("insertion".into(), format!("{BLUEPRINT}, ligne 59"))),
        "{sources:?}"
    );
    assert!(
        sources.contains(&(
            "suppression".into(),
            format!("{WORKBOOK}, feuille « Entretiens », cellule C9")
        )),
        "{sources:?}"
    );
    assert!(
        sources.contains(&(
            "commentaire".into(),
            format!("{WORKBOOK}, feuille « Entretiens », cellule A4")
        )),
        "{sources:?}"
    );
    // The consultant decides in the spreadsheet, and sorts it by type.
    edit_workbook(&xlsx, |sheet, rows| {
        if sheet != "Matrice" {
            return;
        }
        for row in rows.iter_mut().skip(1) {
            row.resize(18, Data::Empty);
            let (kind, change) = (row[3].to_string(), row[5].to_string());
            row[11] = Data::String(
                if kind == "commentaire" {
                    "refuser"
                } else {
                    "accepter"
                }
                .into(),
            );
            if change == "Vérifier ce code." {
                row[12] = Data::String("Code vérifié dans le registre des entretiens.".into());
            }
        }
        rows[1..].sort_by_key(|r| r[3].to_string());
    });
    let workbook_before = zip_entries(&dir.path().join(WORKBOOK));
    let out = trame(dir.path(), &["apply", "out/matrice-relecture.xlsx"]);
    let text = stdout(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the expression is left to the author:\n{text}"
    );
    assert!(
        text.contains("Résumé : 2 appliquées, 2 à reporter à la main, 0 conflit, 1 refusée"),
        "{text}"
    );
    assert!(text.contains(&format!("{BLUEPRINT}, ligne 5 (le texte modifié n'est pas écrit tel quel à cette ligne du modèle : il vient d'une expression ou de plusieurs sources)")), "{text}");

    // The sources read as the reviewer wrote; the workbook is otherwise unchanged.
    assert_eq!(
        line(dir.path(), 59),
        "1. Former en priorité et sans délai aux thèmes de priorité haute."
    );
    assert_eq!(
        read_sheet(&dir.path().join(WORKBOOK), "Entretiens")[8][2].to_string(),
        "ONG de protection"
    );
    for ((name, a), (_, b)) in workbook_before
        .iter()
        .zip(&zip_entries(&dir.path().join(WORKBOOK)))
    {
        if name != "xl/worksheets/sheet1.xml" {
            assert!(a == b, "{name} must be unchanged");
        }
    }
    let out = trame(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        paragraph(dir.path(), "Former en priorité").contains("Former en priorité et sans délai")
    );

    // The redline against v1 shows exactly those changes.
    let out = trame(dir.path(), &["redline", "--contre", "v1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let redline = std::fs::read(dir.path().join("out/redline-v1/evaluation-besoins.docx")).unwrap();
    let changed: Vec<(String, String)> = trame::review::paragraph_views(&redline)
        .unwrap()
        .into_iter()
        .filter(|p| p.original != p.accepted)
        .map(|p| (flat(&p.original), flat(&p.accepted)))
        .collect();
    assert_eq!(
        changed,
        [
            (
                "ONG internationale de protection".to_string(),
                "ONG de protection".to_string()
            ),
            (
                "Former en priorité aux thèmes de priorité haute.".to_string(),
                "Former en priorité et sans délai aux thèmes de priorité haute.".to_string()
            ),
        ]
    );

    // The next review round starts from these decisions, treated rows marked.
    let out = trame(dir.path(), &["review", "retour-CNCLTPPA.docx"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = read_sheet(&xlsx, "Matrice");
    let follow: Vec<(String, String, String)> = rows[1..]
        .iter()
        .map(|r| {
            (
                r[3].to_string(),
                r[11].to_string(),
                r.get(13).map(|c| c.to_string()).unwrap_or_default(),
            )
        })
        .collect();
    assert!(
        follow.contains(&(
            "suppression".into(),
            "accepter".into(),
            format!("appliquée : {WORKBOOK}, feuille « Entretiens », cellule C9")
        )),
        "{follow:?}"
    );
    assert!(
        follow.contains(&("commentaire".into(), "refuser".into(), String::new())),
        "{follow:?}"
    );

    // The comment-integration annex lists the comment with its decision.
    let yaml = std::fs::read_to_string(dir.path().join("trame.yaml")).unwrap();
    std::fs::write(
        dir.path().join("trame.yaml"),
        format!("{yaml}\nrelecture:\n  matrice: out/matrice-relecture.xlsx\n  institutions:\n    Awa Relectrice: CNCLTPPA\n"),
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("blueprints/partials")).unwrap();
    std::fs::copy(
        repo().join("blueprints/partials/prise-en-compte.md.j2"),
        dir.path().join("blueprints/partials/prise-en-compte.md.j2"),
    )
    .unwrap();
    let blueprint = std::fs::read_to_string(dir.path().join(BLUEPRINT)).unwrap();
    std::fs::write(
        dir.path().join(BLUEPRINT),
        format!("{blueprint}\n{{% include \"partials/prise-en-compte.md.j2\" %}}\n"),
    )
    .unwrap();
    let out = trame(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = flat(&document_text(
        &dir.path().join("out/evaluation-besoins.docx"),
    ));
    assert!(
        text.contains("Tableau 3 : Tableau de prise en compte des commentaires"),
        "{text}"
    );
    assert!(
        text.contains("Vérifier ce code. Awa Relectrice (CNCLTPPA) Refuser Code vérifié dans le registre des entretiens. Non retenue"),
        "{text}"
    );
    assert!(
        text.contains("Suppression : internationale Awa Relectrice (CNCLTPPA) Accepter Intégrée (1 Méthodologie > 1.1 Entretiens avec les informateurs clés)"),
        "{text}"
    );
}

/// A returned file as the consultant keeps it after accepting the changes
/// in Word: the review copy with its text edited, no revision marks.
#[test]
fn a_returned_file_applies_directly_paragraph_by_paragraph() {
    let dir = delivered();
    let out = trame(dir.path(), &["build", "--relecture"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let returned = dir.path().join("retour.docx");
    std::fs::copy(
        dir.path().join("out/relecture/evaluation-besoins.docx"),
        &returned,
    )
    .unwrap();
    rewrite_package(
        &returned,
        |name, xml| {
            if name != "word/document.xml" {
                return xml;
            }
            xml.replace(
                "Former en priorité aux",
                "Former en priorité et sans délai aux",
            )
            .replace("ONG internationale de protection", "ONG de protection")
            .replace("ressortir 10 constats", "ressortir 11 constats")
        },
        &[],
    );
    let out = trame(dir.path(), &["apply", "retour.docx"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}{}", stderr(&out));
    assert!(
        text.contains("Résumé : 2 appliquées, 1 à reporter à la main, 0 conflit, 0 refusée.\n"),
        "{text}"
    );
    assert!(text.contains("(« Le présent rapport présente les besoins… ») : à reporter à la main, blueprints/evaluation-besoins.md.j2, ligne 5 : le texte modifié n'est pas écrit tel quel"), "{text}");
    assert_eq!(
        line(dir.path(), 59),
        "1. Former en priorité et sans délai aux thèmes de priorité haute."
    );
    assert_eq!(
        read_sheet(&dir.path().join(WORKBOOK), "Entretiens")[8][2].to_string(),
        "ONG de protection"
    );
    assert!(
        dir.path()
            .join("livraisons/v1/avant-application")
            .join(WORKBOOK)
            .exists()
    );
}

/// A Word-made file from ../shared, given trame's manifest for the text it
/// holds (a project whose blueprint and workbook produce exactly that text):
/// Word's own revision markup maps to the blueprint line and to the
/// workbook cell, through the matrix and directly.
#[test]
#[cfg_attr(trame_no_shared, ignore = "../shared/fixtures/word-revisions absent")]
fn word_made_revisions_apply_where_they_map() {
    let word = |name: &str| {
        let path = repo().join("../shared/fixtures/word-revisions").join(name);
        if cfg!(trame_no_shared) || !path.exists() {
            missing_tool("../shared/fixtures/word-revisions");
        }
        path
    };
    // RP002: Word deleted « provides » in a paragraph: a blueprint line.
    let video = "Video provides a powerful way to help you prove your point. When you click Online Video, you can paste in the embed code for the video you want to add. You can also type a keyword to search online for the video that best fits your document.";
    let p = MiniProject::new(
        &format!("Texte d'introduction.\n\n{video}\n"),
        &MiniProject::good_rows(),
    );
    let returned = graft(&p, &word("RP002-Deleted-Text.docx"));
    let out = trame(p.path(), &["review", "retour.docx"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = read_sheet(&p.path().join("out/matrice-relecture.xlsx"), "Matrice");
    assert_eq!(rows[1][3].to_string(), "suppression");
    assert_eq!(rows[1][10].to_string(), "blueprints/rapport.md.j2, ligne 3");
    let before = snapshot(p.path());
    let out = trame(p.path(), &["apply", returned.to_str().unwrap(), "--essai"]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(snapshot(p.path()) == before);
    let out = trame(p.path(), &["apply", "retour.docx"]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let blueprint = std::fs::read_to_string(p.path().join("blueprints/rapport.md.j2")).unwrap();
    assert_eq!(
        blueprint.lines().nth(2),
        Some(video.replace("provides ", "").as_str())
    );

    // WC053: Word replaced the end of a sentence in a table cell: a workbook cell.
    let amounts = "The amounts due shall bear interest from the beginning of the fourth month of each financial year.";
    let p = MiniProject::new(
        "{{ table(constats, columns=[\"code\", \"theme\"]) }}\n",
        &[[V::S("Cell 1,1"), V::S(amounts), V::E, V::E, V::E, V::E]],
    );
    graft(&p, &word("WC053-Text-in-Cell-Mod.docx"));
    let out = trame(p.path(), &["review", "retour.docx"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let matrix = p.path().join("out/matrice-relecture.xlsx");
    let rows = read_sheet(&matrix, "Matrice");
    let kinds: Vec<(String, String)> = rows[1..]
        .iter()
        .map(|r| (r[3].to_string(), r[10].to_string()))
        .collect();
    assert_eq!(
        kinds,
        [
            (
                "suppression".to_string(),
                "data/constats.xlsx, feuille « Constats », cellule B2".to_string()
            ),
            (
                "insertion".to_string(),
                "data/constats.xlsx, feuille « Constats », cellule B2".to_string()
            )
        ]
    );
    edit_workbook(&matrix, |sheet, rows| {
        if sheet == "Matrice" {
            for row in rows.iter_mut().skip(1) {
                row[11] = calamine::Data::String("accepter".into());
            }
        }
    });
    let out = trame(p.path(), &["apply", "out/matrice-relecture.xlsx"]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert_eq!(
        read_sheet(&p.path().join("data/constats.xlsx"), "Constats")[1][1].to_string(),
        "The amounts due shall bear interest in accordance with the procedure, rules, and regulations established by the governing body."
    );
}

/// Builds `p`, and copies the Word file `word` to `retour.docx` in it with
/// the built document's generation manifest added.
fn graft(p: &MiniProject, word: &Path) -> std::path::PathBuf {
    let out = p.build();
    assert!(out.status.success(), "{}", stderr(&out));
    let manifest = part(&p.path().join("out/rapport.docx"), "customXml/item1.xml");
    let returned = p.path().join("retour.docx");
    std::fs::copy(word, &returned).unwrap();
    rewrite_package(
        &returned,
        |_, xml| xml,
        &[("customXml/item1.xml", &manifest)],
    );
    returned
}

/// A CSV source: only the field changes, separator and quoting kept.
#[test]
fn a_csv_source_changes_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("blueprints")).unwrap();
    std::fs::create_dir_all(root.join("data")).unwrap();
    std::fs::write(
        root.join("trame.yaml"),
        "project:\n  title: Sessions\n  date: 2024-04-12\nsources:\n  sessions:\n    file: data/sessions.csv\n    columns:\n      code: { header: Code }\n      titre: { header: Titre }\ndocuments:\n  rapport:\n    blueprint: rapport.md.j2\n    output: out/rapport.docx\n",
    )
    .unwrap();
    std::fs::write(
        root.join("blueprints/rapport.md.j2"),
        "{{ table(sessions) }}\n",
    )
    .unwrap();
    let csv = "Code;Titre\r\nS1;\"Accueil; présentation\"\r\nS2;Cadre juridique national\r\n";
    std::fs::write(root.join("data/sessions.csv"), csv).unwrap();
    let out = trame(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    write_matrix(
        &root.join(MATRIX),
        &[vec![
            ("N°", "1"),
            ("Type", "suppression"),
            ("Source à modifier", "data/sessions.csv, cellule B3"),
            ("Texte reçu", "Cadre juridique national"),
            (
                "Texte de remplacement",
                "Cadre juridique national et régional",
            ),
            ("Décision", "modifier"),
            ("Identifiant", "c1"),
        ]],
        false,
    );
    let out = trame(root, &["apply", MATRIX]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert_eq!(
        std::fs::read_to_string(root.join("data/sessions.csv")).unwrap(),
        csv.replace(
            "Cadre juridique national",
            "Cadre juridique national et régional"
        )
    );
    assert_eq!(
        std::fs::read_to_string(root.join("livraisons/avant-application/data/sessions.csv"))
            .unwrap(),
        csv,
        "without a delivery, the copy goes to livraisons/avant-application/"
    );
}

/// An OpenDocument workbook (written here as LibreOffice writes one: a
/// repeated style run, trailing repeated empty cells): the cell changes, the
/// other parts of the file stay as they were.
#[test]
fn an_ods_source_changes_in_place() {
    use std::io::Write;
    let p = MiniProject::new(
        "{{ table(constats, columns=[\"code\", \"theme\"]) }}\n",
        &MiniProject::good_rows(),
    );
    let cell = |t: &str| {
        format!(
            "<table:table-cell office:value-type=\"string\"><text:p>{t}</text:p></table:table-cell>"
        )
    };
    let header: String = ["Code", "Thème", "Date", "Nombre", "Priorité", "Nom"]
        .iter()
        .map(|h| cell(h))
        .collect();
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"><office:body><office:spreadsheet><table:table table:name="Constats"><table:table-row>{header}</table:table-row><table:table-row>{}<table:table-cell table:style-name="ce2" table:number-columns-repeated="1" office:value-type="string"><text:p>Enquêtes</text:p></table:table-cell><table:table-cell table:number-columns-repeated="1020"/></table:table-row><table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="1026"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#,
        cell("C-01")
    );
    let ods = p.path().join("data/constats.ods");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&ods).unwrap());
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("content.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.start_file("styles.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.3"/>"#).unwrap();
    zip.start_file(
        "META-INF/manifest.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
    zip.finish().unwrap();
    let yaml = std::fs::read_to_string(p.path().join("trame.yaml")).unwrap();
    std::fs::write(
        p.path().join("trame.yaml"),
        yaml.replace("data/constats.xlsx", "data/constats.ods"),
    )
    .unwrap();
    std::fs::remove_file(p.path().join("data/constats.xlsx")).unwrap();
    let out = p.build();
    assert!(out.status.success(), "{}", stderr(&out));
    let before = zip_entries(&ods);
    write_matrix(
        &p.path().join(MATRIX),
        &[vec![
            ("N°", "1"),
            (
                "Source à modifier",
                "data/constats.ods, feuille « Constats », cellule B2",
            ),
            ("Texte reçu", "Enquêtes"),
            ("Texte de remplacement", "Enquêtes et poursuites"),
            ("Décision", "modifier"),
            ("Identifiant", "o1"),
        ]],
        false,
    );
    let out = trame(p.path(), &["apply", MATRIX]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert_eq!(
        read_sheet(&ods, "Constats")[1][1].to_string(),
        "Enquêtes et poursuites"
    );
    for ((name, a), (_, b)) in before.iter().zip(&zip_entries(&ods)) {
        if name != "content.xml" {
            assert!(a == b, "{name} must be unchanged");
        }
    }
    let xml = String::from_utf8(
        zip_entries(&ods)
            .into_iter()
            .find(|e| e.0 == "content.xml")
            .unwrap()
            .1,
    )
    .unwrap();
    assert!(xml.contains(r#"<table:table-cell table:style-name="ce2" office:value-type="string"><text:p>Enquêtes et poursuites</text:p></table:table-cell><table:table-cell table:number-columns-repeated="1020"/>"#), "{xml}");
    let out = p.build();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(document_text(&p.path().join("out/rapport.docx")).contains("Enquêtes et poursuites"));
}

/// The comment-integration annex: empty and said so without a matrix (the
/// build goes on), the decided rows once there is one, a French error when
/// the declared matrix cannot be read.
#[test]
fn the_annex_renders_the_decided_matrix() {
    let p = MiniProject::new(
        "# Rapport\n\n{% set lignes = commentaires() %}\n{% if lignes %}{{ table(lignes, columns=[\"numero\", \"commentaire\", \"auteur\", \"decision\", \"reponse\", \"prise_en_compte\"], caption=\"Tableau de prise en compte des commentaires\") }}{% else %}Aucune relecture.{% endif %}\n",
        &MiniProject::good_rows(),
    );
    let out = p.build();
    assert!(
        out.status.success(),
        "no relecture: section: {}",
        stderr(&out)
    );
    assert!(document_text(&p.path().join("out/rapport.docx")).contains("Aucune relecture."));
    let yaml = std::fs::read_to_string(p.path().join("trame.yaml")).unwrap();
    std::fs::write(
        p.path().join("trame.yaml"),
        format!("{yaml}relecture:\n  matrice: out/matrice.xlsx\n  institutions:\n    Awa Relectrice: CNCLTPPA\n"),
    )
    .unwrap();
    let out = p.build();
    assert!(
        out.status.success(),
        "declared but not there yet: {}",
        stderr(&out)
    );
    assert!(document_text(&p.path().join("out/rapport.docx")).contains("Aucune relecture."));
    write_matrix(
        &p.path().join(MATRIX),
        &[
            vec![
                ("N°", "1"),
                ("Type", "commentaire"),
                ("Commentaire ou modification", "Préciser la période."),
                ("Auteur", "Awa Relectrice"),
                ("Décision", "Acceptée"),
                ("Réponse", "Période ajoutée."),
                ("Suivi", "appliquée : blueprints/rapport.md.j2, ligne 3"),
                ("Section", "2 Constats > 2.1 Enquêtes"),
                ("Identifiant", "x1"),
            ],
            vec![
                ("N°", "2"),
                ("Type", "suppression"),
                ("Commentaire ou modification", "presque"),
                ("Auteur", "Moussa Juriste"),
                ("Décision", "refuser"),
                ("Réponse", "Le terme est dans la source."),
                ("Identifiant", "x2"),
            ],
            vec![
                ("N°", "3"),
                ("Type", "commentaire"),
                ("Commentaire ou modification", "Pas encore décidé."),
                ("Identifiant", "x3"),
            ],
        ],
        true,
    );
    let out = p.build();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = flat(&document_text(&p.path().join("out/rapport.docx")));
    assert!(
        text.contains("1 Préciser la période. Awa Relectrice (CNCLTPPA) Accepter Période ajoutée. Intégrée (2 Constats > 2.1 Enquêtes)"),
        "{text}"
    );
    assert!(
        text.contains("2 Suppression : presque Moussa Juriste Refuser Le terme est dans la source. Non retenue"),
        "{text}"
    );
    assert!(
        !text.contains("Pas encore décidé"),
        "undecided rows are not listed: {text}"
    );
    // A matrix that cannot be read stops the build, in French.
    std::fs::write(p.path().join(MATRIX), b"pas un classeur").unwrap();
    let out = p.build();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("commentaires() : la matrice de relecture « out/matrice.xlsx » (relecture: matrice: dans trame.yaml) est illisible"),
        "{}",
        stderr(&out)
    );
}

/// A matrix kept outside the project is read, and left as it is.
#[test]
fn a_matrix_outside_the_project_is_read_not_written() {
    let dir = delivered();
    let elsewhere = tempfile::tempdir().unwrap();
    let matrix = elsewhere.path().join("matrice.xlsx");
    write_matrix(
        &matrix,
        &[vec![
            ("N°", "1"),
            (
                "Source à modifier",
                &format!("{WORKBOOK}, feuille « Entretiens », cellule C9"),
            ),
            ("Texte reçu", "ONG internationale de protection"),
            ("Texte proposé", "ONG de protection"),
            ("Décision", "accepter"),
            ("Identifiant", "e1"),
        ]],
        false,
    );
    let before = std::fs::read(&matrix).unwrap();
    let out = trame(dir.path(), &["apply", matrix.to_str().unwrap()]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).contains(
        "La matrice est hors du dossier du projet : sa colonne « Suivi » n'est pas mise à jour.\n"
    ));
    assert_eq!(
        read_sheet(&dir.path().join(WORKBOOK), "Entretiens")[8][2].to_string(),
        "ONG de protection"
    );
    assert_eq!(std::fs::read(&matrix).unwrap(), before);
}
