//! French filters for blueprints: `date_fr`, `date_courte`, `nombre`,
//! `pourcentage`, `moyenne`.

use crate::data::parse_date;
use crate::french;
use chrono::NaiveDate;
use minijinja::{Environment, Error, ErrorKind, Value};

pub fn register(env: &mut Environment<'_>) {
    env.add_filter("date_fr", |v: Value| {
        date_arg("date_fr", &v).map(french::format_date_long)
    });
    env.add_filter("date_courte", |v: Value| {
        date_arg("date_courte", &v).map(french::format_date_short)
    });
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

fn number_arg(filter: &str, v: &Value) -> Result<f64, Error> {
    f64::try_from(v.clone()).map_err(|_| {
        Error::new(
            ErrorKind::InvalidOperation,
            format!("le filtre {filter} attend un nombre, reçu « {v} »"),
        )
    })
}
