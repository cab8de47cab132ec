//! `trame init`: a new project folder, ready to build: a minimal project
//! ([`blank`], `--modele vierge`, the default) or the sample project
//! embedded in the binary ([`init`], `--modele oim-mali`).

use crate::diag::{Diagnostic, Result};
use std::path::Path;

mod blank;

include!(concat!(env!("OUT_DIR"), "/sample_files.rs"));

const README: &str = "# Projet trame\n\n\
Ce dossier a été créé par `trame init`. Il contient un projet d'exemple\n\
complet (données d'exemple fictives) :\n\n\
- `trame.yaml` : le projet, ses sources de données et ses documents ;\n\
- `data/` : les classeurs (modifiez-les dans Excel ou LibreOffice) ;\n\
- `blueprints/` : les modèles de texte (Markdown avec minijinja) et le style ;\n\
- `out/` : les documents Word produits.\n\n\
Pour produire les documents :\n\n    trame build\n\n\
Pour les reproduire à chaque enregistrement d'un classeur ou d'un modèle :\n\n    trame watch\n\n\
Pour vérifier le projet sans rien écrire :\n\n    trame check\n";

/// Creates the sample project (IOM Mali) in `dir`; refuses a non-empty
/// folder unless `force`. Returns the files written.
pub fn init(dir: &Path, force: bool) -> Result<Vec<String>> {
    refuse_non_empty(dir, force)?;
    let mut files: Vec<(&str, &[u8])> = SAMPLE_FILES.to_vec();
    files.push(("LISEZ-MOI.md", README.as_bytes()));
    files.push(("out/.gitkeep", b""));
    // The sample's own files: inputs of the new project, nothing to scan.
    crate::files::write_atomically(dir, &files, &crate::confidential::Guard::empty())?;
    Ok(files.iter().map(|(n, _)| n.to_string()).collect())
}

/// Creates a minimal project in `dir`: one workbook, one blueprint, one
/// document, and no project-specific text. Refuses a non-empty folder
/// unless `force`. Returns the files written.
pub fn blank(dir: &Path, force: bool) -> Result<Vec<String>> {
    refuse_non_empty(dir, force)?;
    let workbook = blank::workbook().map_err(|_| {
        Diagnostic::file(
            "data/activites.xlsx",
            "écriture du classeur d'exemple impossible",
        )
    })?;
    let files: Vec<(&str, &[u8])> = vec![
        ("trame.yaml", blank::PROJECT.as_bytes()),
        ("blueprints/rapport.md.j2", blank::BLUEPRINT.as_bytes()),
        ("data/activites.xlsx", &workbook),
        ("LISEZ-MOI.md", blank::README.as_bytes()),
        ("out/.gitkeep", b""),
    ];
    crate::files::write_atomically(dir, &files, &crate::confidential::Guard::empty())?;
    Ok(files.iter().map(|(n, _)| n.to_string()).collect())
}

/// Refuses a folder that holds files, unless `force`.
fn refuse_non_empty(dir: &Path, force: bool) -> Result<()> {
    let shown = dir.display().to_string();
    if dir.exists() {
        let non_empty = std::fs::read_dir(dir)
            .map_err(|e| {
                Diagnostic::file(
                    &shown,
                    format!("dossier illisible ({})", crate::io_reason(&e)),
                )
            })?
            .next()
            .is_some();
        if non_empty && !force {
            return Err(Diagnostic::file(
                &shown,
                "le dossier n'est pas vide : choisissez un dossier neuf, ou ajoutez --force pour y écrire quand même (les fichiers du nouveau projet remplaceront ceux de même nom)",
            )
            .into());
        }
    }
    Ok(())
}
