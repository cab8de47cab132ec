//! `word/styles.xml`: named styles, built-in names where Word has one (so that
//! `heading 1` is Word's Titre 1 with its outline level), `fr-FR` everywhere.

use super::style::{Style, half_points};
use super::xml::{self, root_open};

/// The abstract numbering used by headings (see `numbering.rs`).
pub const HEADING_NUM_ID: u32 = 1;

struct Def<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'a str,
    based_on: Option<&'a str>,
    next: Option<&'a str>,
    ppr: String,
    rpr: String,
    extra: &'a str,
}

impl Def<'_> {
    fn xml(&self, lang: &str) -> String {
        let mut s = format!(
            "<w:style w:type=\"{}\" w:styleId=\"{}\"><w:name w:val=\"{}\"/>",
            self.kind, self.id, self.name
        );
        if let Some(b) = self.based_on {
            s += &format!("<w:basedOn w:val=\"{b}\"/>");
        }
        if let Some(n) = self.next {
            s += &format!("<w:next w:val=\"{n}\"/>");
        }
        s += "<w:qFormat/>";
        if !self.ppr.is_empty() {
            s += &format!("<w:pPr>{}</w:pPr>", self.ppr);
        }
        s += &format!("<w:rPr>{}<w:lang w:val=\"{lang}\"/></w:rPr>", self.rpr);
        s += self.extra;
        s += "</w:style>";
        s
    }
}

const TOC_IDS: [&str; 6] = ["TOC1", "TOC2", "TOC3", "TOC4", "TOC5", "TOC6"];
const TOC_NAMES: [&str; 6] = ["toc 1", "toc 2", "toc 3", "toc 4", "toc 5", "toc 6"];

/// A paragraph style with the common parts filled in.
fn para_def<'a>(
    id: &'a str,
    name: &'a str,
    based_on: &'a str,
    ppr: String,
    rpr: String,
) -> Def<'a> {
    Def {
        id,
        name,
        kind: "paragraph",
        based_on: Some(based_on),
        next: Some("Normal"),
        ppr,
        rpr,
        extra: "",
    }
}

fn fonts(font: &str) -> String {
    let f = xml::attr(font);
    format!("<w:rFonts w:ascii=\"{f}\" w:hAnsi=\"{f}\" w:cs=\"{f}\"/>")
}

fn size(pt: f64) -> String {
    let h = half_points(pt);
    format!("<w:sz w:val=\"{h}\"/><w:szCs w:val=\"{h}\"/>")
}

fn spacing(before_pt: f64, after_pt: f64) -> String {
    format!(
        "<w:spacing w:before=\"{}\" w:after=\"{}\"/>",
        (before_pt * 20.0) as i64,
        (after_pt * 20.0) as i64
    )
}

pub fn styles_xml(style: &Style, lang: &str) -> String {
    let primary = &style.primary;
    let line = (style.line_spacing * 240.0).round() as i64;
    let mut defs = vec![
        Def {
            id: "Normal",
            name: "Normal",
            kind: "paragraph",
            based_on: None,
            next: None,
            ppr: format!(
                "<w:spacing w:after=\"{}\" w:line=\"{line}\" w:lineRule=\"auto\"/><w:jc w:val=\"both\"/>",
                (style.space_after * 20.0) as i64
            ),
            rpr: String::new(),
            extra: "",
        },
        Def {
            id: "Title",
            name: "Title",
            kind: "paragraph",
            based_on: Some("Normal"),
            next: Some("Normal"),
            ppr: format!("{}<w:jc w:val=\"left\"/>", spacing(0.0, 12.0)),
            rpr: format!(
                "{}<w:b/><w:color w:val=\"{primary}\"/>{}",
                fonts(&style.heading_font),
                size(26.0)
            ),
            extra: "",
        },
        Def {
            id: "Subtitle",
            name: "Subtitle",
            kind: "paragraph",
            based_on: Some("Normal"),
            next: Some("Normal"),
            ppr: format!("{}<w:jc w:val=\"left\"/>", spacing(0.0, 12.0)),
            rpr: format!(
                "{}<w:color w:val=\"{primary}\"/>{}",
                fonts(&style.heading_font),
                size(16.0)
            ),
            extra: "",
        },
    ];
    let heading_ids = [
        "Heading1", "Heading2", "Heading3", "Heading4", "Heading5", "Heading6",
    ];
    let heading_names = [
        "heading 1",
        "heading 2",
        "heading 3",
        "heading 4",
        "heading 5",
        "heading 6",
    ];
    for level in 0..6 {
        let pt = style
            .heading_sizes
            .get(level)
            .or(style.heading_sizes.last())
            .copied()
            .unwrap_or(11.0);
        let numbering = if style.heading_numbering {
            format!(
                "<w:numPr><w:ilvl w:val=\"{level}\"/><w:numId w:val=\"{HEADING_NUM_ID}\"/></w:numPr>"
            )
        } else {
            String::new()
        };
        let before = if level == 0 { 18.0 } else { 12.0 };
        defs.push(Def {
            id: heading_ids[level],
            name: heading_names[level],
            kind: "paragraph",
            based_on: Some("Normal"),
            next: Some("Normal"),
            ppr: format!(
                "<w:keepNext/><w:keepLines/>{numbering}{}<w:jc w:val=\"left\"/><w:outlineLvl w:val=\"{level}\"/>",
                spacing(before, 6.0)
            ),
            rpr: format!(
                "{}<w:b/><w:color w:val=\"{primary}\"/>{}",
                fonts(&style.heading_font),
                size(pt)
            ),
            extra: "",
        });
    }
    let table_size = size(style.table.size);
    defs.extend([
        Def {
            id: "Caption",
            name: "caption",
            kind: "paragraph",
            based_on: Some("Normal"),
            next: Some("Normal"),
            ppr: format!("<w:keepNext/>{}<w:jc w:val=\"left\"/>", spacing(6.0, 4.0)),
            rpr: format!("<w:b/><w:color w:val=\"{primary}\"/>{}", size(style.size - 1.0)),
            extra: "",
        },
        Def {
            id: "FootnoteText",
            name: "footnote text",
            kind: "paragraph",
            based_on: Some("Normal"),
            next: None,
            ppr: "<w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>".into(),
            rpr: size(style.size - 2.0),
            extra: "",
        },
        Def {
            id: "ListParagraph",
            name: "List Paragraph",
            kind: "paragraph",
            based_on: Some("Normal"),
            next: None,
            ppr: "<w:spacing w:after=\"60\"/><w:contextualSpacing/><w:jc w:val=\"left\"/>".into(),
            rpr: String::new(),
            extra: "",
        },
        Def {
            id: "Quote",
            name: "Quote",
            kind: "paragraph",
            based_on: Some("Normal"),
            next: Some("Normal"),
            ppr: "<w:ind w:left=\"567\" w:right=\"567\"/>".into(),
            rpr: "<w:i/><w:color w:val=\"404040\"/>".into(),
            extra: "",
        },
        Def {
            id: "Code",
            name: "Code",
            kind: "paragraph",
            based_on: Some("Normal"),
            next: Some("Normal"),
            ppr: "<w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"left\"/>".into(),
            rpr: format!("{}{}", fonts("Consolas"), size(style.size - 1.5)),
            extra: "",
        },
        Def {
            id: "TableText",
            name: "Table Text",
            kind: "paragraph",
            based_on: Some("Normal"),
            next: None,
            // No word broken at a line end inside a cell, even where the
            // document is hyphenated.
            ppr: "<w:suppressAutoHyphens/><w:spacing w:before=\"20\" w:after=\"20\" w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"left\"/>".into(),
            rpr: table_size.clone(),
            extra: "",
        },
        Def {
            id: "TableHeading",
            name: "Table Heading",
            kind: "paragraph",
            based_on: Some("TableText"),
            next: None,
            ppr: "<w:keepNext/>".into(),
            rpr: format!("<w:b/><w:color w:val=\"{}\"/>", style.table.header_text),
            extra: "",
        },
        Def {
            id: "CalloutTitle",
            name: "Callout Title",
            kind: "paragraph",
            based_on: Some("Normal"),
            next: Some("CalloutText"),
            ppr: format!("<w:keepNext/>{}<w:jc w:val=\"left\"/>", spacing(2.0, 4.0)),
            rpr: format!("<w:b/><w:color w:val=\"{primary}\"/>"),
            extra: "",
        },
        Def {
            id: "CalloutText",
            name: "Callout Text",
            kind: "paragraph",
            based_on: Some("Normal"),
            next: None,
            ppr: "<w:spacing w:after=\"60\"/><w:jc w:val=\"left\"/>".into(),
            rpr: String::new(),
            extra: "",
        },
        Def {
            id: "Header",
            name: "header",
            kind: "paragraph",
            based_on: Some("Normal"),
            next: None,
            ppr: "<w:spacing w:after=\"0\"/><w:jc w:val=\"right\"/>".into(),
            rpr: format!("<w:color w:val=\"{primary}\"/>{}", size(style.size - 2.0)),
            extra: "",
        },
        Def {
            id: "Footer",
            name: "footer",
            kind: "paragraph",
            based_on: Some("Normal"),
            next: None,
            ppr: "<w:spacing w:after=\"0\"/><w:jc w:val=\"center\"/>".into(),
            rpr: size(style.size - 2.0),
            extra: "",
        },
        Def {
            id: "FootnoteReference",
            name: "footnote reference",
            kind: "character",
            based_on: None,
            next: None,
            ppr: String::new(),
            rpr: "<w:vertAlign w:val=\"superscript\"/>".into(),
            extra: "",
        },
        Def {
            id: "Hyperlink",
            name: "Hyperlink",
            kind: "character",
            based_on: None,
            next: None,
            ppr: String::new(),
            rpr: format!("<w:color w:val=\"{primary}\"/><w:u w:val=\"single\"/>"),
            extra: "",
        },
        Def {
            id: "CodeChar",
            name: "Code Char",
            kind: "character",
            based_on: None,
            next: None,
            ppr: String::new(),
            rpr: format!("{}{}", fonts("Consolas"), size(style.size - 1.0)),
            extra: "",
        },
    ]);
    let grey = "595959";
    let band_text = &style.cover.band_text;
    defs.extend([
        para_def("Figure", "Figure", "Normal", "<w:keepNext/><w:spacing w:before=\"120\" w:after=\"60\"/><w:jc w:val=\"center\"/>".into(), String::new()),
        para_def("TOCHeading", "TOC Heading", "Normal", format!("<w:keepNext/>{}<w:jc w:val=\"left\"/>", spacing(18.0, 12.0)), format!("{}<w:b/><w:color w:val=\"{primary}\"/>{}", fonts(&style.heading_font), size(style.heading_sizes[0]))),
        para_def("TableofFigures", "table of figures", "Normal", "<w:spacing w:after=\"40\" w:line=\"240\" w:lineRule=\"auto\"/><w:ind w:left=\"0\"/><w:jc w:val=\"left\"/>".into(), String::new()),
        para_def("CoverLogo", "Cover Logo", "Normal", format!("{}<w:jc w:val=\"left\"/>", spacing(0.0, 24.0)), String::new()),
        para_def("CoverOrganisation", "Cover Organisation", "Normal", format!("{}<w:jc w:val=\"left\"/>", spacing(0.0, 96.0)), format!("{}<w:b/><w:caps/><w:color w:val=\"{primary}\"/>{}", fonts(&style.heading_font), size(13.0))),
        para_def("CoverType", "Cover Type", "Normal", format!("{}<w:jc w:val=\"left\"/>", spacing(48.0, 12.0)), format!("{}<w:caps/><w:color w:val=\"{grey}\"/><w:spacing w:val=\"20\"/>{}", fonts(&style.heading_font), size(13.0))),
        para_def("CoverBandType", "Cover Band Type", "CoverType", spacing(0.0, 10.0), format!("<w:color w:val=\"{band_text}\"/>")),
        para_def("CoverBandTitle", "Cover Band Title", "Title", spacing(0.0, 10.0), format!("<w:color w:val=\"{band_text}\"/>")),
        para_def("CoverBandSubtitle", "Cover Band Subtitle", "Subtitle", spacing(0.0, 0.0), format!("<w:color w:val=\"{band_text}\"/>")),
        para_def("CoverDetailsFirst", "Cover Details First", "CoverDetails", format!("<w:pBdr><w:top w:val=\"single\" w:sz=\"12\" w:space=\"8\" w:color=\"{primary}\"/></w:pBdr>{}", spacing(120.0, 2.0)), String::new()),
        para_def("CoverDetails", "Cover Details", "Normal", format!("{}<w:jc w:val=\"left\"/>", spacing(0.0, 2.0)), format!("<w:color w:val=\"{grey}\"/>{}", size(style.size))),
        para_def("CoverNotice", "Cover Notice", "Normal", format!("<w:pBdr><w:top w:val=\"single\" w:sz=\"6\" w:space=\"4\" w:color=\"C00000\"/><w:left w:val=\"single\" w:sz=\"6\" w:space=\"4\" w:color=\"C00000\"/><w:bottom w:val=\"single\" w:sz=\"6\" w:space=\"4\" w:color=\"C00000\"/><w:right w:val=\"single\" w:sz=\"6\" w:space=\"4\" w:color=\"C00000\"/></w:pBdr>{}<w:ind w:left=\"113\" w:right=\"5103\"/><w:jc w:val=\"center\"/>", spacing(24.0, 0.0)), format!("<w:b/><w:caps/><w:color w:val=\"C00000\"/>{}", size(style.size - 1.0))),
    ]);
    for level in 1..=6u8 {
        let indent = 220 * (level as i64 - 1);
        let bold = if level == 1 { "<w:b/>" } else { "" };
        defs.push(Def {
            id: TOC_IDS[level as usize - 1],
            name: TOC_NAMES[level as usize - 1],
            kind: "paragraph",
            based_on: Some("Normal"),
            next: Some("Normal"),
            // Single-spaced entries: short front lists then share pages.
            ppr: format!("<w:spacing w:before=\"{}\" w:after=\"40\" w:line=\"240\" w:lineRule=\"auto\"/><w:ind w:left=\"{indent}\"/><w:jc w:val=\"left\"/>", if level == 1 { 120 } else { 0 }),
            rpr: bold.to_string(),
            extra: "",
        });
    }
    let lang = xml::attr(lang);
    let mut out = root_open("styles");
    out += &format!(
        "<w:docDefaults><w:rPrDefault><w:rPr>{}<w:color w:val=\"{}\"/>{}<w:lang w:val=\"{lang}\" w:eastAsia=\"{lang}\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>\
<w:pPrDefault><w:pPr><w:spacing w:after=\"{}\" w:line=\"{line}\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>",
        fonts(&style.font),
        style.text,
        size(style.size),
        (style.space_after * 20.0) as i64,
    );
    for def in &defs {
        let mut x = def.xml(&lang);
        if def.id == "Normal" {
            x = x.replacen(
                "<w:style w:type=\"paragraph\"",
                "<w:style w:type=\"paragraph\" w:default=\"1\"",
                1,
            );
        }
        out += &x;
    }
    out += &format!(
        "<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>\
<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>\
<w:style w:type=\"table\" w:styleId=\"TrameTable\"><w:name w:val=\"Trame Table\"/><w:basedOn w:val=\"TableNormal\"/><w:uiPriority w:val=\"59\"/><w:pPr><w:spacing w:after=\"0\"/></w:pPr><w:rPr><w:lang w:val=\"{lang}\"/></w:rPr><w:tblPr><w:tblBorders>{b}</w:tblBorders><w:tblCellMar><w:top w:w=\"40\" w:type=\"dxa\"/><w:left w:w=\"85\" w:type=\"dxa\"/><w:bottom w:w=\"40\" w:type=\"dxa\"/><w:right w:w=\"85\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>",
        b = ["top", "left", "bottom", "right", "insideH", "insideV"]
            .iter()
            .map(|side| format!(
                "<w:{side} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"{}\"/>",
                style.table.border
            ))
            .collect::<String>()
    );
    out += "</w:styles>";
    out
}
