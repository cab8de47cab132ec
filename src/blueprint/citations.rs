//! Citations: `cite("clé", …)` in a blueprint, `bibliography()` where the
//! list of works cited goes, formatted in a CSL style by hayagriva.
//!
//! The works live in the source named [`SOURCE`] (`trame.yaml`), one row per
//! work: `cle` (the key blueprints cite), `type`, `auteur` (one per line),
//! `titre`, `annee`, and optionally `editeur`, `lieu`, `periodique` (the
//! newspaper of a press article, shown as its publisher), `url`.
//! The style is `parametres.style_citations` (a CSL style name of the
//! bundled archive, « chicago-author-date » by default), with French terms.
//!
//! An author-date citation depends on every other work cited (« OIM, 2019a »),
//! so `cite()` and `bibliography()` leave a marker in the text and
//! [`resolve`] replaces the markers once the whole blueprint has rendered.
//! An unknown key is an error at the blueprint line of `cite()`; a work the
//! document never cites, in a document with a bibliography, is a warning at
//! its key cell.

use super::Shared;
use super::functions::invalid;
use super::output::escape_markdown;
use crate::data::{DataTable, Tables, Value as DataValue};
use crate::diag::{Diagnostic, Location};
use crate::project::Project;
use hayagriva::archive::{ArchivedStyle, LOCALES, locales};
use hayagriva::citationberg::{IndependentStyle, Locale, LocaleCode, Style};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, ElemChild,
    ElemChildren, Entry, Library,
};
use minijinja::Value;
use std::sync::{Arc, OnceLock};

/// The source that holds the works blueprints cite.
pub const SOURCE: &str = "references";
/// `CITE_START index CITE_END`: a citation; `CITE_START B CITE_END`: the bibliography.
const CITE_START: char = '\u{E010}';
const CITE_END: char = '\u{E011}';
const DEFAULT_STYLE: &str = "chicago-author-date";
/// The language of citations and bibliographies.
const LOCALE: &str = "fr-FR";

/// What one render cited, in order.
#[derive(Default)]
pub struct State {
    /// The works of [`SOURCE`], each with its row; `None` without the source.
    works: Option<(Arc<DataTable>, Library)>,
    cites: Vec<Vec<String>>,
    bibliography: bool,
}

/// Reads the works of [`SOURCE`] into the render state; a row hayagriva
/// cannot read is an error at its key cell.
pub fn load(shared: &Shared, tables: &Tables) -> Result<(), Vec<Diagnostic>> {
    let Some(table) = tables.get(SOURCE) else {
        return Ok(());
    };
    let mut library = Library::new();
    let mut problems = Vec::new();
    let key_col = table.column_index("cle").unwrap_or(0);
    for row in 0..table.rows.len() {
        match entry(table, row) {
            Ok(e) => library.push(&e),
            Err(m) => problems.push(Diagnostic::new(
                Location::Cell(table.cell_ref(row, key_col)),
                format!("référence illisible : {m}"),
            )),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    shared.citations.lock().expect("render state").works = Some((table.clone(), library));
    Ok(())
}

/// One row as a hayagriva entry.
fn entry(table: &DataTable, row: usize) -> Result<Entry, String> {
    let get = |key: &str| -> Option<String> {
        let col = table.column_index(key)?;
        match &table.rows[row].values[col] {
            DataValue::Empty => None,
            DataValue::Text(t) => Some(t.clone()),
            DataValue::Integer(i) => Some(i.to_string()),
            DataValue::Number(x) => Some(x.to_string()),
            DataValue::Date(d) => Some(d.to_string()),
        }
    };
    let key = get("cle").ok_or("clé vide")?;
    let kind = get("type").unwrap_or_default();
    let mut e = serde_json::json!({
        "type": match kind.as_str() {
            "Livre" => "Book",
            "Rapport" => "Report",
            // A law is cited by its author and year (« République du Mali
            // 2012 »), not by its long title; a press article has only a
            // year, which the article and web forms leave dangling (« , . »):
            // both take the report form.
            "Texte juridique" | "Article de presse" => "Report",
            "Page web" => "Web",
            _ => "Misc",
        },
        "title": get("titre").unwrap_or_default(),
    });
    if let Some(a) = get("auteur") {
        // « Nom, Prénom » for a person; anything else is an organisation,
        // kept whole (« Département d'État des États-Unis »).
        e["author"] = a
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| {
                if l.contains(',') {
                    serde_json::Value::from(l)
                } else {
                    serde_json::json!({ "name": l })
                }
            })
            .collect();
    }
    if let Some(y) = get("annee") {
        e["date"] = y.into();
    }
    if let Some(p) = get("editeur") {
        e["publisher"] = serde_json::json!({ "name": p });
        if let Some(l) = get("lieu") {
            e["publisher"]["location"] = l.into();
        }
    }
    if let Some(p) = get("periodique") {
        e["publisher"] = serde_json::json!({ "name": p });
    }
    if let Some(u) = get("url") {
        e["url"] = u.into();
    }
    // YAML reads JSON: one entry per call, so a problem names its row.
    let text = serde_json::json!({ key.clone(): e }).to_string();
    let library = hayagriva::io::from_yaml_str(&text).map_err(|_| {
        "une colonne n'a pas la forme attendue (année, auteurs, adresse web)".to_string()
    })?;
    library
        .get(&key)
        .cloned()
        .ok_or_else(|| "clé illisible".to_string())
}

/// `cite("clé", …)`: a citation of one or more works.
pub fn cite(shared: &Shared, keys: Vec<String>) -> Result<Value, minijinja::Error> {
    let mut state = shared.citations.lock().expect("render state");
    let Some((table, library)) = &state.works else {
        return Err(invalid(&format!(
            "cite() : aucune source « {SOURCE} » n'est déclarée dans trame.yaml pour les références"
        )));
    };
    if keys.is_empty() {
        return Err(invalid(
            "cite() : donnez au moins une clé, cite(\"oim2019\")",
        ));
    }
    for key in &keys {
        if library.get(key).is_none() {
            let hint = crate::diag::closest(key, library.keys())
                .map(|k| format!(" (vouliez-vous dire « {k} » ?)"))
                .unwrap_or_default();
            return Err(invalid(&format!(
                "cite() : référence inconnue « {key} »{hint} ; les références sont dans {}, feuille « {} »",
                table.file, table.sheet
            )));
        }
    }
    state.cites.push(keys);
    Ok(Value::from_safe_string(format!(
        "{CITE_START}{}{CITE_END}",
        state.cites.len() - 1
    )))
}

/// `bibliography()`: the works this document cites, as a list.
pub fn bibliography(shared: &Shared) -> Result<Value, minijinja::Error> {
    let mut state = shared.citations.lock().expect("render state");
    if state.works.is_none() {
        return Err(invalid(&format!(
            "bibliography() : aucune source « {SOURCE} » n'est déclarée dans trame.yaml pour les références"
        )));
    }
    state.bibliography = true;
    Ok(Value::from_safe_string(format!(
        "\n\n{CITE_START}B{CITE_END}\n\n"
    )))
}

/// Replaces the citation and bibliography markers of `text`; returns the
/// warnings (works never cited by a document that has a bibliography).
pub fn resolve(shared: &Shared, project: &Project, text: &mut String) -> Vec<Diagnostic> {
    let state = std::mem::take(&mut *shared.citations.lock().expect("render state"));
    let Some((table, library)) = &state.works else {
        return Vec::new();
    };
    if state.cites.is_empty() && !state.bibliography {
        return Vec::new();
    }
    let style = style(project);
    let locale_files = locale_files();
    let locale = || Some(LocaleCode(LOCALE.into()));
    let mut driver = BibliographyDriver::new();
    for keys in &state.cites {
        let items = keys
            .iter()
            .filter_map(|k| library.get(k))
            .map(CitationItem::with_entry)
            .collect();
        driver.citation(CitationRequest::new(
            items,
            &style,
            locale(),
            locale_files,
            None,
        ));
    }
    let rendered = driver.finish(BibliographyRequest {
        style: &style,
        locale: locale(),
        locale_files,
    });
    let citations: Vec<String> = rendered
        .citations
        .iter()
        .map(|c| markdown(&c.citation))
        .collect();
    let list: String = rendered
        .bibliography
        .map(|b| {
            b.items
                .iter()
                .map(|i| format!("- {}\n", markdown(&i.content)))
                .collect()
        })
        .unwrap_or_default();
    *text = replace_markers(text, &citations, &list);

    let mut warnings = Vec::new();
    if state.bibliography {
        let key_col = table.column_index("cle").unwrap_or(0);
        for row in 0..table.rows.len() {
            let key = match &table.rows[row].values[key_col] {
                DataValue::Text(t) => t.clone(),
                _ => continue,
            };
            if !state.cites.iter().any(|c| c.contains(&key)) {
                warnings.push(Diagnostic::new(
                    Location::Cell(table.cell_ref(row, key_col)),
                    format!(
                        "référence « {key} » jamais citée : elle n'apparaît pas dans la bibliographie"
                    ),
                ));
            }
        }
    }
    warnings
}

fn replace_markers(text: &str, citations: &[String], list: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(CITE_START) {
        out.push_str(&rest[..start]);
        let after = &rest[start + CITE_START.len_utf8()..];
        let Some(end) = after.find(CITE_END) else {
            rest = after;
            continue;
        };
        let inner = &after[..end];
        if inner == "B" {
            out.push_str(list);
        } else if let Some(c) = inner.parse::<usize>().ok().and_then(|i| citations.get(i)) {
            out.push_str(c);
        }
        rest = &after[end + CITE_END.len_utf8()..];
    }
    out.push_str(rest);
    out
}

/// The CSL style: `parametres.style_citations` if it names a bundled style.
fn style(project: &Project) -> IndependentStyle {
    let name = project
        .parametres
        .get("style_citations")
        .and_then(|v| v.as_str())
        .unwrap_or(DEFAULT_STYLE);
    let archived = ArchivedStyle::by_name(name)
        .or_else(|| ArchivedStyle::by_name(DEFAULT_STYLE))
        .expect("the archive holds the default style");
    match archived.get() {
        Style::Independent(s) => s,
        Style::Dependent(_) => match ArchivedStyle::by_name(DEFAULT_STYLE).map(|s| s.get()) {
            Some(Style::Independent(s)) => s,
            _ => unreachable!("the default style is independent"),
        },
    }
}

/// The bundled locale files a citation in [`LOCALE`] can consult, in the
/// archive's order, decoded once per process: hayagriva looks a term up in
/// the requested locale, then its fallback, then en-US
/// (`StyleContext::lookup_locale`), so the other sixty locales, which cost
/// most of a bibliography's time to decode, are never read.
fn locale_files() -> &'static [Locale] {
    static FILES: OnceLock<Vec<Locale>> = OnceLock::new();
    FILES.get_or_init(|| {
        let requested = LocaleCode(LOCALE.into());
        let wanted = [
            requested.fallback(),
            Some(requested),
            Some(LocaleCode::en_us()),
        ];
        let decoded: Option<Vec<Locale>> = LOCALES
            .iter()
            .filter_map(|bytes| match locale_head(bytes) {
                Some(lang) if !wanted.contains(&lang) => None,
                _ => Some(ciborium::de::from_reader::<Locale, _>(*bytes).ok()),
            })
            .collect();
        match decoded {
            Some(files) => files
                .into_iter()
                .filter(|l| wanted.contains(&l.lang))
                .collect(),
            // An archive this code cannot read: hayagriva's own decoding.
            None => locales()
                .into_iter()
                .filter(|l| wanted.contains(&l.lang))
                .collect(),
        }
    })
}

/// The language of one archived locale, read without decoding its terms:
/// the map is read up to its `@xml:lang` entry (the first, as citationberg
/// writes it), the rest left unread. `None` if the bytes are not a map.
fn locale_head(bytes: &[u8]) -> Option<Option<LocaleCode>> {
    use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
    struct Head;
    impl<'de> Visitor<'de> for Head {
        type Value = Option<LocaleCode>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a CSL locale")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            while let Some(key) = map.next_key::<String>()? {
                if key == "@xml:lang" {
                    return map.next_value();
                }
                map.next_value::<IgnoredAny>()?;
            }
            Ok(None)
        }
    }
    struct Lang(Option<LocaleCode>);
    impl<'de> serde::Deserialize<'de> for Lang {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_map(Head).map(Lang)
        }
    }
    ciborium::de::from_reader::<Lang, _>(bytes)
        .ok()
        .map(|l| l.0)
}

/// Rendered CSL output as Markdown: text escaped, italics as `*…*`.
fn markdown(children: &ElemChildren) -> String {
    let mut out = String::new();
    for child in &children.0 {
        match child {
            ElemChild::Text(f) => {
                let text = escape_markdown(&f.text);
                if f.formatting.font_style == hayagriva::citationberg::FontStyle::Italic
                    && !text.trim().is_empty()
                {
                    let lead = &text[..text.len() - text.trim_start().len()];
                    let trail = &text[text.trim_end().len()..];
                    out.push_str(&format!("{lead}*{}*{trail}", text.trim()));
                } else {
                    out.push_str(&text);
                }
            }
            ElemChild::Elem(e) => out.push_str(&markdown(&e.children)),
            ElemChild::Link { text, .. } => out.push_str(&escape_markdown(&text.text)),
            ElemChild::Markup(m) => out.push_str(&escape_markdown(m)),
            ElemChild::Transparent { .. } => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_replaced_and_stray_ones_dropped() {
        let text = format!(
            "A {CITE_START}0{CITE_END} B\n{CITE_START}B{CITE_END}C {CITE_START}9{CITE_END}"
        );
        let out = replace_markers(&text, &["(OIM, 2019)".into()], "- OIM. (2019).\n");
        assert_eq!(out, "A (OIM, 2019) B\n- OIM. (2019).\nC ");
    }

    #[test]
    fn locale_files_are_those_hayagriva_would_consult() {
        // Every locale a French citation can fall back on, decoded as
        // hayagriva decodes them, in the archive's order.
        let consulted: Vec<Locale> = locales()
            .into_iter()
            .filter(|l| {
                l.lang
                    .as_ref()
                    .is_some_and(|c| c.0 == "fr-FR" || c.0 == "en-US")
            })
            .collect();
        assert_eq!(consulted.len(), 2);
        assert_eq!(locale_files(), consulted.as_slice());
    }
}
