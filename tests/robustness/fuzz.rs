//! Fuzzing every parser: arbitrary bytes and near-valid files of every format go through
//! `documents_from_bytes` (decoding, then the text, markdown, HTML, JSON, JSON Lines, CSV,
//! TSV or feed parser; or unpacking a Word or OpenDocument file, reading e-mail or Rich Text
//! Format), words through the analyzer, and text through the session reader. None
//! may panic, and what comes out stays in proportion to what went in.
//!
//! 256 cases per property by default, to keep `cargo test` quick; a long session:
//! `PROPTEST_CASES=200000 cargo test --release --test robustness fuzz`.

use std::path::Path;

use proptest::prelude::*;
use topic_atlas::corpus::{FileOutcome, documents_from_bytes};
use topic_atlas::export::session::Session;
use topic_atlas::text::{Analyzer, Language};

/// Every extension that selects a parser, and one that is refused.
const EXTENSIONS: &[&str] = &[
    "txt", "", "md", "html", "json", "jsonl", "csv", "tsv", "xml", "rss", "docx", "odt", "eml",
    "mbox", "rtf", "pdf",
];

/// Runs one file through the loader and checks the outcome's invariants.
fn check(extension: &str, bytes: &[u8]) {
    let name = if extension.is_empty() {
        "fuzzed".to_string()
    } else {
        format!("fuzzed.{extension}")
    };
    let file = Path::new(&name);
    let outcome = documents_from_bytes(file, bytes);
    check_outcome(file, bytes, &outcome);
}

fn check_outcome(file: &Path, bytes: &[u8], outcome: &FileOutcome) {
    if let Some(reason) = &outcome.skip {
        assert!(
            outcome.documents.is_empty(),
            "a skipped file gave documents"
        );
        assert!(!reason.to_string().is_empty());
    }
    for (_, reason) in &outcome.skipped_items {
        assert!(!reason.to_string().is_empty());
    }
    let mut output_bytes = 0;
    let mut last_item = 0;
    for document in &outcome.documents {
        assert!(
            !(document.title.trim().is_empty() && document.body.trim().is_empty()),
            "an empty document"
        );
        assert!(
            document.title.chars().count() <= 501,
            "a title of {} characters",
            document.title.chars().count()
        );
        assert_eq!(document.sources.len(), 1);
        let source = &document.sources[0];
        assert_eq!(source.file, file);
        assert!(source.item > last_item, "items are numbered in order");
        last_item = source.item;
        output_bytes += document.title.len() + document.body.len();
    }
    // Bounded output: decoding may triple a byte (an invalid byte becomes U+FFFD) and a story
    // may repeat its first sentence as its title; nothing multiplies beyond that.
    assert!(
        output_bytes <= 8 * bytes.len() + 1024,
        "{output_bytes} bytes of text from {} bytes",
        bytes.len()
    );
    assert!(outcome.documents.len() + outcome.skipped_items.len() <= bytes.len() + 1);
}

/// Applies a few byte-level edits: the near-miss of a valid file.
fn mutate(mut bytes: Vec<u8>, edits: &[(u8, usize, u8)]) -> Vec<u8> {
    for &(kind, at, byte) in edits {
        let at = if bytes.is_empty() {
            0
        } else {
            at % bytes.len()
        };
        match kind % 6 {
            0 => bytes.insert(at, byte),
            1 if !bytes.is_empty() => {
                bytes.remove(at);
            }
            2 if !bytes.is_empty() => bytes[at] = byte,
            3 => bytes.truncate(at),
            4 => {
                let end = (at + 1 + byte as usize).min(bytes.len());
                let copy = bytes[at..end].to_vec();
                bytes.splice(at..at, copy);
            }
            _ => bytes.insert(
                at,
                [b'"', b'<', b'\n', b'\r', b',', b'{', b'[', 0x80][byte as usize % 8],
            ),
        }
    }
    bytes
}

fn edits() -> impl Strategy<Value = Vec<(u8, usize, u8)>> {
    prop::collection::vec((any::<u8>(), any::<usize>(), any::<u8>()), 0..6)
}

/// Text in one of the ways files store it: UTF-8 with or without BOM, UTF-16 either way with
/// or without BOM, or a legacy single-byte encoding.
fn encoded(text: &str, how: u8) -> Vec<u8> {
    let utf16 = |big: bool| -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| {
                if big {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect()
    };
    match how % 6 {
        0 => text.as_bytes().to_vec(),
        1 => [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
        2 => [&[0xFF, 0xFE][..], &utf16(false)].concat(),
        3 => utf16(true),
        4 => utf16(false),
        _ => encoding_rs::WINDOWS_1252.encode(text).0.into_owned(),
    }
}

/// Pieces that near-valid files are made of, for each family of formats.
const TEXT_PIECES: &[&str] = &[
    "End of Document",
    "Document FT00000020010830dx8u00001",
    "March 3, 2025 Monday",
    "2 January 2020",
    "31 February 2020",
    "Central bank holds rates steady",
    "Storm batters the east coast",
    "- Oil prices climb on supply fears",
    "3. Voters head to the polls",
    "The council said on Monday that fares would rise. Commuters were not pleased.",
    "Mr. Smith went to Washington.",
    "",
    "\t",
    "   indented line",
    "Reaction:",
    "上海港口货运量创新高",
    "Парламент принял новый бюджет",
    "افتتاح معرض الكتاب",
    "the and of to a in",
    "Zürich café naïve",
    "\u{FEFF}",
    "\r",
    "a",
    "!!! ???",
];
const MARKDOWN_PIECES: &[&str] = &[
    "# Heading",
    "## Sub",
    "> quote",
    ">>>>",
    "- item",
    "  - nested",
    "1. first",
    "```",
    "```rust",
    "~~~",
    "---",
    "title: \"T\"",
    "***bold***",
    "[link](http://x)",
    "[ref]: http://y",
    "![img](a.png)",
    "| a | b |",
    "|---|---|",
    "<div>",
    "</div>",
    "`code`",
    "\\",
    "* * *",
    "Setext",
    "======",
    "[[[[",
    "]]]](x)",
    "<!--",
    "-->",
    "$$",
    "- [ ] task",
];
const HTML_PIECES: &[&str] = &[
    "<meta property='article:published_time' content='2024-03-12T09:30:00+02:00'>",
    "<meta name=date content=",
    "<time datetime='2024-03-12'>",
    "<time datetime=\"99999-12-31\">",
    "</time>",
    "<html>",
    "<head>",
    "<title>",
    "</title>",
    "<body>",
    "<div>",
    "</div>",
    "<p>",
    "</p>",
    "<h1>",
    "</h1>",
    "<script>",
    "</script>",
    "<style>",
    "</style>",
    "<table><tr><td>",
    "<pre>",
    "</pre>",
    "<br>",
    "<br/>",
    "<!--",
    "-->",
    "<!DOCTYPE html>",
    "<![CDATA[",
    "]]>",
    "&amp;",
    "&nbsp;",
    "&#x1F4F0;",
    "&#99999999;",
    "&unknown;",
    "<",
    ">",
    "</",
    "<a href=\"x>",
    "'",
    "\"",
    "<noscript>",
    "<template>",
    "<svg>",
    "<math>",
    "<plaintext>",
    "<textarea>",
    "<font size=2>",
    "<li>",
    "<b><i>",
    "</b></i>",
    "<div hidden>",
    "Text here.",
    "More words",
];
const FEED_PIECES: &[&str] = &[
    "<pubDate>",
    "</pubDate>",
    "Tue, 12 Mar 2024 09:30:00 GMT",
    "<published>2024-03-12T09:30:00Z</published>",
    "<updated>",
    "</updated>",
    "<dc:date>2024-02-30</dc:date>",
    "<?xml version=\"1.0\"?>",
    "<rss version=\"2.0\">",
    "</rss>",
    "<rdf:RDF>",
    "<feed xmlns=\"http://www.w3.org/2005/Atom\">",
    "</feed>",
    "<channel>",
    "<item>",
    "</item>",
    "<entry>",
    "</entry>",
    "<title>",
    "</title>",
    "<description>",
    "</description>",
    "<summary>",
    "<content type=\"xhtml\"><div>",
    "</div></content>",
    "<content:encoded>",
    "</content:encoded>",
    "<![CDATA[<p>Inner <b>html</b>",
    "]]>",
    "&lt;p&gt;",
    "&amp;",
    "&nbsp;",
    "&#x1F4F0;",
    "&#99999999;",
    "&unknown;",
    "<link/>",
    "<",
    ">",
    "Storm hits coast",
    "Towns were flooded.",
];
const JSON_KEYS: &[&str] = &[
    "publishedAt",
    "timestamp",
    "date",
    "title",
    "headline",
    "text",
    "body",
    "content",
    "description",
    "summary",
    "articles",
    "items",
    "data",
    "id",
    "Title",
    "short_description",
    "news",
];
const CSV_PIECES: &[&str] = &[
    "date",
    "2024-03-12T09:30:00Z",
    "12 March 2024",
    "title",
    "text",
    "headline",
    "description",
    "id",
    ",",
    ";",
    "\t",
    "\"",
    "\"\"",
    "\n",
    "\r\n",
    "Rates held",
    "The bank held rates.",
    "a \"quoted\" word",
    "",
    " ",
    "é",
];

/// Pieces of a Word document's or an OpenDocument text's body.
const OFFICE_PIECES: &[&str] = &[
    "<w:p>",
    "</w:p>",
    "<w:r>",
    "</w:r>",
    "<w:t>",
    "</w:t>",
    "<w:t xml:space=\"preserve\">",
    "<w:tab/>",
    "<w:br/>",
    "<w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr>",
    "<w:delText>gone</w:delText>",
    "<mc:AlternateContent><mc:Fallback>",
    "</mc:Fallback></mc:AlternateContent>",
    "<text:p>",
    "</text:p>",
    "<text:h>",
    "</text:h>",
    "<text:span>",
    "</text:span>",
    "<text:s text:c=\"99999999999\"/>",
    "<text:s/>",
    "<text:line-break/>",
    "<text:note><text:p>A note.",
    "</text:note>",
    "&amp;",
    "&#x1F4F0;",
    "&unknown;",
    "<",
    ">",
    "Storm hits coast",
    "Towns were flooded.",
];

/// Pieces of e-mail: headers, MIME parts and mailbox separators.
const MAIL_PIECES: &[&str] = &[
    "Date: Tue, 12 Mar 2024 09:30:00 +0000\r\n",
    "Date: 31 Feb 99999 99:99\r\n",
    "From news@example.com Thu Jan  1 00:00:00 2026\n",
    ">From quoted\n",
    "Subject: Storm hits coast\r\n",
    "Subject: =?UTF-8?B?U3Rvcm0=?=\r\n",
    "Subject: =?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?=\r\n",
    "Content-Type: multipart/alternative; boundary=\"b\"\r\n",
    "Content-Type: multipart/mixed; boundary=b\r\n",
    "Content-Type: text/html; charset=iso-8859-1\r\n",
    "Content-Type: text/plain; charset=shift_jis\r\n",
    "Content-Type: message/rfc822\r\n",
    "Content-Transfer-Encoding: base64\r\n",
    "Content-Transfer-Encoding: quoted-printable\r\n",
    "--b\r\n",
    "--b--\r\n",
    "\r\n",
    "\n",
    "=E2=80=94=\r\n",
    "VG93bnMgd2VyZSBmbG9vZGVkLg==\r\n",
    "<p>Towns were <b>flooded</b>.</p>",
    "Towns were flooded.",
    "\u{e9}",
];

/// Pieces of Rich Text Format: groups, destinations, control words, escapes and separators of
/// a news database's export.
const RTF_PIECES: &[&str] = &[
    "{\\rtf1\\ansi\\ansicpg1252 ",
    "{",
    "}",
    "{\\*\\generator x;}",
    "{\\fonttbl{\\f0 Arial;}}",
    "{\\pict 0a0b",
    "\\par ",
    "\\line",
    "\\'e9",
    "\\'",
    "\\'9",
    "\\u8364?",
    "\\u-4064 ",
    "\\u99999999999999999999",
    "\\uc0",
    "\\uc4 ",
    "\\ansicpg932",
    "\\ansicpg65001",
    "\\bin5 ",
    "\\bin999999999999",
    "\\",
    "\\~",
    "\\-",
    "\\rquote ",
    "\\abcdefghijklmnopqrstuvwxyzabcdefghijklmnop123",
    "End of Document",
    "Document WSJO000020200102eg120000b",
    "Storm hits coast",
    "Towns were flooded.",
    "\n",
    "\u{e9}",
];

/// A zip archive holding `content` as each of the two word processors' main parts.
fn office_archive(content: &str, compressed: bool) -> Vec<u8> {
    use std::io::Write;
    let method = if compressed {
        zip::CompressionMethod::Deflated
    } else {
        zip::CompressionMethod::Stored
    };
    let options = zip::write::SimpleFileOptions::default().compression_method(method);
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for part in ["word/document.xml", "content.xml"] {
        writer.start_file(part, options).expect("start member");
        writer.write_all(content.as_bytes()).expect("write member");
    }
    writer.finish().expect("finish archive").into_inner()
}

fn pieces(set: &'static [&'static str], sep: &'static str) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(set), 0..40).prop_map(move |p| p.join(sep))
}

/// A JSON value of articles, nested a little, with keys the loader looks for.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|n| serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)),
        prop::sample::select(TEXT_PIECES).prop_map(|s| Value::String(s.into())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::vec((prop::sample::select(JSON_KEYS), inner), 0..6).prop_map(
                |fields| {
                    serde_json::Value::Object(
                        fields
                            .into_iter()
                            .map(|(k, v)| (k.to_string(), v))
                            .collect(),
                    )
                }
            ),
        ]
    })
}

/// Pieces of dates, to be put together in every order.
const DATE_PIECES: &[&str] = &[
    "2024",
    "-",
    "03",
    "12",
    "T",
    "09:30:00",
    "Z",
    "+02:00",
    "Tue, ",
    " Mar ",
    "March",
    " ",
    ",",
    "/",
    "GMT",
    "99999",
    "00",
    "31",
    "Feb",
    "é",
    "\u{1F600}",
    ".",
    "März",
    " de ",
    "1er",
    "1º",
    "марта",
    "Μαρτίου",
    "március",
    "年",
    "月",
    "日",
];

proptest! {
    #[test]
    fn dates_of_any_text_are_real_days_or_none(
        text in ".{0,80}",
        pieces in pieces(DATE_PIECES, ""),
        timestamp in any::<f64>(),
    ) {
        use chrono::Datelike;
        for candidate in [&text, &pieces] {
            if let Some(day) = topic_atlas::corpus::date::parse_date(candidate) {
                prop_assert!((1900..=2100).contains(&day.year()), "{candidate:?}: {day}");
            }
        }
        if let Some(day) = topic_atlas::corpus::date::date_of_timestamp(timestamp) {
            prop_assert!((1900..=2100).contains(&day.year()), "{timestamp}: {day}");
        }
    }

    #[test]
    fn arbitrary_bytes_in_any_format(
        extension in prop::sample::select(EXTENSIONS),
        bytes in prop::collection::vec(any::<u8>(), 0..4096),
    ) {
        check(extension, &bytes);
    }

    #[test]
    fn near_valid_text_and_markdown(
        text in pieces(TEXT_PIECES, "\n"),
        markdown in pieces(MARKDOWN_PIECES, "\n"),
        how in any::<u8>(),
        edits in edits(),
    ) {
        for extension in ["txt", ""] {
            check(extension, &mutate(encoded(&text, how), &edits));
        }
        check("md", &mutate(encoded(&markdown, how), &edits));
        check("md", &mutate(encoded(&format!("{markdown}\n{text}"), how), &edits));
    }

    #[test]
    fn near_valid_html(
        page in pieces(HTML_PIECES, ""),
        spaced in pieces(HTML_PIECES, " "),
        how in any::<u8>(),
        edits in edits(),
    ) {
        check("html", &mutate(encoded(&page, how), &edits));
        check("html", &mutate(encoded(&spaced, how), &edits));
    }

    #[test]
    fn near_valid_feeds(
        feed in pieces(FEED_PIECES, ""),
        spaced in pieces(FEED_PIECES, "\n"),
        how in any::<u8>(),
        edits in edits(),
    ) {
        check("xml", &mutate(encoded(&feed, how), &edits));
        check("rss", &mutate(encoded(&spaced, how), &edits));
        check("atom", &mutate(encoded(&format!("<rss><channel>{feed}"), how), &edits));
    }

    #[test]
    fn near_valid_word_and_opendocument_files(
        body in pieces(OFFICE_PIECES, ""),
        edits in edits(),
    ) {
        let xml = format!("<w:document><w:body><office:text>{body}</office:text></w:body></w:document>");
        // Broken XML in a sound archive, and a broken archive.
        let broken_xml = String::from_utf8_lossy(&mutate(xml.clone().into_bytes(), &edits)).into_owned();
        for extension in ["docx", "odt"] {
            check(extension, &office_archive(&broken_xml, false));
            check(extension, &mutate(office_archive(&xml, true), &edits));
        }
    }

    #[test]
    fn near_valid_mail(
        message in pieces(MAIL_PIECES, ""),
        how in any::<u8>(),
        edits in edits(),
    ) {
        check("eml", &mutate(encoded(&message, how), &edits));
        check("mbox", &mutate(encoded(&message, how), &edits));
        check("mbox", &mutate(encoded(&format!("{}{message}", MAIL_PIECES[0]), how), &edits));
    }

    #[test]
    fn near_valid_rich_text(
        document in pieces(RTF_PIECES, ""),
        edits in edits(),
    ) {
        check("rtf", &mutate(format!("{{\\rtf1 {document}").into_bytes(), &edits));
        check("rtf", &mutate(document.into_bytes(), &edits));
    }

    #[test]
    fn near_valid_json_and_json_lines(
        values in prop::collection::vec(json_value(), 1..5),
        how in any::<u8>(),
        edits in edits(),
    ) {
        let one = serde_json::to_string_pretty(&values[0]).unwrap_or_default();
        check("json", &mutate(encoded(&one, how), &edits));
        let lines: Vec<String> = values.iter().map(|v| v.to_string()).collect();
        let lines = lines.join("\n");
        check("jsonl", &mutate(encoded(&lines, how), &edits));
        check("json", &mutate(encoded(&lines, how), &edits));
    }

    #[test]
    fn near_valid_csv_and_tsv(
        table in pieces(CSV_PIECES, ""),
        how in any::<u8>(),
        edits in edits(),
    ) {
        let with_header = format!("title,text,description\n{table}");
        check("csv", &mutate(encoded(&with_header, how), &edits));
        check("tsv", &mutate(encoded(&with_header.replace(',', "\t"), how), &edits));
        check("csv", &mutate(encoded(&table, how), &edits));
    }

    #[test]
    fn the_analyzer_keeps_byte_offsets_on_any_text(
        bytes in prop::collection::vec(any::<u8>(), 0..2048),
        language in prop::sample::select(Language::ALL.to_vec()),
    ) {
        let text = String::from_utf8_lossy(&bytes);
        for word in Analyzer::new(language).analyze(&text) {
            prop_assert!(word.range.start < word.range.end);
            prop_assert!(text.get(word.range.clone()).is_some(), "{:?} is not on char boundaries", word.range);
            prop_assert!(!word.term.is_empty());
        }
    }

    #[test]
    fn session_files_of_any_text_are_refused_or_read(
        value in json_value(),
        edits in edits(),
    ) {
        let mut json = serde_json::json!({"format": "topic-atlas-session", "version": 1});
        json["settings"] = value.clone();
        json["origin"] = value;
        let bytes = mutate(json.to_string().into_bytes(), &edits);
        let _ = Session::from_json(&String::from_utf8_lossy(&bytes), Path::new("s.json"));
    }
}
