//! The live channel: server-sent events telling the page that the project
//! changed (a check or a build ended) and what the running work is doing.
//! Each open page holds one connection, on its own thread, written to and
//! flushed event by event.

use super::state::{Live, State};
use std::io::Write;
use std::time::Duration;

/// A comment line is sent when nothing happened for this long, so that a
/// closed page is noticed and its thread ends.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// The event for a live state: `{"version":…,"verification":…,"travail":…}`.
pub fn event(live: &Live) -> String {
    let data = serde_json::json!({
        "version": live.version,
        "verification": live.checking,
        "travail": live.work,
    });
    format!("data: {data}\n\n")
}

/// Streams events to `writer` (the raw connection) until the page goes away.
/// The response is not chunked: it ends when the connection closes.
pub fn stream(state: &State, mut writer: Box<dyn Write + Send>) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\
                Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n";
    let mut seen = state.live();
    let mut next = event(&seen);
    if writer.write_all(head.as_bytes()).is_err() {
        return;
    }
    loop {
        if writer
            .write_all(next.as_bytes())
            .and_then(|_| writer.flush())
            .is_err()
        {
            return;
        }
        let live = state.wait_change(&seen, KEEP_ALIVE);
        next = if live == seen {
            ": en attente\n\n".to_string()
        } else {
            seen = live;
            event(&seen)
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_carry_version_check_and_work() {
        let live = Live {
            version: 3,
            checking: false,
            work: Some("Production de « evaluation » (1/4)…".into()),
        };
        assert_eq!(
            event(&live),
            "data: {\"travail\":\"Production de « evaluation » (1/4)…\",\"verification\":false,\"version\":3}\n\n"
        );
    }
}
