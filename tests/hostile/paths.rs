//! Hostile paths: see tests/hostile.rs. The project lives in `projet/`
//! inside a folder that also holds files with `SECRET` in them: no input
//! path may reach them, and nothing of them may be printed or written.

use crate::common::*;
use crate::support::*;
use std::path::{Path, PathBuf};

const BLUEPRINT: &str = "# Constats\n\n{% for c in constats %}\n- {{ c.code }}\n{% endfor %}\n";

/// A folder with `secret.csv`, `secret.yaml`, `secret.png`, `secret.docx`
/// (each holding SECRET) and the mini project in `projet/`, built once.
struct Setup {
    outer: tempfile::TempDir,
    before: Vec<(PathBuf, Vec<u8>)>,
}

impl Setup {
    fn new() -> Setup {
        let outer = tempfile::tempdir().unwrap();
        let p = MiniProject::new(BLUEPRINT, &MiniProject::good_rows());
        copy_dir(p.path(), &outer.path().join("projet"));
        for name in ["secret.csv", "secret.yaml", "secret.png", "secret.docx"] {
            std::fs::write(
                outer.path().join(name),
                format!("{SECRET};Code\nfont: [{SECRET}\n"),
            )
            .unwrap();
        }
        let before = built_once(&outer.path().join("projet"));
        Setup { outer, before }
    }

    fn project(&self) -> PathBuf {
        self.outer.path().join("projet")
    }

    fn secret(&self, name: &str) -> PathBuf {
        self.outer.path().join(name)
    }

    fn yaml(&self, text: &str) {
        std::fs::write(self.project().join("trame.yaml"), text).unwrap();
    }

    /// Builds: refused with `expected`, out/ unchanged, SECRET in no output.
    fn refused(&self, expected: &[&str]) {
        let out = trame(&self.project(), &["build"]);
        refused(&out, expected);
        unchanged(&self.project(), &self.before);
        nowhere(&self.project().join("out"), SECRET);
    }
}

fn link(target: &Path, link: &Path) {
    let _ = std::fs::remove_file(link);
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[test]
fn a_data_file_linked_outside_the_project() {
    let s = Setup::new();
    s.yaml(&MINI_YAML.replace("data/constats.xlsx", "data/constats.csv"));
    link(
        &s.secret("secret.csv"),
        &s.project().join("data/constats.csv"),
    );
    s.refused(&["data/constats.csv : fichier de données hors du dossier du projet (chemin ou lien symbolique qui en sort) : trame ne lit que les fichiers du projet"]);
}

#[test]
fn a_data_path_going_up() {
    let s = Setup::new();
    s.yaml(&MINI_YAML.replace("data/constats.xlsx", "../secret.csv"));
    s.refused(&["../secret.csv : fichier de données hors du dossier du projet"]);
}

#[test]
fn an_absolute_data_path() {
    let s = Setup::new();
    let absolute = s.secret("secret.csv").display().to_string();
    s.yaml(&MINI_YAML.replace("data/constats.xlsx", &absolute));
    s.refused(&[&format!(
        "{absolute} : fichier de données hors du dossier du projet"
    )]);
}

#[test]
fn a_style_file_outside_the_project() {
    let s = Setup::new();
    s.yaml(&format!("{MINI_YAML}style: ../secret.yaml\n"));
    s.refused(&["../secret.yaml : fichier de style hors du dossier du projet"]);
}

#[test]
fn a_linked_house_style_outside_the_project() {
    let s = Setup::new();
    link(
        &s.secret("secret.yaml"),
        &s.project().join("blueprints/style.yaml"),
    );
    s.refused(&["blueprints/style.yaml : fichier de style hors du dossier du projet"]);
}

#[test]
fn a_reference_docx_linked_outside_the_project() {
    let s = Setup::new();
    link(&s.secret("secret.docx"), &s.project().join("modele.docx"));
    s.yaml(&format!("{MINI_YAML}reference_docx: modele.docx\n"));
    s.refused(&["modele.docx : modèle Word (reference_docx) hors du dossier du projet"]);
}

#[test]
fn an_image_linked_outside_the_project() {
    let s = Setup::new();
    link(
        &s.secret("secret.png"),
        &s.project().join("images/carte.png"),
    );
    std::fs::write(
        s.project().join("blueprints/rapport.md.j2"),
        format!(
            "{BLUEPRINT}\n{{{{ image(\"images/carte.png\", caption=\"Carte des régions\") }}}}\n"
        ),
    )
    .unwrap();
    s.refused(&[
        "images/carte.png : image hors du dossier du projet",
        "conseil : image appelée par blueprints/rapport.md.j2",
    ]);
}

#[test]
fn a_logo_outside_the_project() {
    let s = Setup::new();
    s.yaml(&MINI_YAML.replace(
        "  date: 2024-04-12\n",
        "  date: 2024-04-12\n  logo: ../secret.png\n",
    ));
    s.refused(&["../secret.png : image hors du dossier du projet"]);
}

#[test]
fn a_data_path_that_is_a_folder() {
    let s = Setup::new();
    s.yaml(&MINI_YAML.replace("data/constats.xlsx", "data"));
    s.refused(&["data : fichier de données attendu, mais ce chemin est un dossier"]);
}

#[test]
fn a_fifo_as_data_file_does_not_block() {
    let s = Setup::new();
    s.yaml(&MINI_YAML.replace("data/constats.xlsx", "data/constats.csv"));
    let made = std::process::Command::new("mkfifo")
        .arg(s.project().join("data/constats.csv"))
        .status()
        .expect("mkfifo");
    assert!(made.success());
    s.refused(&["data/constats.csv : fichier de données attendu, mais ce chemin n'est pas un fichier ordinaire (tube, socket ou périphérique) : trame ne le lit pas"]);
}
