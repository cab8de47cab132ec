//! `trame serve`: the local page, driven over HTTP as a browser would, and
//! in a real headless browser (tests/serve/browser.rs).

#[path = "serve/browser.rs"]
mod browser;
mod common;
#[path = "serve/support.rs"]
mod support;
#[path = "serve/webdriver.rs"]
mod webdriver;

use common::*;
use support::*;

const DOCUMENTS: [&str; 4] = [
    "evaluation",
    "module-fds",
    "module-magistrats",
    "formation-formateurs",
];

#[test]
fn the_page_lists_the_documents_builds_once_at_a_time_and_serves_the_files() {
    let dir = sample_project();
    let server = Server::start(dir.path(), &[]);
    assert!(
        server.url.starts_with("http://127.0.0.1:"),
        "{}",
        server.url
    );
    let (status, page) = get(&server.url);
    assert_eq!(status, 200);
    assert!(page.contains("<html lang=\"fr\">"));
    for name in DOCUMENTS {
        assert!(
            page.contains(&format!("<tr data-document=\"{name}\">")),
            "{name} absent de la page"
        );
    }
    // No resource from elsewhere.
    assert!(!page.contains("http://") && !page.contains("https://"));

    let (status, body) = get(&format!("{}/telecharger/evaluation.docx", server.base));
    assert_eq!(status, 404);
    assert!(
        body.contains("« evaluation » n'a pas encore été produit"),
        "{body}"
    );

    // Two clicks at once: one builds, the other is told to wait.
    let url = format!("{}/produire", server.base);
    let clicks: Vec<_> = (0..2)
        .map(|i| {
            let url = url.clone();
            std::thread::spawn(move || {
                std::thread::sleep(std::time::Duration::from_millis(300 * i));
                post(&url, b"")
            })
        })
        .collect();
    let mut answers: Vec<(u16, String)> = clicks.into_iter().map(|t| t.join().unwrap()).collect();
    answers.sort();
    assert_eq!(answers[0].0, 200, "{}", answers[0].1);
    assert!(
        // The four reports and the 24 attestations of the training of trainers.
        answers[0].1.contains("28 documents produits"),
        "{}",
        answers[0].1
    );
    assert_eq!(answers[1].0, 409);
    assert!(
        answers[1].1.contains(
            "Une production est déjà en cours : attendez qu'elle se termine, puis recommencez."
        ),
        "{}",
        answers[1].1
    );

    let (status, bytes) = get_bytes(&format!("{}/telecharger/evaluation.docx", server.base));
    assert_eq!(status, 200);
    let on_disk = std::fs::read(dir.path().join("out/evaluation-besoins.docx")).unwrap();
    assert_eq!(bytes, on_disk);
    let downloaded = dir.path().join("telecharge.docx");
    std::fs::write(&downloaded, &bytes).unwrap();
    assert!(document_text(&downloaded).contains("Remerciements"));
    assert_valid_if_installed(&downloaded);

    // A returned file gives the matrix, with the source to edit.
    let returned = returned_copy(&dir.path().join("out/evaluation-besoins.docx"));
    let (status, matrix) = post(
        &format!("{}/relecture?nom=retour-CNCLTPPA.docx", server.base),
        &returned,
    );
    assert_eq!(status, 200, "{matrix}");
    assert!(
        matrix.contains("1 élément relevé dans 1 fichier."),
        "{matrix}"
    );
    assert!(matrix.contains("data-auteur=\"Awa Traoré (CNCLTPPA)\" data-type=\"insertion\""));
    assert!(
        matrix.contains("<td>insertion</td><td>Remerciements</td><td> et partenaires</td>"),
        "{matrix}"
    );
    assert!(
        matrix.contains("<td class=\"source\">blueprints/partials/mentions.md.j2, ligne "),
        "{matrix}"
    );
    let (status, xlsx) = get_bytes(&format!("{}/relecture/matrice.xlsx", server.base));
    assert_eq!(status, 200);
    let path = dir.path().join("matrice.xlsx");
    std::fs::write(&path, xlsx).unwrap();
    let rows = read_sheet(&path, "Matrice");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][6].to_string(), "Awa Traoré (CNCLTPPA)");
}

#[test]
fn no_request_reaches_a_file_outside_what_the_project_serves() {
    let dir = sample_project();
    let outside = dir.path().parent().unwrap().join("secret-serve.docx");
    std::fs::write(&outside, "CONTENU SECRET").unwrap();
    std::fs::write(dir.path().join("out.docx"), "CONTENU SECRET").unwrap();
    let server = Server::start(dir.path(), &[]);
    for path in [
        "/../secret-serve.docx",
        "/telecharger/../../secret-serve.docx",
        "/telecharger/..%2F..%2Fsecret-serve.docx",
        "/telecharger/%2e%2e%2f%2e%2e%2fsecret-serve.docx",
        "/telecharger/out.docx",
        "/telecharger//etc/passwd",
        "/trame.yaml",
        "/data/evaluation-besoins.xlsx",
        "/apercu/..%2F..%2Fsecret-serve/1.png",
        "/livraisons/..%2F..%2F/secret-serve.docx",
        "/livraisons/v1/..%2F..%2Fsecret-serve.docx",
        "/%2e%2e/%2e%2e/etc/passwd",
    ] {
        let (status, answer) = raw_get(&server, path);
        assert_eq!(status, 404, "{path}: {answer}");
        assert!(
            answer.contains("Page introuvable") || answer.contains("n'a pas encore été produit"),
            "{path}: {answer}"
        );
        assert!(
            !answer.contains("CONTENU SECRET") && !answer.contains("root:"),
            "{path}"
        );
    }
    let _ = std::fs::remove_file(outside);
}

#[test]
fn uploads_must_be_word_files_within_limits() {
    let dir = sample_project();
    let server = Server::start(dir.path(), &[]);
    let upload =
        |name: &str, bytes: &[u8]| post(&format!("{}/relecture?nom={name}", server.base), bytes);
    let (status, body) = upload("notes.pdf", b"%PDF-1.4");
    assert_eq!(status, 400);
    assert!(
        body.contains("« notes.pdf » n'est pas un fichier Word (.docx)"),
        "{body}"
    );
    let (status, body) = upload("faux.docx", b"ceci n'est pas une archive");
    assert_eq!(status, 422);
    assert!(body.contains("faux.docx"), "{body}");
    assert!(!body.contains("Zip") && !body.contains("EOF"), "{body}");

    let (status, body) = upload("bombe.docx", &zip_bomb());
    assert_eq!(status, 422);
    assert!(
        body.contains("bombe.docx : partie « word/document.xml »") && body.contains("bombe zip ?"),
        "{body}"
    );

    // Too large: refused from its declared length, before reading it.
    let (status, answer) = raw(
        server.host(),
        &format!(
            "POST /relecture?nom=gros.docx HTTP/1.0\r\nHost: {}\r\nX-Trame: 1\r\nContent-Length: 60000000\r\n\r\n",
            server.host()
        ),
    );
    assert_eq!(status, 413, "{answer}");
    assert!(
        answer.contains("gros.docx : fichier trop volumineux (57,2 Mo), la limite est 50 Mo"),
        "{answer}"
    );

    // Without the page's header (a form on another site): refused.
    let mut r = agent()
        .post(format!("{}/relecture?nom=a.docx", server.base))
        .send(&b"x"[..])
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    assert!(
        r.body_mut()
            .read_to_string()
            .unwrap()
            .contains("elle ne vient pas de la page de trame")
    );

    // Nothing was kept.
    let (_, page) = get(&format!("{}/relecture/matrice.xlsx", server.base));
    assert!(page.contains("Aucun fichier relu"), "{page}");
}

#[test]
fn on_loopback_another_host_name_is_refused() {
    let dir = sample_project();
    let server = Server::start(dir.path(), &[]);
    let (status, answer) = raw(
        server.host(),
        "GET / HTTP/1.0\r\nHost: attaquant.example:80\r\n\r\n",
    );
    assert_eq!(status, 403);
    assert!(answer.contains("Accès refusé"), "{answer}");
}

#[test]
fn under_ecoute_every_request_needs_the_token() {
    let dir = sample_project();
    let server = Server::start(dir.path(), &["--ecoute", "127.0.0.1"]);
    let token = server
        .url
        .split("?jeton=")
        .nth(1)
        .expect("token in the printed address")
        .to_string();
    assert_eq!(token.len(), 32);
    for path in [
        "/",
        "/evenements",
        "/fragments/etat",
        "/telecharger/evaluation.docx",
        "/page.js",
    ] {
        let (status, body) = get(&format!("{}{path}", server.base));
        assert_eq!(status, 403, "{path}");
        assert!(
            body.contains("Accès refusé : ouvrez l'adresse complète affichée par « trame serve »"),
            "{body}"
        );
    }
    let (status, _) = get(&format!(
        "{}/?jeton=0123456789abcdef0123456789abcdef",
        server.base
    ));
    assert_eq!(status, 403);
    let (status, _) = post(&format!("{}/produire", server.base), b"");
    assert_eq!(status, 403);

    // The printed address works, and sets the cookie for the next requests.
    let r = agent().get(&server.url).call().unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let cookie = r
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .expect("cookie")
        .to_string();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    let pair = cookie.split(';').next().unwrap();
    let mut r = agent()
        .get(format!("{}/fragments/etat", server.base))
        .header("Cookie", pair)
        .call()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert!(
        r.body_mut()
            .read_to_string()
            .unwrap()
            .contains("evaluation")
    );
}

#[test]
#[cfg_attr(
    trame_no_soffice,
    ignore = "LibreOffice (soffice, python3-uno, pdftotext) introuvable"
)]
fn previews_are_page_images_and_the_pdf_downloads() {
    let dir = sample_project();
    let server = Server::start(dir.path(), &[]);
    let (status, body) = post(
        &format!("{}/produire?document=formation-formateurs", server.base),
        b"",
    );
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("1 document produit"), "{body}");
    let (status, png) = get_bytes(&format!(
        "{}/apercu/formation-formateurs/1.png",
        server.base
    ));
    assert_eq!(status, 200);
    assert!(png.starts_with(b"\x89PNG"));
    let (status, pdf) = get_bytes(&format!(
        "{}/telecharger/formation-formateurs.pdf",
        server.base
    ));
    assert_eq!(status, 200);
    assert!(pdf.starts_with(b"%PDF"));
    let (status, _) = get(&format!(
        "{}/apercu/formation-formateurs/4.png",
        server.base
    ));
    assert_eq!(status, 404);
}
