//! The package around the body: relationships, content types, settings,
//! document properties, header and footer, and the deterministic zip.

use super::xml::{self, DECL, root_open};
use chrono::NaiveDateTime;
use std::io::Write;

/// Document properties written to `docProps/core.xml`.
#[derive(Debug, Clone)]
pub struct Properties {
    pub title: String,
    pub subject: String,
    pub author: String,
    pub language: String,
    pub created: NaiveDateTime,
}

pub fn core_xml(p: &Properties) -> String {
    let date = p.created.format("%Y-%m-%dT%H:%M:%SZ");
    format!(
        "{DECL}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
<dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>{}</dc:creator><cp:lastModifiedBy>{}</cp:lastModifiedBy>\
<dc:language>{}</dc:language><cp:revision>1</cp:revision>\
<dcterms:created xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:modified>\
</cp:coreProperties>",
        xml::text(&p.title),
        xml::text(&p.subject),
        xml::text(&p.author),
        xml::text(&p.author),
        xml::text(&p.language),
    )
}

pub fn app_xml() -> String {
    format!(
        "{DECL}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" \
xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\"><Application>trame</Application><DocSecurity>0</DocSecurity></Properties>"
    )
}

/// Options that change `word/settings.xml`.
#[derive(Debug, Clone, Copy, Default)]
pub struct SettingsOptions {
    /// Review copy: track every change and allow nothing else.
    pub track_changes: bool,
    /// Ask Word to refresh fields (tables of contents) when the file opens.
    pub update_fields: bool,
}

pub fn settings_xml(lang: &str, opts: SettingsOptions) -> String {
    let mut s = root_open("settings");
    s += "<w:zoom w:percent=\"100\"/>";
    if opts.track_changes {
        s += "<w:trackRevisions/><w:documentProtection w:edit=\"trackedChanges\" w:enforcement=\"1\"/>";
    }
    s += "<w:defaultTabStop w:val=\"709\"/><w:hyphenationZone w:val=\"425\"/><w:characterSpacingControl w:val=\"doNotCompress\"/>";
    if opts.update_fields {
        s += "<w:updateFields w:val=\"true\"/>";
    }
    s += "<w:footnotePr><w:footnote w:id=\"-1\"/><w:footnote w:id=\"0\"/></w:footnotePr>";
    s += "<w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>";
    s += &format!("<w:themeFontLang w:val=\"{}\"/>", xml::attr(lang));
    s += "<w:decimalSymbol w:val=\",\"/><w:listSeparator w:val=\";\"/></w:settings>";
    s
}

pub fn footnotes_xml(notes: &[String]) -> String {
    let mut s = root_open("footnotes");
    s += "<w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>";
    s += "<w:footnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>";
    for n in notes {
        s += n;
    }
    s + "</w:footnotes>"
}

pub fn header_xml(short_title: &str) -> String {
    format!(
        "{}<w:p><w:pPr><w:pStyle w:val=\"Header\"/></w:pPr><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p></w:hdr>",
        root_open("hdr"),
        xml::text(short_title)
    )
}

pub fn footer_xml() -> String {
    use super::fields::field;
    let mut t = super::revisions::Tracker::default();
    let mut r = super::runs::Runs::new();
    let plain = super::inline::RunProps::default();
    r.text(&mut t, &plain, "Page ");
    field(&mut r, &mut t, "PAGE", "1", &plain);
    r.text(&mut t, &plain, " sur ");
    field(&mut r, &mut t, "NUMPAGES", "1", &plain);
    let (runs, _) = r.finish();
    format!(
        "{}<w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr>{runs}</w:p></w:ftr>",
        root_open("ftr"),
    )
}

/// An empty header or footer (the cover page has neither).
pub fn empty_part(kind: &str) -> String {
    format!(
        "{}<w:p><w:pPr><w:spacing w:after=\"0\"/></w:pPr></w:p></w:{kind}>",
        root_open(kind)
    )
}

/// The document's relationships: its parts, `media` images and `charts`
/// (both as (id, target)), and external `links`.
pub fn document_rels(
    links: &[String],
    media: &[(String, String)],
    charts: &[(String, String)],
) -> String {
    let mut s = format!(
        "{DECL}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    );
    let base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    for (id, kind, target) in [
        ("rIdStyles", "styles", "styles.xml"),
        ("rIdSettings", "settings", "settings.xml"),
        ("rIdNumbering", "numbering", "numbering.xml"),
        ("rIdFootnotes", "footnotes", "footnotes.xml"),
        ("rIdHeader1", "header", "header1.xml"),
        ("rIdFooter1", "footer", "footer1.xml"),
        ("rIdHeader2", "header", "header2.xml"),
        ("rIdFooter2", "footer", "footer2.xml"),
        ("rIdManifest", "customXml", "../customXml/item1.xml"),
    ] {
        s += &format!("<Relationship Id=\"{id}\" Type=\"{base}/{kind}\" Target=\"{target}\"/>");
    }
    for (id, name) in media {
        s += &format!("<Relationship Id=\"{id}\" Type=\"{base}/image\" Target=\"{name}\"/>");
    }
    for (id, name) in charts {
        s += &format!("<Relationship Id=\"{id}\" Type=\"{base}/chart\" Target=\"{name}\"/>");
    }
    for (i, url) in links.iter().enumerate() {
        s += &format!(
            "<Relationship Id=\"rIdLink{}\" Type=\"{base}/hyperlink\" Target=\"{}\" TargetMode=\"External\"/>",
            i + 1,
            xml::attr(url)
        );
    }
    s + "</Relationships>"
}

pub fn package_rels() -> String {
    format!(
        "{DECL}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>\
</Relationships>"
    )
}

/// The content types of the package, with `charts` chart parts
/// (`word/charts/chart1.xml`…) and their embedded workbooks.
pub fn content_types(charts: usize) -> String {
    let wml = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    let mut s = format!(
        "{DECL}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/><Default Extension=\"png\" ContentType=\"image/png\"/>\
<Default Extension=\"jpeg\" ContentType=\"image/jpeg\"/>"
    );
    if charts > 0 {
        s += "<Default Extension=\"xlsx\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\"/>";
    }
    for n in 1..=charts {
        s += &format!(
            "<Override PartName=\"/word/charts/chart{n}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.drawingml.chart+xml\"/>"
        );
    }
    for (part, kind) in [
        ("/word/document.xml", format!("{wml}.document.main+xml")),
        ("/word/styles.xml", format!("{wml}.styles+xml")),
        ("/word/settings.xml", format!("{wml}.settings+xml")),
        ("/word/numbering.xml", format!("{wml}.numbering+xml")),
        ("/word/footnotes.xml", format!("{wml}.footnotes+xml")),
        ("/word/header1.xml", format!("{wml}.header+xml")),
        ("/word/footer1.xml", format!("{wml}.footer+xml")),
        ("/word/header2.xml", format!("{wml}.header+xml")),
        ("/word/footer2.xml", format!("{wml}.footer+xml")),
        (
            "/customXml/itemProps1.xml",
            "application/vnd.openxmlformats-officedocument.customXmlProperties+xml".to_string(),
        ),
        (
            "/docProps/core.xml",
            "application/vnd.openxmlformats-package.core-properties+xml".to_string(),
        ),
        (
            "/docProps/app.xml",
            "application/vnd.openxmlformats-officedocument.extended-properties+xml".to_string(),
        ),
    ] {
        s += &format!("<Override PartName=\"{part}\" ContentType=\"{kind}\"/>");
    }
    s + "</Types>"
}

/// A package being zipped as its parts come, in the order given, deflated,
/// with fixed timestamps. A part's bytes reach the compressor in pieces of
/// [`CHUNK`] bytes whatever pieces they are written in, so the same parts
/// always give the same bytes, whether a part is given whole ([`Zip::part`])
/// or written as it is made ([`Zip::start`], then `Write`).
pub struct Zip {
    writer: zip::ZipWriter<std::io::Cursor<Vec<u8>>>,
    /// Bytes of the current part not yet compressed (less than [`CHUNK`]).
    pending: Vec<u8>,
}

/// The size of the pieces a part is compressed in.
pub const CHUNK: usize = 1 << 16;

impl Default for Zip {
    fn default() -> Self {
        Zip {
            writer: zip::ZipWriter::new(std::io::Cursor::new(Vec::new())),
            pending: Vec::with_capacity(CHUNK),
        }
    }
}

impl Zip {
    fn options() -> zip::write::SimpleFileOptions {
        zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            // Level 1: several times faster than the default, for files a few per cent larger.
            .compression_level(Some(1))
            .last_modified_time(zip::DateTime::default())
            .unix_permissions(0o644)
    }

    /// Compresses what is pending of the current part.
    fn flush_pending(&mut self) {
        if !self.pending.is_empty() {
            self.writer
                .write_all(&self.pending)
                .expect("writing to memory cannot fail");
            self.pending.clear();
        }
    }

    /// Adds a whole part.
    pub fn part(&mut self, name: &str, bytes: &[u8]) {
        self.start(name);
        self.write_all(bytes)
            .expect("writing to memory cannot fail");
    }

    /// Starts a part whose bytes are then written to this `Zip`, in pieces:
    /// they are compressed as they come, the part never whole in memory. The
    /// part ends when the next one starts.
    pub fn start(&mut self, name: &str) {
        self.flush_pending();
        self.writer
            .start_file(name, Self::options())
            .expect("writing to memory cannot fail");
    }

    /// The bytes of the package.
    pub fn finish(mut self) -> Vec<u8> {
        self.flush_pending();
        self.writer
            .finish()
            .expect("writing to memory cannot fail")
            .into_inner()
    }
}

impl Write for Zip {
    fn write(&mut self, mut buf: &[u8]) -> std::io::Result<usize> {
        let written = buf.len();
        while self.pending.len() + buf.len() >= CHUNK {
            let take = CHUNK - self.pending.len();
            self.pending.extend_from_slice(&buf[..take]);
            self.writer.write_all(&self.pending)?;
            self.pending.clear();
            buf = &buf[take..];
        }
        self.pending.extend_from_slice(buf);
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_gives_the_same_bytes_in_any_pieces() {
        let text: String = (0..40_000).map(|i| format!("<w:t>{i}</w:t>")).collect();
        let whole = {
            let mut z = Zip::default();
            z.part("a.xml", text.as_bytes());
            z.part("b.xml", b"<b/>");
            z.finish()
        };
        let pieces = {
            let mut z = Zip::default();
            z.start("a.xml");
            for piece in text.as_bytes().chunks(7_777) {
                z.write_all(piece).unwrap();
            }
            z.part("b.xml", b"<b/>");
            z.finish()
        };
        assert!(text.len() > 4 * CHUNK);
        assert!(whole == pieces);
    }
}
