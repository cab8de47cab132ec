//! The command line: French option names (English ones still accepted),
//! French help and errors that keep the wrong value and the suggestion, a
//! closed pipe, the project found from a subfolder, JSON reports with
//! structured places.

mod common;

use common::*;
use std::path::Path;

/// A new minimal project (`trame init --modele vierge`) in a temporary folder.
fn blank_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = trame(dir.path(), &["init", ".", "--modele", "vierge"]);
    assert!(out.status.success(), "{}", stderr(&out));
    dir
}

#[test]
fn option_names_and_help_are_french_and_english_names_still_work() {
    let dir = tempfile::tempdir().unwrap();
    let mut all = String::new();
    for command in [
        vec!["--aide"],
        vec!["build", "--aide"],
        vec!["check", "--aide"],
        vec!["init", "--aide"],
        vec!["deliver", "--aide"],
        vec!["redline", "--aide"],
        vec!["review", "--aide"],
        vec!["completions", "--aide"],
        vec!["watch", "--help"],
    ] {
        let out = trame(dir.path(), &command);
        assert!(out.status.success(), "{command:?}: {}", stderr(&out));
        all += &stdout(&out);
    }
    for french in [
        "--relecture",
        "--silencieux",
        "--etiquette <ÉTIQUETTE>",
        "--contre <ÉTIQUETTE>",
        "--liste",
        "--sortie <CHEMIN>",
        "--modele <MODÈLE>",
        "--auteur <NOM>",
        "-h, --aide",
        "bash, zsh, fish, powershell ou elvish",
        "« vierge » (un classeur, un modèle, un document ; par défaut) ou « oim-mali »",
    ] {
        assert!(all.contains(french), "{french} missing in:\n{all}");
    }
    for english in [
        "--review",
        "--quiet",
        "--label",
        "--against",
        "--list",
        "--help",
        "--author",
        "possible values",
        "[default",
        "Usage",
        "Print help",
    ] {
        let without_french = all.replace("--liste", "");
        assert!(!without_french.contains(english), "{english} in:\n{all}");
    }
    // Scripts written with the English names keep working.
    let p = blank_project();
    let out = trame(p.path(), &["build", "--quiet", "--review"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    assert!(p.path().join("out/relecture/rapport.docx").is_file());
    let out = trame(p.path(), &["deliver", "--label", "v1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = trame(p.path(), &["deliver", "--liste"]);
    assert_eq!(stdout(&out), "v1 — 2025-01-31 — rapport\n");
    let out = trame(p.path(), &["redline", "--contre", "v1", "--silencieux"]);
    assert_eq!(out.status.code(), Some(2), "redline has no --silencieux");
}

#[test]
fn usage_errors_keep_the_wrong_value_and_the_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    for (args, said) in [
        (
            vec!["build", "--pfd"],
            "trame : option inconnue « --pfd » ; vouliez-vous dire « --pdf » ?\n",
        ),
        (
            vec!["build", "--relectur"],
            "trame : option inconnue « --relectur » ; vouliez-vous dire « --relecture » ?\n",
        ),
        (
            vec!["buidl"],
            "trame : commande inconnue « buidl » ; vouliez-vous dire « build » ?\n",
        ),
        (
            vec!["completions", "bsh"],
            "trame : valeur invalide « bsh » pour SHELL ; vouliez-vous dire « bash » ?\n",
        ),
        (
            vec!["init", "x", "--modele", "iom"],
            "trame : valeur invalide « iom » pour --modele ; valeurs possibles : vierge, oim-mali\n",
        ),
        (
            vec!["build", "--json", "--silencieux"],
            "trame : options incompatibles « --json » et « --silencieux »\n",
        ),
        (
            vec!["deliver"],
            "trame : argument obligatoire manquant « --etiquette <ÉTIQUETTE> »\n",
        ),
    ] {
        let out = trame(dir.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(
            stderr(&out),
            format!("{said}Aide : trame --aide\n"),
            "{args:?}"
        );
    }
}

#[test]
fn a_closed_pipe_ends_the_program_quietly() {
    // The reader is gone before trame writes: every write fails at once.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_trame"))
        .args(["completions", "bash"])
        .stdout(writer)
        .output()
        .unwrap();
    assert_eq!(stderr(&out), "");
    assert_eq!(out.status.code(), Some(0));
    // The same for help.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_trame"))
        .arg("--aide")
        .stdout(writer)
        .output()
        .unwrap();
    assert_eq!((stderr(&out).as_str(), out.status.code()), ("", Some(0)));
}

#[test]
fn the_project_is_found_from_any_subfolder() {
    let p = blank_project();
    let sub = p.path().join("data/anciens");
    std::fs::create_dir_all(&sub).unwrap();
    let out = trame(&sub, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let root = std::path::absolute(p.path()).unwrap();
    assert_eq!(
        stderr(&out),
        format!(
            "trame : projet trouvé dans le dossier parent {}\n",
            root.display()
        )
    );
    assert!(
        stdout(&out).starts_with("rapport → out/rapport.docx : "),
        "{}",
        stdout(&out)
    );
    assert!(p.path().join("out/rapport.docx").is_file());
    assert!(!sub.join("out").exists());
    // Paths typed in the subfolder are understood from there.
    let copy = p.path().join("out/rapport.docx");
    returned_with_comments(&copy, &sub.join("retour.docx"), &[("Awa", "À revoir.")]);
    let out = trame(
        &sub,
        &[
            "review",
            "retour.docx",
            "--sortie",
            "../../out/matrice.xlsx",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).ends_with("Matrice écrite : out/matrice.xlsx\n"));
    let rows = read_sheet(&p.path().join("out/matrice.xlsx"), "Matrice");
    assert_eq!(rows[1][1].to_string(), "retour.docx");
}

#[test]
fn watch_refuses_a_folder_outside_any_project() {
    let dir = tempfile::tempdir().unwrap();
    let out = trame(dir.path(), &["watch"]);
    assert_eq!(out.status.code(), Some(1));
    let shown = std::path::absolute(dir.path()).unwrap();
    assert_eq!(
        stderr(&out),
        format!(
            "trame : 1 problème à corriger :\n- trame.yaml : aucun projet à surveiller : ni {} ni ses dossiers parents ne contiennent trame.yaml ; \
placez-vous dans un dossier de projet, ou créez-en un avec « trame init DOSSIER »\n",
            shown.display()
        )
    );
}

/// `check --json` of a mini project with `blueprint` and one bad date.
fn check_json(blueprint: &str) -> serde_json::Value {
    let p = MiniProject::new(blueprint, &MiniProject::good_rows());
    let mut rows = MiniProject::good_rows();
    rows[0][2] = V::S("pas une date");
    p.write_rows(&rows);
    let out = trame(p.path(), &["check", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    serde_json::from_str(&stdout(&out)).expect("JSON on stdout")
}

#[test]
fn json_reports_give_structured_places() {
    let report = check_json("x\n");
    assert_eq!(report["ok"], false);
    let problem = &report["problems"][0];
    assert_eq!(
        problem["location"],
        serde_json::json!({
            "file": "data/constats.xlsx",
            "sheet": "Constats",
            "cell": "C2",
            "row": 2,
            "column": 3,
        })
    );
    assert_eq!(
        problem["place"],
        "data/constats.xlsx, feuille « Constats », cellule C2"
    );
    assert!(
        problem["message"]
            .as_str()
            .unwrap()
            .contains("« pas une date »"),
        "{problem}"
    );
    // A blueprint line, with its column.
    let p = MiniProject::new("Texte\n{{ inconnu }}\n", &MiniProject::good_rows());
    let out = trame(p.path(), &["build", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let location = &report["problems"][0]["location"];
    assert_eq!(location["file"], "blueprints/rapport.md.j2");
    assert_eq!(location["line"], 2);
    // And a project that is in order.
    let p = blank_project();
    let out = trame(p.path(), &["check", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        report,
        serde_json::json!({ "ok": true, "documents": ["rapport"], "warnings": [], "problems": [] })
    );
    assert!(!Path::new(&p.path().join("out/rapport.docx")).exists());
}
