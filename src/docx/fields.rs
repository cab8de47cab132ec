//! Word fields: tables of contents and lists of tables/figures that already
//! show their entries (Word refreshes page numbers on open or with F9),
//! numbered captions (`SEQ`), and cross-references (`REF`).

use super::body::{Body, PPr};
use super::inline::{RunProps, text_run};
use super::outline::{Entry, ref_bookmark};
use super::xml;
use crate::model::{Inline, Toc, TocKind};

/// A complex field: begin, instruction, separate, shown result, end.
pub fn field(instr: &str, shown: &str) -> String {
    format!(
        "{}{}<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>{}",
        field_begin(instr),
        FIELD_SEPARATE,
        xml::text(shown),
        FIELD_END
    )
}

fn field_begin(instr: &str) -> String {
    format!(
        "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> {} </w:instrText></w:r>",
        xml::text(instr)
    )
}

const FIELD_SEPARATE: &str = "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>";
const FIELD_END: &str = "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>";

impl Body<'_> {
    /// A table of contents or list, with its entries already written.
    pub fn toc(&mut self, toc: &Toc) -> String {
        let (instr, entries, style_of): (String, Vec<Entry>, fn(u8) -> &'static str) =
            match toc.kind {
                TocKind::Contents => (
                    format!("TOC \\o \"1-{}\" \\h \\z \\u", toc.levels.clamp(1, 6)),
                    self.outline
                        .headings
                        .iter()
                        .filter(|e| e.level <= toc.levels)
                        .cloned()
                        .collect(),
                    |level| {
                        ["TOC1", "TOC2", "TOC3", "TOC4", "TOC5", "TOC6"]
                            [(level as usize).clamp(1, 6) - 1]
                    },
                ),
                TocKind::Tables => (
                    "TOC \\h \\z \\c \"Tableau\"".to_string(),
                    self.outline.tables.clone(),
                    |_| "TableofFigures",
                ),
                TocKind::Figures => (
                    "TOC \\h \\z \\c \"Figure\"".to_string(),
                    self.outline.figures.clone(),
                    |_| "TableofFigures",
                ),
            };
        let mut out = self.para(
            PPr::style("TOCHeading"),
            &text_run(&toc.title, &RunProps::default()),
        );
        let tab = format!(
            "<w:tabs><w:tab w:val=\"right\" w:leader=\"dot\" w:pos=\"{}\"/></w:tabs>",
            self.style.text_width()
        );
        if entries.is_empty() {
            let runs = format!(
                "{}{FIELD_SEPARATE}{}{FIELD_END}",
                field_begin(&instr),
                text_run("(aucune entrée)", &RunProps::default())
            );
            return out
                + &format!(
                    "<w:p><w:pPr><w:pStyle w:val=\"{}\"/>{tab}</w:pPr>{runs}</w:p>",
                    style_of(1)
                );
        }
        let last = entries.len() - 1;
        for (i, e) in entries.iter().enumerate() {
            let mut runs = String::new();
            if i == 0 {
                runs += &field_begin(&instr);
                runs += FIELD_SEPARATE;
            }
            let label = if e.label.is_empty() || toc.kind != TocKind::Contents {
                e.label.clone()
            } else {
                format!("{}\u{A0}\u{A0}", e.label)
            };
            runs += &format!(
                "<w:hyperlink w:anchor=\"{}\" w:history=\"1\">{}<w:r><w:tab/></w:r>{}</w:hyperlink>",
                e.bookmark,
                text_run(&format!("{label}{}", e.text), &RunProps::default()),
                // Page numbers are filled in when Word updates the field.
                field(&format!("PAGEREF {} \\h", e.bookmark), "")
            );
            if i == last {
                runs += FIELD_END;
            }
            out += &format!(
                "<w:p><w:pPr><w:pStyle w:val=\"{}\"/>{tab}</w:pPr>{runs}</w:p>",
                style_of(e.level)
            );
        }
        self.has_fields = true;
        out
    }

    /// `Tableau N : légende` or `Figure N : légende`, with a SEQ field, a
    /// bookmark for lists and one around the number for cross-references.
    pub fn caption(
        &mut self,
        label: &str,
        number: usize,
        toc_bookmark: &str,
        id: Option<&str>,
        caption: &[Inline],
    ) -> String {
        // A complex field (runs only), so that it can sit in tracked changes.
        let seq = field(&format!("SEQ {label} \\* ARABIC"), &number.to_string());
        let number_runs = match id {
            Some(id) => self.bookmark(&ref_bookmark(id), seq),
            None => seq,
        };
        let runs = text_run(&format!("{label}\u{A0}"), &RunProps::default())
            + &number_runs
            + &text_run("\u{A0}: ", &RunProps::default())
            + &self.runs(caption, RunProps::default());
        let runs = self.bookmark(toc_bookmark, runs);
        self.para(PPr::style("Caption"), &runs)
    }

    /// `tableau 3` as text plus a REF field that Word keeps up to date.
    pub fn reference(&self, id: &str, props: &RunProps) -> String {
        let word = match id.split_once(':') {
            Some(("fig", _)) => "figure",
            _ => "tableau",
        };
        match self.outline.numbers.get(id) {
            Some(n) => {
                text_run(&format!("{word}\u{A0}"), props)
                    + &field(&format!("REF {} \\h", ref_bookmark(id)), &n.to_string())
            }
            None => text_run("??", props),
        }
    }
}
