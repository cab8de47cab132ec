//! Scaled workloads build correctly (their speed is measured by
//! bench/run.sh, never asserted here).

mod common;

use common::*;

/// A project whose one document is a sentence and the whole `n`-row table
/// of `lignes` (code, theme, number), and whose source has `extra` text
/// columns more.
fn table_project(n: usize, extra: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("blueprints")).unwrap();
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    let more: String = (1..=extra)
        .map(|i| format!("      note{i}: {{ header: Note {i} }}\n"))
        .collect();
    std::fs::write(
        dir.path().join("trame.yaml"),
        format!("project:\n  title: Échelle\n  date: 2024-04-12\nsources:\n  lignes:\n    file: data/lignes.xlsx\n    sheet: Lignes\n    key: code\n    columns:\n      code: {{ header: Code, unique: true }}\n      theme: {{ header: Thème }}\n      nombre: {{ header: Nombre, type: integer }}\n{more}documents:\n  echelle:\n    blueprint: echelle.md.j2\n    output: out/echelle.docx\n"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("blueprints/echelle.md.j2"),
        "# Lignes\n\n{{ lignes | length }} lignes, total {{ lignes | map(attribute=\"nombre\") | sum }}.\n\n{{ table(lignes, caption=\"Toutes les lignes\") }}\n",
    )
    .unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("Lignes").unwrap();
    let headers = ["Code", "Thème", "Nombre"]
        .map(String::from)
        .into_iter()
        .chain((1..=extra).map(|i| format!("Note {i}")));
    for (c, h) in headers.enumerate() {
        ws.write(0, c as u16, h).unwrap();
    }
    for i in 0..n {
        let r = i as u32 + 1;
        ws.write(r, 0, format!("L{:06}", i + 1)).unwrap();
        ws.write(
            r,
            1,
            ["Identification", "Protection", "Réintégration"][i % 3],
        )
        .unwrap();
        ws.write(r, 2, (i % 10) as f64).unwrap();
        for c in 0..extra {
            ws.write(
                r,
                3 + c as u16,
                format!("Observation {} de la ligne {}", c + 1, i + 1),
            )
            .unwrap();
        }
    }
    wb.save(dir.path().join("data/lignes.xlsx")).unwrap();
    dir
}

#[test]
#[cfg_attr(
    trame_no_validator,
    ignore = "validateur Open XML (npm @ooxml-tools/validate dans .tools/) introuvable"
)]
fn a_hundred_thousand_row_five_column_table_passes_the_validator() {
    let n = 100_000;
    let dir = table_project(n, 2);
    let out = trame(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let docx = dir.path().join("out/echelle.docx");
    let text = document_text(&docx);
    assert!(
        text.contains("100000 lignes, total 450000."),
        "{}",
        &text[..300]
    );
    assert!(text.contains("L100000") && text.contains("Observation 2 de la ligne 100000"));
    assert_valid(&docx);
}

#[test]
fn a_five_thousand_row_table_builds_whole_and_valid() {
    let n = 5000;
    let dir = table_project(n, 0);
    let out = trame(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let docx = dir.path().join("out/echelle.docx");
    let text = document_text(&docx);
    let total: usize = (0..n).map(|i| i % 10).sum();
    assert!(
        text.contains(&format!("5000 lignes, total {total}.")),
        "{}",
        &text[..300]
    );
    assert!(text.contains("L000001") && text.contains("L005000"));
    let rows = part(&docx, "word/document.xml").matches("<w:tr>").count();
    // The cover's colour band is a one-row table of its own.
    assert_eq!(rows, n + 2, "every row, the header and the cover's band");
    assert_valid_if_installed(&docx);
    // Deliver, change one value, redline: one changed cell, the rest untouched.
    assert!(
        trame(dir.path(), &["deliver", "--label", "v1"])
            .status
            .success()
    );
    change_cell(
        &dir.path().join("data/lignes.xlsx"),
        "Lignes",
        2500,
        1,
        calamine::Data::String("Orientation".into()),
    );
    let out = trame(dir.path(), &["redline", "--against", "v1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(
            "(1 insertion, 1 suppression, 0 déplacement, 0 mise en forme, 1 tableau modifié)"
        ),
        "{}",
        stdout(&out)
    );
}
