//! Property tests: the markup stage and the Word writer take any text
//! without panicking, and always produce a well-formed package.

use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_markdown_parses_and_writes(text in "(?s)[#*_|:>\\-\\[\\]()!{}\\\\a-zé0-9 \n\t.'\"«»@^~`\u{E000}-\u{E00A}]{0,400}") {
        let Ok(mut doc) = trame::markup::parse_markdown(&text) else { return Ok(()) };
        trame::french::apply_typography(&mut doc);
        let opts = trame::docx::WriteOptions {
            properties: trame::docx::Properties {
                title: "t".into(),
                subject: String::new(),
                author: String::new(),
                language: "fr-FR".into(),
                created: chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap(),
            },
            style: Default::default(),
            settings: Default::default(),
            short_title: "t".into(),
            name: "t".into(),
            revision_author: None,
            pages: Default::default(),
        };
        let written = trame::docx::write(&doc, &opts, &Default::default(), &Default::default());
        // The document part is well-formed XML.
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(written.bytes)).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
        let mut reader = quick_xml::Reader::from_str(&xml);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("malformed document.xml: {e}"),
            }
        }
    }
}
