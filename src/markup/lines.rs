//! First pass over the rendered text: reads the line markers left by the
//! template stage, and turns the Pandoc-style block extensions that
//! pulldown-cmark does not know (fenced divs, `\newpage`) into placeholder
//! paragraphs that the second pass recognises.

use crate::markers::{self, DIV_CLOSE, DIV_END, DIV_START, LINE_END, LINE_START, PAGE_BREAK};
use crate::model::LineRef;

/// Attributes of a fenced div: `::: {.encadre titre="Note au formateur"}`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DivAttrs {
    pub classes: Vec<String>,
    pub id: Option<String>,
    pub attrs: Vec<(String, String)>,
}

impl DivAttrs {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Markdown ready for pulldown-cmark, with the blueprint line of every line.
#[derive(Debug, Default)]
pub struct Prepared {
    pub text: String,
    line_starts: Vec<usize>,
    line_refs: Vec<Option<LineRef>>,
    pub divs: Vec<DivAttrs>,
}

impl Prepared {
    /// The blueprint line that produced the text at byte `offset`.
    pub fn line_at(&self, offset: usize) -> Option<LineRef> {
        let i = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        self.line_refs.get(i).cloned().flatten()
    }
}

pub fn prepare(rendered: &str, files: &[String]) -> Prepared {
    // Shared names: every line of a blueprint refers to the same file.
    let files: Vec<std::sync::Arc<str>> = files.iter().map(|f| f.as_str().into()).collect();
    let files = files.as_slice();
    let mut p = Prepared::default();
    let mut current: Option<LineRef> = None;
    for raw in rendered.split('\n') {
        let (line, own) = take_line_markers(raw, files);
        if own.is_some() {
            current = own;
        }
        let trimmed = line.trim_end();
        if let Some(attrs) = div_open(trimmed) {
            p.divs.push(attrs);
            let placeholder = format!("{DIV_START}{}{DIV_END}", p.divs.len() - 1);
            p.push_isolated(&placeholder, &current);
        } else if is_div_close(trimmed) {
            p.push_isolated(&DIV_CLOSE.to_string(), &current);
        } else if trimmed.trim_start() == "\\newpage" && !line.starts_with("    ") {
            p.push_isolated(&PAGE_BREAK.to_string(), &current);
        } else {
            p.push_line(
                &unnumbered_shorthand(&cell_markers_off_line_start(&line)),
                &current,
            );
        }
    }
    p
}

/// A cell marker opening a line would hide the line's block syntax (`1.` of a
/// list item printed from data): move such markers to the end of the line.
/// Only the block they are in matters, not their place in it.
fn cell_markers_off_line_start(line: &str) -> String {
    use crate::markers::{CELL_END, CELL_START};
    let trimmed = line.trim_start();
    if !trimmed.starts_with(CELL_START) {
        return line.to_string();
    }
    let indent = &line[..line.len() - trimmed.len()];
    let mut rest = trimmed;
    let mut moved = String::new();
    while let Some(after) = rest.strip_prefix(CELL_START) {
        let end = after
            .find(CELL_END)
            .map_or(after.len(), |i| i + CELL_END.len_utf8());
        moved.push(CELL_START);
        moved.push_str(&after[..end]);
        rest = &after[end..];
    }
    format!("{indent}{rest}{moved}")
}

/// Pandoc's `{-}` on a heading means `{.unnumbered}`; pulldown-cmark only
/// knows the long form.
fn unnumbered_shorthand(line: &str) -> String {
    let trimmed = line.trim_end();
    if !trimmed.trim_start().starts_with('#') || !trimmed.ends_with('}') {
        return line.to_string();
    }
    let Some(open) = trimmed.rfind('{') else {
        return line.to_string();
    };
    let inner = &trimmed[open + 1..trimmed.len() - 1];
    if !inner.split_whitespace().any(|w| w == "-") {
        return line.to_string();
    }
    let attrs: Vec<&str> = inner
        .split_whitespace()
        .map(|w| if w == "-" { ".unnumbered" } else { w })
        .collect();
    format!("{}{{{}}}", &trimmed[..open], attrs.join(" "))
}

impl Prepared {
    fn push_line(&mut self, line: &str, at: &Option<LineRef>) {
        self.line_starts.push(self.text.len());
        self.line_refs.push(at.clone());
        self.text.push_str(line);
        self.text.push('\n');
    }

    /// A placeholder alone in its paragraph: blank lines around it.
    fn push_isolated(&mut self, placeholder: &str, at: &Option<LineRef>) {
        self.push_line("", at);
        self.push_line(placeholder, at);
        self.push_line("", at);
    }
}

/// Removes line markers; returns the line and the blueprint line it came from.
/// When several markers open the line (template lines joined by whitespace
/// control), the last one before the content wins.
fn take_line_markers(raw: &str, files: &[std::sync::Arc<str>]) -> (String, Option<LineRef>) {
    if !raw.contains(LINE_START) {
        return (raw.to_string(), None);
    }
    let mut out = String::with_capacity(raw.len());
    let mut found: Option<LineRef> = None;
    let mut content_started = false;
    let mut rest = raw;
    while let Some(start) = rest.find(LINE_START) {
        let before = &rest[..start];
        if !markers::strip(before).trim().is_empty() {
            content_started = true;
        }
        out.push_str(before);
        let after = &rest[start + LINE_START.len_utf8()..];
        let Some(end) = after.find(LINE_END) else {
            rest = after;
            break;
        };
        let parsed = parse_marker(&after[..end], files);
        if found.is_none() || !content_started {
            found = parsed.or(found);
        }
        rest = &after[end + LINE_END.len_utf8()..];
    }
    out.push_str(rest);
    (out, found)
}

fn parse_marker(s: &str, files: &[std::sync::Arc<str>]) -> Option<LineRef> {
    let (file, line) = s.split_once(':')?;
    Some(LineRef {
        file: files.get(file.parse::<usize>().ok()?)?.clone(),
        line: line.parse().ok()?,
    })
}

fn fence_rest(line: &str) -> Option<&str> {
    let colons = line.chars().take_while(|c| *c == ':').count();
    (colons >= 3).then(|| line[colons..].trim())
}

fn is_div_close(line: &str) -> bool {
    fence_rest(line).is_some_and(str::is_empty)
}

/// `::: {.a #id key="v"}` or `::: classe`.
fn div_open(line: &str) -> Option<DivAttrs> {
    let rest = fence_rest(line)?;
    if rest.is_empty() {
        return None;
    }
    let rest = rest.trim_end_matches(':').trim();
    let Some(inner) = rest.strip_prefix('{').and_then(|r| r.strip_suffix('}')) else {
        let class = rest.split_whitespace().next()?;
        return Some(DivAttrs {
            classes: vec![class.to_string()],
            ..DivAttrs::default()
        });
    };
    let mut attrs = DivAttrs::default();
    let mut chars = inner.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let Some(&c) = chars.peek() else { break };
        let word: String =
            std::iter::from_fn(|| chars.next_if(|c| !c.is_whitespace() && *c != '=')).collect();
        if chars.peek() == Some(&'=') {
            chars.next();
            let value: String = if chars.peek() == Some(&'"') {
                chars.next();
                let v = std::iter::from_fn(|| chars.next_if(|c| *c != '"')).collect();
                chars.next();
                v
            } else {
                std::iter::from_fn(|| chars.next_if(|c| !c.is_whitespace())).collect()
            };
            attrs.attrs.push((word, value));
        } else if c == '.' {
            attrs.classes.push(word[1..].to_string());
        } else if c == '#' {
            attrs.id = Some(word[1..].to_string());
        } else if word.is_empty() {
            chars.next();
        }
    }
    Some(attrs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_div_attributes() {
        let a = div_open("::: {.encadre #n1 titre=\"Note au formateur\"}").unwrap();
        assert_eq!(a.classes, vec!["encadre"]);
        assert_eq!(a.id.as_deref(), Some("n1"));
        assert_eq!(a.get("titre"), Some("Note au formateur"));
        assert_eq!(
            div_open("::: objectifs").unwrap().classes,
            vec!["objectifs"]
        );
        assert!(div_open(":::").is_none());
        assert!(is_div_close("::::"));
    }

    #[test]
    fn leading_cell_markers_move_to_the_line_end() {
        assert_eq!(
            cell_markers_off_line_start("\u{E002}3\u{E003}1. Accueil"),
            "1. Accueil\u{E002}3\u{E003}"
        );
        assert_eq!(
            cell_markers_off_line_start("- \u{E002}3\u{E003}x"),
            "- \u{E002}3\u{E003}x"
        );
    }

    #[test]
    fn maps_lines_to_blueprint_lines() {
        let files = vec!["blueprints/a.md.j2".to_string()];
        let text = "\u{E000}0:1\u{E001}# Titre\n\n\u{E000}0:5\u{E001}Texte\nsuite";
        let p = prepare(text, &files);
        assert_eq!(p.text, "# Titre\n\nTexte\nsuite\n");
        assert_eq!(p.line_at(0).unwrap().line, 1);
        let suite = p.text.find("suite").unwrap();
        assert_eq!(p.line_at(suite).unwrap().line, 5);
    }
}
