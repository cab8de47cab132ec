//! A LibreOffice run with a time limit. LibreOffice can take many minutes
//! to lay out a very long document; a build must not hang on it. The
//! program runs in a process group of its own (the Python script starts
//! `soffice` as a child), and the whole group is killed past the limit.

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Why a bounded run gave no output.
#[derive(Debug)]
pub enum Stopped {
    /// The program could not be started: the reason, in French.
    NotStarted(String),
    /// Still running after the limit; it and its children were killed.
    TimedOut(Duration),
}

/// Runs `command` with stdout captured (stderr discarded), killing it and
/// every process it started once `limit` has passed.
pub fn run(mut command: Command, limit: Duration) -> Result<Output, Stopped> {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .map_err(|e| Stopped::NotStarted(crate::io_reason(&e)))?;
    // Read stdout on the side, so that a full pipe never blocks the child.
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stdout.read_to_end(&mut bytes);
        bytes
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() < limit => {
                std::thread::sleep(Duration::from_millis(50));
            }
            _ => {
                kill_group(child.id());
                let _ = child.wait();
                let _ = reader.join();
                return Err(Stopped::TimedOut(limit));
            }
        }
    };
    // The child's own children may still hold the pipe: stop them too.
    kill_group(child.id());
    let stdout = reader.join().unwrap_or_default();
    Ok(Output {
        status,
        stdout,
        stderr: Vec::new(),
    })
}

fn kill_group(leader: u32) {
    // SAFETY: killpg only sends a signal; the group id is the child's pid,
    // which `process_group(0)` made a group leader.
    unsafe {
        libc::killpg(leader as libc::pid_t, libc::SIGKILL);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_is_captured_when_in_time() {
        let mut c = Command::new("sh");
        c.args(["-c", "echo bonjour"]);
        let out = run(c, Duration::from_secs(30)).unwrap();
        assert!(out.status.success());
        assert_eq!(out.stdout, b"bonjour\n");
    }

    #[test]
    fn a_run_past_its_limit_is_killed_with_its_children() {
        let dir = tempfile::tempdir().unwrap();
        let marker = dir.path().join("child-alive");
        // The grandchild would write the marker after 2 s unless killed.
        let script = format!("(sleep 2; touch '{}') & sleep 30", marker.display());
        let mut c = Command::new("sh");
        c.args(["-c", &script]);
        let start = Instant::now();
        let stopped = run(c, Duration::from_millis(300));
        assert!(matches!(stopped, Err(Stopped::TimedOut(_))));
        assert!(start.elapsed() < Duration::from_secs(10));
        std::thread::sleep(Duration::from_millis(2500));
        assert!(!marker.exists(), "the grandchild outlived the limit");
    }
}
