//! HTML building blocks: escaping (the one place text becomes HTML), the
//! problems list with the same information as the CLI, dates for people,
//! and the page colours taken from the house style.

use crate::diag::{Diagnostic, Location};
use std::time::SystemTime;

/// Text made safe for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// At most `max` characters of `text`, with « … » when cut.
pub fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((cut, _)) => format!("{}…", &text[..cut]),
    }
}

/// What kind of place a problem is in, for a screen reader and the eye.
fn place_kind(location: &Location) -> &'static str {
    match location {
        Location::File(_) => "fichier",
        Location::Line { .. } => "modèle, ligne",
        Location::Cell(_) => "classeur, cellule",
        Location::Sheet { .. } => "classeur, feuille",
    }
}

/// The problems as an HTML list: for each, its place (file, sheet, cell or
/// blueprint line), the message, the excerpt with its caret kept in a
/// preformatted block, and the hint: what `Display` shows on the terminal.
pub fn problems(list: &[Diagnostic]) -> String {
    if list.is_empty() {
        return "<p class=\"ok\">Aucun problème : le projet est prêt à être produit.</p>".into();
    }
    let n = list.len();
    let mut out = format!(
        "<p class=\"compte\">{n} problème{} à corriger :</p><ol class=\"problemes\">",
        if n > 1 { "s" } else { "" }
    );
    for d in list {
        out.push_str(&format!(
            "<li><p><span class=\"lieu\" title=\"{}\">{}</span> : {}</p>",
            place_kind(&d.location),
            escape(&d.location.to_string()),
            escape(&d.message)
        ));
        if let Some(excerpt) = &d.excerpt {
            out.push_str(&format!(
                "<pre class=\"extrait\" aria-label=\"extrait\">{}</pre>",
                escape(excerpt)
            ));
        }
        if let Some(hint) = &d.hint {
            out.push_str(&format!(
                "<p class=\"conseil\">conseil : {}</p>",
                escape(hint)
            ));
        }
        out.push_str("</li>");
    }
    out.push_str("</ol>");
    out
}

/// How long ago `time` was, in French: « il y a 3 minutes ». Relative, so
/// that no time zone is needed; refreshed with the page.
pub fn ago(time: SystemTime) -> String {
    let seconds = SystemTime::now()
        .duration_since(time)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let plural = |n: u64, unit: &str| {
        format!(
            "il y a {n} {unit}{}",
            if n > 1 && !unit.ends_with('s') {
                "s"
            } else {
                ""
            }
        )
    };
    match seconds {
        0..=9 => "à l'instant".into(),
        10..=59 => plural(seconds, "seconde"),
        60..=3599 => plural(seconds / 60, "minute"),
        3600..=86_399 => plural(seconds / 3600, "heure"),
        _ => plural(seconds / 86_400, "jour"),
    }
}

/// The page colours: the house style's main colour for headings and
/// buttons when it is dark enough to read on white (WCAG AA, 4.5:1),
/// otherwise its body text colour; table headers as in the documents.
pub struct Colours {
    pub primary: String,
    pub text: String,
    pub header_fill: String,
    pub header_text: String,
    pub band_fill: String,
}

impl Colours {
    pub fn from_style(style: &crate::docx::Style) -> Colours {
        let readable = |c: &str, fallback: &str| {
            if contrast(c, "FFFFFF") >= 4.5 {
                c.to_string()
            } else {
                fallback.to_string()
            }
        };
        let text = readable(&style.text, "1A1A1A");
        let primary = readable(&style.primary, &text);
        let (header_fill, header_text) =
            if contrast(&style.table.header_fill, &style.table.header_text) >= 4.5 {
                (
                    style.table.header_fill.clone(),
                    style.table.header_text.clone(),
                )
            } else {
                (primary.clone(), "FFFFFF".to_string())
            };
        let band_fill =
            if style.table.band_fill.is_empty() || contrast(&text, &style.table.band_fill) < 4.5 {
                "F4F4F4".into()
            } else {
                style.table.band_fill.clone()
            };
        Colours {
            primary,
            text,
            header_fill,
            header_text,
            band_fill,
        }
    }

    /// CSS custom properties for the stylesheet.
    pub fn css(&self) -> String {
        format!(
            ":root{{--principale:#{};--texte:#{};--entete-fond:#{};--entete-texte:#{};--bande:#{}}}",
            self.primary, self.text, self.header_fill, self.header_text, self.band_fill
        )
    }
}

/// WCAG contrast ratio of two RRGGBB colours (1 when one is malformed).
pub fn contrast(a: &str, b: &str) -> f64 {
    crate::verify::accessibility::contrast_ratio(a, b).unwrap_or(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LineRef;

    #[test]
    fn markup_is_escaped() {
        // Attributes are always double-quoted: apostrophes stay as typed.
        assert_eq!(
            escape("<script>\"a\" & l'b"),
            "&lt;script&gt;&quot;a&quot; &amp; l'b"
        );
    }

    #[test]
    fn a_problem_shows_place_excerpt_caret_and_hint() {
        let d = Diagnostic::new(
            Location::Line {
                at: LineRef {
                    file: "blueprints/a.md.j2".into(),
                    line: 3,
                },
                column: Some(5),
            },
            "variable inconnue « x »",
        )
        .with_excerpt(Some("{{ x }}\n   ^".into()))
        .with_hint(Some("vouliez-vous dire « y » ?".into()));
        let html = problems(&[d]);
        assert!(html.contains("1 problème à corriger"), "{html}");
        assert!(html.contains(">blueprints/a.md.j2, ligne 3</span> : variable inconnue « x »"));
        assert!(html.contains("<pre class=\"extrait\" aria-label=\"extrait\">{{ x }}\n   ^</pre>"));
        assert!(html.contains("conseil : vouliez-vous dire « y » ?"));
    }

    #[test]
    fn colours_stay_readable() {
        let mut style = crate::docx::Style::default();
        assert_eq!(Colours::from_style(&style).primary, "0033A0");
        style.primary = "FFE000".into();
        assert_eq!(Colours::from_style(&style).primary, "1A1A1A");
        assert!(contrast("000000", "FFFFFF") > 20.9);
    }
}
