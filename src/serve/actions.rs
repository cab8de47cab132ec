//! What the page's buttons do: build, record a delivery, write a redline.
//! Each runs under the state's work lock: one at a time, so that two clicks
//! never write the same files at once; a second click is refused with a
//! message while the first runs.

use super::state::State;
use crate::build::{BuildOptions, Built, Session};
use crate::diag::{Diagnostic, Problems};
use crate::redline::Delivery;
use crate::versions::{self, Redlined};

/// Why an action did not run or failed.
pub enum Refusal {
    /// Another build, delivery or redline is running.
    Busy,
    Problems(Problems),
}

impl From<Problems> for Refusal {
    fn from(p: Problems) -> Self {
        Refusal::Problems(p)
    }
}

/// The message of a busy refusal.
pub const BUSY: &str =
    "Une production est déjà en cours : attendez qu'elle se termine, puis recommencez.";

/// Clears the progress line when the action ends, however it ends.
struct Progress<'a>(&'a State);

impl Progress<'_> {
    fn say(&self, what: String) {
        self.0.set_work(Some(what));
    }
}

impl Drop for Progress<'_> {
    fn drop(&mut self) {
        self.0.set_work(None);
    }
}

/// Builds one document (or all) and writes them, as `trame build` does:
/// on any problem nothing is written. Progress goes to the live channel
/// document by document.
pub fn build(state: &State, only: Option<&str>) -> Result<Vec<Built>, Refusal> {
    let _lock = state.try_work().ok_or(Refusal::Busy)?;
    let progress = Progress(state);
    progress.say("Lecture des classeurs…".into());
    let session = Session::load(state.root())?;
    let wanted: Vec<String> = only.map(|d| vec![d.to_string()]).unwrap_or_default();
    let names: Vec<String> = session
        .project
        .select(&wanted)?
        .into_iter()
        .map(|(n, _)| n.clone())
        .collect();
    let mut built = Vec::new();
    let mut problems = Vec::new();
    for (i, name) in names.iter().enumerate() {
        progress.say(format!(
            "Production de « {name} » ({}/{})…",
            i + 1,
            names.len()
        ));
        let options = BuildOptions {
            documents: vec![name.clone()],
            ..BuildOptions::default()
        };
        match session.render(&options, None) {
            Ok(mut b) => built.append(&mut b),
            Err(Problems(mut p)) => problems.append(&mut p),
        }
    }
    if !problems.is_empty() {
        return Err(Problems(problems).into());
    }
    progress.say("Écriture des fichiers…".into());
    session.write_built(&mut built)?;
    drop(progress);
    state.record_built(&built);
    Ok(built)
}

/// Builds every document and records it as delivered under `label`.
pub fn deliver(state: &State, label: &str) -> Result<Delivery, Refusal> {
    let _lock = state.try_work().ok_or(Refusal::Busy)?;
    let progress = Progress(state);
    progress.say(format!("Enregistrement de la livraison « {label} »…"));
    // Outputs edited since trame wrote them are kept aside by the build
    // itself (out/…(modifié le …)); the page shows them on its next refresh.
    let (delivery, _kept_aside) = versions::deliver(state.root(), label, &[], None, false)?;
    drop(progress);
    state.touch();
    Ok(delivery)
}

/// Writes every document of a recorded delivery as tracked changes
/// against it.
pub fn redline(state: &State, label: &str) -> Result<Vec<Redlined>, Refusal> {
    let _lock = state.try_work().ok_or(Refusal::Busy)?;
    let known = crate::redline::list(state.root())?;
    let Some(delivery) = known.iter().find(|d| d.label == label) else {
        return Err(Problems::one(Diagnostic::file(
            format!("{}/{label}", crate::redline::DELIVERIES),
            "livraison inconnue",
        ))
        .into());
    };
    let progress = Progress(state);
    progress.say(format!("Comparaison avec la livraison « {label} »…"));
    let options = versions::RedlineOptions {
        against: delivery.label.clone(),
        documents: delivery.documents.iter().map(|d| d.name.clone()).collect(),
        ..versions::RedlineOptions::default()
    };
    let written = versions::redline(state.root(), &options)?;
    drop(progress);
    state.touch();
    Ok(written)
}
