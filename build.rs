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

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
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
