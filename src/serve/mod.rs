//! `trame serve`: one local web page for the project, for people who never
//! open a terminal. It shows the sources, the documents and the current
//! problems (as `trame check`), builds and downloads documents with
//! previews, updates itself when a workbook or blueprint is saved (the
//! watching of `trame watch`), turns returned review files into the
//! resolution matrix, and records deliveries and their redlines.
//!
//! The server is `tiny_http`: synchronous, small, no async runtime. That is
//! enough here: the page has one user (or a colleague or two), every request
//! runs on its own thread, and the one long-lived connection per open page
//! (server-sent events) is a thread blocked on a condition variable, woken
//! when the state changes. axum on tokio would bring an async runtime and a
//! large dependency tree for no gain at this scale. The page is rendered on
//! the server; a small plain script (embedded, no build chain) swaps
//! fragments and sends files; no resource comes from elsewhere.
//!
//! Security: bound to the loopback address unless `--ecoute` is given, and
//! then every request needs the token printed at start (see [`access`]);
//! uploads are bounded and read by the review reader with its limits; no
//! path in a request is used as a file path (see [`routes`]); one build,
//! delivery or redline at a time (see [`actions`]).

mod access;
mod actions;
mod events;
mod html;
mod http;
mod page;
mod preview;
mod returned;
mod routes;
mod state;

use crate::diag::{Diagnostic, Problems};
use std::io::Write;
use std::net::{IpAddr, Ipv4Addr};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Options of `trame serve`.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Port to listen on; 0 for a free port chosen by the system.
    pub port: u16,
    /// Open the page in the default browser.
    pub open: bool,
    /// Listen on this address (local network) instead of loopback; then a
    /// token is required.
    pub listen: Option<String>,
}

/// The default port.
pub const DEFAULT_PORT: u16 = 8650;

/// Requests handled at once (each live page holds one).
const MAX_THREADS: usize = 64;

fn problem(message: String) -> Problems {
    Problems::one(Diagnostic::file("trame serve", message))
}

/// Serves the project in `root` until the process is stopped. Prints the
/// address (with the token under `--ecoute`) on its first line of output.
pub fn serve(root: &Path, options: &Options) -> Result<(), Problems> {
    if !root.join(crate::project::PROJECT_FILE).is_file() {
        return Err(Problems::one(Diagnostic::file(
            root.join(crate::project::PROJECT_FILE)
                .display()
                .to_string(),
            "aucun projet trame dans ce dossier (trame.yaml introuvable) : lancez la commande dans le dossier du projet, ou indiquez-le avec -C",
        )));
    }
    let ip: IpAddr = match &options.listen {
        None => IpAddr::V4(Ipv4Addr::LOCALHOST),
        Some(text) => text.trim().parse().map_err(|_| {
            problem(format!(
                "adresse d'écoute « {text} » invalide : donnez une adresse IP de cet ordinateur, par exemple 192.168.1.20 (ou 0.0.0.0 pour toutes)"
            ))
        })?,
    };
    let server = tiny_http::Server::http((ip, options.port)).map_err(|e| {
        let reason = e
            .downcast_ref::<std::io::Error>()
            .map(|io| match io.kind() {
                std::io::ErrorKind::AddrInUse => format!(
                    "le port {} est déjà utilisé (une autre page trame est-elle ouverte ?) : choisissez-en un autre avec --port, ou --port 0 pour un port libre",
                    options.port
                ),
                std::io::ErrorKind::AddrNotAvailable => {
                    format!("l'adresse {ip} n'appartient pas à cet ordinateur")
                }
                _ => crate::io_reason(io),
            })
            .unwrap_or_else(|| "démarrage du serveur impossible".into());
        problem(reason)
    })?;
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .unwrap_or(options.port);
    let (access, url) = match &options.listen {
        None => (
            access::Access::loopback(port),
            format!("http://127.0.0.1:{port}/"),
        ),
        Some(_) => {
            let token = access::new_token().map_err(problem)?;
            let host = match ip {
                IpAddr::V6(v6) => format!("[{v6}]"),
                IpAddr::V4(v4) => v4.to_string(),
            };
            let url = format!("http://{host}:{port}/?jeton={token}");
            (access::Access::with_token(token), url)
        }
    };
    // A closed terminal must not stop the page: printing errors are ignored.
    let say = |line: &str| {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{line}").and_then(|_| out.flush());
    };
    say(&format!("Page du projet : {url}"));
    if access.token().is_some() {
        say(
            "Cette adresse contient un jeton secret : ne la donnez qu'aux personnes qui doivent voir le projet.",
        );
        if ip.is_unspecified() {
            say(&format!(
                "(remplacez {ip} par l'adresse de cet ordinateur sur le réseau local pour l'ouvrir depuis un autre poste)"
            ));
        }
    }
    say("Arrêtez avec Ctrl+C.");
    let app = Arc::new(routes::App {
        state: state::State::new(root),
        access,
        previews: preview::Previews::new(),
        returned: Default::default(),
    });
    watch_project(&app);
    if options.open {
        open_browser(&url);
    }
    let active = Arc::new(AtomicUsize::new(0));
    for request in server.incoming_requests() {
        if active.load(Ordering::SeqCst) >= MAX_THREADS {
            let _ = request.respond(http::message(
                503,
                "Trop de demandes à la fois : fermez des onglets de la page, puis rechargez-la.",
            ));
            continue;
        }
        active.fetch_add(1, Ordering::SeqCst);
        let (app, active) = (app.clone(), active.clone());
        std::thread::spawn(move || {
            handle(&app, request);
            active.fetch_sub(1, Ordering::SeqCst);
        });
    }
    Ok(())
}

/// Checks the project at start and after every burst of saves, on a thread
/// of its own; if watching is impossible, checks once and says so.
fn watch_project(app: &Arc<routes::App>) {
    let app = app.clone();
    std::thread::spawn(move || {
        let root = app.state.root().to_path_buf();
        if let Err(m) = crate::watch::watch(&root, |documents| app.state.refresh(documents)) {
            eprintln!(
                "trame : {m} ; la page ne se mettra pas à jour d'elle-même (rechargez-la après vos modifications)"
            );
            app.state.refresh(&[]);
        }
    });
}

/// One request: access check, then the live channel or an answer.
fn handle(app: &routes::App, mut request: tiny_http::Request) {
    let (path, query) = http::split_url(request.url());
    let set_cookie = match app.access.check(&request, &query) {
        access::Verdict::Refused(reply) => {
            let _ = request.respond(reply);
            return;
        }
        access::Verdict::Allowed { set_cookie } => set_cookie,
    };
    if *request.method() == tiny_http::Method::Get && path == ["evenements"] {
        events::stream(&app.state, request.into_writer());
        return;
    }
    let mut reply = routes::answer(app, &mut request, &path, &query);
    if set_cookie && let Some(cookie) = app.access.cookie() {
        reply = http::with_header(reply, "Set-Cookie", &cookie);
    }
    let _ = request.respond(reply);
}

/// Opens `url` in the default browser; says so if it cannot.
fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "windows") {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else {
        std::process::Command::new("xdg-open")
    };
    if command.arg(url).spawn().is_err() {
        eprintln!("trame : impossible d'ouvrir le navigateur ; ouvrez vous-même l'adresse {url}");
    }
}
