//! Provenance is carried with each value, never guessed: the manifest written
//! beside a document names, for each paragraph, exactly the workbook cells
//! whose values it prints, and only the blueprint line for literal text.
//!
//! The mini project's sheet « Constats » has a header row, then C1, C2, C3 in
//! rows 2 to 4: code in A, thème in B, date in C, nombre in D, priorité in E.

mod common;

use common::*;

/// The paragraphs of `out/rapport.manifest.json`: (text, line, cells), each
/// cell as `Feuille!A1`.
fn units(p: &MiniProject) -> Vec<(String, Option<u32>, Vec<String>)> {
    let json = std::fs::read_to_string(p.path().join("out/rapport.manifest.json"))
        .expect("manifest written");
    let m: serde_json::Value = serde_json::from_str(&json).expect("manifest is JSON");
    let sheets = m["sheets"].as_array().cloned().unwrap_or_default();
    m["units"]
        .as_array()
        .expect("units")
        .iter()
        .map(|u| {
            let cells = u["c"]
                .as_array()
                .map(|cs| {
                    cs.iter()
                        .map(|c| {
                            let sheet = &sheets[c[0].as_u64().unwrap() as usize][1];
                            format!("{}!{}", sheet.as_str().unwrap(), c[1].as_str().unwrap())
                        })
                        .collect()
                })
                .unwrap_or_default();
            (
                u["t"].as_str().unwrap().to_string(),
                u["l"].get(1).and_then(|l| l.as_u64()).map(|l| l as u32),
                cells,
            )
        })
        .collect()
}

/// Builds `blueprint` on the good rows; returns the cells named for the
/// paragraph whose text starts with `start`, and its line.
fn cells_of(blueprint: &str, start: &str) -> (Vec<String>, Option<u32>) {
    let p = MiniProject::new(blueprint, &MiniProject::good_rows());
    let out = p.build();
    assert!(out.status.success(), "{}", stderr(&out));
    let all = units(&p);
    let (_, line, cells) = all
        .iter()
        .find(|(t, _, _)| t.starts_with(start))
        .unwrap_or_else(|| panic!("no paragraph « {start} » in {all:?}"));
    (cells.clone(), *line)
}

#[test]
fn a_value_kept_in_set_names_the_cell_it_was_read_from() {
    // The loop reads « Identification » again from B4 after B2 was kept.
    let (cells, line) = cells_of(
        "{% set premier = constats[0].theme %}\n\
         {% for c in constats %}\n- {{ c.theme }}\n{% endfor %}\n\n\
         Premier thème : {{ premier }}\n",
        "Premier thème",
    );
    assert_eq!(cells, ["Constats!B2"]);
    assert_eq!(line, Some(6));
}

#[test]
fn a_literal_names_only_its_blueprint_line() {
    let (cells, line) = cells_of(
        "Lu : {{ constats[1].theme }}\n\nÉcrit : {{ \"Protection\" }}\n",
        "Écrit",
    );
    assert!(cells.is_empty(), "a literal has no cell: {cells:?}");
    assert_eq!(line, Some(3));
}

/// A number printed straight from a row names its cell, whether the row is
/// a loop variable or read by index, bare or through `nombre`; a loop index
/// equal to a cell's value (D2 and D4 hold 3 and 1, as `loop.index` does)
/// names no cell, only its blueprint line.
#[test]
fn a_printed_number_names_its_cell_and_a_loop_index_none() {
    let blueprint = "{% for c in constats %}{% set n = c.nombre %}{% endfor %}\n\
         {% for c in constats %}\n- rang {{ loop.index }}\n{% endfor %}\n\n\
         Nombre : {{ constats[1].nombre }}\n\n\
         {% for c in constats %}\n- {{ c.code }} compte {{ c.nombre | nombre }}\n{% endfor %}\n\n\
         Par clé : {{ constats[2][\"nombre\"] }}\n";
    let p = MiniProject::new(blueprint, &MiniProject::good_rows());
    let out = p.build();
    assert!(out.status.success(), "{}", stderr(&out));
    let all = units(&p);
    let find = |start: &str| {
        all.iter()
            .find(|(t, _, _)| t.starts_with(start))
            .map(|(_, line, cells)| (cells.clone(), *line))
            .unwrap_or_else(|| panic!("no paragraph « {start} » in {all:?}"))
    };
    for rang in ["rang 1", "rang 3"] {
        assert_eq!(find(rang), (vec![], Some(3)), "{rang}");
    }
    assert_eq!(
        find("Nombre\u{a0}: 5"),
        (vec!["Constats!D3".into()], Some(6))
    );
    assert_eq!(
        find("C1 compte 3"),
        (vec!["Constats!A2".into(), "Constats!D2".into()], Some(9))
    );
    assert_eq!(
        find("C3 compte 1"),
        (vec!["Constats!A4".into(), "Constats!D4".into()], Some(9))
    );
    assert_eq!(
        find("Par clé\u{a0}: 1"),
        (vec!["Constats!D4".into()], Some(12))
    );
}

/// A number computed from a cell is no longer the cell's value: its
/// paragraph names only its blueprint line.
#[test]
fn a_computed_number_names_only_its_line() {
    let (cells, line) = cells_of(
        "Lu : {{ constats[1].theme }}\n\nCalculé : {{ constats[1].nombre + 1 }} ; \
         {{ constats | map(attribute=\"nombre\") | sum }} ; \
         {{ constats[1].nombre if constats[1].nombre else 0 }}\n",
        "Calculé",
    );
    assert!(cells.is_empty(), "a computed number has no cell: {cells:?}");
    assert_eq!(line, Some(3));
}

/// The mini project with `nombre` a decimal column and 1234.5 in D2.
fn decimal_project(blueprint: &str) -> MiniProject {
    let p = MiniProject::new(blueprint, &MiniProject::good_rows());
    let yaml = MINI_YAML.replace(
        "nombre: { header: Nombre, type: integer }",
        "nombre: { header: Nombre, type: number }",
    );
    std::fs::write(p.path().join("trame.yaml"), yaml).unwrap();
    let mut rows = MiniProject::good_rows();
    rows[0][3] = V::N(1234.5);
    p.write_rows(&rows);
    p
}

/// Naming the cell does not change a character of the document: the number
/// prints exactly as the same number kept in a variable (which names no
/// cell), the French way.
#[test]
fn a_number_naming_its_cell_prints_the_same_text() {
    let p = decimal_project(
        "{% set n = constats[0].nombre %}\
         Lu {{ constats[0].nombre }} ; gardé {{ n }} ; filtré {{ constats[0].nombre | nombre(2) }} ; \
         {{ n | nombre(2) }} ; part {{ constats[1].nombre | pourcentage }}.\n",
    );
    let out = p.build();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = document_text(&p.path().join("out/rapport.docx"));
    let read = text.split("Lu ").nth(1).and_then(|t| t.split(" ;").next());
    let kept = text
        .split("gardé ")
        .nth(1)
        .and_then(|t| t.split(" ;").next());
    assert_eq!(read, kept, "{text}");
    assert_eq!(flat(read.unwrap()), "1 234,5");
    let filtered = text.split("filtré ").nth(1).unwrap_or_default();
    let mut parts = filtered.split(" ; ");
    assert_eq!(parts.next(), parts.next(), "{text}");
    assert!(
        flat(&text).contains("filtré 1 234,50 ; 1 234,50 ; part 500 %."),
        "{text}"
    );
    let all = units(&p);
    let read: Vec<_> = all
        .iter()
        .filter(|(t, _, _)| t.starts_with("Lu "))
        .collect();
    assert_eq!(read.len(), 1, "{all:?}");
    assert_eq!(read[0].2, ["Constats!D2", "Constats!D3"]);
}

/// The excerpt trame prints for `line` with a caret under `faulty`.
fn excerpt(line: &str, faulty: &str) -> String {
    let column = line[..line.find(faulty).expect("in the line")]
        .chars()
        .count();
    format!(
        "      {line}\n      {}{}\n",
        " ".repeat(column),
        "^".repeat(faulty.chars().count())
    )
}

/// An error on a line whose prints were rewritten shows the line as the
/// user wrote it, with the caret under the faulty expression.
#[test]
fn an_error_beside_a_printed_number_shows_the_user_line() {
    let line = "Total : {{ constats[0].nombre }} et {{ constats[0].nombres }} fin";
    let p = MiniProject::new(&format!("# Titre\n\n{line}\n"), &MiniProject::good_rows());
    let out = p.build();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    let expected = format!(
        "blueprints/rapport.md.j2, ligne 3 : variable inconnue « constats[0].nombres »\n{}",
        excerpt(line, "constats[0].nombres")
    );
    assert!(err.contains(&expected), "{err}\nexpected:\n{expected}");
    assert!(err.contains("vouliez-vous dire « nombre » ?"), "{err}");
    assert!(!err.contains("__cellule"), "{err}");
}

/// An error raised by the formatting filter of a rewritten print points at
/// the filter in the user's text.
#[test]
fn a_filter_error_in_a_printed_read_shows_the_user_line() {
    let line = "Nombre : {{ constats[1].nombre }} ; thème : {{ constats[0].theme | nombre(1) }}";
    let p = MiniProject::new(&format!("{line}\n"), &MiniProject::good_rows());
    let out = p.build();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    let expected = format!(
        "blueprints/rapport.md.j2, ligne 1 : le filtre nombre attend un nombre, reçu « Identification »\n{}",
        excerpt(line, "nombre(1)")
    );
    assert!(err.contains(&expected), "{err}\nexpected:\n{expected}");
    assert!(!err.contains("__cellule"), "{err}");
}

/// In a data table every value, numbers included, names its cell.
#[test]
fn a_number_in_a_table_names_its_cell() {
    let p = MiniProject::new(
        "{{ table(constats, columns=[\"code\", \"nombre\"]) }}\n",
        &MiniProject::good_rows(),
    );
    let out = p.build();
    assert!(out.status.success(), "{}", stderr(&out));
    let all = units(&p);
    let five: Vec<_> = all.iter().filter(|(t, _, _)| t == "5").collect();
    assert_eq!(five.len(), 1, "{all:?}");
    assert_eq!(five[0].2, ["Constats!D3"]);
}

#[test]
fn a_formatted_date_names_its_cell() {
    let (cells, _) = cells_of(
        "{% set d = constats[2].date %}Le {{ d | date_fr }}.\n",
        "Le 6 mars 2024",
    );
    assert_eq!(cells, ["Constats!C4"]);
}

#[test]
fn a_paragraph_from_several_cells_names_all_of_them() {
    let (cells, _) = cells_of(
        "Constat {{ constats[0].code }} ({{ constats[0].theme | lower }}), \
         puis {{ constats[2].code }} le {{ constats[2].date | date_courte }}.\n",
        "Constat C1",
    );
    assert_eq!(
        cells,
        ["Constats!A2", "Constats!B2", "Constats!A4", "Constats!C4"]
    );
}

#[test]
fn an_aggregate_names_every_cell_it_comes_from() {
    let (cells, _) = cells_of(
        "Thèmes : {{ constats | map(attribute=\"theme\") | unique | join(\", \") }}.\n",
        "Thèmes",
    );
    assert_eq!(cells, ["Constats!B2", "Constats!B3"]);
    let (cells, _) = cells_of(
        "{% for e in effectifs(constats, \"theme\") %}\n- {{ e.valeur }} : {{ e.nombre }}\n{% endfor %}\n",
        "Identification",
    );
    assert_eq!(cells, ["Constats!B2", "Constats!B4"]);
}

#[test]
fn sorted_and_filtered_rows_keep_their_cells() {
    let (cells, _) = cells_of(
        "{% set hautes = constats | selectattr(\"priorite\", \"eq\", \"Basse\") | list %}\
         {% set tri = constats | sort(attribute=\"theme\") %}\n\
         Basse : {{ hautes[0].code }} ; dernier : {{ (tri | last).theme }}\n",
        "Basse",
    );
    assert_eq!(cells, ["Constats!A4", "Constats!B3"]);
}

#[test]
fn marker_characters_typed_in_a_blueprint_do_not_make_cells() {
    // U+E002 7 U+E003 is how a cell marker looks: typed by a user, it is text
    // to be cleaned, not a reference.
    let (cells, _) = cells_of("Texte \u{E002}0\u{E003} libre {{ \"x\" }}\n", "Texte");
    assert!(cells.is_empty(), "{cells:?}");
}

/// Adds comments to a .docx: `body` edits `word/document.xml`, `comments`
/// are the `w:comment` elements.
fn with_comments(
    src: &std::path::Path,
    dst: &std::path::Path,
    body: impl Fn(String) -> String,
    comments: &str,
) {
    use std::io::{Read, Write};
    let mut zip = zip::ZipArchive::new(std::fs::File::open(src).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(dst).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        let bytes = match (name.as_str(), String::from_utf8(bytes)) {
            ("word/document.xml", Ok(t)) => body(t).into_bytes(),
            ("[Content_Types].xml", Ok(t)) => t.replace(
                "</Types>",
                "<Override PartName=\"/word/comments.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml\"/></Types>",
            ).into_bytes(),
            ("word/_rels/document.xml.rels", Ok(t)) => t.replace(
                "</Relationships>",
                "<Relationship Id=\"rIdC1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments\" Target=\"comments.xml\"/></Relationships>",
            ).into_bytes(),
            (_, Ok(t)) => t.into_bytes(),
            (_, Err(e)) => e.into_bytes(),
        };
        out.start_file(name.as_str(), opts).unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.start_file("word/comments.xml", opts).unwrap();
    write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:comments xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">{comments}</w:comments>"
    )
    .unwrap();
    out.finish().unwrap();
}

/// The review matrix sends the consultant to every cell of a sentence made
/// of several cells, and to the one cell of a commented value.
#[test]
fn the_review_matrix_names_every_cell_of_a_commented_sentence() {
    let p = MiniProject::new(
        "Constat {{ constats[0].code }} ({{ constats[0].theme | lower }}), \
         puis {{ constats[2].code }} le {{ constats[2].date | date_courte }}.\n",
        &MiniProject::good_rows(),
    );
    let out = trame(p.path(), &["build", "--review"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let run = "<w:r><w:t xml:space=\"preserve\">Constat C1 (identification), puis C3 le 06/03/2024.</w:t></w:r>";
    let commented = "<w:commentRangeStart w:id=\"0\"/>\
        <w:r><w:t xml:space=\"preserve\">Constat C1 (identification), puis </w:t></w:r>\
        <w:commentRangeStart w:id=\"1\"/><w:r><w:t xml:space=\"preserve\">C3</w:t></w:r><w:commentRangeEnd w:id=\"1\"/>\
        <w:r><w:t xml:space=\"preserve\"> le 06/03/2024.</w:t></w:r><w:commentRangeEnd w:id=\"0\"/>\
        <w:r><w:commentReference w:id=\"0\"/></w:r><w:r><w:commentReference w:id=\"1\"/></w:r>";
    let comment = |id: u32, text: &str| {
        format!(
            "<w:comment w:id=\"{id}\" w:author=\"Awa\" w:date=\"2024-05-03T10:00:00Z\"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:comment>"
        )
    };
    with_comments(
        &p.path().join("out/relecture/rapport.docx"),
        &p.path().join("retour.docx"),
        |xml| {
            assert!(xml.contains(run), "{xml}");
            xml.replacen(run, commented, 1)
        },
        &format!(
            "{}{}",
            comment(0, "Phrase à revoir."),
            comment(1, "Quel code ?")
        ),
    );
    let out = trame(p.path(), &["review", "retour.docx"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = read_sheet(&p.path().join("out/matrice-relecture.xlsx"), "Matrice");
    let source = |comment: &str| {
        rows.iter()
            .find(|r| r[5] == comment)
            .map(|r| r[10].to_string())
            .unwrap_or_else(|| panic!("no row « {comment} » in {rows:?}"))
    };
    let cell = |c: &str| format!("data/constats.xlsx, feuille « Constats », cellule {c}");
    assert_eq!(
        source("Phrase à revoir."),
        ["A2", "B2", "A4", "C4"].map(cell).join(" ; ")
    );
    assert_eq!(source("Quel code ?"), cell("A4"));
}

/// The review matrix sends a comment on a printed number to its cell, and a
/// comment on a computed number to its blueprint line.
#[test]
fn the_review_matrix_sends_a_printed_number_to_its_cell() {
    let p = MiniProject::new(
        "Cas suivis : {{ constats[1].nombre }}.\n\nCas calculés : {{ constats[1].nombre * 2 }}.\n",
        &MiniProject::good_rows(),
    );
    let out = trame(p.path(), &["build", "--review"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let run = |text: &str| format!("<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>");
    let commented = |id: u32, text: &str| {
        format!(
            "<w:commentRangeStart w:id=\"{id}\"/>{}<w:commentRangeEnd w:id=\"{id}\"/>\
             <w:r><w:commentReference w:id=\"{id}\"/></w:r>",
            run(text)
        )
    };
    let comment = |id: u32, text: &str| {
        format!(
            "<w:comment w:id=\"{id}\" w:author=\"Awa\" w:date=\"2024-05-03T10:00:00Z\"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:comment>"
        )
    };
    let (read, computed) = ("Cas suivis\u{a0}: 5.", "Cas calculés\u{a0}: 10.");
    with_comments(
        &p.path().join("out/relecture/rapport.docx"),
        &p.path().join("retour.docx"),
        |xml| {
            assert!(
                xml.contains(&run(read)) && xml.contains(&run(computed)),
                "{xml}"
            );
            xml.replacen(&run(read), &commented(0, read), 1).replacen(
                &run(computed),
                &commented(1, computed),
                1,
            )
        },
        &format!(
            "{}{}",
            comment(0, "Chiffre à vérifier."),
            comment(1, "Calcul ?")
        ),
    );
    let out = trame(p.path(), &["review", "retour.docx"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = read_sheet(&p.path().join("out/matrice-relecture.xlsx"), "Matrice");
    let source = |comment: &str| {
        rows.iter()
            .find(|r| r[5] == comment)
            .map(|r| r[10].to_string())
            .unwrap_or_else(|| panic!("no row « {comment} » in {rows:?}"))
    };
    assert_eq!(
        source("Chiffre à vérifier."),
        "data/constats.xlsx, feuille « Constats », cellule D3"
    );
    assert_eq!(source("Calcul ?"), "blueprints/rapport.md.j2, ligne 3");
}

/// The numbers of `effectifs` and `moyennes` stay numbers (sorting and
/// arithmetic work) and, printed from their group, name the cells counted or
/// averaged; computed from, they name none.
#[test]
fn an_aggregate_number_names_the_cells_it_is_computed_from() {
    let p = MiniProject::new(
        "{% set top = effectifs(constats, \"theme\") | sort(attribute=\"nombre\", reverse=true) | first %}\
         Premier thème, constats : {{ top.nombre }}.\n\n\
         {% for g in moyennes(constats, \"theme\", \"nombre\") | sort(attribute=\"moyenne\") %}\n\
         - moyenne {{ g.moyenne | nombre(1) }}\n\
         - double {{ g.moyenne * 2 }}\n\
         {% endfor %}\n\n\
         {{ table(moyennes(constats, \"theme\", \"nombre\"), columns=[\"valeur\", \"moyenne\"]) }}\n",
        &MiniProject::good_rows(),
    );
    let out = p.build();
    assert!(out.status.success(), "{}", stderr(&out));
    let all = units(&p);
    let cells = |text: &str| {
        all.iter()
            .find(|(t, _, _)| t == text)
            .map(|(_, _, c)| c.join(" "))
            .unwrap_or_else(|| panic!("no paragraph « {text} » in {all:?}"))
    };
    assert_eq!(
        cells("Premier thème, constats\u{a0}: 2."),
        "Constats!B2 Constats!B4"
    );
    assert_eq!(cells("moyenne 2,0"), "Constats!D2 Constats!D4");
    assert_eq!(cells("moyenne 5,0"), "Constats!D3");
    assert_eq!(cells("double 4"), "");
    assert_eq!(cells("double 10"), "");
    // In the data table, the mean of Identification (D2 and D4).
    assert_eq!(cells("2"), "Constats!D2 Constats!D4");
}
