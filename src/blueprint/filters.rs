//! French filters and functions for blueprints: `date_fr`, `date_courte`,
//! `nombre`, `pourcentage`, `moyenne`, `lignes`, and the registration of
//! `effectifs` and `moyennes` (see [`super::aggregates`]).
//!
//! `moyenne` averages a list of numbers, which carry no identity: its result
//! names no cell (its paragraph names its blueprint line). `moyennes()` does
//! name the cells it averages.
//!
//! Each string they derive from workbook values carries the cells of those
//! values (see [`super::origin`]); so do the strings made by the built-in
//! string filters listed in [`KEEP_CELLS`], which are wrapped for that.

use super::Shared;
use crate::data::parse_date;
use crate::french;
use chrono::NaiveDate;
use minijinja::value::Rest;
use minijinja::{Environment, Error, ErrorKind, State, Value};
use std::sync::Arc;

pub fn register(env: &mut Environment<'static>, shared: &Arc<Shared>) {
    keep_cells_of_builtins(env, shared);
    let s = shared.clone();
    env.add_filter("lignes", move |v: Value| -> Value {
        let lines = lines(&v);
        s.derive(Value::from(lines), &[v])
    });
    let s = shared.clone();
    env.add_function(
        "effectifs",
        move |rows: Value, by: String| -> Result<Value, Error> {
            super::aggregates::effectifs(&s, rows, &by)
        },
    );
    let s = shared.clone();
    env.add_function(
        "moyennes",
        move |rows: Value, by: String, value: String| -> Result<Value, Error> {
            super::aggregates::moyennes(&s, rows, &by, &value)
        },
    );
    let s = shared.clone();
    env.add_filter("date_fr", move |v: Value| {
        date_arg("date_fr", &v).map(|d| s.derive(french::format_date_long(d).into(), &[v]))
    });
    let s = shared.clone();
    env.add_filter("date_courte", move |v: Value| {
        date_arg("date_courte", &v).map(|d| s.derive(french::format_date_short(d).into(), &[v]))
    });
    register_numbers(env);
}

/// The lines of a text cell, without list bullets.
fn lines(v: &Value) -> Vec<String> {
    if v.is_none() || v.is_undefined() {
        return Vec::new();
    }
    v.to_string()
        .lines()
        .map(|l| {
            l.trim()
                .trim_start_matches(['-', '•', '*'])
                .trim()
                .to_string()
        })
        .filter(|l| !l.is_empty())
        .collect()
}

/// Built-in filters whose string result is derived from their arguments'
/// strings: wrapped so that the result carries the arguments' cells.
pub const KEEP_CELLS: &[&str] = &[
    "lower",
    "upper",
    "capitalize",
    "title",
    "trim",
    "replace",
    "join",
    "split",
    "string",
    "safe",
    "format",
    "indent",
];

fn keep_cells_of_builtins(env: &mut Environment<'static>, shared: &Arc<Shared>) {
    use minijinja::filters as f;
    let builtins = [
        Value::from_function(f::lower),
        Value::from_function(f::upper),
        Value::from_function(f::capitalize),
        Value::from_function(f::title),
        Value::from_function(f::trim),
        Value::from_function(f::replace),
        Value::from_function(f::join),
        Value::from_function(f::split),
        Value::from_function(f::string),
        Value::from_function(safe_text),
        Value::from_function(f::format),
        Value::from_function(f::indent),
    ];
    for (name, builtin) in KEEP_CELLS.iter().zip(builtins) {
        let s = shared.clone();
        env.add_filter(*name, move |state: &mut State, args: Rest<Value>| {
            s.budget.check_time()?;
            let result = builtin.call(state, &args)?;
            Ok::<_, Error>(s.derive(result, &args))
        });
    }
}

/// `|safe`: Markdown written on purpose. Marker characters are removed from
/// a string that was not already safe, so typed text never poses as one.
fn safe_text(v: Value) -> Value {
    if v.is_safe() {
        return v;
    }
    Value::from_safe_string(crate::markers::strip(&v.to_string()))
}

fn register_numbers(env: &mut Environment<'static>) {
    env.add_filter("nombre", |v: Value, decimales: Option<usize>| {
        if let Ok(i) = i64::try_from(v.clone())
            && decimales.is_none()
        {
            return Ok(french::format_integer(i));
        }
        number_arg("nombre", &v).map(|x| french::format_decimal(x, decimales))
    });
    env.add_filter("pourcentage", |v: Value, decimales: Option<usize>| {
        number_arg("pourcentage", &v).map(|x| french::format_percent(x, decimales.or(Some(0))))
    });
    env.add_filter("moyenne", |v: Value| -> Result<Value, Error> {
        let mut sum = 0.0;
        let mut count = 0usize;
        for item in v.try_iter()? {
            if item.is_none() {
                continue;
            }
            sum += number_arg("moyenne", &item)?;
            count += 1;
        }
        Ok(if count == 0 {
            Value::from(())
        } else {
            Value::from(sum / count as f64)
        })
    });
}

fn date_arg(filter: &str, v: &Value) -> Result<NaiveDate, Error> {
    v.as_str()
        .and_then(|s| parse_date(s.get(..10).unwrap_or(s)))
        .ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidOperation,
                format!("le filtre {filter} attend une date, reçu « {v} »"),
            )
        })
}

pub fn number_arg(filter: &str, v: &Value) -> Result<f64, Error> {
    f64::try_from(v.clone()).map_err(|_| {
        Error::new(
            ErrorKind::InvalidOperation,
            format!("le filtre {filter} attend un nombre, reçu « {v} »"),
        )
    })
}
