//! Hostile trame.yaml (and style file): see tests/hostile.rs. Each case
//! builds the mini project once, then breaks its YAML.

use crate::common::*;
use crate::support::*;

const BLUEPRINT: &str = "# Constats\n\n{% for c in constats %}\n- {{ c.code }}\n{% endfor %}\n";

/// Builds the mini project, writes `yaml` as trame.yaml, builds again:
/// refused with `expected`, out/ unchanged.
fn refused_with(yaml: &str, expected: &[&str]) -> String {
    let p = MiniProject::new(BLUEPRINT, &MiniProject::good_rows());
    let before = built_once(p.path());
    std::fs::write(p.path().join("trame.yaml"), yaml).unwrap();
    let err = refused(&p.build(), expected);
    unchanged(p.path(), &before);
    err
}

#[test]
fn tabs_for_indentation() {
    refused_with(
        &MINI_YAML.replace("  title: Rapport de test", "\ttitle: Rapport de test"),
        &[
            "trame.yaml, ligne 2 : caractère interdit à cet endroit (une tabulation ? YAML indente avec des espaces) (colonne 1)",
        ],
    );
}

#[test]
fn an_unclosed_brace() {
    refused_with(
        &MINI_YAML.replace(
            "nom: { header: Nom, confidential: true }",
            "nom: { header: Nom, confidential: true",
        ),
        &[
            "trame.yaml, ligne",
            "accolade « { » non fermée : « , » ou « } » attendu",
        ],
    );
}

#[test]
fn an_unknown_key() {
    refused_with(
        &format!("{MINI_YAML}sortie: out\n"),
        &[
            "trame.yaml, ligne 19 : champ inconnu « sortie », champs permis : « project », « sources », « documents », « style », « fuel », « reference_docx »",
        ],
    );
}

#[test]
fn wrong_types() {
    refused_with(
        &format!("{MINI_YAML}fuel: beaucoup\n"),
        &[
            "trame.yaml, ligne 19 : fuel : type invalide : le texte « beaucoup » trouvé, un nombre entier positif attendu",
        ],
    );
    refused_with(
        &MINI_YAML.replace("title: Rapport de test", "title: [Rapport, test]"),
        &[
            "trame.yaml, ligne 2 : project.title : type invalide : une liste trouvé, un texte attendu",
        ],
    );
}

#[test]
fn an_empty_file() {
    refused_with(
        "",
        &["trame.yaml : fichier vide : il doit déclarer « project », « sources » et « documents »"],
    );
}

#[test]
fn a_hundred_megabyte_file() {
    let p = MiniProject::new(BLUEPRINT, &MiniProject::good_rows());
    let before = built_once(p.path());
    let file = std::fs::File::create(p.path().join("trame.yaml")).unwrap();
    file.set_len(100 << 20).unwrap();
    refused(
        &p.build(),
        &["trame.yaml : fichier de 100 Mo, au-delà de la limite de 4 Mo"],
    );
    unchanged(p.path(), &before);
}

#[test]
fn an_alias_bomb() {
    let mut bomb = String::from("x: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (name, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        bomb += &format!(
            "{name}: &{name} [{}]\n",
            vec![format!("*{prev}"); 9].join(", ")
        );
    }
    refused_with(
        &format!("{bomb}{MINI_YAML}"),
        &["trame.yaml : trop de répétitions d'alias (*nom) : fichier piégé ? rien n'a été lu"],
    );
}

#[test]
fn an_invalid_language_tag() {
    refused_with(
        &MINI_YAML.replace(
            "  date: 2024-04-12\n",
            "  date: 2024-04-12\n  language: 'fr\"FR'\n",
        ),
        &[
            "trame.yaml, ligne 4 : project.language : « fr\"FR » n'est pas une étiquette de langue (BCP 47) ; exemples : fr-FR, fr, en-GB",
        ],
    );
}

#[test]
fn duplicate_keys() {
    refused_with(
        &MINI_YAML.replace(
            "  date: 2024-04-12\n",
            "  date: 2024-04-12\n  title: Autre titre\n",
        ),
        &["trame.yaml, ligne 2 : project : clé « title » présente deux fois"],
    );
    refused_with(
        &format!("{MINI_YAML}  rapport:\n    blueprint: autre.md.j2\n    output: out/autre.docx\n"),
        &[
            "trame.yaml, ligne",
            "documents : clé « rapport » présente deux fois",
        ],
    );
}

#[test]
fn a_date_that_does_not_exist() {
    refused_with(
        &MINI_YAML.replace("date: 2024-04-12", "date: 2024-02-31"),
        &[
            "trame.yaml, ligne 3 : project.date : date invalide (format attendu : AAAA-MM-JJ, un jour qui existe)",
        ],
    );
}

#[test]
fn a_style_file_with_tabs() {
    let p = MiniProject::new(BLUEPRINT, &MiniProject::good_rows());
    let before = built_once(p.path());
    std::fs::write(
        p.path().join("blueprints/style.yaml"),
        "font:\n\tbody: Arial\n",
    )
    .unwrap();
    refused(
        &p.build(),
        &[
            "blueprints/style.yaml, ligne 2 : caractère interdit à cet endroit (une tabulation ? YAML indente avec des espaces) (colonne 1)",
        ],
    );
    unchanged(p.path(), &before);
}

#[test]
fn deliver_shows_a_refused_date() {
    let p = MiniProject::new(BLUEPRINT, &MiniProject::good_rows());
    let out = trame(
        p.path(),
        &["deliver", "--label", "v1", "--date", "2024-02-31"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("trame : date invalide « 2024-02-31 » : ce jour n'existe pas"),
        "{}",
        stderr(&out)
    );
}
