//! Who may use the page.
//!
//! On the loopback address (the default), only this computer can connect;
//! the `Host` header must name the loopback address, so that a web site the
//! user visits cannot reach the page through a name it controls (DNS
//! rebinding). With `--ecoute ADRESSE` (a colleague on the local network),
//! every request must carry the random token printed at start: in the
//! address (`?jeton=…`) the first time, then in a cookie the page sets.
//! Every request that changes something (POST) must also carry the
//! `X-Trame` header, which a form on another site cannot send.

use super::http::{self, Reply};
use tiny_http::{Method, Request};

/// The cookie that carries the token after the first visit.
pub const COOKIE: &str = "trame_jeton";

pub struct Access {
    /// Required on every request when listening beyond loopback.
    token: Option<String>,
    /// `Host` values accepted on loopback (with the port).
    hosts: Vec<String>,
}

/// What a request may do.
pub enum Verdict {
    /// Allowed; set the cookie in the reply when the token came in the address.
    Allowed {
        set_cookie: bool,
    },
    Refused(Reply),
}

impl Access {
    /// Access on loopback: any local client, with a loopback `Host`.
    pub fn loopback(port: u16) -> Access {
        Access {
            token: None,
            hosts: ["127.0.0.1", "localhost", "[::1]"]
                .iter()
                .map(|h| format!("{h}:{port}"))
                .collect(),
        }
    }

    /// Access on a network address: the token is required everywhere.
    pub fn with_token(token: String) -> Access {
        Access {
            token: Some(token),
            hosts: Vec::new(),
        }
    }

    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// Checks one request.
    pub fn check(&self, request: &Request, query: &[(String, String)]) -> Verdict {
        let mut set_cookie = false;
        match &self.token {
            Some(token) => {
                let from_query = http::query(query, "jeton");
                let from_cookie = http::cookie(request, COOKIE);
                if from_query.is_some_and(|t| same(t, token)) {
                    set_cookie = true;
                } else if !from_cookie.is_some_and(|t| same(t, token)) {
                    return Verdict::Refused(http::message(
                        403,
                        "Accès refusé : ouvrez l'adresse complète affichée par « trame serve », \
                         avec son jeton (…?jeton=…).",
                    ));
                }
            }
            None => {
                let host = http::header(request, "host").unwrap_or("");
                if !self.hosts.iter().any(|h| h.eq_ignore_ascii_case(host)) {
                    return Verdict::Refused(http::message(
                        403,
                        "Accès refusé : cette page ne s'ouvre qu'à l'adresse affichée par « trame serve ».",
                    ));
                }
            }
        }
        if *request.method() == Method::Post && http::header(request, "x-trame") != Some("1") {
            return Verdict::Refused(http::message(
                403,
                "Demande refusée : elle ne vient pas de la page de trame.",
            ));
        }
        Verdict::Allowed { set_cookie }
    }

    /// The `Set-Cookie` value that keeps the token for the next requests.
    pub fn cookie(&self) -> Option<String> {
        self.token
            .as_ref()
            .map(|t| format!("{COOKIE}={t}; Path=/; HttpOnly; SameSite=Strict"))
    }
}

/// Comparison in constant time (the token must not leak through timing).
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// A new random token: 128 bits from the system's generator, in hex.
pub fn new_token() -> Result<String, String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|_| "impossible d'obtenir un jeton aléatoire du système".to_string())?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_compared_exactly() {
        let (a, b) = (new_token().unwrap(), new_token().unwrap());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
        assert!(same(&a, &a.clone()));
        assert!(!same(&a, &b));
        assert!(!same(&a, &a[..31]));
    }
}
