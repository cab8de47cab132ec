//! Every address the page answers, and nothing else.
//!
//! No path in a request is ever used as a file path: documents are found by
//! their name in trame.yaml (whose outputs are confined to the project),
//! redlines by a recorded delivery's label and a document name, previews by
//! document name and page number. Anything else is « page introuvable ».

use super::actions::{self, BUSY, Refusal};
use super::http::{self, Reply};
use super::returned::{self, Returned};
use super::state::State;
use super::{page, preview::Previews};
use crate::confidential::Guard;
use std::io::Read;
use std::sync::Mutex;
use tiny_http::{Method, Request};

/// The server's state and services, shared by all request threads.
pub struct App {
    pub state: State,
    pub access: super::access::Access,
    pub previews: Previews,
    pub returned: Mutex<Returned>,
}

const PAGE_CSS: &str = include_str!("assets/page.css");
const PAGE_JS: &str = include_str!("assets/page.js");

/// Largest Word file served for download.
const MAX_DOWNLOAD_BYTES: u64 = 512 << 20;

/// Answers one request (the live channel excepted: see `events`).
pub fn answer(
    app: &App,
    request: &mut Request,
    path: &[String],
    query: &[(String, String)],
) -> Reply {
    let segments: Vec<&str> = path.iter().map(String::as_str).collect();
    let root = app.state.root();
    match (request.method(), segments.as_slice()) {
        (Method::Get, []) => http::html(
            200,
            page::page(root, &app.state.checked(), &app.state.live(), &app.previews),
        ),
        (Method::Get, ["page.css"]) => http::reply(200, "text/css; charset=utf-8", PAGE_CSS.into()),
        (Method::Get, ["page.js"]) => {
            http::reply(200, "text/javascript; charset=utf-8", PAGE_JS.into())
        }
        (Method::Get, ["couleurs.css"]) => http::reply(
            200,
            "text/css; charset=utf-8",
            page::colours_css(&app.state.checked()).into_bytes(),
        ),
        (Method::Get, ["fragments", "etat"]) => {
            let live = app.state.live();
            http::with_header(
                http::html(
                    200,
                    page::state(root, &app.state.checked(), &live, &app.previews),
                ),
                "X-Trame-Version",
                &live.version.to_string(),
            )
        }
        (Method::Get, ["fragments", "livraisons"]) => {
            http::html(200, page::deliveries(root, &app.state.checked()))
        }
        (Method::Post, ["produire"]) => build(app, http::query(query, "document")),
        (Method::Get, ["telecharger", file]) => download(app, file),
        (Method::Get, ["apercu", name, image]) => page_image(app, name, image),
        (Method::Post, ["relecture"]) => upload(app, request, http::query(query, "nom")),
        (Method::Post, ["relecture", "vider"]) => {
            lock(&app.returned).clear();
            http::html(200, "<p>Aucun fichier relu pour l'instant.</p>".into())
        }
        (Method::Get, ["relecture", "matrice.xlsx"]) => matrix_xlsx(app),
        (Method::Post, ["livraisons"]) => deliver(app, http::query(query, "etiquette")),
        (Method::Post, ["redline"]) => redline(app, http::query(query, "contre")),
        (Method::Get, ["livraisons", label, file]) => redline_download(app, label, file),
        _ => not_found(),
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn not_found() -> Reply {
    http::message(404, "Page introuvable.")
}

fn refused(refusal: Refusal) -> Reply {
    match refusal {
        Refusal::Busy => http::message(409, BUSY),
        Refusal::Problems(p) => http::html(422, super::html::problems(&p.0)),
    }
}

fn build(app: &App, only: Option<&str>) -> Reply {
    let only = only.filter(|d| !d.is_empty());
    match actions::build(&app.state, only) {
        Ok(built) => {
            let mut out = format!(
                "<p class=\"message\" role=\"status\">{} document{s} produit{s} :</p><ul>",
                built.len(),
                s = if built.len() > 1 { "s" } else { "" }
            );
            for b in &built {
                let s = b.summary();
                let name = super::html::escape(&b.name);
                out.push_str(&format!(
                    "<li><a href=\"/telecharger/{}.docx\" download>{name}</a> → {} : ≈ {} pages, {} tableaux, {} figures, {} mots",
                    http::encode(&b.name),
                    super::html::escape(&b.output),
                    s.pages_estimate,
                    s.tables,
                    s.figures,
                    crate::french::format_integer(s.words as i64)
                ));
                if let Some(other) = &b.written_beside {
                    out.push_str(&format!(
                        " — le fichier est ouvert dans un autre programme (Word ?) : la nouvelle version est écrite à côté, {}",
                        super::html::escape(other)
                    ));
                }
                out.push_str("</li>");
            }
            out.push_str("</ul>");
            http::html(200, out)
        }
        Err(refusal) => refused(refusal),
    }
}

/// A built document by name (`NAME.docx`, or `NAME.pdf` through LibreOffice).
fn download(app: &App, file: &str) -> Reply {
    let checked = app.state.checked();
    let (name, pdf) = match (file.strip_suffix(".docx"), file.strip_suffix(".pdf")) {
        (Some(n), _) => (n, false),
        (_, Some(n)) => (n, true),
        _ => return not_found(),
    };
    let Some(doc) = checked.document(name) else {
        return not_found();
    };
    let file_name = std::path::Path::new(&doc.output)
        .file_name()
        .map(|f| f.to_string_lossy().to_string())
        .unwrap_or_else(|| format!("{name}.docx"));
    if pdf {
        return match app.previews.pages(app.state.root(), &doc.output) {
            Ok(pages) => http::download(
                http::PDF,
                &file_name.replace(".docx", ".pdf"),
                pages.pdf.clone(),
            ),
            Err(m) => http::message(404, &format!("PDF indisponible : {m}")),
        };
    }
    match crate::files::read_input(
        app.state.root(),
        &doc.output,
        "document",
        MAX_DOWNLOAD_BYTES,
    ) {
        Ok(bytes) => http::download(http::DOCX, &file_name, bytes),
        Err(_) => http::message(
            404,
            &format!("« {name} » n'a pas encore été produit : cliquez sur « Produire »."),
        ),
    }
}

/// Page `N.png` of a document's preview.
fn page_image(app: &App, name: &str, image: &str) -> Reply {
    let checked = app.state.checked();
    let number = image
        .strip_suffix(".png")
        .and_then(|n| n.parse::<usize>().ok())
        .filter(|n| (1..=super::preview::PAGES).contains(n));
    let (Some(doc), Some(number)) = (checked.document(name), number) else {
        return not_found();
    };
    match app.previews.pages(app.state.root(), &doc.output) {
        Ok(pages) => match pages.images.get(number - 1) {
            Some(png) => http::reply(200, http::PNG, png.clone()),
            None => not_found(),
        },
        Err(m) => http::message(404, &format!("Aperçu indisponible : {m}")),
    }
}

/// A returned review file in the request body, named by `?nom=`.
fn upload(app: &App, request: &mut Request, name: Option<&str>) -> Reply {
    let name = match returned::file_name(name.unwrap_or("")) {
        Ok(n) => n,
        Err(m) => return http::message(400, &m),
    };
    let limit = returned::MAX_FILE_BYTES;
    let too_big = |size: u64| {
        http::message(
            413,
            &format!(
                "{name} : fichier trop volumineux ({}), la limite est {}",
                crate::files::human_bytes(size),
                crate::files::human_bytes(limit)
            ),
        )
    };
    if let Some(size) = request.body_length()
        && size as u64 > limit
    {
        return too_big(size as u64);
    }
    let mut bytes = Vec::new();
    if let Err(e) = request.as_reader().take(limit + 1).read_to_end(&mut bytes) {
        return http::message(
            400,
            &format!("{name} : envoi interrompu ({})", crate::io_reason(&e)),
        );
    }
    if bytes.len() as u64 > limit {
        return too_big(bytes.len() as u64);
    }
    let guard = match Guard::for_project(app.state.root()) {
        Ok(g) => g,
        Err(p) => return unmaskable(&p),
    };
    let mut returned = lock(&app.returned);
    match returned.add(name, bytes) {
        Ok(()) => http::html(
            200,
            returned::matrix_html(&returned, &|t: &str| guard.mask(t)),
        ),
        Err(m) => http::message(422, &m),
    }
}

/// The matrix cannot be shown while confidential values cannot be known.
fn unmaskable(p: &crate::diag::Problems) -> Reply {
    http::html(
        422,
        format!(
            "<p class=\"message erreur\" role=\"alert\">La matrice ne peut pas être montrée tant que les classeurs ont des problèmes : \
             trame ne saurait pas y masquer les valeurs confidentielles.</p>{}",
            super::html::problems(&p.0)
        ),
    )
}

fn matrix_xlsx(app: &App) -> Reply {
    let root = app.state.root();
    let date = crate::project::Project::load(root)
        .map(|p| p.meta.date)
        .unwrap_or_else(|_| chrono::NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid date"));
    let bytes = {
        let returned = lock(&app.returned);
        if returned.file_count() == 0 {
            return http::message(
                404,
                "Aucun fichier relu : déposez d'abord les fichiers .docx relus.",
            );
        }
        match crate::review::write_xlsx(returned.entries(), date) {
            Ok(b) => b,
            Err(_) => {
                return http::message(
                    500,
                    "Écriture du classeur impossible (contenu trop volumineux pour Excel).",
                );
            }
        }
    };
    let guard = match Guard::for_project(root) {
        Ok(g) => g,
        Err(p) => return unmaskable(&p),
    };
    let name = crate::review::DEFAULT_OUTPUT;
    if let Err(p) = guard.check(&[(name.to_string(), bytes.as_slice())]) {
        return http::html(422, super::html::problems(&p.0));
    }
    http::download(http::XLSX, "matrice-relecture.xlsx", bytes)
}

fn deliver(app: &App, label: Option<&str>) -> Reply {
    let label = label.unwrap_or("").trim();
    match actions::deliver(&app.state, label) {
        Ok(d) => http::message(
            200,
            &format!(
                "Livraison « {} » du {} enregistrée ({} documents).",
                d.label,
                d.date,
                d.documents.len()
            ),
        ),
        Err(refusal) => refused(refusal),
    }
}

fn redline(app: &App, label: Option<&str>) -> Reply {
    let label = label.unwrap_or("");
    match actions::redline(&app.state, label) {
        Ok(written) => {
            let mut out = format!(
                "<p class=\"message\" role=\"status\">Différences depuis « {} » :</p><ul>",
                super::html::escape(label)
            );
            for r in &written {
                let s = r.stats;
                out.push_str(&format!(
                    "<li><a href=\"/livraisons/{}/{}.docx\" download>{}</a> : {} insertion(s), {} suppression(s), {} mise(s) en forme, {} tableau(x) modifié(s)</li>",
                    http::encode(label),
                    http::encode(&r.name),
                    super::html::escape(&r.name),
                    s.insertions,
                    s.deletions,
                    s.formatting,
                    s.tables_changed
                ));
            }
            out.push_str("</ul>");
            http::html(200, out)
        }
        Err(refusal) => refused(refusal),
    }
}

/// A redline by delivery label and document name, both checked against
/// what is recorded and declared.
fn redline_download(app: &App, label: &str, file: &str) -> Reply {
    let Some(name) = file.strip_suffix(".docx") else {
        return not_found();
    };
    let root = app.state.root();
    let known = crate::redline::list(root).unwrap_or_default();
    let delivered = known
        .iter()
        .any(|d| d.label == label && d.documents.iter().any(|x| x.name == name));
    let checked = app.state.checked();
    let (true, Some(doc)) = (delivered, checked.document(name)) else {
        return not_found();
    };
    let path = crate::versions::redline_path(&doc.output, label);
    match crate::files::read_input(root, &path, "document", MAX_DOWNLOAD_BYTES) {
        Ok(bytes) => {
            let file_name = format!("{name}-differences-{label}.docx");
            http::download(http::DOCX, &file_name, bytes)
        }
        Err(_) => http::message(
            404,
            "Ces différences n'ont pas encore été produites : cliquez sur « Produire les différences ».",
        ),
    }
}
