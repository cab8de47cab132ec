//! minijinja's messages in French: what went wrong in a blueprint, with a hint
//! when a close name exists. Nothing of the English text reaches the user: a
//! message this module does not know is reported by its kind alone.

use crate::diag::closest;
use minijinja::{Error, ErrorKind};

/// Filters a blueprint can use: minijinja's built-in ones (with the features
/// trame enables) and trame's own.
pub const FILTERS: &[&str] = &[
    "abs",
    "attr",
    "batch",
    "bool",
    "capitalize",
    "chain",
    "count",
    "d",
    "date_courte",
    "date_fr",
    "default",
    "dictsort",
    "e",
    "escape",
    "first",
    "float",
    "format",
    "groupby",
    "indent",
    "int",
    "items",
    "join",
    "last",
    "length",
    "lignes",
    "lines",
    "list",
    "lower",
    "map",
    "max",
    "min",
    "moyenne",
    "nombre",
    "pourcentage",
    "pprint",
    "reject",
    "rejectattr",
    "replace",
    "reverse",
    "round",
    "safe",
    "select",
    "selectattr",
    "slice",
    "sort",
    "split",
    "string",
    "sum",
    "title",
    "trim",
    "unique",
    "upper",
    "zip",
];

/// Tests a blueprint can use (`x is …`).
pub const TESTS: &[&str] = &[
    "boolean",
    "defined",
    "divisibleby",
    "endingwith",
    "eq",
    "equalto",
    "escaped",
    "even",
    "false",
    "filter",
    "float",
    "ge",
    "greaterthan",
    "gt",
    "in",
    "integer",
    "iterable",
    "le",
    "lessthan",
    "lower",
    "lt",
    "mapping",
    "ne",
    "none",
    "number",
    "odd",
    "safe",
    "sameas",
    "sequence",
    "startingwith",
    "string",
    "test",
    "true",
    "undefined",
    "upper",
];

/// The French message and hint for an error other than an undefined name.
/// `functions` lists the names a blueprint can call, for hints.
pub fn describe(err: &Error, functions: &[String]) -> (String, Option<String>) {
    let detail = err.detail().unwrap_or("");
    let suggest = |name: &str, among: &mut dyn Iterator<Item = &str>| {
        closest(name, among)
            .filter(|c| *c != name)
            .map(|c| format!("vouliez-vous dire « {c} » ?"))
    };
    match err.kind() {
        ErrorKind::UnknownFilter => {
            let name = between(detail, "filter ", " is unknown").unwrap_or(detail);
            (
                format!("filtre inconnu « {name} »"),
                suggest(name, &mut FILTERS.iter().copied()),
            )
        }
        ErrorKind::UnknownTest => {
            let name = between(detail, "test ", " is unknown").unwrap_or(detail);
            if name.is_empty() {
                // A test named by a string (select("…"), selectattr(…, "…"))
                // comes without its name: list what exists instead.
                return (
                    "test inconnu dans select(), selectattr(), reject() ou rejectattr()"
                        .to_string(),
                    Some(format!("tests disponibles : {}", TESTS.join(", "))),
                );
            }
            (
                format!("test inconnu « {name} »"),
                suggest(name, &mut TESTS.iter().copied()),
            )
        }
        ErrorKind::UnknownFunction => {
            let name = detail.strip_suffix(" is unknown").unwrap_or(detail);
            (
                format!("fonction inconnue « {name} »"),
                suggest(name, &mut functions.iter().map(String::as_str)),
            )
        }
        ErrorKind::UnknownMethod => {
            let name = detail.rsplit(' ').next().unwrap_or("");
            (format!("méthode inconnue « {name} »"), None)
        }
        ErrorKind::SyntaxError => (format!("erreur de syntaxe : {}", syntax(detail)), None),
        ErrorKind::TemplateNotFound => {
            let name = between(detail, "template \"", "\" does not exist")
                .or_else(|| between(detail, "tried to include non-existing template '", "'"))
                .unwrap_or(detail);
            (format!("modèle introuvable : « {name} »"), None)
        }
        ErrorKind::OutOfFuel => (
            "le modèle a dépassé la limite de calcul (boucle sans fin ?)".to_string(),
            Some("augmentez « fuel » dans trame.yaml si le document est vraiment si long".into()),
        ),
        ErrorKind::BadEscape => (
            "séquence d'échappement invalide dans une chaîne".to_string(),
            None,
        ),
        ErrorKind::TooManyArguments => ("trop d'arguments".to_string(), None),
        ErrorKind::MissingArgument => ("argument manquant".to_string(), None),
        ErrorKind::CannotUnpack => (
            "impossible de répartir cette valeur entre ces noms".to_string(),
            None,
        ),
        _ => (operation(detail, err.kind()), None),
    }
}

/// The text between `prefix` and `suffix`.
fn between<'a>(s: &'a str, prefix: &str, suffix: &str) -> Option<&'a str> {
    s.strip_prefix(prefix)?.strip_suffix(suffix)
}

/// A failed operation. Messages trame writes itself are French already and
/// pass through; minijinja's known ones are translated; any other is named by
/// its kind, never quoted.
fn operation(detail: &str, kind: ErrorKind) -> String {
    const KNOWN: &[(&str, &str)] = &[
        (
            "range has too many elements",
            "range() : trop d'éléments (100 000 au plus)",
        ),
        (
            "recursion limit exceeded",
            "trop d'appels imbriqués (macro ou inclusion qui s'appelle elle-même ?)",
        ),
        (
            "template exceeds maximum recursion limits",
            "modèle trop profondément imbriqué",
        ),
        (
            "cannot convert value to list",
            "cette valeur n'est pas une liste",
        ),
        ("value is not iterable", "cette valeur n'est pas une liste"),
        ("value is not a string", "cette valeur n'est pas un texte"),
        ("not iterable", "cette valeur n'est pas une liste"),
        ("unexpected keyword arguments", "argument nommé inattendu"),
        ("count cannot be 0", "le nombre ne peut pas être 0"),
        ("loop is unknown", "« loop » n'existe que dans une boucle"),
    ];
    if let Some((_, fr)) = KNOWN.iter().find(|(en, _)| *en == detail) {
        return fr.to_string();
    }
    if let Some(rest) = detail.strip_prefix("tried to use ") {
        let op = rest.split(' ').next().unwrap_or("");
        return format!("opération « {op} » impossible entre ces valeurs (nombre et texte ?)");
    }
    if let Some(rest) = detail.strip_prefix("unable to calculate ") {
        return format!("calcul impossible : {rest}");
    }
    if detail.starts_with("cannot convert ") {
        return "conversion impossible de cette valeur".to_string();
    }
    if detail.starts_with("cannot calculate length") {
        return "cette valeur n'a pas de longueur".to_string();
    }
    if let Some(key) = detail
        .strip_prefix("unknown keyword argument ")
        .or_else(|| detail.strip_prefix("missing keyword argument "))
    {
        let key = key.trim_matches(['\'', '`']);
        let what = if detail.starts_with("unknown") {
            "argument nommé inconnu"
        } else {
            "argument nommé manquant"
        };
        return format!("{what} « {key} »");
    }
    if is_french(detail) {
        return detail.to_string();
    }
    format!("erreur dans le modèle ({})", kind_fr(kind))
}

/// True for the messages trame's own filters and functions write.
fn is_french(detail: &str) -> bool {
    !detail.is_empty()
        && (detail.contains('«')
            || detail.contains(" : ")
            || detail
                .split_whitespace()
                .any(|w| ["le", "la", "les", "une", "doit", "attend"].contains(&w)))
}

fn kind_fr(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::InvalidOperation => "opération impossible",
        ErrorKind::NonPrimitive | ErrorKind::NonKey => "valeur d'un type inattendu",
        ErrorKind::BadSerialization | ErrorKind::CannotDeserialize => {
            "conversion de valeur impossible"
        }
        ErrorKind::BadInclude => "inclusion impossible",
        ErrorKind::EvalBlock | ErrorKind::UnknownBlock => "bloc introuvable",
        ErrorKind::WriteFailure => "écriture du texte impossible",
        _ => "opération impossible",
    }
}

/// A syntax error's detail, in French.
pub fn syntax(detail: &str) -> String {
    if let Some(rest) = detail.strip_prefix("unexpected ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            let found = term(found);
            let expected = term(expected);
            if found == "la fin du modèle" {
                return format!(
                    "le modèle se termine trop tôt (attendu : {expected}) ; un bloc {{% for %}} ou {{% if %}} n'est-il pas fermé ?"
                );
            }
            return format!("{found} inattendu, attendu : {expected}");
        }
        return match rest {
            "end of input, expected keyword" => {
                "le modèle se termine trop tôt ; un bloc n'est-il pas fermé ?".to_string()
            }
            "end of string" => "chaîne non fermée (guillemet manquant)".to_string(),
            "end of comment" => "commentaire non fermé (« #} » manquant)".to_string(),
            "end of raw block" => "bloc raw non fermé".to_string(),
            "character" => "caractère inattendu".to_string(),
            "input after expression" => "texte inattendu après l'expression".to_string(),
            "input after end of variable block" => "texte inattendu après « }} »".to_string(),
            other => format!("{} inattendu", term(other)),
        };
    }
    if let Some(name) = detail.strip_prefix("unknown statement ") {
        return format!("instruction inconnue « {name} »");
    }
    if let Some((what, _)) = detail
        .strip_prefix("unknown ")
        .and_then(|r| r.split_once(", expected statement"))
    {
        return format!("instruction inconnue « {} »", what.trim_matches('`'));
    }
    if let Some(rest) = detail.strip_prefix("mismatching name on block. Got `") {
        let got = rest.split('`').next().unwrap_or("");
        return format!("nom de bloc différent à la fermeture : « {got} »");
    }
    if let Some(name) = detail.strip_prefix("cannot assign to reserved variable name ") {
        return format!("« {name} » est un nom réservé");
    }
    const TABLE: &[(&str, &str)] = &[
        ("invalid float", "nombre décimal invalide"),
        ("invalid integer (too large)", "nombre entier trop grand"),
        ("empty subscript", "indice vide entre crochets"),
        ("expected a filter", "nom de filtre attendu"),
        (
            "non-keyword arg after keyword arg",
            "argument sans nom après un argument nommé",
        ),
        (
            "block tags in macros are not allowed",
            "les blocs ne sont pas permis dans une macro",
        ),
        ("missing keyword", "mot-clé manquant"),
    ];
    if let Some((_, fr)) = TABLE.iter().find(|(en, _)| *en == detail) {
        return fr.to_string();
    }
    if detail.starts_with("block '") && detail.ends_with("defined twice") {
        return "bloc défini deux fois".to_string();
    }
    "construction non reconnue".to_string()
}

/// A token name from a minijinja message, in French.
fn term(t: &str) -> String {
    match t.trim() {
        "end of input" => "la fin du modèle".into(),
        "end of block" => "« %} »".into(),
        "end of variable block" => "« }} »".into(),
        "end of comment" => "« #} »".into(),
        "identifier" => "un nom".into(),
        "identifier or integer" => "un nom ou un entier".into(),
        "expression" => "une expression".into(),
        "block keyword" => "un mot-clé de bloc".into(),
        "keyword" => "un mot-clé".into(),
        "comma" => "une virgule".into(),
        "assignment operator" => "« = »".into(),
        "string" => "une chaîne".into(),
        "integer" => "un entier".into(),
        "float" => "un nombre".into(),
        other => {
            let inner = other.trim_matches('`');
            if other.starts_with('`') {
                format!("« {inner} »")
            } else {
                format!("« {other} »")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(kind: ErrorKind, detail: &str) -> Error {
        Error::new(kind, detail.to_string())
    }

    #[test]
    fn unknown_names_are_french_with_a_close_name() {
        let (m, _) = describe(
            &err(ErrorKind::UnknownFilter, "filter tojsn is unknown"),
            &[],
        );
        assert_eq!(m, "filtre inconnu « tojsn »");
        let (m, h) = describe(
            &err(ErrorKind::UnknownFilter, "filter date_f is unknown"),
            &[],
        );
        assert_eq!(m, "filtre inconnu « date_f »");
        assert_eq!(h.as_deref(), Some("vouliez-vous dire « date_fr » ?"));
        let (m, h) = describe(&err(ErrorKind::UnknownTest, "test numbr is unknown"), &[]);
        assert_eq!(m, "test inconnu « numbr »");
        assert_eq!(h.as_deref(), Some("vouliez-vous dire « number » ?"));
        let (m, h) = describe(
            &err(ErrorKind::UnknownFunction, "tabel is unknown"),
            &["table".to_string()],
        );
        assert_eq!(m, "fonction inconnue « tabel »");
        assert_eq!(h.as_deref(), Some("vouliez-vous dire « table » ?"));
    }

    #[test]
    fn english_never_passes_through() {
        let (m, _) = describe(
            &err(ErrorKind::InvalidOperation, "some new english message"),
            &[],
        );
        assert_eq!(m, "erreur dans le modèle (opération impossible)");
        let (m, _) = describe(
            &err(
                ErrorKind::InvalidOperation,
                "tried to use + operator on unsupported types number and string",
            ),
            &[],
        );
        assert_eq!(
            m,
            "opération « + » impossible entre ces valeurs (nombre et texte ?)"
        );
        assert_eq!(
            syntax("something else entirely"),
            "construction non reconnue"
        );
        assert_eq!(
            syntax("unexpected end of input, expected end of block"),
            "le modèle se termine trop tôt (attendu : « %} ») ; un bloc {% for %} ou {% if %} n'est-il pas fermé ?"
        );
    }
}
