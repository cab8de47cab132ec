//! Hostile returned: see tests/hostile.rs.
//!
//! Returned .docx files come from reviewers, so from anywhere: each crafted
//! file here (written by the test with the zip crate, or by hand where the
//! zip crate would refuse to write it) gives a clear French message naming
//! the file and the part, exit 1, or a correct matrix; never a panic; and a
//! refused run writes no matrix.

#[allow(unused_imports)]
use crate::common::*;
#[allow(unused_imports)]
use crate::support::*;
use std::io::Write;
use std::path::Path;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A package with the given parts, deflated.
fn package(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        out.start_file(*name, opts).unwrap();
        out.write_all(bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// `word/document.xml` with `body` inside `w:body`.
fn document(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>"#
    )
}

fn comments_xml(comments: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments xmlns:w="{W}">{comments}</w:comments>"#
    )
}

fn comment(id: usize, text: &str) -> String {
    format!(
        r#"<w:comment w:id="{id}" w:author="Relecteur" w:date="2024-05-03T10:00:00Z"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:comment>"#
    )
}

/// Writes `name` into `dir` and runs `trame review NAME --sortie out/m.xlsx`.
fn review(dir: &Path, name: &str, bytes: &[u8]) -> std::process::Output {
    std::fs::write(dir.join(name), bytes).unwrap();
    trame(dir, &["review", name, "--sortie", "out/m.xlsx"])
}

/// A refusal that names the file, and no matrix written.
fn refused_file(name: &str, bytes: &[u8], expected: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = review(dir.path(), name, bytes);
    let err = refused(&out, expected);
    assert!(
        err.contains(&format!("{name} : ")),
        "file not named:\n{err}"
    );
    assert!(
        !dir.path().join("out/m.xlsx").exists(),
        "no matrix on refusal"
    );
    err
}

/// A successful review; returns the matrix rows (header first).
fn matrix_of(name: &str, bytes: &[u8]) -> Vec<Vec<String>> {
    let dir = tempfile::tempdir().unwrap();
    let out = review(dir.path(), name, bytes);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    read_sheet(&dir.path().join("out/m.xlsx"), "Matrice")
        .into_iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

#[test]
fn a_file_that_is_not_a_zip_is_refused() {
    refused_file(
        "notes.docx",
        b"Ceci est un simple texte, pas un document.",
        &["notes.docx : ce n'est pas un document Word (.docx)"],
    );
}

#[test]
fn an_encrypted_word_file_is_refused() {
    // Word saves a password-protected document as a compound file (CFB).
    let mut cfb = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    cfb.extend(std::iter::repeat_n(0u8, 4096));
    refused_file(
        "protege.docx",
        &cfb,
        &["protege.docx : fichier protégé par mot de passe (chiffré)"],
    );
}

#[test]
fn a_truncated_archive_is_refused_in_french() {
    let whole = package(&[("word/document.xml", document("<w:p/>").as_bytes())]);
    refused_file(
        "tronque.docx",
        &whole[..whole.len() / 2],
        &["tronque.docx : archive .docx illisible ou tronquée"],
    );
}

/// Raw deflate (fixed Huffman codes) that inflates to `1 + 258 × refs`
/// zero bytes: one literal, then back-references of 258 bytes at distance 1.
fn deflate_zeros(refs: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let (mut acc, mut n) = (0u64, 0u32);
    let mut bits = |value: u64, count: u32, out: &mut Vec<u8>| {
        acc |= value << n;
        n += count;
        while n >= 8 {
            out.push(acc as u8);
            acc >>= 8;
            n -= 8;
        }
    };
    // Huffman codes go most significant bit first.
    let code = |c: u64, len: u32| (0..len).fold(0, |r, i| r | (((c >> (len - 1 - i)) & 1) << i));
    bits(1, 1, &mut out); // last block
    bits(1, 2, &mut out); // fixed codes
    bits(code(0x30, 8), 8, &mut out); // literal 0
    for _ in 0..refs {
        bits(code(0xC5, 8), 8, &mut out); // length 258
        bits(0, 5, &mut out); // distance 1
    }
    bits(0, 7, &mut out); // end of block
    bits(0, 7, &mut out); // flush
    out
}

/// A one-entry zip written by hand, declaring `declared` bytes once inflated.
fn raw_zip(name: &str, deflated: &[u8], declared: u32) -> Vec<u8> {
    let mut local = Vec::new();
    local.extend(0x04034b50u32.to_le_bytes());
    local.extend([20, 0, 0, 0, 8, 0, 0, 0, 0x21, 0]); // version, flags, deflate, time, date
    local.extend(0u32.to_le_bytes()); // crc (never reached)
    local.extend((deflated.len() as u32).to_le_bytes());
    local.extend(declared.to_le_bytes());
    local.extend((name.len() as u16).to_le_bytes());
    local.extend(0u16.to_le_bytes());
    local.extend(name.as_bytes());
    local.extend(deflated);
    let central_at = local.len() as u32;
    let mut central = Vec::new();
    central.extend(0x02014b50u32.to_le_bytes());
    central.extend([20, 0, 20, 0, 0, 0, 8, 0, 0, 0, 0x21, 0]);
    central.extend(0u32.to_le_bytes());
    central.extend((deflated.len() as u32).to_le_bytes());
    central.extend(declared.to_le_bytes());
    central.extend((name.len() as u16).to_le_bytes());
    central.extend([0u8; 12]); // extra, comment, disk, attributes
    central.extend(0u32.to_le_bytes()); // local header offset
    central.extend(name.as_bytes());
    let mut end = Vec::new();
    end.extend(0x06054b50u32.to_le_bytes());
    end.extend([0, 0, 0, 0, 1, 0, 1, 0]);
    end.extend((central.len() as u32).to_le_bytes());
    end.extend(central_at.to_le_bytes());
    end.extend(0u16.to_le_bytes());
    [local, central, end].concat()
}

#[test]
fn a_zip_bomb_is_refused_from_its_declared_size_before_reading() {
    // About 1 GB of zeros from less than 7 MB.
    let refs = 4_000_000;
    let bomb = raw_zip(
        "word/document.xml",
        &deflate_zeros(refs),
        1 + 258 * refs as u32,
    );
    assert!(bomb.len() < 7 * 1024 * 1024);
    refused_file(
        "bombe.docx",
        &bomb,
        &[
            "bombe.docx : partie « word/document.xml » trop volumineuse une fois décompressée (bombe zip ?)",
        ],
    );
}

#[test]
fn a_zip_bomb_that_lies_about_its_size_is_stopped() {
    // Declares 2 kB, would inflate to about 250 MB: reading stops at the
    // declared size, and the part is refused as corrupt.
    let bomb = raw_zip("word/document.xml", &deflate_zeros(1_000_000), 2048);
    refused_file(
        "menteuse.docx",
        &bomb,
        &[
            "menteuse.docx : partie « word/document.xml » illisible (données compressées corrompues)",
        ],
    );
}

#[test]
fn a_hundred_thousand_nested_elements_are_refused_without_recursion() {
    let body = format!(
        "{}{}",
        "<w:sdt>".repeat(100_000),
        "</w:sdt>".repeat(100_000)
    );
    refused_file(
        "profond.docx",
        &package(&[("word/document.xml", document(&body).as_bytes())]),
        &[
            "profond.docx : XML refusé dans document (partie « word/document.xml ») : imbrication trop profonde (plus de 512 éléments emboîtés)",
        ],
    );
}

#[test]
fn entity_declarations_are_refused() {
    let xml = format!(
        r#"<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&c;</w:t></w:r></w:p></w:body></w:document>"#
    );
    refused_file(
        "entites.docx",
        &package(&[("word/document.xml", xml.as_bytes())]),
        &[
            "entites.docx : XML refusé dans document (partie « word/document.xml ») : déclaration DOCTYPE",
        ],
    );
}

#[test]
fn a_package_without_its_document_part_is_refused() {
    refused_file(
        "vide.docx",
        &package(&[("word/styles.xml", b"<w:styles/>")]),
        &["vide.docx : word/document.xml absent : ce n'est pas un document Word (.docx)"],
    );
}

#[test]
fn invalid_utf8_in_a_part_is_refused_with_its_place() {
    let mut xml = document("<w:p><w:r><w:t>Texte").into_bytes();
    xml.extend([0xFF, 0xFE, b'x']);
    xml.extend(b"</w:t></w:r></w:p></w:body></w:document>");
    refused_file(
        "latin1.docx",
        &package(&[("word/document.xml", &xml)]),
        &["latin1.docx : partie « word/document.xml » : le XML n'est pas en UTF-8"],
    );
}

#[test]
fn malformed_comments_part_is_refused_with_its_place() {
    refused_file(
        "commentaires.docx",
        &package(&[
            ("word/document.xml", document("<w:p/>").as_bytes()),
            ("word/comments.xml", b"<w:comments><w:comment></w:comments>"),
        ]),
        &["commentaires.docx : XML invalide dans les commentaires (partie « word/comments.xml »)"],
    );
}

#[test]
fn only_the_document_part_is_enough() {
    // No styles, no comments, no content types: the tracked change is read.
    let body = r#"<w:p><w:r><w:t xml:space="preserve">Texte </w:t></w:r><w:ins w:id="1" w:author="Awa" w:date="2024-05-03T10:00:00Z"><w:r><w:t>ajouté</w:t></w:r></w:ins></w:p>"#;
    let rows = matrix_of(
        "minimal.docx",
        &package(&[("word/document.xml", document(body).as_bytes())]),
    );
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[1][3], "insertion");
    assert_eq!(rows[1][5], "ajouté");
    assert_eq!(rows[1][6], "Awa");
}

#[test]
fn comments_with_unknown_ids_and_ranges_never_closed_still_give_a_matrix() {
    // Ranges 0 and 1 open and never close; comment 7 is anchored nowhere;
    // the document refers to comment 9, which comments.xml lacks.
    let body = r#"<w:p><w:commentRangeStart w:id="0"/><w:r><w:t xml:space="preserve">Premier paragraphe </w:t></w:r><w:commentRangeStart w:id="1"/><w:r><w:t>suite</w:t></w:r><w:r><w:commentReference w:id="1"/></w:r></w:p><w:p><w:commentRangeStart w:id="9"/><w:r><w:t>Second</w:t></w:r><w:commentRangeEnd w:id="9"/></w:p>"#;
    let comments = comments_xml(&format!(
        "{}{}{}",
        comment(0, "Ouvert sans fin"),
        comment(1, "Ouvert aussi"),
        comment(7, "Sans ancre")
    ));
    let rows = matrix_of(
        "orphelins.docx",
        &package(&[
            ("word/document.xml", document(body).as_bytes()),
            ("word/comments.xml", comments.as_bytes()),
        ]),
    );
    let changes: Vec<&str> = rows[1..].iter().map(|r| r[5].as_str()).collect();
    assert_eq!(changes.len(), 3, "{rows:?}");
    for text in ["Ouvert sans fin", "Ouvert aussi", "Sans ancre"] {
        assert!(changes.contains(&text), "{text} missing: {rows:?}");
    }
}

#[test]
fn ten_thousand_parts_are_read() {
    let doc = document(
        r#"<w:p><w:ins w:id="1" w:author="Awa" w:date="2024-05-03T10:00:00Z"><w:r><w:t>ajout</w:t></w:r></w:ins></w:p>"#,
    );
    let names: Vec<String> = (1..10_000)
        .map(|i| format!("word/media/image{i}.png"))
        .collect();
    let mut parts: Vec<(&str, &[u8])> = vec![("word/document.xml", doc.as_bytes())];
    parts.extend(names.iter().map(|n| (n.as_str(), &b"PNG"[..])));
    assert_eq!(parts.len(), 10_000);
    let rows = matrix_of("parties.docx", &package(&parts));
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[1][5], "ajout");
}

#[test]
fn a_huge_single_text_node_is_read_and_quoted_briefly() {
    // 40 MB of words that do not compress like a bomb.
    let mut seed = 7u64;
    let text: String = (0..40 * 1024 * 1024)
        .map(|_| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            b"abcdefghijklmnopqrstuvwxyz      "[(seed >> 59) as usize] as char
        })
        .collect();
    let body = format!(
        r#"<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>{text}</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>"#
    );
    let rows = matrix_of(
        "long.docx",
        &package(&[
            ("word/document.xml", document(&body).as_bytes()),
            (
                "word/comments.xml",
                comments_xml(&comment(0, "Trop long")).as_bytes(),
            ),
        ]),
    );
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[1][5], "Trop long");
    // The quoted text is cut at 300 characters.
    let quoted = &rows[1][4];
    assert!(quoted.ends_with('…'), "{quoted}");
    assert!(text.trim_start().starts_with(quoted.trim_end_matches('…')));
    assert_eq!(quoted.chars().count(), 301);
}

#[test]
fn five_thousand_comments_and_replies_are_listed_in_order_with_their_threads() {
    let n = 5_000;
    let mut body = String::new();
    let mut comments = String::new();
    let mut extended = String::new();
    for i in 0..n {
        // Each paragraph under its own heading every 100 paragraphs.
        if i % 100 == 0 {
            body.push_str(&format!(
                r#"<w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:r><w:t>Partie {}</w:t></w:r></w:p>"#,
                i / 100
            ));
        }
        body.push_str(&format!(
            r#"<w:p><w:r><w:t xml:space="preserve">Avant </w:t></w:r><w:commentRangeStart w:id="{i}"/><w:r><w:t>cible {i}</w:t></w:r><w:commentRangeEnd w:id="{i}"/><w:r><w:commentReference w:id="{i}"/></w:r></w:p>"#
        ));
        let para_id = format!("{:08X}", i + 1);
        comments.push_str(&format!(
            r#"<w:comment w:id="{i}" w:author="R{}" w:date="2024-05-03T10:00:00Z"><w:p w14:paraId="{para_id}"><w:r><w:t>Remarque {i}</w:t></w:r></w:p></w:comment>"#,
            i % 3
        ));
        // Every fifth comment answers the one before it.
        let parent = if i % 5 == 4 {
            format!(r#" w15:paraIdParent="{:08X}""#, i)
        } else {
            String::new()
        };
        extended.push_str(&format!(
            r#"<w15:commentEx w15:paraId="{para_id}"{parent} w15:done="0"/>"#
        ));
    }
    let comments = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:comments xmlns:w="{W}" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml">{comments}</w:comments>"#
    );
    let extended = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w15:commentsEx xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml">{extended}</w15:commentsEx>"#
    );
    let rows = matrix_of(
        "nombreux.docx",
        &package(&[
            ("word/document.xml", document(&body).as_bytes()),
            ("word/comments.xml", comments.as_bytes()),
            ("word/commentsExtended.xml", extended.as_bytes()),
        ]),
    );
    assert_eq!(rows.len(), n + 1);
    for (k, row) in rows[1..].iter().enumerate() {
        // Replies come right after the comment they answer, so the order is
        // the comments' order.
        assert_eq!(row[0], (k + 1).to_string());
        assert_eq!(row[5], format!("Remarque {k}"));
        assert_eq!(row[4], format!("cible {k}"));
        assert_eq!(row[2], format!("Partie {}", k / 100));
        if k % 5 == 4 {
            assert_eq!(row[3], "réponse");
            assert_eq!(row[8], k.to_string(), "thread of {k}");
        } else {
            assert_eq!(row[3], "commentaire");
            assert_eq!(row[8], (k + 1).to_string());
        }
    }
}

#[test]
fn the_matrix_cannot_overwrite_a_returned_file() {
    let dir = tempfile::tempdir().unwrap();
    let body = r#"<w:p><w:ins w:id="1" w:author="Awa" w:date="2024-05-03T10:00:00Z"><w:r><w:t>ajout</w:t></w:r></w:ins></w:p>"#;
    let bytes = package(&[("word/document.xml", document(body).as_bytes())]);
    std::fs::create_dir_all(dir.path().join("retours")).unwrap();
    std::fs::write(dir.path().join("retours/a.docx"), &bytes).unwrap();
    std::fs::write(dir.path().join("retours/b.docx"), &bytes).unwrap();
    // The same file, by another spelling.
    let out = trame(
        dir.path(),
        &[
            "review",
            "retours/a.docx",
            "retours/b.docx",
            "--sortie",
            "retours/../retours/b.docx",
        ],
    );
    refused(
        &out,
        &["retours/../retours/b.docx : la matrice écraserait le fichier relu « retours/b.docx »"],
    );
    // Through a symbolic link.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("retours/a.docx", dir.path().join("lien.xlsx")).unwrap();
        let out = trame(
            dir.path(),
            &["review", "retours/a.docx", "--sortie", "lien.xlsx"],
        );
        refused(
            &out,
            &["lien.xlsx : la matrice écraserait le fichier relu « retours/a.docx »"],
        );
    }
    // Not a workbook path.
    let out = trame(
        dir.path(),
        &["review", "retours/a.docx", "--sortie", "out/matrice.docx"],
    );
    refused(
        &out,
        &["out/matrice.docx : la matrice doit être un classeur .xlsx"],
    );
    let out = trame(
        dir.path(),
        &[
            "review",
            "retours/a.docx",
            "--csv",
            "--sortie",
            "out/matrice.xlsx",
        ],
    );
    refused(
        &out,
        &["out/matrice.xlsx : avec --csv, la matrice doit être un fichier .csv"],
    );
    assert_eq!(
        std::fs::read(dir.path().join("retours/a.docx")).unwrap(),
        bytes
    );
    assert_eq!(
        std::fs::read(dir.path().join("retours/b.docx")).unwrap(),
        bytes
    );
    assert!(!dir.path().join("out").exists(), "nothing written");
}
