//! Resource bounds of one render, beyond minijinja's fuel (which counts work
//! but lets a loop that doubles a list, or a string, grow past any memory).
//!
//! - **Output**: the rendered text holds at most [`MAX_OUTPUT`] bytes (64 Mio);
//!   the writer refuses more, and a printed value that would pass the bound is
//!   refused before it is escaped.
//! - **Time**: a render ends at its deadline, [`DEFAULT_SECONDS`] (60 s) or
//!   the number of seconds in `TRAME_DELAI_MODELE`.
//! - **Memory**: the process's resident memory (on Linux, from
//!   `/proc/self/statm`) may grow during a render by [`memory_bound`]:
//!   [`BASE_GROWTH`] (640 Mio) plus [`GROWTH_PER_CELL`] bytes per cell of the
//!   loaded sources (a table cell of the model costs about 360 bytes: text,
//!   inline, provenance), so that a project with a million-row source may
//!   render it whole while a loop that doubles a string is still stopped
//!   long before the machine's memory runs out.
//!
//! Both bounds are errors returned by the render ([`run_bounded`]), never an
//! exit of the process (a `trame serve` keeps serving). The template runs on
//! its own thread, watched every 10 ms; past a bound, trame's formatter and
//! filters fail at their next call, so the error names the blueprint line. A
//! loop that calls none of them is left behind after [`GRACE`]: the render
//! returns its error at once and the thread ends with its loop, its output
//! never used.

use crate::markers;
use std::io::Write;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// Bytes of rendered text one blueprint may produce.
pub const MAX_OUTPUT: usize = 64 << 20;
/// Seconds a render may take unless `TRAME_DELAI_MODELE` says otherwise.
pub const DEFAULT_SECONDS: u64 = 60;
/// Resident memory any render may add.
pub const BASE_GROWTH: u64 = 640 << 20;
/// Resident memory a render may add per cell of the loaded sources.
pub const GROWTH_PER_CELL: u64 = 512;
/// How long past a bound a render that calls none of trame's callbacks
/// runs before it is left behind.
pub const GRACE: Duration = Duration::from_secs(2);
const POLL: Duration = Duration::from_millis(10);

/// Why a render was stopped (see [`Budget::stop`]).
const RUNNING: u8 = 0;
const PAST_DEADLINE: u8 = 1;
const PAST_MEMORY: u8 = 2;

/// The bounds of one render.
pub struct Budget {
    deadline: Instant,
    seconds: u64,
    /// Set by the watcher when a bound is passed; read by every callback.
    stopped: std::sync::atomic::AtomicU8,
    /// The memory bound, for the message.
    memory: std::sync::atomic::AtomicU64,
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
            stopped: std::sync::atomic::AtomicU8::new(RUNNING),
            memory: std::sync::atomic::AtomicU64::new(BASE_GROWTH),
        }
    }
}

impl Budget {
    /// Fails once the deadline has passed or the render was stopped.
    pub fn check_time(&self) -> Result<(), minijinja::Error> {
        let message = match self.stopped.load(Ordering::Relaxed) {
            PAST_MEMORY => self.memory_message(),
            _ if Instant::now() > self.deadline => self.time_message(),
            RUNNING => return Ok(()),
            _ => self.time_message(),
        };
        Err(minijinja::Error::new(
            minijinja::ErrorKind::InvalidOperation,
            message,
        ))
    }

    pub fn memory_message(&self) -> String {
        format!(
            "le modèle demande plus de {} Mo de mémoire (liste ou texte qui double à chaque tour de boucle ?)",
            self.memory.load(Ordering::Relaxed) >> 20
        )
    }

    /// The message of the bound that stopped the render.
    fn stop_message(&self) -> String {
        if self.stopped.load(Ordering::Relaxed) == PAST_MEMORY {
            self.memory_message()
        } else {
            self.time_message()
        }
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

/// The memory a render of a project whose sources hold `cells` cells may
/// add (see the module documentation).
pub fn memory_bound(cells: u64) -> u64 {
    BASE_GROWTH.saturating_add(cells.saturating_mul(GROWTH_PER_CELL))
}

/// Stack of the render thread (address space, used only as deep as needed):
/// rendering recurses as deep as the blueprints nest.
const RENDER_STACK: usize = 64 << 20;

/// Runs `job` (a render) on its own thread within `budget` and the memory
/// bound `memory`: its result, or the French message of the bound it passed
/// when it did not stop by itself within [`GRACE`] of being told to. A panic
/// of the job is passed on.
pub fn run_bounded<R: Send + 'static>(
    budget: &Budget,
    memory: u64,
    job: impl FnOnce() -> R + Send + 'static,
) -> Result<R, String> {
    use std::sync::mpsc::{RecvTimeoutError, channel};
    budget.memory.store(memory, Ordering::Relaxed);
    let (tx, rx) = channel();
    let base = resident_bytes();
    let handle = std::thread::Builder::new()
        .name("trame-modele".into())
        .stack_size(RENDER_STACK)
        .spawn(move || {
            let _ = tx.send(job());
        })
        .map_err(|_| "impossible de lancer le rendu du modèle (ressources du système épuisées)")?;
    let mut stopped_at: Option<Instant> = None;
    loop {
        match rx.recv_timeout(POLL) {
            Ok(result) => {
                let _ = handle.join();
                return Ok(result);
            }
            Err(RecvTimeoutError::Disconnected) => {
                if let Err(panic) = handle.join() {
                    std::panic::resume_unwind(panic);
                }
                return Err("le rendu du modèle s'est arrêté sans résultat".into());
            }
            Err(RecvTimeoutError::Timeout) => {}
        }
        let now = Instant::now();
        match stopped_at {
            Some(at) if now.duration_since(at) > GRACE => return Err(budget.stop_message()),
            Some(_) => {}
            None => {
                let grown = match (base, resident_bytes()) {
                    (Some(b), Some(now)) => now.saturating_sub(b),
                    _ => 0,
                };
                let why = if grown > memory {
                    PAST_MEMORY
                } else if now > budget.deadline {
                    PAST_DEADLINE
                } else {
                    continue;
                };
                budget.stopped.store(why, Ordering::Relaxed);
                stopped_at = Some(now);
            }
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
    fn a_quick_job_gives_its_result() {
        let budget = Budget::default();
        assert_eq!(run_bounded(&budget, memory_bound(10), || 42), Ok(42));
    }

    #[test]
    fn a_job_past_the_memory_bound_is_an_error_not_an_exit() {
        let budget = Budget::default();
        let err = run_bounded(&budget, 8 << 20, || {
            // Grows and keeps its memory for longer than the grace period,
            // calling nothing that checks.
            let mut kept = Vec::new();
            for _ in 0..50 {
                kept.push(vec![1u8; 1 << 20]);
                std::thread::sleep(Duration::from_millis(60));
            }
            kept.len()
        });
        assert_eq!(
            err,
            Err("le modèle demande plus de 8 Mo de mémoire (liste ou texte qui double à chaque tour de boucle ?)".into())
        );
        assert!(budget.check_time().is_err(), "callbacks fail from now on");
    }

    #[test]
    fn the_bound_grows_with_the_data() {
        assert_eq!(memory_bound(0), 640 << 20);
        assert_eq!(memory_bound(5_000_000) >> 20, 640 + 2441);
    }
}
