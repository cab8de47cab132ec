//! Hostile markdown: see tests/hostile.rs.
//!
//! Blueprints whose Markdown nests thousands of levels deep, or asks for
//! more than Word can hold: each is refused at its blueprint line before any
//! recursive code sees it, leaving the earlier output as it was; large but
//! sensible inputs (a 10 MB line, 100 000 footnotes) build.

#[allow(unused_imports)]
use crate::common::*;
#[allow(unused_imports)]
use crate::support::*;

const HEAD: &str = "# Rapport\n\nIntroduction.\n\n";

const TOO_DEEP: &str =
    "imbrication trop profonde (plus de 32 niveaux de citations, listes ou encadrés)";

/// Builds a good report, swaps in `blueprint`, and checks the refusal:
/// exit 1, every fragment in the message, `out/` untouched.
fn refused_blueprint(blueprint: &str, expected: &[&str]) -> String {
    let p = MiniProject::new(HEAD, &MiniProject::good_rows());
    let before = built_once(p.path());
    p.write_blueprint(blueprint);
    let err = refused(&p.build(), expected);
    unchanged(p.path(), &before);
    err
}

#[test]
fn ten_thousand_nested_quotes_on_one_line_are_refused_at_their_line() {
    let blueprint = format!("{HEAD}{}citation\n", "> ".repeat(10_000));
    refused_blueprint(
        &blueprint,
        &[&format!("blueprints/rapport.md.j2, ligne 5 : {TOO_DEEP}")],
    );
}

#[test]
fn ten_thousand_list_markers_on_one_line_are_refused() {
    let blueprint = format!("{HEAD}{}élément\n", "- ".repeat(10_000));
    refused_blueprint(
        &blueprint,
        &[&format!("blueprints/rapport.md.j2, ligne 5 : {TOO_DEEP}")],
    );
}

#[test]
fn lists_nested_by_indentation_are_refused_at_the_thirty_third_level() {
    // Line 5 opens the first level, so line 37 opens the 33rd.
    let lines: String = (0..200)
        .map(|i| format!("{}- niveau {}\n", "  ".repeat(i), i + 1))
        .collect();
    refused_blueprint(
        &format!("{HEAD}{lines}"),
        &[&format!("blueprints/rapport.md.j2, ligne 37 : {TOO_DEEP}")],
    );
}

#[test]
fn ten_thousand_unclosed_fenced_divs_are_refused_at_the_thirty_third() {
    let blueprint = format!("{HEAD}{}Texte.\n", "::: encadre\n".repeat(10_000));
    refused_blueprint(
        &blueprint,
        &[&format!("blueprints/rapport.md.j2, ligne 37 : {TOO_DEEP}")],
    );
}

#[test]
fn quotes_nested_inside_fenced_divs_count_together() {
    // 20 divs, then a line with 13 quote markers: 33 levels in all.
    let blueprint = format!(
        "{HEAD}{}{}texte\n",
        "::: encadre\n".repeat(20),
        "> ".repeat(13)
    );
    refused_blueprint(
        &blueprint,
        &[&format!("blueprints/rapport.md.j2, ligne 25 : {TOO_DEEP}")],
    );
}

#[test]
fn ten_thousand_nested_emphasis_marks_are_refused() {
    let blueprint = format!("{HEAD}{}mot{}\n", "*".repeat(10_000), "*".repeat(10_000));
    refused_blueprint(
        &blueprint,
        &[
            "blueprints/rapport.md.j2, ligne 5 : imbrication trop profonde \
(plus de 32 niveaux d'italique, de gras, de liens ou d'images)",
        ],
    );
}

#[test]
fn a_chain_of_notes_inside_notes_is_refused() {
    let notes: String = (0..10_000)
        .map(|i| format!("[^n{i}]: Note[^n{}].\n\n", i + 1))
        .collect();
    refused_blueprint(
        &format!("{HEAD}Texte[^n0].\n\n{notes}"),
        &[
            "blueprints/rapport.md.j2, ligne 7 : appel de note dans le texte d'une note : \
Word n'accepte pas de note dans une note",
        ],
    );
}

#[test]
fn a_pipe_table_of_ten_thousand_columns_is_refused() {
    let blueprint = format!(
        "{HEAD}{}|\n{}|\n{}|\n",
        "| A ".repeat(10_000),
        "|---".repeat(10_000),
        "| 1 ".repeat(10_000)
    );
    refused_blueprint(
        &blueprint,
        &[
            "blueprints/rapport.md.j2, ligne 5 : tableau de 10000 colonnes : \
Word n'en accepte que 63 au plus",
        ],
    );
}

#[test]
fn thirty_two_levels_are_still_accepted() {
    let blueprint = format!(
        "{HEAD}{}{}Au fond des encadrés.\n",
        "::: encadre\n".repeat(16),
        "> ".repeat(16)
    );
    let p = MiniProject::new(&blueprint, &MiniProject::good_rows());
    let out = p.build();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(document_text(&p.path().join("out/rapport.docx")).contains("Au fond des encadrés."));
}

#[test]
fn a_ten_megabyte_line_builds() {
    let words = "mot ".repeat(2_500_000);
    let p = MiniProject::new(
        &format!("{HEAD}{words}fin-de-ligne\n"),
        &MiniProject::good_rows(),
    );
    let out = p.build();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = document_text(&p.path().join("out/rapport.docx"));
    assert!(text.contains("mot mot mot fin-de-ligne"));
}

#[test]
fn a_hundred_thousand_footnotes_build() {
    let calls: String = (0..100_000).map(|i| format!("Fait {i}[^n{i}]. ")).collect();
    let notes: String = (0..100_000)
        .map(|i| format!("[^n{i}]: Source {i}.\n\n"))
        .collect();
    let p = MiniProject::new(
        &format!("{HEAD}{calls}\n\n{notes}"),
        &MiniProject::good_rows(),
    );
    let out = p.build();
    assert!(out.status.success(), "{}", stderr(&out));
    let notes = part(&p.path().join("out/rapport.docx"), "word/footnotes.xml");
    assert!(notes.contains(">Source 99999.<"), "last note missing");
    assert!(notes.contains(">Source 0.<"), "first note missing");
}
