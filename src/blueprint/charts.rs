//! `chart(rows, kind=, x=, y=, labels=, caption=, alt=, id=, width=,
//! decimals=)`: a figure drawn from data. The figure carries both the data
//! (a native Word chart) and its drawing (the picture, for `charts: image`,
//! the Markdown export and the preview).

use super::Shared;
use super::functions::{cell_text, invalid, placeholder};
use crate::chart::{ChartKind, ChartSpec, render_png};
use crate::model::{Block, Figure, Image, Inline, Provenance};
use minijinja::value::Kwargs;
use minijinja::{Error, Value};

pub fn chart(shared: &Shared, primary: &str, rows: Value, kwargs: Kwargs) -> Result<Value, Error> {
    let kind: Option<String> = kwargs.get("kind")?;
    let x: String = kwargs
        .get::<Option<String>>("x")?
        .ok_or_else(|| invalid("chart() : précisez x=\"colonne\" (les catégories)"))?;
    let y_value: Value = kwargs.get::<Option<Value>>("y")?.ok_or_else(|| {
        invalid("chart() : précisez y=\"colonne\" ou y=[\"col1\", \"col2\"] (les valeurs)")
    })?;
    let labels: Option<Vec<String>> = kwargs.get("labels")?;
    let caption: Option<String> = kwargs.get("caption")?;
    let alt: Option<String> = kwargs.get("alt")?;
    let id: Option<String> = kwargs.get("id")?;
    let width: Option<f64> = kwargs.get("width")?;
    let decimals: Option<usize> = kwargs.get("decimals")?;
    kwargs.assert_all_used()?;

    let kind = match kind.as_deref() {
        None => ChartKind::Bar,
        Some(k) => ChartKind::parse(k).ok_or_else(|| {
            invalid(&format!(
                "chart() : type « {k} » inconnu (bar, barh, line, stacked, stackedh ou pie)"
            ))
        })?,
    };
    let ys: Vec<String> = match y_value.as_str() {
        Some(s) => vec![s.to_string()],
        None => y_value.try_iter()?.map(|v| v.to_string()).collect(),
    };
    let labels = labels.unwrap_or_else(|| ys.clone());
    if labels.len() != ys.len() {
        return Err(invalid(
            "chart() : labels doit donner une étiquette par colonne de y",
        ));
    }
    let mut categories = Vec::new();
    let mut series: Vec<(String, Vec<f64>)> = labels.into_iter().map(|l| (l, Vec::new())).collect();
    for row in rows.try_iter()? {
        categories.push(cell_text(&row.get_attr(&x)?));
        for (i, column) in ys.iter().enumerate() {
            let v = row.get_attr(column)?;
            let number = if v.is_none() {
                0.0
            } else {
                f64::try_from(v.clone()).map_err(|_| {
                    invalid(&format!(
                        "chart() : la colonne « {column} » doit contenir des nombres, trouvé « {v} »"
                    ))
                })?
            };
            series[i].1.push(number);
        }
    }
    if categories.is_empty() {
        return Err(invalid("chart() : aucune donnée à représenter"));
    }
    let all_whole = series.iter().flat_map(|(_, v)| v).all(|v| v.fract() == 0.0);
    let spec = ChartSpec {
        kind,
        categories,
        series,
        decimals: decimals.unwrap_or(if all_whole { 0 } else { 1 }),
        primary: primary.to_string(),
    };
    let png =
        render_png(&spec).map_err(|e| invalid(&format!("chart() : dessin impossible ({e})")))?;
    let src = shared.add_asset("graphique", png);
    let chart = Some(spec);
    Ok(placeholder(
        shared,
        Block::Figure(Figure {
            id,
            alt: alt.or_else(|| caption.clone()).unwrap_or_default(),
            caption: caption.map(|c| vec![Inline::Text(c)]),
            image: Image {
                src,
                width_cm: Some(width.unwrap_or(15.0)),
                ..Image::default()
            },
            chart,
            provenance: Provenance::default(),
        }),
    ))
}
