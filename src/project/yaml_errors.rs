//! serde_yaml_ng's English messages, said in French. Every shape the YAML
//! scanner, the parser and serde produce is matched; anything unforeseen
//! becomes a generic French sentence, so no English fragment reaches a user.

/// The French message for one YAML error text (its location removed).
/// `column` (from 1) is added to syntax errors, where it helps most.
pub fn translate(message: &str, column: Option<usize>) -> String {
    // serde_yaml_ng appends " at line L column C"; the location is shown separately.
    let message = message.split(" at line ").next().unwrap_or(message);
    let (path, detail) = match message.split_once(": ") {
        Some((p, d)) if !p.contains(' ') => (Some(p), d),
        _ => (None, message),
    };
    let fr = if path.is_some_and(|p| p.ends_with("date")) && !detail.starts_with("invalid type") {
        "date invalide (format attendu : AAAA-MM-JJ, un jour qui existe)".to_string()
    } else {
        match serde_detail(detail) {
            Some(fr) => fr,
            None => {
                let syntax = syntax_detail(detail);
                match column {
                    Some(c) => format!("{syntax} (colonne {c})"),
                    None => syntax,
                }
            }
        }
    };
    match path {
        Some(p) => format!("{p} : {fr}"),
        None => fr,
    }
}

/// For an unclosed flow mapping or sequence (`{ a: 1` or `[a, b`), the line
/// and column (from 1) where it opened, from the parser's context
/// (`…, while parsing a flow mapping at line 18 column 13`).
pub fn opening_of_unclosed(message: &str) -> Option<(usize, usize)> {
    let context = message
        .split(", while parsing a flow ")
        .nth(1)?
        .split_once(" at line ")?
        .1;
    let (line, column) = context.split_once(" column ")?;
    let column: String = column.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, column.parse().ok()?))
}

/// Messages from serde about the shape of the values.
fn serde_detail(detail: &str) -> Option<String> {
    let names = |s: &str| crate::diag::guillemets(s).replace("expected one of ", "");
    if let Some(rest) = detail.strip_prefix("unknown field ") {
        let (field, allowed) = rest.split_once(", ").unwrap_or((rest, ""));
        let allowed = names(allowed).replace("there are no fields", "aucun");
        return Some(format!(
            "champ inconnu {}, champs permis : {allowed}",
            names(field)
        ));
    }
    if let Some(rest) = detail.strip_prefix("unknown variant ") {
        let (value, allowed) = rest.split_once(", ").unwrap_or((rest, ""));
        return Some(format!(
            "valeur inconnue {}, valeurs permises : {}",
            names(value),
            names(allowed)
        ));
    }
    if let Some(rest) = detail.strip_prefix("missing field ") {
        return Some(format!("champ obligatoire manquant {}", names(rest)));
    }
    if let Some(rest) = detail.strip_prefix("duplicate field ") {
        return Some(format!("champ {} présent deux fois", names(rest)));
    }
    if let Some(rest) = detail.strip_prefix("duplicate entry with key ") {
        let key = rest.trim_matches('"');
        return Some(format!("clé « {key} » présente deux fois"));
    }
    for (prefix, what) in [
        ("invalid type: ", "type invalide"),
        ("invalid value: ", "valeur invalide"),
    ] {
        if let Some(rest) = detail.strip_prefix(prefix) {
            let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
            return Some(format!(
                "{what} : {} trouvé, {} attendu",
                kind(found),
                kind(expected)
            ));
        }
    }
    if detail.starts_with("invalid length ") {
        return Some("nombre d'éléments invalide".into());
    }
    None
}

/// A value or type as serde names it (`a string`, `string "x"`, `u64`,
/// `sequence`…), in French.
fn kind(s: &str) -> String {
    let s = s.trim();
    let quoted = |rest: &str| {
        let v = rest.trim().trim_matches(|c| c == '"' || c == '`');
        v.to_string()
    };
    if let Some(rest) = s.strip_prefix("string ") {
        return format!("le texte « {} »", quoted(rest));
    }
    for (prefix, name) in [
        ("integer ", "le nombre"),
        ("floating point ", "le nombre"),
        ("boolean ", "la valeur"),
        ("char ", "le caractère"),
    ] {
        if let Some(rest) = s.strip_prefix(prefix) {
            return format!("{name} « {} »", quoted(rest));
        }
    }
    match s {
        "a string" | "string" | "a borrowed string" | "a character" | "char" => "un texte".into(),
        "sequence" | "a sequence" => "une liste".into(),
        "map" | "a map" | "a YAML mapping" => "une table de clés".into(),
        "unit value" | "unit" | "null" | "an option" => "une valeur vide".into(),
        "a boolean" | "boolean" | "bool" => "vrai ou faux (true, false)".into(),
        "u8" | "u16" | "u32" | "u64" | "usize" => "un nombre entier positif".into(),
        "i8" | "i16" | "i32" | "i64" | "isize" | "integer" | "an integer" => {
            "un nombre entier".into()
        }
        "f32" | "f64" | "a number" | "floating point" => "un nombre".into(),
        "a valid date" | "a formatted date string" | "a date" => "une date AAAA-MM-JJ".into(),
        _ if s.starts_with("struct ") || s.starts_with("a map") => "une table de clés".into(),
        _ if s.starts_with("enum ") || s.starts_with("variant") => "un mot-clé".into(),
        _ => "une autre valeur".into(),
    }
}

/// Messages from the YAML scanner and parser (the text itself is wrong).
fn syntax_detail(detail: &str) -> String {
    let d = detail;
    let fr = if d.contains("cannot start any token") {
        "caractère interdit à cet endroit (une tabulation ? YAML indente avec des espaces)"
    } else if d.contains("expected ',' or '}'") {
        "accolade « { » non fermée : « , » ou « } » attendu avant la fin de la ligne"
    } else if d.contains("expected ',' or ']'") {
        "crochet « [ » non fermé : « , » ou « ] » attendu avant la fin de la ligne"
    } else if d.contains("unexpected end of stream") || d.contains("EOF while parsing") {
        "fin du fichier inattendue (guillemet, accolade ou crochet non fermé ?)"
    } else if d.contains("mapping values are not allowed") {
        "« : » inattendu : indentation incorrecte, ou texte à mettre entre guillemets"
    } else if d.contains("did not find expected key") || d.contains("block mapping") {
        "indentation incorrecte : une clé « nom: valeur » est attendue ici"
    } else if d.contains("unknown anchor") {
        "alias (*nom) sans ancre (&nom) correspondante"
    } else if d.contains("repetition limit") {
        "trop de répétitions d'alias (*nom) : fichier piégé ? rien n'a été lu"
    } else if d.contains("recursion limit") {
        "imbrication trop profonde"
    } else if d.contains("more than one document") {
        "plusieurs documents YAML (« --- ») : un seul est attendu"
    } else if d.contains("found undefined tag") || d.contains("tag") {
        "étiquette YAML (!…) non prise en charge"
    } else if d.contains("control characters are not allowed") || d.contains("invalid character") {
        "caractère de contrôle interdit dans le texte"
    } else if d.contains("quoted scalar") {
        "guillemet non fermé"
    } else {
        "syntaxe YAML invalide : vérifiez l'indentation, les guillemets et les deux-points"
    };
    fr.to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_unclosed_flow_is_placed_where_it_opened() {
        let said = "did not find expected ',' or '}' at line 19 column 11, while parsing a flow mapping at line 18 column 13";
        assert_eq!(super::opening_of_unclosed(said), Some((18, 13)));
        assert_eq!(
            super::opening_of_unclosed(
                "mapping values are not allowed in this context at line 3 column 5"
            ),
            None
        );
    }

    use super::translate;

    #[test]
    fn yaml_errors_read_in_french() {
        assert_eq!(
            translate(
                "found character that cannot start any token at line 2 column 1",
                Some(1)
            ),
            "caractère interdit à cet endroit (une tabulation ? YAML indente avec des espaces) (colonne 1)"
        );
        assert_eq!(
            translate(
                "fuel: invalid type: string \"beaucoup\", expected u64",
                None
            ),
            "fuel : type invalide : le texte « beaucoup » trouvé, un nombre entier positif attendu"
        );
        assert_eq!(
            translate("project: duplicate field `title`", None),
            "project : champ « title » présent deux fois"
        );
        assert_eq!(
            translate(
                "unknown field `foo`, expected one of `project`, `sources`",
                None
            ),
            "champ inconnu « foo », champs permis : « project », « sources »"
        );
    }
}
