//! Helpers that let wording and decisions follow the data instead of being
//! typed: the project's `calendrier`, `parametres` and `k_anonymat` as globals, `palier()`
//! for decisions by threshold, `pluriel()` and the `enumeration` filter for
//! counts and lists written the French way.
//!
//! ```jinja
//! {% set decision = palier(total, [[parametres.seuil_site_retenu, "Retenu"],
//!                                  [parametres.seuil_site_reserve, "Réserve"]], "Non retenu") %}
//! {{ n }} {{ pluriel(n, "site", "sites") }} : {{ noms | enumeration }}.
//! Formation du {{ calendrier.debut_fdf | date_fr }}.
//! ```

use super::Shared;
use crate::project::Project;
use minijinja::{Environment, Error, ErrorKind, Value};
use std::sync::Arc;

/// Adds the globals and helpers to a render's environment.
pub fn register(env: &mut Environment<'static>, project: &Project, shared: &Arc<Shared>) {
    let dates: std::collections::BTreeMap<String, String> = project
        .calendrier
        .iter()
        .map(|(k, d)| (k.clone(), d.to_string()))
        .collect();
    env.add_global("calendrier", Value::from(minijinja::value::Serde(&dates)));
    env.add_global(
        "parametres",
        Value::from(minijinja::value::Serde(
            project
                .parametres
                .iter()
                .collect::<std::collections::BTreeMap<_, _>>(),
        )),
    );
    env.add_global("k_anonymat", Value::from(project.k_anonymat));
    env.add_function("palier", palier);
    env.add_function("pluriel", pluriel);
    let s = shared.clone();
    env.add_filter(
        "enumeration",
        move |v: Value, conjonction: Option<String>| -> Result<Value, Error> {
            let items: Vec<String> = v.try_iter()?.map(|i| i.to_string()).collect();
            let text = enumeration(&items, conjonction.as_deref().unwrap_or("et"));
            Ok(s.derive(Value::from(text), &[v]))
        },
    );
}

fn invalid(msg: String) -> Error {
    Error::new(ErrorKind::InvalidOperation, msg)
}

fn number(function: &str, v: &Value) -> Result<f64, Error> {
    f64::try_from(v.clone())
        .map_err(|_| invalid(format!("{function}() attend un nombre, reçu « {v} »")))
}

/// `palier(valeur, [[seuil, libellé], …], sinon)`: the label of the highest
/// threshold `valeur` reaches (`>=`), else `sinon`. The thresholds may be
/// given in any order.
fn palier(value: Value, steps: Value, otherwise: Value) -> Result<Value, Error> {
    let x = number("palier", &value)?;
    let mut best: Option<(f64, Value)> = None;
    for step in steps.try_iter()? {
        let pair: Vec<Value> = step
            .try_iter()
            .map_err(|_| {
                invalid(format!(
                    "palier() : chaque palier s'écrit [seuil, libellé], reçu « {step} »"
                ))
            })?
            .collect();
        let [threshold, label] = pair.as_slice() else {
            return Err(invalid(format!(
                "palier() : chaque palier s'écrit [seuil, libellé], reçu « {step} »"
            )));
        };
        let t = number("palier", threshold)?;
        if x >= t && best.as_ref().is_none_or(|(b, _)| t > *b) {
            best = Some((t, label.clone()));
        }
    }
    Ok(best.map_or(otherwise, |(_, label)| label))
}

/// `pluriel(n, singulier, pluriel)`: the French form for `n` (0 and 1 take
/// the singular).
fn pluriel(n: Value, singular: Value, plural: Value) -> Result<Value, Error> {
    let x = number("pluriel", &n)?;
    Ok(if x.abs() < 2.0 { singular } else { plural })
}

/// `a`, `a et b`, `a, b et c`.
pub fn enumeration(items: &[String], conjunction: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {conjunction} {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palier_takes_the_highest_threshold_reached() {
        let steps = Value::from(minijinja::value::Serde(serde_json::json!([
            [15, "Réserve"],
            [19, "Retenu"]
        ])));
        let at = |x: i64| palier(Value::from(x), steps.clone(), Value::from("Non retenu")).unwrap();
        assert_eq!(at(24).to_string(), "Retenu");
        assert_eq!(at(19).to_string(), "Retenu");
        assert_eq!(at(18).to_string(), "Réserve");
        assert_eq!(at(10).to_string(), "Non retenu");
        let bad = palier(
            Value::from(3),
            Value::from(minijinja::value::Serde(serde_json::json!([[1]]))),
            Value::from(""),
        );
        assert!(bad.unwrap_err().to_string().contains("[seuil, libellé]"));
    }

    #[test]
    fn french_lists_and_plurals() {
        let items = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(enumeration(&items(&["Kayes"]), "et"), "Kayes");
        assert_eq!(
            enumeration(&items(&["Kayes", "Mopti", "Gao"]), "et"),
            "Kayes, Mopti et Gao"
        );
        assert_eq!(enumeration(&items(&["A", "B"]), "ou"), "A ou B");
        let p = |n: f64| {
            pluriel(Value::from(n), "site".into(), "sites".into())
                .unwrap()
                .to_string()
        };
        assert_eq!(
            (p(0.0), p(1.0), p(2.0)),
            ("site".into(), "site".into(), "sites".into())
        );
    }
}
