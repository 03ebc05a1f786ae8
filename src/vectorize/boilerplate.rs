//! Boilerplate: words that only ever appear in lines many documents repeat word for word.
//!
//! Signatures ("Gordon Banks N3JXP | Skepticism is the chastity of the intellect"), a site's
//! footer, a columnist's biography at the end of each column: a line that five documents or
//! more repeat verbatim is written once and pasted, not written about. Its common words
//! ("the", "intellect") are common elsewhere too and count as usual; the words found (almost)
//! nowhere but in such lines — the name, the address, the motto — say who posted or where a
//! page came from, not what it is about. Counted as terms, they tie a person's posts together
//! whatever their subject and name the topic where that person's short posts gather
//! ("geb · cadre.dsl.pitt.edu · N3JXP"). They are left out of the terms; the texts are kept
//! as they are, for reading.

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

/// Texts counted per task when counting lines.
const TEXTS_PER_TASK: usize = 256;

/// The lines (by the hash of their bytes, see [`lines`]) that at least
/// [`REPEATED_IN_DOCUMENTS`] documents hold, and which documents hold one.
pub struct RepeatedLines {
    repeated: FxHashSet<u64>,
    /// Whether each document holds a long repeated line: the others have no pasted line and
    /// need no second look.
    holds_one: Vec<bool>,
}

impl RepeatedLines {
    /// Finds the repeated lines of `texts`, each document counted once per distinct line.
    pub fn count<T: AsRef<str> + Sync>(texts: &[T]) -> Self {
        // Each document's distinct line hashes, one list per chunk of documents, with where
        // each document's hashes end.
        let chunks: Vec<(Vec<u64>, Vec<usize>)> = texts
            .par_chunks(TEXTS_PER_TASK)
            .map(|chunk| {
                let mut hashes = Vec::new();
                let mut ends = Vec::with_capacity(chunk.len());
                for text in chunk {
                    let first = hashes.len();
                    hashes.extend(lines(text.as_ref()).filter_map(|line| line.hash));
                    let own = &mut hashes[first..];
                    own.sort_unstable();
                    let distinct = dedup_sorted(own);
                    hashes.truncate(first + distinct);
                    ends.push(hashes.len());
                }
                (hashes, ends)
            })
            .collect();
        let mut all: Vec<u64> = chunks.iter().flat_map(|(h, _)| h).copied().collect();
        all.par_sort_unstable();
        let repeated: FxHashSet<u64> = all
            .chunk_by(|a, b| a == b)
            .filter(|run| run.len() >= REPEATED_IN_DOCUMENTS as usize)
            .map(|run| run[0])
            .collect();
        drop(all);
        let holds_one = if repeated.is_empty() {
            vec![false; texts.len()]
        } else {
            chunks
                .par_iter()
                .flat_map_iter(|(hashes, ends)| {
                    let starts = std::iter::once(0).chain(ends.iter().copied());
                    starts.zip(ends).map(|(start, &end)| {
                        hashes[start..end]
                            .iter()
                            .any(|&h| is_long(h) && repeated.contains(&h))
                    })
                })
                .collect()
        };
        Self {
            repeated,
            holds_one,
        }
    }

    /// The byte ranges of the pasted lines of `text`, document number `document` of those
    /// counted, in order: the lines that at least [`REPEATED_IN_DOCUMENTS`] documents hold,
    /// in blocks of such lines (blank lines and rules between them allowed) that hold one of
    /// at least [`LINE_WORDS`] words.
    pub fn in_text(&self, document: usize, text: &str) -> Vec<Range<usize>> {
        if !self.holds_one.get(document).copied().unwrap_or(false) {
            return Vec::new();
        }
        let mut pasted = Vec::new();
        let mut block = Vec::new();
        let mut block_is_long = false;
        let mut end_block = |block: &mut Vec<Range<usize>>, long: &mut bool| {
            if *long {
                pasted.append(block);
            }
            block.clear();
            *long = false;
        };
        for line in lines(text) {
            match line.hash {
                None => {}
                Some(hash) if self.repeated.contains(&hash) => {
                    block_is_long |= is_long(hash);
                    block.push(line.range);
                }
                Some(_) => end_block(&mut block, &mut block_is_long),
            }
        }
        end_block(&mut block, &mut block_is_long);
        pasted
    }
}

/// Moves the distinct values of the sorted `values` to its front and returns their number.
fn dedup_sorted(values: &mut [u64]) -> usize {
    let mut distinct = 0;
    for i in 0..values.len() {
        if i == 0 || values[i] != values[distinct - 1] {
            values[distinct] = values[i];
            distinct += 1;
        }
    }
    distinct
}

/// A line of a text.
struct Line {
    /// The hash of its bytes without the white space at either end, its lowest bit telling
    /// whether the line is long (see [`is_long`]); `None` for a line without a letter or digit
    /// (blank, or a rule of dashes), which no word is in.
    hash: Option<u64>,
    /// Its bytes in the text.
    range: Range<usize>,
}

/// Whether the line hashed to `hash` has at least [`LINE_WORDS`] words.
fn is_long(hash: u64) -> bool {
    hash & 1 == 1
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
            FxBuildHasher.hash_one(trimmed.as_bytes()) & !1 | u64::from(long)
        });
        Line { hash, range }
    })
}

/// Tells, for words met in order through a text, whether each lies inside one of the text's
/// repeated lines.
pub struct Position<'a> {
    repeated: &'a [Range<usize>],
    next: usize,
}

impl<'a> Position<'a> {
    pub fn new(repeated: &'a [Range<usize>]) -> Self {
        Self { repeated, next: 0 }
    }

    /// Whether the word starting at byte `at` is inside a repeated line; `at` must not
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
        let repeated = lines.in_text(4, last);
        assert_eq!(repeated.len(), 2, "{repeated:?}");
        assert!(repeated.iter().all(|r| last[r.clone()].trim() == signature));
        // Four documents are not enough.
        let lines = RepeatedLines::count(&texts[..4]);
        assert!(lines.in_text(0, &texts[0]).is_empty());
    }

    #[test]
    fn short_lines_count_only_beside_a_long_one() {
        let text = "Cheers, Kent\nThanks in advance, all\n\nBob B. bob@example.com\n--\nQueens could stay, they blew the Bronx away\n";
        let texts: Vec<String> = (0..6).map(|i| format!("Post number {i}\n{text}")).collect();
        let lines = RepeatedLines::count(&texts);
        let pasted: Vec<&str> = lines
            .in_text(0, &texts[0])
            .into_iter()
            .map(|r| texts[0][r].trim())
            .collect();
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
        let lines = RepeatedLines::count(&alone);
        assert!(lines.in_text(0, &alone[0]).is_empty());
    }

    #[test]
    fn lines_without_letters_or_digits_are_not_counted() {
        let texts = vec!["A line of five words\n------\n"; 6];
        let lines = RepeatedLines::count(&texts);
        let repeated = lines.in_text(0, texts[0]);
        assert_eq!(
            repeated,
            vec![(0..21)],
            "only the line with words: {repeated:?}"
        );
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
