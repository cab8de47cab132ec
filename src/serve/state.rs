//! What the page shows, kept between requests: the last check of the
//! project (as `trame check` sees it), the progress of the running work,
//! and a version number that the live channel watches.

use crate::build::{BuildOptions, Built, Session, Summary};
use crate::diag::Diagnostic;
use crate::model::Document;
use crate::project::Project;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

/// One document as the last check or build saw it.
#[derive(Clone)]
pub struct DocState {
    pub name: String,
    pub title: String,
    /// Output path relative to the project folder (from trame.yaml).
    pub output: String,
    /// Figures of the last successful render; `None` before one.
    pub summary: Option<Summary>,
    /// The model of the last successful render, for the HTML preview.
    pub model: Option<Arc<Document>>,
    /// Problems of its last render.
    pub problems: Vec<Diagnostic>,
}

/// One declared source.
#[derive(Clone)]
pub struct SourceState {
    pub name: String,
    pub file: String,
    pub sheet: Option<String>,
    /// Data rows read, when the workbooks could be read.
    pub rows: Option<usize>,
}

/// The project as last checked.
#[derive(Clone, Default)]
pub struct Checked {
    pub title: String,
    pub style: crate::docx::Style,
    pub sources: Vec<SourceState>,
    pub documents: Vec<DocState>,
    /// Problems found before any render (trame.yaml, style, workbooks).
    pub load_problems: Vec<Diagnostic>,
    /// True when the last check could load the project and its workbooks.
    pub loaded: bool,
}

impl Checked {
    /// Every current problem, each once, project-wide ones first.
    pub fn problems(&self) -> Vec<Diagnostic> {
        let mut all: Vec<Diagnostic> = self.load_problems.clone();
        for d in self.documents.iter().flat_map(|d| &d.problems) {
            if !all.contains(d) {
                all.push(d.clone());
            }
        }
        all
    }

    pub fn document(&self, name: &str) -> Option<&DocState> {
        self.documents.iter().find(|d| d.name == name)
    }
}

/// What the live channel tells the page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Live {
    /// Goes up each time the state changed (check or build done).
    pub version: u64,
    /// A check is running.
    pub checking: bool,
    /// The running work (build, delivery, redline), in French.
    pub work: Option<String>,
}

/// The shared state of the server.
pub struct State {
    root: PathBuf,
    inner: Mutex<(Live, Arc<Checked>)>,
    changed: Condvar,
    /// One build, delivery or redline at a time.
    work: Mutex<()>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl State {
    /// The state of the project in `root`: what trame.yaml declares, until
    /// the first check (see [`State::refresh`]) fills in the rest.
    pub fn new(root: &Path) -> State {
        let declared = Project::load(root)
            .map(|p| describe(&p, &Checked::default()))
            .unwrap_or_default();
        State {
            root: root.to_path_buf(),
            inner: Mutex::new((Live::default(), Arc::new(declared))),
            changed: Condvar::new(),
            work: Mutex::new(()),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The last check.
    pub fn checked(&self) -> Arc<Checked> {
        lock(&self.inner).1.clone()
    }

    pub fn live(&self) -> Live {
        lock(&self.inner).0.clone()
    }

    /// Waits until the live state differs from `seen`, or `timeout` passes.
    pub fn wait_change(&self, seen: &Live, timeout: Duration) -> Live {
        let guard = lock(&self.inner);
        let (guard, _) = self
            .changed
            .wait_timeout_while(guard, timeout, |(live, _)| live == seen)
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        guard.0.clone()
    }

    fn update(&self, f: impl FnOnce(&mut Live, &mut Arc<Checked>)) {
        let mut guard = lock(&self.inner);
        let (live, checked) = &mut *guard;
        f(live, checked);
        self.changed.notify_all();
    }

    /// Says what the running work is doing (`None` when it ends).
    pub fn set_work(&self, what: Option<String>) {
        self.update(|live, _| live.work = what);
    }

    /// The right to build, deliver or redline, if no other such work runs.
    pub fn try_work(&self) -> Option<MutexGuard<'_, ()>> {
        match self.work.try_lock() {
            Ok(g) => Some(g),
            Err(std::sync::TryLockError::Poisoned(p)) => Some(p.into_inner()),
            Err(std::sync::TryLockError::WouldBlock) => None,
        }
    }

    /// Checks the project again: the documents in `changed` (all when
    /// empty, or when the last check could not load the project), keeping
    /// the others' last results. Nothing is written.
    pub fn refresh(&self, changed: &[String]) {
        self.update(|live, _| live.checking = true);
        let previous = self.checked();
        let checked = check(&self.root, changed, &previous);
        self.update(|live, current| {
            live.checking = false;
            live.version += 1;
            *current = Arc::new(checked);
        });
    }

    /// Records freshly built documents (their figures and models) and
    /// tells the page.
    pub fn record_built(&self, built: &[Built]) {
        self.update(|live, current| {
            let mut checked = (**current).clone();
            for b in built {
                if let Some(d) = checked.documents.iter_mut().find(|d| d.name == b.name) {
                    d.summary = Some(b.summary());
                    d.model = Some(Arc::new(b.model.clone()));
                    d.problems.clear();
                }
            }
            *current = Arc::new(checked);
            live.version += 1;
        });
    }

    /// Tells the page that something on disk changed (a delivery, a redline).
    pub fn touch(&self) {
        self.update(|live, _| live.version += 1);
    }
}

/// Checks the project as `trame check` does, one document at a time so that
/// each keeps its own figures and problems.
fn check(root: &Path, changed: &[String], previous: &Checked) -> Checked {
    let session = match Session::load(root) {
        Ok(s) => s,
        Err(problems) => {
            // Still list what trame.yaml declares, when it can be read.
            let mut checked = match Project::load(root) {
                Ok(project) => {
                    // The last figures stay: the page marks them as old.
                    let mut c = describe(&project, previous);
                    for doc in &mut c.documents {
                        if let Some(kept) = previous.document(&doc.name) {
                            doc.summary = kept.summary;
                            doc.model = kept.model.clone();
                        }
                    }
                    c
                }
                Err(_) => Checked {
                    title: previous.title.clone(),
                    style: previous.style.clone(),
                    ..Checked::default()
                },
            };
            checked.load_problems = problems.0;
            return checked;
        }
    };
    let mut checked = describe(&session.project, previous);
    checked.style = session.style.clone();
    checked.loaded = true;
    for source in &mut checked.sources {
        source.rows = session.tables.get(&source.name).map(|t| t.rows.len());
    }
    let all = changed.is_empty() || !previous.loaded;
    for doc in &mut checked.documents {
        let kept = previous
            .document(&doc.name)
            .filter(|p| p.output == doc.output);
        if !all
            && !changed.contains(&doc.name)
            && let Some(kept) = kept
        {
            *doc = kept.clone();
            continue;
        }
        let options = BuildOptions {
            documents: vec![doc.name.clone()],
            ..BuildOptions::default()
        };
        match session.render(&options, None) {
            Ok(mut built) => {
                if let Some(b) = built.pop() {
                    doc.summary = Some(b.summary());
                    doc.model = Some(Arc::new(b.model));
                }
            }
            Err(problems) => {
                doc.problems = problems.0;
                // Keep the last figures: the page says they are old.
                if let Some(kept) = kept {
                    doc.summary = kept.summary;
                    doc.model = kept.model.clone();
                }
            }
        }
    }
    checked
}

/// Sources and documents as trame.yaml declares them, nothing rendered.
fn describe(project: &Project, previous: &Checked) -> Checked {
    let meta = &project.meta;
    Checked {
        title: meta.title.clone(),
        style: previous.style.clone(),
        sources: project
            .sources
            .iter()
            .map(|(name, s)| SourceState {
                name: name.clone(),
                file: s.file.clone(),
                sheet: s.sheet.clone(),
                rows: None,
            })
            .collect(),
        documents: project
            .documents
            .iter()
            .map(|(name, spec)| DocState {
                name: name.clone(),
                title: spec.title.clone().unwrap_or_else(|| meta.title.clone()),
                output: spec.output.clone(),
                summary: None,
                model: None,
                problems: Vec::new(),
            })
            .collect(),
        load_problems: Vec::new(),
        loaded: false,
    }
}
