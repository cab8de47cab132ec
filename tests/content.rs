//! The sample deliverables as a reviewer checks them: acronym lists hold the
//! acronyms each document uses, each document carries its own reference,
//! every tool a session cites is an annex of its module, the traceability
//! table and the citations come from the workbooks.

mod common;

use calamine::DataType;
use common::*;
use std::path::Path;

/// Rows of the first table after the heading `after` (cell texts).
fn table_after(docx: &Path, after: &str) -> Vec<Vec<String>> {
    let xml = part(docx, "word/document.xml");
    // The heading itself, not its entry in a table of contents or list.
    let start = xml
        .match_indices(after)
        .map(|(i, _)| i)
        .find(|i| {
            let p = xml[..*i].rfind("<w:p>").unwrap_or(0);
            !xml[p..*i].contains("w:val=\"TOC") && !xml[p..*i].contains("w:val=\"TableofFigures")
        })
        .unwrap_or_else(|| panic!("« {after} » absent"));
    let from = &xml[start..];
    let table = &from[from.find("<w:tbl>").expect("table")..];
    let table = &table[..table.find("</w:tbl>").expect("table end")];
    table
        .split("<w:tr>")
        .skip(1)
        .map(|row| {
            row.split("<w:tc>")
                .skip(1)
                .map(|cell| flat(&run_texts(cell)))
                .collect()
        })
        .collect()
}

/// The text of the `w:t` elements of an XML fragment, unescaped.
fn run_texts(xml: &str) -> String {
    let mut out = String::new();
    for piece in xml.split("<w:t").skip(1) {
        let Some(open_end) = piece.find('>') else {
            continue;
        };
        if !piece[..open_end].is_empty() && !piece[..open_end].starts_with(' ') {
            continue; // <w:tc>, <w:tbl>…
        }
        let body = &piece[open_end + 1..];
        let end = body.find("</w:t>").unwrap_or(body.len());
        out.push_str(&body[..end]);
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
}

/// A workbook cell as text.
fn cell_text(d: &calamine::Data) -> String {
    d.to_string()
}

/// The acronyms listed in a document's « Sigles et abréviations ».
fn acronyms(docx: &Path) -> Vec<String> {
    table_after(docx, "Sigles et abréviations")
        .into_iter()
        .skip(1)
        .map(|r| r[0].clone())
        .collect()
}

#[test]
fn acronym_lists_hold_only_the_acronyms_each_document_uses() {
    let dir = full_sample();
    let out = trame(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let fds = acronyms(&dir.path().join("out/module-fds.docx"));
    let eval = acronyms(&dir.path().join("out/evaluation-besoins.docx"));
    let tot = acronyms(&dir.path().join("out/formation-formateurs.docx"));
    // Used in the law-enforcement module (the brigade it trains), listed;
    // key informant interviews (KII) belong to the needs assessment only.
    assert!(fds.contains(&"BRTMTEH".to_string()), "{fds:?}");
    assert!(!fds.contains(&"KII".to_string()), "{fds:?}");
    assert!(eval.contains(&"KII".to_string()), "{eval:?}");
    // Individual action plans (PAI) are a training matter, not an assessment one.
    assert!(tot.contains(&"PAI".to_string()), "{tot:?}");
    assert!(!eval.contains(&"PAI".to_string()), "{eval:?}");
    // The workbook has more acronyms than any one document uses.
    let all = read_sheet(&dir.path().join("data/referentiel.xlsx"), "Sigles").len() - 1;
    assert!(
        tot.len() < all && fds.len() < all,
        "{} {} {all}",
        tot.len(),
        fds.len()
    );

    // Using an acronym in the text brings it into the list.
    let bp = dir.path().join("blueprints/formation-formateurs.md.j2");
    let text = std::fs::read_to_string(&bp).unwrap();
    assert!(!text.contains("UNDSS"));
    std::fs::write(
        &bp,
        format!("{text}\nLes déplacements suivent les consignes de l'UNDSS.\n"),
    )
    .unwrap();
    let out = trame(dir.path(), &["build", "formation-formateurs"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let tot = acronyms(&dir.path().join("out/formation-formateurs.docx"));
    assert!(tot.contains(&"UNDSS".to_string()), "{tot:?}");
}

#[test]
fn used_only_keeps_rows_whose_value_the_document_uses_elsewhere() {
    let p = MiniProject::new(
        "# Rapport\n\n{{ table(constats, columns=[\"code\", \"theme\"], used_only=\"code\") }}\n\nLes constats C1 et C3 sont détaillés ; C30 ne compte pas pour C3.\n",
        &MiniProject::good_rows(),
    );
    let out = p.build();
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = table_after(&p.path().join("out/rapport.docx"), "Rapport");
    let codes: Vec<&str> = rows.iter().skip(1).map(|r| r[0].as_str()).collect();
    assert_eq!(codes, ["C1", "C3"]);

    // A column that is not shown cannot decide.
    p.write_blueprint(
        "# Rapport\n\n{{ table(constats, columns=[\"theme\"], used_only=\"code\") }}\n",
    );
    let out = p.build();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        flat(&stderr(&out)).contains("blueprints/rapport.md.j2, ligne 3 : table() : used_only « code » doit faire partie des colonnes affichées"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn each_document_carries_its_own_reference_and_date() {
    let dir = full_sample();
    let out = trame(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let yaml: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(&std::fs::read_to_string(dir.path().join("trame.yaml")).unwrap())
            .unwrap();
    let mut seen = Vec::new();
    for (name, spec) in yaml["documents"].as_mapping().unwrap() {
        if !spec["pour_chaque"].is_null() {
            continue; // per-row copies (attestations) carry no report reference
        }
        let reference = spec["reference"].as_str().expect("reference").to_string();
        assert!(!seen.contains(&reference), "{name:?} : {reference}");
        seen.push(reference.clone());
        let output = spec["output"].as_str().unwrap();
        let text = flat(&document_text(&dir.path().join(output)));
        assert!(
            text.contains(&format!("Référence : {reference} –")),
            "{name:?} : {reference}"
        );
    }
    let fds = flat(&document_text(&dir.path().join("out/module-fds.docx")));
    assert!(
        fds.contains("version 0.1 du 23 mai 2025"),
        "date of the document"
    );
}

/// The tools each session sheet cites (column « Outils », one per line).
fn cited_tools(xlsx: &Path) -> Vec<(String, String)> {
    let rows = read_sheet(xlsx, "Fiches de session");
    let col = rows[0]
        .iter()
        .position(|h| cell_text(h) == "Outils")
        .expect("colonne « Outils »");
    let mut out = Vec::new();
    for row in &rows[1..] {
        for tool in row[col].to_string().lines().map(str::trim) {
            if !tool.is_empty() {
                out.push((row[0].to_string(), tool.to_string()));
            }
        }
    }
    out
}

#[test]
fn every_tool_a_session_cites_is_an_annex_of_its_module() {
    let dir = full_sample();
    let out = trame(dir.path(), &["build", "module-fds", "module-magistrats"]);
    assert!(out.status.success(), "{}", stderr(&out));
    for module in ["module-fds", "module-magistrats"] {
        let cited = cited_tools(&dir.path().join(format!("data/{module}.xlsx")));
        assert!(cited.len() >= 10, "{module} : {cited:?}");
        let docx = dir.path().join(format!("out/{module}.docx"));
        let heads = headings(&docx);
        let annexes = heads
            .iter()
            .position(|(_, t)| t == "Annexes")
            .expect("Annexes");
        for (session, tool) in &cited {
            let tool = tool.replace('’', "'");
            assert!(
                heads[annexes..].iter().any(|(l, t)| *l == 3 && *t == tool),
                "{module}, séance {session} : « {tool} » n'est pas une annexe"
            );
        }
        // The session sheet names its tools.
        let text = flat(&document_text(&docx));
        let (session, tool) = &cited[0];
        assert!(
            text.contains(&format!("Outils (en annexe). {}", flat(tool)))
                || text.contains(&format!("; {}", flat(tool))),
            "{module} {session}"
        );
    }
    // A grid comes from its rows: the interview guide has its phases.
    let fds = flat(&document_text(&dir.path().join("out/module-fds.docx")));
    assert!(fds.contains("Guide d'entretien initial"), "guide");
    assert!(fds.contains("Présomption de minorité") || fds.contains("présomption de minorité"));
    let mag = flat(&document_text(
        &dir.path().join("out/module-magistrats.docx"),
    ));
    for needle in [
        "Fiche « mesures de protection des témoins »",
        "Modèle de réquisitions de saisie et de confiscation",
        "Dossier de procédure anonymisé",
        "Requérons la confiscation des biens saisis",
    ] {
        assert!(mag.contains(needle), "{needle}");
    }
}

#[test]
fn a_session_citing_a_tool_the_module_lacks_stops_the_build_at_its_cell() {
    let dir = full_sample();
    let xlsx = dir.path().join("data/module-fds.xlsx");
    let rows = read_sheet(&xlsx, "Fiches de session");
    let col = rows[0]
        .iter()
        .position(|h| cell_text(h) == "Outils")
        .unwrap();
    let row = rows.iter().position(|r| cell_text(&r[0]) == "S7").unwrap();
    let before = snapshot(&dir.path().join("out"));
    change_cell(
        &xlsx,
        "Fiches de session",
        row,
        col,
        calamine::Data::String(
            "Check-list de sécurité et d'évaluation des risques\nFiche de suivi post-référencement"
                .into(),
        ),
    );
    let out = trame(dir.path(), &["build", "module-fds"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let err = flat(&stderr(&out));
    let letter = (b'A' + col as u8) as char;
    assert!(
        err.contains(&format!(
            "data/module-fds.xlsx, feuille « Fiches de session », cellule {letter}{} : vérification « outils-cites-fds » : une fiche de session cite un outil qui ne figure pas dans la feuille « Outils » du module (lignes(outils) = « Fiche de suivi post-référencement » ne figure pas dans outils_fds.titre)",
            row + 1
        )),
        "{err}"
    );
    assert_eq!(snapshot(&dir.path().join("out")), before);
}

#[test]
fn the_prosecutors_module_states_the_penalties_and_a_two_day_timetable_from_data() {
    let dir = full_sample();
    let xlsx = dir.path().join("data/module-magistrats.xlsx");
    let out = trame(dir.path(), &["build", "module-magistrats"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let docx = dir.path().join("out/module-magistrats.docx");
    let peines = table_after(&docx, "Peines prévues par la Loi");
    assert_eq!(
        peines[0],
        ["Faits", "Texte", "Peines prévues", "Observations", "Source"]
    );
    assert!(
        peines[1][2].contains("Emprisonnement de 5 à 10 ans"),
        "{peines:?}"
    );
    assert!(peines[2][2].contains("10 à 20 ans"), "{peines:?}");
    assert!(
        peines[3][2].contains("réclusion à perpétuité"),
        "{peines:?}"
    );
    let text = flat(&document_text(&docx));
    assert!(text.contains("Pour 2 des 5 infractions du tableau, le quantum reste à vérifier"));

    // The two-day programme is a timetable: every slot of the sheet, by day.
    let sheet = read_sheet(&xlsx, "Programme en deux jours");
    let grid = table_after(&docx, "Le programme condensé compte");
    assert_eq!(grid.len(), sheet.len(), "one row per slot, plus the header");
    assert!(
        grid.iter()
            .any(|r| r.contains(&"S11 S12".to_string()) || r.iter().any(|c| c == "S11S12")),
        "{grid:?}"
    );
    assert!(
        text.contains("2 créneaux réunissent plusieurs séances : S4 et S8"),
        "{text}"
    );

    // A slot naming a session the three-day programme lacks stops the build.
    let row = sheet.iter().position(|r| cell_text(&r[2]) == "S9").unwrap();
    change_cell(
        &xlsx,
        "Programme en deux jours",
        row,
        2,
        calamine::Data::String("S13".into()),
    );
    let out = trame(dir.path(), &["build", "module-magistrats"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        flat(&stderr(&out)).contains(&format!("data/module-magistrats.xlsx, feuille « Programme en deux jours », cellule C{} : vérification « programme-condense-magistrats » : le programme en deux jours cite une séance absente du programme de trois jours (lignes(seances) = « S13 » ne figure pas dans programme_magistrats.session)", row + 1)),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_situation_chapter_cites_the_sourced_figures_from_the_workbook() {
    let dir = full_sample();
    let xlsx = dir.path().join("data/evaluation-besoins.xlsx");
    let out = trame(dir.path(), &["build", "evaluation"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = flat(&document_text(
        &dir.path().join("out/evaluation-besoins.docx"),
    ));
    assert!(
        text.contains("629 victimes ont été identifiées en 2024 : 42 hommes (6,7 %), 250 femmes (39,7 %) et 337 enfants (53,6 %)"),
        "{text}"
    );
    assert!(
        text.contains("81 poursuites et de 8 condamnations, soit 10 % des poursuites engagées")
    );
    let table = table_after(
        &dir.path().join("out/evaluation-besoins.docx"),
        "reprend ces chiffres avec leur statut",
    );
    assert_eq!(table.len(), read_sheet(&xlsx, "Chiffres clés").len());
    assert!(
        table
            .iter()
            .any(|r| r[0] == "Enquêtes ouvertes" && r[4] == "Incertain")
    );

    // A figure changes in the workbook: the text and its shares follow.
    let rows = read_sheet(&xlsx, "Chiffres clés");
    let row = rows
        .iter()
        .position(|r| cell_text(&r[0]) == "condamnations")
        .unwrap();
    change_cell(&xlsx, "Chiffres clés", row, 2, calamine::Data::Float(12.0));
    let out = trame(dir.path(), &["build", "evaluation"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = flat(&document_text(
        &dir.path().join("out/evaluation-besoins.docx"),
    ));
    assert!(
        text.contains("81 poursuites et de 12 condamnations, soit 15 % des poursuites engagées")
    );

    // An uncertain figure without its reason stops the build at its row.
    let enquetes = rows
        .iter()
        .position(|r| cell_text(&r[0]) == "enquetes")
        .unwrap();
    change_cell(&xlsx, "Chiffres clés", enquetes, 6, calamine::Data::Empty);
    let out = trame(dir.path(), &["build", "evaluation"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        flat(&stderr(&out)).contains("vérification « chiffres-incertains-expliques » : un chiffre au statut « Incertain » doit dire dans sa note pourquoi"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn traceability_links_each_high_priority_finding_to_sessions_items_results_and_impact() {
    let dir = full_sample();
    let eval = dir.path().join("data/evaluation-besoins.xlsx");
    let tot = dir.path().join("data/formation-formateurs.xlsx");
    let out = trame(dir.path(), &["build", "formation-formateurs"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let constats = read_sheet(&eval, "Constats");
    let col = |name: &str| {
        constats[0]
            .iter()
            .position(|h| cell_text(h) == name)
            .unwrap()
    };
    let (prio, items, ind) = (
        col("Priorité"),
        col("Items du test FdF"),
        col("Indicateur d'impact"),
    );
    let high: Vec<&Vec<calamine::Data>> = constats[1..]
        .iter()
        .filter(|r| cell_text(&r[prio]) == "Haute")
        .collect();
    let table = table_after(
        &dir.path().join("out/formation-formateurs.docx"),
        "relie chacun des",
    );
    assert_eq!(table.len(), high.len() + 1, "{table:?}");
    // Each row: the finding's code, its items, their pre → post rates
    // recomputed here from the Questions and Scores sheets, its indicator.
    let questions = read_sheet(&tot, "Questions");
    let tested = (read_sheet(&tot, "Scores").len() - 1) as f64;
    for (row, finding) in table[1..].iter().zip(&high) {
        assert!(row[0].ends_with(&format!("({})", finding[0])), "{row:?}");
        let numbers: Vec<i64> = finding[items]
            .to_string()
            .lines()
            .filter_map(|l| l.trim().parse().ok())
            .collect();
        if numbers.is_empty() {
            assert_eq!(row[3], "—");
        } else {
            let rate = |c: usize| {
                let right: f64 = questions[1..]
                    .iter()
                    .filter(|q| numbers.contains(&(q[0].as_f64().unwrap() as i64)))
                    .map(|q| q[c].as_f64().unwrap())
                    .sum();
                format!(
                    "{} %",
                    (right / (numbers.len() as f64 * tested) * 100.0).round()
                )
            };
            assert_eq!(row[3], format!("{} → {}", rate(3), rate(4)), "{row:?}");
        }
        assert!(row[4].starts_with(&finding[ind].to_string()), "{row:?}");
    }

    // A high-priority finding left without any session stops the build.
    let r = constats
        .iter()
        .position(|r| cell_text(&r[prio]) == "Haute")
        .unwrap();
    let before = snapshot(&dir.path().join("out"));
    edit_workbook(&eval, |sheet, rows| {
        if sheet == "Constats" {
            for c in ["Séances FDS", "Séances magistrats", "Séances FdF"] {
                let i = rows[0].iter().position(|h| cell_text(h) == c).unwrap();
                rows[r][i] = calamine::Data::Empty;
            }
        }
    });
    let out = trame(dir.path(), &["build", "formation-formateurs"]);
    assert_eq!(out.status.code(), Some(1));
    let err = flat(&stderr(&out));
    assert!(
        err.contains(&format!("data/evaluation-besoins.xlsx, feuille « Constats », cellule F{} : vérification « besoin-prioritaire-couvert » : un constat de priorité haute n'est couvert par aucune séance des modules ou de la formation des formateurs", r + 1)),
        "{err}"
    );
    assert_eq!(snapshot(&dir.path().join("out")), before);
}

#[test]
fn citations_come_from_the_references_workbook_in_a_csl_style() {
    let dir = full_sample();
    let refs = dir.path().join("data/references.xlsx");
    let out = trame(dir.path(), &["build", "evaluation"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stdout(&out).contains("avertissement"), "{}", stdout(&out));
    let docx = dir.path().join("out/evaluation-besoins.docx");
    let text = flat(&document_text(&docx));
    // Author-date citations, disambiguated by the style (two OIM works of 2019).
    assert!(text.contains("(OIM 2007)"), "{text}");
    assert!(text.contains("OIM 2019a ; 2019b"), "{text}");
    // The bibliography lists every work of the workbook (all are cited), sorted.
    let rows = read_sheet(&refs, "Références");
    let xml = part(&docx, "word/document.xml");
    let annex = &xml[xml.rfind("Annexe D. Bibliographie").unwrap()..];
    let annex = flat(&run_texts(
        &annex[..annex.find("<w:sectPr").unwrap_or(annex.len())],
    ));
    for r in &rows[1..] {
        let title = flat(&r[3].to_string());
        assert!(annex.contains(&title), "{title}");
    }
    assert!(
        annex.contains("OIM. 2019a. Manuel sur la protection"),
        "{annex}"
    );
    assert!(annex.find("aBamako. 2024").unwrap() < annex.find("UNICEF. 2006").unwrap());

    // An uncited work is a warning at its key cell; the build goes on.
    edit_workbook(&refs, |sheet, rows| {
        if sheet == "Références" {
            let mut extra = rows[1].clone();
            extra[0] = calamine::Data::String("ilo2012".into());
            extra[3] = calamine::Data::String("Estimation mondiale du travail forcé".into());
            rows.push(extra);
        }
    });
    let out = trame(dir.path(), &["build", "evaluation"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let line = rows.len() + 1;
    assert!(
        stdout(&out).contains(&format!("avertissement : data/references.xlsx, feuille « Références », cellule A{line} : référence « ilo2012 » jamais citée : elle n'apparaît pas dans la bibliographie")),
        "{}",
        stdout(&out)
    );

    // An unknown key is an error at the blueprint line of the citation.
    let bp = dir.path().join("blueprints/evaluation-besoins.md.j2");
    let source = std::fs::read_to_string(&bp).unwrap();
    let source = source.replacen("{{ cite(\"oim2007\") }}", "{{ cite(\"oim2008\") }}", 1);
    let line = source
        .lines()
        .position(|l| l.contains("cite(\"oim2008\")"))
        .unwrap()
        + 1;
    std::fs::write(&bp, source).unwrap();
    let before = snapshot(&dir.path().join("out"));
    let out = trame(dir.path(), &["build", "evaluation"]);
    assert_eq!(out.status.code(), Some(1));
    let err = flat(&stderr(&out));
    assert!(
        err.contains(&format!("blueprints/evaluation-besoins.md.j2, ligne {line} : cite() : référence inconnue « oim2008 » (vouliez-vous dire « oim2007 » ?) ; les références sont dans data/references.xlsx, feuille « Références »")),
        "{err}"
    );
    assert_eq!(snapshot(&dir.path().join("out")), before);
}
