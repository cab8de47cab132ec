//! The condition language of `verifications` rules: evaluation over the
//! loaded tables and the settings of `trame.yaml`, recording every workbook
//! cell (or whole column) and setting the result depends on.

use super::expr::{ArithOp, CmpOp, Expr};
use crate::data::{DataTable, Tables, Value as DataValue};
use crate::model::CellRef;
use crate::project::Project;
use chrono::{Months, NaiveDate};

/// A value while evaluating.
#[derive(Debug, Clone, PartialEq)]
pub enum V {
    Number(f64),
    Date(NaiveDate),
    Text(String),
    Bool(bool),
    /// An empty cell or an average of nothing: a comparison with it holds.
    Empty,
}

impl V {
    fn kind(&self) -> &'static str {
        match self {
            V::Number(_) => "un nombre",
            V::Date(_) => "une date",
            V::Text(_) => "un texte",
            V::Bool(_) => "une condition",
            V::Empty => "une valeur vide",
        }
    }

    /// The value as shown in messages, the French way.
    pub fn show(&self) -> String {
        match self {
            V::Number(x) => crate::french::format_decimal(*x, None).replace('\u{a0}', " "),
            V::Date(d) => crate::french::format_date_short(*d),
            V::Text(t) => format!("« {t} »"),
            V::Bool(b) => if *b { "vrai" } else { "faux" }.into(),
            V::Empty => "(vide)".into(),
        }
    }
}

/// What a result depends on.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Involved {
    Cell(CellRef),
    /// A whole column of a source (aggregates, `dans`).
    Column {
        source: String,
        column: usize,
    },
    /// Every row of a source (`nombre(source)`).
    Rows(String),
    /// `calendrier.x`, `parametres.x`, `projet.date`, a document's date.
    Setting(String),
}

/// The state of one evaluation: the row being checked, if any, and what
/// the result depended on.
pub struct Env<'a> {
    pub project: &'a Project,
    pub tables: &'a Tables,
    pub row: Option<(&'a DataTable, usize)>,
    pub tolerance: f64,
    /// `gauche = valeur ; droite = valeur` for each comparison that failed.
    pub details: Vec<String>,
    pub involved: Vec<Involved>,
}

fn data(v: &DataValue) -> V {
    match v {
        DataValue::Empty => V::Empty,
        DataValue::Text(t) => V::Text(t.clone()),
        DataValue::Integer(i) => V::Number(*i as f64),
        DataValue::Number(x) => V::Number(*x),
        DataValue::Date(d) => V::Date(*d),
    }
}

impl Env<'_> {
    fn involve(&mut self, what: Involved) {
        if !self.involved.contains(&what) {
            self.involved.push(what);
        }
    }

    /// The table and column index of `source.column` (checked at load).
    fn column(&self, source: &str, column: &str) -> Result<(&DataTable, usize), String> {
        let table = self
            .tables
            .get(source)
            .ok_or_else(|| format!("source « {source} » non chargée"))?;
        let col = table
            .column_index(column)
            .ok_or_else(|| format!("colonne « {column} » absente de « {source} »"))?;
        Ok((table, col))
    }

    /// Evaluates a condition to true or false.
    pub fn condition(&mut self, e: &Expr) -> Result<bool, String> {
        match self.eval(e)? {
            V::Bool(b) => Ok(b),
            V::Empty => Ok(true),
            other => Err(format!(
                "la condition doit être une comparaison (=, <, >…), pas {}",
                other.kind()
            )),
        }
    }

    pub fn eval(&mut self, e: &Expr) -> Result<V, String> {
        Ok(match e {
            Expr::Number(n) => V::Number(*n),
            Expr::Text(t) => V::Text(t.clone()),
            Expr::Name(n) => {
                let (table, row) = self
                    .row
                    .ok_or_else(|| format!("« {n} » hors d'une ligne"))?;
                let col = table
                    .column_index(n)
                    .ok_or_else(|| format!("colonne « {n} » absente"))?;
                self.involve(Involved::Cell(table.cell_ref(row, col)));
                data(&table.rows[row].values[col])
            }
            Expr::Dotted(a, b) => self.setting(a, b)?,
            Expr::Call(f, args) => self.call(f, args)?,
            Expr::Neg(x) => match self.eval(x)? {
                V::Number(n) => V::Number(-n),
                V::Empty => V::Empty,
                other => {
                    return Err(format!(
                        "« - » s'applique à un nombre, pas à {}",
                        other.kind()
                    ));
                }
            },
            Expr::Not(x) => V::Bool(!self.condition(x)?),
            Expr::And(a, b) => {
                let l = self.condition(a)?;
                let r = self.condition(b)?;
                V::Bool(l && r)
            }
            Expr::Or(a, b) => {
                let l = self.condition(a)?;
                let r = self.condition(b)?;
                V::Bool(l || r)
            }
            Expr::Arith(op, a, b) => {
                let (l, r) = (self.eval(a)?, self.eval(b)?);
                arith(*op, l, r)?
            }
            Expr::Compare {
                op,
                left,
                right,
                left_text,
                right_text,
            } => {
                let (l, r) = (self.eval(left)?, self.eval(right)?);
                let holds = self.compare(*op, &l, &r)?;
                if !holds {
                    let side = |text: &str, v: &V| {
                        if text.parse::<f64>().is_ok() {
                            v.show()
                        } else {
                            format!("{text} = {}", v.show())
                        }
                    };
                    self.details.push(format!(
                        "{} ; {}",
                        side(left_text, &l),
                        side(right_text, &r)
                    ));
                }
                V::Bool(holds)
            }
            Expr::In(x, source, column, text) => {
                // `lignes(colonne) dans …`: each line of a multi-line cell
                // (a line that reads as a number is one).
                let values: Vec<V> = match &**x {
                    Expr::Call(f, args) if f == "lignes" && args.len() == 1 => {
                        match self.eval(&args[0])? {
                            V::Text(t) => t
                                .lines()
                                .map(str::trim)
                                .filter(|l| !l.is_empty())
                                .map(|l| match l.replace(',', ".").parse::<f64>() {
                                    Ok(x) => V::Number(x),
                                    Err(_) => V::Text(l.to_string()),
                                })
                                .collect(),
                            V::Empty => Vec::new(),
                            other => vec![other],
                        }
                    }
                    _ => vec![self.eval(x)?],
                };
                let (table, col) = self.column(source, column)?;
                let missing: Vec<V> = values
                    .into_iter()
                    .filter(|v| *v != V::Empty)
                    .filter(|v| {
                        !table
                            .rows
                            .iter()
                            .any(|r| self.equal(v, &data(&r.values[col])))
                    })
                    .collect();
                self.involve(Involved::Column {
                    source: source.clone(),
                    column: col,
                });
                let all = missing.is_empty();
                for v in missing {
                    self.details.push(format!(
                        "{text} = {} ne figure pas dans {source}.{column}",
                        v.show()
                    ));
                }
                V::Bool(all)
            }
        })
    }

    fn setting(&mut self, a: &str, b: &str) -> Result<V, String> {
        let name = format!("{a}.{b}");
        let v = match a {
            "calendrier" => V::Date(
                *self
                    .project
                    .calendrier
                    .get(b)
                    .ok_or_else(|| format!("date inconnue « {name} »"))?,
            ),
            "parametres" => match self.project.parametres.get(b) {
                Some(serde_json::Value::Number(n)) => V::Number(n.as_f64().unwrap_or(0.0)),
                Some(serde_json::Value::String(s)) => V::Text(s.clone()),
                Some(serde_json::Value::Bool(x)) => V::Bool(*x),
                Some(serde_json::Value::Null) => V::Empty,
                Some(_) => return Err(format!("« {name} » n'est ni un nombre ni un texte")),
                None => return Err(format!("paramètre inconnu « {name} »")),
            },
            "projet" => V::Date(self.project.meta.date),
            _ => return Err(format!("« {name} » désigne une colonne entière")),
        };
        self.involve(Involved::Setting(name));
        Ok(v)
    }

    fn call(&mut self, f: &str, args: &[Expr]) -> Result<V, String> {
        match (f, args) {
            ("nombre", [Expr::Name(source)]) => {
                let n = self.tables.get(source).map_or(0, |t| t.rows.len());
                self.involve(Involved::Rows(source.clone()));
                Ok(V::Number(n as f64))
            }
            ("vide", [Expr::Name(_)]) => Ok(V::Bool(self.eval(&args[0])? == V::Empty)),
            ("abs", [x]) => match self.eval(x)? {
                V::Number(n) => Ok(V::Number(n.abs())),
                V::Empty => Ok(V::Empty),
                other => Err(format!("abs() attend un nombre, pas {}", other.kind())),
            },
            ("mois", [d, n]) => match (self.eval(d)?, self.eval(n)?) {
                (V::Date(d), V::Number(n)) => {
                    let m = Months::new(n.abs().round() as u32);
                    let moved = if n >= 0.0 {
                        d.checked_add_months(m)
                    } else {
                        d.checked_sub_months(m)
                    };
                    moved.map(V::Date).ok_or_else(|| "date hors limites".into())
                }
                (V::Empty, _) | (_, V::Empty) => Ok(V::Empty),
                (a, b) => Err(format!(
                    "mois() attend une date et un nombre, pas {} et {}",
                    a.kind(),
                    b.kind()
                )),
            },
            ("date_document", [Expr::Text(name)]) => {
                let spec = self
                    .project
                    .documents
                    .get(name)
                    .ok_or_else(|| format!("document inconnu « {name} »"))?;
                self.involve(Involved::Setting(format!("documents.{name}.date")));
                Ok(V::Date(spec.date.unwrap_or(self.project.meta.date)))
            }
            (agg, [Expr::Dotted(source, column)]) => self.aggregate(agg, source, column),
            _ => Err(format!("appel de « {f} » mal formé")),
        }
    }

    fn aggregate(&mut self, f: &str, source: &str, column: &str) -> Result<V, String> {
        let (table, col) = self.column(source, column)?;
        let values: Vec<(usize, V)> = table
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| (i, data(&r.values[col])))
            .filter(|(_, v)| *v != V::Empty)
            .collect();
        let numbers = || -> Result<Vec<f64>, String> {
            values
                .iter()
                .map(|(i, v)| match v {
                    V::Number(x) => Ok(*x),
                    other => Err(format!(
                        "{f}({source}.{column}) : {} n'est pas un nombre ({})",
                        other.show(),
                        table.cell_ref(*i, col)
                    )),
                })
                .collect()
        };
        let result = match f {
            "somme" => V::Number(numbers()?.iter().sum()),
            "moyenne" => {
                let xs = numbers()?;
                if xs.is_empty() {
                    V::Empty
                } else {
                    V::Number(xs.iter().sum::<f64>() / xs.len() as f64)
                }
            }
            "distincts" => {
                let mut seen: Vec<String> = values.iter().map(|(_, v)| v.show()).collect();
                seen.sort();
                seen.dedup();
                V::Number(seen.len() as f64)
            }
            "min" | "max" => {
                let mut best: Option<V> = None;
                for (_, v) in &values {
                    let better = match (&best, v) {
                        (None, _) => true,
                        (Some(V::Number(b)), V::Number(x)) => (f == "min") == (x < b),
                        (Some(V::Date(b)), V::Date(x)) => (f == "min") == (x < b),
                        (Some(_), other) => {
                            return Err(format!(
                                "{f}({source}.{column}) : valeurs de types différents ({})",
                                other.show()
                            ));
                        }
                    };
                    if better {
                        best = Some(v.clone());
                    }
                }
                best.unwrap_or(V::Empty)
            }
            other => return Err(format!("fonction inconnue « {other} »")),
        };
        self.involve(Involved::Column {
            source: source.to_string(),
            column: col,
        });
        Ok(result)
    }

    fn equal(&self, a: &V, b: &V) -> bool {
        match (a, b) {
            (V::Number(x), V::Number(y)) => (x - y).abs() <= self.tolerance,
            _ => a == b,
        }
    }

    fn compare(&self, op: CmpOp, l: &V, r: &V) -> Result<bool, String> {
        use std::cmp::Ordering;
        if *l == V::Empty || *r == V::Empty {
            return Ok(true);
        }
        let ordering = match (l, r) {
            (V::Number(x), V::Number(y)) => {
                if (x - y).abs() <= self.tolerance {
                    Ordering::Equal
                } else {
                    x.partial_cmp(y).unwrap_or(Ordering::Equal)
                }
            }
            (V::Date(x), V::Date(y)) => x.cmp(y),
            (V::Text(x), V::Text(y)) => x.cmp(y),
            (V::Bool(x), V::Bool(y)) if matches!(op, CmpOp::Eq | CmpOp::Ne) => x.cmp(y),
            _ => {
                return Err(format!(
                    "comparaison impossible entre {} et {}",
                    l.kind(),
                    r.kind()
                ));
            }
        };
        Ok(match op {
            CmpOp::Eq => ordering == Ordering::Equal,
            CmpOp::Ne => ordering != Ordering::Equal,
            CmpOp::Lt => ordering == Ordering::Less,
            CmpOp::Le => ordering != Ordering::Greater,
            CmpOp::Gt => ordering == Ordering::Greater,
            CmpOp::Ge => ordering != Ordering::Less,
        })
    }
}

fn arith(op: ArithOp, l: V, r: V) -> Result<V, String> {
    use ArithOp::*;
    Ok(match (op, l, r) {
        (_, V::Empty, _) | (_, _, V::Empty) => V::Empty,
        (Add, V::Number(a), V::Number(b)) => V::Number(a + b),
        (Sub, V::Number(a), V::Number(b)) => V::Number(a - b),
        (Mul, V::Number(a), V::Number(b)) => V::Number(a * b),
        (Div, V::Number(_), V::Number(0.0)) => return Err("division par zéro".into()),
        (Div, V::Number(a), V::Number(b)) => V::Number(a / b),
        (Add, V::Date(d), V::Number(n)) | (Add, V::Number(n), V::Date(d)) => shift(d, n)?,
        (Sub, V::Date(d), V::Number(n)) => shift(d, -n)?,
        (Sub, V::Date(a), V::Date(b)) => V::Number((a - b).num_days() as f64),
        (op, a, b) => {
            let sign = match op {
                Add => "+",
                Sub => "-",
                Mul => "*",
                Div => "/",
            };
            return Err(format!(
                "« {sign} » impossible entre {} et {}",
                a.kind(),
                b.kind()
            ));
        }
    })
}

/// `d` moved by `days` days.
fn shift(d: NaiveDate, days: f64) -> Result<V, String> {
    chrono::Duration::try_days(days.round() as i64)
        .and_then(|delta| d.checked_add_signed(delta))
        .map(V::Date)
        .ok_or_else(|| "date hors limites".into())
}
