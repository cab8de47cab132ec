//! The « Décision » column: the closed list of the matrix, and the values of
//! matrices written by earlier versions of trame, read sensibly.

/// What the author decided for a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Apply the reviewer's tracked change.
    Accept,
    /// Leave the source as it is.
    Refuse,
    /// Apply the author's own text (« Texte de remplacement »).
    Modify,
    /// Nothing to do: the author already did it.
    AlreadyDone,
    /// Nothing to do yet.
    Discuss,
}

impl Decision {
    /// The word of the closed list.
    pub fn word(self) -> &'static str {
        match self {
            Decision::Accept => "accepter",
            Decision::Refuse => "refuser",
            Decision::Modify => "modifier",
            Decision::AlreadyDone => "déjà traité",
            Decision::Discuss => "à discuter",
        }
    }
}

impl Decision {
    /// The decision as the list words it, or the typed text when it is none
    /// of the list (for display only).
    pub fn parse_shown(typed: &str) -> String {
        match parse(typed) {
            Ok(Some(d)) => d.word().to_string(),
            _ => typed.trim().to_string(),
        }
    }
}

/// Reads a typed decision: `Ok(None)` when empty, else the decision, or the
/// closest value of the list when the text is none of them. Case, accents,
/// spaces and the past participle (« acceptée ») do not matter, and the
/// values of earlier matrices (« Acceptée », « Acceptée en partie »,
/// « Refusée », « À discuter ») are understood.
pub fn parse(typed: &str) -> Result<Option<Decision>, Option<&'static str>> {
    let plain = plain(typed);
    if plain.is_empty() {
        return Ok(None);
    }
    let decision = match plain.as_str() {
        "accepter" | "accepte" | "acceptee" | "accept" | "oui" => Decision::Accept,
        "refuser" | "refuse" | "refusee" | "rejeter" | "rejete" | "rejetee" | "non" => {
            Decision::Refuse
        }
        "modifier" | "modifie" | "modifiee" | "acceptee en partie" | "accepte en partie" => {
            Decision::Modify
        }
        "deja traite" | "deja traitee" | "traite" | "traitee" => Decision::AlreadyDone,
        "a discuter" | "discuter" => Decision::Discuss,
        _ => {
            return Err(crate::diag::closest(
                typed.trim(),
                crate::review::DECISIONS.iter().copied(),
            ));
        }
    };
    Ok(Some(decision))
}

/// Lower case, without accents, spaces folded.
fn plain(s: &str) -> String {
    let lower: String = s
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            '\u{a0}' | '\u{202f}' | '\t' => ' ',
            c => c,
        })
        .collect();
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_and_earlier_values_are_read() {
        assert_eq!(parse("accepter"), Ok(Some(Decision::Accept)));
        assert_eq!(parse(" Acceptée "), Ok(Some(Decision::Accept)));
        assert_eq!(parse("Acceptée en partie"), Ok(Some(Decision::Modify)));
        assert_eq!(parse("Refusée"), Ok(Some(Decision::Refuse)));
        assert_eq!(parse("À discuter"), Ok(Some(Decision::Discuss)));
        assert_eq!(parse("DÉJÀ TRAITÉ"), Ok(Some(Decision::AlreadyDone)));
        assert_eq!(parse(""), Ok(None));
        for word in crate::review::DECISIONS {
            assert_eq!(parse(word).map(|d| d.map(Decision::word)), Ok(Some(word)));
        }
    }

    #[test]
    fn an_unknown_value_gets_the_closest_one() {
        assert_eq!(parse("acepter"), Err(Some("accepter")));
        assert_eq!(parse("peut-être plus tard"), Err(None));
    }
}
