//! Data sources: CSV and ODS as well as xlsx, in-cell line breaks, values that
//! look like Markdown, grouped tables, and the provenance of generated text.

mod common;

use common::*;
use std::io::Write;
use trame::model::{Block, Inline};

fn project_with(yaml_sources: &str, blueprint: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("blueprints")).unwrap();
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    let yaml = format!(
        "project:\n  title: Essai\n  date: 2024-04-12\nsources:\n{yaml_sources}documents:\n  essai:\n    blueprint: essai.md.j2\n    output: out/essai.docx\n"
    );
    std::fs::write(dir.path().join("trame.yaml"), yaml).unwrap();
    std::fs::write(dir.path().join("blueprints/essai.md.j2"), blueprint).unwrap();
    dir
}

fn model(dir: &std::path::Path) -> trame::model::Document {
    let session = trame::build::Session::load(dir).unwrap();
    let mut doc = session
        .render(&trame::build::BuildOptions::default(), None)
        .unwrap()
        .remove(0)
        .model;
    // The cover comes first; these tests look at the body.
    assert!(matches!(doc.blocks.remove(0), Block::Cover(_)));
    doc
}

#[test]
fn csv_with_semicolons_and_french_numbers() {
    let dir = project_with(
        "  scores:\n    file: data/scores.csv\n    columns:\n      code: { header: Code }\n      score: { header: Score, type: number }\n      date: { header: Date, type: date }\n",
        "{% for s in scores %}\n- {{ s.code }} : {{ s.score | nombre(1) }} le {{ s.date | date_fr }}\n{% endfor %}\n\nMoyenne : {{ scores | map(attribute=\"score\") | moyenne | nombre(2) }}\n",
    );
    std::fs::write(
        dir.path().join("data/scores.csv"),
        "Code;Score;Date\nP01;12,5;2024-04-01\nP02;1 234,25;15/04/2024\n",
    )
    .unwrap();
    let out = trame(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = document_text(&dir.path().join("out/essai.docx"));
    assert!(text.contains("P01 : 12,5 le 1er avril 2024"), "{text}");
    assert!(text.contains("P02 : 1 234,3 le 15 avril 2024"), "{text}");
    assert!(text.contains("Moyenne : 623,38"), "{text}");
}

#[test]
fn csv_errors_name_the_cell() {
    let dir = project_with(
        "  scores:\n    file: data/scores.csv\n    columns:\n      code: { header: Code }\n      score: { header: Score, type: number }\n",
        "x\n",
    );
    std::fs::write(
        dir.path().join("data/scores.csv"),
        "Code,Score\nP01,douze\n",
    )
    .unwrap();
    let out = trame(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("data/scores.csv, cellule B2 : nombre attendu, trouvé « douze »"),
        "{}",
        stderr(&out)
    );
}

/// A minimal OpenDocument spreadsheet with one sheet.
fn write_ods(path: &std::path::Path, sheet: &str, rows: &[&[&str]]) {
    let mut body = String::new();
    for row in rows {
        body += "<table:table-row>";
        for cell in *row {
            body += &format!(
                "<table:table-cell office:value-type=\"string\"><text:p>{cell}</text:p></table:table-cell>"
            );
        }
        body += "</table:table-row>";
    }
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\"><office:body><office:spreadsheet><table:table table:name=\"{sheet}\">{body}</table:table></office:spreadsheet></office:body></office:document-content>"
    );
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("content.xml", stored).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.start_file("META-INF/manifest.xml", stored).unwrap();
    zip.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\"><manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/><manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>").unwrap();
    zip.finish().unwrap();
}

#[test]
fn ods_workbooks_are_read() {
    let dir = project_with(
        "  acteurs:\n    file: data/acteurs.ods\n    sheet: Acteurs\n    columns:\n      institution: { header: Institution }\n      role: { header: Rôle }\n",
        "{{ table(acteurs) }}\n",
    );
    write_ods(
        &dir.path().join("data/acteurs.ods"),
        "Acteurs",
        &[
            &["Institution", "Rôle"],
            &["CNCLTPPA", "Coordination nationale"],
            &["BRTMTEH", "Enquêtes"],
        ],
    );
    let out = trame(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = document_text(&dir.path().join("out/essai.docx"));
    assert!(text.contains("CNCLTPPA"), "{text}");
    assert!(text.contains("Coordination nationale"), "{text}");
}

#[test]
fn cell_line_breaks_and_markdown_characters_stay_text() {
    let p = MiniProject::new(
        "{% for c in constats %}\n- {{ c.theme }}\n{% endfor %}\n\n| Code | Thème |\n|---|---|\n{% for c in constats %}\n| {{ c.code }} | {{ c.theme }} |\n{% endfor %}\n",
        &[
            [
                V::S("C1"),
                V::S("Ligne un\nligne deux"),
                V::E,
                V::E,
                V::E,
                V::E,
            ],
            [
                V::S("C2"),
                V::S("*pas gras* | 1. pas une liste <b>"),
                V::E,
                V::E,
                V::E,
                V::E,
            ],
        ],
    );
    let doc = model(p.path());
    let Block::List(list) = &doc.blocks[0] else {
        panic!("{:?}", doc.blocks[0])
    };
    let Block::Paragraph(first) = &list.items[0].blocks[0] else {
        panic!()
    };
    assert!(
        first.content.contains(&Inline::LineBreak),
        "{:?}",
        first.content
    );
    let Block::Paragraph(second) = &list.items[1].blocks[0] else {
        panic!()
    };
    assert_eq!(
        trame::model::plain_text(&second.content),
        "*pas gras* | 1. pas une liste <b>",
        "data is never markup"
    );
    let Block::Table(t) = &doc.blocks[1] else {
        panic!("{:?}", doc.blocks[1])
    };
    assert_eq!(
        t.rows.len(),
        2,
        "a line break in a value does not split the table row"
    );
    assert_eq!(
        t.rows[1].cells.len(),
        2,
        "a | in a value does not add a column"
    );
}

#[test]
fn provenance_names_blueprint_lines_and_workbook_cells() {
    let p = MiniProject::new(
        "# Constats\n\n{% for c in constats %}\n- {{ c.code }} : {{ c.theme }}\n{% endfor %}\n\n{{ table(constats, columns=[\"code\", \"theme\"]) }}\n",
        &MiniProject::good_rows(),
    );
    let doc = model(p.path());
    let Block::Heading(h) = &doc.blocks[0] else {
        panic!()
    };
    let line = h.provenance.line.as_ref().unwrap();
    assert_eq!((&*line.file, line.line), ("blueprints/rapport.md.j2", 1));
    let Block::List(list) = &doc.blocks[1] else {
        panic!()
    };
    let Block::Paragraph(item) = &list.items[1].blocks[0] else {
        panic!()
    };
    assert_eq!(item.provenance.line.as_ref().unwrap().line, 4);
    let cells: Vec<String> = item
        .provenance
        .cells
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        cells,
        vec![
            "data/constats.xlsx, feuille « Constats », cellule A3",
            "data/constats.xlsx, feuille « Constats », cellule B3"
        ]
    );
    let Block::Table(t) = &doc.blocks[2] else {
        panic!()
    };
    assert_eq!(t.provenance.line.as_ref().unwrap().line, 7);
    assert_eq!(
        t.rows[2].cells[1].provenance.cells[0].to_string(),
        "data/constats.xlsx, feuille « Constats », cellule B4"
    );
    // The model serialises to JSON and back unchanged (snapshots for redlines).
    let json = serde_json::to_string(&doc).unwrap();
    let back: trame::model::Document = serde_json::from_str(&json).unwrap();
    assert_eq!(back, doc);
}

#[test]
fn group_by_merges_cells_and_widths_apply() {
    let p = MiniProject::new(
        "{{ table(constats | sort(attribute=\"theme\"), columns=[\"theme\", \"code\", \"nombre\"], widths=[3, 1, 1], group_by=\"theme\", caption=\"Constats par thème\") }}\n",
        &MiniProject::good_rows(),
    );
    let doc = model(p.path());
    let Block::Table(t) = &doc.blocks[0] else {
        panic!()
    };
    assert_eq!(
        t.rows[0].cells[0].row_span, 2,
        "two findings on Identification"
    );
    assert_eq!(t.rows[1].cells.len(), 2, "the covered cell is absent");
    assert_eq!(t.columns[0].width, Some(3.0));
    assert_eq!(
        t.columns[2].align,
        trame::model::Align::Right,
        "numbers align right"
    );
    assert!(p.build().status.success());
    let document = part(&p.path().join("out/rapport.docx"), "word/document.xml");
    assert!(document.contains("<w:vMerge w:val=\"restart\"/>"));
    assert!(document.contains("<w:vMerge/>"));
    assert_valid_if_installed(&p.path().join("out/rapport.docx"));
}
