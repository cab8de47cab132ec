//! The cover page: organisation, document type, title, subtitle, then the
//! reference block, with no header or footer (first page of the section).

use super::body::{Body, PPr};
use super::inline::{RunProps, text_run};
use crate::model::Cover;

impl Body<'_> {
    pub fn cover(&mut self, c: &Cover) -> String {
        let mut out = String::new();
        if let Some(logo) = &c.logo {
            let drawing = self.drawing(logo, &format!("Logo {}", c.organisation), 5 * 567);
            out += &self.para(PPr::style("CoverLogo"), &drawing);
        }
        let line = |style: &'static str, text: &str| -> Option<(&'static str, String)> {
            (!text.is_empty()).then(|| (style, text.to_string()))
        };
        let details: Vec<String> = [
            ("Programme", &c.programme),
            ("Référence", &c.reference),
            ("Version", &c.version),
            ("Date", &c.date),
        ]
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k} : {v}"))
        .collect();
        let lines = [
            line("CoverOrganisation", &c.organisation),
            line("CoverType", &c.doc_type),
            line("Title", &c.title),
            line("Subtitle", &c.subtitle),
        ];
        for (style, text) in lines.into_iter().flatten() {
            out += &self.para(PPr::style(style), &text_run(&text, &RunProps::default()));
        }
        for (i, d) in details.iter().enumerate() {
            let style = if i == 0 {
                "CoverDetailsFirst"
            } else {
                "CoverDetails"
            };
            out += &self.para(PPr::style(style), &text_run(d, &RunProps::default()));
        }
        if !c.notice.is_empty() {
            out += &self.para(
                PPr::style("CoverNotice"),
                &text_run(&c.notice, &RunProps::default()),
            );
        }
        // The body starts on the next page.
        self.page_break_pending = true;
        out
    }
}
