//! House style: `blueprints/style.yaml`, with IOM-like defaults.

use serde::Deserialize;

/// Fonts, sizes, colours and margins of the Word output.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Style {
    /// Body font.
    pub font: String,
    /// Heading font.
    pub heading_font: String,
    /// Body size in points.
    pub size: f64,
    /// Main colour (IOM blue), hex RRGGBB.
    pub primary: String,
    /// Body text colour.
    pub text: String,
    /// Heading sizes in points, level 1 first.
    pub heading_sizes: Vec<f64>,
    /// Number headings 1, 1.1, 1.1.1.
    pub heading_numbering: bool,
    /// Line spacing (1.0 single).
    pub line_spacing: f64,
    /// Space after a paragraph, in points.
    pub space_after: f64,
    /// Page margins in centimetres (A4).
    pub margins: Margins,
    pub table: TableStyle,
    pub callout: CalloutStyle,
    /// The cover page (`couverture`, or `cover`).
    #[serde(rename = "couverture", alias = "cover")]
    pub cover: CoverStyle,
    /// How `chart()` figures are written (`graphiques`, or `charts`).
    #[serde(rename = "graphiques", alias = "charts")]
    pub charts: ChartMode,
    /// Page layout rules (`mise_en_page`).
    #[serde(rename = "mise_en_page")]
    pub layout: LayoutStyle,
    /// `word/styles.xml` of an organisation's Word file (`reference_docx` in
    /// trame.yaml): its styles replace these settings where both define one.
    #[serde(skip)]
    pub reference_styles: Option<String>,
    /// The same Word file used as the shell: cover, headers and footers.
    #[serde(skip)]
    pub shell: Option<std::sync::Arc<super::shell::Shell>>,
}

/// The cover page: logo, colour band and the fields shown, in order.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CoverStyle {
    /// The organisation's logo, a PNG or JPEG path inside the project, when
    /// trame.yaml gives none (`project: logo:`); empty for none.
    pub logo: String,
    /// Fill of the band holding type, title and subtitle, hex RRGGBB; empty
    /// for no band.
    #[serde(rename = "bandeau", alias = "band")]
    pub band: String,
    /// Text colour inside the band.
    #[serde(rename = "texte_bandeau", alias = "band_text")]
    pub band_text: String,
    /// The fields shown, in order (names of `docx::cover::FIELDS`).
    #[serde(rename = "champs", alias = "fields")]
    pub fields: Vec<String>,
}

impl Default for CoverStyle {
    fn default() -> Self {
        CoverStyle {
            logo: String::new(),
            band: "0033A0".into(),
            band_text: "FFFFFF".into(),
            fields: super::cover::FIELDS.iter().map(|f| f.to_string()).collect(),
        }
    }
}

/// How charts are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChartMode {
    /// Native Word charts with their data in an embedded workbook
    /// (« Modifier les données » in Word).
    #[default]
    #[serde(alias = "natif")]
    Native,
    /// Pictures drawn by trame (PNG).
    Image,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Margins {
    pub top: f64,
    pub bottom: f64,
    pub left: f64,
    pub right: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TableStyle {
    pub header_fill: String,
    pub header_text: String,
    /// Fill of every other body row; empty for none.
    pub band_fill: String,
    pub border: String,
    /// Font size in tables, in points.
    pub size: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CalloutStyle {
    pub fill: String,
    pub border: String,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            font: "Calibri".into(),
            heading_font: "Calibri".into(),
            size: 11.0,
            primary: "0033A0".into(),
            text: "1A1A1A".into(),
            heading_sizes: vec![16.0, 13.0, 12.0, 11.0, 11.0, 11.0],
            heading_numbering: true,
            line_spacing: 1.15,
            space_after: 6.0,
            margins: Margins::default(),
            table: TableStyle::default(),
            callout: CalloutStyle::default(),
            charts: ChartMode::default(),
            cover: CoverStyle::default(),
            layout: LayoutStyle::default(),
            reference_styles: None,
            shell: None,
        }
    }
}

/// How paragraphs and tables break across pages (`mise_en_page` in
/// style.yaml, French keys since users write them).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LayoutStyle {
    /// A paragraph all in bold (« **Déroulé pas à pas** ») or ending with a
    /// colon before a list or table stays on the page of what follows.
    #[serde(rename = "intitules_avec_la_suite")]
    pub keep_labels_with_next: bool,
    /// Every column is at least as wide as its longest word, so that no
    /// word is broken inside a cell (widths given by a blueprint included).
    #[serde(rename = "largeur_mini_mot_le_plus_long")]
    pub min_width_longest_word: bool,
}

impl Default for LayoutStyle {
    fn default() -> Self {
        LayoutStyle {
            keep_labels_with_next: true,
            min_width_longest_word: true,
        }
    }
}

impl Default for Margins {
    fn default() -> Self {
        Margins {
            top: 2.5,
            bottom: 2.5,
            left: 2.5,
            right: 2.5,
        }
    }
}

impl Default for TableStyle {
    fn default() -> Self {
        TableStyle {
            header_fill: "0033A0".into(),
            header_text: "FFFFFF".into(),
            band_fill: "EEF2F9".into(),
            border: "A6B4D4".into(),
            size: 9.5,
        }
    }
}

impl Default for CalloutStyle {
    fn default() -> Self {
        CalloutStyle {
            fill: "EEF2F9".into(),
            border: "0033A0".into(),
        }
    }
}

/// Centimetres to twentieths of a point.
pub fn cm_to_twips(cm: f64) -> i64 {
    (cm * 567.0).round() as i64
}

/// Points to half-points (run sizes).
pub fn half_points(pt: f64) -> i64 {
    (pt * 2.0).round() as i64
}

/// A4 in twips.
pub const PAGE_WIDTH: i64 = 11906;
pub const PAGE_HEIGHT: i64 = 16838;

impl Style {
    /// The width of the text area in twips.
    pub fn text_width(&self) -> i64 {
        PAGE_WIDTH - cm_to_twips(self.margins.left) - cm_to_twips(self.margins.right)
    }

    /// The width of the text area of a landscape page, in twips.
    pub fn landscape_text_width(&self) -> i64 {
        PAGE_HEIGHT - cm_to_twips(self.margins.left) - cm_to_twips(self.margins.right)
    }

    /// Checks colours so that a typo gives an error, not a corrupt file.
    pub fn problems(&self) -> Vec<String> {
        let colours = [
            ("primary", &self.primary),
            ("text", &self.text),
            ("table.header_fill", &self.table.header_fill),
            ("table.header_text", &self.table.header_text),
            ("table.border", &self.table.border),
            ("callout.fill", &self.callout.fill),
            ("callout.border", &self.callout.border),
        ];
        let mut out: Vec<String> = colours
            .iter()
            .filter(|(_, v)| !is_hex_colour(v))
            .map(|(k, v)| {
                format!(
                    "{k} : couleur « {v} » invalide (format attendu : RRVVBB, par exemple 0033A0)"
                )
            })
            .collect();
        if !self.table.band_fill.is_empty() && !is_hex_colour(&self.table.band_fill) {
            out.push(format!(
                "table.band_fill : couleur « {} » invalide",
                self.table.band_fill
            ));
        }
        if !self.cover.band.is_empty() && !is_hex_colour(&self.cover.band) {
            out.push(format!(
                "couverture.bandeau : couleur « {} » invalide (format attendu : RRVVBB, par exemple 0033A0)",
                self.cover.band
            ));
        }
        if !is_hex_colour(&self.cover.band_text) {
            out.push(format!(
                "couverture.texte_bandeau : couleur « {} » invalide (format attendu : RRVVBB, par exemple FFFFFF)",
                self.cover.band_text
            ));
        }
        for field in &self.cover.fields {
            if !super::cover::FIELDS.contains(&field.as_str()) {
                out.push(format!(
                    "couverture.champs : champ « {field} » inconnu (champs possibles : {})",
                    super::cover::FIELDS.join(", ")
                ));
            }
        }
        if self.heading_sizes.is_empty() {
            out.push("heading_sizes : donnez au moins une taille".into());
        }
        out
    }
}

fn is_hex_colour(s: &str) -> bool {
    s.len() == 6 && s.chars().all(|c| c.is_ascii_hexdigit())
}
