//! Boilerplate: the lines of a document that are not its own writing.
//!
//! - Pasted lines. Signatures ("Gordon Banks N3JXP | Skepticism is the chastity of the
//!   intellect"), a site's footer, a columnist's biography at the end of each column: a line
//!   that five documents or more hold byte for byte is pasted, not written about. So is a
//!   closing at a document's end ("Cheers," and the name under it), however short.
//! - Encoded data: an attachment pasted into a post as uuencode or base64, whose "words"
//!   ("AX", "b8f") are noise.
//!
//! Their words still count for finding topics (who posts, and where from, is evidence of what
//! about), but not for naming them: a topic where one person's short replies gather was named
//! after that person's signature ("geb · cadre.dsl.pitt.edu · N3JXP"). The texts are kept as
//! they are, for reading.

use std::hash::BuildHasher;
use std::ops::Range;

use rayon::prelude::*;
use rustc_hash::{FxBuildHasher, FxHashSet};

/// Documents that must repeat a line for it to count as pasted rather than written: so many
/// that the same few sentences written by chance, or a story and a reprint of it, do not.
pub const REPEATED_IN_DOCUMENTS: u32 = 5;

/// Words a repeated line needs to count as pasted on its own. Shorter ones recur by chance or
/// by formula in documents written apart (a greeting, "Pay April 15", a section's name); they
/// count only as part of a block of repeated lines that holds a longer one, as the name and
/// address of a signature do beside its motto.
pub const LINE_WORDS: usize = 4;

/// Bytes a line needs before it can be taken for encoded data (see [`is_encoded`]).
pub const ENCODED_LINE_BYTES: usize = 40;

/// Texts counted per task when counting lines.
const TEXTS_PER_TASK: usize = 256;

/// The lines (by the hash of their bytes, see [`lines`]) that at least
/// [`REPEATED_IN_DOCUMENTS`] documents hold, and which documents hold one.
pub struct RepeatedLines {
    repeated: FxHashSet<u64>,
    /// Whether each document holds a long repeated line or a line of encoded data: the others
    /// need no second look.
    look_again: Vec<bool>,
}

impl RepeatedLines {
    /// Finds the repeated lines of `texts`, each document counted once per distinct line.
    pub fn count<T: AsRef<str> + Sync>(texts: &[T]) -> Self {
        // Each document's distinct line hashes, one list per chunk of documents, with where
        // each document's hashes end, and whether it holds encoded data.
        let chunks: Vec<(Vec<u64>, Vec<usize>, Vec<bool>)> = texts
            .par_chunks(TEXTS_PER_TASK)
            .map(|chunk| {
                let mut hashes = Vec::new();
                let mut ends = Vec::with_capacity(chunk.len());
                let mut encoded = Vec::with_capacity(chunk.len());
                let mut own = Vec::new();
                for text in chunk {
                    own.clear();
                    let mut holds_encoded = false;
                    for line in lines(text.as_ref()) {
                        holds_encoded |= line.encoded;
                        own.extend(line.hash);
                    }
                    own.sort_unstable();
                    own.dedup();
                    hashes.extend_from_slice(&own);
                    ends.push(hashes.len());
                    encoded.push(holds_encoded);
                }
                (hashes, ends, encoded)
            })
            .collect();
        let mut all: Vec<u64> = chunks.iter().flat_map(|(h, _, _)| h).copied().collect();
        all.par_sort_unstable();
        let repeated: FxHashSet<u64> = all
            .chunk_by(|a, b| a == b)
            .filter(|run| run.len() >= REPEATED_IN_DOCUMENTS as usize)
            .map(|run| run[0])
            .collect();
        drop(all);
        let look_again = chunks
            .par_iter()
            .flat_map_iter(|(hashes, ends, encoded)| {
                let starts = std::iter::once(0).chain(ends.iter().copied());
                starts
                    .zip(ends)
                    .zip(encoded)
                    .map(|((start, &end), &encoded)| {
                        encoded
                            || hashes[start..end]
                                .iter()
                                .any(|&h| (is_long(h) || is_closing(h)) && repeated.contains(&h))
                    })
            })
            .collect();
        Self {
            repeated,
            look_again,
        }
    }

    /// The byte ranges, in order, of the lines of `text` (document number `document` of those
    /// counted) that are not its own writing:
    /// - pasted lines: those that at least [`REPEATED_IN_DOCUMENTS`] documents hold, in blocks
    ///   of such lines (blank lines and rules between them allowed) that hold one of at least
    ///   [`LINE_WORDS`] words, or that end the document and open with a line ending with a
    ///   comma (a closing: "Cheers," and the name under it);
    /// - encoded data (see [`is_encoded`]).
    pub fn not_written(&self, document: usize, text: &str) -> Vec<Range<usize>> {
        if !self.look_again.get(document).copied().unwrap_or(false) {
            return Vec::new();
        }
        let mut not_written = Vec::new();
        let mut block = Vec::new();
        let mut block_is_long = false;
        let mut block_opens_a_closing = false;
        for line in lines(text) {
            if line.encoded {
                // Like a blank line, it neither ends a block of pasted lines nor joins one.
                not_written.push(line.range);
                continue;
            }
            match line.hash {
                Some(hash) if self.repeated.contains(&hash) => {
                    if block.is_empty() {
                        block_opens_a_closing = is_closing(hash);
                    }
                    block_is_long |= is_long(hash);
                    block.push(line.range);
                }
                Some(_) => {
                    if block_is_long {
                        not_written.append(&mut block);
                    }
                    block.clear();
                    block_is_long = false;
                }
                None => {}
            }
        }
        // The last block ends the document: a closing there ("Cheers,", "Kent") is not the
        // document's own writing, short as its lines are.
        if block_is_long || block_opens_a_closing {
            not_written.append(&mut block);
        }
        not_written.sort_unstable_by_key(|r| r.start);
        not_written
    }
}

/// A line of a text.
struct Line {
    /// The hash of its bytes without the white space at either end, its lowest bit telling
    /// whether the line is long (see [`is_long`]) and the next whether it ends with a comma
    /// (see [`is_closing`]); `None` for a line without a letter or digit (blank, or a rule of
    /// dashes), which no word is in.
    hash: Option<u64>,
    /// Its bytes in the text.
    range: Range<usize>,
    /// Whether it is encoded data rather than text (see [`is_encoded`]).
    encoded: bool,
}

/// Whether the line hashed to `hash` has at least [`LINE_WORDS`] words.
fn is_long(hash: u64) -> bool {
    hash & 1 == 1
}

/// Whether the line hashed to `hash` could open a letter's closing: it ends with a comma
/// ("Cheers,", "Best regards,", "Mit freundlichen Grüßen,").
fn is_closing(hash: u64) -> bool {
    hash & 2 == 2
}

/// The lines of `text`. Pasted lines are pasted byte for byte; comparing them exactly keeps
/// this cheap (a tenth of counting's time on 20,000 posts, where splitting words to compare
/// them was a third).
fn lines(text: &str) -> impl Iterator<Item = Line> + '_ {
    let mut start = 0;
    text.split_inclusive('\n').map(move |line| {
        let range = start..start + line.len();
        start += line.len();
        let trimmed = line.trim_ascii();
        let has_word = trimmed
            .bytes()
            .any(|b| b.is_ascii_alphanumeric() || !b.is_ascii());
        let hash = has_word.then(|| {
            let long = trimmed
                .split_ascii_whitespace()
                .nth(LINE_WORDS - 1)
                .is_some();
            let closing = trimmed.ends_with(',');
            FxBuildHasher.hash_one(trimmed.as_bytes()) & !3
                | u64::from(long)
                | u64::from(closing) << 1
        });
        let encoded = is_encoded(trimmed.as_bytes());
        Line {
            hash,
            range,
            encoded,
        }
    })
}

/// Whether a line (without the white space at its ends) is encoded data rather than text: an
/// attachment pasted into a post as uuencode, xxencode or base64. Its "words" ("AX", "b8f")
/// are noise that could name a topic. At least [`ENCODED_LINE_BYTES`] bytes, at most a space
/// in sixteen (text has one every five to eight), and either uuencode (no lower-case letter,
/// and as long as its first character says: "M<B8F<G(:<G)R<G(:K7)R…", 61 characters), or
/// base64 (no space, only letters, digits, `+`, `/` and `=`, and a digit).
fn is_encoded(line: &[u8]) -> bool {
    if line.len() < ENCODED_LINE_BYTES {
        return false;
    }
    // Text is rejected within its first few words, without reading the rest of the line.
    let most_spaces = line.len() / 16;
    let mut spaces = 0;
    for &b in line {
        if b.is_ascii_whitespace() {
            spaces += 1;
            if spaces > most_spaces {
                return false;
            }
        } else if !b.is_ascii() {
            return false;
        }
    }
    if line.iter().all(|&b| (b' '..=b'`').contains(&b)) {
        // uuencode: the first character tells how many bytes the line holds, each three of
        // them written as four characters (an encoder may add one more, a checksum).
        let bytes = usize::from((line[0] - b' ') & 63);
        let expected = 1 + bytes.div_ceil(3) * 4;
        return line.len() == expected || line.len() == expected + 1;
    }
    spaces == 0
        && line.iter().any(u8::is_ascii_digit)
        && line
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b"+/=".contains(&b))
}

/// Tells, for words met in order through a text, whether each lies inside one of the given
/// lines (those that are not the text's own writing, see [`RepeatedLines::not_written`]).
pub struct Position<'a> {
    repeated: &'a [Range<usize>],
    next: usize,
}

impl<'a> Position<'a> {
    pub fn new(repeated: &'a [Range<usize>]) -> Self {
        Self { repeated, next: 0 }
    }

    /// Whether the word starting at byte `at` is inside one of the lines; `at` must not
    /// decrease from one call to the next.
    pub fn inside(&mut self, at: usize) -> bool {
        while self.repeated.get(self.next).is_some_and(|r| r.end <= at) {
            self.next += 1;
        }
        self.repeated
            .get(self.next)
            .is_some_and(|r| r.contains(&at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines of document `document` of `texts` that are not its own writing, trimmed.
    fn not_written_lines(texts: &[String], document: usize) -> Vec<&str> {
        let text = &texts[document];
        RepeatedLines::count(texts)
            .not_written(document, text)
            .into_iter()
            .map(|r| text[r].trim())
            .collect()
    }

    #[test]
    fn a_line_counts_once_per_document_whatever_the_space_at_its_ends() {
        let signature = "Gordon Banks N3JXP | Skepticism is the chastity of the intellect";
        let mut texts: Vec<String> = (0..4)
            .map(|i| format!("Post {i} about medicine.\n{signature}\n{signature}\n"))
            .collect();
        // Indented, with a carriage return, and at the very end without a line break.
        texts.push(format!(
            "Another post.\n  {signature}\r\nThe end.\n\t{signature}"
        ));
        let lines = RepeatedLines::count(&texts);
        let last = &texts[4];
        let repeated = lines.not_written(4, last);
        assert_eq!(repeated.len(), 2, "{repeated:?}");
        assert!(repeated.iter().all(|r| last[r.clone()].trim() == signature));
        // Four documents are not enough.
        let lines = RepeatedLines::count(&texts[..4]);
        assert!(lines.not_written(0, &texts[0]).is_empty());
    }

    #[test]
    fn short_lines_count_only_beside_a_long_one() {
        let text = "Cheers, Kent\nThanks in advance, all\n\nBob B. bob@example.com\n--\nQueens could stay, they blew the Bronx away\n";
        let texts: Vec<String> = (0..6).map(|i| format!("Post number {i}\n{text}")).collect();
        let pasted = not_written_lines(&texts, 0);
        // "Cheers, Kent" is short and starts the block, which "Thanks in advance, all" makes
        // long; Bob's address is short but in the motto's block; the rule has no word.
        assert_eq!(
            pasted,
            [
                "Cheers, Kent",
                "Thanks in advance, all",
                "Bob B. bob@example.com",
                "Queens could stay, they blew the Bronx away"
            ]
        );
        let alone: Vec<String> = (0..6)
            .map(|i| format!("Post number {i}\nCheers, Kent\n"))
            .collect();
        assert!(not_written_lines(&alone, 0).is_empty());
    }

    #[test]
    fn a_closing_at_the_end_is_not_written_however_short() {
        let texts: Vec<String> = (0..6)
            .map(|i| format!("Post number {i}, on the sabbath.\n\nCheers,\nKent\n\n"))
            .collect();
        assert_eq!(not_written_lines(&texts, 0), ["Cheers,", "Kent"]);
        // Not where the document goes on after it, nor for short lines without the comma
        // (a wire's formula: "Pay April 15", "Record March 31").
        let inside: Vec<String> = (0..6)
            .map(|i| format!("Cheers,\nKent\nPost number {i}\n"))
            .collect();
        assert!(not_written_lines(&inside, 0).is_empty());
        let formula: Vec<String> = (0..6)
            .map(|i| format!("Dividend number {i}\n    Pay April 15\n    Record March 31\n"))
            .collect();
        assert!(not_written_lines(&formula, 0).is_empty());
    }

    #[test]
    fn lines_without_letters_or_digits_are_not_counted() {
        let texts = vec!["A line of five words\n------\n"; 6];
        let lines = RepeatedLines::count(&texts);
        let repeated = lines.not_written(0, texts[0]);
        assert_eq!(
            repeated,
            vec![(0..21)],
            "only the line with words: {repeated:?}"
        );
    }

    #[test]
    fn encoded_attachments_are_told_from_text_and_tables() {
        let encoded = [
            "M<B8F<G(:<G)R<G(:K7)R<G)/3[=RK7*W'ZUR%;>MK:VW;[<5%6\\5%15O;Q45",
            "MAX>'AX>'AX>'AX>'AX>'AX>'AX>'AX>'AX>'AX>'AX>'AX>'AX>'AX>'AX>'",
            "M1D?,R,1J72##AX[9#MF^Z+7C$W^&Q9XGJ #1_)/-F&\\5XH^>(2G7X5.=R\"S8",
            "iQCVAgUBK8AjRXzXN+VrOblFAQFSbwP+MHePY4g7ge8Mo5wpsivX+kHYYxMErFAO",
        ];
        for line in encoded {
            assert!(is_encoded(line.as_bytes()), "{line}");
        }
        let text = [
            "TOPPING.........15.63......16.10......14.30",
            "ACME-CLEVELAND CORP <AMT> SETS QUARTERLY DIVIDEND OF TEN CENTS",
            "The Federal Home Loan Bank Board adjusted the rates on its notes",
            "https://www.example.com/news/2024/03/elections-in-portugal-runoff",
            "Antidisestablishmentarianismantidisestablishmentarianism",
            "M<B8F<G(:<G)R<G(:K7)R",
        ];
        for line in text {
            assert!(!is_encoded(line.as_bytes()), "{line}");
        }
    }

    #[test]
    fn an_encoded_line_is_not_written_though_no_other_document_holds_it() {
        let attachment = "MAX>'AX>'AX>'AX>'AX>'AX>'AX>'AX>'AX>'AX>'AX>'AX>'AX>'AX>'AX>'";
        let texts = [
            format!("begin 644 picture.gif\n{attachment}\nend\n"),
            "A post".into(),
        ];
        let lines = RepeatedLines::count(&texts);
        let not_written = lines.not_written(0, &texts[0]);
        assert_eq!(not_written.len(), 1, "{not_written:?}");
        assert_eq!(texts[0][not_written[0].clone()].trim(), attachment);
        assert!(lines.not_written(1, &texts[1]).is_empty());
    }

    #[test]
    fn positions_are_found_in_order() {
        let repeated = [5..10, 20..30];
        let mut position = Position::new(&repeated);
        let inside: Vec<bool> = [0, 5, 9, 10, 15, 25, 40]
            .into_iter()
            .map(|at| position.inside(at))
            .collect();
        assert_eq!(inside, [false, true, true, false, false, true, false]);
    }
}
