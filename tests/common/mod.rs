//! Helpers shared by the integration tests: sample projects in temporary
//! folders, running the `trame` binary, reading .docx parts, and the external
//! checkers (Open XML SDK validator, LibreOffice), which are skipped with a
//! message when missing unless `TRAME_EXTERNAL_CHECKS=1` makes that a failure.
#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of the repository's sample project in a fresh temporary folder.
pub fn sample_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&repo().join("blueprints"), &dir.path().join("blueprints"));
    copy_dir(&repo().join("data"), &dir.path().join("data"));
    std::fs::copy(repo().join("trame.yaml"), dir.path().join("trame.yaml"))
        .expect("copy trame.yaml");
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy file");
        }
    }
}

/// Runs the trame binary in `dir`.
pub fn trame(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trame"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        // Page numbers are measured only by the tests that look at them (tests/layout.rs).
        .env("TRAME_PAGINATION", "0")
        .output()
        .expect("run trame")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

/// One part of a .docx package, as text.
pub fn part(docx: &Path, name: &str) -> String {
    let file = std::fs::File::open(docx).expect("open docx");
    let mut zip = zip::ZipArchive::new(file).expect("zip");
    let mut entry = zip.by_name(name).expect("part present");
    let mut s = String::new();
    entry.read_to_string(&mut s).expect("utf-8 part");
    s
}

/// The visible text of `word/document.xml`, paragraphs on their own lines.
pub fn document_text(docx: &Path) -> String {
    xml_text(&part(docx, "word/document.xml"))
}

pub fn xml_text(xml: &str) -> String {
    let mut out = String::new();
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut in_text = false;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e)) if e.name().as_ref() == "w:t" => in_text = true,
            Ok(quick_xml::events::Event::End(e)) if e.name().as_ref() == "w:t" => in_text = false,
            Ok(quick_xml::events::Event::End(e)) if e.name().as_ref() == "w:p" => out.push('\n'),
            Ok(quick_xml::events::Event::Text(t)) if in_text => {
                out.push_str(&t.xml10_content().replace('\u{a0}', " "))
            }
            Ok(quick_xml::events::Event::GeneralRef(r)) if in_text => {
                let name = r.xml10_content().to_string();
                out.push_str(match name.as_str() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    _ => "?",
                });
            }
            Ok(quick_xml::events::Event::Eof) => break,
            Err(e) => panic!("malformed XML: {e}"),
            _ => {}
        }
    }
    out
}

/// Every file below `dir` with its bytes, to prove a failed build changed nothing.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    if dir.exists() {
        for entry in std::fs::read_dir(dir).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                out.extend(snapshot(&path));
            } else {
                out.push((path.clone(), std::fs::read(&path).expect("read")));
            }
        }
    }
    out.sort();
    out
}

/// A missing external tool inside a test that should have been ignored.
///
/// build.rs sets `trame_no_soffice`, `trame_no_validator`, `trame_no_shared`
/// or `trame_no_chromium` when a tool is missing (never under
/// `TRAME_EXTERNAL_CHECKS=1`), and every test needing one carries
/// `#[cfg_attr(trame_no_…, ignore = "…")]`, so that cargo's own summary shows
/// it as ignored, with its reason. Reaching this is therefore a failure: the
/// tool is missing under `TRAME_EXTERNAL_CHECKS=1`, or the test lacks its
/// attribute.
pub fn missing_tool(what: &str) -> ! {
    panic!(
        "{what} introuvable : installez-le (bash .ci/run), ou marquez ce test \
         #[cfg_attr(trame_no_…, ignore = \"…\")] (voir build.rs)"
    );
}

/// The Open XML SDK validator, installed by `.ci/run` in `.tools/`.
pub fn validator() -> PathBuf {
    let local = repo().join(".tools/node_modules/.bin/ooxml-validate");
    if cfg!(trame_no_validator) || !local.exists() {
        missing_tool("le validateur Open XML (npm @ooxml-tools/validate dans .tools/)");
    }
    local
}

/// Validation errors reported by the Open XML SDK validator (empty when valid).
pub fn validation_errors(docx: &Path) -> Vec<String> {
    let tool = validator();
    let out = Command::new(tool)
        .args(["--output-format", "json"])
        .arg(docx)
        .output()
        .expect("run validator");
    let text = String::from_utf8_lossy(&out.stdout);
    let json: serde_json::Value = serde_json::from_str(text.trim()).unwrap_or_else(|e| {
        panic!(
            "validator output is not JSON ({e}): {text} {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let errors = json.as_array().expect("array of errors");
    errors.iter().map(|e| e.to_string()).collect()
}

/// Validates a .docx when the validator is installed, as an extra check in a
/// test about something else. The skip is not silent: each test file that
/// does this also has a test needing the validator, which cargo shows as
/// ignored when it is missing (and under `TRAME_EXTERNAL_CHECKS=1` this
/// always validates).
pub fn assert_valid_if_installed(docx: &Path) {
    if !cfg!(trame_no_validator) {
        assert_valid(docx);
    }
}

/// Asserts that a .docx passes the validator.
pub fn assert_valid(docx: &Path) {
    let errors = validation_errors(docx);
    assert!(
        errors.is_empty(),
        "{} erreurs de validation dans {}:\n{}",
        errors.len(),
        docx.display(),
        errors.join("\n")
    );
}

pub fn soffice() -> PathBuf {
    let found = [
        "/usr/bin/soffice",
        "/usr/local/bin/soffice",
        "/usr/bin/libreoffice",
    ]
    .into_iter()
    .map(PathBuf::from)
    .find(|p| p.exists());
    match found {
        Some(path) if !cfg!(trame_no_soffice) => path,
        _ => missing_tool("LibreOffice (soffice)"),
    }
}

/// Converts a .docx to PDF with LibreOffice headless; returns the PDF path.
pub fn to_pdf(docx: &Path, out_dir: &Path) -> PathBuf {
    let soffice = soffice();
    let profile = tempfile::tempdir().expect("profile dir");
    let status = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(out_dir)
        .arg(docx)
        .output()
        .expect("run soffice");
    let pdf = out_dir.join(docx.with_extension("pdf").file_name().expect("name"));
    // LibreOffice exits 0 even when conversion failed: the PDF must exist.
    assert!(
        pdf.exists() && std::fs::metadata(&pdf).map(|m| m.len()).unwrap_or(0) > 0,
        "LibreOffice n'a pas produit de PDF pour {}: {}",
        docx.display(),
        String::from_utf8_lossy(&status.stderr)
    );
    pdf
}

/// Text of a PDF (pdftotext), spaces normalised.
pub fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed with LibreOffice");
    String::from_utf8_lossy(&out.stdout).replace('\u{a0}', " ")
}

/// A small project written by a test: `trame.yaml` declaring one source
/// `constats` (data/constats.xlsx, sheet « Constats ») and one document
/// `rapport` (blueprints/rapport.md.j2 → out/rapport.docx).
pub struct MiniProject {
    pub dir: tempfile::TempDir,
}

pub const MINI_YAML: &str = r#"project:
  title: Rapport de test
  date: 2024-04-12
sources:
  constats:
    file: data/constats.xlsx
    sheet: Constats
    columns:
      code: { header: Code, required: true, unique: true }
      theme: { header: Thème, required: true }
      date: { header: Date, type: date }
      nombre: { header: Nombre, type: integer }
      priorite: { header: Priorité, type: choice, values: [Haute, Moyenne, Basse] }
      nom: { header: Nom, confidential: true }
documents:
  rapport:
    blueprint: rapport.md.j2
    output: out/rapport.docx
"#;

/// A cell value for test workbooks.
pub enum V {
    S(&'static str),
    N(f64),
    D(u16, u8, u8),
    E,
}

impl MiniProject {
    pub fn new(blueprint: &str, rows: &[[V; 6]]) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("blueprints")).unwrap();
        std::fs::create_dir_all(dir.path().join("data")).unwrap();
        std::fs::write(dir.path().join("trame.yaml"), MINI_YAML).unwrap();
        let p = MiniProject { dir };
        p.write_blueprint(blueprint);
        p.write_rows(rows);
        p
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write_blueprint(&self, text: &str) {
        std::fs::write(self.path().join("blueprints/rapport.md.j2"), text).unwrap();
    }

    pub fn write_rows(&self, rows: &[[V; 6]]) {
        use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
        let mut wb = Workbook::new();
        let s = wb.add_worksheet().set_name("Constats").unwrap();
        for (c, h) in ["Code", "Thème", "Date", "Nombre", "Priorité", "Nom"]
            .iter()
            .enumerate()
        {
            s.write(0, c as u16, *h).unwrap();
        }
        let date = Format::new().set_num_format("dd/mm/yyyy");
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c) = (r as u32 + 1, c as u16);
                match v {
                    V::S(t) => {
                        s.write(r, c, *t).unwrap();
                    }
                    V::N(n) => {
                        s.write(r, c, *n).unwrap();
                    }
                    V::D(y, m, d) => {
                        let dt = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                        s.write_datetime_with_format(r, c, &dt, &date).unwrap();
                    }
                    V::E => {}
                }
            }
        }
        wb.save(self.path().join("data/constats.xlsx")).unwrap();
    }

    /// Good rows: three findings.
    pub fn good_rows() -> Vec<[V; 6]> {
        vec![
            [
                V::S("C1"),
                V::S("Identification"),
                V::D(2024, 3, 4),
                V::N(3.0),
                V::S("Haute"),
                V::S("Nom secret un"),
            ],
            [
                V::S("C2"),
                V::S("Protection"),
                V::D(2024, 3, 5),
                V::N(5.0),
                V::S("Moyenne"),
                V::S("Nom secret deux"),
            ],
            [
                V::S("C3"),
                V::S("Identification"),
                V::D(2024, 3, 6),
                V::N(1.0),
                V::S("Basse"),
                V::E,
            ],
        ]
    }

    pub fn build(&self) -> Output {
        trame(self.path(), &["build"])
    }
}

/// Text of one PDF page (from 1).
pub fn pdf_page_text(pdf: &Path, page: usize) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", "-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    String::from_utf8_lossy(&out.stdout).replace('\u{a0}', " ")
}

/// Width and height in points of every page of a PDF (pdfinfo).
pub fn pdf_page_sizes(pdf: &Path) -> Vec<(f64, f64)> {
    let out = Command::new("pdfinfo")
        .args(["-f", "1", "-l", "9999"])
        .arg(pdf)
        .output()
        .expect("pdfinfo");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains("size:"))
        .filter_map(|l| {
            let dims = l.split("size:").nth(1)?;
            let mut parts = dims.split_whitespace();
            let w: f64 = parts.next()?.parse().ok()?;
            parts.next();
            let h: f64 = parts.next()?.parse().ok()?;
            Some((w, h))
        })
        .collect()
}

/// A copy of a test fixture project in a temporary folder.
pub fn fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&repo().join("tests/fixtures").join(name), dir.path());
    let _ = std::fs::remove_dir_all(dir.path().join("out"));
    dir
}

/// The repository's sample project (the four deliverables) in a temporary folder.
pub fn full_sample() -> tempfile::TempDir {
    sample_project()
}

/// Headings of a built document: (level, text), in order.
pub fn headings(docx: &Path) -> Vec<(u8, String)> {
    let xml = part(docx, "word/document.xml");
    let mut out = Vec::new();
    for p in xml.split("<w:p>").skip(1) {
        let Some(i) = p.find("<w:pStyle w:val=\"Heading") else {
            continue;
        };
        let level = p[i + 24..]
            .chars()
            .next()
            .and_then(|c| c.to_digit(10))
            .unwrap_or(0) as u8;
        let end = p.find("</w:p>").unwrap_or(p.len());
        let text = xml_text(&format!("<w:p>{}</w:p>", &p[..end]));
        out.push((level, text.trim().replace('’', "'")));
    }
    out
}

/// Every sheet of a workbook as rows of calamine data.
pub fn read_sheet(xlsx: &Path, sheet: &str) -> Vec<Vec<calamine::Data>> {
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(xlsx).expect("workbook");
    let range = wb.worksheet_range(sheet).expect("sheet");
    range.rows().map(|r| r.to_vec()).collect()
}

/// Rewrites a workbook with one cell changed (sheet, zero-based row and column).
pub fn change_cell(xlsx: &Path, sheet: &str, row: usize, col: usize, value: calamine::Data) {
    edit_workbook(xlsx, |name, rows| {
        if name == sheet {
            rows[row][col] = value.clone();
        }
    });
}

/// A number the French way with `decimals` decimals, rounding half away from zero.
pub fn french(x: f64, decimals: usize) -> String {
    let f = 10f64.powi(decimals as i32);
    format!("{:.*}", decimals, (x * f).round() / f).replace('.', ",")
}

/// Text with every kind of space folded to one plain space.
pub fn flat(s: &str) -> String {
    s.replace(['\u{a0}', '\u{202f}'], " ")
        .replace('’', "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Rewrites a workbook after `edit` changed the rows of its sheets.
pub fn edit_workbook(xlsx: &Path, edit: impl Fn(&str, &mut Vec<Vec<calamine::Data>>)) {
    use calamine::{Data, Reader};
    let mut wb = calamine::open_workbook_auto(xlsx).expect("workbook");
    let names = wb.sheet_names();
    let sheets: Vec<(String, Vec<Vec<Data>>)> = names
        .iter()
        .map(|n| {
            (
                n.clone(),
                wb.worksheet_range(n)
                    .expect("sheet")
                    .rows()
                    .map(|r| r.to_vec())
                    .collect(),
            )
        })
        .collect();
    drop(wb);
    let mut out = rust_xlsxwriter::Workbook::new();
    let date = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    for (name, mut rows) in sheets {
        edit(&name, &mut rows);
        let ws = out.add_worksheet().set_name(&name).unwrap();
        for (r, cells) in rows.iter().enumerate() {
            for (c, cell) in cells.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    Data::Empty => {}
                    Data::String(s) => {
                        ws.write(r, c, s.as_str()).unwrap();
                    }
                    Data::Float(f) => {
                        ws.write(r, c, *f).unwrap();
                    }
                    Data::Int(i) => {
                        ws.write(r, c, *i as f64).unwrap();
                    }
                    Data::Bool(b) => {
                        ws.write(r, c, *b).unwrap();
                    }
                    Data::DateTime(d) => {
                        ws.write_number_with_format(r, c, d.as_f64(), &date)
                            .unwrap();
                    }
                    other => {
                        ws.write(r, c, other.to_string()).unwrap();
                    }
                }
            }
        }
    }
    out.save(xlsx).unwrap();
}

/// Runs the trame binary in `dir` with extra environment variables.
pub fn trame_with_env(dir: &Path, args: &[&str], vars: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trame"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .envs(vars.iter().copied())
        .output()
        .expect("run trame")
}

/// Rewrites a zip package (.docx, .xlsx) in place: `edit` gets each part's
/// name and text and returns its new text; `extra` parts are added.
pub fn rewrite_package(path: &Path, edit: impl Fn(&str, String) -> String, extra: &[(&str, &str)]) {
    use std::io::Write;
    let bytes = std::fs::read(path).expect("read package");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut out = zip::ZipWriter::new(std::fs::File::create(path).expect("create package"));
    let opts = zip::write::SimpleFileOptions::default();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        let name = entry.name().expect("name").to_string();
        let mut raw = Vec::new();
        entry.read_to_end(&mut raw).expect("read part");
        let raw = match String::from_utf8(raw) {
            Ok(text) => edit(&name, text).into_bytes(),
            Err(e) => e.into_bytes(),
        };
        out.start_file(name.as_str(), opts).expect("start part");
        out.write_all(&raw).expect("write part");
    }
    for (name, text) in extra {
        out.start_file(*name, opts).expect("start part");
        out.write_all(text.as_bytes()).expect("write part");
    }
    out.finish().expect("finish package");
}

/// A returned review file: `src` with `comments` (author, text), each
/// anchored on the first run of the body, as Word writes them.
pub fn returned_with_comments(src: &Path, dst: &Path, comments: &[(&str, &str)]) {
    std::fs::copy(src, dst).expect("copy docx");
    let (mut starts, mut ends, mut elements) = (String::new(), String::new(), String::new());
    for (id, (author, text)) in comments.iter().enumerate() {
        starts += &format!("<w:commentRangeStart w:id=\"{id}\"/>");
        ends += &format!(
            "<w:commentRangeEnd w:id=\"{id}\"/><w:r><w:commentReference w:id=\"{id}\"/></w:r>"
        );
        elements += &format!(
            "<w:comment w:id=\"{id}\" w:author=\"{author}\" w:date=\"2024-05-03T10:00:00Z\"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:comment>"
        );
    }
    let comments_xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:comments xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">{elements}</w:comments>"
    );
    rewrite_package(
        dst,
        |name, text| {
            match name {
            "word/document.xml" => {
                let body = text.find("<w:body>").expect("body");
                let run = body + text[body..].find("<w:r>").expect("a run");
                let end = run + text[run..].find("</w:r>").expect("run end") + "</w:r>".len();
                format!("{}{starts}{}{ends}{}", &text[..run], &text[run..end], &text[end..])
            }
            "[Content_Types].xml" => text.replace(
                "</Types>",
                "<Override PartName=\"/word/comments.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml\"/></Types>",
            ),
            "word/_rels/document.xml.rels" => text.replace(
                "</Relationships>",
                "<Relationship Id=\"rIdC1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments\" Target=\"comments.xml\"/></Relationships>",
            ),
            _ => text,
        }
        },
        &[("word/comments.xml", comments_xml.as_str())],
    );
}

/// Writes a resolution matrix as the author would leave it: the sheet
/// « Matrice » with trame's headers (`trame::review::MATRIX_HEADERS`), each
/// row given as (header, value) pairs; `reorder` writes the columns right to
/// left and the rows bottom to top, as after moving and sorting in Excel.
pub fn write_matrix(path: &Path, rows: &[Vec<(&str, &str)>], reorder: bool) {
    let headers = trame::review::MATRIX_HEADERS;
    let column = |h: &str| {
        let i = headers
            .iter()
            .position(|x| *x == h)
            .unwrap_or_else(|| panic!("no column {h}"));
        if reorder { headers.len() - 1 - i } else { i }
    };
    let mut wb = rust_xlsxwriter::Workbook::new();
    let sheet = wb.add_worksheet().set_name("Matrice").unwrap();
    for h in headers {
        sheet.write(0, column(h) as u16, h).unwrap();
    }
    for (i, row) in rows.iter().enumerate() {
        let r = if reorder { rows.len() - i } else { i + 1 } as u32;
        for (h, value) in row {
            sheet.write(r, column(h) as u16, *value).unwrap();
        }
    }
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    wb.save(path).unwrap();
}

/// The text of each body paragraph of a .docx (every change accepted).
pub fn paragraphs(docx: &Path) -> Vec<String> {
    trame::review::paragraph_views(&std::fs::read(docx).unwrap())
        .unwrap()
        .into_iter()
        .filter(|p| p.part == "document")
        .map(|p| p.accepted)
        .collect()
}

/// The entries of a zip package, name and uncompressed bytes, in order.
pub fn zip_entries(path: &Path) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut e = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            e.read_to_end(&mut data).unwrap();
            (e.name().unwrap().to_string(), data)
        })
        .collect()
}

/// Runs the LibreOffice reviewer script, or says why not.
pub fn review_in_libreoffice(src: &Path, dst: &Path, author: &str, edits: &str) -> bool {
    soffice();
    let python = Path::new("/usr/bin/python3");
    let has_uno = python.exists()
        && std::process::Command::new(python)
            .args(["-c", "import uno"])
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false);
    if !has_uno {
        missing_tool("python3-uno (Debian) avec LibreOffice");
    }
    let out = std::process::Command::new(python)
        .arg(repo().join("tests/uno/review_edit.py"))
        .arg(src)
        .arg(dst)
        .arg(author)
        .arg(edits)
        .output()
        .expect("run python3");
    assert!(
        out.status.success(),
        "LibreOffice edit failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dst.exists());
    true
}
