//! Charts from data, drawn to PNG with a bundled font (no system fonts), so
//! that the same data always gives the same image bytes; the same data is
//! also written as a native Word chart (`docx::chart`) with its workbook
//! (`workbook`).

mod draw;
pub mod workbook;

pub use draw::render_png;
use serde::{Deserialize, Serialize};

/// What to draw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChartKind {
    /// Vertical bars, grouped when there are several series.
    Bar,
    /// Horizontal bars, for long category labels.
    BarH,
    /// Lines with points.
    Line,
    /// Vertical bars, the series stacked on one another.
    Stacked,
    /// Horizontal bars, the series stacked end to end.
    StackedH,
    /// A pie of the first series' values, one slice per category.
    Pie,
}

impl ChartKind {
    pub fn parse(s: &str) -> Option<ChartKind> {
        match s {
            "bar" | "barres" | "colonnes" => Some(ChartKind::Bar),
            "barh" | "barres-horizontales" => Some(ChartKind::BarH),
            "line" | "courbe" | "lignes" => Some(ChartKind::Line),
            "stacked" | "barres-empilees" => Some(ChartKind::Stacked),
            "stackedh" | "barres-horizontales-empilees" => Some(ChartKind::StackedH),
            "pie" | "secteurs" => Some(ChartKind::Pie),
            _ => None,
        }
    }

    /// Bars drawn left to right, categories down the side.
    pub fn horizontal(self) -> bool {
        matches!(self, ChartKind::BarH | ChartKind::StackedH)
    }

    /// Bars of several series stacked into one per category.
    pub fn stacked(self) -> bool {
        matches!(self, ChartKind::Stacked | ChartKind::StackedH)
    }
}

/// Picture size in pixels (16 × 9 cm at about 250 dpi).
pub const WIDTH: u32 = 1600;
pub const HEIGHT: u32 = 900;

/// Secondary colours after the house primary colour, hex RRGGBB.
const PALETTE: [&str; 4] = ["5B92E5", "F2A900", "009485", "808080"];

impl ChartSpec {
    /// The colour of series `i` (or of slice `i` of a pie), hex RRGGBB: the
    /// house primary colour first, then the palette.
    pub fn colour(&self, i: usize) -> &str {
        if i == 0 {
            &self.primary
        } else {
            PALETTE[(i - 1) % PALETTE.len()]
        }
    }
}
