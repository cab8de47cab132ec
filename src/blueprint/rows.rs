//! Data tables as minijinja values.
//!
//! A source is a sequence of rows; a row is a map from column key to value.
//! Confidential columns are absent: a blueprint cannot read them at all.
//! Text and dates are handed out as strings registered with their cell (see
//! [`super::origin`]), so that a printed value names the cell it came from.

use super::Shared;
use crate::data::{DataTable, Value as DataValue};
use minijinja::Value;
use minijinja::value::{Enumerator, Object, ObjectRepr, ValueKind};
use std::sync::Arc;

/// A whole source, iterable like a list of rows.
pub struct TableObject {
    pub table: Arc<DataTable>,
    pub shared: Arc<Shared>,
}

/// One row of a source.
pub struct RowObject {
    pub table: Arc<DataTable>,
    pub row: usize,
    shared: Arc<Shared>,
    /// Confidential columns this row shows all the same: only for the row a
    /// per-row document is built from (`confidentiel_autorise`).
    allowed: Vec<usize>,
}

impl RowObject {
    /// The row a per-row document is built from, showing its `allowed`
    /// confidential columns besides the visible ones.
    pub fn own_row(
        table: Arc<DataTable>,
        row: usize,
        shared: Arc<Shared>,
        allowed: Vec<usize>,
    ) -> Self {
        RowObject {
            table,
            row,
            shared,
            allowed,
        }
    }

    fn shows(&self, col: usize) -> bool {
        !self.table.columns[col].spec.confidential || self.allowed.contains(&col)
    }
}

impl std::fmt::Debug for TableObject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<source {}>", self.table.name)
    }
}

impl std::fmt::Debug for RowObject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<ligne {} de {}>", self.row + 1, self.table.name)
    }
}

/// The last attribute a blueprint asked for and did not get, for error messages.
pub struct Missing {
    pub key: String,
    pub table: Arc<DataTable>,
    pub confidential: bool,
}

impl Object for TableObject {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let row = key.as_usize()?;
        (row < self.table.rows.len()).then(|| {
            Value::from_object(RowObject {
                table: self.table.clone(),
                row,
                shared: self.shared.clone(),
                allowed: Vec::new(),
            })
        })
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Seq(self.table.rows.len())
    }
}

impl RowObject {
    fn visible_keys(&self) -> impl Iterator<Item = &str> {
        self.table
            .columns
            .iter()
            .enumerate()
            .filter(|(i, _)| self.shows(*i))
            .map(|(_, c)| c.key.as_str())
    }
}

impl Object for RowObject {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let key = key.as_str()?;
        let col = self.table.column_index(key);
        let Some(col) = col.filter(|c| self.shows(*c)) else {
            self.shared.set_missing(Missing {
                key: key.to_string(),
                table: self.table.clone(),
                confidential: col.is_some(),
            });
            return None;
        };
        Some(self.shared.cell_value(&self.table, self.row, col))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        let keys: Vec<Value> = self.visible_keys().map(Value::from).collect();
        Enumerator::Values(keys)
    }
}

/// `__cellule(parent, key, value)`, what a print of `parent.key` (possibly
/// formatted by `nombre` or `pourcentage`) is rewritten to call (see
/// [`super::reads`]); `value` is the print's own value. When `parent` is a
/// data row and its cell `key` holds a number, the result is the text the
/// formatter prints for `value`, registered with that cell (for a group of
/// `effectifs` or `moyennes`, with the cells it was computed from);
/// otherwise it is `value`, unchanged.
pub fn printed_cell(shared: &Shared, parent: &Value, key: &str, value: Value) -> Value {
    if let Some(group) = parent.downcast_object_ref::<super::aggregates::Group>() {
        return group.printed(shared, key, value);
    }
    let Some(row) = parent.downcast_object_ref::<RowObject>() else {
        return value;
    };
    let table = &row.table;
    let Some(col) = table
        .column_index(key)
        .filter(|c| !table.columns[*c].spec.confidential)
    else {
        return value;
    };
    let data = &table.rows[row.row].values[col];
    let own = match data {
        DataValue::Integer(_) | DataValue::Number(_) => plain_value(data),
        _ => None,
    };
    match own.and_then(|own| printed_text(&value, &own)) {
        Some(text) => {
            let cell = shared.cell_index(table.cell_ref(row.row, col));
            shared.registered_text(&Arc::from([cell]), text)
        }
        None => value,
    }
}

/// The text a print shows when its value is `value` and the number read is
/// `own`: the formatter's text for `own` itself, or the text a formatting
/// filter made of it; `None` for anything else.
pub fn printed_text(value: &Value, own: &Value) -> Option<String> {
    match value.kind() {
        ValueKind::Number if value == own => Some(super::output::number_text(value)),
        ValueKind::String if !value.is_safe() => Some(value.to_string()),
        _ => None,
    }
}

/// Workbook values that carry no identity as template values: numbers as
/// numbers, empty cells as `none`. Text and dates go through
/// [`Shared::cell_value`], which registers them with their cell.
pub fn plain_value(v: &DataValue) -> Option<Value> {
    match v {
        DataValue::Empty => Some(Value::from(())),
        DataValue::Integer(i) => Some(Value::from(*i)),
        DataValue::Number(n) => Some(Value::from(*n)),
        DataValue::Text(_) | DataValue::Date(_) => None,
    }
}

/// The text a string cell is handed out as: dates as ISO strings, which the
/// date filters read.
pub fn cell_text(v: &DataValue) -> String {
    match v {
        DataValue::Text(s) => s.clone(),
        DataValue::Date(d) => d.to_string(),
        _ => String::new(),
    }
}
