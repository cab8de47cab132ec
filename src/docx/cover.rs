//! The cover page: organisation, document type, title, subtitle, then the
//! reference block, with no header or footer (first page of the section).
//! In a redline, fields that changed since the delivered version show as
//! tracked changes.

use super::body::Body;
use super::inline::RunProps;
use super::paragraph::PPr;
use super::runs::{Piece, Runs};
use crate::model::{Cover, Revision};

impl Body<'_> {
    pub fn cover(&mut self, c: &Cover) -> String {
        let old = c.previous.as_deref();
        let mut out = String::new();
        if let Some(logo) = &c.logo {
            let drawing = self.drawing(logo, &format!("Logo {}", c.organisation), 5 * 567);
            out += &self.para(PPr::style("CoverLogo"), |b, r| match &drawing {
                Ok(markup) => b.piece(r, Piece::Raw(markup), &RunProps::default()),
                Err(missing) => b.text(r, missing, &RunProps::default()),
            });
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
            if shows(new, old) {
                out += &self.para(PPr::style(style), |b, r| b.cover_value(r, new, old));
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
            if !shows(value, old_value) {
                continue;
            }
            let style = if first {
                "CoverDetailsFirst"
            } else {
                "CoverDetails"
            };
            first = false;
            out += &self.para(PPr::style(style), |b, r| {
                b.text(r, &format!("{label} : "), &RunProps::default());
                b.cover_value(r, value, old_value);
            });
        }
        let notice_old = old.map(|o| o.notice.as_str());
        if shows(&c.notice, notice_old) {
            out += &self.para(PPr::style("CoverNotice"), |b, r| {
                b.cover_value(r, &c.notice, notice_old)
            });
        }
        // The body starts on the next page.
        self.page_break_pending = true;
        out
    }

    /// One cover field: as it is, or as a tracked change from its old value.
    fn cover_value(&mut self, r: &mut Runs, new: &str, old: Option<&str>) {
        let plain = RunProps::default();
        match old {
            Some(old) if old != new => {
                for (revision, text) in [(Revision::Deleted, old), (Revision::Inserted, new)] {
                    if !text.is_empty() {
                        let outer = self.tracker.enter(Some(revision));
                        self.text(r, text, &plain);
                        self.tracker.leave(outer);
                    }
                }
            }
            _ => self.text(r, new, &plain),
        }
    }
}

/// Whether a cover field has anything to show, now or before.
fn shows(new: &str, old: Option<&str>) -> bool {
    !new.is_empty() || old.is_some_and(|o| !o.is_empty())
}
