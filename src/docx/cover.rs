//! The cover page, laid out like an IOM report cover: logo, organisation, a
//! colour band across the page holding document type, title and subtitle,
//! then the reference block and the status line; no header or footer (first
//! page of the section). `cover:` in style.yaml chooses the logo, the band's
//! colours and the fields shown, in order. In a redline, fields that changed
//! since the delivered version show as tracked changes.

use super::body::Body;
use super::inline::RunProps;
use super::paragraph::PPr;
use super::runs::{Piece, Runs};
use super::style::{PAGE_WIDTH, cm_to_twips};
use super::xml;
use crate::model::{Cover, Revision};

/// The cover's fields, by the names style.yaml (`cover: fields:`) and the
/// `{{ … }}` fields of a Word shell (`reference_docx`) use.
pub const FIELDS: [&str; 9] = [
    "organisation",
    "type",
    "titre",
    "sous_titre",
    "programme",
    "reference",
    "version",
    "date",
    "mention",
];

/// The value of a field of [`FIELDS`] (empty for any other name).
pub fn field<'c>(c: &'c Cover, name: &str) -> &'c str {
    match name {
        "organisation" => &c.organisation,
        "type" => &c.doc_type,
        "titre" => &c.title,
        "sous_titre" => &c.subtitle,
        "programme" => &c.programme,
        "reference" => &c.reference,
        "version" => &c.version,
        "date" => &c.date,
        "mention" => &c.notice,
        "titre_court" => &c.short_title,
        _ => "",
    }
}

/// Where a field goes on the cover.
#[derive(Clone, Copy, PartialEq)]
enum Zone {
    Organisation,
    Band,
    Details,
    Notice,
}

fn zone(name: &str) -> Zone {
    match name {
        "organisation" => Zone::Organisation,
        "type" | "titre" | "sous_titre" => Zone::Band,
        "mention" => Zone::Notice,
        _ => Zone::Details,
    }
}

/// The label of a field of the reference block.
fn label(name: &str) -> &'static str {
    match name {
        "programme" => "Programme",
        "reference" => "Référence",
        "version" => "Version",
        _ => "Date",
    }
}

/// Whether the document type adds anything to the title: « Rapport » above
/// « Rapport d'évaluation… » does not.
fn type_shown(c: &Cover) -> bool {
    let (kind, title) = (c.doc_type.trim().to_lowercase(), c.title.to_lowercase());
    !kind.is_empty() && !title.starts_with(&kind)
}

impl Body<'_> {
    pub fn cover(&mut self, c: &Cover) -> String {
        if let Some(shell) = self.style.shell.as_ref().filter(|s| s.has_cover()) {
            // The organisation's own cover, its fields filled.
            let (xml, media) = shell.cover(&|name| Some(field(c, name).to_string()));
            self.media.extend(media);
            self.page_break_pending = true;
            return xml;
        }
        let old = c.previous.as_deref();
        let mut out = String::new();
        if let Some(logo) = &c.logo {
            let drawing = self.drawing(logo, &format!("Logo {}", c.organisation), 5 * 567);
            out += &self.para(PPr::style("CoverLogo"), |b, r| match &drawing {
                Ok(markup) => b.piece(r, Piece::Raw(markup), &RunProps::default()),
                Err(missing) => b.text(r, missing, &RunProps::default()),
            });
        }
        let fields: Vec<&str> = self
            .style
            .cover
            .fields
            .iter()
            .map(String::as_str)
            .filter(|f| FIELDS.contains(f))
            .filter(|f| *f != "type" || type_shown(c))
            .filter(|f| shows(field(c, f), old.map(|o| field(o, f))))
            .collect();
        let mut i = 0;
        while i < fields.len() {
            let here = zone(fields[i]);
            let run = fields[i..].iter().take_while(|f| zone(f) == here).count();
            let group = &fields[i..i + run];
            out += &match here {
                Zone::Organisation => self.cover_line("CoverOrganisation", c, "organisation"),
                Zone::Band => self.cover_band(c, group),
                Zone::Details => group
                    .iter()
                    .enumerate()
                    .map(|(k, f)| self.cover_detail(c, f, k == 0))
                    .collect(),
                Zone::Notice => self.cover_line("CoverNotice", c, "mention"),
            };
            i += run;
        }
        // The body starts on the next page.
        self.page_break_pending = true;
        out
    }

    /// One paragraph holding one field.
    fn cover_line(&mut self, style: &'static str, c: &Cover, name: &str) -> String {
        let old = c.previous.as_deref().map(|o| field(o, name));
        self.para(PPr::style(style), |b, r| {
            b.cover_value(r, field(c, name), old)
        })
    }

    /// A line of the reference block: « Référence : … ».
    fn cover_detail(&mut self, c: &Cover, name: &str, first: bool) -> String {
        let style = if first {
            "CoverDetailsFirst"
        } else {
            "CoverDetails"
        };
        let old = c.previous.as_deref().map(|o| field(o, name));
        self.para(PPr::style(style), |b, r| {
            b.text(r, &format!("{} : ", label(name)), &RunProps::default());
            b.cover_value(r, field(c, name), old);
        })
    }

    /// Type, title and subtitle: in a band of colour across the whole page
    /// width (a one-cell table reaching into both margins), or as plain
    /// paragraphs when style.yaml gives no band colour.
    fn cover_band(&mut self, c: &Cover, names: &[&str]) -> String {
        let band = self.style.cover.band.clone();
        let mut inner = String::new();
        for name in names {
            let style = match (*name, band.is_empty()) {
                ("type", true) => "CoverType",
                ("titre", true) => "Title",
                ("sous_titre", true) => "Subtitle",
                ("type", false) => "CoverBandType",
                ("titre", false) => "CoverBandTitle",
                _ => "CoverBandSubtitle",
            };
            inner += &self.cover_line(style, c, name);
        }
        if band.is_empty() {
            return inner;
        }
        let margins = &self.style.margins;
        let (left, right) = (cm_to_twips(margins.left), cm_to_twips(margins.right));
        let band = xml::attr(&band);
        format!(
            "<w:tbl><w:tblPr><w:tblW w:w=\"{PAGE_WIDTH}\" w:type=\"dxa\"/><w:tblInd w:w=\"-{left}\" w:type=\"dxa\"/>\
<w:tblBorders><w:top w:val=\"nil\"/><w:left w:val=\"nil\"/><w:bottom w:val=\"nil\"/><w:right w:val=\"nil\"/>\
<w:insideH w:val=\"nil\"/><w:insideV w:val=\"nil\"/></w:tblBorders><w:tblLayout w:type=\"fixed\"/>\
<w:tblCellMar><w:top w:w=\"567\" w:type=\"dxa\"/><w:left w:w=\"{left}\" w:type=\"dxa\"/><w:bottom w:w=\"567\" w:type=\"dxa\"/>\
<w:right w:w=\"{right}\" w:type=\"dxa\"/></w:tblCellMar><w:tblLook w:val=\"0000\" w:firstRow=\"0\" w:lastRow=\"0\" \
w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr>\
<w:tblGrid><w:gridCol w:w=\"{PAGE_WIDTH}\"/></w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:trHeight w:val=\"3402\" w:hRule=\"atLeast\"/></w:trPr>\
<w:tc><w:tcPr><w:tcW w:w=\"{PAGE_WIDTH}\" w:type=\"dxa\"/><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{band}\"/>\
<w:vAlign w:val=\"center\"/></w:tcPr>{inner}</w:tc></w:tr></w:tbl>"
        )
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_type_the_title_already_says_is_not_repeated() {
        let mut c = Cover {
            doc_type: "Rapport".into(),
            title: "Rapport d'évaluation des besoins".into(),
            ..Cover::default()
        };
        assert!(!type_shown(&c));
        c.title = "Évaluation des besoins".into();
        assert!(type_shown(&c));
        c.doc_type = String::new();
        assert!(!type_shown(&c));
    }

    #[test]
    fn every_field_has_its_value() {
        let c = Cover {
            organisation: "OIM".into(),
            doc_type: "Rapport".into(),
            title: "T".into(),
            subtitle: "S".into(),
            programme: "P".into(),
            reference: "R".into(),
            version: "V".into(),
            date: "D".into(),
            notice: "M".into(),
            ..Cover::default()
        };
        let values: Vec<&str> = FIELDS.iter().map(|f| field(&c, f)).collect();
        assert_eq!(
            values,
            ["OIM", "Rapport", "T", "S", "P", "R", "V", "D", "M"]
        );
    }
}
