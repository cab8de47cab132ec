//! Makes a returned file for the review benchmark: a built document with
//! N comments and N tracked insertions added, one of each per run of text
//! (paragraph or table cell). Each comment covers its run, as Word marks it
//! (range start, range end, reference); every fifth comment answers the one
//! before it (commentsExtended.xml), so threads are resolved too.
//!
//!   cargo run --release --example bench_review -- BUILT.docx OUT.docx N

use std::io::{Read, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, src, dst, n] = args.as_slice() else {
        return Err("usage : bench_review BUILT.docx OUT.docx N".into());
    };
    let n: usize = n.parse()?;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(src)?)?;
    let mut out = zip::ZipWriter::new(std::fs::File::create(dst)?);
    let opts = zip::write::SimpleFileOptions::default();
    let mut comments = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:comments xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\">",
    );
    let mut extended = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w15:commentsEx xmlns:w15=\"http://schemas.microsoft.com/office/word/2012/wordml\">",
    );
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i)?;
        let name = entry.name()?.to_string();
        let mut text = String::new();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes)?;
        let bytes = match name.as_str() {
            "word/document.xml" => {
                text.push_str(std::str::from_utf8(&bytes)?);
                let mut edited = String::with_capacity(text.len() * 2);
                let mut count = 0;
                for (k, piece) in text.split("<w:r><w:t xml:space=\"preserve\">").enumerate() {
                    if k > 0 && count < n {
                        edited.push_str(&format!(
                            "<w:ins w:id=\"{id}\" w:author=\"Relecteur {a}\" w:date=\"2024-05-03T10:00:00Z\"><w:r><w:t xml:space=\"preserve\">ajout {count} </w:t></w:r></w:ins><w:commentRangeStart w:id=\"{count}\"/><w:r><w:t xml:space=\"preserve\">",
                            id = 1_000_000 + count,
                            a = count % 3
                        ));
                        // The range ends after the run, then the reference.
                        let piece = piece.replacen(
                            "</w:r>",
                            &format!("</w:r><w:commentRangeEnd w:id=\"{count}\"/><w:r><w:commentReference w:id=\"{count}\"/></w:r>"),
                            1,
                        );
                        comments.push_str(&format!(
                            "<w:comment w:id=\"{count}\" w:author=\"Relecteur {a}\" w:date=\"2024-05-03T10:00:00Z\"><w:p w14:paraId=\"{count:08X}\"><w:r><w:t>Commentaire {count}</w:t></w:r></w:p></w:comment>",
                            a = count % 3
                        ));
                        let parent = if count % 5 == 4 {
                            format!(" w15:paraIdParent=\"{:08X}\"", count - 1)
                        } else {
                            String::new()
                        };
                        extended.push_str(&format!(
                            "<w15:commentEx w15:paraId=\"{count:08X}\"{parent} w15:done=\"0\"/>"
                        ));
                        count += 1;
                        edited.push_str(&piece);
                        continue;
                    } else if k > 0 {
                        edited.push_str("<w:r><w:t xml:space=\"preserve\">");
                    }
                    edited.push_str(piece);
                }
                edited.into_bytes()
            }
            "[Content_Types].xml" => String::from_utf8(bytes)?
                .replace("</Types>", "<Override PartName=\"/word/comments.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml\"/><Override PartName=\"/word/commentsExtended.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml\"/></Types>")
                .into_bytes(),
            "word/_rels/document.xml.rels" => String::from_utf8(bytes)?
                .replace("</Relationships>", "<Relationship Id=\"rIdComments\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments\" Target=\"comments.xml\"/><Relationship Id=\"rIdCommentsEx\" Type=\"http://schemas.microsoft.com/office/2011/relationships/commentsExtended\" Target=\"commentsExtended.xml\"/></Relationships>")
                .into_bytes(),
            _ => bytes,
        };
        out.start_file(name.as_str(), opts)?;
        out.write_all(&bytes)?;
    }
    comments.push_str("</w:comments>");
    out.start_file("word/comments.xml", opts)?;
    out.write_all(comments.as_bytes())?;
    extended.push_str("</w15:commentsEx>");
    out.start_file("word/commentsExtended.xml", opts)?;
    out.write_all(extended.as_bytes())?;
    out.finish()?;
    Ok(())
}
