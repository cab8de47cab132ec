//! `effectifs(rows, by)` and `moyennes(rows, by, value)`: one group per
//! distinct value of column `by`, in first-seen order.
//!
//! A group is a map `{valeur, nombre}` or `{valeur, moyenne}`. Its `valeur`
//! is a string carrying the cells of every row grouped (see
//! [`super::origin`]); its number stays a number, so that sorting, comparing
//! and arithmetic work, and the group remembers the cells it was computed
//! from: the `by` cells of the rows counted, or the `value` cells averaged.
//! A print of `group.nombre` or `group.moyenne` (bare or through `nombre` /
//! `pourcentage`, see [`super::reads`]) names those cells, and so does a
//! data table of groups; a number computed from them names none.

use super::Shared;
use super::filters::number_arg;
use super::origin::Cells;
use super::rows::RowObject;
use crate::model::FirstSeen;
use minijinja::value::{Enumerator, Object, ObjectRepr};
use minijinja::{Error, Value};
use std::collections::HashMap;
use std::sync::Arc;

/// One group of an aggregate.
#[derive(Debug)]
pub struct Group {
    valeur: Value,
    /// `nombre` or `moyenne`.
    measure: &'static str,
    number: Value,
    /// Marker indices of the cells the number comes from.
    cells: Cells,
}

impl Object for Group {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        match key.as_str()? {
            "valeur" => Some(self.valeur.clone()),
            k if k == self.measure => Some(self.number.clone()),
            _ => None,
        }
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        // The order a sorted map of these keys has.
        Enumerator::Values(vec![Value::from(self.measure), Value::from("valeur")])
    }
}

impl Group {
    /// The cells behind attribute `key`: the number's own cells.
    pub fn cells_of(&self, key: &str) -> Option<&Cells> {
        (key == self.measure && !self.cells.is_empty()).then_some(&self.cells)
    }

    /// What a print of `group.key` shows (see [`super::rows::printed_cell`]):
    /// the number's text registered with its cells, or `value` unchanged.
    pub fn printed(&self, shared: &Shared, key: &str, value: Value) -> Value {
        let Some(cells) = self.cells_of(key) else {
            return value;
        };
        match super::rows::printed_text(&value, &self.number) {
            Some(text) => shared.registered_text(cells, text),
            None => value,
        }
    }
}

/// The marker index of `row`'s cell in column `key`, when `row` is a data row.
fn cell_of(shared: &Shared, row: &Value, key: &str) -> Option<usize> {
    let row = row.downcast_object_ref::<RowObject>()?;
    let col = row
        .table
        .column_index(key)
        .filter(|c| !row.table.columns[*c].spec.confidential)?;
    Some(shared.cell_index(row.table.cell_ref(row.row, col)))
}

/// The rows of one value of column `by`.
struct Bucket {
    key: Value,
    /// The key as read from each row, for the cells `valeur` carries.
    keys: Vec<Value>,
    /// Marker indices of the cells the number comes from.
    cells: FirstSeen<usize>,
    /// The numbers measured, one per row.
    xs: Vec<f64>,
}

/// Rows grouped by their value in column `by`, in first-seen order; each
/// row is added in constant expected time, however many groups and rows.
#[derive(Default)]
struct Groups {
    buckets: Vec<Bucket>,
    /// The bucket of each key (minijinja's hash agrees with its equality).
    index: HashMap<Value, usize>,
}

impl Groups {
    fn add(&mut self, key: Value, cell: Option<usize>, x: f64) {
        let at = *self.index.entry(key.clone()).or_insert_with(|| {
            self.buckets.push(Bucket {
                key: key.clone(),
                keys: Vec::new(),
                cells: FirstSeen::default(),
                xs: Vec::new(),
            });
            self.buckets.len() - 1
        });
        let bucket = &mut self.buckets[at];
        bucket.keys.push(key);
        if let Some(c) = cell {
            bucket.cells.insert(c);
        }
        bucket.xs.push(x);
    }

    fn into_value(
        self,
        shared: &Shared,
        measure: &'static str,
        number: impl Fn(&[f64]) -> Value,
    ) -> Value {
        Value::from(
            self.buckets
                .into_iter()
                .map(|b| {
                    Value::from_object(Group {
                        valeur: shared.derive(b.key, &[Value::from(b.keys)]),
                        measure,
                        number: number(&b.xs),
                        cells: b.cells.into_vec().into(),
                    })
                })
                .collect::<Vec<_>>(),
        )
    }
}

/// `effectifs(rows, by)`: how many rows have each value of column `by`.
pub fn effectifs(shared: &Shared, rows: Value, by: &str) -> Result<Value, Error> {
    let mut groups = Groups::default();
    for row in rows.try_iter()? {
        let key = row.get_attr(by)?;
        groups.add(key, cell_of(shared, &row, by), 1.0);
    }
    Ok(groups.into_value(shared, "nombre", |xs| Value::from(xs.len())))
}

/// `moyennes(rows, by, value)`: the mean of column `value` for each value of
/// column `by` (empty values left out).
pub fn moyennes(shared: &Shared, rows: Value, by: &str, value: &str) -> Result<Value, Error> {
    let mut groups = Groups::default();
    for row in rows.try_iter()? {
        let key = row.get_attr(by)?;
        let v = row.get_attr(value)?;
        if v.is_none() {
            continue;
        }
        let x = number_arg("moyennes", &v)?;
        groups.add(key, cell_of(shared, &row, value), x);
    }
    Ok(groups.into_value(shared, "moyenne", |xs| {
        Value::from(xs.iter().sum::<f64>() / xs.len() as f64)
    }))
}
