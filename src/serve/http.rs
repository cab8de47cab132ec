//! The few HTTP pieces the page needs on top of `tiny_http`: reading the
//! path and query, cookies and headers, and building responses with the
//! security headers every answer carries.

use std::io::Cursor;
use tiny_http::{Header, Request, Response, StatusCode};

/// A response with its body in memory.
pub type Reply = Response<Cursor<Vec<u8>>>;

/// The path of a request, percent-decoded segment by segment, and its query
/// as decoded (name, value) pairs. A segment that does not decode to UTF-8
/// is kept as an impossible name (`\u{FFFD}`), so that it never matches.
pub fn split_url(url: &str) -> (Vec<String>, Vec<(String, String)>) {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let segments = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(decode)
        .collect();
    let pairs = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect();
    (segments, pairs)
}

/// The value of `name` in a query.
pub fn query<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Percent-decoding (with `+` as a space, as forms send it).
pub fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                        continue;
                    }
                    None => out.push(b'%'),
                }
            }
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| "\u{FFFD}".into())
}

/// Percent-encoding for a path segment or query value.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The value of a request header (case-insensitive name).
pub fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request
        .headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

/// The value of a cookie sent with the request.
pub fn cookie<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request
        .headers()
        .iter()
        .filter(|h| h.field.as_str().as_str().eq_ignore_ascii_case("cookie"))
        .flat_map(|h| h.value.as_str().split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn header_line(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

/// A response with `bytes` of type `content_type`, and the headers every
/// answer carries: no resource from elsewhere, no framing, no caching of
/// project data, no type sniffing.
pub fn reply(status: u16, content_type: &str, bytes: Vec<u8>) -> Reply {
    Response::from_data(bytes)
        .with_status_code(StatusCode(status))
        .with_header(header_line("Content-Type", content_type))
        .with_header(header_line(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
             connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ))
        .with_header(header_line("X-Content-Type-Options", "nosniff"))
        .with_header(header_line("Referrer-Policy", "no-referrer"))
        .with_header(header_line("Cache-Control", "no-store"))
}

/// An HTML page or fragment.
pub fn html(status: u16, body: String) -> Reply {
    reply(status, "text/html; charset=utf-8", body.into_bytes())
}

/// A short French message as an HTML fragment (shown by the page in a
/// live region), with its status.
pub fn message(status: u16, text: &str) -> Reply {
    let role = if status >= 400 { "alert" } else { "status" };
    html(
        status,
        format!(
            "<p class=\"message{}\" role=\"{role}\">{}</p>",
            if status >= 400 { " erreur" } else { "" },
            super::html::escape(text)
        ),
    )
}

/// A file to download under `file_name`.
pub fn download(content_type: &str, file_name: &str, bytes: Vec<u8>) -> Reply {
    let ascii: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    reply(200, content_type, bytes).with_header(header_line(
        "Content-Disposition",
        &format!(
            "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
            encode(file_name)
        ),
    ))
}

/// Adds a header to a reply.
pub fn with_header(reply: Reply, name: &str, value: &str) -> Reply {
    reply.with_header(header_line(name, value))
}

/// Content types by extension.
pub const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub const PDF: &str = "application/pdf";
pub const PNG: &str = "image/png";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_queries_are_decoded() {
        let (path, query) = split_url("/telecharger/%C3%A9val.docx?document=module-fds&x=a+b%21");
        assert_eq!(path, ["telecharger", "éval.docx"]);
        assert_eq!(
            query,
            [
                ("document".to_string(), "module-fds".to_string()),
                ("x".to_string(), "a b!".to_string())
            ]
        );
    }

    #[test]
    fn broken_escapes_never_panic() {
        for s in ["%", "%4", "%zz", "a%", "%ff%fe", "%%%"] {
            let _ = decode(s);
        }
        assert_eq!(decode("%ff"), "\u{FFFD}");
        assert_eq!(decode("50%"), "50%");
    }

    #[test]
    fn encode_round_trips() {
        for s in ["évaluation besoins.docx", "a/b?c=d&e", "«»"] {
            assert_eq!(decode(&encode(s)), s);
        }
    }
}
