//! Writing to standard output when it may be a pipe that closes early
//! (`trame completions bash | head -1`): the program then ends quietly,
//! instead of panicking on the broken pipe.

use std::io::Write;

/// Writes `text` to stdout; if the reader has gone, exits quietly (status 0).
pub fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        // Anything else (a full disk behind a redirection): say it once.
        eprintln!(
            "trame : écriture sur la sortie standard impossible ({})",
            trame::io_reason(&e)
        );
        std::process::exit(1);
    }
}

/// `println!` through [`print`].
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::out::print(&format!("{}\n", format_args!($($arg)*)))
    };
}
pub(crate) use say;
