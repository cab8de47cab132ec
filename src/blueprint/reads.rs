//! Printed cell reads: how a number printed straight from a row names its
//! cell.
//!
//! minijinja numbers have no identity, so the formatter cannot tell which
//! cell a printed number came from (see [`super::origin`]). The template's
//! syntax tree can: when a blueprint is loaded, every print whose whole
//! expression reads one attribute of something — `{{ ROW.ATTR }}`,
//! `{{ ROW["ATTR"] }}`, optionally followed by one formatting filter with
//! constant arguments (`{{ ROW.ATTR | nombre(1) }}`) — is rewritten as
//! `{{ __cellule(ROW, "ATTR", ROW.ATTR) }}`. The original expression is kept
//! verbatim as the last argument, so it is evaluated exactly as before (same
//! value, same errors); [`super::rows::printed_cell`] then returns it
//! unchanged unless `ROW` is a data row and the cell holds a number, in which
//! case it returns the text the formatter would have printed, registered with
//! that cell.
//!
//! Contract:
//! - only prints are rewritten, never `{% set %}`, conditions, arguments,
//!   or prints inside `{% set %}…{% endset %}` and `{% filter %}` blocks
//!   (their captured text is a value the blueprint may compute with);
//! - `ROW` is evaluated twice, so it must be a plain path: names, `.attr`,
//!   and `[…]` with a constant or a plain path inside; anything else
//!   (calls, filters, parentheses around `ROW`) is left as written;
//! - the rewrite only inserts text within one line of the source: line
//!   numbers are unchanged, and [`Insertions`] maps every offset of the
//!   rewritten source back to the user's text, so that error excerpts show
//!   what the user wrote, never the hidden call;
//! - text inside `{% raw %}`, comments and string literals is never touched:
//!   positions come from the parser;
//! - a source that does not parse is returned as it is (minijinja then
//!   reports the syntax error itself).

use minijinja::machinery::{self, ast};
use minijinja::syntax::SyntaxConfig;

/// The hidden function prints are rewritten to call.
pub const HIDDEN: &str = "__cellule";

/// Filters that only format a number: the text they make from a cell's
/// number names that cell.
const FORMATS: &[&str] = &["nombre", "pourcentage"];

/// Text inserted into a source, by offset in the original source.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Insertions(Vec<(usize, usize)>);

impl Insertions {
    /// The offset in the original source of `offset` in the rewritten one;
    /// an offset inside inserted text maps to where it was inserted.
    pub fn to_original(&self, offset: usize) -> usize {
        let mut shift = 0;
        for &(at, len) in &self.0 {
            if offset < at + shift + len {
                return if offset < at + shift {
                    offset - shift
                } else {
                    at
                };
            }
            shift += len;
        }
        offset - shift
    }

    /// [`Self::to_original`] for both ends of a range.
    pub fn range_to_original(&self, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
        self.to_original(range.start)..self.to_original(range.end)
    }
}

/// `source` with its cell-reading prints rewritten, and where text went in.
/// A blueprint that names the hidden function itself (as a variable of its
/// own, say) is left as written, so that its meaning never changes.
pub fn rewrite(source: &str, syntax: SyntaxConfig) -> (String, Insertions) {
    if source.contains(HIDDEN) {
        return (source.to_string(), Insertions::default());
    }
    let Ok(tree) = machinery::parse(source, "<modèle>", syntax) else {
        return (source.to_string(), Insertions::default());
    };
    let mut edits = Vec::new();
    visit(std::slice::from_ref(&tree), source, &mut edits);
    edits.sort_by_key(|e| e.start);
    let mut out = String::with_capacity(source.len() + edits.len() * 32);
    let mut inserted = Vec::with_capacity(edits.len() * 2);
    let mut at = 0;
    for e in edits {
        if e.start < at {
            continue;
        }
        out.push_str(&source[at..e.start]);
        out.push_str(&e.prefix);
        out.push_str(&source[e.start..e.end]);
        out.push(')');
        inserted.push((e.start, e.prefix.len()));
        inserted.push((e.end, 1));
        at = e.end;
    }
    out.push_str(&source[at..]);
    (out, Insertions(inserted))
}

/// One print to wrap: `source[start..end]` becomes `prefix` + it + `)`.
struct Edit {
    start: usize,
    end: usize,
    prefix: String,
}

fn visit(stmts: &[ast::Stmt<'_>], source: &str, edits: &mut Vec<Edit>) {
    for stmt in stmts {
        match stmt {
            ast::Stmt::Template(t) => visit(&t.children, source, edits),
            ast::Stmt::EmitExpr(e) => edits.extend(cell_read(&e.expr, source)),
            ast::Stmt::ForLoop(f) => {
                visit(&f.body, source, edits);
                visit(&f.else_body, source, edits);
            }
            ast::Stmt::IfCond(i) => {
                visit(&i.true_body, source, edits);
                visit(&i.false_body, source, edits);
            }
            ast::Stmt::WithBlock(w) => visit(&w.body, source, edits),
            ast::Stmt::AutoEscape(a) => visit(&a.body, source, edits),
            ast::Stmt::Block(b) => visit(&b.body, source, edits),
            ast::Stmt::Macro(m) => visit(&m.body, source, edits),
            ast::Stmt::CallBlock(c) => visit(&c.macro_decl.body, source, edits),
            // Captured text, and statements that print nothing.
            _ => {}
        }
    }
}

/// The edit for a printed expression that reads one attribute, if it is one.
fn cell_read(expr: &ast::Expr<'_>, source: &str) -> Option<Edit> {
    let (parent, key) = read_of(expr)?;
    let start = leftmost(parent).span().start_offset as usize;
    let end = expr.span().end_offset as usize;
    let parent_text = source.get(start..parent_end(parent) as usize)?;
    let text = source.get(start..end)?;
    let valid_key =
        |k: &str| !k.is_empty() && k.chars().all(|c| c.is_alphanumeric() || "_- ".contains(c));
    if text.contains(['\n', '\r']) || !valid_key(key) {
        return None;
    }
    // The text between the leftmost name and the end must be this very
    // expression (not, say, `r).x` from `(r).x`), and so must the parent.
    let reparsed = machinery::parse_expr(text).ok()?;
    let (parent_again, key_again) = read_of(&reparsed)?;
    let parent_reparsed = machinery::parse_expr(parent_text).ok()?;
    if key_again != key || !same_path(parent_again, &parent_reparsed) {
        return None;
    }
    Some(Edit {
        start,
        end,
        prefix: format!("{HIDDEN}({parent_text}, \"{key}\", "),
    })
}

/// `(parent, key)` when `expr` is `parent.key` or `parent["key"]` on a plain
/// path, possibly under one formatting filter with constant arguments.
fn read_of<'e, 'a>(expr: &'e ast::Expr<'a>) -> Option<(&'e ast::Expr<'a>, &'e str)> {
    let expr = match expr {
        ast::Expr::Filter(f) if FORMATS.contains(&f.name) => {
            let constant =
                |a: &ast::CallArg<'_>| matches!(a, ast::CallArg::Pos(ast::Expr::Const(_)));
            if !f.args.iter().all(constant) {
                return None;
            }
            f.expr.as_ref()?
        }
        e => e,
    };
    let (parent, key) = match expr {
        ast::Expr::GetAttr(g) => (&g.expr, g.name),
        ast::Expr::GetItem(g) => match &g.subscript_expr {
            ast::Expr::Const(c) => (&g.expr, c.value.as_str()?),
            _ => return None,
        },
        _ => return None,
    };
    plain_path(parent).then_some((parent, key))
}

/// A name followed by attribute and index reads whose indices are constants
/// or plain paths: evaluating it twice gives the same value and does nothing
/// else.
fn plain_path(expr: &ast::Expr<'_>) -> bool {
    match expr {
        ast::Expr::Var(_) => true,
        ast::Expr::GetAttr(g) => plain_path(&g.expr),
        ast::Expr::GetItem(g) => {
            plain_path(&g.expr)
                && (matches!(g.subscript_expr, ast::Expr::Const(_))
                    || plain_path(&g.subscript_expr))
        }
        _ => false,
    }
}

/// The name a plain path starts with.
fn leftmost<'e, 'a>(expr: &'e ast::Expr<'a>) -> &'e ast::Expr<'a> {
    match expr {
        ast::Expr::GetAttr(g) => leftmost(&g.expr),
        ast::Expr::GetItem(g) => leftmost(&g.expr),
        e => e,
    }
}

/// Where a plain path ends in the source.
fn parent_end(expr: &ast::Expr<'_>) -> u32 {
    expr.span().end_offset
}

/// True when two plain paths read the same things in the same order.
fn same_path(a: &ast::Expr<'_>, b: &ast::Expr<'_>) -> bool {
    match (a, b) {
        (ast::Expr::Var(x), ast::Expr::Var(y)) => x.id == y.id,
        (ast::Expr::GetAttr(x), ast::Expr::GetAttr(y)) => {
            x.name == y.name && same_path(&x.expr, &y.expr)
        }
        (ast::Expr::GetItem(x), ast::Expr::GetItem(y)) => {
            same_path(&x.expr, &y.expr)
                && match (&x.subscript_expr, &y.subscript_expr) {
                    (ast::Expr::Const(p), ast::Expr::Const(q)) => p.value == q.value,
                    (p, q) => same_path(p, q),
                }
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn syntax() -> SyntaxConfig {
        SyntaxConfig::default()
    }

    fn rw(source: &str) -> String {
        rewrite(source, syntax()).0
    }

    #[test]
    fn prints_of_one_attribute_are_wrapped() {
        assert_eq!(
            rw("Total : {{ s.participants }}."),
            "Total : {{ __cellule(s, \"participants\", s.participants) }}."
        );
        assert_eq!(
            rw("{{ constats[1].nombre }}"),
            "{{ __cellule(constats[1], \"nombre\", constats[1].nombre) }}"
        );
        assert_eq!(
            rw("{{ r[\"score\"] | nombre(1) }}"),
            "{{ __cellule(r, \"score\", r[\"score\"] | nombre(1)) }}"
        );
        assert_eq!(rw("{{ (r.x) }}"), "{{ (__cellule(r, \"x\", r.x)) }}");
        assert_eq!(
            rw("{% for r in t %}{{ t[loop.index0].n }}{% endfor %}"),
            "{% for r in t %}{{ __cellule(t[loop.index0], \"n\", t[loop.index0].n) }}{% endfor %}"
        );
    }

    #[test]
    fn everything_else_is_left_as_written() {
        for source in [
            "{{ s.nombre + 1 }}",
            "{{ s }}",
            "{{ (r).x }}",
            "{{ f(r).x }}",
            "{{ r.x | upper }}",
            "{{ r.x | nombre(r.y) }}",
            "{{ r[k].x if r else 0 }}",
            "{% set n = r.x %}{% if r.x %}{% endif %}",
            "{% set t %}{{ r.x }}{% endset %}{% filter upper %}{{ r.x }}{% endfilter %}",
            "{% raw %}{{ r.x }}{% endraw %}{# {{ r.x }} #}{{ \"{{ r.x }}\" }}",
            "{{ r.\nx }}",
            "{{ r.x",
            "{% set __cellule = 1 %}{{ r.x }}",
        ] {
            assert_eq!(rw(source), source);
        }
    }

    #[test]
    fn offsets_map_back_to_the_user_text() {
        let source = "ab {{ r.x }} cd {{ s.y }}";
        let (out, ins) = rewrite(source, syntax());
        let at = |needle: &str| out.find(needle).unwrap();
        // Text before, inside and after a rewritten print.
        assert_eq!(ins.to_original(1), 1);
        assert_eq!(
            ins.to_original(at("__cellule")),
            source.find("r.x").unwrap()
        );
        assert_eq!(ins.to_original(at("r.x)")), source.find("r.x").unwrap());
        assert_eq!(ins.to_original(at(" cd")), source.find(" cd").unwrap());
        assert_eq!(ins.to_original(at("s.y)")), source.find("s.y").unwrap());
        assert_eq!(ins.to_original(out.len()), source.len());
        let call = at("__cellule")..at(") }} cd") + 1;
        let original = ins.range_to_original(call);
        assert_eq!(&source[original], "r.x");
    }

    #[test]
    fn macros_and_loops_are_rewritten_and_lines_kept() {
        let source = "{% macro m(r) %}\n{{ r.n }}\n{% endmacro %}\n{% for r in t %}\n- {{ r.n }}\n{% endfor %}\n";
        let out = rw(source);
        assert_eq!(out.matches(HIDDEN).count(), 2);
        assert_eq!(out.lines().count(), source.lines().count());
    }
}
