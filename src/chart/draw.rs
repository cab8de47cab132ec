//! Drawing a chart in pixel space with plotters' bitmap backend, then PNG
//! encoding with the png crate.

use super::{ChartKind, ChartSpec, HEIGHT, WIDTH};
use crate::french::format_decimal;
use plotters::prelude::*;
use plotters::style::FontStyle;
use std::sync::Once;

const FONT: &str = "trame-sans";
static FONT_BYTES: &[u8] = include_bytes!("../../assets/fonts/Carlito-Regular.ttf");
static REGISTER: Once = Once::new();

fn rgb(hex: &str) -> RGBColor {
    let v = u32::from_str_radix(hex, 16).unwrap_or(0x0033A0);
    RGBColor((v >> 16) as u8, (v >> 8) as u8, v as u8)
}

fn colour(spec: &ChartSpec, series: usize) -> RGBColor {
    rgb(spec.colour(series))
}

/// A round axis maximum and step: 1, 2 or 5 times a power of ten.
fn nice_scale(max: f64) -> (f64, f64) {
    let max = if max <= 0.0 { 1.0 } else { max };
    let raw = max / 5.0;
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * power);
    ((max / step).ceil() * step, step)
}

/// Splits a label into lines no wider than `width` pixels.
fn wrap(
    area: &DrawingArea<BitMapBackend, plotters::coord::Shift>,
    text: &str,
    font: &TextStyle,
    width: u32,
) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        let w = area
            .estimate_text_size(&candidate, font)
            .map(|s| s.0)
            .unwrap_or(0);
        if w > width && !line.is_empty() {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Renders the chart as PNG bytes.
pub fn render_png(spec: &ChartSpec) -> Result<Vec<u8>, String> {
    REGISTER.call_once(|| {
        let _ = plotters::style::register_font(FONT, FontStyle::Normal, FONT_BYTES);
    });
    // White from the start: no fill pass over its four million bytes.
    let mut buffer = vec![255u8; (WIDTH * HEIGHT * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut buffer, (WIDTH, HEIGHT)).into_drawing_area();
        draw(&root, spec).map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    let mut png = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut png, WIDTH, HEIGHT);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        // The words drawn into the pixels, kept as text in the file: a
        // reader's description, and what the confidentiality scan reads.
        encoder
            .add_itxt_chunk("Description".into(), drawn_text(spec))
            .map_err(|e| e.to_string())?;
        let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
        writer
            .write_image_data(&buffer)
            .map_err(|e| e.to_string())?;
    }
    Ok(png)
}

/// Every word a chart draws: series names and categories, one per line.
pub fn drawn_text(spec: &ChartSpec) -> String {
    let series = spec.series.iter().map(|(name, _)| name.as_str());
    series
        .chain(spec.categories.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join("\n")
}

type Area<'a> = DrawingArea<BitMapBackend<'a>, plotters::coord::Shift>;

fn draw(root: &Area, spec: &ChartSpec) -> Result<(), Box<dyn std::error::Error>> {
    let font = TextStyle::from((FONT, 40).into_font()).color(&RGBColor(50, 50, 50));
    let small = TextStyle::from((FONT, 34).into_font()).color(&RGBColor(80, 80, 80));
    if spec.kind == ChartKind::Pie {
        return draw_pie(root, spec, &font);
    }
    let n = spec.categories.len().max(1);
    let max = if spec.kind.stacked() {
        (0..n).map(|i| stack_total(spec, i)).fold(0.0f64, f64::max)
    } else {
        spec.series
            .iter()
            .flat_map(|(_, v)| v.iter().copied())
            .fold(0.0f64, f64::max)
    };
    let (axis_max, step) = nice_scale(max);
    let legend_height = if spec.series.len() > 1 { 70 } else { 20 };
    let horizontal = spec.kind.horizontal();

    // Plot rectangle in pixels.
    let (left, right, top, bottom) = if horizontal {
        let label_width = (WIDTH as f64 * 0.32) as i32;
        (
            label_width + 30,
            WIDTH as i32 - 60,
            legend_height,
            HEIGHT as i32 - 70,
        )
    } else {
        (
            120,
            WIDTH as i32 - 40,
            legend_height + 40,
            HEIGHT as i32 - 160,
        )
    };
    let value_to_px = |v: f64| -> i32 {
        if horizontal {
            left + ((v / axis_max) * (right - left) as f64).round() as i32
        } else {
            bottom - ((v / axis_max) * (bottom - top) as f64).round() as i32
        }
    };
    let grid = RGBColor(220, 220, 220);
    let axis = RGBColor(120, 120, 120);

    // Grid lines and value labels.
    let mut v = 0.0;
    while v <= axis_max + step / 2.0 {
        let p = value_to_px(v);
        let label = format_decimal(v, None);
        if horizontal {
            root.draw(&PathElement::new(vec![(p, top), (p, bottom)], grid))?;
            let (w, _) = root.estimate_text_size(&label, &small)?;
            root.draw_text(&label, &small, (p - w as i32 / 2, bottom + 12))?;
        } else {
            root.draw(&PathElement::new(vec![(left, p), (right, p)], grid))?;
            let (w, h) = root.estimate_text_size(&label, &small)?;
            root.draw_text(&label, &small, (left - 14 - w as i32, p - h as i32 / 2))?;
        }
        v += step;
    }

    // Category bands.
    let span = if horizontal {
        bottom - top
    } else {
        right - left
    };
    let band = span as f64 / n as f64;
    let series_count = spec.series.len().max(1);
    for (i, category) in spec.categories.iter().enumerate() {
        let start = if horizontal { top } else { left } as f64 + band * i as f64;
        // Category label.
        let lines = wrap(
            root,
            category,
            &font,
            if horizontal {
                (left - 50) as u32
            } else {
                (band * 0.95) as u32
            },
        );
        let line_height = 44;
        for (k, line) in lines.iter().enumerate().take(3) {
            let (w, _) = root.estimate_text_size(line, &font)?;
            if horizontal {
                let y = (start + band / 2.0) as i32 - (lines.len().min(3) as i32 * line_height) / 2
                    + k as i32 * line_height;
                root.draw_text(line, &font, (left - 20 - w as i32, y))?;
            } else {
                let x = (start + band / 2.0) as i32 - w as i32 / 2;
                root.draw_text(line, &font, (x, bottom + 14 + k as i32 * line_height))?;
            }
        }
        if spec.kind == ChartKind::Line {
            continue;
        }
        if spec.kind.stacked() {
            let a = (start + band * 0.2) as i32;
            let b = (start + band * 0.8) as i32;
            let mut base = 0.0;
            for (j, (_, values)) in spec.series.iter().enumerate() {
                let value = values.get(i).copied().unwrap_or(0.0).max(0.0);
                let (p0, p1) = (value_to_px(base), value_to_px(base + value));
                base += value;
                let corners = if horizontal {
                    [(p0, a), (p1, b)]
                } else {
                    [(a, p1), (b, p0)]
                };
                root.draw(&Rectangle::new(corners, colour(spec, j).filled()))?;
                if value > 0.0 {
                    let label = format_decimal(value, Some(spec.decimals));
                    let (w, h) = root.estimate_text_size(&label, &small)?;
                    let white = small.clone().color(&WHITE);
                    let (x, y) = ((p0 + p1) / 2, (a + b) / 2);
                    let at = if horizontal {
                        (x - w as i32 / 2, y - h as i32 / 2)
                    } else {
                        ((a + b) / 2 - w as i32 / 2, (p0 + p1) / 2 - h as i32 / 2)
                    };
                    root.draw_text(&label, &white, at)?;
                }
            }
            continue;
        }
        let bar = band * 0.75 / series_count as f64;
        for (j, (_, values)) in spec.series.iter().enumerate() {
            let value = values.get(i).copied().unwrap_or(0.0);
            let a = (start + band * 0.125 + bar * j as f64) as i32;
            let b = (start + band * 0.125 + bar * (j + 1) as f64) as i32 - 4;
            let p = value_to_px(value);
            let label = format_decimal(value, Some(spec.decimals));
            let (w, h) = root.estimate_text_size(&label, &small)?;
            if horizontal {
                root.draw(&Rectangle::new(
                    [(left, a), (p, b)],
                    colour(spec, j).filled(),
                ))?;
                root.draw_text(&label, &small, (p + 8, (a + b) / 2 - h as i32 / 2))?;
            } else {
                root.draw(&Rectangle::new(
                    [(a, p), (b, bottom)],
                    colour(spec, j).filled(),
                ))?;
                root.draw_text(
                    &label,
                    &small,
                    ((a + b) / 2 - w as i32 / 2, p - h as i32 - 6),
                )?;
            }
        }
    }
    if spec.kind == ChartKind::Line {
        for (j, (_, values)) in spec.series.iter().enumerate() {
            let points: Vec<(i32, i32)> = values
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    (
                        (left as f64 + band * (i as f64 + 0.5)) as i32,
                        value_to_px(*v),
                    )
                })
                .collect();
            let style = ShapeStyle::from(&colour(spec, j)).stroke_width(5);
            root.draw(&PathElement::new(points.clone(), style))?;
            for (k, (x, y)) in points.iter().enumerate() {
                root.draw(&Circle::new((*x, *y), 9, colour(spec, j).filled()))?;
                let label = format_decimal(values[k], Some(spec.decimals));
                let (w, h) = root.estimate_text_size(&label, &small)?;
                root.draw_text(&label, &small, (x - w as i32 / 2, y - h as i32 - 14))?;
            }
        }
    }
    // Axes.
    if horizontal {
        root.draw(&PathElement::new(vec![(left, top), (left, bottom)], axis))?;
    } else {
        root.draw(&PathElement::new(
            vec![(left, bottom), (right, bottom)],
            axis,
        ))?;
    }
    // Legend.
    if spec.series.len() > 1 {
        let mut x = left;
        for (j, (label, _)) in spec.series.iter().enumerate() {
            root.draw(&Rectangle::new(
                [(x, 18), (x + 34, 46)],
                colour(spec, j).filled(),
            ))?;
            root.draw_text(label, &font, (x + 46, 15))?;
            let (w, _) = root.estimate_text_size(label, &font)?;
            x += 46 + w as i32 + 50;
        }
    }
    Ok(())
}

/// The height of category `i`'s stack (negative values count as none).
fn stack_total(spec: &ChartSpec, i: usize) -> f64 {
    spec.series
        .iter()
        .map(|(_, v)| v.get(i).copied().unwrap_or(0.0).max(0.0))
        .sum()
}

/// A pie of the first series, slices clockwise from the top, with a legend
/// of categories and values on the right.
fn draw_pie(
    root: &Area,
    spec: &ChartSpec,
    font: &TextStyle,
) -> Result<(), Box<dyn std::error::Error>> {
    let values: Vec<f64> = spec
        .series
        .first()
        .map(|(_, v)| v.iter().map(|x| x.max(0.0)).collect())
        .unwrap_or_default();
    let total: f64 = values.iter().sum();
    let (cx, cy, radius) = (
        HEIGHT as f64 / 2.0 + 40.0,
        HEIGHT as f64 / 2.0,
        HEIGHT as f64 * 0.42,
    );
    let mut angle = -std::f64::consts::FRAC_PI_2;
    for (i, v) in values.iter().enumerate() {
        if total <= 0.0 || *v <= 0.0 {
            continue;
        }
        let sweep = v / total * std::f64::consts::TAU;
        let steps = ((sweep / 0.02).ceil() as usize).max(2);
        let mut points = vec![(cx as i32, cy as i32)];
        for k in 0..=steps {
            let t = angle + sweep * k as f64 / steps as f64;
            points.push((
                (cx + radius * t.cos()) as i32,
                (cy + radius * t.sin()) as i32,
            ));
        }
        root.draw(&Polygon::new(points, colour(spec, i).filled()))?;
        angle += sweep;
    }
    let x = (cx + radius + 80.0) as i32;
    let row = 64;
    let top = cy as i32 - (values.len() as i32 * row) / 2;
    for (i, category) in spec.categories.iter().enumerate() {
        let y = top + i as i32 * row;
        root.draw(&Rectangle::new(
            [(x, y + 6), (x + 34, y + 40)],
            colour(spec, i).filled(),
        ))?;
        let value = format_decimal(values.get(i).copied().unwrap_or(0.0), Some(spec.decimals));
        let label = wrap(
            root,
            &format!("{category} ({value})"),
            font,
            WIDTH - x as u32 - 80,
        );
        root.draw_text(
            label.first().map(String::as_str).unwrap_or(""),
            font,
            (x + 50, y),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(kind: ChartKind) -> ChartSpec {
        ChartSpec {
            kind,
            categories: vec![
                "Identification des victimes".into(),
                "Protection".into(),
                "Réintégration".into(),
            ],
            series: vec![
                ("Pré-test".into(), vec![9.5, 11.0, 8.0]),
                ("Post-test".into(), vec![15.0, 16.5, 14.0]),
            ],
            decimals: 1,
            primary: "0033A0".into(),
        }
    }

    #[test]
    fn same_data_same_png() {
        for kind in [
            ChartKind::Bar,
            ChartKind::BarH,
            ChartKind::Line,
            ChartKind::Stacked,
            ChartKind::StackedH,
            ChartKind::Pie,
        ] {
            let a = render_png(&spec(kind)).unwrap();
            let b = render_png(&spec(kind)).unwrap();
            assert!(a.starts_with(b"\x89PNG"));
            assert_eq!(a, b);
        }
        let mut other = spec(ChartKind::Bar);
        other.series[0].1[0] = 12.0;
        assert_ne!(
            render_png(&other).unwrap(),
            render_png(&spec(ChartKind::Bar)).unwrap()
        );
    }

    #[test]
    fn scales_are_round() {
        assert_eq!(nice_scale(17.0), (20.0, 5.0));
        assert_eq!(nice_scale(6.0), (6.0, 2.0));
        assert_eq!(nice_scale(0.0), (1.0, 0.2));
    }
}
