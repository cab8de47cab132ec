//! The command line: commands and options, all in French (the English names
//! of earlier versions stay as hidden aliases, so that scripts keep working),
//! and clap's own errors said in French.

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "trame",
    version,
    about = "Assemble des livrables Word à partir de classeurs Excel et de modèles Markdown.",
    long_about = "trame fusionne les données de vos classeurs (xlsx, ods, csv) dans des modèles \
Markdown + minijinja et produit des documents Word (.docx) prêts à relire.",
    after_help = "Exemples :\n  trame check                 vérifie le projet, les classeurs et les modèles\n  trame build                 produit tous les documents dans out/\n  trame build evaluation      produit seulement le document « evaluation »\n  trame -C mon-projet build   travaille dans le dossier mon-projet\n\nDepuis un sous-dossier du projet, trame trouve lui-même le dossier qui contient trame.yaml.",
    disable_help_subcommand = true,
    disable_help_flag = true,
    disable_version_flag = true,
    help_template = ROOT_HELP,
    subcommand_value_name = "COMMANDE"
)]
pub struct Cli {
    /// Affiche l'aide.
    #[arg(short = 'h', long = "aide", alias = "help", action = clap::ArgAction::Help, global = true)]
    help: Option<bool>,
    /// Affiche la version.
    #[arg(short = 'V', long = "version", action = clap::ArgAction::Version)]
    version: Option<bool>,
    /// Dossier du projet, celui qui contient trame.yaml (par défaut : le dossier courant, ou le
    /// plus proche de ses dossiers parents qui en contient un).
    #[arg(
        short = 'C',
        long = "dossier",
        value_name = "DOSSIER",
        default_value = ".",
        hide_default_value = true,
        global = true
    )]
    pub dir: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

/// French layouts for `--aide` (clap's default headings are English).
const ROOT_HELP: &str = "{about-with-newline}\nUtilisation : {usage}\n\nCommandes :\n{subcommands}\n\nOptions :\n{options}\n{after-help}\n";
const COMMAND_HELP: &str =
    "{about-with-newline}\nUtilisation : {usage}\n\nOptions :\n{options}\n{after-help}\n";
const COMMAND_WITH_ARGS_HELP: &str = "{about-with-newline}\nUtilisation : {usage}\n\nArguments :\n{positionals}\n\nOptions :\n{options}\n{after-help}\n";

/// The starting points of `trame init`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Template {
    /// Un projet minimal : un classeur, un modèle, un document.
    Vierge,
    /// Le projet d'exemple complet (OIM Mali, quatre livrables).
    #[value(name = "oim-mali")]
    OimMali,
}

#[derive(Subcommand)]
pub enum Command {
    /// Vérifie trame.yaml, les classeurs et les modèles, et liste tous les problèmes.
    #[command(after_help = "Exemples :\n  trame check\n  trame check --json", help_template = COMMAND_HELP)]
    Check {
        /// Affiche un compte rendu lisible par une machine (JSON).
        #[arg(long)]
        json: bool,
        /// Les avertissements (accessibilité, vérifications) deviennent des erreurs.
        #[arg(long)]
        strict: bool,
    },
    /// Produit les documents Word (tous, ou ceux nommés).
    #[command(
        after_help = "Exemples :\n  trame build\n  trame build evaluation\n  trame build --relecture      copies de relecture dans out/relecture/\n\nUn document modifié (dans Word) depuis que trame l'a écrit n'est jamais perdu : il est mis de côté sous « NOM (modifié le …).docx ».",
        help_template = COMMAND_WITH_ARGS_HELP
    )]
    Build {
        /// Documents à produire (noms déclarés dans trame.yaml) ; tous par défaut.
        #[arg(value_name = "DOCUMENT")]
        documents: Vec<String>,
        /// Produit des copies de relecture (toute modification y est suivie) dans out/relecture/, à côté des livrables.
        #[arg(long = "relecture", alias = "review")]
        review: bool,
        /// Écrit aussi un PDF de chaque document (nécessite LibreOffice).
        #[arg(long)]
        pdf: bool,
        /// N'affiche rien sauf les problèmes et les avertissements.
        #[arg(long = "silencieux", alias = "quiet", short = 'q')]
        quiet: bool,
        /// Affiche un compte rendu lisible par une machine (JSON).
        #[arg(long, conflicts_with = "quiet")]
        json: bool,
        /// Écrit aussi le Markdown produit par les modèles (NOM.md), pour d'autres outils.
        #[arg(long)]
        markdown: bool,
        /// Les avertissements (accessibilité, vérifications) deviennent des erreurs : rien n'est écrit.
        #[arg(long)]
        strict: bool,
    },
    /// Crée un nouveau projet : minimal (vierge) ou le projet d'exemple complet (oim-mali).
    #[command(
        after_help = "Exemples :\n  trame init mon-projet                     projet minimal (modèle « vierge », par défaut)\n  trame init mon-projet --modele oim-mali   projet d'exemple complet de l'OIM Mali\n  trame init . --force",
        help_template = COMMAND_WITH_ARGS_HELP
    )]
    Init {
        /// Dossier à créer (ou dossier vide).
        #[arg(value_name = "DOSSIER")]
        folder: PathBuf,
        /// Point de départ : « vierge » (un classeur, un modèle, un document ; par défaut) ou « oim-mali » (le projet d'exemple complet).
        #[arg(
            long = "modele",
            alias = "template",
            value_name = "MODÈLE",
            default_value = "vierge",
            hide_default_value = true,
            hide_possible_values = true
        )]
        template: Template,
        /// Écrit même si le dossier n'est pas vide.
        #[arg(long)]
        force: bool,
    },
    /// Reproduit les documents à chaque enregistrement d'un classeur, d'un modèle ou de trame.yaml.
    #[command(after_help = "Exemple :\n  trame watch\n\nChaque ligne commence par l'heure. Arrêtez avec Ctrl+C.", help_template = COMMAND_HELP)]
    Watch,
    /// Écrit le script de complétion pour un shell.
    #[command(
        after_help = "Exemple :\n  trame completions bash > ~/.local/share/bash-completion/completions/trame",
        help_template = COMMAND_WITH_ARGS_HELP
    )]
    Completions {
        /// Le shell : bash, zsh, fish, powershell ou elvish.
        #[arg(value_name = "SHELL", hide_possible_values = true)]
        shell: clap_complete::Shell,
    },
    /// Enregistre la version livrée (modèle, fichier, date, empreinte) pour produire plus tard des versions révisées.
    #[command(
        after_help = "Exemples :\n  trame deliver --etiquette v1\n  trame deliver --etiquette v2 --date 2024-06-15\n  trame deliver --liste",
        help_template = COMMAND_WITH_ARGS_HELP
    )]
    Deliver {
        /// Étiquette de la livraison (v1, v2-CNCLTPPA…).
        #[arg(
            long = "etiquette",
            alias = "label",
            value_name = "ÉTIQUETTE",
            required_unless_present = "list"
        )]
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
        #[arg(long = "liste", alias = "list")]
        list: bool,
    },
    /// Produit chaque document avec les différences depuis une livraison en modifications suivies.
    #[command(
        after_help = "Exemples :\n  trame redline --contre v1\n  trame redline --contre v1 evaluation --relecture\n  trame redline --contre v1 --auteur \"Consultant OIM\" --date 2024-06-15",
        help_template = COMMAND_WITH_ARGS_HELP
    )]
    Redline {
        /// Étiquette de la livraison de référence.
        #[arg(long = "contre", alias = "against", value_name = "ÉTIQUETTE")]
        against: String,
        /// Documents à comparer ; tous par défaut.
        #[arg(value_name = "DOCUMENT")]
        documents: Vec<String>,
        /// Produit aussi des copies de relecture (toute nouvelle modification suivie).
        #[arg(long = "relecture", alias = "review")]
        review: bool,
        /// Auteur des modifications (par défaut : l'auteur de trame.yaml).
        #[arg(long = "auteur", alias = "author", value_name = "NOM")]
        author: Option<String>,
        /// Date des modifications (AAAA-MM-JJ) ; par défaut la date de trame.yaml.
        #[arg(long, value_name = "DATE", value_parser = trame::project::parse_iso_date)]
        date: Option<chrono::NaiveDate>,
    },
    /// Relève commentaires et modifications suivies des fichiers relus dans une matrice de résolution.
    #[command(
        after_help = "Exemples :\n  trame review retours/rapport-CNCLTPPA.docx\n  trame review retours/*.docx --sortie out/matrice.xlsx\n  trame review retours/rapport.docx --csv\n\nSi la matrice existe déjà, les décisions et réponses qui y sont saisies sont conservées ; les lignes nouvelles sont marquées « nouveau ».",
        help_template = COMMAND_WITH_ARGS_HELP
    )]
    Review {
        /// Fichiers .docx relus (Word ou LibreOffice).
        #[arg(value_name = "FICHIER", required = true)]
        files: Vec<String>,
        /// Chemin de la matrice, .xlsx (ou .csv) et autre que les fichiers relus (par défaut : out/matrice-relecture.xlsx).
        #[arg(long = "sortie", alias = "output", value_name = "CHEMIN")]
        output: Option<String>,
        /// Écrit la matrice en CSV (séparateur point-virgule) plutôt qu'en Excel.
        #[arg(long)]
        csv: bool,
    },
    /// Applique aux classeurs et aux modèles les décisions d'une matrice de relecture, ou les modifications acceptées d'un fichier Word relu.
    #[command(
        after_help = "Exemples :\n  trame apply out/matrice-relecture.xlsx --essai   montre ce qui serait fait, sans rien écrire\n  trame apply out/matrice-relecture.xlsx\n  trame apply retours/rapport-CNCLTPPA.docx\n\nDécisions de la matrice : accepter (la modification suivie du relecteur), modifier (le « Texte de remplacement »), refuser, déjà traité, à discuter.\nTout ou rien : chaque ligne est vérifiée avant toute écriture ; une source modifiée depuis la livraison (conflit) ou un classeur ouvert, et aucun fichier n'est touché.\nUne copie de chaque source modifiée est gardée dans livraisons/ÉTIQUETTE/avant-application/.",
        help_template = COMMAND_WITH_ARGS_HELP
    )]
    Apply {
        /// Matrice de relecture (.xlsx ou .csv, produite par « trame review ») ou fichier Word relu (.docx).
        #[arg(value_name = "FICHIER")]
        file: String,
        /// Montre le plan sans rien écrire.
        #[arg(long = "essai", alias = "dry-run")]
        trial: bool,
        /// Livraison dont viennent les fichiers relus (par défaut : la plus récente).
        #[arg(long = "livraison", alias = "delivery", value_name = "ÉTIQUETTE")]
        delivery: Option<String>,
    },
    /// Ouvre une page web locale pour le projet : état, production, aperçus, relecture, livraisons.
    #[command(
        after_help = "Exemples :\n  trame serve --ouvrir\n  trame serve --port 0\n  trame serve --ecoute 192.168.1.20\n\nArrêtez avec Ctrl+C.",
        help_template = COMMAND_HELP
    )]
    Serve {
        /// Port de la page (par défaut 8650 ; 0 : un port libre choisi par le système).
        #[arg(
            long,
            value_name = "PORT",
            default_value_t = trame::serve::DEFAULT_PORT,
            hide_default_value = true
        )]
        port: u16,
        /// Ouvre la page dans le navigateur.
        #[arg(long)]
        ouvrir: bool,
        /// Accepte les connexions du réseau local sur cette adresse (un jeton secret est alors exigé).
        #[arg(long, value_name = "ADRESSE")]
        ecoute: Option<String>,
    },
}

/// The command line as clap sees it (for completions).
pub fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}

/// Says in French what clap refused, keeping the value and the suggestion;
/// prints help and version as asked. Returns the exit code.
pub fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            crate::out::print(&e.render().to_string());
            return ExitCode::SUCCESS;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            eprint!("{}", e.render());
            return ExitCode::from(2);
        }
        _ => {}
    }
    // A value our own parser refused already says, in French, what is wrong.
    if e.kind() == ErrorKind::ValueValidation
        && let Some(reason) = std::error::Error::source(&e)
    {
        eprintln!("trame : {reason}\nAide : trame --aide");
        return ExitCode::from(2);
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    eprintln!("trame : {}\nAide : trame --aide", explain(&e, &args));
    ExitCode::from(2)
}

/// The French sentence for a clap error, from its context: what was given,
/// and the likely intended command, option or value.
pub fn explain(e: &clap::Error, args: &[String]) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let message = match e.kind() {
        ErrorKind::InvalidSubcommand => "commande inconnue",
        ErrorKind::UnknownArgument => "option inconnue",
        ErrorKind::MissingRequiredArgument => "argument obligatoire manquant",
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => "valeur invalide",
        ErrorKind::ArgumentConflict => "options incompatibles",
        ErrorKind::TooManyValues => "argument en trop",
        _ => "arguments invalides",
    };
    let text = |v: &ContextValue| match v {
        ContextValue::String(s) => s.clone(),
        ContextValue::Strings(list) => list.join(", "),
        other => other.to_string(),
    };
    let what = match (
        e.get(ContextKind::InvalidValue),
        e.get(ContextKind::InvalidArg),
    ) {
        // `--modele <MODÈLE>` → `--modele`; `<SHELL>` → `SHELL`.
        (Some(value), Some(arg)) => {
            let arg = text(arg);
            let name = arg.split(' ').next().unwrap_or_default();
            format!(
                " « {} » pour {}",
                text(value),
                name.trim_start_matches('<').trim_end_matches('>')
            )
        }
        (None, Some(arg)) if e.kind() == ErrorKind::ArgumentConflict => {
            let name = |v: &ContextValue| text(v).split(' ').next().unwrap_or_default().to_string();
            match e.get(ContextKind::PriorArg) {
                Some(prior) => format!(" « {} » et « {} »", name(arg), name(prior)),
                None => format!(" « {} »", name(arg)),
            }
        }
        _ => [ContextKind::InvalidSubcommand, ContextKind::InvalidArg]
            .into_iter()
            .filter_map(|k| e.get(k))
            .map(|v| format!(" « {} »", text(v)))
            .collect(),
    };
    let mut suggestion = e
        .get(ContextKind::SuggestedSubcommand)
        .or_else(|| e.get(ContextKind::SuggestedArg))
        .or_else(|| e.get(ContextKind::SuggestedValue))
        .map(text);
    if suggestion.is_none() && e.kind() == ErrorKind::UnknownArgument {
        suggestion = e
            .get(ContextKind::InvalidArg)
            .map(text)
            .and_then(|wrong| closest_option(&wrong, args));
    }
    let mut hint = suggestion
        .map(|v| format!(" ; vouliez-vous dire « {v} » ?"))
        .unwrap_or_default();
    if hint.is_empty()
        && let Some(valid) = e.get(ContextKind::ValidValue)
    {
        hint = format!(" ; valeurs possibles : {}", text(valid));
    }
    format!("{message}{what}{hint}")
}

/// The visible long option of the command line's subcommand closest to
/// `wrong` (clap suggests only very close names: `--pfd` is not one).
fn closest_option(wrong: &str, args: &[String]) -> Option<String> {
    let root = command();
    let sub = args
        .iter()
        .find_map(|a| root.find_subcommand(a))
        .unwrap_or(&root);
    let longs: Vec<String> = sub
        .get_arguments()
        .chain(root.get_arguments())
        .filter(|a| !a.is_hide_set())
        .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
        .collect();
    trame::diag::closest(wrong, longs.iter().map(String::as_str)).map(str::to_string)
}
