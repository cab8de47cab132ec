//! The `trame` command: parses arguments, calls the library, prints results
//! and problems in French.

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use trame::build::{self, BuildOptions};
use trame::diag::Problems;

mod report;

#[derive(Parser)]
#[command(
    name = "trame",
    version,
    about = "Assemble des livrables Word à partir de classeurs Excel et de modèles Markdown.",
    long_about = "trame fusionne les données de vos classeurs (xlsx, ods, csv) dans des modèles \
Markdown + minijinja et produit des documents Word (.docx) prêts à relire.",
    after_help = "Exemples :\n  trame check                 vérifie le projet, les classeurs et les modèles\n  trame build                 produit tous les documents dans out/\n  trame build evaluation      produit seulement le document « evaluation »\n  trame -C mon-projet build   travaille dans le dossier mon-projet",
    disable_help_subcommand = true,
    disable_help_flag = true,
    disable_version_flag = true,
    help_template = ROOT_HELP,
    subcommand_value_name = "COMMANDE"
)]
struct Cli {
    /// Affiche l'aide.
    #[arg(short = 'h', long = "help", action = clap::ArgAction::Help, global = true)]
    help: Option<bool>,
    /// Affiche la version.
    #[arg(short = 'V', long = "version", action = clap::ArgAction::Version)]
    version: Option<bool>,
    /// Dossier du projet, celui qui contient trame.yaml (par défaut : le dossier courant).
    #[arg(
        short = 'C',
        long = "dossier",
        value_name = "DOSSIER",
        default_value = ".",
        hide_default_value = true,
        global = true
    )]
    dir: PathBuf,
    #[command(subcommand)]
    command: Command,
}

/// French layouts for `--help` (clap's default headings are English).
const ROOT_HELP: &str = "{about-with-newline}\nUtilisation : {usage}\n\nCommandes :\n{subcommands}\n\nOptions :\n{options}\n{after-help}\n";
const COMMAND_HELP: &str =
    "{about-with-newline}\nUtilisation : {usage}\n\nOptions :\n{options}\n{after-help}\n";
const COMMAND_WITH_ARGS_HELP: &str = "{about-with-newline}\nUtilisation : {usage}\n\nArguments :\n{positionals}\n\nOptions :\n{options}\n{after-help}\n";

#[derive(Subcommand)]
enum Command {
    /// Vérifie trame.yaml, les classeurs et les modèles, et liste tous les problèmes.
    #[command(after_help = "Exemple :\n  trame check", help_template = COMMAND_HELP)]
    Check,
    /// Produit les documents Word (tous, ou ceux nommés).
    #[command(
        after_help = "Exemples :\n  trame build\n  trame build evaluation\n  trame build --review",
        help_template = COMMAND_WITH_ARGS_HELP
    )]
    Build {
        /// Documents à produire (noms déclarés dans trame.yaml) ; tous par défaut.
        #[arg(value_name = "DOCUMENT")]
        documents: Vec<String>,
        /// Produit des copies de relecture : toute modification y est suivie.
        #[arg(long)]
        review: bool,
        /// Écrit aussi un PDF de chaque document (nécessite LibreOffice).
        #[arg(long)]
        pdf: bool,
        /// N'affiche rien sauf les problèmes.
        #[arg(long, short = 'q')]
        quiet: bool,
        /// Affiche un compte rendu lisible par une machine (JSON).
        #[arg(long, conflicts_with = "quiet")]
        json: bool,
        /// Écrit aussi le Markdown produit par les modèles (NOM.md), pour d'autres outils.
        #[arg(long)]
        markdown: bool,
    },
    /// Crée un nouveau projet à partir du projet d'exemple.
    #[command(
        after_help = "Exemples :\n  trame init mon-projet\n  trame init . --force",
        help_template = COMMAND_WITH_ARGS_HELP
    )]
    Init {
        /// Dossier à créer (ou dossier vide).
        #[arg(value_name = "DOSSIER")]
        folder: PathBuf,
        /// Écrit même si le dossier n'est pas vide.
        #[arg(long)]
        force: bool,
    },
    /// Reproduit les documents à chaque enregistrement d'un classeur, d'un modèle ou de trame.yaml.
    #[command(after_help = "Exemple :\n  trame watch\n\nArrêtez avec Ctrl+C.", help_template = COMMAND_HELP)]
    Watch,
    /// Écrit le script de complétion pour un shell (bash, zsh, fish, powershell, elvish).
    #[command(
        after_help = "Exemple :\n  trame completions bash > ~/.local/share/bash-completion/completions/trame",
        help_template = COMMAND_WITH_ARGS_HELP
    )]
    Completions {
        /// Le shell.
        #[arg(value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Enregistre la version livrée (modèle, fichier, date, empreinte) pour produire plus tard des versions révisées.
    #[command(
        after_help = "Exemples :\n  trame deliver --label v1\n  trame deliver --label v2 --date 2024-06-15\n  trame deliver --list",
        help_template = COMMAND_WITH_ARGS_HELP
    )]
    Deliver {
        /// Étiquette de la livraison (v1, v2-CNCLTPPA…).
        #[arg(long, value_name = "ÉTIQUETTE", required_unless_present = "list")]
        label: Option<String>,
        /// Documents livrés ; tous par défaut.
        #[arg(value_name = "DOCUMENT")]
        documents: Vec<String>,
        /// Date de la livraison (AAAA-MM-JJ) ; par défaut la date de trame.yaml.
        #[arg(long, value_name = "DATE", value_parser = trame::project::parse_iso_date)]
        date: Option<chrono::NaiveDate>,
        /// Remplace une livraison de même étiquette.
        #[arg(long)]
        force: bool,
        /// Liste les livraisons enregistrées.
        #[arg(long)]
        list: bool,
    },
    /// Produit chaque document avec les différences depuis une livraison en modifications suivies.
    #[command(
        after_help = "Exemples :\n  trame redline --against v1\n  trame redline --against v1 evaluation --review\n  trame redline --against v1 --auteur \"Consultant OIM\" --date 2024-06-15",
        help_template = COMMAND_WITH_ARGS_HELP
    )]
    Redline {
        /// Étiquette de la livraison de référence.
        #[arg(long, value_name = "ÉTIQUETTE")]
        against: String,
        /// Documents à comparer ; tous par défaut.
        #[arg(value_name = "DOCUMENT")]
        documents: Vec<String>,
        /// Produit aussi des copies de relecture (toute nouvelle modification suivie).
        #[arg(long)]
        review: bool,
        /// Auteur des modifications (par défaut : l'auteur de trame.yaml).
        #[arg(long = "auteur", value_name = "NOM")]
        author: Option<String>,
        /// Date des modifications (AAAA-MM-JJ) ; par défaut la date de trame.yaml.
        #[arg(long, value_name = "DATE", value_parser = trame::project::parse_iso_date)]
        date: Option<chrono::NaiveDate>,
    },
    /// Relève commentaires et modifications suivies des fichiers relus dans une matrice de résolution.
    #[command(
        after_help = "Exemples :\n  trame review retours/rapport-CNCLTPPA.docx\n  trame review retours/*.docx --sortie out/matrice.xlsx\n  trame review retours/rapport.docx --csv",
        help_template = COMMAND_WITH_ARGS_HELP
    )]
    Review {
        /// Fichiers .docx relus (Word ou LibreOffice).
        #[arg(value_name = "FICHIER", required = true)]
        files: Vec<String>,
        /// Chemin de la matrice, .xlsx (ou .csv) et autre que les fichiers relus (par défaut : out/matrice-relecture.xlsx).
        #[arg(long = "sortie", value_name = "CHEMIN")]
        output: Option<String>,
        /// Écrit la matrice en CSV (séparateur point-virgule) plutôt qu'en Excel.
        #[arg(long)]
        csv: bool,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(problems) => {
            if !problems.0.is_empty() {
                print_problems(&problems);
            }
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), Problems> {
    match cli.command {
        Command::Check => {
            let names = build::check(&cli.dir)?;
            println!(
                "Tout est en ordre : {} document(s) vérifié(s) ({}).",
                names.len(),
                names.join(", ")
            );
        }
        Command::Build {
            documents,
            review,
            pdf,
            quiet,
            json,
            markdown,
        } => {
            let progress = !quiet && !json && std::io::IsTerminal::is_terminal(&std::io::stderr());
            let started = std::time::Instant::now();
            let options = BuildOptions {
                documents,
                review,
                progress,
                markdown,
            };
            let result = build::Session::load(&cli.dir).and_then(|session| {
                let mut built = session.render(&options, None)?;
                session.write_built(&mut built)?;
                Ok((session, built))
            });
            let seconds = started.elapsed().as_secs_f64();
            let (session, built) = match result {
                Ok(b) => b,
                Err(problems) if json => {
                    println!("{}", report::json(&[], &problems, seconds));
                    return Err(Problems(Vec::new()));
                }
                Err(problems) => return Err(problems),
            };
            warn_kept_aside(built.iter().flat_map(|b| &b.kept_aside));
            if std::env::var("TRAME_TIMINGS").is_ok_and(|v| v == "1") {
                for (stage, d) in trame::timing::take() {
                    eprintln!("{stage:<30} {:>8.1} ms", d.as_secs_f64() * 1000.0);
                }
            }
            let talk = !quiet && !json;
            if talk {
                for b in &built {
                    println!(
                        "{}",
                        report::line(b, review, seconds / built.len().max(1) as f64)
                    );
                }
                if markdown {
                    for b in &built {
                        println!("Markdown → {}", b.markdown_path());
                    }
                }
            }
            let mut problems = Vec::new();
            if pdf {
                // One line per PDF as soon as it is written (LibreOffice is slow).
                build::write_pdfs(&session, &built, |done| match done.result {
                    Ok(written) => {
                        warn_kept_aside(&written.kept_aside);
                        if talk {
                            println!("PDF → {}", done.pdf);
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
                println!("{}", report::json(&built, &problems, seconds));
            }
            if !problems.0.is_empty() {
                return Err(problems);
            }
        }
        Command::Init { folder, force } => {
            let target = if cli.dir == std::path::Path::new(".") {
                folder.clone()
            } else {
                cli.dir.join(&folder)
            };
            let files = trame::init::init(&target, force)?;
            println!(
                "Projet créé dans {} ({} fichiers).",
                folder.display(),
                files.len()
            );
            println!(
                "Pour produire les documents :\n  cd {}\n  trame build",
                folder.display()
            );
        }
        Command::Watch => {
            println!(
                "Surveillance du projet {} : chaque enregistrement reproduit les documents concernés (Ctrl+C pour arrêter)…",
                std::fs::canonicalize(&cli.dir)
                    .unwrap_or(cli.dir.clone())
                    .display()
            );
            let dir = cli.dir.clone();
            trame::watch::watch(&cli.dir, |documents| {
                let started = std::time::Instant::now();
                let options = BuildOptions {
                    documents: documents.to_vec(),
                    ..BuildOptions::default()
                };
                match build::build(&dir, &options) {
                    Ok(built) => {
                        warn_kept_aside(built.iter().flat_map(|b| &b.kept_aside));
                        let seconds = started.elapsed().as_secs_f64();
                        for b in &built {
                            println!(
                                "{}",
                                report::line(b, false, seconds / built.len().max(1) as f64)
                            );
                        }
                    }
                    Err(problems) => print_problems(&problems),
                }
            })
            .map_err(|m| {
                Problems::one(trame::diag::Diagnostic::file(
                    cli.dir.display().to_string(),
                    m,
                ))
            })?;
        }
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "trame", &mut std::io::stdout());
        }
        Command::Deliver {
            label,
            documents,
            date,
            force,
            list,
        } => {
            if list {
                let deliveries = trame::redline::list(&cli.dir)?;
                if deliveries.is_empty() {
                    println!("Aucune livraison enregistrée.");
                }
                for d in deliveries {
                    let names: Vec<&str> = d.documents.iter().map(|x| x.name.as_str()).collect();
                    println!("{} — {} — {}", d.label, d.date, names.join(", "));
                }
                return Ok(());
            }
            let label = label.unwrap_or_default();
            let (d, kept) = trame::versions::deliver(&cli.dir, &label, &documents, date, force)?;
            warn_kept_aside(&kept);
            for doc in &d.documents {
                println!(
                    "{} → {}/{}/{} (SHA-256 {})",
                    doc.name,
                    trame::redline::DELIVERIES,
                    d.label,
                    doc.copy,
                    &doc.sha256[..16]
                );
            }
            println!("Livraison « {} » du {} enregistrée.", d.label, d.date);
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
            for r in trame::versions::redline(&cli.dir, &options)? {
                warn_kept_aside(&r.kept_aside);
                let s = r.stats;
                if s.is_empty() {
                    println!("{} → {} (aucune différence)", r.name, r.output);
                } else {
                    println!(
                        "{} → {} ({} insertion{}, {} suppression{}, {} mise{} en forme, {} tableau{} modifié{})",
                        r.name,
                        r.output,
                        s.insertions,
                        plural(s.insertions),
                        s.deletions,
                        plural(s.deletions),
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
            let outcome = trame::review::run(&cli.dir, &files, output.as_deref(), csv)?;
            if std::env::var("TRAME_TIMINGS").is_ok_and(|v| v == "1") {
                for (stage, d) in trame::timing::take() {
                    eprintln!("{stage:<40} {:>8.1} ms", d.as_secs_f64() * 1000.0);
                }
            }
            print!("{}", outcome.summary);
            println!("Matrice écrite : {}", outcome.output);
        }
    }
    Ok(())
}

/// Says, on stderr even with --quiet, which outputs were kept aside.
fn warn_kept_aside<'a>(kept: impl IntoIterator<Item = &'a trame::files::KeptAside>) {
    for k in kept {
        eprintln!("{}", report::kept_aside(k));
    }
}

fn plural(n: usize) -> &'static str {
    if n > 1 { "s" } else { "" }
}

fn print_problems(problems: &Problems) {
    let n = problems.0.len();
    eprintln!(
        "trame : {n} problème{} à corriger :",
        if n > 1 { "s" } else { "" }
    );
    for d in &problems.0 {
        eprintln!("- {}", d.to_string().replace("\n    ", "\n      "));
    }
}

/// clap's own messages are in English: say in French what went wrong.
fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ErrorKind};
    let message = match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            let _ = e.print();
            return ExitCode::from(2);
        }
        ErrorKind::InvalidSubcommand => "commande inconnue",
        ErrorKind::UnknownArgument => "option inconnue",
        ErrorKind::MissingRequiredArgument => "argument obligatoire manquant",
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => "valeur invalide",
        _ => "arguments invalides",
    };
    // A value our own parser refused already says, in French, what is wrong.
    if e.kind() == ErrorKind::ValueValidation
        && let Some(reason) = std::error::Error::source(&e)
    {
        eprintln!("trame : {reason}\nAide : trame --help");
        return ExitCode::from(2);
    }
    let what = [ContextKind::InvalidSubcommand, ContextKind::InvalidArg]
        .into_iter()
        .find_map(|k| e.get(k))
        .map(|v| format!(" « {v} »"))
        .unwrap_or_default();
    let hint = e
        .get(ContextKind::SuggestedSubcommand)
        .or_else(|| e.get(ContextKind::SuggestedArg))
        .map(|v| format!(" ; vouliez-vous dire « {v} » ?"))
        .unwrap_or_default();
    eprintln!("trame : {message}{what}{hint}\nAide : trame --help");
    ExitCode::from(2)
}
