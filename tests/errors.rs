//! Bad input: every problem is reported at once, in French, with its place;
//! the exit code is 1; nothing in out/ changes.

mod common;

use common::*;

const GOOD_BLUEPRINT: &str =
    "# Constats\n\n{% for c in constats %}\n- {{ c.code }} : {{ c.theme }}\n{% endfor %}\n";

/// Builds once successfully, applies `break_it`, builds again and checks the
/// failure: exit code 1, out/ unchanged. Returns stderr.
fn fails_without_touching_out(p: &MiniProject, break_it: impl FnOnce(&MiniProject)) -> String {
    let ok = p.build();
    assert!(
        ok.status.success(),
        "first build must pass: {}",
        stderr(&ok)
    );
    let before = snapshot(&p.path().join("out"));
    assert!(!before.is_empty());
    break_it(p);
    let out = p.build();
    assert_eq!(
        out.status.code(),
        Some(1),
        "stdout: {} stderr: {}",
        stdout(&out),
        stderr(&out)
    );
    assert_eq!(
        snapshot(&p.path().join("out")),
        before,
        "out/ must be left as it was"
    );
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn every_workbook_problem_is_listed_with_its_cell() {
    let p = MiniProject::new(GOOD_BLUEPRINT, &MiniProject::good_rows());
    let err = fails_without_touching_out(&p, |p| {
        p.write_rows(&[
            [
                V::S("C1"),
                V::S("Identification"),
                V::S("31/02/2024"),
                V::S("douze"),
                V::S("Urgente"),
                V::E,
            ],
            [
                V::S("C1"),
                V::E,
                V::D(2024, 3, 5),
                V::N(2.0),
                V::S("Haute"),
                V::E,
            ],
        ])
    });
    let expected = [
        "data/constats.xlsx, feuille « Constats », cellule C2 : date inexistante « 31/02/2024 » : ce jour n'existe pas dans le calendrier",
        "data/constats.xlsx, feuille « Constats », cellule D2 : nombre entier attendu, trouvé « douze »",
        "data/constats.xlsx, feuille « Constats », cellule E2 : valeur non permise « Urgente » (valeurs permises : Haute, Moyenne, Basse)",
        "data/constats.xlsx, feuille « Constats », cellule A3 : valeur en double « C1 » (déjà en A2)",
        "data/constats.xlsx, feuille « Constats », cellule B3 : valeur obligatoire manquante (colonne « Thème »)",
    ];
    for e in expected {
        assert!(err.contains(e), "missing «{e}» in:\n{err}");
    }
    assert!(err.starts_with("trame : 5 problèmes à corriger :"), "{err}");
}

#[test]
fn check_lists_problems_and_exits_1_or_0() {
    let p = MiniProject::new(GOOD_BLUEPRINT, &MiniProject::good_rows());
    let out = trame(p.path(), &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("Tout est en ordre : 1 document(s) vérifié(s) (rapport)."));
    p.write_rows(&[[
        V::S("C1"),
        V::S("x"),
        V::S("hier"),
        V::N(1.0),
        V::S("Haute"),
        V::E,
    ]]);
    p.write_blueprint("{{ constats | lenght }}\n");
    let out = trame(p.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("cellule C2 : date attendue, trouvé « hier »"),
        "{err}"
    );
    assert!(!p.path().join("out").exists(), "check writes nothing");
}

#[test]
fn missing_column_names_the_header_row_and_suggests() {
    let p = MiniProject::new(GOOD_BLUEPRINT, &MiniProject::good_rows());
    let err = fails_without_touching_out(&p, |p| {
        let yaml = MINI_YAML.replace("header: Thème", "header: Thèmes");
        std::fs::write(p.path().join("trame.yaml"), yaml).unwrap();
    });
    assert!(
        err.contains("data/constats.xlsx, feuille « Constats », cellule B1 : l'en-tête « Thèmes » attendu par trame.yaml (colonne « theme » de la source « constats ») n'y est pas ; cette cellule contient « Thème »"),
        "{err}"
    );
    assert!(
        err.contains(
            "conseil : renommez la cellule « Thèmes », ou écrivez « header: Thème » dans trame.yaml"
        ),
        "{err}"
    );
}

#[test]
fn title_rows_above_the_header_give_one_message_with_header_row() {
    let p = MiniProject::new(GOOD_BLUEPRINT, &MiniProject::good_rows());
    let err = fails_without_touching_out(&p, |p| {
        let xlsx = p.path().join("data/constats.xlsx");
        edit_workbook(&xlsx, |_, rows| {
            let width = rows[0].len();
            rows.insert(0, vec![calamine::Data::Empty; width]);
            rows.insert(0, {
                let mut title = vec![calamine::Data::Empty; width];
                title[0] = calamine::Data::String("Constats de l'évaluation (2025)".into());
                title
            });
        });
    });
    assert!(err.starts_with("trame : 1 problème à corriger :"), "{err}");
    assert!(
        err.contains("data/constats.xlsx, feuille « Constats », ligne 1 : aucun des en-têtes attendus n'est à la ligne 1 ; ils sont à la ligne 3"),
        "{err}"
    );
    assert!(
        err.contains(
            "conseil : indiquez « header_row: 3 » pour la source « constats » dans trame.yaml"
        ),
        "{err}"
    );
}

#[test]
fn missing_sheet_and_missing_file() {
    let p = MiniProject::new(GOOD_BLUEPRINT, &MiniProject::good_rows());
    let err = fails_without_touching_out(&p, |p| {
        let yaml = MINI_YAML.replace("sheet: Constats", "sheet: Constat");
        std::fs::write(p.path().join("trame.yaml"), yaml).unwrap();
    });
    assert!(
        err.contains("data/constats.xlsx : feuille « Constat » introuvable"),
        "{err}"
    );
    assert!(err.contains("vouliez-vous dire « Constats » ?"), "{err}");

    let p = MiniProject::new(GOOD_BLUEPRINT, &MiniProject::good_rows());
    let err = fails_without_touching_out(&p, |p| {
        std::fs::write(p.path().join("trame.yaml"), MINI_YAML).unwrap();
        std::fs::remove_file(p.path().join("data/constats.xlsx")).unwrap();
    });
    assert!(
        err.contains("data/constats.xlsx : fichier de données introuvable"),
        "{err}"
    );
}

#[test]
fn a_file_that_is_not_a_workbook() {
    let p = MiniProject::new(GOOD_BLUEPRINT, &MiniProject::good_rows());
    let err = fails_without_touching_out(&p, |p| {
        std::fs::write(
            p.path().join("data/constats.xlsx"),
            b"ceci n'est pas un classeur",
        )
        .unwrap();
    });
    assert!(
        err.contains("data/constats.xlsx : ce fichier n'est pas un classeur Excel valide (archive zip illisible)"),
        "{err}"
    );
}

#[test]
fn unknown_variable_names_blueprint_line_and_suggests_the_column() {
    let p = MiniProject::new(GOOD_BLUEPRINT, &MiniProject::good_rows());
    let err = fails_without_touching_out(&p, |p| {
        p.write_blueprint("# Constats\n\n{% for entretien in constats %}\n- {{ entretien.themee }}\n{% endfor %}\n");
    });
    assert!(
        err.contains("blueprints/rapport.md.j2, ligne 4 : variable inconnue « entretien.themee »"),
        "{err}"
    );
    assert!(
        err.contains("- {{ entretien.themee }}"),
        "the line is shown: {err}"
    );
    assert!(
        err.contains("conseil : vouliez-vous dire « theme » ?"),
        "{err}"
    );
}

#[test]
fn unknown_top_level_name() {
    let p = MiniProject::new(GOOD_BLUEPRINT, &MiniProject::good_rows());
    let err = fails_without_touching_out(&p, |p| {
        p.write_blueprint("Texte\n\n{{ constat | length }}\n");
    });
    assert!(
        err.contains("blueprints/rapport.md.j2, ligne 3 : variable inconnue « constat »"),
        "{err}"
    );
    assert!(err.contains("vouliez-vous dire « constats » ?"), "{err}");
}

#[test]
fn all_unknown_names_of_a_blueprint_are_listed_at_once() {
    let p = MiniProject::new(GOOD_BLUEPRINT, &MiniProject::good_rows());
    let err = fails_without_touching_out(&p, |p| {
        p.write_blueprint("# {{ projet.title }}\n\nTexte.\n\n{% for c in constat %}\n- {{ c.code }}\n{% endfor %}\n");
    });
    assert!(err.starts_with("trame : 2 problèmes à corriger :"), "{err}");
    assert!(
        err.contains("blueprints/rapport.md.j2, ligne 5 : variable inconnue « constat »"),
        "{err}"
    );
    assert!(
        err.contains("blueprints/rapport.md.j2, ligne 1 : variable inconnue « projet »"),
        "{err}"
    );
    assert!(err.contains("vouliez-vous dire « project » ?"), "{err}");
}

#[test]
fn template_syntax_error_is_located() {
    let p = MiniProject::new(GOOD_BLUEPRINT, &MiniProject::good_rows());
    let err = fails_without_touching_out(&p, |p| {
        p.write_blueprint("# Titre\n\n{% for c in constats %}\n- {{ c.code }}\n");
    });
    assert!(
        err.contains("blueprints/rapport.md.j2, ligne 3 : bloc {% for %} jamais fermé"),
        "{err}"
    );
    let p = MiniProject::new(GOOD_BLUEPRINT, &MiniProject::good_rows());
    let err = fails_without_touching_out(&p, |p| {
        p.write_blueprint("# Titre\n\n{{ constats | }}\n");
    });
    assert!(
        err.contains("blueprints/rapport.md.j2, ligne 3 : erreur de syntaxe"),
        "{err}"
    );
}

#[test]
fn confidential_columns_are_not_given_to_blueprints() {
    let p = MiniProject::new(GOOD_BLUEPRINT, &MiniProject::good_rows());
    let err = fails_without_touching_out(&p, |p| {
        p.write_blueprint("{% for c in constats %}\n- {{ c.nom }}\n{% endfor %}\n");
    });
    assert!(
        err.contains("blueprints/rapport.md.j2, ligne 2 : la colonne « nom » est confidentielle : elle n'est jamais transmise aux modèles"),
        "{err}"
    );
    assert!(
        err.contains("      - {{ c.nom }}"),
        "the line is shown as written: {err}"
    );
    let p = MiniProject::new(GOOD_BLUEPRINT, &MiniProject::good_rows());
    let err = fails_without_touching_out(&p, |p| {
        p.write_blueprint("{{ table(constats, columns=[\"code\", \"nom\"]) }}\n");
    });
    assert!(
        err.contains("la colonne « nom » est confidentielle"),
        "{err}"
    );
}

#[test]
fn a_confidential_value_typed_into_a_blueprint_is_caught_in_the_output() {
    let p = MiniProject::new(GOOD_BLUEPRINT, &MiniProject::good_rows());
    let err = fails_without_touching_out(&p, |p| {
        p.write_blueprint("Entretien avec Nom Secret Deux à Bamako.\n");
    });
    assert!(
        err.contains("out/rapport.docx : donnée confidentielle trouvée (dans word/document.xml, customXml/item1.xml) : la valeur de data/constats.xlsx, feuille « Constats », cellule F3 (colonne « Nom ») y apparaît ; rien n'a été écrit"),
        "{err}"
    );
}

#[test]
fn loader_stays_inside_blueprints() {
    let p = MiniProject::new(GOOD_BLUEPRINT, &MiniProject::good_rows());
    let err = fails_without_touching_out(&p, |p| {
        p.write_blueprint("{% include \"../trame.yaml\" %}\n");
    });
    assert!(
        err.contains("doit être un chemin relatif à l'intérieur de blueprints/"),
        "{err}"
    );
}

#[test]
fn runaway_loop_stops_on_the_fuel_limit() {
    let p = MiniProject::new(GOOD_BLUEPRINT, &MiniProject::good_rows());
    let err = fails_without_touching_out(&p, |p| {
        let yaml = format!("{MINI_YAML}fuel: 100000\n");
        std::fs::write(p.path().join("trame.yaml"), yaml).unwrap();
        p.write_blueprint("{% for i in range(100000) %}{% for j in range(100000) %}{{ i }}{% endfor %}{% endfor %}\n");
    });
    assert!(
        err.contains("blueprints/rapport.md.j2, ligne 1 : le modèle a dépassé la limite de calcul"),
        "{err}"
    );
}

#[test]
fn unknown_cross_reference_is_located() {
    let p = MiniProject::new(GOOD_BLUEPRINT, &MiniProject::good_rows());
    let err = fails_without_touching_out(&p, |p| {
        p.write_blueprint("# Titre\n\nVoir le @tbl:absent.\n");
    });
    assert!(
        err.contains("blueprints/rapport.md.j2, ligne 3 : référence inconnue « @tbl:absent » : aucun tableau ne porte cet identifiant"),
        "{err}"
    );
}

#[test]
fn project_file_errors_are_located_in_french() {
    let p = MiniProject::new(GOOD_BLUEPRINT, &MiniProject::good_rows());
    let err = fails_without_touching_out(&p, |p| {
        let yaml = MINI_YAML.replace(
            "    output: out/rapport.docx",
            "    sortie: out/rapport.docx",
        );
        std::fs::write(p.path().join("trame.yaml"), yaml).unwrap();
    });
    assert!(err.contains("trame.yaml, ligne"), "{err}");
    assert!(
        err.contains("champ inconnu « sortie », champs permis : « blueprint »"),
        "{err}"
    );

    let p = MiniProject::new(GOOD_BLUEPRINT, &MiniProject::good_rows());
    let err = fails_without_touching_out(&p, |p| {
        let yaml = MINI_YAML.replace("date: 2024-04-12", "date: 2024-13-45");
        std::fs::write(p.path().join("trame.yaml"), yaml).unwrap();
    });
    assert!(err.contains("trame.yaml, ligne 3"), "{err}");

    let p = MiniProject::new(GOOD_BLUEPRINT, &MiniProject::good_rows());
    let err = fails_without_touching_out(&p, |p| {
        std::fs::remove_file(p.path().join("trame.yaml")).unwrap();
    });
    assert!(
        err.contains("trame.yaml : impossible de lire le fichier de projet"),
        "{err}"
    );
}

#[test]
fn bad_style_colour() {
    let p = MiniProject::new(GOOD_BLUEPRINT, &MiniProject::good_rows());
    let err = fails_without_touching_out(&p, |p| {
        std::fs::write(p.path().join("blueprints/style.yaml"), "primary: bleu\n").unwrap();
    });
    assert!(
        err.contains("blueprints/style.yaml : primary : couleur « bleu » invalide (format attendu : RRVVBB, par exemple 0033A0)"),
        "{err}"
    );
}

#[test]
fn unwritable_output_leaves_earlier_files() {
    let p = MiniProject::new(GOOD_BLUEPRINT, &MiniProject::good_rows());
    assert!(p.build().status.success());
    let before = snapshot(&p.path().join("out"));
    // A folder where the output file should go cannot be replaced.
    std::fs::remove_file(p.path().join("out/rapport.docx")).unwrap();
    std::fs::create_dir(p.path().join("out/rapport.docx")).unwrap();
    std::fs::write(p.path().join("out/rapport.docx/garde"), b"x").unwrap();
    let out = p.build();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("out/rapport.docx : impossible de remplacer le fichier"),
        "{}",
        stderr(&out)
    );
    let leftovers: Vec<_> = std::fs::read_dir(p.path().join("out"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file is left behind");
    drop(before);
}

/// The error of `check` after `edit` changed trame.yaml.
fn yaml_error(edit: impl Fn(&str) -> String) -> String {
    let p = MiniProject::new(GOOD_BLUEPRINT, &MiniProject::good_rows());
    std::fs::write(p.path().join("trame.yaml"), edit(MINI_YAML)).unwrap();
    let out = trame(p.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    stderr(&out)
}

#[test]
fn yaml_mistakes_are_reported_at_the_line_to_fix() {
    // The `{` of line 11 is not closed: the parser only notices on line 12.
    assert_eq!(
        yaml_error(|y| y.replace(
            "date: { header: Date, type: date }",
            "date: { header: Date, type: date"
        )),
        "trame : 1 problème à corriger :\n- trame.yaml, ligne 11 : accolade « { » non fermée : « , » ou « } » attendu avant la fin de la ligne (colonne 13)\n"
    );
    // A column indented one space too far.
    assert_eq!(
        yaml_error(|y| y.replace("      theme:", "       theme:")),
        "trame : 1 problème à corriger :\n- trame.yaml, ligne 10 : indentation incorrecte : une clé « nom: valeur » est attendue ici (colonne 8)\n"
    );
    // `columns:` (line 8) indented one space too far.
    let said = yaml_error(|y| y.replace("    columns:", "     columns:"));
    assert!(
        said.starts_with("trame : 1 problème à corriger :\n- trame.yaml, ligne 8 : « : » inattendu : indentation incorrecte"),
        "{said}"
    );
}

#[test]
fn a_misspelt_column_inside_a_calculation_is_named_with_the_close_name() {
    let p = MiniProject::new(GOOD_BLUEPRINT, &MiniProject::good_rows());
    let err = fails_without_touching_out(&p, |p| {
        p.write_blueprint("# T\n\n{% for c in constats %}\n- {{ c.nombr + 1 }}\n{% endfor %}\n");
    });
    assert!(
        err.contains("blueprints/rapport.md.j2, ligne 4 : colonne inconnue « nombr » dans « constats » (utilisée dans un calcul)"),
        "{err}"
    );
    assert!(
        err.contains("conseil : vouliez-vous dire « nombre » ?"),
        "{err}"
    );
    assert!(!err.contains("undefined"), "{err}");
}

#[test]
fn a_data_error_does_not_hide_blueprint_mistakes_nor_show_a_confidential_value() {
    let p = MiniProject::new(GOOD_BLUEPRINT, &MiniProject::good_rows());
    let err = fails_without_touching_out(&p, |p| {
        let yaml = MINI_YAML.replace(
            "nom: { header: Nom, confidential: true }",
            "nom: { header: Nom, confidential: true, type: date }",
        );
        std::fs::write(p.path().join("trame.yaml"), yaml).unwrap();
        p.write_blueprint("# T\n\n{{ constat }}\n\n{% if %}\n");
    });
    assert!(
        err.contains("data/constats.xlsx, feuille « Constats », cellule F2 : "),
        "{err}"
    );
    assert!(!err.to_lowercase().contains("nom secret"), "{err}");
    assert!(err.contains("[valeur confidentielle masquée]"), "{err}");
    assert!(
        err.contains("blueprints/rapport.md.j2, ligne 5 : erreur de syntaxe"),
        "the blueprint's mistake is listed in the same run: {err}"
    );
}

#[test]
fn an_unclosed_block_is_reported_where_it_opens() {
    let p = MiniProject::new(GOOD_BLUEPRINT, &MiniProject::good_rows());
    let err = fails_without_touching_out(&p, |p| {
        p.write_blueprint(
            "# T\n\n{% if constats %}\n{% for c in constats %}\n- {{ c.code }}\n{% endif %}\n\nFin.\n",
        );
    });
    assert!(
        err.contains("blueprints/rapport.md.j2, ligne 6 : « endif » ne ferme pas le bloc {% for %} ouvert ligne 4, qui attend {% endfor %}"),
        "{err}"
    );
    let p = MiniProject::new(GOOD_BLUEPRINT, &MiniProject::good_rows());
    let err = fails_without_touching_out(&p, |p| {
        p.write_blueprint("# T\n\n{% for c in constats %}\n- {{ c.code }}\n\nFin.\n");
    });
    assert!(
        err.contains("blueprints/rapport.md.j2, ligne 3 : bloc {% for %} jamais fermé"),
        "{err}"
    );
}

#[test]
fn a_blueprint_name_typo_is_named_in_trame_yaml_with_the_close_name() {
    let p = MiniProject::new(GOOD_BLUEPRINT, &MiniProject::good_rows());
    let err = fails_without_touching_out(&p, |p| {
        let yaml = MINI_YAML.replace("blueprint: rapport.md.j2", "blueprint: rapor.md.j2");
        std::fs::write(p.path().join("trame.yaml"), yaml).unwrap();
    });
    assert_eq!(
        err,
        "trame : 1 problème à corriger :\n- trame.yaml : document « rapport » : modèle « rapor.md.j2 » introuvable dans blueprints/\n      conseil : vouliez-vous dire « rapport.md.j2 » ?\n"
    );
}

#[test]
fn a_test_named_by_a_string_that_does_not_exist_lists_the_tests() {
    let p = MiniProject::new(GOOD_BLUEPRINT, &MiniProject::good_rows());
    let err = fails_without_touching_out(&p, |p| {
        p.write_blueprint(
            "# Constats\n\n{% for c in constats | selectattr(\"theme\", \"contient\", \"x\") %}\n- {{ c.code }}\n{% endfor %}\n",
        )
    });
    assert!(
        err.contains("test inconnu dans select(), selectattr(), reject() ou rejectattr()"),
        "{err}"
    );
    assert!(err.contains("tests disponibles : "), "{err}");
    assert!(!err.contains("«  »"), "{err}");
}
