//! Tabular data: workbooks and CSV files read into typed, schema-checked
//! [`DataTable`]s whose every value knows its `Sheet!Cell` position.

mod archive;
mod clean;
pub(crate) mod delimited;
mod grid;
pub mod limits;
mod messages;
mod ods;
mod read;
mod schema;
mod xlsx;

pub use clean::clean_text;
pub use messages::{csv_reason, xlsx_reason};
pub use schema::parse_date;

use crate::diag::{Problems, Result};
use crate::model::CellRef;
use crate::project::{ColumnSpec, Project};
use chrono::NaiveDate;
use indexmap::IndexMap;
use std::sync::Arc;

/// A typed cell value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Integer(i64),
    Number(f64),
    Date(NaiveDate),
}

impl Value {
    /// The value as text for confidentiality scans (empty for `Empty`).
    pub fn as_search_text(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(s) => s.clone(),
            Value::Integer(i) => i.to_string(),
            Value::Number(n) => n.to_string(),
            Value::Date(d) => d.to_string(),
        }
    }
}

/// One column of a loaded table.
#[derive(Debug, Clone)]
pub struct Column {
    /// The name blueprints use.
    pub key: String,
    /// The header text in the sheet.
    pub header: String,
    pub spec: ColumnSpec,
    /// Zero-based column in the sheet.
    pub sheet_col: usize,
}

/// One data row: values in column order, and its zero-based sheet row.
#[derive(Debug, Clone)]
pub struct Row {
    pub sheet_row: usize,
    pub values: Vec<Value>,
}

/// A loaded, checked data source.
#[derive(Debug, Clone)]
pub struct DataTable {
    pub name: String,
    pub file: Arc<str>,
    pub sheet: Arc<str>,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// Index of the key column, if the source declares one.
    pub key: Option<usize>,
}

impl DataTable {
    pub fn column_index(&self, key: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.key == key)
    }

    /// The value at a workbook position, if this table holds it.
    pub fn value_at(&self, at: &CellRef) -> Option<&Value> {
        if at.file != self.file || at.sheet != self.sheet {
            return None;
        }
        let (row, col) = (at.cell.row as usize, at.cell.col as usize);
        let c = self.columns.iter().position(|c| c.sheet_col == col)?;
        let r = self.rows.binary_search_by_key(&row, |r| r.sheet_row).ok()?;
        Some(&self.rows[r].values[c])
    }

    /// The position of a value in its workbook.
    pub fn cell_ref(&self, row: usize, col: usize) -> CellRef {
        CellRef::shared(
            &self.file,
            &self.sheet,
            self.rows[row].sheet_row,
            self.columns[col].sheet_col,
        )
    }
}

/// Every source of a project, loaded and checked.
pub type Tables = IndexMap<String, Arc<DataTable>>;

/// Loads and checks every data source, reporting all problems together,
/// each once (two sources reading the same broken file give one message).
pub fn load_all(project: &Project) -> Result<Tables> {
    let mut tables = IndexMap::new();
    let mut problems: Vec<crate::diag::Diagnostic> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    // Sources are independent: read on every core, kept in declared order.
    let sources: Vec<_> = project.sources.iter().collect();
    let read = crate::parallel::parallel_map(&sources, |(name, source)| {
        read::read_grid(&project.root, source)
            .and_then(|grid| schema::check_table(name, source, grid))
    });
    for ((name, _), result) in sources.into_iter().zip(read) {
        match result {
            Ok(table) => {
                tables.insert(name.clone(), Arc::new(table));
            }
            Err(Problems(p)) => {
                for d in p {
                    if seen.insert(d.to_string()) {
                        problems.push(d);
                    }
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(tables)
    } else {
        Err(Problems(problems))
    }
}
