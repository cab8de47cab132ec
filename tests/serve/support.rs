//! Running `trame serve` on a project, and talking to it over HTTP: with
//! ureq for ordinary requests, and with raw bytes on a socket where the
//! request itself must be exactly what a hostile client sends.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running `trame serve`, stopped when dropped.
pub struct Server {
    child: Child,
    /// The address printed at start (with `?jeton=…` under `--ecoute`).
    pub url: String,
    /// `http://HOST:PORT` without path or token.
    pub base: String,
}

impl Server {
    /// Starts `trame serve --port 0 ARGS` in `dir` and reads the address it prints.
    pub fn start(dir: &Path, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_trame"))
            .args(["serve", "--port", "0"])
            .args(args)
            .current_dir(dir)
            .env_remove("SOURCE_DATE_EPOCH")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("run trame serve");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut first = String::new();
        stdout.read_line(&mut first).expect("first line");
        // Keep reading, as a terminal would.
        std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
        let url = first
            .trim()
            .strip_prefix("Page du projet : ")
            .unwrap_or_else(|| panic!("unexpected first line: {first:?}"))
            .to_string();
        let base = url
            .trim_start_matches("http://")
            .split('/')
            .next()
            .map(|h| format!("http://{h}"))
            .expect("host");
        Server { child, url, base }
    }

    /// `host:port`.
    pub fn host(&self) -> &str {
        self.base.trim_start_matches("http://")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP client that returns every status as a response.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(600)))
        .build()
        .into()
}

/// Status and body (as text) of a GET.
pub fn get(url: &str) -> (u16, String) {
    let mut r = agent().get(url).call().expect("GET");
    let status = r.status().as_u16();
    let body = r
        .body_mut()
        .with_config()
        .limit(200 << 20)
        .read_to_string()
        .unwrap_or_default();
    (status, body)
}

/// Status and bytes of a GET.
pub fn get_bytes(url: &str) -> (u16, Vec<u8>) {
    let mut r = agent().get(url).call().expect("GET");
    let status = r.status().as_u16();
    let body = r
        .body_mut()
        .with_config()
        .limit(200 << 20)
        .read_to_vec()
        .expect("body");
    (status, body)
}

/// Status and body of a POST from the page (with its `X-Trame` header).
pub fn post(url: &str, body: &[u8]) -> (u16, String) {
    let mut r = agent()
        .post(url)
        .header("X-Trame", "1")
        .send(body)
        .expect("POST");
    let status = r.status().as_u16();
    (status, r.body_mut().read_to_string().unwrap_or_default())
}

/// Sends `request` as raw bytes (HTTP/1.0, so the answer is not chunked)
/// and returns the status and the whole answer.
pub fn raw(host: &str, request: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(host).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    stream.write_all(request.as_bytes()).expect("send");
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let text = String::from_utf8_lossy(&answer).to_string();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {text:?}"));
    (status, text)
}

/// A raw GET of `path` exactly as written, with a loopback `Host`.
pub fn raw_get(server: &Server, path: &str) -> (u16, String) {
    raw(
        server.host(),
        &format!(
            "GET {path} HTTP/1.0\r\nHost: {}\r\nConnection: close\r\n\r\n",
            server.host()
        ),
    )
}

/// Waits until `check` gives `Some`, polling; panics with `what` after `secs`.
pub fn wait_for<T>(secs: u64, what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    let start = std::time::Instant::now();
    loop {
        if let Some(v) = check() {
            return v;
        }
        if start.elapsed() > Duration::from_secs(secs) {
            panic!("délai dépassé ({secs} s) : {what}");
        }
        std::thread::sleep(Duration::from_millis(250));
    }
}

/// A reviewer's copy of a built document: one tracked insertion by
/// « Awa Traoré (CNCLTPPA) » after the heading « Remerciements ».
pub fn returned_copy(docx: &Path) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(docx).expect("docx")).expect("zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if name == "word/document.xml" {
            let text = String::from_utf8(bytes).unwrap();
            let anchor = "Remerciements</w:t></w:r>";
            assert!(text.contains(anchor), "heading « Remerciements » not found");
            bytes = text
                .replacen(
                    anchor,
                    &format!(
                        "{anchor}<w:ins w:id=\"9001\" w:author=\"Awa Traoré (CNCLTPPA)\" w:date=\"2024-05-03T10:00:00Z\"><w:r><w:t xml:space=\"preserve\"> et partenaires</w:t></w:r></w:ins>"
                    ),
                    1,
                )
                .into_bytes();
        }
        out.start_file(name.as_str(), options).unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// A Word-looking file whose document part is 20 Mo of zeros, deflated a
/// thousand times smaller: a zip bomb by its compression ratio.
pub fn zip_bomb() -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    out.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    let zeros = vec![b'0'; 1 << 20];
    for _ in 0..20 {
        out.write_all(&zeros).unwrap();
    }
    let bytes = out.finish().unwrap().into_inner();
    assert!(bytes.len() < 200_000, "{}", bytes.len());
    bytes
}
