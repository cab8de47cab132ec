//! The four deliverables of the sample project: they build, validate and
//! render; every required part is a heading or table; numbers in the text
//! are those of the workbooks; changing a workbook changes the document.

mod common;

use calamine::Data;
use common::*;
use std::path::Path;

const DOCS: [&str; 4] = [
    "out/evaluation-besoins.docx",
    "out/module-fds.docx",
    "out/module-magistrats.docx",
    "out/formation-formateurs.docx",
];

fn built() -> tempfile::TempDir {
    let dir = full_sample();
    let out = trame(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    dir
}

fn has_heading(docx: &Path, wanted: &str) -> bool {
    headings(docx)
        .iter()
        .any(|(_, t)| t == wanted || t.ends_with(&format!(" {wanted}")))
}

fn assert_headings(docx: &Path, wanted: &[&str]) {
    let all = headings(docx);
    for w in wanted {
        assert!(
            has_heading(docx, w),
            "missing heading « {w} » in {}: {all:?}",
            docx.display()
        );
    }
}

fn text(docx: &Path) -> String {
    flat(&document_text(docx))
}

/// Non-empty values of one column of a sheet (header row excluded).
fn is(d: &Data, s: &str) -> bool {
    matches!(d, Data::String(v) if v == s)
}

fn column(xlsx: &Path, sheet: &str, header: &str) -> Vec<Data> {
    let rows = read_sheet(xlsx, sheet);
    let c = rows[0]
        .iter()
        .position(|h| is(h, header))
        .unwrap_or_else(|| panic!("{header} in {sheet}"));
    rows[1..]
        .iter()
        .map(|r| r.get(c).cloned().unwrap_or(Data::Empty))
        .filter(|d| *d != Data::Empty)
        .collect()
}

fn number(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => other.to_string().replace(',', ".").parse().unwrap(),
    }
}

#[test]
#[cfg_attr(
    any(trame_no_validator, trame_no_soffice),
    ignore = "validateur Open XML ou LibreOffice introuvable"
)]
fn the_four_documents_build_valid_and_render() {
    let dir = built();
    for doc in DOCS {
        let docx = dir.path().join(doc);
        assert!(docx.exists(), "{doc}");
        assert_valid(&docx);
    }
    for doc in DOCS {
        let docx = dir.path().join(doc);
        let pdf = to_pdf(&docx, dir.path());
        let pages = pdf_page_sizes(&pdf);
        assert!(pages.len() > 10, "{doc}: {} pages", pages.len());
        assert!(
            pages.iter().any(|(w, h)| w > h),
            "{doc} has a landscape page"
        );
        let t = pdf_text(&pdf);
        assert!(t.contains("Table des matières"), "{doc}");
        assert!(t.contains("Page 2 sur"), "{doc}");
    }
}

#[test]
fn needs_assessment_has_every_part_and_its_numbers() {
    let dir = built();
    let docx = dir.path().join("out/evaluation-besoins.docx");
    assert_headings(
        &docx,
        &[
            "Résumé exécutif",
            "Contexte",
            "Méthodologie",
            "Revue documentaire",
            "Entretiens avec les informateurs clés",
            "Atelier d'évaluation des besoins",
            "Limites",
            "Éthique et protection des données",
            "Cadre juridique international et national",
            "Formations et supports existants",
            "État des lieux de la traite et de la réponse nationale",
            "Analyse des parties prenantes",
            "Matrice influence-intérêt",
            "Rôles, responsabilités et points focaux",
            "Analyse des écarts",
            "Constats des entretiens par thème",
            "Défis et priorités",
            "Recommandations",
            "Sites de formation",
            "Calendrier et plan de formation",
            "Personnes ressources",
            "Participants",
            "Suivi post-formation et évaluation d'impact",
            "Annexes",
            "Annexe A. Institutions consultées",
            "Annexe B. Guide d'entretien",
            "Annexe D. Bibliographie",
        ],
    );
    let t = text(&docx);
    for fact in [
        "niveau 2",
        "Palerme",
        "CNCLTPPA",
        "2012-023",
        "PAN",
        "COMPASS",
        "Données d'exemple fictives",
    ] {
        assert!(
            t.contains(fact) || flat(&part(&docx, "word/document.xml")).contains(fact),
            "fact {fact}"
        );
    }
    let xlsx = dir.path().join("data/evaluation-besoins.xlsx");
    let interviews = column(&xlsx, "Entretiens", "Code").len();
    let categories = column(&xlsx, "Entretiens", "Catégorie");
    let government = categories.iter().filter(|c| is(c, "Gouvernement")).count();
    let priorities = column(&xlsx, "Constats", "Priorité");
    let high = priorities.iter().filter(|p| is(p, "Haute")).count();
    assert!(
        t.contains(&format!("Il repose sur {interviews} entretiens")),
        "{interviews} entretiens"
    );
    assert!(
        t.contains(&format!(
            "ont fait ressortir {} constats, dont {high} de priorité haute",
            priorities.len()
        )),
        "constats"
    );
    assert!(
        t.contains(&format!("Gouvernement : {government} entretiens")),
        "{government} gouvernement"
    );
    // Confidential columns never reach the document.
    assert!(!t.contains("Nom fictif"));
}

fn check_module(dir: &Path, doc: &str, workbook: &str, specific: &[&str]) {
    let docx = dir.join(doc);
    let xlsx = dir.join(workbook);
    assert_headings(
        &docx,
        &[
            "Guide du formateur",
            "Programme de la formation",
            "Fiches de session",
            "Questionnaire de pré-test et de post-test",
            "Corrigé du questionnaire",
            "Fiche d'évaluation à chaud",
            "Études de cas",
            "Glossaire",
        ],
    );
    let rows = read_sheet(&xlsx, "Programme");
    let h = |name: &str| rows[0].iter().position(|c| is(c, name)).unwrap();
    let (jour, session, titre) = (h("Jour"), h("Session"), h("Titre"));
    let sessions: Vec<(String, String)> = rows[1..]
        .iter()
        .filter(|r| !r[session].to_string().trim().is_empty())
        .map(|r| (r[session].to_string(), r[titre].to_string()))
        .collect();
    assert!(sessions.len() >= 8, "{doc}: {} sessions", sessions.len());
    for (code, title) in &sessions {
        let wanted = flat(&format!("{code} – {title}"));
        assert!(
            has_heading(&docx, &wanted),
            "{doc}: no session sheet for {wanted}"
        );
    }
    let mut days: Vec<String> = rows[1..]
        .iter()
        .map(|r| r[jour].to_string())
        .filter(|d| !d.is_empty())
        .collect();
    days.sort();
    days.dedup();
    assert!(
        (2..=3).contains(&days.len()),
        "{doc} runs {} days",
        days.len()
    );
    let t = text(&docx);
    assert!(
        t.contains(&format!(
            "La formation se déroule sur {} journées et comprend {} séances",
            days.len(),
            sessions.len()
        )),
        "{doc}: days and sessions in the text"
    );
    let questions = read_sheet(&xlsx, "Test").len() - 1;
    assert!(
        t.contains(&format!("questionnaire de {questions} questions")),
        "{doc}: {questions} questions"
    );
    for topic in [
        "identification",
        "protection",
        "référencement",
        "réintégration",
    ]
    .iter()
    .chain(specific)
    {
        assert!(t.to_lowercase().contains(topic), "{doc} covers {topic}");
    }
}

#[test]
fn modules_have_a_sheet_per_session_and_run_two_to_three_days() {
    let dir = built();
    check_module(
        dir.path(),
        "out/module-fds.docx",
        "data/module-fds.xlsx",
        &["enquête", "preuve"],
    );
    check_module(
        dir.path(),
        "out/module-magistrats.docx",
        "data/module-magistrats.xlsx",
        &[
            "qualification",
            "poursuite",
            "droits et la protection des victimes",
            "coopération internationale",
        ],
    );
}

fn mean(values: &[Data]) -> f64 {
    values.iter().map(number).sum::<f64>() / values.len() as f64
}

#[test]
fn training_of_trainers_report_has_its_parts_and_averages() {
    let dir = built();
    let docx = dir.path().join("out/formation-formateurs.docx");
    assert_headings(
        &docx,
        &[
            "Résumé exécutif",
            "Contexte et justification",
            "Objectifs et résultats attendus",
            "Profil des participants",
            "Déroulement de la formation",
            "Évaluation post-formation (niveaux 1 et 2)",
            "Réaction des participants (niveau 1)",
            "Résultats par question",
            "Évaluation d'impact à trois et six mois (niveaux 3 et 4)",
            "Leçons apprises",
            "Recommandations",
            "Annexes",
        ],
    );
    let xlsx = dir.path().join("data/formation-formateurs.xlsx");
    let pre = mean(&column(&xlsx, "Scores", "Pré-test (%)"));
    let post = mean(&column(&xlsx, "Scores", "Post-test (%)"));
    let t = text(&docx);
    let sentence = format!(
        "Le score moyen est passé de {} % au pré-test à {} % au post-test",
        french(pre, 1),
        french(post, 1)
    );
    assert!(t.contains(&sentence), "{sentence}");
    let participants = column(&xlsx, "Participants", "Code").len();
    let women = column(&xlsx, "Participants", "Sexe")
        .iter()
        .filter(|s| is(s, "F"))
        .count();
    assert!(
        t.contains(&format!(
            "La formation a réuni {participants} participants : {women} femmes"
        )),
        "participants"
    );
    let notes = column(&xlsx, "Satisfaction", "Note (1 à 5)");
    assert!(
        t.contains(&format!(
            "tous critères confondus, est de {}",
            french(mean(&notes), 1)
        )),
        "satisfaction"
    );
}

#[test]
fn changing_a_workbook_value_changes_the_document() {
    let dir = built();
    let docx = dir.path().join("out/formation-formateurs.docx");
    let before = text(&docx);
    let xlsx = dir.path().join("data/formation-formateurs.xlsx");
    let rows = read_sheet(&xlsx, "Scores");
    let post_col = rows[0].iter().position(|c| is(c, "Post-test (%)")).unwrap();
    // The first participant scores 40 points more at the post-test.
    let old = number(&rows[1][post_col]);
    let new = (old + 40.0).min(100.0);
    change_cell(&xlsx, "Scores", 1, post_col, Data::Float(new));
    // The per-question totals must follow, or the reconciliation rule of
    // trame.yaml stops the build (tests/verify.rs): one more correct answer
    // on as many questions as the score gained items.
    let participants = read_sheet(&xlsx, "Scores").len() as f64 - 1.0;
    edit_workbook(&xlsx, |sheet, rows| {
        if sheet != "Questions" {
            return;
        }
        let col = rows[0]
            .iter()
            .position(|c| is(c, "Bonnes réponses post-test"))
            .unwrap();
        let items = (new - old) * (rows.len() - 1) as f64 / 100.0;
        let mut left = items.round() as usize;
        for row in rows.iter_mut().skip(1) {
            let n = number(&row[col]);
            if left > 0 && n < participants {
                row[col] = Data::Float(n + 1.0);
                left -= 1;
            }
        }
    });
    let out = trame(dir.path(), &["build", "formation-formateurs"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let after = text(&docx);
    assert_ne!(before, after);
    let post = mean(&column(&xlsx, "Scores", "Post-test (%)"));
    assert!(
        after.contains(&format!("à {} % au post-test", french(post, 1))),
        "new average {}",
        french(post, 1)
    );
}

/// Builds one document of the sample after `edit` changed its workbook.
fn rebuilt(
    name: &str,
    doc: &str,
    workbook: &str,
    edit: impl Fn(&str, &mut Vec<Vec<Data>>),
) -> String {
    let dir = full_sample();
    edit_workbook(&dir.path().join(workbook), edit);
    let out = trame(dir.path(), &["build", name]);
    assert!(out.status.success(), "{}", stderr(&out));
    text(&dir.path().join(doc))
}

#[test]
fn satisfaction_wording_follows_the_scores() {
    let tot = "out/formation-formateurs.docx";
    let dir = built();
    let before = text(&dir.path().join(tot));
    assert!(
        before.contains("jugent le programme trop dense"),
        "{before}"
    );
    assert!(before.contains("La durée de la formation est jugée insuffisante"));
    assert!(before.contains("Allonger la durée de la formation des formateurs"));
    assert!(
        before.contains("sous la note de 3,5, seuil retenu"),
        "{before}"
    );

    // Every answer on « Durée et gestion du temps » set to 5.
    let after = rebuilt(
        "formation-formateurs",
        tot,
        "data/formation-formateurs.xlsx",
        |sheet, rows| {
            if sheet == "Satisfaction" {
                for row in rows.iter_mut().skip(1) {
                    if is(&row[1], "Durée et gestion du temps") {
                        row[2] = Data::Float(5.0);
                    }
                }
            }
        },
    );
    for gone in [
        "trop dense",
        "La durée de la formation est jugée insuffisante",
        "Allonger la durée",
    ] {
        assert!(!after.contains(gone), "« {gone} » still in: {after}");
    }
    assert!(
        after.contains("Tous les critères atteignent au moins la note de 3,5"),
        "{after}"
    );
    assert!(
        after.contains("Le critère le mieux noté est « Durée et gestion du temps » (5,0)"),
        "{after}"
    );
}

#[test]
fn site_decisions_follow_the_scores_and_the_declared_threshold() {
    let eval = "out/evaluation-besoins.docx";
    let dir = built();
    let before = text(&dir.path().join(eval));
    assert!(
        before.contains("Un site est retenu lorsque son score atteint 19 points sur 25"),
        "{before}"
    );
    assert!(
        before.contains(
            "4 sites atteignent le seuil de sélection : Bamako, Sikasso, Kayes et Ségou."
        )
    );

    // Ségou's accessibility 4 → 1: 19 → 16 points, below the selection threshold.
    let after = rebuilt(
        "evaluation",
        eval,
        "data/evaluation-besoins.xlsx",
        |sheet, rows| {
            if sheet == "Sites" {
                assert!(is(&rows[4][0], "Ségou"));
                rows[4][3] = Data::Float(1.0);
            }
        },
    );
    assert!(
        after.contains("3 sites atteignent le seuil de sélection : Bamako, Sikasso et Kayes."),
        "{after}"
    );
    assert!(after.contains("Ségou (réserve, 16 points)"), "{after}");
    assert!(after.contains("suivie de 2 sessions régionales"), "{after}");
    assert!(
        !after.contains("Ségou Centre de formation régional"),
        "{after}"
    );
}

#[test]
fn sourced_content_and_one_reference_per_document() {
    let dir = built();
    let eval = text(&dir.path().join("out/evaluation-besoins.docx"));
    assert!(
        eval.contains("remis au ministre de la Justice le 5 mai 2025")
            && eval.contains("629 victimes ont été identifiées en 2024 : 42 hommes (6,7 %), 250 femmes (39,7 %) et 337 enfants"),
        "{eval}"
    );
    let magistrats = text(&dir.path().join("out/module-magistrats.docx"));
    assert!(
        magistrats.contains(
            "Emprisonnement de 5 à 10 ans ; interdiction de séjour facultative de 1 à 10 ans"
        ),
        "{magistrats}"
    );
    assert!(magistrats.contains("Jusqu'à la réclusion à perpétuité"));
    let mut references = Vec::new();
    for doc in DOCS {
        let t = text(&dir.path().join(doc));
        let found = ["01", "02", "03", "04"]
            .iter()
            .map(|n| format!("OIM-MLI-TDP-2025-{n}"))
            .find(|r| t.contains(r.as_str()))
            .unwrap_or_else(|| panic!("no reference on the cover of {doc}"));
        references.push(found);
    }
    references.dedup();
    assert_eq!(references.len(), 4, "{references:?}");
}
