//! « Source à modifier » read back: one workbook cell or one blueprint line
//! of this project, as `trame review` wrote it; anything else (several
//! cells, a file outside the project's sources) is left to the author.

use crate::model::{CellRef, LineRef};

/// The one place a row's change goes to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Place {
    Cell(CellRef),
    Line(LineRef),
}

impl Place {
    pub fn file(&self) -> &str {
        match self {
            Place::Cell(c) => &c.file,
            Place::Line(l) => &l.file,
        }
    }
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Place::Cell(c) => write!(f, "{c}"),
            Place::Line(l) => write!(f, "{l}"),
        }
    }
}

/// Reads `data/a.xlsx, feuille « S », cellule B4`, `data/a.csv, cellule B4`
/// or `blueprints/x.md.j2, ligne 12`; `known` says whether a file is one of
/// the project's sources or blueprints. The error says, in French, why the
/// change must be made by hand.
pub fn parse(source: &str, known: impl Fn(&str) -> bool) -> Result<Place, String> {
    let source = source.trim();
    if source.is_empty() {
        return Err("source inconnue (fichier relu sans manifeste de génération, ou texte ajouté hors de tout paragraphe produit)".into());
    }
    if source.contains(" ; ") {
        return Err(format!("le texte vient de plusieurs sources ({source})"));
    }
    let place = if let Some((file, line)) = source.rsplit_once(", ligne ") {
        let line: u32 = line
            .trim()
            .parse()
            .map_err(|_| format!("source illisible : « {source} »"))?;
        Place::Line(LineRef {
            file: file.trim().into(),
            line,
        })
    } else if let Some((head, cell)) = source.rsplit_once(", cellule ") {
        let cell = cell.trim();
        let Some(cell) = crate::model::A1::parse(cell) else {
            return Err(format!("source illisible : « {source} »"));
        };
        let (file, sheet) = match head.split_once(", feuille « ") {
            Some((file, sheet)) => (file, sheet.trim_end_matches(" »").trim_end_matches('»')),
            None => (head, ""),
        };
        Place::Cell(CellRef {
            file: file.trim().into(),
            sheet: sheet.trim().into(),
            cell,
        })
    } else {
        return Err(format!("source illisible : « {source} »"));
    };
    if !known(place.file()) {
        return Err(format!(
            "« {} » n'est ni une source déclarée dans trame.yaml ni un modèle de blueprints/",
            place.file()
        ));
    }
    Ok(place)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn review_places_read_back() {
        let yes = |_: &str| true;
        assert_eq!(
            parse("data/e.xlsx, feuille « Constats », cellule C3", yes),
            Ok(Place::Cell(CellRef::at("data/e.xlsx", "Constats", 2, 2)))
        );
        assert_eq!(
            parse("data/e.csv, cellule B4", yes),
            Ok(Place::Cell(CellRef::at("data/e.csv", "", 3, 1)))
        );
        assert_eq!(
            parse("blueprints/r.md.j2, ligne 59", yes),
            Ok(Place::Line(LineRef {
                file: "blueprints/r.md.j2".into(),
                line: 59
            }))
        );
        assert!(
            parse("a.xlsx, cellule B2 ; a.xlsx, cellule B3", yes)
                .unwrap_err()
                .contains("plusieurs sources")
        );
        assert!(
            parse("/etc/passwd, ligne 1", |_| false)
                .unwrap_err()
                .contains("ni une source")
        );
    }
}
