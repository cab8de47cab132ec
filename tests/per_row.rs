//! One document per row of a source (`pour_chaque`): one attestation per
//! participant of the training of trainers, each showing its participant's
//! name (allowed by `confidentiel_autorise`) and no other; the
//! confidentiality guard still refuses a name anywhere else; output names are
//! checked (inside the project, valid file names, no two alike).

mod common;

use common::*;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Every file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The readable text of a file: every part of a zip package, or the file.
fn text_of(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    if !bytes.starts_with(b"PK") {
        return String::from_utf8_lossy(&bytes).into_owned();
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    for i in 0..zip.len() {
        let mut part = Vec::new();
        zip.by_index(i).unwrap().read_to_end(&mut part).unwrap();
        let part = String::from_utf8_lossy(&part);
        if part.starts_with("<?xml") {
            text.push_str(&xml_text(&part));
        } else {
            text.push_str(&part);
        }
        text.push('\n');
    }
    text
}

#[test]
fn one_attestation_per_participant_with_its_own_name_only() {
    let dir = sample_project();
    let out = trame(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = read_sheet(
        &dir.path().join("data/formation-formateurs.xlsx"),
        "Participants",
    );
    let participants: Vec<(String, String)> = rows[1..]
        .iter()
        .map(|r| (r[0].to_string(), r[6].to_string()))
        .collect();
    assert_eq!(participants.len(), 24);
    let attestations: Vec<PathBuf> = files_under(&dir.path().join("out/attestations"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .collect();
    assert_eq!(attestations.len(), participants.len());
    assert!(
        stdout(&out).contains(
            "attestations/attestation-P07 → out/attestations/attestation-P07.docx : ≈ 1 page,"
        ),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains(
        "montre la colonne confidentielle « Nom » de sa propre ligne (confidentiel_autorise)"
    ));
    // Each name is in its participant's attestation (and manifest), nowhere else.
    let all = files_under(&dir.path().join("out"));
    let texts: Vec<(PathBuf, String)> =
        all.iter().map(|p| (p.clone(), flat(&text_of(p)))).collect();
    for (code, name) in &participants {
        let own = format!("attestation-{code}.");
        let mut found_in_own = false;
        for (path, text) in &texts {
            let file = path.file_name().unwrap().to_string_lossy();
            if text.contains(name.as_str()) {
                assert!(
                    file.starts_with(&own),
                    "« {name} » se trouve dans {}",
                    path.display()
                );
                found_in_own |= file.ends_with(".docx");
            }
        }
        assert!(found_in_own, "« {name} » absent de son attestation");
        let body = document_text(
            &dir.path()
                .join(format!("out/attestations/attestation-{code}.docx")),
        );
        assert!(
            flat(&body).contains(&format!("Code participant : {code}")),
            "{body}"
        );
    }

    // The guard still refuses a name anywhere else: typed into another
    // participant's attestation, or into a report.
    let before = snapshot(&dir.path().join("out"));
    let (third_code, third) = &participants[2];
    for blueprint in ["attestation.md.j2", "formation-formateurs.md.j2"] {
        let path = dir.path().join("blueprints").join(blueprint);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(
            &path,
            format!("{text}\nCopie pour information : {third}.\n"),
        )
        .unwrap();
    }
    let out = trame(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let leak = "donnée confidentielle trouvée (dans word/document.xml, customXml/item1.xml) : la valeur de data/formation-formateurs.xlsx, feuille « Participants », cellule G4 (colonne « Nom ») y apparaît ; rien n'a été écrit";
    for file in [
        "out/attestations/attestation-P01.docx",
        "out/formation-formateurs.docx",
    ] {
        assert!(err.contains(&format!("{file} : {leak}")), "{err}");
    }
    assert!(
        !err.contains(&format!("attestation-{third_code}.docx")),
        "{err}"
    );
    assert!(!err.contains(third.as_str()), "{err}");
    assert!(
        snapshot(&dir.path().join("out")) == before,
        "nothing written"
    );
}

/// The mini project with one more document, `fiches`, declared by `yaml`.
fn mini_with(yaml: &str, fiche: &str, rows: &[[V; 6]]) -> MiniProject {
    let p = MiniProject::new("# Rapport\n\nRien de confidentiel.\n", rows);
    std::fs::write(p.path().join("trame.yaml"), format!("{MINI_YAML}{yaml}")).unwrap();
    std::fs::write(p.path().join("blueprints/fiche.md.j2"), fiche).unwrap();
    p
}

const FICHES: &str = "  fiches:
    blueprint: fiche.md.j2
    pour_chaque: constats
    confidentiel_autorise: [nom]
    output: out/fiches/fiche-{{ code }}.docx
    cover: false
";

#[test]
fn each_copy_shows_its_own_row_and_the_guard_refuses_the_others() {
    let fiche =
        "# Fiche {{ ligne.code }}\n\n{{ ligne.theme }} : {{ ligne.nom or \"(sans nom)\" }}\n";
    let p = mini_with(FICHES, fiche, &MiniProject::good_rows());
    let out = p.build();
    assert!(out.status.success(), "{}", stderr(&out));
    let one = document_text(&p.path().join("out/fiches/fiche-C1.docx"));
    assert!(one.contains("Identification : Nom secret un"), "{one}");
    assert!(!one.contains("Nom secret deux"));
    let three = document_text(&p.path().join("out/fiches/fiche-C3.docx"));
    assert!(three.contains("(sans nom)"), "{three}");
    let report = document_text(&p.path().join("out/rapport.docx"));
    assert!(!report.contains("Nom secret"));

    // The same column of another row is refused, and so in the report.
    let before = snapshot(&p.path().join("out"));
    std::fs::write(
        p.path().join("blueprints/fiche.md.j2"),
        format!("{fiche}\nVoir aussi Nom secret deux.\n"),
    )
    .unwrap();
    let out = p.build();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("out/fiches/fiche-C1.docx : donnée confidentielle trouvée (dans word/document.xml, customXml/item1.xml) : la valeur de data/constats.xlsx, feuille « Constats », cellule F3 (colonne « Nom ») y apparaît ; rien n'a été écrit"),
        "{err}"
    );
    assert!(
        err.contains("out/fiches/fiche-C3.docx : donnée confidentielle"),
        "{err}"
    );
    assert!(!err.contains("fiche-C2.docx"), "its own name: {err}");
    assert!(snapshot(&p.path().join("out")) == before, "nothing written");

    // A blueprint of another document still cannot read the column.
    p.write_blueprint("{% for c in constats %}{{ c.nom }}{% endfor %}\n");
    std::fs::write(p.path().join("blueprints/fiche.md.j2"), fiche).unwrap();
    let out = p.build();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("confidentielle"), "{}", stderr(&out));
    assert!(snapshot(&p.path().join("out")) == before, "nothing written");
}

/// `trame check` on the mini project with `fiches` declared by `yaml`
/// fails with exactly this message (after the « - »).
fn refused(yaml: &str, rows: &[[V; 6]], message: &str) {
    let p = mini_with(yaml, "# Fiche {{ ligne.code }}\n", rows);
    let out = trame(p.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains(message), "attendu : {message}\nobtenu : {err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn output_names_stay_inside_the_project_and_never_collide() {
    let good = MiniProject::good_rows();
    let with_output = |o: &str| FICHES.replace("out/fiches/fiche-{{ code }}.docx", o);
    refused(
        &with_output("../fiches/fiche-{{ code }}.docx"),
        &good,
        "trame.yaml : document « fiches » : la sortie « ../fiches/fiche-{{ code }}.docx » doit être un chemin relatif se terminant par .docx",
    );
    refused(
        &with_output("out/fiche-{{ theme }}.docx"),
        &good,
        "trame.yaml : les documents « fiches/fiche-Identification » et « fiches/fiche-Identification » écriraient le même fichier « out/fiche-Identification.docx »",
    );
    refused(
        &with_output("out/rapport{{ nombre }}.docx")
            .replace("{{ nombre }}", "{{ code }}")
            .replace("out/rapport{{ code }}", "out/rapport"),
        &good,
        "la sortie « out/rapport.docx » doit nommer au moins une colonne",
    );
    refused(
        &with_output("out/fiche-{{ nom }}.docx"),
        &good,
        "trame.yaml : document « fiches » : la sortie nomme la colonne confidentielle « nom » : un nom de fichier se voit partout (dossiers, résumés) ; utilisez un code",
    );
    refused(
        &with_output("out/fiche-{{ kode }}.docx"),
        &good,
        "trame.yaml : document « fiches » : la sortie nomme la colonne « kode », absente de la source « constats »",
    );
    refused(
        &FICHES.replace("pour_chaque: constats", "pour_chaque: constat"),
        &good,
        "pour_chaque « constat » n'est pas une source déclarée",
    );
    refused(
        &FICHES.replace("[nom]", "[theme]"),
        &good,
        "confidentiel_autorise nomme « theme », qui n'est pas confidentielle",
    );
    refused(
        &FICHES
            .replace("    pour_chaque: constats\n", "")
            .replace("{{ code }}", "x"),
        &good,
        "document « fiches » : « confidentiel_autorise » ne sert qu'avec « pour_chaque »",
    );
    let mut escaping = MiniProject::good_rows();
    escaping[1][0] = V::S("../../etc");
    refused(
        FICHES,
        &escaping,
        "trame.yaml : document « fiches » : la valeur « ../../etc » de data/constats.xlsx, feuille « Constats », cellule A3 ne peut pas entrer dans un nom de fichier",
    );
    // Two rows whose codes differ only by case would be one file on Windows.
    let mut cased = MiniProject::good_rows();
    cased[1][0] = V::S("c1");
    refused(
        FICHES,
        &cased,
        "écriraient le même fichier « out/fiches/fiche-c1.docx »",
    );
}

#[test]
fn one_copy_can_be_built_by_its_name() {
    let p = mini_with(
        FICHES,
        "# Fiche {{ ligne.code }}\n",
        &MiniProject::good_rows(),
    );
    let out = trame(p.path(), &["build", "fiches/fiche-C2"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(p.path().join("out/fiches/fiche-C2.docx").is_file());
    assert!(!p.path().join("out/fiches/fiche-C1.docx").exists());
    assert!(!p.path().join("out/rapport.docx").exists());
    let out = trame(p.path(), &["build", "fiches/fiche-C9"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(
            "trame.yaml : document inconnu « fiches/fiche-C9 » : aucune ligne de sa source ne donne ce nom"
        ),
        "{}",
        stderr(&out)
    );
}
