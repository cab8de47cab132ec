//! Checks declared in `trame.yaml` (`verifications`) and the
//! re-identification guard (`quasi_identifiant`, `k_anonymat`): a cell
//! change that makes the sources disagree stops the build with the rule's
//! message naming the cells; a table that would single out a person stops
//! it too; warnings are listed, not fatal.

mod common;

use calamine::Data;
use common::*;
use std::path::Path;

const TOT: &str = "data/formation-formateurs.xlsx";

fn set_yaml(dir: &Path, from: &str, to: &str) {
    let path = dir.join("trame.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Line (from 1) of the first line of trame.yaml containing `needle`.
fn yaml_line(dir: &Path, needle: &str) -> usize {
    let text = std::fs::read_to_string(dir.join("trame.yaml")).unwrap();
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn a_changed_post_test_score_fails_the_reconciliation_naming_the_cells() {
    let dir = full_sample();
    let before = snapshot(&dir.path().join("out"));
    // P01's post-test score: 85 → 90 (Scores!C2).
    change_cell(&dir.path().join(TOT), "Scores", 1, 2, Data::Float(90.0));
    let out = trame(dir.path(), &["build", "formation-formateurs"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let err = flat(&stderr(&out));
    let line = yaml_line(dir.path(), "nom: post-test-par-question");
    assert!(
        err.contains(&format!(
            "trame.yaml, ligne {line} : vérification « post-test-par-question » : le total des bonnes réponses par question au post-test ne correspond pas aux scores individuels du post-test (somme(questions_fdf.post_correct) = 389 ; somme(scores_fdf.post) * nombre(questions_fdf) / 100 = 390) ; en cause : data/formation-formateurs.xlsx, feuille « Questions », cellules E2:E21 (Bonnes réponses post-test) ; data/formation-formateurs.xlsx, feuille « Scores », cellules C2:C25 (Post-test (%))"
        )),
        "{err}"
    );
    assert!(!err.contains("pre-test-par-question"), "{err}");
    assert_eq!(snapshot(&dir.path().join("out")), before);
    // `trame check` runs the same rules.
    let check = trame(dir.path(), &["check"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(stderr(&check).contains("« post-test-par-question »"));
    // Building another document does not run a rule that concerns only this one.
    let other = trame(dir.path(), &["build", "module-fds"]);
    assert!(other.status.success(), "{}", stderr(&other));
}

#[test]
fn a_row_rule_names_the_failing_row_cells() {
    let dir = full_sample();
    // Satisfaction row 4 (P01, « Maîtrise des sujets… »): note 4 → 7.
    change_cell(
        &dir.path().join(TOT),
        "Satisfaction",
        4,
        2,
        Data::Float(7.0),
    );
    let out = trame(dir.path(), &["build", "formation-formateurs"]);
    assert_eq!(out.status.code(), Some(1));
    let err = flat(&stderr(&out));
    let line = yaml_line(dir.path(), "nom: satisfaction-des-participants");
    assert!(
        err.contains(
            "data/formation-formateurs.xlsx, feuille « Satisfaction », cellule A5 : vérification « satisfaction-des-participants » : chaque note de satisfaction va de 1 à 5 et vient d'un participant de la liste (note = 7 ; 5) ; en cause : data/formation-formateurs.xlsx, feuille « Satisfaction », cellules A5, C5 ; data/formation-formateurs.xlsx, feuille « Participants », cellules A2:A25 (Code)"
        ),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "conseil : règle déclarée dans trame.yaml, ligne {line}"
        )),
        "{err}"
    );
}

#[test]
fn impossible_dates_stop_the_build() {
    let dir = full_sample();
    set_yaml(
        dir.path(),
        "enquete_6_mois: 2025-12-08",
        "enquete_6_mois: 2025-11-20",
    );
    let out = trame(dir.path(), &["build", "formation-formateurs"]);
    assert_eq!(out.status.code(), Some(1));
    let err = flat(&stderr(&out));
    assert!(
        err.contains("vérification « suivi-a-trois-et-six-mois » : les enquêtes de suivi doivent avoir lieu au moins trois et six mois après la fin de la formation (calendrier.enquete_6_mois = 20/11/2025 ; mois(calendrier.fin_fdf, 6) = 06/12/2025)"),
        "{err}"
    );
    // The report cannot be dated before the survey it reports either.
    assert!(
        !err.contains("rapport-fdf-apres-le-suivi"),
        "the report (19/12/2025) still follows the survey: {err}"
    );
    let dir = full_sample();
    set_yaml(
        dir.path(),
        "    date: 2025-12-19\n",
        "    date: 2025-06-20\n",
    );
    let out = trame(dir.path(), &["build", "formation-formateurs"]);
    assert!(
        flat(&stderr(&out)).contains("vérification « rapport-fdf-apres-le-suivi » : le rapport de la formation des formateurs rend compte de l'enquête à six mois et ne peut pas être daté d'avant (date_document('formation-formateurs') = 20/06/2025 ; calendrier.enquete_6_mois = 08/12/2025)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn rules_are_checked_when_the_project_loads() {
    let dir = full_sample();
    set_yaml(
        dir.path(),
        "condition: somme(questions_fdf.post_correct) = somme(scores_fdf.post) * nombre(questions_fdf) / 100",
        "condition: somme(questions_fdf.post_corect) = somme(scores_fdf.post * 2",
    );
    set_yaml(
        dir.path(),
        "condition: pre_correct <= nombre(scores_fdf) et post_correct <= nombre(scores_fdf)",
        "condition: pre_correct <= nombre(score_fdf) et calendrier.fin < 3 et questions_fdf.numero > 0",
    );
    let out = trame(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = flat(&stderr(&out));
    let at = |name: &str| yaml_line(dir.path(), &format!("nom: {name}"));
    for expected in [
        format!(
            "trame.yaml, ligne {} : vérification « post-test-par-question » : condition illisible : « ) » manquant en fin de condition",
            at("post-test-par-question")
        ),
        format!(
            "trame.yaml, ligne {} : vérification « bonnes-reponses-possibles » : condition : source inconnue « score_fdf » (vouliez-vous dire « scores_fdf » ?)",
            at("bonnes-reponses-possibles")
        ),
        "condition : date inconnue « calendrier.fin » (dates déclarées : promulgation_code_penal, debut_mission".into(),
        "condition : « questions_fdf.numero » désigne une colonne entière : utilisez somme(), moyenne(), min(), max() ou distincts(), ou « … dans questions_fdf.numero »".into(),
    ] {
        assert!(err.contains(&expected), "missing « {expected} » in {err}");
    }
}

/// A small project whose findings table has quasi-identifiers.
fn guarded(blueprint: &str, extra_yaml: &str) -> MiniProject {
    let rows: Vec<[V; 6]> = ["C1", "C2", "C3", "C4", "C5", "C6"]
        .iter()
        .zip(["Nord", "Nord", "Nord", "Sud", "Sud", "Sud"])
        .zip(["Haute", "Haute", "Basse", "Basse", "Basse", "Haute"])
        .map(|((code, theme), prio)| [V::S(code), V::S(theme), V::E, V::N(1.0), V::S(prio), V::E])
        .collect();
    let p = MiniProject::new(blueprint, &rows);
    let yaml = MINI_YAML
        .replace("    columns:\n", "    key: code\n    columns:\n")
        .replace(
            "theme: { header: Thème, required: true }",
            "theme: { header: Thème, required: true, quasi_identifiant: true }",
        )
        .replace(
            "values: [Haute, Moyenne, Basse] }",
            "values: [Haute, Moyenne, Basse], quasi_identifiant: true }",
        );
    std::fs::write(p.path().join("trame.yaml"), format!("{yaml}{extra_yaml}")).unwrap();
    p
}

#[test]
fn a_table_that_singles_out_a_person_fails_with_the_fixes() {
    let p = guarded(
        "# Rapport\n\n{{ table(constats, columns=[\"code\", \"theme\", \"priorite\"], caption=\"Constats par personne\") }}\n",
        "",
    );
    let before = snapshot(&p.path().join("out"));
    let out = p.build();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(
            "blueprints/rapport.md.j2, ligne 3 : risque de réidentification : tableau « Constats par personne » montre des combinaisons de quasi-identifiants partagées par moins de 3 lignes de la source « constats » (k_anonymat) : Thème = « Nord », Priorité = « Haute » (2 lignes) ; Thème = « Nord », Priorité = « Basse » (1 ligne) ; Thème = « Sud », Priorité = « Basse » (2 lignes) ; Thème = « Sud », Priorité = « Haute » (1 ligne)\n"
        ),
        "{err}"
    );
    assert!(
        err.contains("conseil : généralisez une colonne (par exemple des institutions regroupées, des régions regroupées en zones), retirez une colonne ou les lignes rares, ou agrégez"),
        "{err}"
    );
    assert_eq!(snapshot(&p.path().join("out")), before);

    // k_anonymat: 2 lets the pairs through, not the single one.
    let p = guarded(
        "# Rapport\n\n{{ table(constats, columns=[\"code\", \"theme\", \"priorite\"], caption=\"Constats par personne\") }}\n",
        "k_anonymat: 2\n",
    );
    let err = stderr(&p.build());
    assert!(
        err.contains(
            "(k_anonymat) : Thème = « Nord », Priorité = « Basse » (1 ligne) ; Thème = « Sud », Priorité = « Haute » (1 ligne)\n"
        ),
        "{err}"
    );

    // Coarsened (one quasi-identifier) or aggregated, the same data passes.
    let p = guarded(
        "# Rapport\n\n{{ table(constats, columns=[\"code\", \"theme\"], caption=\"Constats\") }}\n\n{% for e in effectifs(constats, \"priorite\") %}\n- {{ e.valeur }} : {{ e.nombre }}\n{% endfor %}\n",
        "",
    );
    let out = p.build();
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_list_and_tables_joined_by_the_code_are_checked_too() {
    // List items that show two quasi-identifiers each.
    let p = guarded(
        "# Rapport\n\n{% for c in constats %}\n- {{ c.code }} : {{ c.theme }}, {{ c.priorite }}\n{% endfor %}\n",
        "",
    );
    let err = stderr(&p.build());
    assert!(
        err.contains("blueprints/rapport.md.j2, ligne 4 : risque de réidentification : liste de la ligne 4 montre des combinaisons de quasi-identifiants partagées par moins de 3 lignes de la source « constats » (k_anonymat) : Thème = « Nord », Priorité = « Haute » (2 lignes) ;"),
        "{err}"
    );
    // Each table alone is safe; joined by the code they single people out.
    let p = guarded(
        "# Rapport\n\n{{ table(constats, columns=[\"code\", \"theme\"], caption=\"Thèmes\") }}\n\n{{ table(constats | selectattr(\"priorite\", \"eq\", \"Haute\"), columns=[\"code\", \"priorite\"], caption=\"Priorités hautes\") }}\n",
        "",
    );
    let err = stderr(&p.build());
    assert!(
        err.contains("tableau « Thèmes » et tableau « Priorités hautes », reliés par la colonne « Code », montrent ensemble des combinaisons de quasi-identifiants partagées par moins de 3 lignes de la source « constats » (k_anonymat) : Thème = « Nord », Priorité = « Haute » (2 lignes) ; Thème = « Sud », Priorité = « Haute » (1 ligne)\n"),
        "{err}"
    );
}

#[test]
fn the_sample_participant_list_with_function_and_sex_is_refused() {
    let dir = full_sample();
    let path = dir.path().join("blueprints/formation-formateurs.md.j2");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replace(
        "{{ table(participants_fdf, columns=[\"code\", \"groupe\", \"region\"],\n         headers=[\"Code\", \"Groupe d'institutions\", \"Région\"],\n         widths=[2, 8, 4], align=[\"gauche\", \"gauche\", \"gauche\"],",
        "{{ table(participants_fdf, columns=[\"code\", \"fonction\", \"sexe\", \"region\"],",
    );
    std::fs::write(&path, text).unwrap();
    let out = trame(dir.path(), &["build", "formation-formateurs"]);
    assert_eq!(out.status.code(), Some(1));
    let err = flat(&stderr(&out));
    assert!(
        err.contains("risque de réidentification : tableau « Liste des participants (codes) » montre des combinaisons de quasi-identifiants partagées par moins de 3 lignes de la source « participants_fdf » (k_anonymat) : Fonction = « Commissaire de police, BRTMTEH », Sexe = « M », Région = « Bamako » (1 ligne)"),
        "{err}"
    );
}

#[test]
fn warnings_are_listed_and_do_not_stop_the_build() {
    let p = guarded(
        "# Rapport\n\n{{ constats | length }} constats.\n",
        "verifications:\n  - nom: assez-de-constats\n    condition: nombre(constats) >= 10\n    message: moins de dix constats\n    gravite: avertissement\n  - nom: nombres-positifs\n    pour_chaque: constats\n    condition: nombre > 0\n    message: un nombre est positif\n",
    );
    let out = p.build();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let line = yaml_line(p.path(), "nom: assez-de-constats");
    assert!(
        text.contains(&format!("\n  avertissement : trame.yaml, ligne {line} : vérification « assez-de-constats » : moins de dix constats (nombre(constats) = 6 ; 10) ; en cause : data/constats.xlsx, feuille « Constats », lignes 2 à 7\n")),
        "{text}"
    );
    let out = trame(p.path(), &["build", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["ok"], true);
    assert_eq!(
        json["warnings"][0]["place"],
        format!("trame.yaml, ligne {line}")
    );
    assert_eq!(json["warnings"][0]["location"]["line"], line);
    assert!(
        json["warnings"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("vérification « assez-de-constats » : moins de dix constats")
    );
    // `trame check` lists the same warning, says it is in order, and
    // gives it in --json.
    let check = trame(p.path(), &["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    let text = stdout(&check);
    assert!(
        text.contains(&format!("avertissement : trame.yaml, ligne {line} : vérification « assez-de-constats » : moins de dix constats (nombre(constats) = 6 ; 10)")),
        "{text}"
    );
    assert!(text.contains(", avec 1 avertissement."), "{text}");
    let check = trame(p.path(), &["check", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&check)).unwrap();
    assert_eq!(json["ok"], true);
    assert_eq!(json["warnings"][0]["location"]["line"], line);
}
