//! Loading blueprints from `blueprints/` only, with line markers.
//!
//! Every line of a blueprint that starts outside a template tag gets a marker
//! naming the file and line, so that each line of the rendered text knows
//! which blueprint line produced it. Markers are inserted within lines, never
//! as new lines, so template error line numbers stay right. Lines that start
//! with a block tag (`{% … %}`) or a whitespace-trimming tag (`{{-`) get no
//! marker, because one would change what whitespace control and
//! `lstrip_blocks` do.

use crate::markers::{LINE_END, LINE_START};
use std::path::{Component, Path};

/// The blueprint folder's name in a project.
pub const BLUEPRINT_DIR: &str = "blueprints";

/// Reads `name` from `dir`, refusing anything outside it.
pub fn read_confined(dir: &Path, name: &str) -> Result<Option<String>, String> {
    let rel = Path::new(name);
    if name.contains('\\') || !rel.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err(format!(
            "le modèle « {name} » doit être un chemin relatif à l'intérieur de blueprints/"
        ));
    }
    let path = dir.join(rel);
    if !path.is_file() {
        return Ok(None);
    }
    // Refuse links that lead out of the folder.
    let (Ok(real), Ok(base)) = (path.canonicalize(), dir.canonicalize()) else {
        return Ok(None);
    };
    if !real.starts_with(&base) {
        return Err(format!("le modèle « {name} » sort du dossier blueprints/"));
    }
    let bytes =
        std::fs::read(&path).map_err(|e| format!("lecture de « {name} » impossible : {e}"))?;
    let text =
        String::from_utf8(bytes).map_err(|_| format!("le modèle « {name} » n'est pas en UTF-8"))?;
    Ok(Some(protect_attributes(&crate::data::clean_text(&text))))
}

/// What `{#` becomes when it opens a Pandoc attribute.
pub const PROTECTED_ATTRIBUTE: &str = "{{ \"{#\" | safe }}";

/// Pandoc attributes such as `{#tbl:sites}` start like a Jinja comment. A
/// comment is written `{# … #}` or `{#- … #}`: a `{#` followed directly by a
/// letter or digit is an attribute, kept as text by printing its braces.
/// Most `.`, `[` and `(` one tag may hold outside its strings: minijinja
/// builds and compiles a chain of accesses recursively, so a tag with
/// thousands of them (`{{ x.b.b.b… }}`) would overflow the stack.
pub const MAX_ACCESSES_PER_TAG: usize = 500;

/// Refuses a blueprint with a tag holding more than
/// [`MAX_ACCESSES_PER_TAG`] accesses, naming its line; runs before minijinja
/// parses anything.
pub fn check_access_chains(source: &str) -> Result<(), String> {
    let bytes = source.as_bytes();
    let (mut line, mut i) = (1usize, 0usize);
    let mut tag: Option<(usize, usize)> = None; // (line, accesses)
    let mut quote: Option<u8> = None;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            line += 1;
        }
        match (&mut tag, quote) {
            (None, _) => {
                if b == b'{' && matches!(bytes.get(i + 1), Some(b'{' | b'%')) {
                    tag = Some((line, 0));
                    i += 1;
                }
            }
            (Some(_), Some(q)) => {
                if b == b'\\' {
                    i += 1;
                } else if b == q {
                    quote = None;
                }
            }
            (Some((at, count)), None) => match b {
                b'"' | b'\'' => quote = Some(b),
                b'.' | b'[' | b'(' => {
                    *count += 1;
                    if *count > MAX_ACCESSES_PER_TAG {
                        return Err(format!(
                            "ligne {at} : expression trop longue (plus de {MAX_ACCESSES_PER_TAG} accès « . », « [ » ou « ( » dans une même balise) : découpez-la avec {{% set %}}"
                        ));
                    }
                }
                b'}' | b'%' if bytes.get(i + 1) == Some(&b'}') => {
                    tag = None;
                    i += 1;
                }
                _ => {}
            },
        }
        i += 1;
    }
    Ok(())
}

pub fn protect_attributes(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(i) = rest.find("{#") {
        let after = &rest[i + 2..];
        out.push_str(&rest[..i]);
        if after.starts_with(|c: char| c.is_alphanumeric() || c == '_') {
            out.push_str(PROTECTED_ATTRIBUTE);
        } else {
            out.push_str("{#");
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Inserts a line marker for file `file_index` at the start of each line that
/// begins outside a tag.
pub fn add_line_markers(source: &str, file_index: usize) -> String {
    let mut out = String::with_capacity(source.len() + source.len() / 8);
    // Which closing delimiter we are waiting for, if inside a tag.
    let mut closing: Option<&str> = None;
    for (n, line) in source.split_inclusive('\n').enumerate() {
        if closing.is_none() && wants_marker(line) {
            out.push(LINE_START);
            out.push_str(&format!("{file_index}:{}", n + 1));
            out.push(LINE_END);
        }
        out.push_str(line);
        let mut rest = line;
        loop {
            match closing {
                Some(end) => match rest.find(end) {
                    Some(i) => {
                        rest = &rest[i + end.len()..];
                        closing = None;
                    }
                    None => break,
                },
                None => {
                    let open = ["{{", "{%", "{#"]
                        .iter()
                        .filter_map(|o| rest.find(o).map(|i| (i, *o)))
                        .min();
                    match open {
                        Some((i, o)) => {
                            closing = Some(match o {
                                "{{" => "}}",
                                "{%" => "%}",
                                _ => "#}",
                            });
                            rest = &rest[i + 2..];
                        }
                        None => break,
                    }
                }
            }
        }
    }
    out
}

fn wants_marker(line: &str) -> bool {
    let t = line.trim_start();
    !(t.starts_with("{%") || t.starts_with("{{-") || t.starts_with("{#-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_start_lines_outside_tags() {
        let src = "# Titre\n{% for x in y %}\n- {{ x }}\n{{ a\n + b }}\nfin";
        let out = add_line_markers(src, 2);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "\u{E000}2:1\u{E001}# Titre");
        assert_eq!(lines[1], "{% for x in y %}");
        assert_eq!(lines[2], "\u{E000}2:3\u{E001}- {{ x }}");
        assert_eq!(lines[4], " + b }}");
        assert_eq!(lines[5], "\u{E000}2:6\u{E001}fin");
    }

    #[test]
    fn long_access_chains_are_refused_before_parsing() {
        let chain = format!("a\n{{{{ x{} }}}}\n", ".b".repeat(600));
        let err = super::check_access_chains(&chain).unwrap_err();
        assert!(err.starts_with("ligne 2 : expression trop longue"), "{err}");
        let dots_in_text = format!("{}\n{{{{ \"{}\" }}}}", ".".repeat(5000), ". ".repeat(600));
        assert!(super::check_access_chains(&dots_in_text).is_ok());
    }

    #[test]
    fn pandoc_attributes_are_not_comments() {
        assert_eq!(
            protect_attributes("Tableau : x {#tbl:a} {# note #}"),
            "Tableau : x {{ \"{#\" | safe }}tbl:a} {# note #}"
        );
    }

    #[test]
    fn loader_refuses_paths_outside_blueprints() {
        let dir = std::env::temp_dir();
        assert!(read_confined(&dir, "../etc/passwd").is_err());
        assert!(read_confined(&dir, "/etc/passwd").is_err());
    }
}
