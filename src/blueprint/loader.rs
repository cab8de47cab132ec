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
