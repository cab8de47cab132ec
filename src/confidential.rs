//! The confidentiality guard: no value of a confidential column may reach any
//! file trame writes or any message it prints.
//!
//! The guard is built from the loaded tables and is required by the one
//! function that writes outputs ([`crate::files::write_atomically`]), so no
//! command can write without scanning. It fails closed: if the matcher cannot
//! be built, or a file cannot be read to be scanned, nothing is written.
//!
//! Matching: values and scanned text are folded the same way (case,
//! apostrophes, every kind of space), and a value matches only as a whole
//! word sequence (its neighbours in the text are not letters or digits), so
//! « Ali » is found in « M. Ali a dit » but not in « Alimata ». Values of any
//! length are matched; a value with no letter or digit (« - », « / ») carries
//! nothing to protect and is ignored, as is an empty cell.
//!
//! Allowances: a per-row document may show confidential columns of its own
//! row (`confidentiel_autorise`). The guard then lets those values — and only
//! those, compared folded — pass in the files of that copy, named by path
//! ([`Guard::allowing`]); every other file, and every other confidential
//! value in that copy (another row's name, an informant's), is still refused.

mod fold;
mod scanned;

pub use fold::fold;
use fold::{Folded, fold_mapped};
pub use scanned::{Clearance, Scanned};

use crate::data::Tables;
use crate::diag::{Diagnostic, Problems, Result};
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashMap;
use std::io::Read;
use std::sync::Arc;

/// Confidential values (folded) a file may show, by the file's path.
pub type Allowances = HashMap<String, Arc<[String]>>;

/// Largest part of a package the guard decompresses to scan it: beyond, the
/// output is refused rather than left unscanned.
const MAX_PART_BYTES: u64 = 2 << 30;

/// The confidential values of a project and where each comes from.
#[derive(Clone)]
pub struct Guard {
    matcher: Option<AhoCorasick>,
    /// For each pattern: the cell (`fichier, feuille « … », cellule C3`) and
    /// the column header.
    places: Arc<[(String, String)]>,
    /// Values some files may show (see the module documentation).
    allowed: Arc<Allowances>,
}

impl Guard {
    /// A guard with nothing to protect (projects without confidential columns,
    /// or commands run outside a project).
    pub fn empty() -> Self {
        Guard {
            matcher: None,
            places: Arc::from([]),
            allowed: Arc::default(),
        }
    }

    /// This guard, letting each file of `allowances` (by path) show the
    /// values listed for it; nothing else changes.
    pub fn allowing(&self, allowances: Allowances) -> Guard {
        Guard {
            allowed: Arc::new(allowances),
            ..self.clone()
        }
    }

    /// The folded values of the `columns` of one row of `table`, as an
    /// allowance lists them.
    pub fn row_values(
        table: &crate::data::DataTable,
        row: usize,
        columns: &[usize],
    ) -> Arc<[String]> {
        columns
            .iter()
            .map(|c| fold(&table.rows[row].values[*c].as_search_text()))
            .filter(|v| v.chars().any(char::is_alphanumeric))
            .collect()
    }

    /// Collects every confidential value of `tables`; fails if the matcher
    /// cannot be built (then nothing may be written).
    pub fn new(tables: &Tables) -> Result<Self> {
        let mut needles: Vec<String> = Vec::new();
        let mut places = Vec::new();
        for table in tables.values() {
            for (col, column) in table
                .columns
                .iter()
                .enumerate()
                .filter(|(_, c)| c.spec.confidential)
            {
                for (row, values) in table.rows.iter().enumerate() {
                    let value = fold(&values.values[col].as_search_text());
                    if value.chars().any(char::is_alphanumeric) {
                        needles.push(value);
                        places.push((table.cell_ref(row, col).to_string(), column.header.clone()));
                    }
                }
            }
        }
        if needles.is_empty() {
            return Ok(Self::empty());
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&needles)
            .map_err(|e| {
                Diagnostic::file(
                    "trame.yaml",
                    format!(
                        "contrôle de confidentialité impossible ({} valeurs confidentielles, {e:?}) : rien n'a été écrit",
                        needles.len()
                    ),
                )
            })?;
        Ok(Guard {
            matcher: Some(matcher),
            places: places.into(),
            allowed: Arc::default(),
        })
    }

    /// The guard of the project in `root` for commands that write without
    /// rendering (`trame review`): empty outside a project; when the project
    /// or its workbooks cannot be read, their problems (nothing is written
    /// that could not be scanned).
    pub fn for_project(root: &std::path::Path) -> Result<Self> {
        if !root.join(crate::project::PROJECT_FILE).is_file() {
            return Ok(Self::empty());
        }
        let project = crate::project::Project::load(root)?;
        let tables = crate::data::load_all(&project)?;
        Self::new(&tables)
    }

    /// True when there is nothing to protect.
    pub fn is_empty(&self) -> bool {
        self.matcher.is_none()
    }

    /// Indices of the confidential values found in `text`, on word
    /// boundaries, but for the `allowed` ones.
    fn found_in(&self, text: &str, allowed: &[String]) -> Vec<usize> {
        self.found_in_folded(&fold(text), allowed)
    }

    /// [`Guard::found_in`] for text already folded.
    fn found_in_folded(&self, folded: &str, allowed: &[String]) -> Vec<usize> {
        let Some(matcher) = &self.matcher else {
            return Vec::new();
        };
        let mut found: Vec<usize> = matcher
            .find_overlapping_iter(folded)
            .filter(|m| on_word_boundaries(folded, m.start(), m.end()))
            .filter(|m| !allowed.iter().any(|a| *a == folded[m.start()..m.end()]))
            .map(|m| m.pattern().as_usize())
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    /// One problem per confidential value found in `text`, which is `what`
    /// (a file) — the value itself is never shown.
    pub fn scan_text(&self, text: &str, what: &str) -> Vec<Diagnostic> {
        self.found_in(text, self.allowed_in(what))
            .into_iter()
            .map(|i| self.leak(i, what, &[]))
            .collect()
    }

    fn leak(&self, value: usize, file: &str, parts: &[String]) -> Diagnostic {
        let (cell, header) = &self.places[value];
        let inside = if parts.is_empty() {
            String::new()
        } else {
            format!(" (dans {})", parts.join(", "))
        };
        Diagnostic::file(
            file.to_string(),
            format!(
                "donnée confidentielle trouvée{inside} : la valeur de {cell} (colonne « {header} ») y apparaît ; rien n'a été écrit"
            ),
        )
    }

    /// Scans a file about to be written: every part of a zip package (XML
    /// text and attribute values, other parts as text), or the file as text.
    /// One problem per confidential value, naming the parts it is in.
    pub fn scan_file(&self, path: &str, bytes: &[u8]) -> Vec<Diagnostic> {
        if self.is_empty() {
            return Vec::new();
        }
        if !bytes.starts_with(b"PK\x03\x04") {
            return self
                .found_in_folded(&self.readable_folded(bytes), self.allowed_in(path))
                .into_iter()
                .map(|i| self.leak(i, path, &[]))
                .collect();
        }
        let mut found: std::collections::BTreeMap<usize, Vec<String>> = Default::default();
        if self
            .scan_package(bytes, "", self.allowed_in(path), &mut found)
            .is_err()
        {
            return vec![unscannable(path)];
        }
        found
            .into_iter()
            .map(|(value, parts)| self.leak(value, path, &parts))
            .collect()
    }

    /// Records in `found` the parts of a zip package holding each
    /// confidential value, part names after `prefix`. A package inside the
    /// package (a chart's workbook) is scanned part by part too, one level
    /// deep. `Err` when the package cannot be read.
    fn scan_package(
        &self,
        bytes: &[u8],
        prefix: &str,
        allowed: &[String],
        found: &mut std::collections::BTreeMap<usize, Vec<String>>,
    ) -> std::result::Result<(), ()> {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| ())?;
        for i in 0..zip.len() {
            let entry = zip.by_index(i).map_err(|_| ())?;
            let name = format!("{prefix}{}", entry.name().unwrap_or_default());
            if entry.size() > MAX_PART_BYTES {
                return Err(());
            }
            let mut part = Vec::with_capacity(entry.size() as usize);
            if entry.take(MAX_PART_BYTES).read_to_end(&mut part).is_err() {
                return Err(());
            }
            if prefix.is_empty() && part.starts_with(b"PK\x03\x04") {
                self.scan_package(&part, &format!("{name} › "), allowed, found)?;
                continue;
            }
            let folded = self.readable_folded(&part);
            drop(part);
            for value in self.found_in_folded(&folded, allowed) {
                found.entry(value).or_default().push(name.clone());
            }
        }
        Ok(())
    }

    /// The values the file `path` may show.
    fn allowed_in(&self, path: &str) -> &[String] {
        self.allowed.get(path).map_or(&[], |v| v)
    }

    /// Scans files about to be written; every leak found is a problem.
    pub fn check(&self, files: &[(String, &[u8])]) -> Result<()> {
        let problems: Vec<Diagnostic> = files
            .iter()
            .flat_map(|(path, bytes)| self.scan_file(path, bytes))
            .collect();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Problems(problems))
        }
    }

    /// The text a reader of these bytes would see (empty for an image),
    /// folded.
    fn readable_folded(&self, bytes: &[u8]) -> String {
        if is_image(bytes) {
            // Pixels cannot be read; the text chunks can: charts keep there
            // every word they draw (see chart::draw). Other images come from
            // files of the project, never from a confidential column.
            return fold(&image_text(bytes));
        }
        if bytes.starts_with(b"%PDF") {
            // Without poppler's pdftotext the PDF cannot be read here; it is
            // LibreOffice's rendering of a .docx scanned part by part before
            // it was written, plus page numbers.
            return fold(&pdf_text(bytes).unwrap_or_default());
        }
        let text = String::from_utf8_lossy(bytes);
        if text.trim_start().starts_with('<') {
            xml_folded(&text)
        } else {
            fold(&text)
        }
    }

    /// A message with every confidential value it contains masked; the rest
    /// of the message is kept as it was.
    pub fn mask(&self, message: &str) -> String {
        let Some(matcher) = &self.matcher else {
            return message.to_string();
        };
        let (folded, origin) = fold_mapped(message);
        let at = |i: usize| origin.get(i).copied().unwrap_or(message.len());
        let mut out = String::with_capacity(message.len());
        let mut last = 0;
        for m in matcher.find_overlapping_iter(&folded) {
            if on_word_boundaries(&folded, m.start(), m.end()) && at(m.start()) >= last {
                out.push_str(&message[last..at(m.start())]);
                out.push_str("[valeur confidentielle masquée]");
                last = at(m.end());
            }
        }
        out.push_str(&message[last..]);
        out
    }

    /// Masks every message of `problems` (no message may show a confidential value).
    pub fn mask_problems(&self, problems: Problems) -> Problems {
        if self.is_empty() {
            return problems;
        }
        Problems(
            problems
                .0
                .into_iter()
                .map(|d| d.map_text(|t| self.mask(t)))
                .collect(),
        )
    }
}

/// The text chunks of a PNG (tEXt, zTXt, iTXt); empty for other images.
fn image_text(bytes: &[u8]) -> String {
    let Ok(reader) = png::Decoder::new(std::io::Cursor::new(bytes)).read_info() else {
        return String::new();
    };
    let info = reader.info();
    let mut out = String::new();
    for chunk in &info.uncompressed_latin1_text {
        out.push_str(&chunk.text);
        out.push('\n');
    }
    for chunk in &info.compressed_latin1_text {
        out.push_str(&chunk.get_text().unwrap_or_default());
        out.push('\n');
    }
    for chunk in &info.utf8_text {
        out.push_str(&chunk.get_text().unwrap_or_default());
        out.push('\n');
    }
    out
}

/// The text of a PDF, by poppler's `pdftotext`, when it is installed.
fn pdf_text(bytes: &[u8]) -> Option<String> {
    use std::io::Write;
    let mut child = std::process::Command::new("pdftotext")
        .args(["-q", "-", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take()?;
    let input = bytes.to_vec();
    let feeder = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().ok()?;
    let _ = feeder.join();
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn unscannable(path: &str) -> Diagnostic {
    Diagnostic::file(
        path.to_string(),
        "contrôle de confidentialité impossible sur ce fichier : rien n'a été écrit",
    )
}

fn is_image(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\x89PNG") || bytes.starts_with(&[0xFF, 0xD8, 0xFF])
}

/// The text of an XML part as a reader would see it: text nodes joined
/// (without a gap inside a paragraph, where runs split words; with a space
/// between paragraphs and other elements), plus every attribute value (alt
/// text, titles), entities resolved. XML the reader refuses is scanned raw.
pub fn xml_text(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len() / 2);
    xml_text_into(xml, |piece| out.push_str(piece));
    out
}

/// [`xml_text`] folded as it is read (no copy of the text first).
fn xml_folded(xml: &str) -> String {
    let mut out = Folded::with_capacity(xml.len() / 4);
    xml_text_into(xml, |piece| out.push(piece));
    out.finish()
}

/// Hands the pieces of [`xml_text`] to `push`, in order.
fn xml_text_into(xml: &str, mut push: impl FnMut(&str)) {
    use crate::review::xml::{Ev, walk};
    let mut in_paragraph = 0usize;
    let read = walk(xml, "", |ev| match ev {
        Ev::Start { name, attrs, empty } => {
            if name == "p" && !empty {
                in_paragraph += 1;
            }
            for value in attrs.values() {
                push(" ");
                push(&value);
                push(" ");
            }
        }
        Ev::End { name } => {
            if name == "p" {
                in_paragraph = in_paragraph.saturating_sub(1);
                push(" ");
            } else if in_paragraph == 0 {
                push(" ");
            }
        }
        Ev::Text(t) => push(&t),
    });
    if read.is_err() {
        push(" ");
        push(xml);
    }
}

/// True when the match `[start, end)` is not glued to a letter or digit.
fn on_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard(values: &[&str]) -> Guard {
        let matcher = AhoCorasick::new(values.iter().map(|v| fold(v))).unwrap();
        Guard {
            matcher: Some(matcher),
            places: values
                .iter()
                .enumerate()
                .map(|(i, _)| (format!("A{}", i + 2), "Nom".into()))
                .collect(),
            allowed: Arc::default(),
        }
    }

    #[test]
    fn whole_values_on_word_boundaries_of_any_length() {
        let g = guard(&["Ali", "Awa Traoré", "7"]);
        assert_eq!(g.found_in("M. ALI a dit", &[]), vec![0]);
        assert!(g.found_in("Alimata et Kalifa", &[]).is_empty());
        assert_eq!(g.found_in("awa\u{a0}\n traoré", &[]), vec![1]);
        assert_eq!(g.found_in("page 7.", &[]), vec![2]);
        assert!(g.found_in("page 17", &[]).is_empty());
    }

    #[test]
    fn xml_text_joins_runs_and_reads_attributes() {
        let xml = r#"<w:p><w:r><w:t>Awa </w:t></w:r><w:r><w:t>Tra</w:t></w:r><w:r><w:t>oré</w:t></w:r></w:p><wp:docPr descr="photo de Ali"/>"#;
        let text = xml_text(xml);
        let g = guard(&["Awa Traoré", "Ali"]);
        assert_eq!(g.found_in(&text, &[]), vec![0, 1]);
    }

    #[test]
    fn an_allowance_lets_its_own_file_show_its_own_value_only() {
        let g = guard(&["Awa Traoré", "Ali"]).allowing(Allowances::from([(
            "out/a/awa.docx".to_string(),
            Arc::from([fold("Awa Traoré")]),
        )]));
        let text = "Attestation : Awa Traoré ; témoin : Ali";
        assert_eq!(g.scan_text(text, "out/a/awa.docx").len(), 1);
        assert!(
            g.scan_text(text, "out/a/awa.docx")[0]
                .to_string()
                .contains("A3")
        );
        assert_eq!(g.scan_text(text, "out/a/ali.docx").len(), 2);
        assert!(g.scan_text("AWA TRAORÉ", "out/a/awa.docx").is_empty());
    }

    #[test]
    fn messages_are_masked() {
        let g = guard(&["Awa Traoré"]);
        let m = g.mask("valeur en double « Awa Traoré »");
        assert_eq!(m, "valeur en double « [valeur confidentielle masquée] »");
        assert_eq!(g.mask("Rien ici"), "Rien ici");
    }
}
