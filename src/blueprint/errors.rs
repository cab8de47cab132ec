//! minijinja errors as located French diagnostics.

use super::loader::BLUEPRINT_DIR;
use super::rows;
use crate::diag::{Diagnostic, Location, closest};
use crate::markers;
use crate::model::LineRef;
use minijinja::{Error, ErrorKind};

/// Turns a template error into a diagnostic naming the blueprint and line.
/// `source_of` gives the (marked) source of a template by name, for excerpts,
/// and `user_range` maps a range of the source minijinja compiled to it;
/// `globals` lists the names a blueprint can use, for hints.
pub fn to_diagnostic(
    err: &Error,
    fallback_template: &str,
    source_of: impl Fn(&str) -> Option<String>,
    user_range: impl Fn(&str, std::ops::Range<usize>) -> std::ops::Range<usize>,
    missing: Option<rows::Missing>,
    globals: &[String],
) -> Diagnostic {
    let err = innermost(err);
    let name = err.name().unwrap_or(fallback_template).to_string();
    let file = format!("{BLUEPRINT_DIR}/{name}");
    let source = source_of(&name);
    let range = err.range().map(|r| user_range(&name, r));
    let expression = match (range.clone(), &source) {
        (Some(r), Some(s)) => s.get(r.clone()).map(shown),
        _ => None,
    };
    let (message, hint) = match err.kind() {
        ErrorKind::UndefinedError => {
            // minijinja names the undefined variable in the detail: "`x` is undefined".
            let named = err
                .detail()
                .and_then(|d| d.strip_prefix('`'))
                .and_then(|d| d.split_once("` is undefined"))
                .map(|(name, _)| name.to_string());
            let what = named
                .or_else(|| expression.clone())
                .unwrap_or_else(|| missing.as_ref().map(|m| m.key.clone()).unwrap_or_default());
            match missing {
                Some(m) if m.confidential => (
                    format!(
                        "la colonne « {} » est confidentielle : elle n'est jamais transmise aux modèles",
                        m.key
                    ),
                    Some("utilisez le code anonymisé de la ligne à la place".to_string()),
                ),
                Some(m) => {
                    let keys = m.table.columns.iter().filter(|c| !c.spec.confidential);
                    let hint = closest(&m.key, keys.clone().map(|c| c.key.as_str()))
                        .map(|k| format!("vouliez-vous dire « {k} » ?"))
                        .or_else(|| {
                            let all: Vec<&str> = keys.map(|c| c.key.as_str()).collect();
                            Some(format!(
                                "colonnes de « {} » : {}",
                                m.table.name,
                                all.join(", ")
                            ))
                        });
                    (format!("variable inconnue « {what} »"), hint)
                }
                None => {
                    let root = what.split(['.', '[', '|', ' ']).next().unwrap_or("").trim();
                    let hint = closest(root, globals.iter().map(String::as_str))
                        .filter(|g| *g != root)
                        .map(|g| format!("vouliez-vous dire « {g} » ?"));
                    (format!("variable inconnue « {what} »"), hint)
                }
            }
        }
        // A misspelt column inside a calculation: minijinja complains of the
        // operator (« undefined and number »); the mistake is the column.
        ErrorKind::InvalidOperation
            if err.detail().is_some_and(|d| d.contains("undefined"))
                && missing.as_ref().is_some_and(|m| {
                    !m.confidential && expression.as_deref().is_some_and(|e| mentions(e, &m.key))
                }) =>
        {
            let m = missing.expect("checked above");
            let keys = m.table.columns.iter().filter(|c| !c.spec.confidential);
            (
                format!(
                    "colonne inconnue « {} » dans « {} » (utilisée dans un calcul)",
                    m.key, m.table.name
                ),
                closest(&m.key, keys.map(|c| c.key.as_str()))
                    .map(|k| format!("vouliez-vous dire « {k} » ?")),
            )
        }
        _ => super::messages::describe(err, globals),
    };
    // A block left open is reported where it opens, not at the end.
    let unclosed = message
        .contains("le modèle se termine trop tôt")
        .then(|| source.as_deref().and_then(unclosed_block))
        .flatten();
    let (message, hint, line, range) = match unclosed {
        Some((at, start, keyword)) => (
            format!("bloc {{% {keyword} %}} jamais fermé : il manque {{% end{keyword} %}}"),
            Some(format!(
                "ajoutez {{% end{keyword} %}} là où le bloc doit s'arrêter"
            )),
            Some(at),
            Some(start..start + 2),
        ),
        None => match (
            message.contains("instruction inconnue « end"),
            &source,
            &range,
        ) {
            // `{% endif %}` where `{% endfor %}` is due: name the open block.
            (true, Some(src), Some(r)) => match unclosed_block(&src[..r.start.min(src.len())]) {
                Some((at, _, keyword)) => (
                    format!(
                        "« {} » ne ferme pas le bloc {{% {keyword} %}} ouvert ligne {at}, qui attend {{% end{keyword} %}}",
                        src.get(r.clone()).unwrap_or("").trim()
                    ),
                    Some(format!(
                        "fermez d'abord le bloc {{% {keyword} %}} avec {{% end{keyword} %}}"
                    )),
                    err.line(),
                    range.clone(),
                ),
                None => (message, hint, err.line(), range),
            },
            _ => (message, hint, err.line(), range),
        },
    };
    // An error without a line (from the loader) is the file's: never « ligne 0 ».
    let Some(line) = line.map(|l| l as u32).filter(|l| *l > 0) else {
        return Diagnostic::new(Location::File(file), message).with_hint(hint);
    };
    let excerpt = source.as_deref().and_then(|s| excerpt(s, line, range));
    let column = excerpt.as_ref().map(|(_, c)| *c);
    Diagnostic::new(
        Location::Line {
            at: LineRef {
                file: file.into(),
                line,
            },
            column,
        },
        message,
    )
    .with_excerpt(excerpt.map(|(e, _)| e))
    .with_hint(hint)
}

/// The innermost block tag of `source` left open at its end: (line from 1,
/// byte offset of its `{%`, keyword). Tags in `{% raw %}` are not looked at.
fn unclosed_block(source: &str) -> Option<(usize, usize, String)> {
    const BLOCKS: [&str; 8] = [
        "for",
        "if",
        "macro",
        "call",
        "filter",
        "block",
        "with",
        "autoescape",
    ];
    let mut open: Vec<(usize, usize, String)> = Vec::new();
    let mut rest = 0;
    while let Some(at) = source[rest..].find("{%").map(|i| i + rest) {
        let end = source[at..].find("%}").map_or(source.len(), |i| at + i);
        let inner =
            source[at + 2..end].trim_matches(|c: char| c == '-' || c == '+' || c.is_whitespace());
        let word = inner.split_whitespace().next().unwrap_or("");
        let line = source[..at].matches('\n').count() + 1;
        if word == "raw" {
            rest = source[end..]
                .find("endraw")
                .map_or(source.len(), |i| end + i);
            continue;
        }
        // `{% set x %}…{% endset %}` is a block; `{% set x = … %}` is not.
        if BLOCKS.contains(&word) || (word == "set" && !inner.contains('=')) {
            open.push((line, at, word.to_string()));
        } else if let Some(closed) = word.strip_prefix("end")
            && open.last().is_some_and(|(_, _, w)| w == closed)
        {
            open.pop();
        }
        rest = (end + 2).min(source.len());
    }
    open.pop()
}

/// True when `expression` reads the attribute `key` (`.key` or `["key"]`).
fn mentions(expression: &str, key: &str) -> bool {
    expression.match_indices(key).any(|(at, _)| {
        let before = expression[..at].trim_end();
        let after = expression[at + key.len()..].chars().next();
        (before.ends_with('.') || before.ends_with("[\"") || before.ends_with("['"))
            && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// The error an include failed with: the problem is reported once, at its
/// own template and line, not again at the `{% include %}`.
fn innermost(err: &Error) -> &Error {
    let mut current = err;
    while current.kind() == ErrorKind::BadInclude {
        match std::error::Error::source(current).and_then(|s| s.downcast_ref::<Error>()) {
            Some(inner) => current = inner,
            None => break,
        }
    }
    current
}

/// One diagnostic per unknown top-level name, at the first line that uses it.
pub fn unknown_names(
    file: &str,
    source: &str,
    names: &[String],
    globals: &[String],
) -> crate::diag::Problems {
    let lines: Vec<String> = source.lines().map(shown).collect();
    crate::diag::Problems(
        names
            .iter()
            .map(|name| {
                let found = lines.iter().enumerate().find_map(|(i, l)| {
                    word_position(l, name).map(|col| (i as u32 + 1, col, l.clone()))
                });
                let hint = closest(name, globals.iter().map(String::as_str))
                    .map(|g| format!("vouliez-vous dire « {g} » ?"));
                let called = found.as_ref().is_some_and(|(_, col, text)| {
                    let after: String = text.chars().skip(col + name.chars().count()).collect();
                    after.trim_start().starts_with('(')
                });
                let message = if called {
                    format!("fonction inconnue « {name} »")
                } else {
                    format!("variable inconnue « {name} »")
                };
                match found {
                    Some((line, col, text)) => Diagnostic::new(
                        Location::Line {
                            at: LineRef {
                                file: file.into(),
                                line,
                            },
                            column: Some(col as u32 + 1),
                        },
                        message,
                    )
                    .with_excerpt(Some(format!(
                        "{text}\n{}{}",
                        " ".repeat(col),
                        "^".repeat(name.chars().count())
                    ))),
                    None => Diagnostic::file(file, message),
                }
                .with_hint(hint)
            })
            .collect(),
    )
}

/// The character column where `word` stands as a whole word in `line`.
fn word_position(line: &str, word: &str) -> Option<usize> {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut from = 0;
    while let Some(i) = line[from..].find(word) {
        let start = from + i;
        let end = start + word.len();
        let before_ok = !line[..start].ends_with(is_ident) && !line[..start].ends_with('.');
        let after_ok = !line[end..].starts_with(is_ident);
        if before_ok && after_ok {
            return Some(line[..start].chars().count());
        }
        from = end;
    }
    None
}

/// The source line (markers removed) with a caret under the error, and the
/// caret's column (from 1).
fn excerpt(
    source: &str,
    line: u32,
    range: Option<std::ops::Range<usize>>,
) -> Option<(String, u32)> {
    if line == 0 {
        return None;
    }
    let start = source
        .split_inclusive('\n')
        .take(line as usize - 1)
        .map(str::len)
        .sum::<usize>();
    let text = source[start..].lines().next()?;
    let clean = shown(text);
    let column = match range {
        Some(ref r) if r.start >= start && r.start <= start + text.len() => {
            shown(&text[..r.start - start]).chars().count()
        }
        _ => clean.len() - clean.trim_start().len(),
    };
    let width = range
        .map(|r| shown(source.get(r).unwrap_or("")).chars().count())
        .unwrap_or(1)
        .clamp(1, 60);
    Some((
        format!("{clean}\n{}{}", " ".repeat(column), "^".repeat(width)),
        column as u32 + 1,
    ))
}

/// Template text as the user wrote it: markers removed, protected Pandoc
/// attributes restored.
fn shown(s: &str) -> String {
    markers::unmark(s).replace(super::loader::PROTECTED_ATTRIBUTE, "{#")
}
