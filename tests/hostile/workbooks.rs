//! Hostile workbooks: see tests/hostile.rs. Each case builds the mini
//! project once, then replaces its workbook (data/constats.xlsx) and checks
//! the refusal names the place, and that out/ is left as it was.

use crate::common::*;
use crate::support::*;
use std::io::Read;
use std::path::Path;

const SHEET: &str = "xl/worksheets/sheet1.xml";
const BLUEPRINT: &str =
    "# Constats\n\n{% for c in constats %}\n- {{ c.code }} : {{ c.theme }}\n{% endfor %}\n";

fn built() -> (MiniProject, Vec<(std::path::PathBuf, Vec<u8>)>) {
    let p = MiniProject::new(BLUEPRINT, &MiniProject::good_rows());
    let before = built_once(p.path());
    (p, before)
}

fn workbook(p: &MiniProject) -> std::path::PathBuf {
    p.path().join("data/constats.xlsx")
}

/// Builds again after the workbook changed: refused, `expected` in the
/// message, out/ unchanged.
fn refused_after(p: &MiniProject, before: &[(std::path::PathBuf, Vec<u8>)], expected: &[&str]) {
    let out = p.build();
    refused(&out, expected);
    unchanged(p.path(), before);
}

// ---- zip archives written by hand, to say what a hostile file says ----

/// One entry of a hand-made zip: its packed bytes, declared size and method.
struct Part {
    name: String,
    data: Vec<u8>,
    size: u32,
    deflated: bool,
    crc: u32,
}

impl Part {
    fn stored(name: &str, data: Vec<u8>) -> Part {
        Part {
            name: name.into(),
            size: data.len() as u32,
            crc: crc32fast::hash(&data),
            data,
            deflated: false,
        }
    }
}

/// Writes a zip archive of `parts` exactly as described (sizes included).
fn write_zip(path: &Path, parts: &[Part]) {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for p in parts {
        let offset = out.len() as u32;
        let method: u16 = if p.deflated { 8 } else { 0 };
        let header = |sig: u32, central_entry: bool| {
            let mut h = Vec::new();
            h.extend(sig.to_le_bytes());
            if central_entry {
                h.extend(20u16.to_le_bytes());
            }
            h.extend(20u16.to_le_bytes());
            h.extend(0u16.to_le_bytes());
            h.extend(method.to_le_bytes());
            h.extend([0u8; 4]);
            h.extend(p.crc.to_le_bytes());
            h.extend((p.data.len() as u32).to_le_bytes());
            h.extend(p.size.to_le_bytes());
            h.extend((p.name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes());
            if central_entry {
                // comment length, disk, internal and external attributes
                h.extend([0u8; 10]);
                h.extend(offset.to_le_bytes());
            }
            h.extend(p.name.as_bytes());
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend(&p.data);
        central.extend(header(0x0201_4b50, true));
    }
    let start = out.len() as u32;
    out.extend(&central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend((parts.len() as u16).to_le_bytes());
    out.extend((parts.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(start.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    std::fs::write(path, out).unwrap();
}

/// The parts of a real workbook, stored, with `edit` applied to each.
fn rewrite(xlsx: &Path, edit: impl Fn(&str, Vec<u8>) -> Option<Part>) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(xlsx).unwrap()).unwrap();
    let mut parts = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        parts.extend(edit(&name, data));
    }
    drop(zip);
    write_zip(xlsx, &parts);
}

/// A deflate stream (fixed Huffman codes) of `prefix`, `count` copies of
/// `fill`, then `suffix`: about 13 bits per 258 bytes of `fill`.
fn deflate_fill(prefix: &[u8], fill: u8, count: u64, suffix: &[u8]) -> Vec<u8> {
    struct Bits {
        out: Vec<u8>,
        acc: u64,
        n: u32,
    }
    impl Bits {
        fn put(&mut self, value: u64, n: u32) {
            self.acc |= value << self.n;
            self.n += n;
            while self.n >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.n -= 8;
            }
        }
        /// Huffman codes go most significant bit first.
        fn code(&mut self, code: u32, len: u32) {
            for i in (0..len).rev() {
                self.put(u64::from((code >> i) & 1), 1);
            }
        }
        fn literal(&mut self, b: u8) {
            if b < 144 {
                self.code(0x30 + u32::from(b), 8);
            } else {
                self.code(0x190 + u32::from(b) - 144, 9);
            }
        }
    }
    let mut bits = Bits {
        out: Vec::new(),
        acc: 0,
        n: 0,
    };
    bits.put(1, 1); // last block
    bits.put(1, 2); // fixed Huffman codes
    prefix.iter().for_each(|&b| bits.literal(b));
    bits.literal(fill);
    let mut left = count - 1;
    while left >= 258 {
        bits.code(0b1100_0101, 8); // length 258
        bits.code(0, 5); // distance 1
        left -= 258;
    }
    (0..left).for_each(|_| bits.literal(fill));
    suffix.iter().for_each(|&b| bits.literal(b));
    bits.code(0, 7); // end of block
    bits.put(0, 7);
    bits.out
}

const SHEET_HEAD: &[u8] = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>";
const SHEET_TAIL: &[u8] = b"</sheetData></worksheet>";

#[test]
fn a_file_that_is_no_zip() {
    let (p, before) = built();
    std::fs::write(workbook(&p), b"ceci n'est pas un classeur").unwrap();
    refused_after(
        &p,
        &before,
        &[
            "data/constats.xlsx : ce fichier n'est pas un classeur Excel valide (archive zip illisible)",
        ],
    );
}

#[test]
fn a_truncated_workbook() {
    let (p, before) = built();
    let bytes = std::fs::read(workbook(&p)).unwrap();
    std::fs::write(workbook(&p), &bytes[..bytes.len() / 2]).unwrap();
    refused_after(
        &p,
        &before,
        &[
            "data/constats.xlsx : ce fichier n'est pas un classeur Excel valide (archive zip illisible)",
        ],
    );
}

#[test]
fn a_zip_bomb_sheet_is_refused_from_its_directory() {
    let (p, before) = built();
    let size = 1_610_612_736u64; // 1,5 Go of spaces
    rewrite(&workbook(&p), |name, data| {
        Some(if name == SHEET {
            Part {
                name: name.into(),
                data: deflate_fill(SHEET_HEAD, b' ', size, SHEET_TAIL),
                size: (SHEET_HEAD.len() as u64 + size + SHEET_TAIL.len() as u64) as u32,
                deflated: true,
                crc: 0,
            }
        } else {
            Part::stored(name, data)
        })
    });
    refused_after(
        &p,
        &before,
        &[
            "data/constats.xlsx : le classeur fait 1,5 Go une fois décompressé, au-delà de la limite de 1 Go par source : rien n'a été lu",
        ],
    );
}

#[test]
fn a_sheet_that_unpacks_beyond_its_declared_size() {
    let (p, before) = built();
    rewrite(&workbook(&p), |name, data| {
        Some(if name == "xl/sharedStrings.xml" {
            Part {
                name: name.into(),
                data: deflate_fill(b"<sst>", b' ', 200 << 20, b"</sst>"),
                size: 4096,
                deflated: true,
                crc: 0,
            }
        } else {
            Part::stored(name, data)
        })
    });
    refused_after(
        &p,
        &before,
        &[
            "data/constats.xlsx : ",
            "se décompresse au-delà de la taille que l'archive annonce : archive piégée ou endommagée",
        ],
    );
}

#[test]
fn a_part_announcing_a_thousandfold_expansion() {
    let (p, before) = built();
    rewrite(&workbook(&p), |name, data| {
        Some(if name == SHEET {
            Part {
                name: name.into(),
                data: deflate_fill(SHEET_HEAD, b' ', 1 << 20, b""),
                size: 900 << 20,
                deflated: true,
                crc: 0,
            }
        } else {
            Part::stored(name, data)
        })
    });
    refused_after(
        &p,
        &before,
        &[
            "data/constats.xlsx : la partie « xl/worksheets/sheet1.xml » se décompresserait en 900 Mo",
            "(plus de 1000 pour 1) : archive piégée (bombe zip)",
        ],
    );
}

#[test]
fn one_sparse_cell_at_xfd1048576_costs_what_it_holds() {
    let p = MiniProject::new(BLUEPRINT, &MiniProject::good_rows());
    let mut wb = rust_xlsxwriter::Workbook::new();
    let s = wb.add_worksheet().set_name("Constats").unwrap();
    for (c, h) in ["Code", "Thème", "Date", "Nombre", "Priorité", "Nom"]
        .iter()
        .enumerate()
    {
        s.write(0, c as u16, *h).unwrap();
    }
    s.write(1, 0, "C1").unwrap();
    s.write(1, 1, "Protection").unwrap();
    s.write(1_048_575, 16_383, "loin").unwrap();
    wb.save(workbook(&p)).unwrap();
    let out = p.build();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = document_text(&p.path().join("out/rapport.docx"));
    assert!(text.contains("C1 : Protection"), "{text}");
}

#[test]
fn a_password_protected_workbook() {
    let (p, before) = built();
    // A Compound File holding an EncryptedPackage stream, as Excel writes
    // a workbook saved with a password (header and directory entry only).
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.resize(512, 0);
    let mut entry: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    entry.resize(128, 0);
    bytes.extend(entry);
    bytes.resize(4096, 0);
    std::fs::write(workbook(&p), bytes).unwrap();
    refused_after(
        &p,
        &before,
        &[
            "data/constats.xlsx : classeur protégé par mot de passe : enregistrez-le sans mot de passe",
        ],
    );
}

#[test]
fn an_excel_97_workbook() {
    let (p, before) = built();
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.resize(4096, 0);
    std::fs::write(workbook(&p), bytes).unwrap();
    refused_after(
        &p,
        &before,
        &[
            "data/constats.xlsx : classeur au format Excel 97-2003 (.xls) non pris en charge : enregistrez-le au format .xlsx",
        ],
    );
}

#[test]
fn a_wrong_sheet_name() {
    let (p, before) = built();
    let yaml = MINI_YAML.replace("sheet: Constats", "sheet: Constat");
    std::fs::write(p.path().join("trame.yaml"), yaml).unwrap();
    refused_after(
        &p,
        &before,
        &[
            "data/constats.xlsx : feuille « Constat » introuvable",
            "conseil : vouliez-vous dire « Constats » ?",
        ],
    );
}

#[test]
fn an_empty_sheet() {
    let (p, before) = built();
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().set_name("Constats").unwrap();
    wb.save(workbook(&p)).unwrap();
    refused_after(
        &p,
        &before,
        &[
            "data/constats.xlsx, feuille « Constats », ligne 1 : colonne « Code » introuvable dans la ligne d'en-tête",
            "conseil : la ligne 1 est vide : vérifiez « header_row » dans trame.yaml",
        ],
    );
}

#[test]
fn a_header_missing() {
    let (p, before) = built();
    edit_workbook(&workbook(&p), |_, rows| {
        rows[0][1] = calamine::Data::String("Sujet".into())
    });
    refused_after(
        &p,
        &before,
        &[
            "data/constats.xlsx, feuille « Constats », ligne 1 : colonne « Thème » introuvable dans la ligne d'en-tête",
            "conseil : colonnes présentes : Code, Sujet, Date, Nombre, Priorité, Nom",
        ],
    );
}

#[test]
fn duplicate_headers() {
    let (p, before) = built();
    edit_workbook(&workbook(&p), |_, rows| {
        for row in rows.iter_mut() {
            row.push(calamine::Data::Empty);
        }
        rows[0][6] = calamine::Data::String("Thème".into());
    });
    refused_after(
        &p,
        &before,
        &[
            "data/constats.xlsx, feuille « Constats », ligne 1 : colonne « Thème » présente deux fois dans la ligne d'en-tête (colonnes B et G) : renommez l'une des deux",
        ],
    );
}

#[test]
fn a_sheet_declaring_two_million_rows() {
    let (p, before) = built();
    rewrite(&workbook(&p), |name, data| {
        let data = if name == SHEET {
            let xml = String::from_utf8(data).unwrap();
            let start = xml.find("<dimension ref=\"").unwrap() + 16;
            let end = start + xml[start..].find('"').unwrap();
            format!("{}A1:F2000000{}", &xml[..start], &xml[end..]).into_bytes()
        } else {
            data
        };
        Some(Part::stored(name, data))
    });
    refused_after(
        &p,
        &before,
        &[
            "data/constats.xlsx, feuille « Constats » : la feuille annonce 2 000 000 lignes, au-delà de la limite de 1 048 576 (celle d'Excel) : rien n'a été lu",
        ],
    );
}

#[test]
fn a_huge_shared_string() {
    let (p, before) = built();
    rewrite(&workbook(&p), |name, data| {
        let data = if name == "xl/sharedStrings.xml" {
            let xml = String::from_utf8(data).unwrap();
            xml.replacen(
                "<t>Identification</t>",
                &format!("<t>{}</t>", "x".repeat(3 << 20)),
                1,
            )
            .into_bytes()
        } else {
            data
        };
        Some(Part::stored(name, data))
    });
    refused_after(
        &p,
        &before,
        &[
            "data/constats.xlsx : la partie « xl/sharedStrings.xml » contient un texte ou une balise de plus de 1 Mo (une cellule tient au plus 32767 caractères) : rien n'a été lu",
        ],
    );
}

#[test]
fn entity_expansion_in_shared_strings() {
    let (p, before) = built();
    let mut doctype = String::from("<!DOCTYPE sst [<!ENTITY lol \"lol\">");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        doctype += &format!("<!ENTITY lol{i} \"{}\">", format!("&{prev};").repeat(10));
    }
    doctype += "]>";
    rewrite(&workbook(&p), |name, data| {
        let data = if name == "xl/sharedStrings.xml" {
            let xml = String::from_utf8(data).unwrap();
            let body = xml.find("<sst").unwrap();
            format!("{doctype}{}", &xml[body..])
                .replacen("<t>Identification</t>", "<t>&lol9;</t>", 1)
                .into_bytes()
        } else {
            data
        };
        Some(Part::stored(name, data))
    });
    refused_after(
        &p,
        &before,
        &[
            "data/constats.xlsx : une partie du classeur utilise une entité XML inconnue (&…;) : fichier endommagé ou piégé, rien n'a été lu",
        ],
    );
}

#[test]
fn a_text_cell_of_ten_megabytes() {
    let (p, before) = built();
    rewrite(&workbook(&p), |name, data| {
        let data = if name == SHEET {
            let xml = String::from_utf8(data).unwrap();
            let long = format!(
                "<c r=\"B2\" t=\"inlineStr\"><is><t>{}</t></is></c>",
                "é".repeat(5 << 20)
            );
            let start = xml.find("<c r=\"B2\"").unwrap();
            let end = start + xml[start..].find("</c>").unwrap() + 4;
            format!("{}{long}{}", &xml[..start], &xml[end..]).into_bytes()
        } else {
            data
        };
        Some(Part::stored(name, data))
    });
    refused_after(
        &p,
        &before,
        &[
            "data/constats.xlsx : la partie « xl/worksheets/sheet1.xml » contient un texte ou une balise de plus de 1 Mo",
        ],
    );
}

#[test]
fn a_text_cell_beyond_excel_length() {
    let (p, before) = built();
    rewrite(&workbook(&p), |name, data| {
        let data = if name == SHEET {
            let xml = String::from_utf8(data).unwrap();
            let long = format!(
                "<c r=\"B3\" t=\"inlineStr\"><is><t>{}</t></is></c>",
                "a".repeat(40_000)
            );
            let start = xml.find("<c r=\"B3\"").unwrap();
            let end = start + xml[start..].find("</c>").unwrap() + 4;
            format!("{}{long}{}", &xml[..start], &xml[end..]).into_bytes()
        } else {
            data
        };
        Some(Part::stored(name, data))
    });
    refused_after(
        &p,
        &before,
        &[
            "data/constats.xlsx, feuille « Constats », cellule B3 : texte de 40 000 caractères, au-delà de la limite de 32 767 par cellule (celle d'Excel)",
        ],
    );
}

#[test]
fn a_formula_error_cell() {
    let (p, before) = built();
    rewrite(&workbook(&p), |name, data| {
        let data = if name == SHEET {
            let xml = String::from_utf8(data).unwrap();
            let start = xml.find("<c r=\"D2\"").unwrap();
            let end = start + xml[start..].find("</c>").unwrap() + 4;
            format!(
                "{}<c r=\"D2\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c>{}",
                &xml[..start],
                &xml[end..]
            )
            .into_bytes()
        } else {
            data
        };
        Some(Part::stored(name, data))
    });
    refused_after(
        &p,
        &before,
        &[
            "data/constats.xlsx, feuille « Constats », cellule D2 : erreur dans la cellule (#DIV/0!)",
        ],
    );
}

#[test]
fn a_date_out_of_range() {
    let (p, before) = built();
    edit_workbook(&workbook(&p), |_, rows| {
        rows[1][2] = calamine::Data::Float(1.0e9)
    });
    refused_after(
        &p,
        &before,
        &[
            "data/constats.xlsx, feuille « Constats », cellule C2 : date attendue, trouvé « 1000000000 »",
        ],
    );
}

#[test]
fn numbers_that_are_not_numbers() {
    let (p, before) = built();
    edit_workbook(&workbook(&p), |_, rows| {
        rows[1][3] = calamine::Data::String("NaN".into());
        rows[2][3] = calamine::Data::String("inf".into());
    });
    refused_after(
        &p,
        &before,
        &[
            "data/constats.xlsx, feuille « Constats », cellule D2 : nombre entier attendu, trouvé « NaN »",
            "data/constats.xlsx, feuille « Constats », cellule D3 : nombre entier attendu, trouvé « inf »",
        ],
    );
}

#[test]
fn a_broken_file_shared_by_two_sources_is_reported_once() {
    let (p, before) = built();
    let second = MINI_YAML.replace(
        "documents:",
        "  autres:\n    file: data/constats.xlsx\n    sheet: Constats\n    columns:\n      code: { header: Code }\ndocuments:",
    );
    std::fs::write(p.path().join("trame.yaml"), second).unwrap();
    std::fs::write(workbook(&p), b"pas un classeur").unwrap();
    let err = p.build();
    let err = refused(&err, &["trame : 1 problème à corriger"]);
    assert_eq!(err.matches("data/constats.xlsx").count(), 1, "{err}");
    unchanged(p.path(), &before);
}

/// The mini project reading its data from a CSV file instead.
fn csv_project(bytes: &[u8]) -> (MiniProject, Vec<(std::path::PathBuf, Vec<u8>)>) {
    let (p, before) = built();
    let yaml = MINI_YAML.replace("data/constats.xlsx", "data/constats.csv");
    std::fs::write(p.path().join("trame.yaml"), yaml).unwrap();
    std::fs::write(p.path().join("data/constats.csv"), bytes).unwrap();
    (p, before)
}

#[test]
fn csv_with_invalid_utf8() {
    let (p, before) = csv_project(b"Code;Th\xe8me;Date;Nombre;Priorit\xe9;Nom\nC1;x;;;;\n");
    refused_after(
        &p,
        &before,
        &[
            "data/constats.csv, ligne 1 : texte non encodé en UTF-8 : enregistrez le fichier au format « CSV UTF-8 »",
        ],
    );
}

#[test]
fn csv_with_a_nul_byte() {
    let (p, before) = csv_project(b"Code;Th\xc3\xa8me\nC1;x\nC2;\x00y\n");
    refused_after(
        &p,
        &before,
        &[
            "data/constats.csv, ligne 3 : caractère nul (octet 0) : ce fichier n'est pas un CSV texte (export UTF-16 ?)",
        ],
    );
}

#[test]
fn csv_with_an_unclosed_quote() {
    let mut bytes = b"Code;Th\xc3\xa8me\nC1;\"".to_vec();
    bytes.extend("une ligne sans fin\n".repeat(1 << 20).as_bytes());
    let (p, before) = csv_project(&bytes);
    refused_after(
        &p,
        &before,
        &["data/constats.csv, ligne 2 : enregistrement de plus de 16 Mo (guillemet non fermé ?)"],
    );
}

/// The mini project reading an OpenDocument workbook whose content.xml is `content`.
fn ods_project(content: &str) -> (MiniProject, Vec<(std::path::PathBuf, Vec<u8>)>) {
    let (p, before) = built();
    let yaml = MINI_YAML.replace("data/constats.xlsx", "data/constats.ods");
    std::fs::write(p.path().join("trame.yaml"), yaml).unwrap();
    write_zip(
        &p.path().join("data/constats.ods"),
        &[
            Part::stored(
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet".to_vec(),
            ),
            Part::stored("content.xml", content.as_bytes().to_vec()),
        ],
    );
    (p, before)
}

const ODS_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:spreadsheet><table:table table:name=\"Constats\">";

#[test]
fn a_broken_ods() {
    let (p, before) = ods_project(&format!(
        "{ODS_HEAD}<table:table-row><table:table-cell><text:p>Code</text:span></table:table-cell>"
    ));
    refused_after(
        &p,
        &before,
        &[
            "data/constats.ods, feuille « Constats » : la partie « content.xml » n'est pas du XML valide : classeur endommagé",
        ],
    );
}

#[test]
fn an_ods_repetition_bomb() {
    let (p, before) = ods_project(&format!(
        "{ODS_HEAD}<table:table-row table:number-rows-repeated=\"1000000\"><table:table-cell table:number-columns-repeated=\"16384\" office:value-type=\"string\"><text:p>x</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"
    ));
    refused_after(
        &p,
        &before,
        &[
            "data/constats.ods, feuille « Constats » : plus de 8 000 000 cellules remplies dans la feuille : au-delà de la limite, rien n'a été lu",
        ],
    );
}

#[test]
fn one_long_shared_string_in_every_cell() {
    let (p, before) = built();
    let index = std::cell::Cell::new(0);
    rewrite(&workbook(&p), |name, data| {
        let data = if name == "xl/sharedStrings.xml" {
            let xml = String::from_utf8(data).unwrap();
            index.set(xml.matches("<si>").count());
            let long = format!("<si><t>{}</t></si></sst>", "x".repeat(30_000));
            xml.replace("</sst>", &long).into_bytes()
        } else {
            data
        };
        Some(Part::stored(name, data))
    });
    rewrite(&workbook(&p), |name, data| {
        let data = if name == SHEET {
            let xml = String::from_utf8(data).unwrap();
            let rows: String = (10..10_010)
                .map(|r| {
                    format!(
                        "<row r=\"{r}\"><c r=\"F{r}\" t=\"s\"><v>{}</v></c></row>",
                        index.get()
                    )
                })
                .collect();
            xml.replace("</sheetData>", &format!("{rows}</sheetData>"))
                .into_bytes()
        } else {
            data
        };
        Some(Part::stored(name, data))
    });
    refused_after(
        &p,
        &before,
        &[
            "data/constats.xlsx, feuille « Constats » : plus de 256 Mo de texte dans la feuille : au-delà de la limite, rien n'a été lu",
        ],
    );
}
