//! Rich Text Format (`.rtf`), as Word, WordPad and TextEdit save it and as news databases
//! (Factiva, Nexis) export it: read as the same text saved as `.txt` with a blank line between
//! paragraphs, so a story, a list of headlines or a database's export of many articles splits
//! as it would there.
//!
//! RTF's grammar is small: groups in braces, control words and escapes. What is read: the text,
//! paragraph and line breaks, `\'hh` bytes in the document's code page (`\ansicpg`), `\uN`
//! characters (and their fallback left out), typographic quotes and dashes, a field's shown
//! result. What is left out: font, colour and style tables, document properties, pictures and
//! objects, headers, footers, footnotes, comments and field instructions. Groups are tracked
//! on a stack rather than by recursion, so deeply nested braces cannot overflow the stack.

use std::path::Path;

use encoding_rs::Encoding;

use super::FileOutcome;
use super::report::SkipReason;
use super::text::{documents_from_pieces, split_pieces};

/// A Rich Text Format file's documents, read from its bytes.
pub fn parse_rtf(bytes: &[u8], file: &Path) -> FileOutcome {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    if !bytes[start..].starts_with(b"{\\rtf") {
        return FileOutcome::skipped(SkipReason::Malformed {
            message: "not a Rich Text Format file: it does not begin with {\\rtf (renamed from \
                      another type?)"
                .to_string(),
        });
    }
    let text = rtf_text(&bytes[start..]);
    FileOutcome::of_documents(documents_from_pieces(split_pieces(&text, false), file))
}

/// Destinations whose text is not the document's: tables, properties, pictures, page
/// furniture, notes and field instructions (a field's shown text, `\fldrslt`, is read).
const SKIPPED_DESTINATIONS: &[&str] = &[
    "annotation",
    "atnauthor",
    "atndate",
    "atnid",
    "bkmkend",
    "bkmkstart",
    "colortbl",
    "colorschememapping",
    "comment",
    "datafield",
    "datastore",
    "filetbl",
    "fldinst",
    "fonttbl",
    "footer",
    "footerf",
    "footerl",
    "footerr",
    "footnote",
    "generator",
    "header",
    "headerf",
    "headerl",
    "headerr",
    "info",
    "latentstyles",
    "listoverridetable",
    "listtable",
    "listtext",
    "mmathPr",
    "nonshppict",
    "object",
    "objdata",
    "pgdsctbl",
    "pict",
    "pntext",
    "private",
    "revtbl",
    "rsidtbl",
    "shpinst",
    "stylesheet",
    "tc",
    "themedata",
    "txe",
    "xe",
    "xmlnstbl",
];

/// What a group changes of the reading state; restored when the group closes.
#[derive(Clone, Copy)]
struct Group {
    /// Inside a destination that is not the document's text.
    skipped: bool,
    /// Characters of fallback after each `\uN` (`\ucN`, 1 unless set).
    fallback: usize,
}

/// The document's text, paragraphs separated by blank lines.
fn rtf_text(bytes: &[u8]) -> String {
    let mut reader = Reader {
        out: String::with_capacity(bytes.len() / 2),
        pending: Vec::new(),
        encoding: encoding_rs::WINDOWS_1252,
        group: Group {
            skipped: false,
            fallback: 1,
        },
        outer: Vec::new(),
        fallback_left: 0,
    };
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        i += 1;
        match byte {
            b'{' => reader.open(),
            b'}' => reader.close(),
            b'\\' => i = reader.control(bytes, i),
            // Line ends in the file are layout; `\par` ends a paragraph.
            b'\r' | b'\n' => {}
            _ => reader.byte(byte),
        }
    }
    reader.flush();
    reader.out
}

struct Reader {
    out: String,
    /// Bytes of text in the document's code page, decoded together (a character of a
    /// double-byte code page spans two `\'hh` escapes).
    pending: Vec<u8>,
    encoding: &'static Encoding,
    group: Group,
    outer: Vec<Group>,
    /// Fallback characters still to leave out after a `\uN`.
    fallback_left: usize,
}

impl Reader {
    fn open(&mut self) {
        self.outer.push(self.group);
        self.fallback_left = 0;
    }

    fn close(&mut self) {
        if let Some(group) = self.outer.pop() {
            self.group = group;
        }
        self.fallback_left = 0;
    }

    /// A byte of text in the document's code page.
    fn byte(&mut self, byte: u8) {
        if self.group.skipped {
            return;
        }
        if self.fallback_left > 0 {
            self.fallback_left -= 1;
            return;
        }
        self.pending.push(byte);
    }

    fn text(&mut self, text: &str) {
        if self.group.skipped {
            return;
        }
        self.flush();
        self.out.push_str(text);
    }

    fn flush(&mut self) {
        if !self.pending.is_empty() {
            let (decoded, _) = self.encoding.decode_without_bom_handling(&self.pending);
            self.out.push_str(&decoded);
            self.pending.clear();
        }
    }

    /// Reads the control word or symbol after a backslash at `i`; returns where reading goes on.
    fn control(&mut self, bytes: &[u8], i: usize) -> usize {
        let Some(&first) = bytes.get(i) else {
            return i;
        };
        match first {
            b'\\' | b'{' | b'}' => {
                self.byte(first);
                i + 1
            }
            b'\'' => {
                let hex = bytes.get(i + 1..i + 3).and_then(|h| {
                    std::str::from_utf8(h)
                        .ok()
                        .and_then(|h| u8::from_str_radix(h, 16).ok())
                });
                match hex {
                    Some(value) => {
                        self.byte(value);
                        i + 3
                    }
                    None => i + 1,
                }
            }
            b'*' => {
                self.group.skipped = true;
                i + 1
            }
            b'~' => {
                self.text("\u{a0}");
                i + 1
            }
            b'_' => {
                self.text("-");
                i + 1
            }
            b'\r' | b'\n' => {
                self.text("\n\n");
                i + 1
            }
            b'a'..=b'z' | b'A'..=b'Z' => self.word(bytes, i),
            // `\-` (an optional hyphen), `\:` and other symbols show nothing.
            _ => i + 1,
        }
    }

    /// A control word at `i`: letters, an optional signed number, and the space that may end it.
    fn word(&mut self, bytes: &[u8], mut i: usize) -> usize {
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphabetic() && i - start < 32 {
            i += 1;
        }
        let name = std::str::from_utf8(&bytes[start..i]).unwrap_or("");
        let number_start = i;
        if bytes.get(i) == Some(&b'-') {
            i += 1;
        }
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let parameter: Option<i64> = std::str::from_utf8(&bytes[number_start..i])
            .ok()
            .and_then(|n| n.parse().ok());
        if bytes.get(i) == Some(&b' ') {
            i += 1;
        }
        match name {
            "bin" => {
                // Raw binary data follows: its bytes are not RTF.
                let length = usize::try_from(parameter.unwrap_or(0)).unwrap_or(0);
                return i.saturating_add(length).min(bytes.len());
            }
            "u" => {
                if let Some(code) = parameter {
                    // Written as a signed 16-bit number: -4064 is U+F020.
                    let code = if code < 0 { code + 65_536 } else { code };
                    let character = u32::try_from(code)
                        .ok()
                        .and_then(char::from_u32)
                        .unwrap_or('\u{fffd}');
                    self.text(character.encode_utf8(&mut [0; 4]));
                    self.fallback_left = self.group.fallback;
                }
                return i;
            }
            "uc" => {
                self.group.fallback = usize::try_from(parameter.unwrap_or(1)).unwrap_or(1);
            }
            "ansicpg" => {
                let page = parameter.and_then(|p| u16::try_from(p).ok());
                if let Some(encoding) = page.and_then(codepage::to_encoding) {
                    self.flush();
                    self.encoding = encoding;
                }
            }
            "mac" => self.encoding = encoding_rs::MACINTOSH,
            "par" | "sect" | "page" | "row" => self.text("\n\n"),
            "line" => self.text("\n"),
            "tab" | "cell" | "emspace" | "enspace" | "qmspace" => self.text(" "),
            "emdash" => self.text("\u{2014}"),
            "endash" => self.text("\u{2013}"),
            "lquote" => self.text("\u{2018}"),
            "rquote" => self.text("\u{2019}"),
            "ldblquote" => self.text("\u{201c}"),
            "rdblquote" => self.text("\u{201d}"),
            "bullet" => self.text("\u{2022}"),
            name if SKIPPED_DESTINATIONS.contains(&name) => self.group.skipped = true,
            _ => {}
        }
        self.fallback_left = 0;
        i
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// As Word writes it: tables, properties, a picture, a header, a field and escapes.
    const WORD_RTF: &str = r#"{\rtf1\ansi\ansicpg1252\deff0\nouicompat{\fonttbl{\f0\fnil\fcharset0 Calibri;}}
{\colortbl ;\red0\green0\blue255;}{\*\generator Riched20 10.0.19041}{\info{\author Someone}{\title Export}}
{\header\pard Daily Ledger page 1\par}
\viewkind4\uc1\pard\sa200\b\f0\fs28 Caf\'e9 owners protest new tax\b0\fs22\par
The minister\rquote s plan \endash  announced on Monday \endash  drew crowds in {\i Paris} and \ldblquote Lyon\rdblquote .
{\pict\wmetafile8\picw100\pich100 0100090000033a0000}
{\field{\*\fldinst{HYPERLINK "https://example.com"}}{\fldrslt{Read more}}}\par
Prices rose 5\u8364?\~per cup\line in March.\par
}"#;

    #[test]
    fn word_rtf_reads_as_its_text_with_a_blank_line_between_paragraphs() {
        let text = rtf_text(WORD_RTF.as_bytes());
        assert_eq!(
            text.trim(),
            "Café owners protest new tax\n\nThe minister’s plan – announced on Monday – drew \
             crowds in Paris and “Lyon”.Read more\n\nPrices rose 5€\u{a0}per cup\nin March."
        );
        let outcome = parse_rtf(WORD_RTF.as_bytes(), Path::new("story.rtf"));
        assert_eq!(outcome.documents.len(), 1);
        assert_eq!(outcome.documents[0].title, "Café owners protest new tax");
    }

    #[test]
    fn unicode_fallbacks_code_pages_and_binary_data_are_read_as_meant() {
        // \uc2: two fallback characters after each \u, here an escape and a letter.
        let text = rtf_text(br"{\rtf1\uc2 Stra\u223?\'dfe {\uc0 \u-4064}\bin3 {}x end}");
        assert_eq!(text, "Stra\u{df}e \u{f020} end");
        // Cyrillic in code page 1251.
        let text = rtf_text(br"{\rtf1\ansi\ansicpg1251 \'cc\'ee\'f1\'ea\'e2\'e0}");
        assert_eq!(text, "Москва");
        // Shift JIS: one character from two escapes.
        let text = rtf_text(br"{\rtf1\ansi\ansicpg932 \'93\'8c\'8b\'9e}");
        assert_eq!(text, "東京");
    }

    #[test]
    fn a_list_of_headlines_is_a_document_each_and_an_export_an_article_each() {
        let headlines = br"{\rtf1\ansi Trump lifts tariff on Indian goods\par Japan's prime minister wins election\par Storm floods coastal towns\par}";
        let outcome = parse_rtf(headlines, Path::new("h.rtf"));
        assert_eq!(outcome.documents.len(), 3);
        let export = br"{\rtf1\ansi Central bank holds rates\par 530 words\par The bank held.\par Document WSJO000020200102eg120000b\par Floods close schools\par Schools closed.\par Document FT00000020200103eg1300001\par}";
        let outcome = parse_rtf(export, Path::new("factiva.rtf"));
        let titles: Vec<&str> = outcome.documents.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(titles, ["Central bank holds rates", "Floods close schools"]);
    }

    #[test]
    fn broken_and_hostile_files_are_reported_or_read_without_harm() {
        let not_rtf = parse_rtf(b"PK\x03\x04 a zip", Path::new("x.rtf"));
        assert!(matches!(not_rtf.skip, Some(SkipReason::Malformed { .. })));
        let nothing = parse_rtf(br"{\rtf1{\fonttbl{\f0 Arial;}}}", Path::new("e.rtf"));
        assert!(nothing.documents.is_empty() && nothing.skip.is_some());
        // Deep nesting, unbalanced braces, a cut-short escape and a huge \bin length.
        let mut deep = b"{\\rtf1 ".to_vec();
        deep.extend(std::iter::repeat_n(b'{', 1_000_000));
        deep.extend(b"deep text");
        assert_eq!(rtf_text(&deep), "deep text");
        assert_eq!(rtf_text(br"{\rtf1 a}}}} b\'"), "a b");
        assert_eq!(rtf_text(br"{\rtf1 a\bin99999999999 b}"), "a");
        assert_eq!(rtf_text(br"{\rtf1 a\u99999999999? b}"), "a\u{fffd} b");
    }
}
