//! Images: inline DrawingML pictures with alt text, the `word/media` parts,
//! and figures with a numbered caption below.

use super::body::{Body, Ctx};
use super::inline::RunProps;
use super::paragraph::PPr;
use super::runs::Piece;
use super::style::ChartMode;
use super::xml;
use crate::chart::ChartSpec;
use crate::model::{Figure, Image};

/// One image part of the package.
#[derive(Debug, Clone)]
pub struct Media {
    pub rel_id: String,
    /// Part name inside `word/`, e.g. `media/image1.png`.
    pub name: String,
    pub bytes: Vec<u8>,
}

const EMU_PER_CM: f64 = 360_000.0;
const EMU_PER_TWIP: f64 = 635.0;

impl Body<'_> {
    pub fn figure(&mut self, f: &Figure, ctx: Ctx) -> String {
        let native = match &f.chart {
            Some(spec) if self.style.charts == ChartMode::Native => {
                let (cx, cy) = chart_extent(&f.image, spec, ctx.width);
                self.chart_drawing(spec, &f.alt, cx, cy).ok()
            }
            _ => None,
        };
        // The picture when charts are pictures, or when the chart's
        // workbook could not be made.
        let drawing = match native {
            Some(markup) => Ok(markup),
            None => self.drawing(&f.image, &f.alt, ctx.width),
        };
        let mut ppr = PPr::style("Figure");
        ppr.keep_next = f.caption.is_some();
        let mut out = self.para(ppr, |b, r| match &drawing {
            Ok(markup) => b.piece(r, Piece::Raw(markup), &RunProps::default()),
            Err(missing) => b.text(r, missing, &RunProps::default()),
        });
        if let Some(caption) = &f.caption {
            self.figures_written += 1;
            let entry = self.outline.figures[self.figures_written - 1].clone();
            out += &self.caption("Figure", &entry, f.id.as_deref(), caption);
        }
        out
    }

    /// The `w:drawing` of an image, sized to `width_cm` (or its natural
    /// size), never wider than `max_twips`; or the text to show instead
    /// when its bytes are missing.
    pub fn drawing(&mut self, image: &Image, alt: &str, max_twips: i64) -> Result<String, String> {
        let Some(bytes) = self.assets.get(&image.src) else {
            // The build loads every image before writing; say so if one is missing.
            return Err(format!("[image manquante : {}]", image.src));
        };
        let (px_w, px_h) = (image.pixels.0.max(1) as f64, image.pixels.1.max(1) as f64);
        let max_emu = max_twips as f64 * EMU_PER_TWIP;
        let natural = px_w / 96.0 * 2.54 * EMU_PER_CM;
        let cx = image
            .width_cm
            .map(|w| w * EMU_PER_CM)
            .unwrap_or(natural)
            .min(max_emu)
            .round();
        let cy = (cx * px_h / px_w).round();
        let number = self.media.len() + 1;
        // Pictures and charts share the drawing ids.
        let id = number + self.charts.len();
        let extension = if bytes.starts_with(&[0xFF, 0xD8]) {
            "jpeg"
        } else {
            "png"
        };
        let rel_id = format!("rIdImage{number}");
        self.media.push(Media {
            rel_id: rel_id.clone(),
            name: format!("media/image{number}.{extension}"),
            bytes: bytes.clone(),
        });
        let alt = xml::attr(alt);
        Ok(format!(
            "<w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"{cx}\" cy=\"{cy}\"/>\
<wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/><wp:docPr id=\"{id}\" name=\"Image {number}\" descr=\"{alt}\"/>\
<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect=\"1\"/></wp:cNvGraphicFramePr>\
<a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:pic>\
<pic:nvPicPr><pic:cNvPr id=\"{id}\" name=\"image{number}.{extension}\" descr=\"{alt}\"/><pic:cNvPicPr/></pic:nvPicPr>\
<pic:blipFill><a:blip r:embed=\"{rel_id}\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>\
<pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr>\
</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing>"
        ))
    }
}

/// The size in EMU of a native chart: the figure's width (at most the text
/// width `max_twips`), 9/16 of it high like its picture; horizontal bars
/// get at least 0.45 cm each (plus room for axis and legend), up to 20 cm.
fn chart_extent(image: &Image, spec: &ChartSpec, max_twips: i64) -> (i64, i64) {
    let max_emu = max_twips as f64 * EMU_PER_TWIP;
    let cx = image
        .width_cm
        .map(|w| w * EMU_PER_CM)
        .unwrap_or(max_emu)
        .min(max_emu)
        .round();
    let mut cy = cx * 9.0 / 16.0;
    if spec.kind.horizontal() {
        let per_category = if spec.kind.stacked() {
            1
        } else {
            spec.series.len()
        };
        let bars = (spec.categories.len() * per_category) as f64;
        cy = cy.max(((bars * 0.45 + 2.5) * EMU_PER_CM).min(20.0 * EMU_PER_CM));
    }
    (cx as i64, cy.round() as i64)
}

/// Pixel size of a PNG or JPEG, or `None` for anything else.
pub fn image_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.len() >= 24 {
        let w = u32::from_be_bytes(bytes[16..20].try_into().ok()?);
        let h = u32::from_be_bytes(bytes[20..24].try_into().ok()?);
        return Some((w, h));
    }
    if bytes.starts_with(&[0xFF, 0xD8]) {
        // Walk the JPEG segments to the first start-of-frame marker.
        let mut i = 2;
        while i + 9 < bytes.len() {
            if bytes[i] != 0xFF {
                return None;
            }
            let marker = bytes[i + 1];
            let len = u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]) as usize;
            if matches!(marker, 0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF) {
                let h = u16::from_be_bytes([bytes[i + 5], bytes[i + 6]]) as u32;
                let w = u16::from_be_bytes([bytes[i + 7], bytes[i + 8]]) as u32;
                return Some((w, h));
            }
            i += 2 + len;
        }
    }
    None
}
