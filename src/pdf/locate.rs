//! Where LibreOffice and a Python that can drive it are, on Linux, macOS
//! and Windows. The rules are pure functions of the platform and the
//! environment (so that each platform's rules are tested on any machine);
//! [`soffice`] and [`python_with_uno`] apply them to this machine.

use std::path::{Path, PathBuf};

/// The operating systems trame knows LibreOffice's install locations for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    Linux,
    MacOs,
    Windows,
}

impl Platform {
    /// The platform trame was built for.
    pub fn current() -> Platform {
        if cfg!(windows) {
            Platform::Windows
        } else if cfg!(target_os = "macos") {
            Platform::MacOs
        } else {
            Platform::Linux
        }
    }

    fn separator(self) -> char {
        if self == Platform::Windows { '\\' } else { '/' }
    }

    /// `dir` + `name` with this platform's separator.
    fn join(self, dir: &str, name: &str) -> PathBuf {
        let sep = self.separator();
        let dir = dir.trim_end_matches(['/', '\\']);
        PathBuf::from(format!("{dir}{sep}{name}"))
    }

    /// The entries of a `PATH` value (`;` on Windows, `:` elsewhere).
    fn path_entries(self, path: &str) -> Vec<String> {
        let list = if self == Platform::Windows { ';' } else { ':' };
        path.split(list)
            .map(|d| d.trim_matches('"'))
            .filter(|d| !d.is_empty())
            .map(str::to_string)
            .collect()
    }
}

/// The places LibreOffice's program may be, in the order they are tried:
/// each `PATH` folder with the program's names on that platform (`.exe` on
/// Windows), then the usual install locations. `env` gives environment
/// variables (`PATH`, `ProgramFiles`, `LOCALAPPDATA`, `HOME`…).
pub fn soffice_candidates(
    platform: Platform,
    env: &dyn Fn(&str) -> Option<String>,
) -> Vec<PathBuf> {
    let names: &[&str] = match platform {
        Platform::Windows => &["soffice.exe", "soffice.com"],
        _ => &["soffice", "libreoffice"],
    };
    let mut out: Vec<PathBuf> = env("PATH")
        .map(|p| platform.path_entries(&p))
        .unwrap_or_default()
        .iter()
        .flat_map(|dir| names.iter().map(move |n| platform.join(dir, n)))
        .collect();
    match platform {
        Platform::Linux => {
            for p in [
                "/usr/bin/soffice",
                "/usr/lib/libreoffice/program/soffice",
                "/opt/libreoffice/program/soffice",
                "/snap/bin/libreoffice",
            ] {
                out.push(PathBuf::from(p));
            }
        }
        Platform::MacOs => {
            let app = "LibreOffice.app/Contents/MacOS/soffice";
            out.push(platform.join("/Applications", app));
            if let Some(home) = env("HOME") {
                out.push(platform.join(&format!("{home}/Applications"), app));
            }
        }
        Platform::Windows => {
            let program = "LibreOffice\\program\\soffice.exe";
            let folders = [
                env("ProgramFiles").unwrap_or_else(|| "C:\\Program Files".into()),
                env("ProgramFiles(x86)").unwrap_or_else(|| "C:\\Program Files (x86)".into()),
                env("ProgramW6432").unwrap_or_else(|| "C:\\Program Files".into()),
            ];
            for folder in folders {
                let candidate = platform.join(&folder, program);
                if !out.contains(&candidate) {
                    out.push(candidate);
                }
            }
            if let Some(local) = env("LOCALAPPDATA") {
                out.push(platform.join(&format!("{local}\\Programs"), program));
            }
        }
    }
    out
}

/// The Pythons that may drive LibreOffice through UNO, in the order they
/// are tried: LibreOffice's own bundled Python where it has one (beside
/// `soffice` on Windows and in the Linux builds of LibreOffice, in the
/// bundle's resources on macOS), then the system's `python3` (Debian and
/// others package UNO as python3-uno for it).
pub fn python_candidates(
    platform: Platform,
    soffice: &Path,
    env: &dyn Fn(&str) -> Option<String>,
) -> Vec<PathBuf> {
    let program_dir = soffice
        .to_string_lossy()
        .rsplit_once(['/', '\\'])
        .map(|(dir, _)| dir.to_string())
        .unwrap_or_default();
    let mut out = Vec::new();
    match platform {
        Platform::Windows => {
            out.push(platform.join(&program_dir, "python.exe"));
        }
        Platform::MacOs => {
            // …/LibreOffice.app/Contents/MacOS/soffice → …/Contents/Resources/python
            if let Some((contents, _)) = program_dir.rsplit_once('/') {
                out.push(platform.join(contents, "Resources/python"));
            }
        }
        Platform::Linux => {
            out.push(platform.join(&program_dir, "python"));
        }
    }
    if platform != Platform::Windows {
        let path = env("PATH")
            .map(|p| platform.path_entries(&p))
            .unwrap_or_default();
        for dir in path {
            out.push(platform.join(&dir, "python3"));
        }
        out.push(PathBuf::from("/usr/bin/python3"));
    }
    let mut seen = Vec::new();
    out.retain(|p| {
        let new = !seen.contains(p);
        seen.push(p.clone());
        new
    });
    out
}

fn this_machine(name: &str) -> Option<String> {
    std::env::var_os(name).map(|v| v.to_string_lossy().to_string())
}

/// The variable that names the LibreOffice program, for an install
/// elsewhere than the usual places; when set, it is the only one tried.
pub const SOFFICE_VARIABLE: &str = "TRAME_SOFFICE";

/// The LibreOffice program on this machine, if installed.
pub fn soffice() -> Option<PathBuf> {
    if let Some(chosen) = this_machine(SOFFICE_VARIABLE).filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(chosen)).filter(|p| p.is_file());
    }
    soffice_candidates(Platform::current(), &this_machine)
        .into_iter()
        .find(|p| p.is_file())
}

/// A Python on this machine that can `import uno`, for LibreOffice at `soffice`.
pub fn python_with_uno(soffice: &Path) -> Option<PathBuf> {
    let real = std::fs::canonicalize(soffice).unwrap_or_else(|_| soffice.to_path_buf());
    let mut candidates = python_candidates(Platform::current(), &real, &this_machine);
    if real != soffice {
        candidates.extend(python_candidates(
            Platform::current(),
            soffice,
            &this_machine,
        ));
    }
    candidates
        .into_iter()
        .filter(|p| p.is_file())
        .find(|python| {
            std::process::Command::new(python)
                .args(["-c", "import uno"])
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    fn shown(paths: Vec<PathBuf>) -> Vec<String> {
        paths
            .into_iter()
            .map(|p| p.to_string_lossy().to_string())
            .collect()
    }

    #[test]
    fn windows_looks_on_path_with_exe_then_in_program_files() {
        let vars = [
            ("PATH", "C:\\Windows;\"C:\\Outils\\LO\\program\""),
            ("ProgramFiles", "D:\\Programmes"),
            ("LOCALAPPDATA", "C:\\Users\\awa\\AppData\\Local"),
        ];
        assert_eq!(
            shown(soffice_candidates(Platform::Windows, &env(&vars))),
            [
                "C:\\Windows\\soffice.exe",
                "C:\\Windows\\soffice.com",
                "C:\\Outils\\LO\\program\\soffice.exe",
                "C:\\Outils\\LO\\program\\soffice.com",
                "D:\\Programmes\\LibreOffice\\program\\soffice.exe",
                "C:\\Program Files (x86)\\LibreOffice\\program\\soffice.exe",
                "C:\\Program Files\\LibreOffice\\program\\soffice.exe",
                "C:\\Users\\awa\\AppData\\Local\\Programs\\LibreOffice\\program\\soffice.exe",
            ]
        );
        // UNO through LibreOffice's own Python, never a system one.
        assert_eq!(
            shown(python_candidates(
                Platform::Windows,
                Path::new("C:\\Program Files\\LibreOffice\\program\\soffice.exe"),
                &env(&vars)
            )),
            ["C:\\Program Files\\LibreOffice\\program\\python.exe"]
        );
    }

    #[test]
    fn macos_looks_in_the_application_bundles() {
        let vars = [
            ("PATH", "/usr/local/bin:/opt/homebrew/bin"),
            ("HOME", "/Users/awa"),
        ];
        assert_eq!(
            shown(soffice_candidates(Platform::MacOs, &env(&vars))),
            [
                "/usr/local/bin/soffice",
                "/usr/local/bin/libreoffice",
                "/opt/homebrew/bin/soffice",
                "/opt/homebrew/bin/libreoffice",
                "/Applications/LibreOffice.app/Contents/MacOS/soffice",
                "/Users/awa/Applications/LibreOffice.app/Contents/MacOS/soffice",
            ]
        );
        let pythons = shown(python_candidates(
            Platform::MacOs,
            Path::new("/Applications/LibreOffice.app/Contents/MacOS/soffice"),
            &env(&vars),
        ));
        assert_eq!(
            pythons[0],
            "/Applications/LibreOffice.app/Contents/Resources/python"
        );
    }

    #[test]
    fn linux_looks_on_path_then_in_the_usual_folders() {
        let vars = [("PATH", "/home/awa/bin::/usr/bin")];
        let found = shown(soffice_candidates(Platform::Linux, &env(&vars)));
        assert_eq!(
            found[..4],
            [
                "/home/awa/bin/soffice",
                "/home/awa/bin/libreoffice",
                "/usr/bin/soffice",
                "/usr/bin/libreoffice",
            ]
        );
        assert!(found.contains(&"/opt/libreoffice/program/soffice".to_string()));
        // LibreOffice's own builds bundle a Python; distributions use python3-uno.
        assert_eq!(
            shown(python_candidates(
                Platform::Linux,
                Path::new("/opt/libreoffice/program/soffice"),
                &env(&vars)
            )),
            [
                "/opt/libreoffice/program/python",
                "/home/awa/bin/python3",
                "/usr/bin/python3",
            ]
        );
    }
}
