//! Embeds the sample project (trame.yaml, blueprints/, data/) in the binary
//! for `trame init`, listing the files at build time so the list never goes
//! stale.

use std::path::Path;

fn collect(dir: &Path, root: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        if path.is_dir() {
            collect(&path, root, out);
        } else {
            out.push(
                path.strip_prefix(root)
                    .expect("inside")
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
}

/// Sets a `trame_no_*` cfg for each external checker the tests cannot find,
/// so that the tests needing it show as ignored, with their reason, in cargo's
/// own summary. Under `TRAME_EXTERNAL_CHECKS=1` no cfg is set: a missing tool
/// then fails the tests that need it. `TRAME_HIDE_TOOLS=1` acts as if none
/// were installed (to see the skips on a fully equipped machine).
fn detect_external_tools(root: &Path) {
    for name in ["soffice", "validator", "shared", "chromium", "tarball"] {
        println!("cargo::rustc-check-cfg=cfg(trame_no_{name})");
    }
    println!("cargo:rerun-if-env-changed=TRAME_EXTERNAL_CHECKS");
    println!("cargo:rerun-if-env-changed=TRAME_HIDE_TOOLS");
    println!("cargo:rerun-if-env-changed=PATH");
    let validator = root.join(".tools/node_modules/.bin/ooxml-validate");
    let shared = root.join("../shared/fixtures/word-revisions");
    println!("cargo:rerun-if-changed={}", validator.display());
    println!("cargo:rerun-if-changed={}", shared.display());
    // The release tarball of scripts/paquet.sh (.ci/run makes it).
    let tarball = root.join(format!(
        "target/paquet/trame-{}-linux-x86_64.tar.gz",
        env!("CARGO_PKG_VERSION")
    ));
    println!("cargo:rerun-if-changed={}", tarball.display());
    println!("cargo:rerun-if-env-changed=TRAME_SANS_SHARED");
    if std::env::var("TRAME_EXTERNAL_CHECKS").is_ok_and(|v| v == "1") {
        // ../shared is beside the project, not part of it: .ci/run says when
        // it is absent (TRAME_SANS_SHARED=1), and its tests show as ignored.
        if std::env::var("TRAME_SANS_SHARED").is_ok_and(|v| v == "1") && !shared.is_dir() {
            println!("cargo::rustc-cfg=trame_no_shared");
        }
        return;
    }
    let hide = std::env::var("TRAME_HIDE_TOOLS").is_ok_and(|v| v == "1");
    let on_path = |program: &str| {
        std::env::var_os("PATH").is_some_and(|paths| {
            std::env::split_paths(&paths).any(|dir| dir.join(program).is_file())
        })
    };
    // Debian's python3-uno belongs to the system Python, as in src/pdf.
    let uno = std::process::Command::new("/usr/bin/python3")
        .args(["-c", "import uno"])
        .output()
        .is_ok_and(|o| o.status.success());
    let found = [
        ("soffice", on_path("soffice") && on_path("pdftotext") && uno),
        ("validator", validator.exists()),
        ("shared", shared.is_dir()),
        ("chromium", on_path("chromium") && on_path("chromedriver")),
        ("tarball", tarball.is_file()),
    ];
    for (name, present) in found {
        if hide || !present {
            println!("cargo::rustc-cfg=trame_no_{name}");
        }
    }
}

fn main() {
    // Read when the script runs, not when it was compiled: a build script
    // compiled in another checkout (a copied target folder) would otherwise
    // list that checkout's sample files.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest_dir);
    detect_external_tools(root);
    let mut files = vec!["trame.yaml".to_string()];
    collect(&root.join("blueprints"), root, &mut files);
    collect(&root.join("data"), root, &mut files);
    let mut code = String::from(
        "/// The sample project: (path, bytes).\npub const SAMPLE_FILES: &[(&str, &[u8])] = &[\n",
    );
    for f in &files {
        code.push_str(&format!(
            "    ({f:?}, include_bytes!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/{f}\"))),\n"
        ));
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("sample_files.rs");
    std::fs::write(out, code).expect("write sample list");
    println!("cargo:rerun-if-changed=trame.yaml");
    println!("cargo:rerun-if-changed=blueprints");
    println!("cargo:rerun-if-changed=data");
}
