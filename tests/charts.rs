//! Native Word charts: a `chart()` figure is a DrawingML chart part whose
//! data is embedded as a workbook (Word's « Modifier les données »), or the
//! picture when the house style says `charts: image`.

mod common;

use calamine::{Data, Reader, Xlsx};
use common::*;
use std::io::Read;
use std::path::Path;

const BLUEPRINT: &str = r#"# Constats

{{ chart(constats, kind="bar", x="code", y="nombre", caption="Nombre de sessions par constat", id="fig:nombre") }}

{{ chart(constats, kind="pie", x="theme", y="nombre", caption="Répartition par thème", alt="Secteurs : part de chaque thème") }}
"#;

/// The bytes of one part of a package.
fn part_bytes(docx: &Path, name: &str) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    let mut entry = zip.by_name(name).expect("part present");
    let mut bytes = Vec::new();
    entry.read_to_end(&mut bytes).unwrap();
    bytes
}

fn part_names(docx: &Path) -> Vec<String> {
    let zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| zip.name_for_index(i).unwrap().unwrap().to_string())
        .collect()
}

/// The rows of the embedded workbook's first sheet.
fn embedded_rows(docx: &Path, name: &str) -> Vec<Vec<Data>> {
    let bytes = part_bytes(docx, name);
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).expect("embedded workbook");
    let range = book.worksheet_range("Feuil1").expect("sheet Feuil1");
    range.rows().map(|r| r.to_vec()).collect()
}

fn built() -> MiniProject {
    let p = MiniProject::new(BLUEPRINT, &MiniProject::good_rows());
    let out = p.build();
    assert!(out.status.success(), "{}", stderr(&out));
    p
}

#[test]
fn a_charts_data_reads_back_from_its_embedded_workbook() {
    let p = built();
    let docx = p.path().join("out/rapport.docx");
    // The source rows, as the author typed them: code and number columns.
    let source = read_sheet(&p.path().join("data/constats.xlsx"), "Constats");
    let expected: Vec<(String, f64)> = source[1..]
        .iter()
        .map(|r| (r[0].to_string(), r[3].to_string().parse().unwrap()))
        .collect();
    let rows = embedded_rows(&docx, "word/embeddings/donnees1.xlsx");
    assert_eq!(rows[0][1], Data::String("nombre".into()));
    let found: Vec<(String, f64)> = rows[1..]
        .iter()
        .map(|r| (r[0].to_string(), r[1].to_string().parse().unwrap()))
        .collect();
    assert_eq!(found, expected);

    // The chart part points into that workbook and shows the same values.
    let chart = part(&docx, "word/charts/chart1.xml");
    assert!(chart.contains("<c:f>Feuil1!$B$2:$B$4</c:f>"), "{chart}");
    assert!(chart.contains("<c:v>C2</c:v>") && chart.contains("<c:v>5</c:v>"));
    let rels = part(&docx, "word/charts/_rels/chart1.xml.rels");
    assert!(rels.contains("Target=\"../embeddings/donnees1.xlsx\""));
    assert!(chart.contains("<c:externalData r:id=\"rIdData\">"));
    let pie = part(&docx, "word/charts/chart2.xml");
    assert!(pie.contains("<c:pieChart>"));
    assert!(pie.contains("<c:v>Identification</c:v>"));

    // Alt text: the caption, or the explicit alt.
    let document = part(&docx, "word/document.xml");
    assert!(document.contains("name=\"Graphique 1\" descr=\"Nombre de sessions par constat\""));
    assert!(document.contains("descr=\"Secteurs : part de chaque thème\""));
    assert!(
        !part_names(&docx)
            .iter()
            .any(|n| n.starts_with("word/media/"))
    );
}

#[test]
fn the_same_data_gives_the_same_bytes() {
    let [a, b] = [built(), built()];
    assert_eq!(
        std::fs::read(a.path().join("out/rapport.docx")).unwrap(),
        std::fs::read(b.path().join("out/rapport.docx")).unwrap()
    );
}

#[test]
fn charts_image_writes_pictures() {
    let p = MiniProject::new(BLUEPRINT, &MiniProject::good_rows());
    std::fs::write(
        p.path().join("blueprints/style.yaml"),
        "graphiques: image\n",
    )
    .unwrap();
    let out = p.build();
    assert!(out.status.success(), "{}", stderr(&out));
    let docx = p.path().join("out/rapport.docx");
    let names = part_names(&docx);
    assert!(names.contains(&"word/media/image1.png".to_string()));
    assert!(!names.iter().any(|n| n.starts_with("word/charts/")));
    assert!(part(&docx, "word/document.xml").contains("descr=\"Nombre de sessions par constat\""));
}

#[test]
fn an_unknown_chart_mode_is_named() {
    let p = MiniProject::new(BLUEPRINT, &MiniProject::good_rows());
    std::fs::write(
        p.path().join("blueprints/style.yaml"),
        "charts: vectoriel\n",
    )
    .unwrap();
    let out = p.build();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("style.yaml"), "{err}");
    assert!(err.contains("vectoriel"), "{err}");
}

#[test]
#[cfg_attr(trame_no_validator, ignore = "validateur Open XML introuvable")]
fn documents_with_charts_pass_the_validator() {
    let p = built();
    assert_valid(&p.path().join("out/rapport.docx"));
    // Every kind, with one and several series.
    let mut blueprint = String::from("# Graphiques\n\n");
    for kind in ["bar", "barh", "line", "stacked", "stackedh", "pie"] {
        blueprint += &format!(
            "{{{{ chart(constats, kind=\"{kind}\", x=\"code\", y=[\"nombre\", \"nombre\"], labels=[\"A\", \"B\"], caption=\"{kind}\") }}}}\n\n"
        );
    }
    p.write_blueprint(&blueprint);
    let out = p.build();
    assert!(out.status.success(), "{}", stderr(&out));
    let docx = p.path().join("out/rapport.docx");
    assert!(part(&docx, "word/charts/chart6.xml").contains("<c:pieChart>"));
    assert_valid(&docx);
}

#[test]
#[cfg_attr(
    trame_no_soffice,
    ignore = "LibreOffice (soffice, python3-uno, pdftotext) introuvable"
)]
fn libreoffice_draws_the_chart_itself() {
    let p = built();
    let pdf = to_pdf(&p.path().join("out/rapport.docx"), p.path());
    let text = pdf_text(&pdf);
    // A picture's labels are pixels; a native chart's are text LibreOffice
    // lays out from the chart part.
    for label in ["C1", "C2", "C3", "Identification", "Protection"] {
        assert!(text.contains(label), "« {label} » absent du PDF :\n{text}");
    }
}

#[test]
fn a_confidential_value_in_a_charts_workbook_is_refused() {
    // A label typed in the blueprint that happens to be a confidential cell:
    // the scan reads the chart part and the workbook inside the package.
    let p = MiniProject::new(
        "{{ chart(constats, x=\"code\", y=\"nombre\", labels=[\"Nom secret deux\"], caption=\"Constats\") }}\n",
        &MiniProject::good_rows(),
    );
    let out = p.build();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("word/embeddings/donnees1.xlsx › xl/sharedStrings.xml"),
        "{err}"
    );
    assert!(err.contains("word/charts/chart1.xml"), "{err}");
    assert!(!err.contains("Nom secret deux"), "{err}");
    assert!(!p.path().join("out/rapport.docx").exists());
}
