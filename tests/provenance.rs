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

/// minijinja numbers have no identity, so arithmetic, comparisons, `sum`
/// and `round` keep working: a number printed in prose names its blueprint
/// line and never a cell guessed from its value (here D2 and D4 hold 3 and 1,
/// as `loop.index` does).
#[test]
fn a_printed_number_names_its_line_and_no_guessed_cell() {
    let (cells, line) = cells_of(
        "{% for c in constats %}{% set n = c.nombre %}{% endfor %}\n\
         {% for c in constats %}\n- rang {{ loop.index }}\n{% endfor %}\n\n\
         Nombre : {{ constats[1].nombre }}\n",
        "rang 1",
    );
    assert!(cells.is_empty(), "{cells:?}");
    assert_eq!(line, Some(3));
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
