//! The `trame` command: parses arguments, calls the library, prints results
//! and problems in French.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use trame::build::{self, BuildOptions};
use trame::diag::{Diagnostic, Problems};

mod cli;
mod out;
mod report;

use cli::{Cli, Command};
use out::say;

/// mimalloc: the build allocates and frees millions of small strings (cells,
/// runs, provenance); glibc's allocator spent a fifth of a 100 000-row build
/// consolidating and unlinking chunks. Without the feature (heap
/// profiling), the system allocator.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match <Cli as clap::Parser>::try_parse() {
        Ok(cli) => cli,
        Err(e) => return cli::usage_error(e),
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(problems) => {
            if !problems.0.is_empty() {
                print_problems(&problems, "");
            }
            ExitCode::FAILURE
        }
    }
}

/// The project folder for a command run in `dir`: `dir` or the nearest of
/// its parents holding trame.yaml (said on stderr when it is a parent);
/// `dir` itself when there is none (loading then says what is missing).
fn project_root(dir: &Path) -> PathBuf {
    match trame::project::find_root(dir) {
        Some(root) if root == dir => root,
        Some(root) => {
            eprintln!(
                "trame : projet trouvé dans le dossier parent {}",
                root.display()
            );
            root
        }
        None => dir.to_path_buf(),
    }
}

fn run(cli: Cli) -> Result<(), Problems> {
    let dir = cli.dir.clone();
    match cli.command {
        Command::Check { json, strict } => {
            let result = build::check_with(&project_root(&dir), strict);
            if json {
                let (names, warnings, problems) = match result {
                    Ok((names, warnings)) => (names, warnings, Problems(Vec::new())),
                    Err(problems) => (Vec::new(), Vec::new(), problems),
                };
                say!("{}", report::check_json(&names, &warnings, &problems));
                return if problems.0.is_empty() {
                    Ok(())
                } else {
                    Err(Problems(Vec::new()))
                };
            }
            let (names, warnings) = result?;
            for w in &warnings {
                say!("{}", report::warning(w));
            }
            say!(
                "Tout est en ordre : {} document(s) vérifié(s) ({}){}.",
                names.len(),
                names.join(", "),
                match warnings.len() {
                    0 => String::new(),
                    1 => ", avec 1 avertissement".to_string(),
                    n => format!(", avec {n} avertissements"),
                }
            );
        }
        Command::Build {
            documents,
            review,
            pdf,
            quiet,
            json,
            markdown,
            strict,
        } => {
            let progress = !quiet && !json && std::io::IsTerminal::is_terminal(&std::io::stderr());
            let started = std::time::Instant::now();
            let options = BuildOptions {
                documents,
                review,
                progress,
                markdown,
                paginate: true,
                strict,
            };
            let result = build::Session::load(&project_root(&dir)).and_then(|session| {
                let mut built = session.render(&options, None)?;
                session.write_built(&mut built)?;
                Ok((session, built))
            });
            let seconds = started.elapsed().as_secs_f64();
            let (session, built) = match result {
                Ok(b) => b,
                Err(problems) if json => {
                    say!("{}", report::json(&[], &problems, seconds));
                    return Err(Problems(Vec::new()));
                }
                Err(problems) => return Err(problems),
            };
            warn_kept_aside(built.iter().flat_map(|b| &b.kept_aside));
            print_timings(30);
            let talk = !quiet && !json;
            if talk {
                for b in &built {
                    say!(
                        "{}",
                        report::line(b, review, seconds / built.len().max(1) as f64)
                    );
                }
                if markdown {
                    for b in &built {
                        say!("Markdown → {}", b.markdown_path());
                    }
                }
                if let Some(note) = trame::pagination::summary_note(&built) {
                    say!("{note}");
                }
            }
            let mut problems = Vec::new();
            if pdf {
                // One line per PDF as soon as it is written (LibreOffice is slow).
                build::write_pdfs(&session, &built, |done| match done.result {
                    Ok(written) => {
                        warn_kept_aside(&written.kept_aside);
                        if talk {
                            say!("PDF → {}", done.pdf);
                        }
                    }
                    Err(Problems(found)) => {
                        let note = match done.stale {
                            trame::files::Stale::Removed => Some(format!(
                                "l'ancien {} a été supprimé : il ne correspondait plus au document",
                                done.pdf
                            )),
                            trame::files::Stale::Left => Some(format!(
                                "attention : {} est un ancien PDF, qui ne correspond plus au document",
                                done.pdf
                            )),
                            trame::files::Stale::None => None,
                        };
                        problems.extend(found.into_iter().map(|d| match &note {
                            Some(n) if d.hint.is_none() => d.with_hint(Some(n.clone())),
                            _ => d,
                        }));
                    }
                });
            }
            let problems = Problems(problems);
            if json {
                say!("{}", report::json(&built, &problems, seconds));
            }
            if !problems.0.is_empty() {
                return Err(problems);
            }
        }
        Command::Init {
            folder,
            template,
            force,
        } => {
            let target = if dir == Path::new(".") {
                folder.clone()
            } else {
                dir.join(&folder)
            };
            let files = match template {
                cli::Template::Vierge => trame::init::blank(&target, force)?,
                cli::Template::OimMali => trame::init::init(&target, force)?,
            };
            say!(
                "Projet créé dans {} ({} fichiers).",
                folder.display(),
                files.len()
            );
            say!(
                "Pour produire les documents :\n  cd {}\n  trame build",
                folder.display()
            );
        }
        Command::Watch => {
            let Some(root) = trame::project::find_root(&dir) else {
                return Err(Diagnostic::file(
                    trame::project::PROJECT_FILE,
                    format!(
                        "aucun projet à surveiller : ni {} ni ses dossiers parents ne contiennent trame.yaml ; \
placez-vous dans un dossier de projet, ou créez-en un avec « trame init DOSSIER »",
                        std::path::absolute(&dir).unwrap_or(dir.clone()).display()
                    ),
                )
                .into());
            };
            say!(
                "{} Surveillance du projet {} : chaque enregistrement reproduit les documents concernés (Ctrl+C pour arrêter)…",
                clock(),
                std::fs::canonicalize(&root)
                    .unwrap_or(root.clone())
                    .display()
            );
            trame::watch::watch(&root, |documents| {
                let started = std::time::Instant::now();
                let options = BuildOptions {
                    documents: documents.to_vec(),
                    ..BuildOptions::default()
                };
                match build::build(&root, &options) {
                    Ok(built) => {
                        warn_kept_aside(built.iter().flat_map(|b| &b.kept_aside));
                        let seconds = started.elapsed().as_secs_f64();
                        for b in &built {
                            say!(
                                "{} {}",
                                clock(),
                                report::line(b, false, seconds / built.len().max(1) as f64)
                            );
                        }
                    }
                    Err(problems) => print_problems(&problems, &format!("{} ", clock())),
                }
            })
            .map_err(|m| Problems::one(Diagnostic::file(root.display().to_string(), m)))?;
        }
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut cli::command(), "trame", &mut script);
            out::print(&String::from_utf8_lossy(&script));
        }
        Command::Deliver {
            label,
            documents,
            date,
            force,
            list,
        } => {
            if list {
                let deliveries = trame::redline::list(&project_root(&dir))?;
                if deliveries.is_empty() {
                    say!("Aucune livraison enregistrée.");
                }
                for d in deliveries {
                    let names: Vec<&str> = d.documents.iter().map(|x| x.name.as_str()).collect();
                    say!("{} — {} — {}", d.label, d.date, names.join(", "));
                }
                return Ok(());
            }
            let label = label.unwrap_or_default();
            let (d, kept) =
                trame::versions::deliver(&project_root(&dir), &label, &documents, date, force)?;
            warn_kept_aside(&kept);
            for doc in &d.documents {
                say!(
                    "{} → {}/{}/{} (SHA-256 {})",
                    doc.name,
                    trame::redline::DELIVERIES,
                    d.label,
                    doc.copy,
                    &doc.sha256[..16]
                );
            }
            say!("Livraison « {} » du {} enregistrée.", d.label, d.date);
        }
        Command::Redline {
            against,
            documents,
            review,
            author,
            date,
        } => {
            let options = trame::versions::RedlineOptions {
                against,
                documents,
                review,
                author,
                date,
            };
            let redlined = trame::versions::redline(&project_root(&dir), &options)?;
            print_timings(40);
            for r in redlined {
                warn_kept_aside(&r.kept_aside);
                let s = r.stats;
                if s.is_empty() {
                    say!("{} → {} (aucune différence)", r.name, r.output);
                } else {
                    say!(
                        "{} → {} ({} insertion{}, {} suppression{}, {} déplacement{}, {} mise{} en forme, {} tableau{} modifié{})",
                        r.name,
                        r.output,
                        s.insertions,
                        plural(s.insertions),
                        s.deletions,
                        plural(s.deletions),
                        s.moves,
                        plural(s.moves),
                        s.formatting,
                        plural(s.formatting),
                        s.tables_changed,
                        if s.tables_changed > 1 { "x" } else { "" },
                        plural(s.tables_changed)
                    );
                }
            }
        }
        Command::Review { files, output, csv } => {
            // Paths are typed where trame runs, perhaps below the project
            // folder: then they are made relative to it.
            let root = project_root(&dir);
            let (files, output) = if root == dir {
                (files, output)
            } else {
                (
                    files
                        .iter()
                        .map(|f| trame::project::rebase(&dir, &root, f))
                        .collect(),
                    output.map(|o| trame::project::rebase(&dir, &root, &o)),
                )
            };
            let outcome = trame::review::run(&root, &files, output.as_deref(), csv)?;
            print_timings(40);
            out::print(&outcome.summary);
            say!("Matrice écrite : {}", outcome.output);
        }
        Command::Apply {
            file,
            trial,
            delivery,
        } => {
            let root = project_root(&dir);
            let file = if root == dir {
                file
            } else {
                trame::project::rebase(&dir, &root, &file)
            };
            let options = trame::apply::Options { trial, delivery };
            let outcome = trame::apply::run(&root, &file, &options)?;
            out::print(&outcome.report);
            if !outcome.complete {
                eprintln!(
                    "trame : des lignes n'ont pas pu être appliquées (voir « À reporter à la main » et « Conflits » ci-dessus)"
                );
                return Err(Problems(Vec::new()));
            }
        }
        Command::Serve {
            port,
            ouvrir,
            ecoute,
        } => {
            let options = trame::serve::Options {
                port,
                open: ouvrir,
                listen: ecoute,
            };
            trame::serve::serve(&cli.dir, &options)?;
        }
    }
    Ok(())
}

/// The time of day, for watch lines: `14:03:12`.
fn clock() -> String {
    chrono::Local::now().format("%H:%M:%S").to_string()
}

/// With `TRAME_TIMINGS=1`, the time spent per stage, on stderr.
fn print_timings(width: usize) {
    if std::env::var("TRAME_TIMINGS").is_ok_and(|v| v == "1") {
        for (stage, d) in trame::timing::take() {
            eprintln!("{stage:<width$} {:>8.1} ms", d.as_secs_f64() * 1000.0);
        }
    }
}

/// Says, on stderr even with --silencieux, which outputs were kept aside.
fn warn_kept_aside<'a>(kept: impl IntoIterator<Item = &'a trame::files::KeptAside>) {
    for k in kept {
        eprintln!("{}", report::kept_aside(k));
    }
}

fn plural(n: usize) -> &'static str {
    if n > 1 { "s" } else { "" }
}

/// The problems on stderr, each line of the first starting with `prefix`.
fn print_problems(problems: &Problems, prefix: &str) {
    let n = problems.0.len();
    eprintln!(
        "{prefix}trame : {n} problème{} à corriger :",
        if n > 1 { "s" } else { "" }
    );
    for d in &problems.0 {
        eprintln!("- {}", d.to_string().replace("\n    ", "\n      "));
    }
}
