//! Charts from data, drawn to PNG with a bundled font (no system fonts), so
//! that the same data always gives the same image bytes.

mod draw;

pub use draw::render_png;

/// What to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSpec {
    pub kind: ChartKind,
    /// One label per category (x values).
    pub categories: Vec<String>,
    /// One series per y column: legend label and one value per category.
    pub series: Vec<(String, Vec<f64>)>,
    /// Number of decimals shown on value labels.
    pub decimals: usize,
    /// Main colour, hex RRGGBB (the house primary colour).
    pub primary: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// Vertical bars, grouped when there are several series.
    Bar,
    /// Horizontal bars, for long category labels.
    BarH,
    /// Lines with points.
    Line,
}

impl ChartKind {
    pub fn parse(s: &str) -> Option<ChartKind> {
        match s {
            "bar" | "barres" | "colonnes" => Some(ChartKind::Bar),
            "barh" | "barres-horizontales" => Some(ChartKind::BarH),
            "line" | "courbe" | "lignes" => Some(ChartKind::Line),
            _ => None,
        }
    }
}

/// Picture size in pixels (16 × 9 cm at about 250 dpi).
pub const WIDTH: u32 = 1600;
pub const HEIGHT: u32 = 900;
