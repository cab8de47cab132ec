//! The `trame` command: parses arguments, calls the library, prints results
//! and problems in French.

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use trame::build::{self, BuildOptions};
use trame::diag::Problems;

#[derive(Parser)]
#[command(
    name = "trame",
    version,
    about = "Assemble des livrables Word à partir de classeurs Excel et de modèles Markdown.",
    long_about = "trame fusionne les données de vos classeurs (xlsx, ods, csv) dans des modèles \
Markdown + minijinja et produit des documents Word (.docx) prêts à relire.",
    after_help = "Exemples :\n  trame check                 vérifie le projet, les classeurs et les modèles\n  trame build                 produit tous les documents dans out/\n  trame build rapport         produit seulement le document « rapport »\n  trame -C mon-projet build   travaille dans le dossier mon-projet",
    disable_help_subcommand = true
)]
struct Cli {
    /// Dossier du projet (celui qui contient trame.yaml).
    #[arg(
        short = 'C',
        long = "dossier",
        value_name = "DOSSIER",
        default_value = ".",
        global = true
    )]
    dir: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Vérifie trame.yaml, les classeurs et les modèles, et liste tous les problèmes.
    #[command(after_help = "Exemple :\n  trame check")]
    Check,
    /// Produit les documents Word (tous, ou ceux nommés).
    #[command(
        after_help = "Exemples :\n  trame build\n  trame build rapport module-police\n  trame build --review"
    )]
    Build {
        /// Documents à produire (noms déclarés dans trame.yaml) ; tous par défaut.
        #[arg(value_name = "DOCUMENT")]
        documents: Vec<String>,
        /// Produit des copies de relecture : toute modification y est suivie.
        #[arg(long)]
        review: bool,
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
            report(&problems);
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
        Command::Build { documents, review } => {
            let built = build::build(&cli.dir, &BuildOptions { documents, review })?;
            for b in &built {
                println!(
                    "{} → {} ({} tableaux, {} mots{})",
                    b.name,
                    b.output,
                    b.tables(),
                    b.words(),
                    if review { ", copie de relecture" } else { "" }
                );
            }
        }
    }
    Ok(())
}

fn report(problems: &Problems) {
    let n = problems.0.len();
    eprintln!(
        "trame : {n} problème{} à corriger :",
        if n > 1 { "s" } else { "" }
    );
    for d in &problems.0 {
        eprintln!("- {}", d.to_string().replace("\n    ", "\n      "));
    }
}

/// clap's own messages are in English: say in French what went wrong, then
/// show the usage line.
fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    let message = match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
        ErrorKind::InvalidSubcommand => "commande inconnue",
        ErrorKind::UnknownArgument => "option inconnue",
        ErrorKind::MissingRequiredArgument => "argument obligatoire manquant",
        ErrorKind::MissingSubcommand => "commande manquante",
        _ => "arguments invalides",
    };
    let detail = e
        .render()
        .to_string()
        .lines()
        .next()
        .unwrap_or("")
        .trim_start_matches("error: ")
        .to_string();
    eprintln!("trame : {message} ({detail})\nAide : trame --help");
    ExitCode::from(2)
}
