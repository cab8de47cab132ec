//! Native Word charts: a DrawingML chart part (`word/charts/chartN.xml`,
//! `c:chartSpace`) per chart, its data cached in the part and embedded as a
//! workbook (`word/embeddings/donneesN.xlsx`, `c:externalData`), so that
//! Word's « Modifier les données » opens the numbers and LibreOffice draws
//! the chart itself. Elements follow the schema order of CT_ChartSpace.

use super::body::Body;
use super::xml::{self, DECL};
use crate::chart::workbook::{self, Ranges};
use crate::chart::{ChartKind, ChartSpec};

/// One chart of the package: its part and its workbook.
#[derive(Debug, Clone)]
pub struct ChartPart {
    /// Relationship id from the document part.
    pub rel_id: String,
    /// 1-based: `charts/chart{number}.xml`.
    pub number: usize,
    pub xml: String,
    pub workbook: Vec<u8>,
}

impl ChartPart {
    /// Part name inside `word/`.
    pub fn name(&self) -> String {
        format!("charts/chart{}.xml", self.number)
    }

    /// The package parts of this chart: the chart, its relationships and
    /// its workbook.
    pub fn parts(self) -> [(String, Vec<u8>); 3] {
        let n = self.number;
        let rels = format!(
            "{DECL}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rIdData\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/package\" \
Target=\"../embeddings/donnees{n}.xlsx\"/></Relationships>"
        );
        [
            (format!("word/charts/chart{n}.xml"), self.xml.into_bytes()),
            (
                format!("word/charts/_rels/chart{n}.xml.rels"),
                rels.into_bytes(),
            ),
            (format!("word/embeddings/donnees{n}.xlsx"), self.workbook),
        ]
    }
}

const NS_C: &str = "http://schemas.openxmlformats.org/drawingml/2006/chart";

impl Body<'_> {
    /// The `w:drawing` of a native chart `cx` × `cy` EMU wide with `alt` as
    /// its description, its part registered; `Err` when its workbook cannot
    /// be made (the caller then draws the picture instead).
    pub fn chart_drawing(
        &mut self,
        spec: &ChartSpec,
        alt: &str,
        cx: i64,
        cy: i64,
    ) -> Result<String, String> {
        let workbook = workbook::xlsx(spec)?;
        let number = self.charts.len() + 1;
        let id = self.media.len() + self.charts.len() + 1;
        let rel_id = format!("rIdChart{number}");
        self.charts.push(ChartPart {
            rel_id: rel_id.clone(),
            number,
            xml: chart_xml(spec, &self.style.font, self.style.text.as_str()),
            workbook,
        });
        let alt = xml::attr(alt);
        Ok(format!(
            "<w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"{cx}\" cy=\"{cy}\"/>\
<wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/><wp:docPr id=\"{id}\" name=\"Graphique {number}\" descr=\"{alt}\"/>\
<wp:cNvGraphicFramePr/><a:graphic><a:graphicData uri=\"{NS_C}\">\
<c:chart xmlns:c=\"{NS_C}\" r:id=\"{rel_id}\"/></a:graphicData></a:graphic></wp:inline></w:drawing>"
        ))
    }
}

/// The `c:chartSpace` part of a chart, `font` and `text` (colour) for its labels.
pub fn chart_xml(spec: &ChartSpec, font: &str, text: &str) -> String {
    let ranges = workbook::ranges(spec.categories.len(), spec.series.len());
    let format = number_format(spec.decimals);
    let mut s = format!(
        "{DECL}<c:chartSpace xmlns:c=\"{NS_C}\" xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" \
xmlns:r=\"{}\"><c:date1904 val=\"0\"/><c:lang val=\"fr-FR\"/><c:roundedCorners val=\"0\"/>\
<c:chart><c:autoTitleDeleted val=\"1\"/><c:plotArea><c:layout/>",
        xml::NS_R
    );
    let pie = spec.kind == ChartKind::Pie;
    match spec.kind {
        ChartKind::Line => {
            s += "<c:lineChart><c:grouping val=\"standard\"/><c:varyColors val=\"0\"/>"
        }
        ChartKind::Pie => s += "<c:pieChart><c:varyColors val=\"1\"/>",
        kind => {
            let dir = if kind.horizontal() { "bar" } else { "col" };
            let grouping = if kind.stacked() {
                "stacked"
            } else {
                "clustered"
            };
            s += &format!(
                "<c:barChart><c:barDir val=\"{dir}\"/><c:grouping val=\"{grouping}\"/><c:varyColors val=\"0\"/>"
            );
        }
    }
    for (i, (name, values)) in spec.series.iter().enumerate() {
        s += &series(spec, i, name, values, &ranges, &format);
    }
    match spec.kind {
        ChartKind::Line => {
            s += "<c:marker val=\"1\"/><c:axId val=\"1001\"/><c:axId val=\"1002\"/></c:lineChart>"
        }
        ChartKind::Pie => s += "<c:firstSliceAng val=\"0\"/></c:pieChart>",
        kind => {
            let overlap = if kind.stacked() { 100 } else { -10 };
            s += &format!(
                "<c:gapWidth val=\"60\"/><c:overlap val=\"{overlap}\"/><c:axId val=\"1001\"/><c:axId val=\"1002\"/></c:barChart>"
            );
        }
    }
    if !pie {
        s += &axes(spec, &format);
    }
    s += "</c:plotArea>";
    if spec.series.len() > 1 || pie {
        let position = if pie { "r" } else { "t" };
        s += &format!(
            "<c:legend><c:legendPos val=\"{position}\"/><c:overlay val=\"0\"/></c:legend>"
        );
    }
    s += "<c:plotVisOnly val=\"1\"/><c:dispBlanksAs val=\"gap\"/></c:chart>";
    s += "<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>";
    s += &text_props(font, text, 900);
    s += "<c:externalData r:id=\"rIdData\"><c:autoUpdate val=\"0\"/></c:externalData></c:chartSpace>";
    s
}

/// One `c:ser`: name, colour, value labels, categories and values, each
/// with its workbook range and cached values.
fn series(
    spec: &ChartSpec,
    i: usize,
    name: &str,
    values: &[f64],
    ranges: &Ranges,
    format: &str,
) -> String {
    let (name_ref, values_ref) = &ranges.series[i];
    let mut s = format!(
        "<c:ser><c:idx val=\"{i}\"/><c:order val=\"{i}\"/><c:tx><c:strRef><c:f>{}</c:f>\
<c:strCache><c:ptCount val=\"1\"/><c:pt idx=\"0\"><c:v>{}</c:v></c:pt></c:strCache></c:strRef></c:tx>",
        xml::text(name_ref),
        xml::text(&workbook::cell_text(name)),
    );
    let colour = spec.colour(i);
    match spec.kind {
        ChartKind::Line => {
            s += &format!(
                "<c:spPr><a:ln w=\"28575\" cap=\"rnd\"><a:solidFill><a:srgbClr val=\"{colour}\"/></a:solidFill><a:round/></a:ln></c:spPr>\
<c:marker><c:symbol val=\"circle\"/><c:size val=\"6\"/><c:spPr><a:solidFill><a:srgbClr val=\"{colour}\"/></a:solidFill>\
<a:ln><a:noFill/></a:ln></c:spPr></c:marker>"
            );
        }
        ChartKind::Pie => {
            s += "<c:spPr><a:ln w=\"12700\"><a:solidFill><a:srgbClr val=\"FFFFFF\"/></a:solidFill></a:ln></c:spPr>";
            for point in 0..values.len() {
                s += &format!(
                    "<c:dPt><c:idx val=\"{point}\"/><c:bubble3D val=\"0\"/><c:spPr><a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill>\
<a:ln w=\"12700\"><a:solidFill><a:srgbClr val=\"FFFFFF\"/></a:solidFill></a:ln></c:spPr></c:dPt>",
                    spec.colour(point)
                );
            }
        }
        _ => {
            s += &format!(
                "<c:spPr><a:solidFill><a:srgbClr val=\"{colour}\"/></a:solidFill><a:ln><a:noFill/></a:ln></c:spPr>\
<c:invertIfNegative val=\"0\"/>"
            );
        }
    }
    let position = match spec.kind {
        ChartKind::Line => "t",
        ChartKind::Pie => "bestFit",
        kind if kind.stacked() => "ctr",
        _ => "outEnd",
    };
    // Labels inside coloured bars or slices are white; an empty segment of
    // a stack has none (the format's zero section is empty).
    let inside = spec.kind.stacked() || spec.kind == ChartKind::Pie;
    let (label_format, label_text) = if inside {
        (
            format!("{format};-{format};;"),
            "<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr b=\"1\"><a:solidFill><a:srgbClr val=\"FFFFFF\"/></a:solidFill>\
</a:defRPr></a:pPr><a:endParaRPr lang=\"fr-FR\"/></a:p></c:txPr>",
        )
    } else {
        (format.to_string(), "")
    };
    s += &format!(
        "<c:dLbls><c:numFmt formatCode=\"{label_format}\" sourceLinked=\"0\"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>{label_text}\
<c:dLblPos val=\"{position}\"/><c:showLegendKey val=\"0\"/><c:showVal val=\"1\"/><c:showCatName val=\"0\"/>\
<c:showSerName val=\"0\"/><c:showPercent val=\"0\"/><c:showBubbleSize val=\"0\"/></c:dLbls>"
    );
    s += &format!(
        "<c:cat><c:strRef><c:f>{}</c:f><c:strCache><c:ptCount val=\"{}\"/>",
        xml::text(&ranges.categories),
        spec.categories.len()
    );
    for (k, category) in spec.categories.iter().enumerate() {
        s += &format!(
            "<c:pt idx=\"{k}\"><c:v>{}</c:v></c:pt>",
            xml::text(&workbook::cell_text(category))
        );
    }
    s += &format!(
        "</c:strCache></c:strRef></c:cat><c:val><c:numRef><c:f>{}</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val=\"{}\"/>",
        xml::text(values_ref),
        values.len()
    );
    for (k, v) in values.iter().enumerate() {
        s += &format!(
            "<c:pt idx=\"{k}\"><c:v>{}</c:v></c:pt>",
            workbook::value(*v)
        );
    }
    s += "</c:numCache></c:numRef></c:val>";
    match spec.kind {
        ChartKind::Line => s += "<c:smooth val=\"0\"/></c:ser>",
        _ => s += "</c:ser>",
    }
    s
}

/// The category and value axes. Horizontal bars list their categories top
/// down (as read), with the value axis at the bottom.
fn axes(spec: &ChartSpec, format: &str) -> String {
    let horizontal = spec.kind.horizontal();
    let (cat_pos, val_pos) = if horizontal { ("l", "b") } else { ("b", "l") };
    let orientation = if horizontal { "maxMin" } else { "minMax" };
    let val_crosses = if horizontal { "max" } else { "autoZero" };
    let line = "<c:spPr><a:ln w=\"9525\"><a:solidFill><a:srgbClr val=\"787878\"/></a:solidFill></a:ln></c:spPr>";
    format!(
        "<c:catAx><c:axId val=\"1001\"/><c:scaling><c:orientation val=\"{orientation}\"/></c:scaling><c:delete val=\"0\"/>\
<c:axPos val=\"{cat_pos}\"/><c:numFmt formatCode=\"General\" sourceLinked=\"0\"/><c:majorTickMark val=\"none\"/>\
<c:minorTickMark val=\"none\"/><c:tickLblPos val=\"nextTo\"/>{line}<c:crossAx val=\"1002\"/><c:crosses val=\"autoZero\"/>\
<c:auto val=\"1\"/><c:lblAlgn val=\"ctr\"/><c:lblOffset val=\"100\"/><c:noMultiLvlLbl val=\"0\"/></c:catAx>\
<c:valAx><c:axId val=\"1002\"/><c:scaling><c:orientation val=\"minMax\"/></c:scaling><c:delete val=\"0\"/>\
<c:axPos val=\"{val_pos}\"/><c:majorGridlines><c:spPr><a:ln w=\"9525\"><a:solidFill><a:srgbClr val=\"DCDCDC\"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>\
<c:numFmt formatCode=\"{format}\" sourceLinked=\"0\"/><c:majorTickMark val=\"none\"/><c:minorTickMark val=\"none\"/>\
<c:tickLblPos val=\"nextTo\"/><c:spPr><a:ln><a:noFill/></a:ln></c:spPr><c:crossAx val=\"1001\"/><c:crosses val=\"{val_crosses}\"/>\
<c:crossBetween val=\"between\"/></c:valAx>"
    )
}

/// `c:txPr`: the labels' font, colour and size (hundredths of a point).
fn text_props(font: &str, colour: &str, size: u32) -> String {
    let font = xml::attr(font);
    format!(
        "<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"{size}\"><a:solidFill><a:srgbClr val=\"{colour}\"/></a:solidFill>\
<a:latin typeface=\"{font}\"/><a:cs typeface=\"{font}\"/></a:defRPr></a:pPr><a:endParaRPr lang=\"fr-FR\"/></a:p></c:txPr>"
    )
}

/// The number format of value labels: `0`, `0.0`, `0.00`…
fn number_format(decimals: usize) -> String {
    match decimals.min(6) {
        0 => "0".to_string(),
        d => format!("0.{}", "0".repeat(d)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(kind: ChartKind) -> ChartSpec {
        ChartSpec {
            kind,
            categories: vec!["Police & gendarmerie".into(), "Justice".into()],
            series: vec![
                ("Pré-test".into(), vec![9.5, 11.0]),
                ("Post-test".into(), vec![15.0, 16.5]),
            ],
            decimals: 1,
            primary: "0033A0".into(),
        }
    }

    #[test]
    fn the_part_caches_the_data_and_points_into_the_workbook() {
        let xml = chart_xml(&spec(ChartKind::BarH), "Calibri", "1A1A1A");
        assert!(xml.contains("<c:barDir val=\"bar\"/><c:grouping val=\"clustered\"/>"));
        assert!(xml.contains("<c:v>Police &amp; gendarmerie</c:v>"));
        assert!(xml.contains("<c:f>Feuil1!$C$2:$C$3</c:f>"));
        assert!(xml.contains("<c:pt idx=\"1\"><c:v>16.5</c:v></c:pt>"));
        assert!(xml.contains("<c:externalData r:id=\"rIdData\">"));
        assert!(xml.contains("formatCode=\"0.0\""));
    }

    #[test]
    fn each_kind_has_its_plot() {
        for (kind, plot) in [
            (
                ChartKind::Bar,
                "<c:barDir val=\"col\"/><c:grouping val=\"clustered\"/>",
            ),
            (
                ChartKind::Stacked,
                "<c:barDir val=\"col\"/><c:grouping val=\"stacked\"/>",
            ),
            (
                ChartKind::StackedH,
                "<c:barDir val=\"bar\"/><c:grouping val=\"stacked\"/>",
            ),
            (ChartKind::Line, "<c:lineChart>"),
            (ChartKind::Pie, "<c:pieChart>"),
        ] {
            let xml = chart_xml(&spec(kind), "Calibri", "1A1A1A");
            assert!(xml.contains(plot), "{kind:?}");
            assert_eq!(xml.contains("<c:valAx>"), kind != ChartKind::Pie);
        }
    }
}
