//! Redlines: for a corpus of edits, accepting every change of the redline
//! gives the new version and rejecting them gives the delivered one; the
//! files are valid and show their changes in LibreOffice.

mod common;

use calamine::Data;
use common::*;
use std::path::Path;

const DOC: &str = "out/evaluation-besoins.docx";
const REDLINE: &str = "out/redline-v1/evaluation-besoins.docx";
const BLUEPRINT: &str = "blueprints/evaluation-besoins.md.j2";

/// A delivered v1 of the small report.
fn delivered() -> tempfile::TempDir {
    let dir = fixture("petit-rapport");
    let out = trame(dir.path(), &["deliver", "--label", "v1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Livraison « v1 » du 2024-04-12 enregistrée."));
    dir
}

fn edit_blueprint(dir: &Path, from: &str, to: &str) {
    let path = dir.join(BLUEPRINT);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Non-empty paragraphs of a .docx, accepted or rejected, spaces folded and
/// caption numbers masked (Word renumbers fields itself).
fn texts(docx: &Path, accepted: bool) -> Vec<String> {
    let views = trame::review::paragraph_views(&std::fs::read(docx).unwrap()).unwrap();
    views
        .iter()
        .map(|v| flat(if accepted { &v.accepted } else { &v.original }))
        .filter(|t| !t.is_empty())
        .map(|t| {
            let mut out = String::new();
            let mut rest = t.as_str();
            while let Some(i) = rest.find(|c: char| c.is_ascii_digit()) {
                let before = &rest[..i];
                let digits = rest[i..].chars().take_while(|c| c.is_ascii_digit()).count();
                out.push_str(before);
                if before.ends_with("Tableau ")
                    || before.ends_with("tableau ")
                    || before.ends_with("Figure ")
                {
                    out.push('#');
                } else {
                    out.push_str(&rest[i..i + digits]);
                }
                rest = &rest[i + digits..];
            }
            out + rest
        })
        .collect()
}

/// Redlines against v1 and proves accept-all = new, reject-all = v1.
/// Returns the terminal line and the redline's path.
fn redline_and_prove(dir: &Path) -> String {
    let out = trame(
        dir,
        &[
            "redline",
            "--against",
            "v1",
            "--auteur",
            "Consultant OIM",
            "--date",
            "2024-06-15",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let build = trame(dir, &["build"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let redline = dir.join(REDLINE);
    assert_valid_if_installed(&redline);
    lint(&part(&redline, "word/document.xml"));
    lint(&part(&redline, "word/footnotes.xml"));
    let new = texts(&dir.join(DOC), true);
    let old = texts(&dir.join("livraisons/v1/evaluation-besoins.docx"), false);
    assert_eq!(texts(&redline, true), new, "accept all = new version");
    assert_eq!(
        texts(&redline, false),
        old,
        "reject all = delivered version"
    );
    let document = part(&redline, "word/document.xml");
    if document.contains("<w:ins ") || document.contains("<w:del ") {
        assert!(document.contains(r#"w:author="Consultant OIM" w:date="2024-06-15T00:00:00Z""#));
    }
    stdout(&out)
}

/// The rules of tracked-change markup no schema validator checks: deleted
/// text is `w:delText` (or `w:delInstrText`) and only inside `w:del`, text in
/// `w:del` is never `w:t`, no revision wrapper sits inside a run, revision
/// ids are unique, move ranges and bookmarks are paired, bookmark names are
/// unique. Returns the number of revision elements.
fn lint(xml: &str) -> usize {
    use quick_xml::events::Event;
    use std::collections::{HashMap, HashSet};
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<String> = Vec::new();
    let mut ids = HashSet::new();
    let mut ranges: HashMap<String, String> = HashMap::new();
    let mut names: HashMap<String, usize> = HashMap::new();
    let mut bookmarks = HashSet::new();
    let mut open_bookmarks = HashSet::new();
    let mut revisions = 0;
    let attr = |e: &quick_xml::events::BytesStart, key: &str| {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == key)
            .map(|a| a.value.to_string())
    };
    loop {
        let (e, empty) = match reader.read_event().expect("well-formed") {
            Event::Start(e) => (e.into_owned(), false),
            Event::Empty(e) => (e.into_owned(), true),
            Event::End(_) => {
                stack.pop();
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let name = e.name().as_ref().to_string();
        let inside = |n: &str| stack.iter().any(|s| s == n);
        match name.as_str() {
            "w:delText" | "w:delInstrText" => assert!(inside("w:del"), "{name} outside w:del"),
            "w:t" | "w:instrText" => assert!(!inside("w:del"), "{name} inside w:del"),
            "w:ins" | "w:del" | "w:moveFrom" | "w:moveTo" => {
                assert_ne!(
                    stack.last().map(String::as_str),
                    Some("w:r"),
                    "{name} inside a run"
                )
            }
            _ => {}
        }
        if matches!(
            name.as_str(),
            "w:ins"
                | "w:del"
                | "w:moveFrom"
                | "w:moveTo"
                | "w:rPrChange"
                | "w:pPrChange"
                | "w:moveFromRangeStart"
                | "w:moveToRangeStart"
        ) {
            let id = attr(&e, "w:id").expect("revision id");
            assert!(ids.insert(id.clone()), "revision id {id} twice");
            assert!(attr(&e, "w:author").is_some() && attr(&e, "w:date").is_some());
            revisions += 1;
        }
        match name.as_str() {
            "w:moveFromRangeStart" | "w:moveToRangeStart" => {
                let kind = name.trim_end_matches("Start").to_string();
                ranges.insert(attr(&e, "w:id").unwrap(), kind);
                *names.entry(attr(&e, "w:name").unwrap()).or_default() += 1;
            }
            "w:moveFromRangeEnd" | "w:moveToRangeEnd" => {
                let kind = name.trim_end_matches("End");
                let id = attr(&e, "w:id").unwrap();
                assert_eq!(ranges.remove(&id).as_deref(), Some(kind), "range end {id}");
            }
            "w:bookmarkStart" => {
                let n = attr(&e, "w:name").unwrap();
                assert!(bookmarks.insert(n.clone()), "bookmark {n} twice");
                open_bookmarks.insert(attr(&e, "w:id").unwrap());
            }
            "w:bookmarkEnd" => {
                let id = attr(&e, "w:id").unwrap();
                assert!(open_bookmarks.remove(&id), "bookmark end {id} unopened");
            }
            _ => {}
        }
        if !empty {
            stack.push(name);
        }
    }
    assert!(ranges.is_empty(), "move ranges left open: {ranges:?}");
    assert!(open_bookmarks.is_empty(), "bookmarks left open");
    assert!(
        names.values().all(|n| *n == 2),
        "each move has its two halves: {names:?}"
    );
    revisions
}

#[test]
fn unchanged_document_has_no_change() {
    let dir = delivered();
    let line = redline_and_prove(dir.path());
    assert_eq!(
        line,
        "evaluation → out/redline-v1/evaluation-besoins.docx (aucune différence)\n"
    );
    let document = part(&dir.path().join(REDLINE), "word/document.xml");
    assert!(
        !document.contains("<w:ins ")
            && !document.contains("<w:del ")
            && !document.contains("w:rPrChange")
    );
}

#[test]
fn word_changed_and_french_elision() {
    let dir = delivered();
    edit_blueprint(
        dir.path(),
        "Former en priorité aux thèmes",
        "Former d'abord aux thèmes",
    );
    edit_blueprint(
        dir.path(),
        "principes de l'OIM relatifs",
        "principes de l'ONU relatifs",
    );
    edit_blueprint(dir.path(), "avec le CNCLTPPA.", "avec le **CNCLTPPA**.");
    let line = redline_and_prove(dir.path());
    assert!(
        line.contains(
            "(2 insertions, 2 suppressions, 0 déplacement, 1 mise en forme, 0 tableau modifié)"
        ),
        "{line}"
    );
    assert!(
        part(&dir.path().join(REDLINE), "word/document.xml")
            .contains("<w:b/><w:bCs/><w:rPrChange "),
        "formatting change"
    );
    let document = part(&dir.path().join(REDLINE), "word/document.xml");
    assert!(
        document.contains(">OIM </w:delText>") && document.contains(">ONU </w:t>"),
        "the elided word alone changes"
    );
    assert!(document.contains(">en priorité </w:delText>"));
}

#[test]
fn sentence_added_paragraph_deleted_heading_renamed_list_item_added() {
    let dir = delivered();
    edit_blueprint(
        dir.path(),
        "Le @tbl:entretiens donne la liste des entretiens réalisés.",
        "Le @tbl:entretiens donne la liste des entretiens réalisés. Ils ont tous eu lieu en personne.",
    );
    edit_blueprint(
        dir.path(),
        "# Méthodologie\n",
        "# Démarche méthodologique\n",
    );
    edit_blueprint(
        dir.path(),
        "2. Harmoniser les supports de formation avec le CNCLTPPA.",
        "2. Harmoniser les supports de formation avec le CNCLTPPA.\n3. Évaluer les acquis à six mois.",
    );
    edit_blueprint(
        dir.path(),
        "Les entretiens se répartissent comme suit entre les catégories d'acteurs :\n\n",
        "",
    );
    let line = redline_and_prove(dir.path());
    assert!(!line.contains("aucune différence"), "{line}");
    let views =
        trame::review::paragraph_views(&std::fs::read(dir.path().join(REDLINE)).unwrap()).unwrap();
    let changed: Vec<(String, String)> = views
        .iter()
        .filter(|v| v.original != v.accepted)
        .map(|v| (flat(&v.original), flat(&v.accepted)))
        .collect();
    assert_eq!(
        changed,
        vec![
            ("Méthodologie".into(), "Démarche méthodologique".into()),
            ("Les entretiens se répartissent comme suit entre les catégories d'acteurs :".into(), String::new()),
            ("Le tableau 1 donne la liste des entretiens réalisés.".into(), "Le tableau 1 donne la liste des entretiens réalisés. Ils ont tous eu lieu en personne.".into()),
            (String::new(), "Évaluer les acquis à six mois.".into()),
        ]
    );
}

#[test]
fn table_rows_added_removed_and_changed_by_key() {
    let dir = delivered();
    let xlsx = dir.path().join("data/entretiens.xlsx");
    edit_workbook(&xlsx, |sheet, rows| {
        if sheet == "Entretiens" {
            // Change a cell, remove a row, add a row.
            rows[2][3] = Data::String("Koulikoro".into());
            rows.remove(4);
            let mut new_row = rows[1].clone();
            new_row[0] = Data::String("KII-CSO-09".into());
            new_row[1] = Data::String("OSC".into());
            new_row[2] = Data::String("Association de Mopti".into());
            new_row[5] = Data::String("Nom fictif 11".into());
            rows.push(new_row);
        }
    });
    let line = redline_and_prove(dir.path());
    assert!(line.contains("1 tableau modifié"), "{line}");
    let document = part(&dir.path().join(REDLINE), "word/document.xml");
    assert!(
        document.contains("<w:trPr><w:cantSplit/><w:ins "),
        "inserted row"
    );
    assert!(
        document.contains("<w:trPr><w:cantSplit/><w:del "),
        "deleted row"
    );
    assert!(
        document.contains(">Bamako</w:delText>") && document.contains(">Koulikoro</w:t>"),
        "changed cell"
    );
    // The count in the summary follows the data: 10 interviews still, one category changed.
    let views =
        trame::review::paragraph_views(&std::fs::read(dir.path().join(REDLINE)).unwrap()).unwrap();
    assert!(
        views
            .iter()
            .any(|v| flat(&v.original) == "OSC : 2 entretiens"
                && flat(&v.accepted) == "OSC : 3 entretiens")
    );
}

#[test]
fn a_data_value_changed() {
    let dir = delivered();
    let xlsx = dir.path().join("data/entretiens.xlsx");
    let rows = read_sheet(&xlsx, "Constats");
    let col = rows[0]
        .iter()
        .position(|h| matches!(h, Data::String(s) if s == "Constat"))
        .unwrap();
    change_cell(&xlsx, "Constats", 2, col, Data::String("Les dossiers reposent surtout sur les déclarations des victimes, qui se rétractent souvent.".into()));
    let line = redline_and_prove(dir.path());
    assert!(line.contains("(1 insertion, 1 suppression"), "{line}");
}

#[test]
fn a_moved_section_shows_its_list_as_a_move() {
    let dir = delivered();
    let path = dir.path().join(BLUEPRINT);
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text.find("# Recommandations").unwrap();
    let moved = text[start..].to_string();
    let rest = &text[..start];
    let at = rest.find("# Constats").unwrap();
    std::fs::write(
        &path,
        format!("{}{}\n\n{}", &rest[..at], moved, &rest[at..]),
    )
    .unwrap();
    redline_and_prove(dir.path());
    let document = part(&dir.path().join(REDLINE), "word/document.xml");
    // The two-item list moved whole: two paragraphs on each side, one named range.
    assert_eq!(document.matches("<w:moveFromRangeStart ").count(), 1);
    assert_eq!(document.matches("<w:moveToRangeStart ").count(), 1);
    assert_eq!(document.matches("w:name=\"move1\"").count(), 2);
    assert!(document.contains(
        ">Harmoniser les supports de formation avec le CNCLTPPA.</w:t></w:r></w:moveFrom>"
    ));
    assert!(
        !document.contains(">Harmoniser les supports de formation avec le CNCLTPPA.</w:delText>")
    );
    // The one-word heading is too short to call a move: deleted and inserted.
    assert!(document.contains(">Recommandations</w:delText>"));
}

#[test]
fn a_moved_paragraph_is_a_move_not_a_deletion_and_an_insertion() {
    let dir = delivered();
    let moved = "Les entretiens se répartissent comme suit entre les catégories d'acteurs :\n\n";
    edit_blueprint(dir.path(), moved, "");
    edit_blueprint(
        dir.path(),
        "## Entretiens avec les informateurs clés\n\n",
        &format!("{moved}## Entretiens avec les informateurs clés\n\n"),
    );
    let line = redline_and_prove(dir.path());
    assert!(line.contains("(0 insertion, 0 suppression"), "{line}");
    let document = part(&dir.path().join(REDLINE), "word/document.xml");
    let from = document.find("<w:moveFromRangeStart ").unwrap();
    let to = document.find("<w:moveToRangeStart ").unwrap();
    assert!(to < from, "moved up: the new place comes first");
    assert_eq!(
        document.matches("<w:moveFrom ").count(),
        2,
        "paragraph mark and runs"
    );
    assert_eq!(document.matches("<w:moveTo ").count(), 2);
    assert!(!document.contains("<w:del ") && !document.contains("<w:ins "));
}

#[test]
fn deliveries_are_listed_and_not_overwritten() {
    let dir = delivered();
    let out = trame(dir.path(), &["deliver", "--list"]);
    assert_eq!(stdout(&out), "v1 — 2024-04-12 — evaluation\n");
    let record = std::fs::read_to_string(dir.path().join("livraisons/v1/livraison.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&record).unwrap();
    let sha = json["documents"][0]["sha256"].as_str().unwrap();
    assert_eq!(sha.len(), 64);
    assert!(
        dir.path()
            .join("livraisons/v1/evaluation.modele.json")
            .exists()
    );
    let out = trame(dir.path(), &["deliver", "--label", "v1"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("livraisons/v1 : cette livraison existe déjà ; choisissez une autre étiquette ou ajoutez --force pour la remplacer"), "{}", stderr(&out));
    let out = trame(dir.path(), &["redline", "--against", "v9"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("livraisons/v9 : livraison inconnue"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("livraisons enregistrées : v1"),
        "{}",
        stderr(&out)
    );
}

#[test]
#[cfg_attr(
    any(trame_no_validator, trame_no_soffice),
    ignore = "validateur Open XML ou LibreOffice introuvable"
)]
fn redlines_are_valid_render_in_libreoffice_and_combine_with_review() {
    let dir = delivered();
    edit_blueprint(
        dir.path(),
        "Former en priorité aux thèmes",
        "Former d'abord aux thèmes",
    );
    edit_blueprint(
        dir.path(),
        "# Méthodologie\n",
        "# Démarche méthodologique\n",
    );
    let out = trame(dir.path(), &["redline", "--against", "v1", "--review"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let redline = dir.path().join(REDLINE);
    assert_valid(&redline);
    assert!(part(&redline, "word/settings.xml").contains(
        r#"<w:trackRevisions/><w:documentProtection w:edit="trackedChanges" w:enforcement="1"/>"#
    ));
    let pdf = to_pdf(&redline, dir.path());
    let text = flat(&pdf_text(&pdf));
    // LibreOffice shows both the deleted and the inserted text.
    assert!(
        text.contains("Méthodologie") && text.contains("Démarche méthodologique"),
        "{text}"
    );
    assert!(
        text.contains("en priorité") && text.contains("d'abord"),
        "{text}"
    );
}

#[test]
fn sample_deliverables_after_a_realistic_edit_show_only_those_changes() {
    let dir = full_sample();
    let out = trame(dir.path(), &["deliver", "--label", "v1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // Five findings reworded in the workbook, one paragraph rewritten.
    let xlsx = dir.path().join("data/evaluation-besoins.xlsx");
    let rows = read_sheet(&xlsx, "Constats");
    let col = rows[0]
        .iter()
        .position(|h| matches!(h, Data::String(s) if s == "Constat"))
        .unwrap();
    // Findings of medium or low priority: the ToT report's traceability
    // annex quotes the high-priority ones, so those would change it too.
    let priority = rows[0]
        .iter()
        .position(|h| matches!(h, Data::String(s) if s == "Priorité"))
        .unwrap();
    let reworded: Vec<usize> = (1..rows.len())
        .filter(|r| !matches!(&rows[*r][priority], Data::String(s) if s == "Haute"))
        .take(5)
        .collect();
    edit_workbook(&xlsx, |sheet, rows| {
        if sheet == "Constats" {
            for &r in &reworded {
                let old = rows[r][col].to_string();
                rows[r][col] = Data::String(format!("{old} (constat confirmé lors de l'atelier)"));
            }
        }
    });
    let path = dir.path().join("blueprints/evaluation-besoins.md.j2");
    let text = std::fs::read_to_string(&path).unwrap();
    let from = "L'évaluation confirme un besoin de formation important et différencié.";
    assert!(text.contains(from));
    std::fs::write(
        &path,
        text.replacen(
            from,
            "L'évaluation établit un besoin de formation réel, qui diffère selon les publics.",
            1,
        ),
    )
    .unwrap();

    let out = trame(dir.path(), &["redline", "--against", "v1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let summary = stdout(&out);
    for other in ["module-fds", "module-magistrats", "formation-formateurs"] {
        assert!(
            summary.contains(&format!("{other} → out/redline-v1/"))
                && summary
                    .lines()
                    .any(|l| l.starts_with(other) && l.ends_with("(aucune différence)")),
            "{summary}"
        );
    }
    let redline = dir.path().join("out/redline-v1/evaluation-besoins.docx");
    assert_valid_if_installed(&redline);
    let views = trame::review::paragraph_views(&std::fs::read(&redline).unwrap()).unwrap();
    let changed: Vec<&trame::review::ParagraphView> =
        views.iter().filter(|v| v.original != v.accepted).collect();
    assert_eq!(changed.len(), 6, "{changed:#?}");
    assert_eq!(
        changed
            .iter()
            .filter(|v| flat(&v.accepted).ends_with("(constat confirmé lors de l'atelier)"))
            .count(),
        5
    );
    assert!(
        changed
            .iter()
            .any(|v| v.accepted.starts_with("L’évaluation établit un besoin"))
    );
}

/// Table rows (`w:tr`) of a document part that carry a revision anywhere
/// (row mark, inserted or deleted text, formatting change).
fn rows_with_revisions(document: &str) -> usize {
    document
        .split("<w:tr>")
        .skip(1)
        .map(|r| &r[..r.find("</w:tr>").unwrap_or(r.len())])
        .filter(|r| r.contains("<w:ins ") || r.contains("<w:del ") || r.contains("w:rPrChange"))
        .count()
}

/// A finding for the mini project's workbook, with text made at run time.
fn finding(code: String, theme: &str, number: f64, priority: &'static str) -> [V; 6] {
    [
        V::S(Box::leak(code.into_boxed_str())),
        V::S(Box::leak(theme.to_string().into_boxed_str())),
        V::D(2024, 3, 4),
        V::N(number),
        V::S(priority),
        V::E,
    ]
}

const GROUPED: &str = "# Constats\n\n{{ table(constats | sort(attribute=\"code\") | sort(attribute=\"theme\"), columns=[\"theme\", \"code\", \"nombre\", \"priorite\"], headers=[\"Thème\", \"Code\", \"Nombre\", \"Priorité\"], group_by=\"theme\", caption=\"Constats par thème\", id=\"tbl:constats\") }}\n";

/// Delivers the mini project as v1, lets `edit` change its rows, redlines,
/// and proves accept-all = new and reject-all = v1 on paragraphs and cells.
fn mini_redline(rows: Vec<[V; 6]>, edit: impl Fn(&mut Vec<[V; 6]>)) -> (MiniProject, String) {
    let p = MiniProject::new(GROUPED, &rows);
    let out = trame(p.path(), &["deliver", "--label", "v1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut rows = rows;
    edit(&mut rows);
    p.write_rows(&rows);
    let out = trame(p.path(), &["redline", "--against", "v1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(p.build().status.success());
    let redline = p.path().join("out/redline-v1/rapport.docx");
    let document = part(&redline, "word/document.xml");
    lint(&document);
    assert_eq!(
        texts(&redline, true),
        texts(&p.path().join("out/rapport.docx"), true)
    );
    assert_eq!(
        texts(&redline, false),
        texts(&p.path().join("livraisons/v1/rapport.docx"), false)
    );
    (p, document)
}

#[test]
fn grouped_table_marks_only_the_changed_cell_and_keeps_its_groups() {
    let rows = vec![
        finding("C1".into(), "Identification", 3.0, "Haute"),
        finding("C2".into(), "Identification", 1.0, "Basse"),
        finding("C3".into(), "Identification", 2.0, "Basse"),
        finding("C4".into(), "Protection", 5.0, "Moyenne"),
        finding("C5".into(), "Protection", 4.0, "Haute"),
    ];
    let (p, document) = mini_redline(rows, |rows| {
        rows[1][3] = V::N(4.0);
        // A group label changed: its merged cell shows the change once.
        rows[3][1] = V::S("Protection des victimes");
        rows[4][1] = V::S("Protection des victimes");
    });
    let built = part(&p.path().join("out/rapport.docx"), "word/document.xml");
    assert_eq!(rows_with_revisions(&document), 2, "{document}");
    // Groups as in the new build: two merged cells, each spanning its rows.
    for doc in [&document, &built] {
        assert_eq!(doc.matches("<w:vMerge w:val=\"restart\"/>").count(), 2);
        assert_eq!(doc.matches("<w:vMerge/>").count(), 3);
    }
    assert!(document.contains(">1</w:delText>") && document.contains(">4</w:t>"));
    assert!(
        document.contains("> des victimes</w:t>") && !document.contains(">Protection</w:delText>"),
        "the label's new words only"
    );
    // The header row stays as it was.
    let header = &document[document.find("<w:tblHeader/>").unwrap()..];
    let header = &header[..header.find("</w:tr>").unwrap()];
    assert!(!header.contains("<w:ins ") && !header.contains("<w:del "));
}

#[test]
fn grouped_table_rows_added_and_removed_are_row_revisions() {
    let rows = vec![
        finding("C1".into(), "Identification", 3.0, "Haute"),
        finding("C2".into(), "Identification", 1.0, "Basse"),
        finding("C3".into(), "Protection", 5.0, "Moyenne"),
        finding("C4".into(), "Protection", 4.0, "Haute"),
    ];
    let (_p, document) = mini_redline(rows, |rows| {
        rows.remove(3);
        rows.push(finding("C5".into(), "Identification", 7.0, "Haute"));
    });
    assert_eq!(rows_with_revisions(&document), 2, "{document}");
    assert_eq!(document.matches("<w:trPr><w:cantSplit/><w:ins ").count(), 1);
    assert_eq!(document.matches("<w:trPr><w:cantSplit/><w:del ").count(), 1);
}

#[test]
fn ten_thousand_rows_with_one_percent_of_cells_changed() {
    let themes = [
        "Coordination",
        "Identification",
        "Poursuites",
        "Prévention",
        "Protection",
    ];
    let rows: Vec<[V; 6]> = (0..10_000)
        .map(|i| {
            finding(
                format!("C{i:05}"),
                themes[i % themes.len()],
                (i % 7) as f64,
                "Moyenne",
            )
        })
        .collect();
    // 4 columns shown: 400 cells are 1 %, one in each of 400 rows.
    let changed: Vec<usize> = (0..400).map(|k| k * 25 + 3).collect();
    let (_p, document) = mini_redline(rows, |rows| {
        for &i in &changed {
            rows[i][3] = V::N(100.0 + i as f64);
        }
    });
    assert_eq!(rows_with_revisions(&document), 400);
    assert_eq!(document.matches("<w:trPr><w:cantSplit/><w:ins ").count(), 0);
    assert_eq!(document.matches("<w:trPr><w:cantSplit/><w:del ").count(), 0);
    // Five groups, still merged.
    assert_eq!(document.matches("<w:vMerge w:val=\"restart\"/>").count(), 5);
}

#[test]
fn review_says_when_a_returned_file_has_no_manifest() {
    let dir = delivered();
    let root = dir.path();
    // The delivered copy keeps its manifest; a copy saved by a tool that
    // drops custom XML parts loses it.
    let kept = root.join("livraisons/v1/evaluation-besoins.docx");
    let stripped = root.join("sans-manifeste.docx");
    {
        let mut from = zip::ZipArchive::new(std::fs::File::open(&kept).unwrap()).unwrap();
        let mut to = zip::ZipWriter::new(std::fs::File::create(&stripped).unwrap());
        for i in 0..from.len() {
            let entry = from.by_index(i).unwrap();
            if !entry.name().unwrap().starts_with("customXml/") {
                to.raw_copy_file(entry).unwrap();
            }
        }
        to.finish().unwrap();
    }
    let out = trame(
        root,
        &[
            "review",
            "livraisons/v1/evaluation-besoins.docx",
            "sans-manifeste.docx",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("sans-manifeste.docx : pas de manifeste de génération (document non produit par trame, ou enregistré par un logiciel qui a retiré ses données XML personnalisées) ; la colonne « Source à modifier » reste vide pour ce fichier.\n"),
        "{text}"
    );
    assert!(
        !text.contains("evaluation-besoins.docx : pas de manifeste"),
        "{text}"
    );
}
