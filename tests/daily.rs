//! Daily use: init, watch, readable errors, the build summary and JSON
//! report, PDF copies, help and completions.

mod common;

use common::*;
use std::io::BufRead;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[test]
fn init_vierge_is_the_default_and_builds_on_the_first_try() {
    let dir = tempfile::tempdir().unwrap();
    let out = trame(dir.path(), &["init", "neuf"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "Projet créé dans neuf (5 fichiers).\nPour produire les documents :\n  cd neuf\n  trame build\n"
    );
    let project = dir.path().join("neuf");
    let mut files: Vec<String> = snapshot(&project)
        .into_iter()
        .map(|(p, _)| {
            p.strip_prefix(&project)
                .unwrap()
                .to_string_lossy()
                .to_string()
        })
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "LISEZ-MOI.md",
            "blueprints/rapport.md.j2",
            "data/activites.xlsx",
            "out/.gitkeep",
            "trame.yaml"
        ]
    );
    // No project-specific text: nothing about IOM, Mali or trafficking.
    for (path, bytes) in snapshot(&project) {
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        for word in ["oim", "iom", "mali", "traite"] {
            assert!(!text.contains(word), "{word} in {}", path.display());
        }
    }
    let out = trame(&project, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("rapport → out/rapport.docx : ≈ 1 page, 1 tableau, 0 figure, ")
    );
    let text = document_text(&project.join("out/rapport.docx"));
    assert!(
        text.contains("Ce rapport présente 3 activités, qui ont réuni 54 participants du 8 janvier 2025 au 29 janvier 2025."),
        "{text}"
    );
    assert!(text.contains("Formation des animateurs"), "{text}");
    assert_valid_if_installed(&project.join("out/rapport.docx"));
    // The same bytes at every init.
    let again = trame(dir.path(), &["init", "encore"]);
    assert!(again.status.success());
    assert_eq!(
        std::fs::read(project.join("data/activites.xlsx")).unwrap(),
        std::fs::read(dir.path().join("encore/data/activites.xlsx")).unwrap()
    );
}

#[test]
fn init_creates_a_project_that_builds_right_away() {
    let dir = tempfile::tempdir().unwrap();
    let out = trame(dir.path(), &["init", "mon-projet", "--modele", "oim-mali"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("Projet créé dans mon-projet ("),
        "{}",
        stdout(&out)
    );
    let project = dir.path().join("mon-projet");
    for f in [
        "trame.yaml",
        "LISEZ-MOI.md",
        "blueprints/style.yaml",
        "blueprints/evaluation-besoins.md.j2",
        "blueprints/partials/mentions.md.j2",
        "data/evaluation-besoins.xlsx",
        "data/referentiel.xlsx",
    ] {
        assert!(project.join(f).is_file(), "{f}");
    }
    assert!(project.join("out").is_dir());
    // The embedded sample is the repository's, byte for byte.
    for f in [
        "trame.yaml",
        "blueprints/module-fds.md.j2",
        "data/formation-formateurs.xlsx",
    ] {
        assert_eq!(
            std::fs::read(project.join(f)).unwrap(),
            std::fs::read(repo().join(f)).unwrap(),
            "{f}"
        );
    }
    let out = trame(&project, &["build", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    assert!(project.join("out/module-magistrats.docx").exists());

    // A folder that is not empty is refused, unless told to.
    let out = trame(dir.path(), &["init", "mon-projet"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "trame : 1 problème à corriger :\n- mon-projet : le dossier n'est pas vide : choisissez un dossier neuf, ou ajoutez --force pour y écrire quand même (les fichiers du nouveau projet remplaceront ceux de même nom)\n"
    );
    let out = trame(
        dir.path(),
        &["init", "mon-projet", "--modele", "oim-mali", "--force"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn errors_show_the_line_and_caret_or_the_cell_and_value() {
    let p = MiniProject::new(
        "# Constats\n\n{% for entretien in constats %}\n- {{ entretien.themee }}\n{% endfor %}\n",
        &MiniProject::good_rows(),
    );
    let out = p.build();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "trame : 1 problème à corriger :\n\
- blueprints/rapport.md.j2, ligne 4 : variable inconnue « entretien.themee »\n      \
- {{ entretien.themee }}\n           \
^^^^^^^^^^^^^^^^\n      \
conseil : vouliez-vous dire « theme » ?\n"
    );
    p.write_blueprint("x\n");
    p.write_rows(&[
        [
            V::S("C1"),
            V::S("Identification"),
            V::S("31/02/2024"),
            V::N(1.0),
            V::S("Haute"),
            V::E,
        ],
        [
            V::S("C2"),
            V::E,
            V::D(2024, 3, 5),
            V::N(2.0),
            V::S("Haute"),
            V::E,
        ],
    ]);
    let out = p.build();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "trame : 2 problèmes à corriger :\n\
- data/constats.xlsx, feuille « Constats », cellule C2 : date inexistante « 31/02/2024 » : ce jour n'existe pas dans le calendrier\n      \
ligne 2, colonne C « Date », valeur « 31/02/2024 »\n\
- data/constats.xlsx, feuille « Constats », cellule B3 : valeur obligatoire manquante (colonne « Thème »)\n      \
ligne 3, colonne B « Thème », valeur vide\n"
    );
}

#[test]
fn build_summary_and_json_report() {
    let dir = fixture("petit-rapport");
    let out = trame(dir.path(), &["build"]);
    assert!(out.status.success());
    let line = stdout(&out);
    assert!(
        line.starts_with("evaluation → out/evaluation-besoins.docx : ≈ "),
        "{line}"
    );
    assert!(line.contains(" pages, 2 tableaux, 0 figure, 5"), "{line}");
    assert!(line.trim_end().ends_with(" s"), "{line}");

    let out = trame(dir.path(), &["build", "--json"]);
    assert!(out.status.success());
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["ok"], true);
    let doc = &report["documents"][0];
    assert_eq!(doc["name"], "evaluation");
    assert_eq!(doc["output"], "out/evaluation-besoins.docx");
    assert_eq!(doc["manifest"], "out/evaluation-besoins.manifest.json");
    assert_eq!(doc["tables"], 2);
    assert!(doc["words"].as_u64().unwrap() > 400);

    std::fs::write(
        dir.path().join("blueprints/evaluation-besoins.md.j2"),
        "{{ inconnu }}\n",
    )
    .unwrap();
    let out = trame(dir.path(), &["build", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["ok"], false);
    assert_eq!(
        report["problems"][0]["location"],
        serde_json::json!({ "file": "blueprints/evaluation-besoins.md.j2", "line": 1, "column": 4 })
    );
    assert_eq!(
        report["problems"][0]["place"],
        "blueprints/evaluation-besoins.md.j2, ligne 1"
    );
    assert_eq!(
        report["problems"][0]["message"],
        "variable inconnue « inconnu »"
    );
}

#[test]
#[cfg_attr(
    trame_no_soffice,
    ignore = "LibreOffice (soffice, python3-uno, pdftotext) introuvable"
)]
fn pdf_copies_through_libreoffice() {
    let dir = fixture("petit-rapport");
    if cfg!(trame_no_soffice) || trame::pdf::soffice().is_none() {
        missing_tool("LibreOffice (soffice)");
    } else {
        let out = trame(dir.path(), &["build", "--pdf"]);
        assert!(out.status.success(), "{}", stderr(&out));
        // The document's line first, then its PDF's as soon as it is written.
        let lines: Vec<String> = stdout(&out).lines().map(str::to_string).collect();
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines[0].starts_with("evaluation → out/evaluation-besoins.docx : "));
        assert_eq!(lines[1], "PDF → out/evaluation-besoins.pdf");
        let text = pdf_text(&dir.path().join("out/evaluation-besoins.pdf"));
        assert!(text.contains("Résumé exécutif"));
        // With python3-uno, the tables of contents get their page numbers.
        let form = fixture("forme-oim");
        let out = trame(form.path(), &["build", "--pdf"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let toc = pdf_page_text(&form.path().join("out/essai.pdf"), 3);
        let cadre = toc
            .lines()
            .find(|l| l.contains("Cadre") && l.contains("...."))
            .unwrap_or_default()
            .trim()
            .to_string();
        if std::process::Command::new("/usr/bin/python3")
            .args(["-c", "import uno"])
            .output()
            .is_ok_and(|o| o.status.success())
        {
            assert!(
                cadre.ends_with(|c: char| c.is_ascii_digit()),
                "page number in the table of contents: {toc}"
            );
        } else {
            missing_tool("python3-uno (numéros de page des tables des matières dans les PDF)");
        }
    }
    // Without LibreOffice: a clear message, and the Word files are written.
    let blueprint = dir.path().join("blueprints/evaluation-besoins.md.j2");
    let text = std::fs::read_to_string(&blueprint).unwrap();
    std::fs::write(&blueprint, format!("{text}\nUne phrase de plus.\n")).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_trame"))
        .args(["build", "--pdf"])
        .current_dir(dir.path())
        .env("TRAME_SOFFICE", "/nonexistent/soffice")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("out/evaluation-besoins.docx : LibreOffice est introuvable : installez-le (libreoffice.org, ou le paquet libreoffice-writer), ou indiquez son programme dans la variable TRAME_SOFFICE ; les documents Word ont bien été écrits"), "{}", stderr(&out));
    assert!(dir.path().join("out/evaluation-besoins.docx").exists());
    // The PDF written before no longer matches the new document: removed.
    if !cfg!(trame_no_soffice) {
        assert!(
            stderr(&out).contains("conseil : l'ancien out/evaluation-besoins.pdf a été supprimé : il ne correspondait plus au document"),
            "{}",
            stderr(&out)
        );
        assert!(!dir.path().join("out/evaluation-besoins.pdf").exists());
    }
}

#[test]
fn help_is_french_with_examples_and_completions_exist() {
    let dir = tempfile::tempdir().unwrap();
    let out = trame(dir.path(), &["--help"]);
    let help = stdout(&out);
    for s in [
        "Utilisation :",
        "Commandes :",
        "Options :",
        "Exemples :",
        "init",
        "watch",
        "review",
        "redline",
        "deliver",
    ] {
        assert!(help.contains(s), "{s} in {help}");
    }
    for command in [
        "check",
        "build",
        "init",
        "watch",
        "review",
        "deliver",
        "redline",
        "completions",
    ] {
        let out = trame(dir.path(), &[command, "--help"]);
        let text = stdout(&out);
        assert!(
            text.contains("Utilisation :") && text.contains("Exemple"),
            "{command}: {text}"
        );
        assert!(
            !text.contains("Usage:") && !text.contains("Print help"),
            "{command}: {text}"
        );
    }
    let out = trame(dir.path(), &["completions", "bash"]);
    assert!(stdout(&out).contains("_trame()"));
}

#[test]
fn watch_rebuilds_on_save_and_ignores_lock_files() {
    let dir = fixture("petit-rapport");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_trame"))
        .arg("watch")
        .current_dir(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let lines = Arc::new(Mutex::new(Vec::<String>::new()));
    let reader = std::io::BufReader::new(child.stdout.take().unwrap());
    let sink = lines.clone();
    std::thread::spawn(move || {
        for line in reader.lines().map_while(Result::ok) {
            sink.lock().unwrap().push(line);
        }
    });
    // Every line starts with the time: `14:03:12 evaluation → …`.
    let built = |n: usize| {
        lines
            .lock()
            .unwrap()
            .iter()
            .filter(|l| {
                let (time, rest) = l.split_at(l.len().min(9));
                let digits = time.chars().filter(char::is_ascii_digit).count();
                digits == 6
                    && time.as_bytes().get(2) == Some(&b':')
                    && rest.starts_with("evaluation → ")
            })
            .count()
            >= n
    };
    let wait = |what: &dyn Fn() -> bool| {
        let start = Instant::now();
        while !what() {
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "timed out: {:?}",
                lines.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    };
    wait(&|| built(1));
    let docx = dir.path().join("out/evaluation-besoins.docx");
    let before = std::fs::read(&docx).unwrap();
    // The consultant saves the workbook with a finding changed.
    let xlsx = dir.path().join("data/entretiens.xlsx");
    let rows = read_sheet(&xlsx, "Constats");
    let col = rows[0]
        .iter()
        .position(|h| matches!(h, calamine::Data::String(s) if s == "Constat"))
        .unwrap();
    change_cell(
        &xlsx,
        "Constats",
        1,
        col,
        calamine::Data::String("Constat modifié pendant la surveillance.".into()),
    );
    wait(&|| built(2));
    assert_ne!(std::fs::read(&docx).unwrap(), before);
    assert!(document_text(&docx).contains("Constat modifié pendant la surveillance."));
    // Lock and temporary files do not trigger a build.
    std::fs::write(dir.path().join("data/~$entretiens.xlsx"), b"lock").unwrap();
    std::fs::write(dir.path().join("data/.~lock.entretiens.xlsx#"), b"lock").unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    assert!(!built(3), "{:?}", lines.lock().unwrap());
    // A broken blueprint is reported and the watch goes on.
    std::fs::write(
        dir.path().join("blueprints/evaluation-besoins.md.j2"),
        "{{ inconnu }}\n",
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    assert!(child.try_wait().unwrap().is_none(), "still watching");
    let _ = child.kill();
    let _ = child.wait();
}

/// The file in `dir` whose name starts with `prefix` (exactly one).
fn only_file_starting(dir: &std::path::Path, prefix: &str) -> String {
    let found: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(prefix))
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    found[0].clone()
}

#[test]
fn an_output_edited_in_word_is_kept_aside_never_lost() {
    let dir = fixture("petit-rapport");
    let out = trame(dir.path(), &["build", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let docx = dir.path().join("out/evaluation-besoins.docx");
    let ledger: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out/.trame-sorties.json")).unwrap())
            .unwrap();
    assert_eq!(
        ledger["sorties"]["out/evaluation-besoins.docx"],
        trame::files::sha256_hex(&std::fs::read(&docx).unwrap())
    );
    // The consultant edits the delivered document in Word, then rebuilds.
    let mut edited = std::fs::read(&docx).unwrap();
    edited.extend_from_slice(b"edit");
    std::fs::write(&docx, &edited).unwrap();
    let out = trame(dir.path(), &["build", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let kept = only_file_starting(&dir.path().join("out"), "evaluation-besoins (modifié le ");
    assert!(kept.ends_with(").docx"), "{kept}");
    assert_eq!(
        stderr(&out),
        format!(
            "trame : attention : out/evaluation-besoins.docx a été modifié depuis que trame l'a écrit (dans Word ?) ; \
votre version est conservée sous « out/{kept} », et out/evaluation-besoins.docx est remplacé par le nouveau document.\n    \
Pour garder ces modifications dans les prochaines versions, reportez-les dans les sources (classeurs de data/, modèles de blueprints/) : \
Word montre les différences (Révision > Comparer), et out/evaluation-besoins.manifest.json donne la source de chaque paragraphe.\n"
        )
    );
    assert_eq!(
        std::fs::read(dir.path().join("out").join(&kept)).unwrap(),
        edited
    );
    assert_ne!(std::fs::read(&docx).unwrap(), edited);
    // Untouched since: replaced quietly, nothing more kept.
    let out = trame(dir.path(), &["build", "--quiet"]);
    assert_eq!(stderr(&out), "");
    only_file_starting(&dir.path().join("out"), "evaluation-besoins (modifié le ");
}

#[test]
fn review_copies_have_their_own_folder_and_never_replace_the_deliverable() {
    let dir = fixture("petit-rapport");
    assert!(trame(dir.path(), &["build"]).status.success());
    let deliverable = dir.path().join("out/evaluation-besoins.docx");
    let before = std::fs::read(&deliverable).unwrap();
    let out = trame(dir.path(), &["build", "--review"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("evaluation → out/relecture/evaluation-besoins.docx : ≈ "),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains(", copie de relecture, "));
    assert_eq!(std::fs::read(&deliverable).unwrap(), before);
    let copy = dir.path().join("out/relecture/evaluation-besoins.docx");
    assert!(part(&copy, "word/settings.xml").contains("<w:trackRevisions/>"));
    assert!(!part(&deliverable, "word/settings.xml").contains("<w:trackRevisions/>"));
}

#[test]
fn review_merges_into_the_matrix_keeping_typed_decisions() {
    use calamine::Data;
    let dir = fixture("petit-rapport");
    assert!(trame(dir.path(), &["build", "--review"]).status.success());
    let copy = dir.path().join("out/relecture/evaluation-besoins.docx");
    let returned = dir.path().join("retour.docx");
    returned_with_comments(
        &copy,
        &returned,
        &[("Awa", "Premier."), ("Awa", "Deuxième.")],
    );
    let out = trame(dir.path(), &["review", "retour.docx"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let xlsx = dir.path().join("out/matrice-relecture.xlsx");
    let rows = read_sheet(&xlsx, "Matrice");
    assert_eq!(rows[0][11], Data::String("Décision".into()));
    assert_eq!(rows[0][13], Data::String("Suivi".into()));
    assert_eq!(rows[0][14], Data::String("Identifiant".into()));
    let id_of = |rows: &[Vec<Data>], text: &str| {
        rows.iter()
            .find(|r| r[5] == Data::String(text.into()))
            .map(|r| r[14].to_string())
            .unwrap_or_else(|| panic!("{text} in {rows:?}"))
    };
    let first_id = id_of(&rows, "Premier.");
    assert_eq!(first_id.len(), 12, "{first_id}");
    // The consultant types a decision and a response in the matrix.
    edit_workbook(&xlsx, |sheet, rows| {
        if sheet == "Matrice" {
            let r = rows
                .iter()
                .position(|r| r[5] == Data::String("Premier.".into()))
                .unwrap();
            rows[r].resize(15, Data::Empty);
            rows[r][11] = Data::String("Acceptée".into());
            rows[r][12] = Data::String("Corrigé dans le classeur.".into());
        }
    });
    // A second round: one more comment; the matrix is merged, not replaced.
    returned_with_comments(
        &copy,
        &returned,
        &[
            ("Awa", "Premier."),
            ("Awa", "Deuxième."),
            ("Moussa", "Troisième."),
        ],
    );
    let out = trame(dir.path(), &["review", "retour.docx"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "3 éléments relevés dans 1 fichier :\n- Awa : 2 commentaires\n- Moussa : 1 commentaire\n\
Matrice existante reprise : 1 décision ou réponse conservée, 1 ligne nouvelle.\n\
Matrice écrite : out/matrice-relecture.xlsx\n"
    );
    let rows = read_sheet(&xlsx, "Matrice");
    let row = |text: &str| {
        rows.iter()
            .find(|r| r[5] == Data::String(text.into()))
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(id_of(&rows, "Premier."), first_id, "identifiers are stable");
    assert_eq!(
        row("Premier.")[11..14],
        ["Acceptée", "Corrigé dans le classeur.", ""]
    );
    assert_eq!(row("Deuxième.")[11..14], ["", "", ""]);
    assert_eq!(row("Troisième.")[11..14], ["", "", "nouveau"]);
    // The commented passage is gone from the next returned file: its
    // decision is kept all the same.
    returned_with_comments(&copy, &returned, &[("Moussa", "Troisième.")]);
    let out = trame(dir.path(), &["review", "retour.docx"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Matrice existante reprise : 1 décision ou réponse conservée, 0 ligne nouvelle, 1 ligne absente des fichiers relus gardée pour leur décision.\n"),
        "{}",
        stdout(&out)
    );
    let rows = read_sheet(&xlsx, "Matrice");
    assert_eq!(rows.len(), 3, "{rows:?}");
    let gone = rows
        .iter()
        .find(|r| r[5] == Data::String("Premier.".into()))
        .unwrap();
    assert_eq!(gone[11], Data::String("Acceptée".into()));
    assert_eq!(gone[13], Data::String("absent des fichiers relus".into()));
}

#[test]
fn a_formula_without_a_computed_value_is_an_error_naming_the_cell() {
    let p = MiniProject::new("{{ constats | length }}\n", &MiniProject::good_rows());
    let xlsx = p.path().join("data/constats.xlsx");
    // As a program that does not compute formulas writes them (openpyxl):
    // the formula, no value.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let s = wb.add_worksheet().set_name("Constats").unwrap();
    for (c, h) in ["Code", "Thème", "Date", "Nombre", "Priorité", "Nom"]
        .iter()
        .enumerate()
    {
        s.write(0, c as u16, *h).unwrap();
    }
    for r in 1..=3u32 {
        s.write(r, 0, format!("C{r}")).unwrap();
        s.write(r, 1, "Identification").unwrap();
        s.write_formula(r, 3, "=1+2").unwrap();
    }
    wb.save(&xlsx).unwrap();
    rewrite_package(&xlsx, |_, text| text.replace("</f><v>0</v>", "</f>"), &[]);
    let out = p.build();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "trame : 1 problème à corriger :\n\
- data/constats.xlsx, feuille « Constats », cellule D2 : formule sans valeur calculée (et 2 autres cellules) : \
le classeur a été écrit par un programme qui ne calcule pas les formules\n      \
conseil : ouvrez et enregistrez le classeur dans Excel ou LibreOffice, puis relancez\n"
    );
    // A formula whose result is an empty text is not one.
    rewrite_package(
        &xlsx,
        |_, text| {
            text.replace("<c r=\"D2\">", "<c r=\"D2\" t=\"str\">")
                .replace("<f>1+2</f></c>", "<f>1+2</f><v></v></c>")
        },
        &[],
    );
    let out = p.build();
    assert!(
        stderr(&out).contains("cellule D3 : formule sans valeur calculée (et 1 autre cellule)"),
        "{}",
        stderr(&out)
    );
}

#[test]
#[cfg_attr(
    trame_no_tarball,
    ignore = "paquet de publication absent : lancez scripts/paquet.sh (ou .ci/run)"
)]
fn the_release_tarball_builds_the_sample_without_rust() {
    let name = format!("trame-{}-linux-x86_64", env!("CARGO_PKG_VERSION"));
    let tarball = repo().join(format!("target/paquet/{name}.tar.gz"));
    if !tarball.is_file() {
        missing_tool("le paquet de publication (scripts/paquet.sh)");
    }
    // Its checksum file says the truth, in sha256sum's format.
    let sum = std::fs::read_to_string(repo().join(format!("target/paquet/{name}.tar.gz.sha256")))
        .unwrap();
    assert_eq!(
        sum,
        format!(
            "{}  {name}.tar.gz\n",
            trame::files::sha256_hex(&std::fs::read(&tarball).unwrap())
        )
    );
    // Unpacked into an empty folder, run with an empty environment: no
    // Rust, no PATH at all.
    let dir = tempfile::tempdir().unwrap();
    let unpack = std::process::Command::new("tar")
        .arg("-xzf")
        .arg(&tarball)
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(unpack.status.success(), "{}", stderr(&unpack));
    let binary = dir.path().join(&name).join("trame");
    let run = |args: &[&str], at: &std::path::Path| {
        std::process::Command::new(&binary)
            .args(args)
            .current_dir(at)
            .env_clear()
            .output()
            .unwrap()
    };
    let out = run(&["init", "projet", "--modele", "oim-mali"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let project = dir.path().join("projet");
    let out = run(&["build"], &project);
    assert!(out.status.success(), "{}", stderr(&out));
    for doc in [
        "evaluation-besoins.docx",
        "module-fds.docx",
        "module-magistrats.docx",
        "formation-formateurs.docx",
    ] {
        assert!(
            project.join("out").join(doc).is_file(),
            "{doc}: {}",
            stdout(&out)
        );
    }
    // The four reports, and one attestation per participant of the training.
    assert_eq!(stdout(&out).lines().count(), 4 + 24, "{}", stdout(&out));
    // The blank project too, on the first try.
    let out = run(&["init", "vierge"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(&["build"], &dir.path().join("vierge"));
    assert!(out.status.success(), "{}", stderr(&out));
}
