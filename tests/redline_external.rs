//! Redlines checked by a reader that is not trame's: LibreOffice, driven
//! through UNO (tests/uno/accept_reject.py), accepts or rejects every
//! tracked change, and the text it then shows (paragraphs and table cells,
//! in order, fields as LibreOffice computes them) must be the new build's
//! and the delivered version's. The same reader checks trame's review
//! reader on files Microsoft Word made.

mod common;

use calamine::Data;
use common::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// LibreOffice's lines for each (mode, file): mode `as-is`, `accept` or `reject`.
fn libreoffice(jobs: &[(&str, &Path)]) -> Vec<Vec<String>> {
    soffice();
    let out = tempfile::tempdir().unwrap();
    let json = out.path().join("lines.json");
    let names: Vec<String> = jobs
        .iter()
        .map(|(mode, path)| format!("{mode}:{}", path.display()))
        .collect();
    let run = std::process::Command::new("/usr/bin/python3")
        .arg(repo().join("tests/uno/accept_reject.py"))
        .arg(&json)
        .args(&names)
        .output()
        .expect("python3 with LibreOffice's uno module");
    assert!(
        run.status.success(),
        "accept_reject.py: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut lines: HashMap<String, Vec<String>> =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    names.iter().map(|n| lines.remove(n).unwrap()).collect()
}

/// Asserts two line lists are equal, showing where they differ.
fn same_lines(got: &[String], want: &[String], what: &str) {
    if got == want {
        return;
    }
    let at = got
        .iter()
        .zip(want)
        .position(|(a, b)| a != b)
        .unwrap_or(got.len().min(want.len()));
    panic!(
        "{what}: first difference at line {at}\n got: {:?}\nwant: {:?}",
        &got[at.saturating_sub(2)..(at + 3).min(got.len())],
        &want[at.saturating_sub(2)..(at + 3).min(want.len())]
    );
}

/// Accept-all of the redline is the new build, reject-all is the delivery,
/// as LibreOffice shows them: every paragraph and cell, in order. With
/// `skip_empty`, empty paragraphs are left out: LibreOffice 7.4 keeps the
/// empty shell of a deleted (or, rejecting, inserted) paragraph that stands
/// just before a table (a deleted table's caption, a redrawn chart's caption
/// before a callout), which it cannot join to the table.
fn proven_by_libreoffice(redline: &Path, new: &Path, delivered: &Path, skip_empty: bool) {
    let lines: Vec<Vec<String>> = libreoffice(&[
        ("accept", redline),
        ("as-is", new),
        ("reject", redline),
        ("as-is", delivered),
    ])
    .into_iter()
    .map(|l| {
        l.into_iter()
            .filter(|t| !skip_empty || !t.is_empty())
            .collect()
    })
    .collect();
    same_lines(&lines[0], &lines[1], "accept all = new build");
    same_lines(&lines[2], &lines[3], "reject all = delivered version");
}

/// Table rows (`w:tr`) with a revision anywhere, with their accepted text.
fn changed_rows(document: &str) -> Vec<String> {
    document
        .split("<w:tr>")
        .skip(1)
        .map(|r| &r[..r.find("</w:tr>").unwrap_or(r.len())])
        .filter(|r| r.contains("<w:ins ") || r.contains("<w:del "))
        .map(|r| flat(&xml_text(&format!("<w:tr>{r}</w:tr>"))))
        .collect()
}

fn column(rows: &[Vec<Data>], header: &str) -> usize {
    rows[0]
        .iter()
        .position(|h| matches!(h, Data::String(s) if s == header))
        .unwrap_or_else(|| panic!("column {header}"))
}

#[test]
#[cfg_attr(
    any(trame_no_soffice, trame_no_validator),
    ignore = "LibreOffice (soffice, python3-uno) ou validateur Open XML introuvable"
)]
fn needs_assessment_redline_after_a_round_of_edits() {
    let dir = sample_project();
    let root = dir.path();
    let out = trame(root, &["deliver", "--label", "v1", "evaluation"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let xlsx = root.join("data/evaluation-besoins.xlsx");
    let stakeholders = read_sheet(&xlsx, "Parties prenantes");
    let (role, institution) = (
        column(&stakeholders, "Rôle et mandat"),
        column(&stakeholders, "Institution"),
    );
    let findings = read_sheet(&xlsx, "Constats");
    let priority = column(&findings, "Priorité");
    let sites = read_sheet(&xlsx, "Sites");
    // The first site (Bamako) scores above the selection threshold: it is
    // retained, and its programme shows its duration.
    let duration = column(&sites, "Durée (jours)");
    let site = 1;
    let finding = (1..findings.len())
        .find(|r| matches!(&findings[*r][priority], Data::String(s) if s == "Moyenne"))
        .unwrap();
    edit_workbook(&xlsx, |sheet, rows| match sheet {
        "Parties prenantes" => {
            let old = rows[2][role].to_string();
            rows[2][role] = Data::String(format!("{old} Mandat révisé en 2024."));
        }
        "Constats" => {
            rows[finding][priority] = Data::String("Haute".into());
            // A high-priority finding needs a session that answers it
            // (rule besoin-prioritaire-couvert).
            let sessions = column(&findings, "Séances FdF");
            rows[finding][sessions] = Data::String("S3".into());
        }
        "Sites" => {
            let days = match rows[site][duration] {
                Data::Float(f) => f,
                Data::Int(i) => i as f64,
                ref other => panic!("{other:?}"),
            };
            rows[site][duration] = Data::Float(days + 1.0);
        }
        _ => {}
    });
    // One paragraph moved above its heading.
    let blueprint = root.join("blueprints/evaluation-besoins.md.j2");
    let text = std::fs::read_to_string(&blueprint).unwrap();
    let start = text.find("L'évaluation couvre quatre groupes").unwrap();
    let end = start + text[start..].find("\n\n").unwrap() + 2;
    let moved = text[start..end].to_string();
    let text = text.replacen(&moved, "", 1);
    let text = text.replacen(
        "## Champ de l'évaluation\n",
        &format!("{moved}## Champ de l'évaluation\n"),
        1,
    );
    std::fs::write(&blueprint, text).unwrap();

    let out = trame(root, &["redline", "--against", "v1", "evaluation"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(trame(root, &["build", "evaluation"]).status.success());
    let redline = root.join("out/redline-v1/evaluation-besoins.docx");
    assert_valid(&redline);
    let document = part(&redline, "word/document.xml");

    // The move: one named range on each side, nothing deleted for it.
    assert_eq!(document.matches("<w:moveFromRangeStart ").count(), 1);
    assert_eq!(document.matches("<w:moveToRangeStart ").count(), 1);
    // Rows: none added or removed; only rows holding a changed value.
    assert!(
        !document.contains("<w:cantSplit/><w:ins ") && !document.contains("<w:cantSplit/><w:del ")
    );
    let rows = changed_rows(&document);
    let name = stakeholders[2][institution].to_string();
    assert!(
        rows.iter()
            .any(|r| r.contains(&name) && r.contains("Mandat révisé en 2024.")),
        "{rows:#?}"
    );
    // The stakeholder, the finding, the two derived rows of the priority
    // map and key message, the session.
    assert_eq!(rows.len(), 5, "{rows:#?}");
    assert!(
        document.contains(">Mandat révisé en 2024.</w:t>")
            || document.contains("> Mandat révisé en 2024.</w:t>")
    );

    proven_by_libreoffice(
        &redline,
        &root.join("out/evaluation-besoins.docx"),
        &root.join("livraisons/v1/evaluation-besoins.docx"),
        true,
    );
}

#[test]
#[cfg_attr(
    trame_no_soffice,
    ignore = "LibreOffice (soffice, python3-uno) introuvable"
)]
fn moves_and_word_changes_leave_no_empty_paragraph_behind() {
    let dir = fixture("petit-rapport");
    let root = dir.path();
    let out = trame(root, &["deliver", "--label", "v1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let blueprint = root.join("blueprints/evaluation-besoins.md.j2");
    let text = std::fs::read_to_string(&blueprint).unwrap();
    let moved = "Les entretiens se répartissent comme suit entre les catégories d'acteurs :\n\n";
    let text = text
        .replacen(moved, "", 1)
        .replacen(
            "## Entretiens avec",
            &format!("{moved}## Entretiens avec"),
            1,
        )
        .replacen("# Méthodologie\n", "# Démarche méthodologique\n", 1)
        .replacen("Former en priorité", "Former d'abord", 1);
    std::fs::write(&blueprint, text).unwrap();
    let out = trame(root, &["redline", "--against", "v1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(trame(root, &["build"]).status.success());
    let redline = root.join("out/redline-v1/evaluation-besoins.docx");
    assert!(part(&redline, "word/document.xml").contains("<w:moveFromRangeStart "));
    proven_by_libreoffice(
        &redline,
        &root.join("out/evaluation-besoins.docx"),
        &root.join("livraisons/v1/evaluation-besoins.docx"),
        false,
    );
}

#[test]
#[cfg_attr(
    trame_no_soffice,
    ignore = "LibreOffice (soffice, python3-uno) introuvable"
)]
fn numbers_after_accept_and_reject_when_tables_come_and_go() {
    let dir = fixture("petit-rapport");
    let root = dir.path();
    let blueprint = root.join("blueprints/evaluation-besoins.md.j2");
    let edit = |from: &str, to: &str| {
        let text = std::fs::read_to_string(&blueprint).unwrap();
        assert!(text.contains(from), "{from}");
        std::fs::write(&blueprint, text.replacen(from, to, 1)).unwrap();
    };
    // v1 lists its tables and contents.
    edit(
        "# Résumé exécutif {-}\n",
        "{{ toc() }}\n\n{{ list_of_tables() }}\n\n# Résumé exécutif {-}\n",
    );
    let out = trame(root, &["deliver", "--label", "v1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // v2: a table and a heading before the others, the priorities table gone.
    edit(
        "# Méthodologie\n",
        "# Contexte\n\n| Année | Cas |\n|---|---:|\n| 2023 | 12 |\n\nTableau : Cas recensés {#tbl:cas}\n\nLe @tbl:cas précède le @tbl:entretiens.\n\n# Méthodologie\n",
    );
    let text = std::fs::read_to_string(&blueprint).unwrap();
    let start = text.find("| Priorité | Nombre de constats |").unwrap();
    let end = text.find("{#tbl:priorites}").unwrap() + "{#tbl:priorites}".len();
    std::fs::write(&blueprint, format!("{}{}", &text[..start], &text[end..])).unwrap();

    let out = trame(root, &["redline", "--against", "v1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(trame(root, &["build"]).status.success());
    let redline = root.join("out/redline-v1/evaluation-besoins.docx");
    let document = part(&redline, "word/document.xml");
    // Cached numbers are the new document's: the table that stays is now the second.
    assert!(document.contains(" REF _Ref_tbl_entretiens \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t xml:space=\"preserve\">2</w:t>"));
    // The list of tables: the removed caption's entry is deleted, the kept
    // one's number shows its change.
    assert!(document.contains("Constats par niveau de priorité</w:delText>"));
    assert!(document.contains(">Tableau\u{a0}1\u{a0}: </w:delText>"));
    assert!(document.contains(">Tableau\u{a0}2\u{a0}: </w:t>"));
    proven_by_libreoffice(
        &redline,
        &root.join("out/evaluation-besoins.docx"),
        &root.join("livraisons/v1/evaluation-besoins.docx"),
        true,
    );
}

/// Word-made files with tracked changes of several kinds: trame's review
/// reader must see, once every change is accepted (or rejected), the text
/// LibreOffice shows. Compared without spaces and line ends, as the two
/// readers cut paragraphs differently where a paragraph mark is deleted.
#[test]
#[cfg_attr(
    any(trame_no_soffice, trame_no_shared),
    ignore = "LibreOffice (soffice, python3-uno) ou ../shared/fixtures/word-revisions introuvable"
)]
fn the_review_reader_agrees_with_libreoffice_on_word_made_files() {
    let folder = repo().join("../shared/fixtures/word-revisions");
    if !folder.is_dir() {
        missing_tool("../shared/fixtures/word-revisions");
    }
    let files: Vec<PathBuf> = [
        "CA010-Delete-Run.docx",
        "CA011-Insert-Run.docx",
        "RP005-Deleted-Paragraph-Mark.docx",
        "RP006-Inserted-Paragraph-Mark.docx",
        "RP009-Deleted-Table-Row.docx",
        "RP010-Inserted-Table-Row.docx",
        "RP015-MoveFrom-MoveTo.docx",
        "FA-RevTracking_002-DeletedNumberedParagraphs.docx",
        "FA-RevTracking_013-DeletedParagraph.docx",
    ]
    .iter()
    .map(|f| folder.join(f))
    .collect();
    let jobs: Vec<(&str, &Path)> = files
        .iter()
        .flat_map(|f| [("accept", f.as_path()), ("reject", f.as_path())])
        .collect();
    let lines = libreoffice(&jobs);
    let squeeze = |parts: &mut dyn Iterator<Item = &String>| -> String {
        parts
            .flat_map(|s| s.chars())
            .filter(|c| !c.is_whitespace())
            .collect()
    };
    let mut failures = Vec::new();
    for (i, file) in files.iter().enumerate() {
        let views = trame::review::paragraph_views(&std::fs::read(file).unwrap()).unwrap();
        let accepted = squeeze(&mut views.iter().map(|v| &v.accepted));
        let original = squeeze(&mut views.iter().map(|v| &v.original));
        let lo_accepted = squeeze(&mut lines[2 * i].iter());
        let lo_rejected = squeeze(&mut lines[2 * i + 1].iter());
        if accepted != lo_accepted || original != lo_rejected {
            failures.push(format!(
                "{}:\n  accept trame {accepted:?}\n  accept LO    {lo_accepted:?}\n  reject trame {original:?}\n  reject LO    {lo_rejected:?}",
                file.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
