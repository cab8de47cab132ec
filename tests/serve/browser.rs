//! The page in a real headless browser (chromium through chromedriver):
//! what a user does, in order, with a screenshot of each state in the
//! project's out/ (and a copy under target/ to look at after the run).

use super::common::*;
use super::support::*;
use super::webdriver::Browser;
use serde_json::json;
use std::path::{Path, PathBuf};

/// Where the screenshots are kept after the run (the project is temporary).
fn kept(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("serve-captures")
        .join(name)
}

fn capture(browser: &Browser, project: &Path, name: &str) {
    let path = project.join("out/captures").join(name);
    browser.screenshot(&path);
    std::fs::create_dir_all(kept("").as_path()).unwrap();
    std::fs::copy(&path, kept(name)).unwrap();
}

/// A file that the browser finished downloading into `dir`.
fn downloaded(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    wait_for(60, &format!("téléchargement de {name}"), || {
        let partial = std::fs::read_dir(dir)
            .ok()?
            .filter_map(|e| e.ok())
            .any(|e| e.file_name().to_string_lossy().ends_with(".crdownload"));
        (path.is_file() && !partial).then(|| path.clone())
    })
}

/// The page was not reloaded since `mark()` (the mark lives in the window).
fn not_reloaded(browser: &Browser) -> bool {
    browser.script("return window.marqueDuTest === 42;", json!([])) == json!(true)
}

#[test]
#[cfg_attr(trame_no_chromium, ignore = "chromium/chromedriver introuvables")]
fn a_user_builds_sees_problems_live_reviews_and_delivers_in_the_browser() {
    let dir = sample_project();
    let project = dir.path();
    let downloads = tempfile::tempdir().unwrap();
    let server = Server::start(project, &[]);
    let browser = Browser::start(downloads.path());

    // 1. The page lists the four documents.
    browser.goto(&server.url);
    let table = browser.wait_text("#documents table", "formation-formateurs", 30);
    for name in ["evaluation", "module-fds", "module-magistrats"] {
        assert!(table.contains(name), "{table}");
    }
    browser.wait_text("#problemes", "Aucun problème", 180);
    capture(&browser, project, "1-page.png");

    // 2. Build, then download a Word file that passes the validator.
    browser.click("#documents button[data-action=produire]:not([data-document])");
    // The four reports and the 24 attestations of the training of trainers.
    browser.wait_text("#annonce", "28 documents produits", 300);
    browser.wait_text("#documents table", "à l'instant", 30);
    capture(&browser, project, "2-production.png");
    browser.click("#bandeau button[data-action=fermer]");
    browser.click("a[href='/telecharger/evaluation.docx']");
    let docx = downloaded(downloads.path(), "evaluation-besoins.docx");
    assert!(document_text(&docx).contains("Remerciements"));
    assert_valid_if_installed(&docx);

    // Preview: the first pages as images (LibreOffice), else the text.
    browser.click("details.apercu[data-document=formation-formateurs] summary");
    wait_for(300, "aperçu de formation-formateurs", || {
        let shown = browser.script(
            "const d = document.querySelector('details.apercu[data-document=formation-formateurs]');
             const img = d.querySelector('img');
             if (img) { return img.complete && img.naturalWidth > 0; }
             return d.querySelector('.apercu-texte h4') !== null;",
            json!([]),
        );
        (shown == json!(true)).then_some(())
    });
    browser.scroll_to("details.apercu[data-document=formation-formateurs]");
    capture(&browser, project, "2-apercu.png");

    // 3. An error in a workbook appears, located, without reloading the page.
    browser.script("window.marqueDuTest = 42;", json!([]));
    let workbook = project.join("data/evaluation-besoins.xlsx");
    let rows = read_sheet(&workbook, "Constats");
    let column = rows[0]
        .iter()
        .position(|h| matches!(h, calamine::Data::String(s) if s == "Priorité"))
        .expect("Priorité column");
    let before = rows[1][column].clone();
    change_cell(
        &workbook,
        "Constats",
        1,
        column,
        calamine::Data::String("Urgentissime".into()),
    );
    let cell = format!("{}2", (b'A' + column as u8) as char);
    let place = format!("data/evaluation-besoins.xlsx, feuille « Constats », cellule {cell}");
    let problems = browser.wait_text("#problemes", &place, 180);
    assert!(problems.contains("Urgentissime"), "{problems}");
    assert!(not_reloaded(&browser), "la page a été rechargée");
    browser.scroll_to("#problemes");
    capture(&browser, project, "3-probleme.png");

    // 4. Fixed: the problem goes.
    change_cell(&workbook, "Constats", 1, column, before);
    browser.wait_text("#problemes", "Aucun problème", 180);
    assert!(!browser.text("#problemes").contains(&place));
    assert!(not_reloaded(&browser), "la page a été rechargée");
    capture(&browser, project, "4-corrige.png");

    // 5. A returned review file gives its rows in the matrix.
    let returned = downloads.path().join("retour-CNCLTPPA.docx");
    std::fs::write(
        &returned,
        returned_copy(&project.join("out/evaluation-besoins.docx")),
    )
    .unwrap();
    browser.type_into("#fichiers-relus", &returned.display().to_string());
    let matrix = browser.wait_text("#matrice", "Awa Traoré (CNCLTPPA)", 60);
    assert!(
        matrix.contains("insertion") && matrix.contains("et partenaires"),
        "{matrix}"
    );
    assert!(matrix.contains("blueprints/"), "{matrix}");
    browser.scroll_to("#relecture");
    capture(&browser, project, "5-relecture.png");

    // 6. Record a delivery, change the data, download the redline.
    browser.type_into("#etiquette", "v1");
    browser.click("#nouvelle-livraison button[type=submit]");
    browser.wait_text("#annonce", "Livraison « v1 »", 300);
    browser.wait_text("#liste-livraisons", "v1", 30);
    let trainings = read_sheet(&workbook, "Formations");
    let title = trainings[0]
        .iter()
        .position(|h| matches!(h, calamine::Data::String(s) if s == "Titre"))
        .expect("Titre column");
    let old = trainings[1][title].to_string();
    change_cell(
        &workbook,
        "Formations",
        1,
        title,
        calamine::Data::String(format!("{old} révisée après la livraison")),
    );
    // The redline reads the workbook as saved now.
    browser.click("button[data-action=redline][data-etiquette=v1]");
    browser.wait_text("#annonce", "Différences depuis « v1 »", 300);
    // The list is fetched again after the announcement: wait for the link
    // itself (the document names were there before).
    let link = "#liste-livraisons a[href='/livraisons/v1/evaluation.docx']";
    wait_for(30, "le lien vers les différences", || {
        browser
            .script(
                "return document.querySelector(arguments[0]) !== null;",
                json!([link]),
            )
            .as_bool()
            .filter(|found| *found)
    });
    browser.click(link);
    let redline = downloaded(downloads.path(), "evaluation-differences-v1.docx");
    let xml = part(&redline, "word/document.xml");
    assert!(xml.contains("<w:ins ") && xml.contains("révisée après la livraison"));
    assert_valid_if_installed(&redline);
    browser.scroll_to("#livraisons");
    capture(&browser, project, "6-livraisons.png");
}
