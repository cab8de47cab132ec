//! French filters for blueprints: `date_fr`, `date_courte`, `nombre`,
//! `pourcentage`, `moyenne`.

use crate::data::parse_date;
use crate::french;
use chrono::NaiveDate;
use minijinja::{Environment, Error, ErrorKind, Value};

pub fn register(env: &mut Environment<'_>) {
    env.add_filter("lignes", |v: Value| -> Vec<String> {
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
    });
    env.add_function(
        "effectifs",
        |rows: Value, by: String| -> Result<Value, Error> {
            let mut groups: Vec<(Value, usize)> = Vec::new();
            for row in rows.try_iter()? {
                let key = row.get_attr(&by)?;
                match groups.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, n)) => *n += 1,
                    None => groups.push((key, 1)),
                }
            }
            Ok(Value::from(
                groups
                    .into_iter()
                    .map(|(k, n)| {
                        Value::from(std::collections::BTreeMap::from([
                            ("valeur", k),
                            ("nombre", Value::from(n)),
                        ]))
                    })
                    .collect::<Vec<_>>(),
            ))
        },
    );
    env.add_function(
        "moyennes",
        |rows: Value, by: String, value: String| -> Result<Value, Error> {
            let mut groups: Vec<(Value, f64, usize)> = Vec::new();
            for row in rows.try_iter()? {
                let key = row.get_attr(&by)?;
                let v = row.get_attr(&value)?;
                if v.is_none() {
                    continue;
                }
                let x = number_arg("moyennes", &v)?;
                match groups.iter_mut().find(|(k, _, _)| *k == key) {
                    Some((_, sum, n)) => {
                        *sum += x;
                        *n += 1;
                    }
                    None => groups.push((key, x, 1)),
                }
            }
            Ok(Value::from(
                groups
                    .into_iter()
                    .map(|(k, sum, n)| {
                        Value::from(std::collections::BTreeMap::from([
                            ("valeur", k),
                            ("moyenne", Value::from(sum / n as f64)),
                        ]))
                    })
                    .collect::<Vec<_>>(),
            ))
        },
    );
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
