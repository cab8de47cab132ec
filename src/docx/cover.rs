//! The cover page: organisation, document type, title, subtitle, then the
//! reference block, with no header or footer (first page of the section).
//! In a redline, fields that changed since the delivered version show as
//! tracked changes.

use super::body::{Body, PPr};
use super::inline::{RunProps, text_run};
use crate::model::{Cover, Revision};

impl Body<'_> {
    pub fn cover(&mut self, c: &Cover) -> String {
        let old = c.previous.as_deref();
        let mut out = String::new();
        if let Some(logo) = &c.logo {
            let drawing = self.drawing(logo, &format!("Logo {}", c.organisation), 5 * 567);
            out += &self.para(PPr::style("CoverLogo"), &drawing);
        }
        let lines: [(&'static str, &str, Option<&str>); 4] = [
            (
                "CoverOrganisation",
                &c.organisation,
                old.map(|o| o.organisation.as_str()),
            ),
            ("CoverType", &c.doc_type, old.map(|o| o.doc_type.as_str())),
            ("Title", &c.title, old.map(|o| o.title.as_str())),
            ("Subtitle", &c.subtitle, old.map(|o| o.subtitle.as_str())),
        ];
        for (style, new, old) in lines {
            if let Some(runs) = self.cover_runs(new, old) {
                out += &self.para(PPr::style(style), &runs);
            }
        }
        let details = |c: &Cover| -> Vec<(&'static str, String)> {
            vec![
                ("Programme", c.programme.clone()),
                ("Référence", c.reference.clone()),
                ("Version", c.version.clone()),
                ("Date", c.date.clone()),
            ]
        };
        let new_details = details(c);
        let old_details = old.map(details);
        let mut first = true;
        for (i, (label, value)) in new_details.iter().enumerate() {
            let old_value = old_details.as_ref().map(|d| d[i].1.as_str());
            let Some(runs) = self.cover_runs(value, old_value) else {
                continue;
            };
            let style = if first {
                "CoverDetailsFirst"
            } else {
                "CoverDetails"
            };
            first = false;
            let runs = text_run(&format!("{label} : "), &RunProps::default()) + &runs;
            out += &self.para(PPr::style(style), &runs);
        }
        if let Some(runs) = self.cover_runs(&c.notice, old.map(|o| o.notice.as_str())) {
            out += &self.para(PPr::style("CoverNotice"), &runs);
        }
        // The body starts on the next page.
        self.page_break_pending = true;
        out
    }

    /// The runs of one cover field: as it is, or as a tracked change from
    /// its old value; `None` when there is nothing to show.
    fn cover_runs(&mut self, new: &str, old: Option<&str>) -> Option<String> {
        let plain = RunProps::default();
        match old {
            Some(old) if old != new => {
                let mut runs = String::new();
                if !old.is_empty() {
                    runs += &self.mark_runs(&text_run(old, &plain), Revision::Deleted);
                }
                if !new.is_empty() {
                    runs += &self.mark_runs(&text_run(new, &plain), Revision::Inserted);
                }
                Some(runs)
            }
            _ if new.is_empty() => None,
            _ => Some(text_run(new, &plain)),
        }
    }
}
