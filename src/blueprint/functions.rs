//! Functions that build model blocks directly: `table(rows, …)`.
//!
//! A function registers its block with the render and returns a placeholder
//! paragraph; the markup stage swaps the placeholder for the block. Data tables
//! thus keep widths, merged cells and the cell of every value without going
//! through Markdown text.

use super::Shared;
use super::rows::RowObject;
use crate::data::{DataTable, Value as DataValue};
use crate::french;
use crate::markers;
use crate::model::{
    Align, Block, Cell, Column, Figure, Image, Inline, Provenance, Row, Table, Toc, TocKind,
};
use minijinja::value::Kwargs;
use minijinja::{Error, ErrorKind, Value};
use std::sync::Arc;

/// `table(rows, columns=[…], headers=[…], widths=[…], align=[…], caption="…",
/// id="tbl:…", group_by="col", used_only="col")`. With `used_only`, the
/// build keeps only the rows whose value in that column occurs elsewhere in
/// the document (an acronym list shows the acronyms the document uses).
pub fn table(shared: &Shared, rows: Value, kwargs: Kwargs) -> Result<Value, Error> {
    let columns: Option<Vec<String>> = kwargs.get("columns")?;
    let headers: Option<Vec<String>> = kwargs.get("headers")?;
    let widths: Option<Vec<f64>> = kwargs.get("widths")?;
    let align: Option<Vec<String>> = kwargs.get("align")?;
    let caption: Option<String> = kwargs.get("caption")?;
    let id: Option<String> = kwargs.get("id")?;
    let group_by: Option<String> = kwargs.get("group_by")?;
    let used_only: Option<String> = kwargs.get("used_only")?;
    kwargs.assert_all_used()?;

    // A whole source is read row by row from its table: no template value
    // is made per row (a source can have a million rows).
    let whole = rows
        .downcast_object_ref::<super::rows::TableObject>()
        .map(|t| t.table.clone());
    let items: Vec<Value> = match whole {
        Some(_) => Vec::new(),
        None => rows.try_iter()?.collect(),
    };
    let schema = whole.clone().or_else(|| schema_of(&rows, &items));
    let keys: Vec<String> = match (&columns, &schema) {
        (Some(c), _) => c.clone(),
        (None, Some(t)) => t
            .columns
            .iter()
            .filter(|c| !c.spec.confidential)
            .map(|c| c.key.clone())
            .collect(),
        (None, None) => match items.first() {
            Some(first) => first.try_iter()?.map(|k| k.to_string()).collect(),
            None => {
                return Err(invalid(
                    "table() : précisez columns=[…] pour une liste vide",
                ));
            }
        },
    };
    if let Some(t) = &schema {
        for key in &keys {
            match t.column_index(key) {
                None => {
                    let hint = crate::diag::closest(key, t.columns.iter().map(|c| c.key.as_str()))
                        .map(|k| format!(" (vouliez-vous dire « {k} » ?)"))
                        .unwrap_or_default();
                    return Err(invalid(&format!(
                        "table() : colonne inconnue « {key} » dans la source « {} »{hint}",
                        t.name
                    )));
                }
                Some(i) if t.columns[i].spec.confidential => {
                    return Err(invalid(&format!(
                        "table() : la colonne « {key} » est confidentielle et ne peut pas être affichée"
                    )));
                }
                Some(_) => {}
            }
        }
    }
    let header_texts: Vec<String> = match headers {
        Some(h) if h.len() != keys.len() => {
            return Err(invalid(&format!(
                "table() : {} en-têtes pour {} colonnes",
                h.len(),
                keys.len()
            )));
        }
        Some(h) => h,
        None => keys
            .iter()
            .map(|k| {
                schema
                    .as_ref()
                    .and_then(|t| t.column_index(k).map(|i| t.columns[i].header.clone()))
                    .unwrap_or_else(|| k.clone())
            })
            .collect(),
    };
    if widths.as_ref().is_some_and(|w| w.len() != keys.len()) {
        return Err(invalid(
            "table() : widths doit donner une largeur par colonne",
        ));
    }
    let mut model_columns: Vec<Column> = keys
        .iter()
        .enumerate()
        .map(|(i, key)| Column {
            width: widths.as_ref().map(|w| w[i]),
            align: default_align(schema.as_deref(), key),
        })
        .collect();
    if let Some(align) = align {
        for (col, a) in model_columns.iter_mut().zip(align) {
            col.align = parse_align(&a)?;
        }
    }

    let mut body: Vec<Row>;
    if let Some(t) = &whole {
        let cols = keys
            .iter()
            .map(|key| {
                t.column_index(key)
                    .ok_or_else(|| invalid(&format!("colonne inconnue « {key} »")))
            })
            .collect::<Result<Vec<usize>, Error>>()?;
        body = Vec::with_capacity(t.rows.len());
        for row in 0..t.rows.len() {
            body.push(Row::new(
                cols.iter().map(|c| data_cell(t, row, *c)).collect(),
            ));
        }
    } else {
        body = Vec::with_capacity(items.len());
        for item in &items {
            let cells = keys
                .iter()
                .map(|key| cell_for(shared, item, key))
                .collect::<Result<Vec<Cell>, Error>>()?;
            body.push(Row::new(cells));
        }
    }
    if let Some(group) = group_by {
        let Some(col) = keys.iter().position(|k| *k == group) else {
            return Err(invalid(&format!(
                "table() : group_by « {group} » doit faire partie des colonnes affichées"
            )));
        };
        crate::model::merge_column_runs(&mut body, col, |first, row| {
            row.cells[col].content == first.cells[col].content
        });
    }
    let header = Row {
        revision: None,
        cells: header_texts
            .into_iter()
            .map(|h| Cell::new(vec![Inline::Text(h)], Provenance::default()))
            .collect(),
    };
    // Rows are matched between versions by the source's key, when shown.
    let key_column = schema.as_ref().and_then(|t| t.key).and_then(|k| {
        keys.iter()
            .position(|c| schema.as_ref().is_some_and(|t| t.columns[k].key == *c))
    });
    let table = Table {
        key_column,
        id,
        caption: caption.map(|c| vec![Inline::Text(c)]),
        columns: model_columns,
        header: vec![header],
        rows: body,
        provenance: Provenance::default(),
    };
    if let Some(column) = used_only {
        let Some(column) = keys.iter().position(|k| *k == column) else {
            return Err(invalid(&format!(
                "table() : used_only « {column} » doit faire partie des colonnes affichées"
            )));
        };
        shared
            .rendered
            .lock()
            .expect("render state")
            .used_only
            .push(super::UsedOnly {
                rows: table.rows.clone(),
                column,
            });
    }
    Ok(placeholder(shared, Block::Table(table)))
}

/// Registers a block and returns its placeholder paragraph.
pub fn placeholder(shared: &Shared, block: Block) -> Value {
    let index = shared.register_block(block);
    Value::from_safe_string(format!(
        "\n\n{}{index}{}\n\n",
        markers::BLOCK_START,
        markers::BLOCK_END
    ))
}

/// `toc()`, `list_of_tables()`, `list_of_figures()`: `title=` and, for the
/// table of contents, `levels=` (1 to 6, 3 by default).
pub fn toc(shared: &Shared, kind: TocKind, kwargs: Kwargs) -> Result<Value, Error> {
    let default_title = match kind {
        TocKind::Contents => "Table des matières",
        TocKind::Tables => "Liste des tableaux",
        TocKind::Figures => "Liste des figures",
    };
    let title: Option<String> = kwargs.get("title")?;
    let levels: Option<u8> = kwargs.get("levels")?;
    kwargs.assert_all_used()?;
    Ok(placeholder(
        shared,
        Block::Toc(Toc {
            kind,
            title: title.unwrap_or_else(|| default_title.to_string()),
            levels: levels.unwrap_or(3).clamp(1, 6),
        }),
    ))
}

/// `image(path, caption=, alt=, width=, id=)`: a figure from an image file
/// of the project (PNG or JPEG); the build loads and checks the file.
pub fn image(shared: &Shared, path: String, kwargs: Kwargs) -> Result<Value, Error> {
    let caption: Option<String> = kwargs.get("caption")?;
    let alt: Option<String> = kwargs.get("alt")?;
    let width: Option<f64> = kwargs.get("width")?;
    let id: Option<String> = kwargs.get("id")?;
    kwargs.assert_all_used()?;
    if !crate::project::safe_relative(&path) {
        return Err(invalid(&format!(
            "image() : « {path} » doit être un chemin relatif à l'intérieur du projet"
        )));
    }
    let alt = alt.or_else(|| caption.clone()).unwrap_or_default();
    Ok(placeholder(
        shared,
        Block::Figure(Figure {
            id,
            caption: caption.map(|c| vec![Inline::Text(c)]),
            alt,
            image: Image {
                src: path,
                width_cm: width,
                ..Image::default()
            },
            chart: None,
            provenance: Provenance::default(),
        }),
    ))
}

pub fn invalid(msg: &str) -> Error {
    Error::new(ErrorKind::InvalidOperation, msg.to_string())
}

/// The data table behind a source or a list of its rows.
fn schema_of(rows: &Value, items: &[Value]) -> Option<Arc<DataTable>> {
    if let Some(t) = rows.downcast_object_ref::<super::rows::TableObject>() {
        return Some(t.table.clone());
    }
    items
        .first()
        .and_then(|v| v.downcast_object_ref::<RowObject>())
        .map(|r| r.table.clone())
}

fn default_align(schema: Option<&DataTable>, key: &str) -> Align {
    use crate::project::ColumnType;
    match schema.and_then(|t| t.column_index(key).map(|i| t.columns[i].spec.kind)) {
        Some(ColumnType::Integer | ColumnType::Number) => Align::Right,
        _ => Align::Left,
    }
}

fn parse_align(a: &str) -> Result<Align, Error> {
    match a {
        "gauche" | "left" | "g" => Ok(Align::Left),
        "centre" | "center" | "c" => Ok(Align::Center),
        "droite" | "right" | "d" => Ok(Align::Right),
        other => Err(invalid(&format!(
            "table() : alignement inconnu « {other} » (gauche, centre ou droite)"
        ))),
    }
}

/// One cell: the formatted value and the workbook cells it shows (the row's
/// cell for workbook rows, a group's cells for the number of an aggregate,
/// those a string carries otherwise).
fn cell_for(shared: &Shared, item: &Value, key: &str) -> Result<Cell, Error> {
    if let Some(row) = item.downcast_object_ref::<RowObject>() {
        let t = &row.table;
        let col = t
            .column_index(key)
            .ok_or_else(|| invalid(&format!("colonne inconnue « {key} »")))?;
        return Ok(data_cell(t, row.row, col));
    }
    let value = item.get_attr(key)?;
    let mut provenance = Provenance::default();
    let group = item.downcast_object_ref::<super::aggregates::Group>();
    let cells = match group.and_then(|g| g.cells_of(key)) {
        Some(cells) => Some(cells.clone()),
        None => shared.cells_of(&value),
    };
    if let Some(cells) = cells {
        provenance.add_cells(shared.cell_refs(&cells));
    }
    Ok(Cell::new(text_inlines(&cell_text(&value)), provenance))
}

/// The table cell of a workbook value, with its place.
fn data_cell(t: &DataTable, row: usize, col: usize) -> Cell {
    Cell::new(
        format_data(&t.rows[row].values[col]),
        Provenance::from_cell(t.cell_ref(row, col)),
    )
}

/// A template value as table or chart text: French numbers, empty for none.
pub fn cell_text(v: &Value) -> String {
    if v.is_undefined() || v.is_none() {
        String::new()
    } else if let Ok(x) = f64::try_from(v.clone()) {
        if v.as_str().is_some() {
            v.to_string()
        } else if x.fract() == 0.0 && x.abs() < 10_000.0 {
            format!("{}", x as i64)
        } else {
            french::format_decimal(x, None)
        }
    } else {
        v.to_string()
    }
}

/// A workbook value as cell content, the French way.
pub fn format_data(value: &DataValue) -> Vec<Inline> {
    let text = match value {
        DataValue::Empty => String::new(),
        DataValue::Text(s) => s.clone(),
        DataValue::Integer(i) if i.unsigned_abs() >= 10_000 => french::format_integer(*i),
        DataValue::Integer(i) => i.to_string(),
        DataValue::Number(n) => french::format_decimal(*n, None),
        DataValue::Date(d) => french::format_date_short(*d),
    };
    text_inlines(&text)
}

/// Text with line breaks as break inlines.
fn text_inlines(text: &str) -> Vec<Inline> {
    // Sized to the lines: a table cell's vector is one of a million, and a
    // vector grown by pushes reserves room for four inlines.
    let breaks = text.matches('\n').count();
    let mut out = Vec::with_capacity(2 * breaks + 1);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push(Inline::LineBreak);
        }
        if !line.is_empty() {
            out.push(Inline::Text(line.to_string()));
        }
    }
    out
}
