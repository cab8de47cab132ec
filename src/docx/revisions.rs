//! Tracked changes in the output (redlines): runs wrapped in `w:ins` /
//! `w:del`, deleted text as `w:delText`, paragraph marks and table rows
//! marked, formatting changes as `w:rPrChange` carrying the old formatting.
//! All revisions share one id counter, in document order.

use super::body::Body;
use super::inline::RunProps;
use super::xml;
use crate::model::{Revision, RunFormat};

/// Who made the changes of a redline, and when (never the clock).
#[derive(Debug, Clone)]
pub struct RevisionAuthor {
    pub author: String,
    /// W3C date-time, e.g. `2024-05-10T00:00:00Z`.
    pub date: String,
}

impl Body<'_> {
    /// `w:id`, `w:author` and `w:date` attributes of a new revision.
    pub fn revision_attrs(&mut self) -> String {
        self.next_revision += 1;
        let (author, date) = match &self.redline {
            Some(r) => (r.author.clone(), r.date.clone()),
            None => ("trame".to_string(), "2000-01-01T00:00:00Z".to_string()),
        };
        format!(
            "w:id=\"{}\" w:author=\"{}\" w:date=\"{}\"",
            self.next_revision,
            xml::attr(&author),
            xml::attr(&date)
        )
    }

    /// The element marking a paragraph mark or row as inserted or deleted.
    pub fn revision_mark(&mut self, revision: Revision) -> String {
        let tag = tag(revision);
        format!("<w:{tag} {}/>", self.revision_attrs())
    }

    /// Wraps every run of `runs` (top level, or inside hyperlinks) in a
    /// `w:ins` or `w:del`; deleted text becomes `w:delText`.
    pub fn mark_runs(&mut self, runs: &str, revision: Revision) -> String {
        let mut out = String::with_capacity(runs.len() + 64);
        let mut rest = runs;
        while let Some(start) = rest.find('<') {
            out.push_str(&rest[..start]);
            rest = &rest[start..];
            if rest.starts_with("<w:r>") || rest.starts_with("<w:r ") {
                let end = rest
                    .find("</w:r>")
                    .map_or(rest.len(), |e| e + "</w:r>".len());
                let run = &rest[..end];
                let run = match revision {
                    Revision::Inserted => run.to_string(),
                    Revision::Deleted => run
                        .replace("<w:t>", "<w:delText>")
                        .replace("<w:t ", "<w:delText ")
                        .replace("</w:t>", "</w:delText>")
                        .replace("<w:instrText", "<w:delInstrText")
                        .replace("</w:instrText>", "</w:delInstrText>"),
                };
                let tag = tag(revision);
                let attrs = self.revision_attrs();
                out.push_str(&format!("<w:{tag} {attrs}>{run}</w:{tag}>"));
                rest = &rest[end..];
            } else if rest.starts_with("<w:hyperlink") {
                let open_end = rest.find('>').map_or(rest.len(), |e| e + 1);
                let close = rest.find("</w:hyperlink>").unwrap_or(rest.len());
                out.push_str(&rest[..open_end]);
                let inner = self.mark_runs(&rest[open_end..close], revision);
                out.push_str(&inner);
                rest = &rest[close..];
                let end = rest.find('>').map_or(rest.len(), |e| e + 1);
                out.push_str(&rest[..end]);
                rest = &rest[end..];
            } else if rest.starts_with("<w:ins ") || rest.starts_with("<w:del ") {
                // Already marked (an inline revision): keep as it is.
                let close = if rest.starts_with("<w:ins ") {
                    "</w:ins>"
                } else {
                    "</w:del>"
                };
                let end = rest.find(close).map_or(rest.len(), |e| e + close.len());
                out.push_str(&rest[..end]);
                rest = &rest[end..];
            } else {
                let end = rest.find('>').map_or(rest.len(), |e| e + 1);
                out.push_str(&rest[..end]);
                rest = &rest[end..];
            }
        }
        out.push_str(rest);
        out
    }

    /// Adds a `w:rPrChange` holding the old formatting to every run.
    pub fn mark_restyled(&mut self, runs: &str, was: RunFormat) -> String {
        let old = RunProps::from(was).inner_xml();
        let mut out = String::with_capacity(runs.len() + 64);
        let mut rest = runs;
        while let Some(i) = rest.find("<w:r>") {
            out.push_str(&rest[..i + "<w:r>".len()]);
            rest = &rest[i + "<w:r>".len()..];
            let change = format!(
                "<w:rPrChange {}><w:rPr>{old}</w:rPr></w:rPrChange>",
                self.revision_attrs()
            );
            if rest.starts_with("<w:rPr>") {
                let end = rest.find("</w:rPr>").unwrap_or(0);
                out.push_str(&rest[..end]);
                out.push_str(&change);
                rest = &rest[end..];
            } else {
                out.push_str(&format!("<w:rPr>{change}</w:rPr>"));
            }
        }
        out.push_str(rest);
        out
    }
}

fn tag(revision: Revision) -> &'static str {
    match revision {
        Revision::Inserted => "ins",
        Revision::Deleted => "del",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docx::style::Style;

    #[test]
    fn runs_are_wrapped_and_deleted_text_becomes_deltext() {
        let style = Style::default();
        let assets = Default::default();
        let values = Default::default();
        let mut body = Body::new(&style, &[], &assets, &values);
        let marked = body.mark_runs(
            "<w:bookmarkStart w:id=\"0\" w:name=\"b\"/><w:r><w:t xml:space=\"preserve\">a</w:t></w:r><w:hyperlink w:anchor=\"x\"><w:r><w:t>b</w:t></w:r></w:hyperlink>",
            Revision::Deleted,
        );
        assert_eq!(
            marked,
            "<w:bookmarkStart w:id=\"0\" w:name=\"b\"/><w:del w:id=\"1\" w:author=\"trame\" w:date=\"2000-01-01T00:00:00Z\"><w:r><w:delText xml:space=\"preserve\">a</w:delText></w:r></w:del><w:hyperlink w:anchor=\"x\"><w:del w:id=\"2\" w:author=\"trame\" w:date=\"2000-01-01T00:00:00Z\"><w:r><w:delText>b</w:delText></w:r></w:del></w:hyperlink>"
        );
        let restyled = body.mark_restyled(
            "<w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t>c</w:t></w:r>",
            RunFormat::default(),
        );
        assert_eq!(
            restyled,
            "<w:r><w:rPr><w:b/><w:bCs/><w:rPrChange w:id=\"3\" w:author=\"trame\" w:date=\"2000-01-01T00:00:00Z\"><w:rPr></w:rPr></w:rPrChange></w:rPr><w:t>c</w:t></w:r>"
        );
    }
}
