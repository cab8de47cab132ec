//! Returned review files dropped on the page: kept in memory (never written
//! under a name the browser chose), read by the same review reader as
//! `trame review` with its limits for hostile files, and shown as the
//! resolution matrix with filters; the matrix downloads as xlsx.

use super::html::{clip, escape};
use crate::review::{self, Entry};
use std::collections::BTreeSet;

/// Largest returned file accepted (the request body).
pub const MAX_FILE_BYTES: u64 = 50 << 20;
/// Returned files kept at once, and their total size.
const MAX_FILES: usize = 20;
const MAX_TOTAL_BYTES: usize = 200 << 20;
/// Rows shown on the page (the xlsx has them all).
const MAX_ROWS_SHOWN: usize = 2000;
/// Characters shown per cell (the xlsx keeps the text Excel can hold).
const MAX_CELL_CHARS: usize = 600;

/// The returned files of this session and their matrix entries.
#[derive(Default)]
pub struct Returned {
    files: Vec<(String, Vec<u8>)>,
    entries: Vec<Entry>,
}

/// The name shown for an uploaded file: its last path component, which
/// must end in `.docx`. It is only ever shown (escaped), never used as a path.
pub fn file_name(raw: &str) -> Result<String, String> {
    let name = raw
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect::<String>();
    if name.is_empty() {
        return Err("fichier sans nom : déposez un fichier Word (.docx) relu".into());
    }
    if name.starts_with("~$") || name.starts_with(".~lock.") {
        return Err(format!(
            "« {name} » est un fichier de verrouillage de Word ou LibreOffice, pas un document relu"
        ));
    }
    if !name.to_lowercase().ends_with(".docx") {
        return Err(format!(
            "« {name} » n'est pas un fichier Word (.docx) : seuls les documents relus au format .docx sont acceptés"
        ));
    }
    Ok(name)
}

impl Returned {
    /// Reads one returned file; on success it joins the others (replacing
    /// one of the same name) and the matrix is made again over all of them.
    /// A file the reader refuses is not kept; the message says why.
    pub fn add(&mut self, name: String, bytes: Vec<u8>) -> Result<(), String> {
        let others = self.files.iter().filter(|(n, _)| *n != name);
        let total = others.clone().map(|(_, b)| b.len()).sum::<usize>() + bytes.len();
        if others.count() >= MAX_FILES || total > MAX_TOTAL_BYTES {
            return Err(format!(
                "{name} : trop de fichiers relus à la fois ({MAX_FILES} au plus, {} en tout) ; retirez-en avant d'en ajouter",
                crate::files::human_bytes(MAX_TOTAL_BYTES as u64)
            ));
        }
        let one = [(name, bytes)];
        review::review(&one).map_err(|p| p.to_string())?;
        let [(name, bytes)] = one;
        self.files.retain(|(n, _)| *n != name);
        self.files.push((name, bytes));
        self.entries = review::review(&self.files).map_err(|p| p.to_string())?;
        Ok(())
    }

    pub fn clear(&mut self) {
        self.files.clear();
        self.entries.clear();
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn file_count(&self) -> usize {
        self.files.len()
    }
}

/// The status of an entry, as the filter names it.
fn status(e: &Entry) -> &'static str {
    match e.done.as_str() {
        "oui" => "résolu",
        "non" => "non résolu",
        _ => "non précisé",
    }
}

/// The matrix as an HTML table with its filters, every text passed through
/// `mask` (confidential values) and escaped.
pub fn matrix_html(returned: &Returned, mask: &dyn Fn(&str) -> String) -> String {
    let entries = returned.entries();
    if returned.file_count() == 0 {
        return "<p>Aucun fichier relu pour l'instant.</p>".into();
    }
    let n = entries.len();
    let files = returned.file_count();
    let mut out = format!(
        "<p role=\"status\">{n} élément{s} relevé{s} dans {files} fichier{fs}.</p>\
         <p class=\"actions\"><a class=\"bouton\" href=\"/relecture/matrice.xlsx\">Télécharger la matrice (.xlsx)</a> \
         <button type=\"button\" data-action=\"vider\">Retirer les fichiers relus</button></p>",
        s = if n > 1 { "s" } else { "" },
        fs = if files > 1 { "s" } else { "" },
    );
    out.push_str(&filters(entries, mask));
    out.push_str(
        "<div class=\"defile\"><table id=\"table-matrice\"><caption>Matrice de résolution</caption><thead><tr>",
    );
    // The matrix's own columns, up to its source column: the decision and
    // follow-up columns are filled in the workbook, not on the page.
    for h in &crate::review::MATRIX_HEADERS[..=crate::review::MATRIX_SOURCE] {
        out.push_str(&format!("<th scope=\"col\">{h}</th>"));
    }
    out.push_str("</tr></thead><tbody>");
    for (i, e) in entries.iter().enumerate().take(MAX_ROWS_SHOWN) {
        let cell = |s: &str| escape(&clip(&mask(s), MAX_CELL_CHARS));
        let attr = |s: &str| escape(&mask(s));
        out.push_str(&format!(
            "<tr data-document=\"{}\" data-auteur=\"{}\" data-type=\"{}\" data-section=\"{}\" data-statut=\"{}\">",
            attr(&e.document),
            attr(&e.author),
            e.kind,
            attr(&e.section),
            status(e)
        ));
        for text in [
            &(i + 1).to_string(),
            &e.document,
            &e.section,
            e.kind,
            &e.context,
            &e.change,
            &e.author,
            &e.date,
            &e.thread,
            &e.done,
        ] {
            out.push_str(&format!("<td>{}</td>", cell(text)));
        }
        out.push_str(&format!(
            "<td class=\"source\">{}</td></tr>",
            cell(&e.source)
        ));
    }
    out.push_str("</tbody></table></div>");
    if n > MAX_ROWS_SHOWN {
        out.push_str(&format!(
            "<p>Seules les {MAX_ROWS_SHOWN} premières lignes sont affichées : la matrice téléchargée les contient toutes.</p>"
        ));
    }
    out
}

/// One select per column the matrix can be filtered on.
fn filters(entries: &[Entry], mask: &dyn Fn(&str) -> String) -> String {
    type Column = (&'static str, &'static str, fn(&Entry) -> &str);
    let columns: [Column; 5] = [
        ("document", "Document", |e| &e.document),
        ("auteur", "Auteur", |e| &e.author),
        ("type", "Type", |e| e.kind),
        ("section", "Section", |e| &e.section),
        ("statut", "Statut", status),
    ];
    let mut out = String::from("<fieldset class=\"filtres\"><legend>Filtrer la matrice</legend>");
    for (key, label, value) in columns {
        let values: BTreeSet<String> = entries.iter().map(|e| mask(value(e))).collect();
        out.push_str(&format!(
            "<label for=\"filtre-{key}\">{label}</label><select id=\"filtre-{key}\" data-filtre=\"{key}\"><option value=\"\">Tous</option>"
        ));
        // An empty value (no section) is not a choice of its own.
        for v in values.into_iter().filter(|v| !v.is_empty()) {
            out.push_str(&format!(
                "<option value=\"{}\">{}</option>",
                escape(&v),
                escape(&clip(&v, 80))
            ));
        }
        out.push_str("</select>");
    }
    out.push_str("</fieldset>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_word_files_are_named() {
        assert_eq!(
            file_name("C:\\retours\\rapport.DOCX").unwrap(),
            "rapport.DOCX"
        );
        assert_eq!(file_name("../../etc/x.docx").unwrap(), "x.docx");
        assert!(
            file_name("rapport.pdf")
                .unwrap_err()
                .contains("n'est pas un fichier Word (.docx)")
        );
        assert!(
            file_name("~$rapport.docx")
                .unwrap_err()
                .contains("verrouillage")
        );
        assert!(file_name("").is_err());
    }
}
