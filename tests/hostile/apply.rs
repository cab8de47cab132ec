//! Hostile apply: see tests/hostile.rs.
//!
//! A resolution matrix comes back from the author's Excel or LibreOffice,
//! edited, sorted, sometimes broken; the sources may have moved on since
//! the delivery, or be open in Excel. Each case gives a clear French
//! message naming the place, exit 1, and leaves every file of the project
//! byte for byte as it was.

#[allow(unused_imports)]
use crate::common::*;
#[allow(unused_imports)]
use crate::support::*;
use std::path::Path;

const MATRIX: &str = "out/matrice.xlsx";
const CELL: &str = "data/entretiens.xlsx, feuille « Entretiens », cellule C9";

/// The small report, delivered as v1, with a matrix of one accepted
/// deletion in a workbook cell (plus `extra` rows).
fn project(decision: &str, extra: &[Vec<(&str, &str)>]) -> tempfile::TempDir {
    let dir = fixture("petit-rapport");
    let out = trame(dir.path(), &["deliver", "--etiquette", "v1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut rows = vec![vec![
        ("N°", "1"),
        ("Type", "suppression"),
        ("Source à modifier", CELL),
        ("Texte reçu", "ONG internationale de protection"),
        ("Texte proposé", "ONG de protection"),
        ("Décision", decision),
        ("Identifiant", "a1"),
    ]];
    rows.extend(extra.iter().cloned());
    write_matrix(&dir.path().join(MATRIX), &rows, false);
    dir
}

fn everything(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    snapshot(dir)
}

#[test]
fn a_cell_changed_since_the_delivery_is_a_conflict_and_nothing_is_written() {
    let dir = project(
        "accepter",
        &[vec![
            ("N°", "2"),
            ("Type", "insertion"),
            (
                "Source à modifier",
                "blueprints/evaluation-besoins.md.j2, ligne 59",
            ),
            (
                "Texte reçu",
                "Former en priorité aux thèmes de priorité haute.",
            ),
            (
                "Texte proposé",
                "Former en priorité et sans délai aux thèmes de priorité haute.",
            ),
            ("Décision", "accepter"),
            ("Identifiant", "a2"),
        ]],
    );
    change_cell(
        &dir.path().join("data/entretiens.xlsx"),
        "Entretiens",
        8,
        2,
        calamine::Data::String("ONG humanitaire".into()),
    );
    let before = everything(dir.path());
    let out = trame(dir.path(), &["apply", MATRIX]);
    refused(&out, &["des lignes n'ont pas pu être appliquées"]);
    let text = stdout(&out);
    assert!(
        text.contains(&format!("Conflits :\n- N° 1 (ligne 2) : {CELL} (la cellule contient désormais « ONG humanitaire » ; le document relu montrait « ONG internationale de protection » (fichier modifié depuis la livraison v1))\n")),
        "{text}"
    );
    assert!(
        text.contains("Aucun fichier modifié : des sources ont changé depuis la version relue."),
        "{text}"
    );
    assert!(
        everything(dir.path()) == before,
        "no file may change, not even the line that could be applied"
    );
}

#[test]
fn a_blueprint_line_changed_since_the_delivery_is_a_conflict() {
    let dir = project(
        "refuser",
        &[vec![
            ("N°", "2"),
            ("Type", "insertion"),
            (
                "Source à modifier",
                "blueprints/evaluation-besoins.md.j2, ligne 59",
            ),
            (
                "Texte reçu",
                "Former en priorité aux thèmes de priorité haute.",
            ),
            (
                "Texte proposé",
                "Former en priorité et sans délai aux thèmes de priorité haute.",
            ),
            ("Décision", "accepter"),
            ("Identifiant", "a2"),
        ]],
    );
    let path = dir.path().join("blueprints/evaluation-besoins.md.j2");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("Former en priorité aux", "Former d'abord aux"),
    )
    .unwrap();
    let before = everything(dir.path());
    let out = trame(dir.path(), &["apply", MATRIX]);
    refused(&out, &[]);
    assert!(stdout(&out).contains("conflit, blueprints/evaluation-besoins.md.j2, ligne 59 : le texte relu ne se trouve plus à cette ligne (fichier modifié depuis la livraison v1)"), "{}", stdout(&out));
    assert!(everything(dir.path()) == before);
}

#[test]
fn unknown_decisions_are_named_at_their_cell() {
    let dir = project(
        "acepter",
        &[vec![
            ("N°", "2"),
            ("Décision", "peut-être"),
            ("Identifiant", "a2"),
        ]],
    );
    let before = everything(dir.path());
    let out = trame(dir.path(), &["apply", MATRIX]);
    let err = refused(
        &out,
        &[
            "out/matrice.xlsx, feuille « Matrice », cellule L2 : décision « acepter » inconnue (N° 1 (ligne 2)) ; vouliez-vous dire « accepter » ? valeurs possibles : accepter, refuser, modifier, déjà traité, à discuter",
            "cellule L3 : décision « peut-être » inconnue",
        ],
    );
    assert!(!err.contains("Plan"), "nothing is planned: {err}");
    assert!(everything(dir.path()) == before);
}

#[test]
fn a_workbook_open_in_excel_is_left_alone() {
    let dir = project("accepter", &[]);
    std::fs::write(dir.path().join("data/~$entretiens.xlsx"), b"verrou").unwrap();
    let before = everything(dir.path());
    let out = trame(dir.path(), &["apply", MATRIX]);
    refused(
        &out,
        &[
            "data/entretiens.xlsx : fichier ouvert dans Excel, Word ou LibreOffice (fichier de verrouillage « ~$entretiens.xlsx » à côté) : fermez-le puis relancez ; aucun fichier n'a été modifié",
        ],
    );
    assert!(everything(dir.path()) == before);
    // LibreOffice's lock, on the matrix itself.
    std::fs::remove_file(dir.path().join("data/~$entretiens.xlsx")).unwrap();
    std::fs::write(dir.path().join("out/.~lock.matrice.xlsx#"), b"verrou").unwrap();
    let before = everything(dir.path());
    refused(
        &trame(dir.path(), &["apply", MATRIX]),
        &["out/matrice.xlsx : fichier ouvert"],
    );
    assert!(everything(dir.path()) == before);
}

#[test]
fn a_matrix_naming_a_file_outside_the_project_reads_and_writes_nothing_there() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.md.j2");
    std::fs::write(&secret, format!("{SECRET}\n")).unwrap();
    let dir = project("refuser", &[]);
    let escape = format!(
        "../{}, ligne 1",
        secret.strip_prefix("/").unwrap().display()
    );
    let rows = vec![
        vec![
            ("N°", "1"),
            ("Type", "insertion"),
            (
                "Source à modifier",
                "blueprints/../../../../../../../../../tmp/x.md.j2, ligne 1",
            ),
            ("Texte reçu", SECRET),
            ("Texte proposé", "x"),
            ("Décision", "accepter"),
            ("Identifiant", "b1"),
        ],
        vec![
            ("N°", "2"),
            ("Type", "insertion"),
            ("Source à modifier", &escape),
            ("Texte reçu", "a"),
            ("Texte proposé", "b"),
            ("Décision", "accepter"),
            ("Identifiant", "b2"),
        ],
    ];
    write_matrix(&dir.path().join(MATRIX), &rows, false);
    let before = everything(dir.path());
    let out = trame(dir.path(), &["apply", MATRIX]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text.contains("n'est ni une source déclarée dans trame.yaml ni un modèle de blueprints/"),
        "{text}"
    );
    assert!(
        text.contains("Résumé : 0 appliquée, 2 à reporter à la main"),
        "{text}"
    );
    assert!(everything(dir.path()) == before);
    assert_eq!(
        std::fs::read_to_string(&secret).unwrap(),
        format!("{SECRET}\n")
    );
}

#[test]
fn broken_or_foreign_inputs_are_refused_in_french() {
    let dir = project("accepter", &[]);
    let before = everything(dir.path());
    // Not a workbook.
    std::fs::write(
        dir.path().join("out/faux.xlsx"),
        b"PK\x03\x04 pas un classeur",
    )
    .unwrap();
    refused(
        &trame(dir.path(), &["apply", "out/faux.xlsx"]),
        &["out/faux.xlsx : matrice illisible ("],
    );
    // A workbook that is not a matrix.
    refused(
        &trame(dir.path(), &["apply", "data/entretiens.xlsx"]),
        &["data/entretiens.xlsx : matrice illisible (feuille « Matrice » introuvable)"],
    );
    // No such file; a file trame cannot apply.
    refused(
        &trame(dir.path(), &["apply", "out/absente.xlsx"]),
        &["out/absente.xlsx : fichier introuvable"],
    );
    refused(
        &trame(dir.path(), &["apply", "trame.yaml"]),
        &["trame.yaml : trame apply lit une matrice de relecture (.xlsx ou .csv"],
    );
    // A Word file trame did not make.
    let mut wb =
        zip::ZipWriter::new(std::fs::File::create(dir.path().join("out/autre.docx")).unwrap());
    wb.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    std::io::Write::write_all(&mut wb, br#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p></w:body></w:document>"#).unwrap();
    wb.finish().unwrap();
    refused(
        &trame(dir.path(), &["apply", "out/autre.docx"]),
        &["out/autre.docx : pas de manifeste de génération"],
    );
    for f in ["out/faux.xlsx", "out/autre.docx"] {
        std::fs::remove_file(dir.path().join(f)).unwrap();
    }
    assert!(everything(dir.path()) == before);
}

#[test]
fn a_row_copied_twice_is_refused() {
    let dir = project(
        "accepter",
        &[vec![
            ("N°", "2"),
            ("Décision", "refuser"),
            ("Identifiant", "a1"),
        ]],
    );
    let before = everything(dir.path());
    refused(
        &trame(dir.path(), &["apply", MATRIX]),
        &[
            "cellule O3 : identifiant « a1 » présent deux fois (lignes 2 et 3) : une ligne copiée ? Supprimez la copie",
        ],
    );
    assert!(everything(dir.path()) == before);
}

#[test]
fn an_unknown_delivery_is_named_with_the_known_ones() {
    let dir = project("accepter", &[]);
    let before = everything(dir.path());
    refused(
        &trame(dir.path(), &["apply", MATRIX, "--livraison", "v9"]),
        &[
            "livraisons/v9 : livraison inconnue",
            "livraisons enregistrées : v1",
        ],
    );
    assert!(everything(dir.path()) == before);
}
