//! The deflate-and-write floor of a built document: the time to compress its
//! parts (as trame does: deflate level 1, fixed timestamps) and write the
//! file, with the parts already in memory. Prints the seconds.
//!
//!   cargo run --release --example bench_floor -- IN.docx OUT.docx

use std::io::{Read, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, input, output] = args.as_slice() else {
        return Err("usage : bench_floor ENTREE.docx SORTIE.docx".into());
    };
    let mut zip = zip::ZipArchive::new(std::fs::File::open(input)?)?;
    let mut parts = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i)?;
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes)?;
        parts.push((entry.name()?.to_string(), bytes));
    }
    let start = std::time::Instant::now();
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .last_modified_time(zip::DateTime::default());
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in &parts {
        writer.start_file(name.as_str(), options)?;
        writer.write_all(bytes)?;
    }
    let bytes = writer.finish()?.into_inner();
    std::fs::write(output, bytes)?;
    println!("{:.3}", start.elapsed().as_secs_f64());
    Ok(())
}
