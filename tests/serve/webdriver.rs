//! A minimal WebDriver client (the W3C protocol's JSON over HTTP, with ureq)
//! driving Debian's chromium through its chromedriver: enough to open a
//! page, find, click and type, run a script, and take a screenshot.
#![allow(dead_code)]

use serde_json::{Value, json};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A headless chromium session, closed (and its driver stopped) when dropped.
pub struct Browser {
    driver: Child,
    session: String,
    agent: ureq::Agent,
    _profile: tempfile::TempDir,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Browser {
    /// Starts chromedriver and a fresh headless chromium whose downloads go
    /// to `downloads`.
    pub fn start(downloads: &Path) -> Browser {
        let port = free_port();
        let driver = Command::new("/usr/bin/chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("run chromedriver");
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(300)))
            .build()
            .into();
        let base = format!("http://127.0.0.1:{port}");
        super::support::wait_for(30, "chromedriver prêt", || {
            let mut r = agent.get(format!("{base}/status")).call().ok()?;
            let v: Value = serde_json::from_str(&r.body_mut().read_to_string().ok()?).ok()?;
            v["value"]["ready"].as_bool().filter(|r| *r)
        });
        let profile = tempfile::tempdir().unwrap();
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--window-size=1280,1000",
                    "--lang=fr-FR",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
                "prefs": {
                    "download.default_directory": downloads.display().to_string(),
                    "download.prompt_for_download": false,
                },
            },
        }}});
        let mut browser = Browser {
            driver,
            session: String::new(),
            agent,
            _profile: profile,
        };
        let created = browser.send("POST", &format!("{base}/session"), Some(capabilities));
        browser.session = format!(
            "{base}/session/{}",
            created["sessionId"].as_str().expect("session id")
        );
        browser
    }

    fn send(&self, method: &str, url: &str, body: Option<Value>) -> Value {
        self.try_send(method, url, body)
            .unwrap_or_else(|e| panic!("WebDriver {method} {url}: {e}"))
    }

    /// The command's value, or the driver's error (status and JSON).
    fn try_send(&self, method: &str, url: &str, body: Option<Value>) -> Result<Value, String> {
        let mut response = match method {
            "GET" => self.agent.get(url).call(),
            "DELETE" => self.agent.delete(url).call(),
            _ => self
                .agent
                .post(url)
                .header("Content-Type", "application/json")
                .send(body.unwrap_or(json!({})).to_string().as_bytes()),
        }
        .expect("WebDriver request");
        let status = response.status().as_u16();
        let text = response
            .body_mut()
            .with_config()
            .limit(64 << 20)
            .read_to_string()
            .expect("WebDriver answer");
        let value: Value = serde_json::from_str(&text).expect("WebDriver JSON");
        if status == 200 {
            Ok(value["value"].clone())
        } else {
            Err(format!("{status} {text}"))
        }
    }

    fn command(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.send(method, &format!("{}{path}", self.session), body)
    }

    pub fn goto(&self, url: &str) {
        self.command("POST", "/url", Some(json!({ "url": url })));
    }

    /// Runs `script` (a function body; arguments in `arguments`) and returns its value.
    pub fn script(&self, script: &str, args: Value) -> Value {
        self.command(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// The element matching `css` (it must exist).
    pub fn find(&self, css: &str) -> String {
        let v = self.command(
            "POST",
            "/element",
            Some(json!({ "using": "css selector", "value": css })),
        );
        v[ELEMENT].as_str().expect("element id").to_string()
    }

    /// Clicks the element matching `css`, brought to the middle of the
    /// window first (the results bar sits at the bottom). The page swaps
    /// fragments when the project changes: a click on an element replaced
    /// meanwhile is tried again on its replacement.
    pub fn click(&self, css: &str) {
        for _ in 0..5 {
            let id = self.find(css);
            self.script(
                "document.querySelector(arguments[0]).scrollIntoView({block: 'center'});",
                json!([css]),
            );
            let url = format!("{}/element/{id}/click", self.session);
            match self.try_send("POST", &url, None) {
                Ok(_) => return,
                Err(e) if e.contains("stale element reference") => {
                    std::thread::sleep(Duration::from_millis(200))
                }
                Err(e) => panic!("WebDriver click {css}: {e}"),
            }
        }
        panic!("WebDriver click {css}: l'élément est sans cesse remplacé");
    }

    /// Types `text` into the element (a file input takes a file's path).
    pub fn type_into(&self, css: &str, text: &str) {
        let id = self.find(css);
        self.command(
            "POST",
            &format!("/element/{id}/value"),
            Some(json!({ "text": text })),
        );
    }

    /// The visible text of the first element matching `css` ("" if none).
    pub fn text(&self, css: &str) -> String {
        self.script(
            "const e = document.querySelector(arguments[0]); return e ? e.innerText : '';",
            json!([css]),
        )
        .as_str()
        .unwrap_or("")
        .to_string()
    }

    /// Waits until the text of `css` contains `needle`; returns that text.
    pub fn wait_text(&self, css: &str, needle: &str, secs: u64) -> String {
        super::support::wait_for(secs, &format!("« {needle} » dans {css}"), || {
            let t = self.text(css);
            t.contains(needle).then_some(t)
        })
    }

    /// Scrolls the element matching `css` to the top of the window.
    pub fn scroll_to(&self, css: &str) {
        self.script(
            "document.querySelector(arguments[0]).scrollIntoView({block: 'start'});",
            json!([css]),
        );
    }

    /// Writes a PNG screenshot of the window to `path`.
    pub fn screenshot(&self, path: &Path) {
        let b64 = self.command("GET", "/screenshot", None);
        let png = base64_decode(b64.as_str().expect("base64"));
        assert!(png.starts_with(b"\x89PNG"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, png).unwrap();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.agent.delete(&self.session).call();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Standard base64 (screenshots), ignoring padding.
fn base64_decode(s: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("base64: {c}"),
    };
    let digits: Vec<u8> = s.bytes().filter(|&c| c != b'=').map(value).collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &d)| acc | (d as u32) << (18 - 6 * i));
        out.extend(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}

#[test]
fn base64_decodes() {
    assert_eq!(base64_decode("aGVsbG8="), b"hello");
    assert_eq!(base64_decode("aGk="), b"hi");
    assert_eq!(base64_decode("YWJj"), b"abc");
}
