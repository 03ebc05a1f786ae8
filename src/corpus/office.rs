//! Word processor files: Word (`.docx`) and OpenDocument text (`.odt`), zip archives whose
//! main part is XML. The body's paragraphs are read as the paragraphs of a plain text file
//! (see `text.rs`), so a document reads the same saved from a word processor or as `.txt`
//! with a blank line between paragraphs: a title and its story, or a list of headlines, one a
//! paragraph. A first paragraph styled as a heading is a title, as in markdown. Headers,
//! footers, footnotes, comments and deleted text (tracked changes) are not part of it.

use std::io::{Cursor, Read};
use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::text::{documents_from_pieces, split_pieces};
use super::xml::{attribute, line_of, resolve_reference};
use super::{FileOutcome, SkipReason};

/// The most a document's main part may hold once unpacked. A page of text is about 50 kB of
/// Word's XML, so this is thousands of pages; a few kilobytes packed can unpack to gigabytes
/// (a "zip bomb"), and reading stops here instead.
const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;

/// The two kinds of word processor file, and where each keeps its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Office {
    /// Office Open XML (Word 2007 and later).
    Word,
    /// OpenDocument text (LibreOffice, and Word's "Save as .odt").
    OpenDocument,
}

impl Office {
    /// The archive member that holds the body.
    fn main_part(self) -> &'static str {
        match self {
            Office::Word => "word/document.xml",
            Office::OpenDocument => "content.xml",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Office::Word => "docx",
            Office::OpenDocument => "odt",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Office::Word => "Word document",
            Office::OpenDocument => "OpenDocument text",
        }
    }

    /// Elements whose every paragraph is left out: OpenDocument keeps footnotes and comments
    /// inside the paragraph they belong to and deleted text in a list of changes; Word's
    /// alternative content repeats a drawing's text as a fallback for old readers.
    fn skipped(self, local_name: &[u8]) -> bool {
        match self {
            // A tracked move's old place is deleted text.
            Office::Word => matches!(local_name, b"Fallback" | b"moveFrom"),
            Office::OpenDocument => matches!(
                local_name,
                b"note" | b"annotation" | b"tracked-changes" | b"deletion"
            ),
        }
    }

    /// Whether the element is a paragraph (a line of the text).
    fn is_paragraph(self, local_name: &[u8]) -> bool {
        match self {
            Office::Word => local_name == b"p",
            // <text:h> is a heading: a paragraph too.
            Office::OpenDocument => matches!(local_name, b"p" | b"h"),
        }
    }

    /// Whether the element is a paragraph that is a heading by its name (OpenDocument's
    /// `<text:h>`; Word says so by the paragraph's style, see `is_heading_style`).
    fn is_heading(self, local_name: &[u8]) -> bool {
        self == Office::OpenDocument && local_name == b"h"
    }

    /// Whether text directly inside the element is the document's text: Word keeps it in
    /// `<w:t>` (field codes and deleted text are in other elements); OpenDocument writes it
    /// straight into paragraphs and the spans and links within them.
    fn holds_text(self, local_name: &[u8]) -> bool {
        match self {
            Office::Word => local_name == b"t",
            Office::OpenDocument => matches!(local_name, b"p" | b"h" | b"span" | b"a"),
        }
    }

    /// Whether empty elements inside the element stand for characters (see `character`): in
    /// Word only inside a run (`<w:r>`), as outside one `<w:tab/>` is a tab stop's setting; in
    /// OpenDocument wherever its text is.
    fn holds_characters(self, local_name: &[u8]) -> bool {
        match self {
            Office::Word => local_name == b"r",
            Office::OpenDocument => self.holds_text(local_name),
        }
    }

    /// What an empty element within a paragraph stands for: a line break, or spaces
    /// (OpenDocument's `<text:s text:c="3"/>` is three of them). A tab is a space: in a
    /// paragraph it is layout, not the column of a table it would be in a text file.
    fn character(self, local_name: &[u8]) -> Option<char> {
        match (self, local_name) {
            (_, b"tab") => Some(' '),
            (Office::Word, b"br" | b"cr") | (Office::OpenDocument, b"line-break") => Some('\n'),
            (Office::OpenDocument, b"s") => Some(' '),
            _ => None,
        }
    }
}

/// A word processor file's documents, read from its bytes.
pub fn parse_office(bytes: &[u8], file: &Path, office: Office) -> FileOutcome {
    let body = match main_part(bytes, office).and_then(|xml| body_text(&xml, office)) {
        Ok(body) => body,
        Err(problem) => {
            return FileOutcome::skipped(SkipReason::Malformed {
                message: format!("not a readable {}: {problem}", office.name()),
            });
        }
    };
    FileOutcome::of_documents(documents_from_pieces(
        split_pieces(&body.text, body.starts_with_heading),
        file,
    ))
}

/// The main part's XML, unpacked (at most `MAX_PART_BYTES`), or what stops it being read.
fn main_part(bytes: &[u8], office: Office) -> Result<String, String> {
    let mut archive =
        // The archive library's reason ("Could not find EOCD") tells a reader nothing more.
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| {
            format!(
                "not a zip archive, as a .{} file is (renamed from another type, or cut short)",
                office.extension()
            )
        })?;
    let part = office.main_part();
    let entry = archive.by_name(part).map_err(|e| match e {
        zip::result::ZipError::FileNotFound => format!("it holds no {part}"),
        other => format!("{part} cannot be unpacked ({other})"),
    })?;
    let mut xml = Vec::new();
    entry
        .take(MAX_PART_BYTES + 1)
        .read_to_end(&mut xml)
        .map_err(|e| format!("{part} cannot be unpacked ({e})"))?;
    if xml.len() as u64 > MAX_PART_BYTES {
        return Err(format!(
            "{part} unpacks to more than {} MB",
            MAX_PART_BYTES / (1024 * 1024)
        ));
    }
    String::from_utf8(xml).map_err(|_| format!("{part} is not UTF-8"))
}

/// A document's text: its paragraphs with a blank line between them.
struct Body {
    text: String,
    /// The first paragraph is a heading (OpenDocument's `<text:h>`, Word's "Title" and
    /// "Heading" styles).
    starts_with_heading: bool,
}

/// A paragraph being read.
#[derive(Default)]
struct Paragraph {
    text: String,
    heading: bool,
}

/// The body's paragraphs.
fn body_text(xml: &str, office: Office) -> Result<Body, String> {
    let mut reader = Reader::from_str(xml);
    let mut body = Body {
        text: String::new(),
        starts_with_heading: false,
    };
    // The paragraphs open around the current position: a paragraph can hold another (the
    // text of a drawing's text box, a cell of a table in a frame); each is its own.
    let mut paragraphs: Vec<Paragraph> = Vec::new();
    // How deep inside elements that hold text, that hold characters, and that are skipped we
    // are.
    let mut in_text = 0usize;
    let mut in_characters = 0usize;
    let mut skipping = 0usize;
    loop {
        let event = reader.read_event().map_err(|error| {
            let line = line_of(xml, reader.error_position());
            format!("its XML breaks off at line {line} ({error})")
        })?;
        match event {
            Event::Start(element) => {
                let name = element.local_name();
                let name = name.as_ref();
                if skipping > 0 || office.skipped(name) {
                    skipping += 1;
                } else {
                    if office.is_paragraph(name) {
                        paragraphs.push(Paragraph {
                            heading: office.is_heading(name),
                            ..Paragraph::default()
                        });
                    }
                    if office.holds_text(name) {
                        in_text += 1;
                    }
                    if office.holds_characters(name) {
                        in_characters += 1;
                    }
                }
            }
            Event::End(element) => {
                let name = element.local_name();
                let name = name.as_ref();
                if skipping > 0 {
                    skipping -= 1;
                    continue;
                }
                if office.holds_text(name) {
                    in_text = in_text.saturating_sub(1);
                }
                if office.holds_characters(name) {
                    in_characters = in_characters.saturating_sub(1);
                }
                if office.is_paragraph(name)
                    && let Some(paragraph) = paragraphs.pop()
                {
                    let line = paragraph.text.trim();
                    if !line.is_empty() {
                        if body.text.is_empty() {
                            body.starts_with_heading = paragraph.heading;
                        } else {
                            body.text.push_str("\n\n");
                        }
                        body.text.push_str(line);
                    }
                }
            }
            Event::Empty(element) if skipping == 0 => {
                let name = element.local_name();
                let name = name.as_ref();
                if office == Office::Word && name == b"pStyle" {
                    if let Some(paragraph) = paragraphs.last_mut() {
                        paragraph.heading = is_heading_style(&element);
                    }
                } else if in_characters > 0
                    && let (Some(c), Some(paragraph)) =
                        (office.character(name), paragraphs.last_mut())
                {
                    let repeat = if name == b"s" { spaces(&element) } else { 1 };
                    paragraph.text.extend(std::iter::repeat_n(c, repeat));
                }
            }
            Event::Text(content) if in_text > 0 && skipping == 0 => {
                if let (Some(paragraph), Ok(content)) =
                    (paragraphs.last_mut(), content.xml10_content())
                {
                    paragraph.text.push_str(&content);
                }
            }
            Event::GeneralRef(reference) if in_text > 0 && skipping == 0 => {
                if let (Some(paragraph), Some(c)) =
                    (paragraphs.last_mut(), resolve_reference(&reference))
                {
                    paragraph.text.push_str(&c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(body)
}

/// Whether a Word paragraph style (`<w:pStyle w:val="Heading1"/>`) is a title or heading.
fn is_heading_style(element: &BytesStart<'_>) -> bool {
    attribute(element, b"val").is_some_and(|style| {
        let style = style.to_ascii_lowercase();
        style.starts_with(b"title") || style.starts_with(b"heading")
    })
}

/// How many spaces `<text:s text:c="N"/>` stands for (one without the attribute), at most a
/// line's worth: a broken count must not grow the text.
fn spaces(element: &BytesStart<'_>) -> usize {
    attribute(element, b"c")
        .and_then(|count| std::str::from_utf8(&count).ok()?.parse().ok())
        .unwrap_or(1)
        .clamp(1, 80)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    /// A zip archive of the given members, compressed as word processors write them.
    pub(crate) fn archive(members: &[(&str, &str)]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, content) in members {
            writer.start_file(*name, options).expect("start member");
            writer.write_all(content.as_bytes()).expect("write member");
        }
        writer.finish().expect("finish archive").into_inner()
    }

    /// A Word document whose body is `body` (the XML inside `<w:body>`).
    pub(crate) fn docx(body: &str) -> Vec<u8> {
        let document = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{body}<w:sectPr/></w:body></w:document>"#
        );
        archive(&[
            ("[Content_Types].xml", "<Types/>"),
            ("word/document.xml", &document),
            (
                "word/footer1.xml",
                "<w:ftr><w:p><w:r><w:t>Page 1 of 3</w:t></w:r></w:p></w:ftr>",
            ),
        ])
    }

    /// An OpenDocument text whose body is `body` (the XML inside `<office:text>`).
    pub(crate) fn odt(body: &str) -> Vec<u8> {
        let content = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>{body}</office:text></office:body></office:document-content>"#
        );
        archive(&[
            ("mimetype", "application/vnd.oasis.opendocument.text"),
            ("content.xml", &content),
        ])
    }

    fn paragraph(text: &str) -> String {
        format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
    }

    fn titles_and_bodies(outcome: &FileOutcome) -> Vec<(String, String)> {
        outcome
            .documents
            .iter()
            .map(|d| (d.title.clone(), d.body.clone()))
            .collect()
    }

    #[test]
    fn a_word_story_reads_as_the_same_text_file_would() {
        let body = [
            paragraph("Central bank holds rates"),
            paragraph("The bank kept its rate at 4.25% on Thursday."),
            paragraph("Markets had expected the decision &amp; rallied."),
        ]
        .concat();
        let outcome = parse_office(&docx(&body), Path::new("rates.docx"), Office::Word);
        assert!(outcome.skip.is_none(), "{:?}", outcome.skip);
        let as_text = super::super::text::documents_from_text(
            "Central bank holds rates\n\nThe bank kept its rate at 4.25% on Thursday.\n\n\
             Markets had expected the decision & rallied.\n",
            Path::new("rates.docx"),
        );
        let expected: Vec<(String, String)> = as_text
            .iter()
            .map(|d| (d.title.clone(), d.body.clone()))
            .collect();
        assert_eq!(titles_and_bodies(&outcome), expected);
        assert_eq!(outcome.documents[0].title, "Central bank holds rates");
        // The footer is another part of the archive and is not read.
        assert!(!outcome.documents[0].body.contains("Page 1"));
    }

    #[test]
    fn word_runs_join_and_deleted_text_field_codes_and_fallbacks_are_left_out() {
        let body = r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>Storm </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>hits</w:t></w:r><w:r><w:tab/><w:t>coast</w:t></w:r><w:del><w:r><w:delText>GONE</w:delText></w:r></w:del><w:r><w:instrText>HYPERLINK "x"</w:instrText></w:r></w:p><w:p><mc:AlternateContent><mc:Choice><w:p><w:r><w:t>Box text</w:t></w:r></w:p></mc:Choice><mc:Fallback><w:p><w:r><w:t>Box text</w:t></w:r></w:p></mc:Fallback></mc:AlternateContent></w:p>"#;
        let outcome = parse_office(&docx(body), Path::new("s.docx"), Office::Word);
        let all: String = outcome
            .documents
            .iter()
            .map(|d| format!("{}\n{}\n", d.title, d.body))
            .collect();
        assert!(all.starts_with("Storm hits coast"), "{all}");
        assert!(!all.contains("GONE") && !all.contains("HYPERLINK"), "{all}");
        assert_eq!(all.matches("Box text").count(), 1, "{all}");
    }

    #[test]
    fn a_first_paragraph_styled_as_a_heading_is_the_title() {
        // Lower case and ending in a full stop: read as the story's first sentence if plain.
        let heading = r#"<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>rates held, again.</w:t></w:r></w:p>"#;
        let story = paragraph("The bank kept its rate at 4.25% on Thursday, as expected.");
        let titled = parse_office(
            &docx(&format!("{heading}{story}")),
            Path::new("t.docx"),
            Office::Word,
        );
        assert_eq!(titled.documents.len(), 1);
        assert_eq!(titled.documents[0].title, "rates held, again.");
        assert!(titled.documents[0].title_is_explicit);
        let plain = parse_office(
            &docx(&format!("{}{story}", paragraph("rates held, again."))),
            Path::new("p.docx"),
            Office::Word,
        );
        assert!(!plain.documents[0].title_is_explicit);
    }

    #[test]
    fn a_word_list_of_headlines_is_a_document_each() {
        let headlines = [
            "Trump lifts tariff on Indian goods",
            "Japan's prime minister wins election",
            "Storm floods coastal towns",
        ];
        let body: String = headlines.iter().map(|h| paragraph(h)).collect();
        let outcome = parse_office(&docx(&body), Path::new("h.docx"), Office::Word);
        let titles: Vec<&str> = outcome.documents.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(titles, headlines);
    }

    #[test]
    fn a_word_export_of_a_news_database_is_an_article_each() {
        // As Nexis writes them: each article's title, its metadata, its text, then "End of
        // Document" and a page break.
        let page_break = r#"<w:p><w:r><w:br w:type="page"/></w:r></w:p>"#;
        let article = |title: &str, text: &str| {
            [
                paragraph(title),
                paragraph("The Daily Ledger"),
                paragraph("March 3, 2025 Monday"),
                paragraph("Length: 412 words"),
                paragraph("Body"),
                paragraph(text),
                paragraph("Load-Date: March 4, 2025"),
                paragraph("End of Document"),
                page_break.to_string(),
            ]
            .concat()
        };
        let body = [
            article(
                "Runoff set in tight race",
                "Officials said the runoff is in May.",
            ),
            article(
                "Tariffs on steel rise",
                "Exporters warned of higher prices.",
            ),
        ]
        .concat();
        let outcome = parse_office(&docx(&body), Path::new("export.docx"), Office::Word);
        let titles: Vec<&str> = outcome.documents.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(
            titles,
            ["Runoff set in tight race", "Tariffs on steel rise"]
        );
        assert!(outcome.documents[0].body.contains("runoff is in May"));
        assert!(!outcome.documents[0].body.contains("Exporters"));
        assert!(!outcome.documents[1].body.contains("End of Document"));
    }

    #[test]
    fn an_opendocument_text_is_read_with_its_headings_and_without_notes_or_deletions() {
        let body = r#"<text:tracked-changes><text:changed-region><text:deletion><text:p>Removed words</text:p></text:deletion></text:changed-region></text:tracked-changes><text:h text:outline-level="1">Central bank holds rates</text:h><text:p>The bank kept its rate<text:note><text:note-body><text:p>A footnote.</text:p></text:note-body></text:note> at <text:span>4.25%</text:span>,<text:s text:c="2"/>as expected.</text:p><text:p>Markets<text:line-break/>rallied.</text:p>"#;
        let outcome = parse_office(&odt(body), Path::new("r.odt"), Office::OpenDocument);
        assert_eq!(outcome.documents.len(), 1, "{:?}", outcome.documents);
        let document = &outcome.documents[0];
        assert_eq!(document.title, "Central bank holds rates");
        assert!(
            document
                .body
                .contains("The bank kept its rate at 4.25%,  as expected."),
            "{}",
            document.body
        );
        assert!(document.body.contains("Markets\nrallied."));
        assert!(!document.body.contains("footnote") && !document.body.contains("Removed"));
    }

    #[test]
    fn broken_files_are_reported_not_read() {
        let reason = |bytes: &[u8], office| parse_office(bytes, Path::new("x"), office).skip;
        let message = |skip: Option<SkipReason>| match skip {
            Some(SkipReason::Malformed { message }) => message,
            other => panic!("not reported as malformed: {other:?}"),
        };
        assert!(message(reason(b"just text", Office::Word)).contains("not a zip archive"));
        let no_body = archive(&[("word/styles.xml", "<w:styles/>")]);
        assert!(message(reason(&no_body, Office::Word)).contains("holds no word/document.xml"));
        let mut cut = docx(&paragraph("A story cut short"));
        cut.truncate(cut.len() / 2);
        assert!(message(reason(&cut, Office::Word)).starts_with("not a readable Word document"));
        let broken_xml = archive(&[("content.xml", "<office:text><text:p>Half</text:")]);
        assert!(message(reason(&broken_xml, Office::OpenDocument)).contains("breaks off"));
        assert_eq!(
            reason(&docx(""), Office::Word),
            Some(SkipReason::NoText),
            "a document without text"
        );
    }

    #[test]
    fn a_part_that_unpacks_past_the_limit_is_not_read_whole() {
        // Compresses to a few kilobytes; the check is on what is unpacked, not the file size.
        let huge = "a".repeat(MAX_PART_BYTES as usize + 10);
        let bytes = archive(&[("content.xml", &huge)]);
        assert!(bytes.len() < 2 * 1024 * 1024, "{} bytes", bytes.len());
        match parse_office(&bytes, Path::new("bomb.odt"), Office::OpenDocument).skip {
            Some(SkipReason::Malformed { message }) => {
                assert!(message.contains("more than 256 MB"), "{message}")
            }
            other => panic!("{other:?}"),
        }
    }
}
