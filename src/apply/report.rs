//! What `trame apply` prints: the plan (what each row does, where), then a
//! summary by outcome with the places.

use super::plan::{Plan, Verdict};
use super::request::Skipped;

/// At most this many characters of a text before and after, in the plan.
const SHOWN_CHARS: usize = 120;

/// The plan, one line per request.
pub fn plan(plan: &Plan) -> String {
    let mut out = String::from("Plan :\n");
    for row in &plan.rows {
        let line = match &row.verdict {
            Verdict::Applied {
                place,
                before,
                after,
            } => format!("{place} : « {} » → « {} »", short(before), short(after)),
            Verdict::Manual { place, why } => format!("à reporter à la main, {place} : {why}"),
            Verdict::Conflict { place, why } => format!("conflit, {place} : {why}"),
            Verdict::Refused => "refusée : rien à faire".to_string(),
            Verdict::Unchanged { place } => format!("{place} : déjà conforme, rien à écrire"),
        };
        out += &format!("- {} : {line}\n", row.label);
    }
    if plan.rows.is_empty() {
        out += "- aucune ligne décidée « accepter », « modifier » ou « refuser »\n";
    }
    out
}

/// The summary: counts, then the places of each outcome but refusals.
pub fn summary(plan: &Plan, skipped: &Skipped) -> String {
    let applied = plan.count(|v| matches!(v, Verdict::Applied { .. } | Verdict::Unchanged { .. }));
    let manual = plan.count(|v| matches!(v, Verdict::Manual { .. }));
    let conflicts = plan.conflicts();
    let refused = plan.count(|v| matches!(v, Verdict::Refused));
    let mut out = format!(
        "Résumé : {applied} appliquée{}, {manual} à reporter à la main, {conflicts} conflit{}, {refused} refusée{}",
        s(applied),
        s(conflicts),
        s(refused)
    );
    if !skipped.applied_before.is_empty() {
        let n = skipped.applied_before.len();
        out += &format!(", {n} déjà appliquée{} auparavant", s(n));
    }
    if skipped.undecided > 0 {
        out += &format!(", {} sans décision", skipped.undecided);
    }
    if skipped.no_action > 0 {
        out += &format!(", {} « déjà traité » ou « à discuter »", skipped.no_action);
    }
    out += ".\n";
    let section = |title: &str, pick: &dyn Fn(&Verdict) -> Option<String>| {
        let lines: Vec<String> = plan
            .rows
            .iter()
            .filter_map(|r| pick(&r.verdict).map(|p| format!("- {} : {p}\n", r.label)))
            .collect();
        if lines.is_empty() {
            String::new()
        } else {
            format!("{title} :\n{}", lines.concat())
        }
    };
    out += &section("Appliquées", &|v| match v {
        Verdict::Applied { place, .. } => Some(place.clone()),
        Verdict::Unchanged { place } => Some(format!("{place} (déjà conforme)")),
        _ => None,
    });
    out += &section("À reporter à la main", &|v| match v {
        Verdict::Manual { place, why } => Some(format!("{place} ({why})")),
        _ => None,
    });
    out += &section("Conflits", &|v| match v {
        Verdict::Conflict { place, why } => Some(format!("{place} ({why})")),
        _ => None,
    });
    out += &section("Refusées", &|v| {
        matches!(v, Verdict::Refused).then(String::new)
    })
    .replace(" : \n", "\n");
    out
}

fn s(n: usize) -> &'static str {
    if n > 1 { "s" } else { "" }
}

fn short(text: &str) -> String {
    match text.char_indices().nth(SHOWN_CHARS) {
        None => text.to_string(),
        Some((cut, _)) => format!("{}…", &text[..cut]),
    }
}
