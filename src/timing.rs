//! Time spent per pipeline stage, for `TRAME_TIMINGS=1` and the benchmarks.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

static TOTALS: Mutex<BTreeMap<&'static str, Duration>> = Mutex::new(BTreeMap::new());

/// Runs `f`, adding its duration to `stage`.
pub fn time<T>(stage: &'static str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    if let Ok(mut totals) = TOTALS.lock() {
        *totals.entry(stage).or_default() += start.elapsed();
    }
    out
}

/// The totals so far, emptied.
pub fn take() -> Vec<(&'static str, Duration)> {
    TOTALS
        .lock()
        .map(|mut t| std::mem::take(&mut *t).into_iter().collect())
        .unwrap_or_default()
}
