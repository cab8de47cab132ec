//! Provenance carried by identity, never guessed from a value.
//!
//! minijinja keeps a heap string (`Value::from(Arc<str>)`) as one shared
//! allocation: `{% set %}`, lists, loops, `sort`, `first`, `selectattr`,
//! `map(attribute=…)` and `default` hand the same allocation along, while a
//! literal, or a string made by an operator (`~`, `+`, `*`) or by a built-in
//! filter, is a new allocation (short ones are not even on the heap). So a
//! table, for one render, from the address of a string's bytes to the workbook
//! cells it came from names those cells exactly, whatever equal strings exist.
//!
//! Contract:
//! - every text or date read from a cell is handed to the template as a heap
//!   string registered with that cell (dates as ISO strings); a cell read
//!   twice gives the same string;
//! - a string that trame's own filters and functions derive from registered
//!   strings (`date_fr`, `lower`, `join`, `effectifs`…) is registered with the
//!   union of their cells: see [`Origins::derive`];
//! - the table keeps every registered string alive until the render ends, so
//!   an address in the table is never reused by another string meanwhile;
//! - numbers have no identity in minijinja (they are copied by value), so that
//!   arithmetic, comparisons, `sum` and `round` work on them. A number printed
//!   straight from a row (`{{ r.n }}`, `{{ r.n | nombre }}`) is turned into its
//!   printed text, registered with its cell, by the rewrite of
//!   [`super::reads`]; any other number (arithmetic, `sum`, a loop index)
//!   carries no cell, and its paragraph names its blueprint line.
//!   Data tables (`table()`) name the cell of every value, numbers included;
//! - a string made by an operator (`a ~ b`) carries no cell: `join` or
//!   `format` keep them.

use crate::model::FirstSeen;
use minijinja::Value;
use minijinja::value::ValueKind;
use std::collections::HashMap;
use std::sync::Arc;

/// Marker indices of cells (positions in [`super::Rendered::cells`]).
pub type Cells = Arc<[usize]>;

/// A fast hash for integer keys (addresses, indices), as rustc's FxHash:
/// these keys are trame's own, not input, so they need no defence against
/// chosen collisions, and a template reads cells millions of times.
#[derive(Default, Clone, Copy)]
struct IntHasher(u64);

impl std::hash::Hasher for IntHasher {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn finish(&self) -> u64 {
        // The product's entropy is in its high bits; the table indexes by
        // the low ones (addresses end in zero bits).
        self.0.rotate_left(26)
    }
}

/// A map keyed by integers, hashed by [`IntHasher`].
type IntMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<IntHasher>>;

/// The registered strings of one render.
#[derive(Default)]
pub struct Origins {
    by_address: IntMap<usize, Entry>,
    /// The string handed out for each cell read: (table address, row, column).
    read: IntMap<(usize, usize, usize), Value>,
    /// Derived strings by (text, cells), so that a filter applied again to
    /// the same value does not register a new string each time.
    derived: HashMap<(Arc<str>, Cells), Value>,
}

struct Entry {
    /// Keeps the allocation alive for the whole render.
    _keep: Value,
    len: usize,
    cells: Cells,
}

/// The address of a string's bytes when the value is a heap string, whose
/// clones share those bytes; `None` for other values and for short strings
/// stored inside the value itself (a clone of those has its own bytes).
fn heap_address(v: &Value) -> Option<(usize, usize)> {
    let s = v.as_str()?;
    if s.is_empty() || v.kind() != ValueKind::String {
        return None;
    }
    let copy = v.clone();
    let same = copy.as_str().map(str::as_ptr) == Some(s.as_ptr());
    same.then_some((s.as_ptr() as usize, s.len()))
}

impl Origins {
    /// The string for a cell read, made by `text` the first time.
    pub fn cell_string(
        &mut self,
        key: (usize, usize, usize),
        cell: impl FnOnce() -> usize,
        text: impl FnOnce() -> String,
    ) -> Value {
        if let Some(v) = self.read.get(&key) {
            return v.clone();
        }
        let text = text();
        if text.is_empty() {
            return Value::from(text);
        }
        let v = self.register(Value::from(Arc::<str>::from(text)), Arc::from([cell()]));
        self.read.insert(key, v.clone());
        v
    }

    /// The cells `v` came from: a registered string's own cells.
    pub fn cells_of(&self, v: &Value) -> Option<Cells> {
        let (address, len) = heap_address(v)?;
        self.by_address
            .get(&address)
            .filter(|e| e.len == len)
            .map(|e| e.cells.clone())
    }

    /// The cells of every input, in order, without repeats: a string's own,
    /// and those of the strings in a list (one level deep).
    pub fn cells_in(&self, inputs: &[Value]) -> Vec<usize> {
        let mut out = FirstSeen::default();
        let mut add = |cells: Option<Cells>| {
            if let Some(cells) = cells {
                out.extend(cells.iter().copied());
            }
        };
        for v in inputs {
            if v.kind() == ValueKind::Seq {
                if let Ok(items) = v.try_iter() {
                    items.for_each(|item| add(self.cells_of(&item)));
                }
            } else {
                add(self.cells_of(v));
            }
        }
        out.into_vec()
    }

    /// `result`, derived from `inputs`, carrying all their cells: a string is
    /// registered with them, and so is each string of a list; other values
    /// (numbers, booleans) are returned as they are.
    pub fn derive(&mut self, result: Value, inputs: &[Value]) -> Value {
        let cells = self.cells_in(inputs);
        if cells.is_empty() {
            return result;
        }
        let cells: Cells = cells.into();
        self.tag(result, &cells)
    }

    /// `v` carrying exactly `cells`: a string is registered with them.
    pub fn with_cells(&mut self, v: Value, cells: &Cells) -> Value {
        self.tag(v, cells)
    }

    fn tag(&mut self, v: Value, cells: &Cells) -> Value {
        match v.kind() {
            ValueKind::String => {
                if self.cells_of(&v).as_ref() == Some(cells) {
                    return v;
                }
                let Some(text) = v.as_str().filter(|s| !s.is_empty()) else {
                    return v;
                };
                let text: Arc<str> = Arc::from(text);
                let key = (text.clone(), cells.clone());
                if let Some(existing) = self.derived.get(&key)
                    && existing.is_safe() == v.is_safe()
                {
                    return existing.clone();
                }
                let fresh = if v.is_safe() {
                    Value::from_safe_string(text.to_string())
                } else {
                    Value::from(text)
                };
                let fresh = self.register(fresh, cells.clone());
                self.derived.insert(key, fresh.clone());
                fresh
            }
            ValueKind::Seq => match v.try_iter() {
                Ok(items) => {
                    let items: Vec<Value> = items.collect();
                    Value::from(
                        items
                            .into_iter()
                            .map(|item| self.tag(item, cells))
                            .collect::<Vec<_>>(),
                    )
                }
                Err(_) => v,
            },
            _ => v,
        }
    }

    fn register(&mut self, v: Value, cells: Cells) -> Value {
        if let Some((address, len)) = heap_address(&v) {
            self.by_address.insert(
                address,
                Entry {
                    _keep: v.clone(),
                    len,
                    cells,
                },
            );
        }
        v
    }

    /// How many strings are registered.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.by_address.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_not_value_decides() {
        let mut o = Origins::default();
        let a = o.cell_string((1, 0, 0), || 7, || "Protection".into());
        let again = o.cell_string((1, 0, 0), || 7, || unreachable!());
        assert_eq!(o.cells_of(&again).as_deref(), Some(&[7][..]));
        // An equal string made elsewhere (a literal) has no cell.
        assert_eq!(o.cells_of(&Value::from("Protection")), None);
        let long = "Protection".repeat(10);
        assert_eq!(o.cells_of(&Value::from(long.as_str())), None);
        // Through a list and back: the same string.
        let list = Value::from(vec![a.clone()]);
        let item = list.get_item(&Value::from(0)).unwrap();
        assert_eq!(o.cells_of(&item).as_deref(), Some(&[7][..]));
        // Numbers never carry cells.
        assert_eq!(o.cells_of(&Value::from(3)), None);
    }

    #[test]
    fn derived_strings_carry_every_cell() {
        let mut o = Origins::default();
        let a = o.cell_string((1, 0, 0), || 0, || "Protection".into());
        let b = o.cell_string((1, 1, 0), || 1, || "Identification".into());
        let joined = o.derive(
            Value::from("Protection, Identification"),
            &[Value::from(vec![a.clone(), b.clone()])],
        );
        assert_eq!(o.cells_of(&joined).as_deref(), Some(&[0, 1][..]));
        let lower = o.derive(Value::from("protection"), std::slice::from_ref(&a));
        assert_eq!(o.cells_of(&lower).as_deref(), Some(&[0][..]));
        // The same derivation again gives the same registered string.
        let count = o.len();
        let again = o.derive(Value::from("protection"), &[a]);
        assert_eq!(o.len(), count);
        assert_eq!(
            again.as_str().map(str::as_ptr),
            lower.as_str().map(str::as_ptr)
        );
        // Nothing derived from a literal.
        let plain = o.derive(Value::from("x"), &[Value::from("y")]);
        assert_eq!(o.cells_of(&plain), None);
    }
}
