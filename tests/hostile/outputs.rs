//! Hostile outputs: see tests/hostile.rs.

#[allow(unused_imports)]
use crate::common::*;
#[allow(unused_imports)]
use crate::support::*;

const LEAK: &str = "Entretien avec Nom Secret Deux à Bamako.\n";
const CLEAN: &str =
    "# Constats\n\n{% for c in constats %}\n- {{ c.code }} : {{ c.theme }}\n{% endfor %}\n";

fn mini() -> MiniProject {
    MiniProject::new(CLEAN, &MiniProject::good_rows())
}

const LEAK_MESSAGE: &str = "la valeur de data/constats.xlsx, feuille « Constats », cellule F3 (colonne « Nom ») y apparaît ; rien n'a été écrit";

#[test]
fn redline_refuses_what_build_refuses() {
    let p = mini();
    let deliver = trame(p.path(), &["deliver", "--label", "v1"]);
    assert!(deliver.status.success(), "{}", stderr(&deliver));
    let before = snapshot(&p.path().join("out"));
    p.write_blueprint(&format!("{CLEAN}\n{LEAK}"));
    let out = trame(p.path(), &["redline", "--against", "v1"]);
    refused(
        &out,
        &[
            "out/redline-v1/rapport.docx : donnée confidentielle trouvée",
            LEAK_MESSAGE,
        ],
    );
    unchanged(p.path(), &before);
    assert!(!p.path().join("out/redline-v1").exists());
}

#[test]
fn check_and_markdown_export_refuse_a_leak() {
    let p = mini();
    let before = built_once(p.path());
    p.write_blueprint(LEAK);
    refused(&trame(p.path(), &["check"]), &[LEAK_MESSAGE]);
    let out = trame(p.path(), &["build", "--markdown"]);
    refused(
        &out,
        &[
            "out/rapport.md : donnée confidentielle trouvée",
            LEAK_MESSAGE,
        ],
    );
    unchanged(p.path(), &before);
}

#[test]
fn short_values_match_whole_words_only() {
    let p = mini();
    let mut rows = MiniProject::good_rows();
    rows[0][5] = V::S("Ali");
    p.write_rows(&rows);
    p.write_blueprint("Alimata et Kalifa ont répondu.\n");
    let ok = p.build();
    assert!(
        ok.status.success(),
        "a word containing the value is not the value: {}",
        stderr(&ok)
    );
    let before = snapshot(&p.path().join("out"));
    p.write_blueprint("Alimata et ALI ont répondu.\n");
    refused(&p.build(), &["cellule F2 (colonne « Nom »)"]);
    unchanged(p.path(), &before);
}

#[test]
fn document_properties_and_headers_are_scanned() {
    let p = mini();
    let before = built_once(p.path());
    let yaml = std::fs::read_to_string(p.path().join("trame.yaml")).unwrap();
    std::fs::write(
        p.path().join("trame.yaml"),
        yaml.replace(
            "    output: out/rapport.docx\n",
            "    output: out/rapport.docx\n    title: Dossier Nom secret un\n",
        ),
    )
    .unwrap();
    let err = refused(
        &p.build(),
        &["docProps/core.xml", "cellule F2 (colonne « Nom »)"],
    );
    assert!(
        err.contains("word/header"),
        "the running header carries the title: {err}"
    );
    unchanged(p.path(), &before);
}

#[test]
fn alternative_text_of_images_is_scanned() {
    let p = mini();
    let before = built_once(p.path());
    std::fs::write(p.path().join("blueprints/photo.png"), tiny_png()).unwrap();
    p.write_blueprint("{{ image(\"blueprints/photo.png\", caption=\"Atelier\", alt=\"Portrait de Nom secret deux\") }}\n");
    refused(&p.build(), &["word/document.xml", LEAK_MESSAGE]);
    unchanged(p.path(), &before);
}

#[test]
fn messages_never_show_a_confidential_value() {
    let p = mini();
    let before = built_once(p.path());
    p.write_blueprint("{{ \"Nom secret un\" ~ variable_inconnue }}\n");
    let err = refused(&p.build(), &["blueprints/rapport.md.j2, ligne 1"]);
    assert!(!err.to_lowercase().contains("nom secret un"), "{err}");
    assert!(err.contains("[valeur confidentielle masquée]"), "{err}");
    unchanged(p.path(), &before);
}

#[test]
fn outputs_never_go_through_a_link_out_of_the_project() {
    let p = mini();
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(p.path().join("out")).unwrap();
    std::os::unix::fs::symlink(outside.path(), p.path().join("out/ailleurs")).unwrap();
    let yaml = std::fs::read_to_string(p.path().join("trame.yaml")).unwrap();
    std::fs::write(
        p.path().join("trame.yaml"),
        yaml.replace("out/rapport.docx", "out/ailleurs/rapport.docx"),
    )
    .unwrap();
    refused(
        &p.build(),
        &[
            "out/ailleurs/rapport.docx : écriture refusée : un dossier du chemin est un lien vers l'extérieur du projet",
        ],
    );
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
}

#[test]
fn an_out_folder_that_is_a_link_elsewhere_is_refused() {
    let p = mini();
    let outside = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), p.path().join("out")).unwrap();
    refused(&p.build(), &["écriture refusée"]);
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
}

#[test]
fn a_failed_pdf_leaves_the_previous_pdf_whole() {
    let p = mini();
    let before = built_once(p.path());
    std::fs::write(p.path().join("out/rapport.pdf"), b"%PDF-1.7 ancien").unwrap();
    let empty = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_trame"))
        .args(["build", "--pdf"])
        .current_dir(p.path())
        .env("PATH", empty.path())
        .env("TRAME_SOFFICE", empty.path().join("soffice"))
        .output()
        .unwrap();
    refused(&out, &["out/rapport.docx : LibreOffice est introuvable"]);
    assert_eq!(
        std::fs::read(p.path().join("out/rapport.pdf")).unwrap(),
        b"%PDF-1.7 ancien"
    );
    let docx = before
        .iter()
        .find(|(f, _)| f.ends_with("rapport.docx"))
        .unwrap();
    assert_eq!(
        &std::fs::read(&docx.0).unwrap(),
        &docx.1,
        "the document is the same build"
    );
}

#[test]
fn deliveries_live_outside_out_and_old_ones_are_moved() {
    let p = mini();
    assert!(
        trame(p.path(), &["deliver", "--label", "v1"])
            .status
            .success()
    );
    assert!(p.path().join("livraisons/v1/livraison.json").is_file());
    assert!(!p.path().join("out/livraisons").exists());
    // A project from before: deliveries under out/.
    std::fs::rename(p.path().join("livraisons"), p.path().join("out/livraisons")).unwrap();
    let out = trame(p.path(), &["redline", "--against", "v1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("les livraisons ont été déplacées de out/livraisons vers livraisons/"),
        "{}",
        stderr(&out)
    );
    assert!(p.path().join("livraisons/v1/livraison.json").is_file());
    assert!(p.path().join("out/redline-v1/rapport.docx").is_file());
}

fn tiny_png() -> Vec<u8> {
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, 2, 2);
        encoder.set_color(png::ColorType::Rgb);
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(&[200; 12]).unwrap();
    }
    bytes
}

#[test]
fn words_drawn_in_a_chart_are_scanned() {
    let p = mini();
    let chart = "{{ chart(constats, x=\"code\", y=\"nombre\", labels=[\"LABEL\"], caption=\"Constats\") }}\n";
    p.write_blueprint(&chart.replace("LABEL", "Réponses"));
    let before = built_once(p.path());
    p.write_blueprint(&chart.replace("LABEL", "Nom secret deux"));
    refused(&p.build(), &["word/charts/chart1.xml", LEAK_MESSAGE]);
    unchanged(p.path(), &before);
}

#[test]
fn an_output_that_is_a_folder_is_refused_and_nothing_else_changes() {
    let p = mini();
    let yaml = std::fs::read_to_string(p.path().join("trame.yaml")).unwrap();
    std::fs::write(
        p.path().join("trame.yaml"),
        yaml.replace(
            "documents:\n",
            "documents:\n  autre:\n    blueprint: rapport.md.j2\n    output: out/autre.docx\n",
        ),
    )
    .unwrap();
    let before = built_once(p.path());
    std::fs::remove_file(p.path().join("out/autre.docx")).unwrap();
    std::fs::create_dir(p.path().join("out/autre.docx")).unwrap();
    let before: Vec<_> = before
        .into_iter()
        .filter(|(f, _)| !f.ends_with("autre.docx"))
        .collect();
    refused(
        &p.build(),
        &["out/autre.docx : impossible de remplacer le fichier"],
    );
    unchanged(p.path(), &before);
}

#[test]
fn leftover_temporary_files_do_not_disturb_a_build() {
    let p = mini();
    built_once(p.path());
    std::fs::write(p.path().join("out/.rapport.docx.1.tmp"), b"reste").unwrap();
    let out = p.build();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        part(&p.path().join("out/rapport.docx"), "word/document.xml").contains("Identification")
    );
}

#[test]
fn two_builds_at_once_leave_whole_files() {
    let p = mini();
    let reference = {
        built_once(p.path());
        std::fs::read(p.path().join("out/rapport.docx")).unwrap()
    };
    let spawn = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_trame"))
            .arg("build")
            .current_dir(p.path())
            .env_remove("SOURCE_DATE_EPOCH")
            .output()
    };
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(spawn);
        let b = s.spawn(spawn);
        (a.join().unwrap().unwrap(), b.join().unwrap().unwrap())
    });
    assert!(
        a.status.success() && b.status.success(),
        "{} {}",
        stderr(&a),
        stderr(&b)
    );
    assert_eq!(
        std::fs::read(p.path().join("out/rapport.docx")).unwrap(),
        reference
    );
}

#[test]
fn a_used_or_bad_label_is_refused_before_anything_is_built() {
    let p = mini();
    assert!(
        trame(p.path(), &["deliver", "--label", "v1"])
            .status
            .success()
    );
    let before = snapshot(&p.path().join("out"));
    p.write_blueprint("# Autre texte\n");
    refused(
        &trame(p.path(), &["deliver", "--label", "v1"]),
        &["livraisons/v1 : cette livraison existe déjà"],
    );
    refused(
        &trame(p.path(), &["deliver", "--label", "../v2"]),
        &["étiquette « ../v2 » invalide"],
    );
    unchanged(p.path(), &before);
}

#[test]
fn bytes_changed_after_their_scan_are_not_written() {
    let p = mini();
    let session = trame::build::Session::load(p.path()).unwrap();
    let mut built = session.render(&Default::default(), None).unwrap();
    // A document changed after the render scanned it (as a careless second
    // writing would): the writer refuses it rather than write unscanned bytes.
    built[0].bytes = LEAK.as_bytes().to_vec();
    let refused = session.write_built(&mut built).unwrap_err().to_string();
    assert!(
        refused.contains("out/rapport.docx : contrôle de confidentialité non fait"),
        "{refused}"
    );
    assert!(!refused.contains("Nom Secret"), "{refused}");
    assert!(!p.path().join("out/rapport.docx").exists());
    // Scanned again, the leak is found and named.
    let leak = built[0].scan(&session.guard).unwrap_err().to_string();
    assert!(leak.contains("donnée confidentielle trouvée"), "{leak}");
    // A document as rendered is written without a second scan.
    let mut fresh = session.render(&Default::default(), None).unwrap();
    session.write_built(&mut fresh).unwrap();
    assert!(p.path().join("out/rapport.docx").exists());
}
