//! Resource bounds of one render, beyond minijinja's fuel (which counts work
//! but lets a loop that doubles a list, or a string, grow past any memory).
//!
//! - **Output**: the rendered text holds at most [`MAX_OUTPUT`] bytes (64 Mio);
//!   the writer refuses more, and a printed value that would pass the bound is
//!   refused before it is escaped.
//! - **Time**: a render ends at its deadline, [`DEFAULT_SECONDS`] (60 s) or
//!   the number of seconds in `TRAME_DELAI_MODELE`. trame's formatter and
//!   filters check it, so the error names the blueprint line; a loop that
//!   calls none of them is stopped by the watchdog below.
//! - **Memory**: while a render runs, a watchdog thread reads the process's
//!   resident memory (on Linux, from `/proc/self/statm`) every 10 ms; growth
//!   beyond [`MAX_GROWTH`] (640 Mio) since the render started, or the deadline
//!   passed by [`GRACE`], ends the process with exit code 1 and a French
//!   message naming the blueprint. Nothing has been written at that point:
//!   outputs are written only after every document rendered.

use crate::markers;
use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Bytes of rendered text one blueprint may produce.
pub const MAX_OUTPUT: usize = 64 << 20;
/// Seconds a render may take unless `TRAME_DELAI_MODELE` says otherwise.
pub const DEFAULT_SECONDS: u64 = 60;
/// Resident memory a render may add.
pub const MAX_GROWTH: u64 = 640 << 20;
/// How long past its deadline a render that calls none of trame's callbacks
/// runs before the watchdog ends it.
pub const GRACE: Duration = Duration::from_secs(2);
const POLL: Duration = Duration::from_millis(10);

/// The bounds of one render.
pub struct Budget {
    deadline: Instant,
    seconds: u64,
}

impl Default for Budget {
    fn default() -> Self {
        let seconds = std::env::var("TRAME_DELAI_MODELE")
            .ok()
            .and_then(|s| s.trim().parse::<u64>().ok())
            .filter(|s| *s > 0)
            .unwrap_or(DEFAULT_SECONDS);
        Budget {
            deadline: Instant::now() + Duration::from_secs(seconds),
            seconds,
        }
    }
}

impl Budget {
    /// Fails once the deadline has passed.
    pub fn check_time(&self) -> Result<(), minijinja::Error> {
        if Instant::now() > self.deadline {
            return Err(minijinja::Error::new(
                minijinja::ErrorKind::InvalidOperation,
                self.time_message(),
            ));
        }
        Ok(())
    }

    pub fn time_message(&self) -> String {
        format!(
            "le modèle a dépassé le délai de {} s (boucle trop longue ?) ; TRAME_DELAI_MODELE=secondes change ce délai",
            self.seconds
        )
    }
}

/// The message for text beyond [`MAX_OUTPUT`].
pub fn output_message() -> String {
    format!(
        "le texte produit par le modèle dépasse {} Mo (boucle qui répète du texte ?)",
        MAX_OUTPUT >> 20
    )
}

/// The rendered text, refusing to grow past [`MAX_OUTPUT`].
#[derive(Default)]
pub struct CappedText {
    pub bytes: Vec<u8>,
    pub overflowed: bool,
}

impl Write for &mut CappedText {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > MAX_OUTPUT {
            self.overflowed = true;
            return Err(std::io::Error::other("limite"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl CappedText {
    /// The blueprint line that produced the end of the text: the last line
    /// marker's `(file index, line)`.
    pub fn last_line(&self) -> Option<(usize, u32)> {
        let text = String::from_utf8_lossy(&self.bytes);
        let start = text.rfind(markers::LINE_START)?;
        let rest = &text[start + markers::LINE_START.len_utf8()..];
        let (file, line) = rest[..rest.find(markers::LINE_END)?].split_once(':')?;
        Some((file.parse().ok()?, line.parse().ok()?))
    }
}

/// Ends the process if the render outlives its deadline or grows memory past
/// [`MAX_GROWTH`]; stops when dropped.
pub struct Watchdog {
    done: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Watchdog {
    /// Watches the render of `blueprint` (its path for the message).
    pub fn start(blueprint: String, budget: &Budget) -> Watchdog {
        let done = Arc::new(AtomicBool::new(false));
        let stop = done.clone();
        let hard_deadline = budget.deadline + GRACE;
        let time_message = budget.time_message();
        let base = resident_bytes();
        let thread = std::thread::Builder::new()
            .name("trame-limites".into())
            .spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    // Woken at once when the render ends (see `Drop`).
                    std::thread::park_timeout(POLL);
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    let grown = match (base, resident_bytes()) {
                        (Some(b), Some(now)) => now.saturating_sub(b),
                        _ => 0,
                    };
                    let message = if grown > MAX_GROWTH {
                        format!(
                            "le modèle demande plus de {} Mo de mémoire (liste ou texte qui double à chaque tour de boucle ?)",
                            MAX_GROWTH >> 20
                        )
                    } else if Instant::now() > hard_deadline {
                        time_message.clone()
                    } else {
                        continue;
                    };
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    let mut err = std::io::stderr().lock();
                    let _ = writeln!(
                        err,
                        "trame : 1 problème à corriger :\n- {blueprint} : {message}"
                    );
                    let _ = err.flush();
                    std::process::exit(1);
                }
            })
            .ok();
        Watchdog { done, thread }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            t.thread().unpark();
            let _ = t.join();
        }
    }
}

/// The process's resident memory, where the system tells it.
fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_stops_at_the_bound_and_knows_its_last_line() {
        let mut text = CappedText::default();
        let line = format!("{}0:7{}abc", markers::LINE_START, markers::LINE_END);
        (&mut text).write_all(line.as_bytes()).unwrap();
        assert_eq!(text.last_line(), Some((0, 7)));
        let big = vec![b'x'; MAX_OUTPUT];
        assert!((&mut text).write_all(&big).is_err());
        assert!(text.overflowed);
        assert!(text.bytes.len() <= MAX_OUTPUT);
    }

    #[test]
    fn a_watchdog_that_is_dropped_ends_nothing() {
        let w = Watchdog::start("blueprints/x.md.j2".into(), &Budget::default());
        drop(w);
    }
}
