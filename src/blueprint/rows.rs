//! Data tables as minijinja values.
//!
//! A source is a sequence of rows; a row is a map from column key to value.
//! Confidential columns are absent: a blueprint cannot read them at all.
//! Every read of a value is noted so that the output formatter can tell which
//! workbook cell a printed value came from.

use crate::data::{DataTable, Value as DataValue};
use minijinja::Value;
use minijinja::value::{Enumerator, Object, ObjectRepr};
use std::cell::RefCell;
use std::sync::Arc;

/// A whole source, iterable like a list of rows.
#[derive(Debug)]
pub struct TableObject(pub Arc<DataTable>);

/// One row of a source.
#[derive(Debug)]
pub struct RowObject {
    pub table: Arc<DataTable>,
    pub row: usize,
}

/// A value read from a row, remembered for provenance.
pub struct Access {
    pub table: Arc<DataTable>,
    pub row: usize,
    pub col: usize,
    pub value: Value,
}

/// The last attribute a blueprint asked for and did not get, for error messages.
pub struct Missing {
    pub key: String,
    pub table: Arc<DataTable>,
    pub confidential: bool,
}

const RECENT_CAPACITY: usize = 8;

thread_local! {
    static RECENT: RefCell<Vec<Access>> = const { RefCell::new(Vec::new()) };
    static MISSING: RefCell<Option<Missing>> = const { RefCell::new(None) };
}

/// Forgets all recorded accesses (call before each render).
pub fn reset() {
    RECENT.with(|r| r.borrow_mut().clear());
    MISSING.with(|m| *m.borrow_mut() = None);
}

/// The most recent read whose value equals `value`, if any.
pub fn recent_source(value: &Value) -> Option<(Arc<DataTable>, usize, usize)> {
    RECENT.with(|r| {
        r.borrow()
            .iter()
            .rev()
            .find(|a| &a.value == value)
            .map(|a| (a.table.clone(), a.row, a.col))
    })
}

pub fn take_missing() -> Option<Missing> {
    MISSING.with(|m| m.borrow_mut().take())
}

impl Object for TableObject {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let row = key.as_usize()?;
        (row < self.0.rows.len()).then(|| {
            Value::from_object(RowObject {
                table: self.0.clone(),
                row,
            })
        })
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Seq(self.0.rows.len())
    }
}

impl RowObject {
    fn visible_keys(&self) -> impl Iterator<Item = &str> {
        self.table
            .columns
            .iter()
            .filter(|c| !c.spec.confidential)
            .map(|c| c.key.as_str())
    }
}

impl Object for RowObject {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let key = key.as_str()?;
        let col = self.table.column_index(key);
        let Some(col) = col.filter(|c| !self.table.columns[*c].spec.confidential) else {
            MISSING.with(|m| {
                *m.borrow_mut() = Some(Missing {
                    key: key.to_string(),
                    table: self.table.clone(),
                    confidential: col.is_some(),
                })
            });
            return None;
        };
        let value = to_template_value(&self.table.rows[self.row].values[col]);
        RECENT.with(|r| {
            let mut r = r.borrow_mut();
            if r.len() == RECENT_CAPACITY {
                r.remove(0);
            }
            r.push(Access {
                table: self.table.clone(),
                row: self.row,
                col,
                value: value.clone(),
            });
        });
        Some(value)
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        let keys: Vec<Value> = self.visible_keys().map(Value::from).collect();
        Enumerator::Values(keys)
    }
}

/// Workbook values as template values: dates become ISO strings, which the
/// date filters read; empty cells become `none`.
pub fn to_template_value(v: &DataValue) -> Value {
    match v {
        DataValue::Empty => Value::from(()),
        DataValue::Text(s) => Value::from(s.as_str()),
        DataValue::Integer(i) => Value::from(*i),
        DataValue::Number(n) => Value::from(*n),
        DataValue::Date(d) => Value::from(d.to_string()),
    }
}
