//! Hostile blueprints: see tests/hostile.rs. Each case is refused with a
//! French message naming the blueprint (and its line when the engine knows
//! it), leaves `out/` as the previous build wrote it, and quotes nothing
//! from outside the project; or it builds correctly.

use crate::common::*;
use crate::support::*;

/// A mini project built once with a harmless blueprint, then given `text`.
fn after_good_build(text: &str) -> (MiniProject, Vec<(std::path::PathBuf, Vec<u8>)>) {
    let p = MiniProject::new("# Rapport\n\nTexte.\n", &MiniProject::good_rows());
    let before = built_once(p.path());
    p.write_blueprint(text);
    (p, before)
}

/// Builds `text` after a good build: refused with `expected`, nothing changed.
fn refused_blueprint(text: &str, expected: &[&str]) -> String {
    let (p, before) = after_good_build(text);
    let err = refused(&p.build(), expected);
    unchanged(p.path(), &before);
    err
}

#[test]
fn a_list_doubled_in_a_loop_is_stopped_by_the_deadline() {
    let (p, before) = after_good_build(
        "# T\n\n{% set ns = namespace(x=[1]) %}{% for i in range(60) %}{% set ns.x = ns.x + ns.x %}{% endfor %}{{ ns.x | length }}\n",
    );
    let out = trame_with_env(p.path(), &["build"], &[("TRAME_DELAI_MODELE", "2")]);
    refused(
        &out,
        &[
            "blueprints/rapport.md.j2",
            "le modèle a dépassé le délai de 2 s",
        ],
    );
    unchanged(p.path(), &before);
}

#[test]
fn a_string_doubled_in_a_loop_is_stopped_before_a_gigabyte() {
    refused_blueprint(
        "# T\n\n{% set ns = namespace(x=\"x\") %}{% for i in range(40) %}{% set ns.x = ns.x ~ ns.x %}{% endfor %}{{ ns.x | length }}\n",
        &[
            "blueprints/rapport.md.j2",
            "le modèle demande plus de 640 Mo de mémoire",
        ],
    );
}

#[test]
fn a_huge_range_is_refused() {
    refused_blueprint(
        "# T\n\n{% for i in range(1000000000) %}x{% endfor %}\n",
        &[
            "blueprints/rapport.md.j2, ligne 3",
            "range() : trop d'éléments (100 000 au plus)",
        ],
    );
}

#[test]
fn endless_macro_recursion_is_refused() {
    refused_blueprint(
        "# T\n{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}\n{{ f(0) }}\n",
        &[
            "blueprints/rapport.md.j2, ligne 2",
            "trop d'appels imbriqués",
        ],
    );
}

#[test]
fn a_huge_printed_value_is_refused() {
    refused_blueprint(
        "# T\n{{ \"x\" * 100000000 }}\n",
        &[
            "blueprints/rapport.md.j2, ligne 2",
            "le texte produit par le modèle dépasse 64 Mo",
        ],
    );
}

#[test]
fn a_loop_printing_without_end_is_refused() {
    refused_blueprint(
        "# T\n\n{% for i in range(100000) %}\n{% for j in range(1000) %}\nUne ligne de texte répétée sans fin.\n{% endfor %}\n{% endfor %}\n",
        &[
            "blueprints/rapport.md.j2, ligne 5",
            "le texte produit par le modèle dépasse 64 Mo",
        ],
    );
}

#[test]
fn an_unknown_filter_is_named_in_french() {
    let err = refused_blueprint(
        "# T\n\n{{ constats[0].theme | tojson }}\n",
        &["blueprints/rapport.md.j2, ligne 3 : filtre inconnu « tojson »"],
    );
    assert_eq!(
        err.matches("tojson").count(),
        2,
        "once, with its excerpt:\n{err}"
    );
}

#[test]
fn an_unknown_filter_gets_the_close_name() {
    refused_blueprint(
        "# T\n\n{{ constats[0].date | date_f }}\n",
        &[
            "blueprints/rapport.md.j2, ligne 3 : filtre inconnu « date_f »",
            "conseil : vouliez-vous dire « date_fr » ?",
        ],
    );
}

#[test]
fn an_unknown_function_is_named_in_french() {
    refused_blueprint(
        "# T\n\n{{ tabel(constats) }}\n",
        &[
            "blueprints/rapport.md.j2, ligne 3",
            "fonction inconnue « tabel »",
            "conseil : vouliez-vous dire « table » ?",
        ],
    );
}

#[test]
fn an_unknown_test_is_named_in_french() {
    refused_blueprint(
        "# T\n\n{% if constats[0].nombre is numbr %}x{% endif %}\n",
        &[
            "blueprints/rapport.md.j2, ligne 3 : test inconnu « numbr »",
            "conseil : vouliez-vous dire « number » ?",
        ],
    );
}

#[test]
fn a_syntax_error_is_translated() {
    let err = refused_blueprint(
        "# T\n\n{{ constats[0].nombre + }}\n",
        &["blueprints/rapport.md.j2, ligne 3 : erreur de syntaxe : « }} » inattendu"],
    );
    assert_eq!(err.matches("erreur de syntaxe").count(), 1, "{err}");
}

#[test]
fn an_unclosed_block_is_explained() {
    refused_blueprint(
        "# T\n\n{% for c in constats %}\n- {{ c.code }}\n",
        &[
            "blueprints/rapport.md.j2, ligne 3 : bloc {% for %} jamais fermé : il manque {% endfor %}",
            "conseil : ajoutez {% endfor %} là où le bloc doit s'arrêter",
        ],
    );
}

#[test]
fn an_unknown_statement_is_translated() {
    refused_blueprint(
        "# T\n\n{% for c in constats %}x{% endfi %}\n",
        &[
            "blueprints/rapport.md.j2, ligne 3 : « endfi » ne ferme pas le bloc {% for %} ouvert ligne 3, qui attend {% endfor %}",
        ],
    );
}

#[test]
fn an_error_in_an_included_partial_is_reported_once_at_its_line() {
    let (p, before) = after_good_build("# T\n\n{% include \"partie.md.j2\" %}\n");
    std::fs::write(
        p.path().join("blueprints/partie.md.j2"),
        "Texte\n{{ constats[0].theme | nope }}\n",
    )
    .unwrap();
    let err = refused(
        &p.build(),
        &["blueprints/partie.md.j2, ligne 2 : filtre inconnu « nope »"],
    );
    assert!(err.starts_with("trame : 1 problème à corriger"), "{err}");
    assert!(!err.contains("rapport.md.j2"), "{err}");
    unchanged(p.path(), &before);
}

#[test]
fn an_include_outside_blueprints_is_refused_without_its_content() {
    let outside = tempfile::tempdir().unwrap();
    let secret_file = outside.path().join("secret.md.j2");
    std::fs::write(&secret_file, format!("{SECRET}\n")).unwrap();
    for include in [
        "../trame.yaml".to_string(),
        secret_file.display().to_string(),
        "../../../../../../../../etc/passwd".to_string(),
    ] {
        let err = refused_blueprint(
            &format!("# T\n\n{{% include \"{include}\" %}}\n"),
            &[
                "blueprints/rapport.md.j2, ligne 3",
                "doit être un chemin relatif à l'intérieur de blueprints/",
            ],
        );
        assert!(!err.contains("sources:") && !err.contains("root:"), "{err}");
    }
}

#[cfg(unix)]
#[test]
fn a_link_out_of_blueprints_is_refused_without_its_content() {
    let outside = tempfile::tempdir().unwrap();
    let secret_file = outside.path().join("secret.md.j2");
    std::fs::write(&secret_file, format!("{SECRET}\n")).unwrap();
    let (p, before) = after_good_build("# T\n\n{% include \"lien.md.j2\" %}\n");
    std::os::unix::fs::symlink(&secret_file, p.path().join("blueprints/lien.md.j2")).unwrap();
    refused(
        &p.build(),
        &[
            "blueprints/rapport.md.j2, ligne 3",
            "le modèle « lien.md.j2 » sort du dossier blueprints/",
        ],
    );
    unchanged(p.path(), &before);
    nowhere(&p.path().join("out"), SECRET);
}

#[test]
fn a_confidential_column_cannot_be_read() {
    refused_blueprint(
        "# T\n\n{{ constats[0].nom }}\n",
        &[
            "blueprints/rapport.md.j2, ligne 3",
            "la colonne « nom » est confidentielle",
        ],
    );
}

#[test]
fn a_confidential_value_typed_in_a_blueprint_and_changed_is_refused() {
    // The value is not handed to the blueprint, but an author can type it:
    // the build's scan of its outputs refuses it, whatever the case or the
    // pieces it was built from.
    for text in [
        "# T\n\n{{ \"nom secret un\" | upper }}\n",
        "# T\n\n{{ \"Nom secret\" ~ \" deux\" }}\n",
    ] {
        let (p, before) = after_good_build(text);
        let out = p.build();
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(stderr(&out).contains("confidentielle"), "{}", stderr(&out));
        unchanged(p.path(), &before);
    }
}

#[test]
fn nul_bytes_and_typed_markers_neither_break_nor_pose_as_provenance() {
    let p = MiniProject::new(
        "# T\n\na\u{0}b {{ constats[0].code }}\n\n\u{E002}0\u{E003}\u{E004}0\u{E005} x {{ \"\\ue0020\\ue003\" }} {{ \"\\ue0040\\ue005\" | safe }}\n",
        &MiniProject::good_rows(),
    );
    let out = p.build();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = document_text(&p.path().join("out/rapport.docx"));
    assert!(text.contains("ab C1\n"), "{text}");
    assert!(text.contains("00 x 0 0\n"), "{text}");
    assert!(!text.chars().any(|c| ('\u{E000}'..='\u{E01F}').contains(&c)));
    let manifest = std::fs::read_to_string(p.path().join("out/rapport.manifest.json")).unwrap();
    let m: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    let unit = m["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["t"] == "00 x 0 0")
        .expect("typed markers paragraph");
    assert!(unit.get("c").is_none(), "no cell for typed markers: {unit}");
}

#[test]
fn a_chain_of_thousands_of_accesses_is_refused_not_a_stack_overflow() {
    let text = format!("# T\n\n{{{{ constats{} }}}}\n", ".code".repeat(5000));
    refused_blueprint(
        &text,
        &["blueprints/rapport.md.j2 : ligne 3 : expression trop longue (plus de 500 accès"],
    );
}
