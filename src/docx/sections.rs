//! Sections: page size and orientation, margins, header and footer
//! references, and a first page without them when there is a cover.

use super::body::Body;
use super::style::{self, cm_to_twips};

impl Body<'_> {
    /// Section properties for a section that ends here.
    pub fn sect_pr(&mut self, landscape: bool) -> String {
        let first = !self.first_section_done;
        self.first_section_done = true;
        let title_page = first && self.has_cover;
        let m = &self.style.margins;
        let (w, h) = if landscape {
            (style::PAGE_HEIGHT, style::PAGE_WIDTH)
        } else {
            (style::PAGE_WIDTH, style::PAGE_HEIGHT)
        };
        let orient = if landscape {
            " w:orient=\"landscape\""
        } else {
            ""
        };
        let mut s =
            String::from("<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rIdHeader1\"/>");
        if title_page {
            s += "<w:headerReference w:type=\"first\" r:id=\"rIdHeader2\"/>";
        }
        s += "<w:footerReference w:type=\"default\" r:id=\"rIdFooter1\"/>";
        if title_page {
            s += "<w:footerReference w:type=\"first\" r:id=\"rIdFooter2\"/>";
        }
        s += &format!(
            "<w:pgSz w:w=\"{w}\" w:h=\"{h}\"{orient}/><w:pgMar w:top=\"{}\" w:right=\"{}\" w:bottom=\"{}\" w:left=\"{}\" w:header=\"709\" w:footer=\"709\" w:gutter=\"0\"/><w:cols w:space=\"708\"/>",
            cm_to_twips(m.top),
            cm_to_twips(m.right),
            cm_to_twips(m.bottom),
            cm_to_twips(m.left),
        );
        if title_page {
            s += "<w:titlePg/>";
        }
        s + "<w:docGrid w:linePitch=\"360\"/></w:sectPr>"
    }
}
