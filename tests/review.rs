//! Review round trip: review copies, the reader on files edited by
//! LibreOffice, on Word markup made by hand (replies, done state) and on
//! Word's own files, the sources it names, and hostile input.

mod common;

use common::*;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Builds the small report as a review copy; returns the project and the copy.
fn review_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = fixture("petit-rapport");
    let out = trame(dir.path(), &["build", "--review"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let docx = dir.path().join("out/relecture/evaluation-besoins.docx");
    (dir, docx)
}

/// The matrix as rows of strings (header first).
fn matrix(xlsx: &Path) -> Vec<Vec<String>> {
    read_sheet(xlsx, "Matrice")
        .into_iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

#[test]
fn review_copies_track_every_change() {
    let (_dir, docx) = review_copy();
    let settings = part(&docx, "word/settings.xml");
    assert!(
        settings.contains(r#"<w:trackRevisions/><w:documentProtection w:edit="trackedChanges" w:enforcement="1"/><w:defaultTabStop"#),
        "{settings}"
    );
    assert!(!settings.contains("w:hash"), "no password");
    assert_valid_if_installed(&docx);
    // The manifest travels inside the package.
    let manifest = part(&docx, "customXml/item1.xml");
    assert!(manifest.contains("urn:trame:manifest:1"));
    assert!(manifest.contains("Les dossiers reposent presque exclusivement"));
}

#[test]
#[cfg_attr(
    trame_no_soffice,
    ignore = "LibreOffice (soffice, python3-uno, pdftotext) introuvable"
)]
fn libreoffice_review_gives_the_matrix_with_sources() {
    let (dir, docx) = review_copy();
    let returned = dir.path().join("retour-CNCLTPPA.docx");
    let edits = r#"[{"op":"delete","text":"presque exclusivement "},
        {"op":"insert_after","text":"Former en priorité","insert":" et sans délai"},
        {"op":"comment","text":"KII-GOV-07","comment":"Vérifier ce code."}]"#;
    if !review_in_libreoffice(&docx, &returned, "Awa Relectrice", edits) {
        return;
    }
    // LibreOffice leaves a lock file beside what it had open: it is ignored.
    std::fs::write(dir.path().join(".~lock.retour-CNCLTPPA.docx#"), b"lock").unwrap();
    let out = trame(
        dir.path(),
        &[
            "review",
            "retour-CNCLTPPA.docx",
            ".~lock.retour-CNCLTPPA.docx#",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "3 éléments relevés dans 1 fichier :\n- Awa Relectrice : 1 commentaire, 1 insertion, 1 suppression\nMatrice écrite : out/matrice-relecture.xlsx\n"
    );
    let rows = matrix(&dir.path().join("out/matrice-relecture.xlsx"));
    assert_eq!(
        rows[0],
        [
            "N°",
            "Document",
            "Section",
            "Type",
            "Texte concerné",
            "Commentaire ou modification",
            "Auteur",
            "Date",
            "Fil",
            "Résolu",
            "Source à modifier",
            "Décision",
            "Réponse",
            "Suivi",
            "Identifiant",
            "Texte de remplacement",
            "Texte reçu",
            "Texte proposé"
        ]
    );
    assert_eq!(rows.len(), 4);
    let comment = &rows[1];
    assert_eq!(
        comment[..7],
        [
            "1",
            "retour-CNCLTPPA.docx",
            "1 Méthodologie > 1.1 Entretiens avec les informateurs clés",
            "commentaire",
            "KII-GOV-07",
            "Vérifier ce code.",
            "Awa Relectrice"
        ]
    );
    assert_eq!(comment[8], "1", "a comment opens its own thread");
    assert_eq!(
        comment[9], "",
        "LibreOffice does not say whether it is resolved"
    );
    assert_eq!(
        comment[10],
        "data/entretiens.xlsx, feuille « Entretiens », cellule A4"
    );
    let deletion = &rows[2];
    assert_eq!(deletion[2], "2 Constats > 2.2 Enquête et preuve");
    assert_eq!(deletion[3], "suppression");
    assert_eq!(deletion[4], "KII-GOV-05 : Les dossiers reposent presque exclusivement sur les déclarations des victimes, qui se rétractent souvent.".replace(" : ", "\u{a0}: "));
    assert_eq!(deletion[5], "presque exclusivement ");
    assert_eq!(deletion[6], "Awa Relectrice");
    assert!(
        deletion[7].len() == 16 && deletion[7].as_bytes()[2] == b'/',
        "date dd/mm/yyyy hh:mm: {}",
        deletion[7]
    );
    assert_eq!(
        deletion[10], "data/entretiens.xlsx, feuille « Constats », cellule C3",
        "data-derived text → its workbook cell"
    );
    assert_eq!(
        deletion[16], deletion[4],
        "the paragraph as received, whole"
    );
    assert_eq!(
        deletion[17],
        deletion[4].replace("presque exclusivement ", ""),
        "the paragraph with this change alone accepted"
    );
    let insertion = &rows[3];
    assert_eq!(insertion[2], "4 Recommandations");
    assert_eq!(insertion[3], "insertion");
    assert_eq!(insertion[5], " et sans délai");
    assert_eq!(
        insertion[10], "blueprints/evaluation-besoins.md.j2, ligne 59",
        "blueprint text → its line"
    );
    assert_eq!(
        (insertion[11].as_str(), insertion[12].as_str()),
        ("", ""),
        "decision and response are left to the author"
    );

    // CSV on request, several files in one matrix.
    std::fs::copy(&returned, dir.path().join("retour-OIM.docx")).unwrap();
    let out = trame(
        dir.path(),
        &["review", "retour-CNCLTPPA.docx", "retour-OIM.docx", "--csv"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = std::fs::read_to_string(dir.path().join("out/matrice-relecture.csv")).unwrap();
    assert!(csv.starts_with("\u{feff}N°;Document;Section;Type"));
    assert_eq!(csv.lines().count(), 7, "{csv}");
    assert!(csv.contains("6;retour-OIM.docx;"));
}

/// Rewrites a .docx, changing parts with `edit` and adding `extra` parts.
fn rewrite(
    src: &Path,
    dst: &Path,
    edit: impl Fn(&str, String) -> String,
    extra: &[(&str, String)],
) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(src).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(dst).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
        let bytes = match String::from_utf8(bytes) {
            Ok(text) => edit(&name, text).into_bytes(),
            Err(e) => e.into_bytes(),
        };
        out.start_file(name.as_str(), opts).unwrap();
        out.write_all(&bytes).unwrap();
    }
    for (name, text) in extra {
        out.start_file(*name, opts).unwrap();
        out.write_all(text.as_bytes()).unwrap();
    }
    out.finish().unwrap();
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

#[test]
fn word_markup_replies_done_states_and_changes() {
    let (dir, docx) = review_copy();
    let returned = dir.path().join("retour-word.docx");
    let comments = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments xmlns:w="{W}" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml">
<w:comment w:id="0" w:author="Moussa (OIM)" w:date="2024-05-03T10:05:00Z" w:initials="M"><w:p w14:paraId="1A2B3C4D"><w:r><w:t>Préciser la source de ce constat.</w:t></w:r></w:p></w:comment>
<w:comment w:id="1" w:author="Consultant" w:date="2024-05-04T09:00:00Z" w:initials="C"><w:p w14:paraId="2B3C4D5E"><w:r><w:t>Source ajoutée.</w:t></w:r></w:p></w:comment>
<w:comment w:id="2" w:author="Moussa (OIM)" w:date="2024-05-03T11:00:00Z" w:initials="M"><w:p w14:paraId="3C4D5E6F"><w:r><w:t>Titre trop long.</w:t></w:r></w:p></w:comment>
</w:comments>"#
    );
    let extended = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w15:commentsEx xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml">
<w15:commentEx w15:paraId="1A2B3C4D" w15:done="1"/><w15:commentEx w15:paraId="2B3C4D5E" w15:paraIdParent="1A2B3C4D" w15:done="1"/><w15:commentEx w15:paraId="3C4D5E6F" w15:done="0"/></w15:commentsEx>"#
        .to_string();
    rewrite(
        &docx,
        &returned,
        |name, text| {
            match name {
            "word/document.xml" => text
                // A comment and its reply on a finding (data), a comment on a heading.
                .replacen(
                    "Les brigades interviennent",
                    "</w:t></w:r><w:commentRangeStart w:id=\"0\"/><w:commentRangeStart w:id=\"1\"/><w:r><w:t xml:space=\"preserve\">Les brigades interviennent",
                    1,
                )
                .replacen(
                    "les indicateurs ne sont pas connus.</w:t></w:r>",
                    "les indicateurs ne sont pas connus.</w:t></w:r><w:commentRangeEnd w:id=\"0\"/><w:r><w:commentReference w:id=\"0\"/></w:r><w:commentRangeEnd w:id=\"1\"/><w:r><w:commentReference w:id=\"1\"/></w:r>",
                    1,
                )
                .replacen(
                    "<w:t xml:space=\"preserve\">Recommandations</w:t></w:r>",
                    "<w:t xml:space=\"preserve\">Recommandations</w:t></w:r><w:r><w:commentReference w:id=\"2\"/></w:r>",
                    1,
                )
                // A tracked change Word-style, with a formatting change.
                .replacen(
                    "<w:r><w:t xml:space=\"preserve\">Harmoniser les supports de formation avec le CNCLTPPA.</w:t></w:r>",
                    "<w:r><w:t xml:space=\"preserve\">Harmoniser les supports </w:t></w:r><w:del w:id=\"90\" w:author=\"Moussa (OIM)\" w:date=\"2024-05-03T10:10:00Z\"><w:r><w:delText xml:space=\"preserve\">de formation </w:delText></w:r></w:del><w:ins w:id=\"91\" w:author=\"Moussa (OIM)\" w:date=\"2024-05-03T10:10:00Z\"><w:r><w:t xml:space=\"preserve\">pédagogiques </w:t></w:r></w:ins><w:r><w:rPr><w:b/><w:rPrChange w:id=\"92\" w:author=\"Moussa (OIM)\" w:date=\"2024-05-03T10:11:00Z\"><w:rPr/></w:rPrChange></w:rPr><w:t xml:space=\"preserve\">avec le CNCLTPPA.</w:t></w:r>",
                    1,
                ),
            "[Content_Types].xml" => text.replace(
                "</Types>",
                "<Override PartName=\"/word/comments.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml\"/><Override PartName=\"/word/commentsExtended.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml\"/></Types>",
            ),
            "word/_rels/document.xml.rels" => text.replace(
                "</Relationships>",
                "<Relationship Id=\"rIdC1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments\" Target=\"comments.xml\"/><Relationship Id=\"rIdC2\" Type=\"http://schemas.microsoft.com/office/2011/relationships/commentsExtended\" Target=\"commentsExtended.xml\"/></Relationships>",
            ),
            _ => text,
        }
        },
        &[
            ("word/comments.xml", comments),
            ("word/commentsExtended.xml", extended),
        ],
    );
    assert_valid_if_installed(&returned);
    let out = trame(dir.path(), &["review", "retour-word.docx"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = matrix(&dir.path().join("out/matrice-relecture.xlsx"));
    let summary: Vec<Vec<&str>> = rows[1..]
        .iter()
        .map(|r| {
            vec![
                r[0].as_str(),
                r[2].as_str(),
                r[3].as_str(),
                r[5].as_str(),
                r[6].as_str(),
                r[7].as_str(),
                r[8].as_str(),
                r[9].as_str(),
                r[10].as_str(),
            ]
        })
        .collect();
    let finding = "data/entretiens.xlsx, feuille « Constats », cellule C4";
    let line = "blueprints/evaluation-besoins.md.j2, ligne 60";
    assert_eq!(
        summary,
        vec![
            vec![
                "1",
                "2 Constats > 2.3 Identification des victimes",
                "commentaire",
                "Préciser la source de ce constat.",
                "Moussa (OIM)",
                "03/05/2024 10:05",
                "1",
                "oui",
                finding
            ],
            vec![
                "2",
                "2 Constats > 2.3 Identification des victimes",
                "réponse",
                "Source ajoutée.",
                "Consultant",
                "04/05/2024 09:00",
                "1",
                "oui",
                finding
            ],
            vec![
                "3",
                "4 Recommandations",
                "commentaire",
                "Titre trop long.",
                "Moussa (OIM)",
                "03/05/2024 11:00",
                "3",
                "non",
                "blueprints/evaluation-besoins.md.j2, ligne 57"
            ],
            vec![
                "4",
                "4 Recommandations",
                "suppression",
                "de formation ",
                "Moussa (OIM)",
                "03/05/2024 10:10",
                "",
                "",
                line
            ],
            vec![
                "5",
                "4 Recommandations",
                "insertion",
                "pédagogiques ",
                "Moussa (OIM)",
                "03/05/2024 10:10",
                "",
                "",
                line
            ],
            vec![
                "6",
                "4 Recommandations",
                "mise en forme",
                "avec le CNCLTPPA.",
                "Moussa (OIM)",
                "03/05/2024 10:11",
                "",
                "",
                line
            ],
        ]
    );
    assert_eq!(
        rows[1][4],
        "Les brigades interviennent sur les sites d’orpaillage pour des rixes, pas pour l’exploitation\u{a0}; les indicateurs ne sont pas connus."
    );
}

#[test]
#[cfg_attr(trame_no_shared, ignore = "../shared/fixtures/word-revisions absent")]
fn a_file_trame_did_not_make_has_no_source_but_everything_else() {
    let Some(fixture) = word_fixture("HC031-Complicated-Document.docx") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(&fixture, dir.path().join("autre.docx")).unwrap();
    let out = trame(dir.path(), &["review", "autre.docx"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = matrix(&dir.path().join("out/matrice-relecture.xlsx"));
    assert!(rows.len() > 2);
    for r in &rows[1..] {
        assert!(
            !r[3].is_empty() && !r[6].is_empty() && !r[7].is_empty(),
            "{r:?}"
        );
        assert_eq!(r[10], "", "no manifest, no source");
    }
    assert!(
        rows.iter()
            .any(|r| r[3] == "commentaire" && r[2].contains("Heading"))
    );
}

/// A Word-made file from ../shared (tests using it are ignored without it).
fn word_fixture(name: &str) -> Option<PathBuf> {
    let path = repo().join("../shared/fixtures/word-revisions").join(name);
    if cfg!(trame_no_shared) || !path.exists() {
        missing_tool("../shared/fixtures/word-revisions");
    }
    Some(path)
}

#[test]
#[cfg_attr(trame_no_shared, ignore = "../shared/fixtures/word-revisions absent")]
fn every_word_made_revision_file_is_read() {
    // (file, kinds that must be reported)
    let expected: &[(&str, &[&str])] = &[
        ("CA010-Delete-Run.docx", &["suppression"]),
        ("CA011-Insert-Run.docx", &["insertion"]),
        (
            "FA-RevTracking_002-DeletedNumberedParagraphs.docx",
            &["suppression"],
        ),
        ("FA-RevTracking_006-DeletedTableRow.docx", &["suppression"]),
        ("FA-RevTracking_007-InsertedTableRow.docx", &["insertion"]),
        ("FA-RevTracking_014-MovedParagraph.docx", &["déplacement"]),
        (
            "FA-RevTracking_018-ParagraphPropertiesChange.docx",
            &["mise en forme"],
        ),
        (
            "FA-RevTracking_019-RunPropertiesChange.docx",
            &["mise en forme"],
        ),
        (
            "FA-RevTracking_023-CellPropertiesChange.docx",
            &["mise en forme"],
        ),
        (
            "HC031-Complicated-Document.docx",
            &["commentaire", "suppression"],
        ),
        (
            "RA001-Tracked-Revisions-01.docx",
            &["insertion", "suppression", "déplacement", "mise en forme"],
        ),
        ("RP015-MoveFrom-MoveTo.docx", &["déplacement"]),
        (
            "RP021-Inserted-Numbering-Properties.docx",
            &["mise en forme"],
        ),
        ("RP034-Deleted-Cells.docx", &["insertion", "suppression"]),
        ("RP050-Deleted-Footnote.docx", &["suppression"]),
        ("WC066-Textbox-Before-Ins-Mod.docx", &["insertion"]),
    ];
    let Some(_) = word_fixture("CA010-Delete-Run.docx") else {
        return;
    };
    let dir = repo().join("../shared/fixtures/word-revisions");
    // Every file of the folder is read without error.
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "docx") {
            let files = vec![(path.display().to_string(), std::fs::read(&path).unwrap())];
            let entries =
                trame::review::review(&files).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert!(!entries.is_empty(), "{}: nothing found", path.display());
        }
    }
    for (name, kinds) in expected {
        let path = dir.join(name);
        let files = vec![(name.to_string(), std::fs::read(&path).unwrap())];
        let entries = trame::review::review(&files).unwrap();
        for kind in *kinds {
            assert!(
                entries.iter().any(|e| e.kind == *kind),
                "{name}: no {kind} in {entries:#?}"
            );
        }
    }
}

fn review_error(dir: &Path, name: &str, bytes: &[u8]) -> String {
    std::fs::write(dir.join(name), bytes).unwrap();
    let before = snapshot(&dir.join("out"));
    let out = trame(dir, &["review", name]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert_eq!(snapshot(&dir.join("out")), before, "nothing written");
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    err
}

fn zip_with(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        out.start_file(
            *name,
            zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated),
        )
        .unwrap();
        out.write_all(bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn hostile_or_broken_files_get_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let err = review_error(d, "texte.docx", b"ceci n'est pas un document");
    assert!(err.contains("texte.docx : ce n'est pas un document Word (.docx) : le fichier n'est pas une archive OOXML"), "{err}");

    let err = review_error(
        d,
        "sans-document.docx",
        &zip_with(&[("[Content_Types].xml", b"<Types/>")]),
    );
    assert!(
        err.contains(
            "sans-document.docx : word/document.xml absent : ce n'est pas un document Word (.docx)"
        ),
        "{err}"
    );

    let err = review_error(
        d,
        "casse.docx",
        &zip_with(&[("word/document.xml", b"<w:document><w:body><w:p></w:body>")]),
    );
    assert!(
        err.contains("casse.docx : XML invalide dans document"),
        "{err}"
    );

    let err = review_error(
        d,
        "classeur.docx",
        &zip_with(&[
            ("xl/workbook.xml", b"<workbook/>"),
            ("word/document.xml", b"<x/>"),
        ]),
    );
    assert!(
        err.contains(
            "classeur.docx : c'est un classeur Excel (.xlsx), pas un document Word (.docx)"
        ),
        "{err}"
    );

    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend_from_slice(&[0; 512]);
    let err = review_error(d, "chiffre.docx", &ole);
    assert!(
        err.contains("chiffre.docx : fichier protégé par mot de passe (chiffré)"),
        "{err}"
    );

    // A zip bomb: a tiny archive that would expand past the limits.
    let zeros = vec![0u8; 300 * 1024 * 1024];
    let bomb = zip_with(&[("word/document.xml", &zeros)]);
    assert!(bomb.len() < 2 * 1024 * 1024);
    let err = review_error(d, "bombe.docx", &bomb);
    assert!(err.contains("bombe.docx : partie « word/document.xml » trop volumineuse une fois décompressée (bombe zip ?)"), "{err}");

    // Too many entries.
    let names: Vec<String> = (0..10_001).map(|i| format!("x/{i}")).collect();
    let many: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
    let err = review_error(d, "nombreux.docx", &zip_with(&many));
    assert!(
        err.contains("nombreux.docx : archive suspecte : 10001 éléments (au plus 10000)"),
        "{err}"
    );

    // A huge file is refused before being read.
    let huge = d.join("enorme.docx");
    let f = std::fs::File::create(&huge).unwrap();
    f.set_len(201 * 1024 * 1024).unwrap();
    let out = trame(d, &["review", "enorme.docx"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("enorme.docx : fichier trop volumineux (201 Mo ; au plus 200 Mo)"),
        "{}",
        stderr(&out)
    );

    let out = trame(d, &["review", "absent.docx"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("absent.docx : lecture impossible (fichier introuvable)"),
        "{}",
        stderr(&out)
    );
}

mod fuzz {
    use proptest::prelude::*;

    fn sample_bytes() -> Vec<u8> {
        let (_dir, docx) = super::review_copy();
        std::fs::read(docx).unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
            let _ = trame::review::review(&[("x.docx".to_string(), bytes)]);
        }

        #[test]
        fn mutated_documents_never_panic(flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..16)) {
            thread_local!(static SAMPLE: Vec<u8> = sample_bytes());
            let mut bytes = SAMPLE.with(|s| s.clone());
            let len = bytes.len();
            for (at, value) in flips {
                bytes[at % len] = value;
            }
            let _ = trame::review::review(&[("x.docx".to_string(), bytes)]);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Mutations of the XML itself (deflate CRCs would reject most byte flips).
        #[test]
        fn mutated_xml_never_panics(cut in 0usize..100_000, insert in "[<>/a-z:\"= ]{0,12}") {
            thread_local!(static SAMPLE: Vec<u8> = sample_bytes());
            let document = SAMPLE.with(|s| {
                let mut zip = zip::ZipArchive::new(std::io::Cursor::new(s.clone())).unwrap();
                let mut text = String::new();
                std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut text).unwrap();
                text
            });
            let mut at = cut % document.len();
            while !document.is_char_boundary(at) {
                at -= 1;
            }
            let mutated = format!("{}{}{}", &document[..at], insert, &document[at..]);
            let bytes = super::zip_with(&[("word/document.xml", mutated.as_bytes())]);
            let _ = trame::review::review(&[("x.docx".to_string(), bytes)]);
        }
    }
}
