//! Labels written as the corpus writes their words: "US", "Blair" and "U.S." rather than the
//! lower-case forms the terms are counted in ("us", "blair", "u.s").
//!
//! Only the words of the topics' keywords are looked up, in a sample of each topic's
//! documents, so the cost does not grow with the corpus. A capital at the start of a sentence
//! or in a headline written in Title Case says nothing about a word, so those occurrences are
//! not counted, except for words written in capitals only ("NATO", "EU"), which are capitals
//! wherever they stand.

use std::collections::HashMap;

use rayon::prelude::*;
use rustc_hash::FxHashSet;

use super::Topics;
use super::labels::LABEL_SEPARATOR;
use super::representatives::members_in_order;
use crate::text::{Analyzer, DocumentAnalyzers, Language};

/// Documents of each topic in which its keywords are looked up.
pub const DOCUMENTS_PER_TOPIC: usize = 100;
/// Bytes of each of those documents looked at: a story's opening says how it writes its
/// names, and a long post (a listing, an encoded file) costs no more than a story.
pub const BYTES_PER_DOCUMENT: usize = 3000;

/// Gives each keyword of `topics` the form the corpus mostly writes it in (`Keyword::written`,
/// set only where it differs from the term) and writes the machine labels with those forms.
/// Names a person gave are left as they are. `text_of(document)` is the text that was
/// clustered.
pub fn write_as_the_corpus_does<'t>(
    topics: &mut Topics,
    analyzer: &Analyzer,
    text_of: impl Fn(usize) -> std::borrow::Cow<'t, str> + Sync,
) {
    let members = members_in_order(&topics.assignments, topics.topics.len());
    // Each document is read as it was counted: in its own language where the corpus is mixed.
    let analyzers = DocumentAnalyzers::new(analyzer);
    let counts: Vec<FormCounts> = topics
        .topics
        .par_iter()
        .zip(&members)
        .map(|(topic, members)| {
            let words: FxHashSet<&str> = topic
                .keywords
                .iter()
                .flat_map(|k| k.term.split(' '))
                .collect();
            let mut counts = FormCounts::default();
            let mut buffer = String::new();
            for &document in evenly_spaced(members, DOCUMENTS_PER_TOPIC) {
                let text = text_of(document);
                let analyzer = analyzers.for_text(&text);
                counts.add_text(opening(&text), &words, analyzer, &mut buffer);
            }
            counts
        })
        .collect();
    let mut all = FormCounts::default();
    for c in counts {
        all.merge(c);
    }
    let forms = all.forms();
    let written = |word: &str| forms.get(word).map_or(word, String::as_str).to_owned();
    for topic in &mut topics.topics {
        for keyword in &mut topic.keywords {
            let form = keyword
                .term
                .split(' ')
                .map(written)
                .collect::<Vec<_>>()
                .join(" ");
            keyword.written = (form != keyword.term).then_some(form);
        }
        if !topic.renamed {
            topic.label = topic
                .label
                .split(LABEL_SEPARATOR)
                .map(|part| part.split(' ').map(written).collect::<Vec<_>>().join(" "))
                .collect::<Vec<_>>()
                .join(LABEL_SEPARATOR);
        }
    }
}

/// The first [`BYTES_PER_DOCUMENT`] bytes of `text`, cut at a line's end where there is one
/// (a word cut in two would be counted in a form it does not have).
fn opening(text: &str) -> &str {
    if text.len() <= BYTES_PER_DOCUMENT {
        return text;
    }
    let head = &text[..text.floor_char_boundary(BYTES_PER_DOCUMENT)];
    match head.rfind('\n') {
        Some(line_end) => &head[..line_end],
        None => head
            .rfind(char::is_whitespace)
            .map_or(head, |space| &head[..space]),
    }
}

/// At most `n` items of `items`, spread evenly over it (all of them when there are fewer).
fn evenly_spaced<T>(items: &[T], n: usize) -> impl Iterator<Item = &T> {
    let step = items.len().div_ceil(n.max(1)).max(1);
    items.iter().step_by(step)
}

/// How often each looked-up word is written in each form, where the form says something.
#[derive(Default)]
struct FormCounts {
    by_word: HashMap<String, HashMap<String, u32>>,
}

impl FormCounts {
    fn add_text(
        &mut self,
        text: &str,
        words: &FxHashSet<&str>,
        analyzer: &Analyzer,
        buffer: &mut String,
    ) {
        for line in text.split('\n') {
            self.add_line(line, words, analyzer, buffer);
        }
    }

    fn add_line(
        &mut self,
        line: &str,
        words: &FxHashSet<&str>,
        analyzer: &Analyzer,
        buffer: &mut String,
    ) {
        let style = LineStyle::of(line, analyzer.language());
        if style == LineStyle::Capitals {
            return;
        }
        analyzer.for_each_word(line, buffer, |surface, range| {
            if !words.contains(surface) {
                return;
            }
            let mut form = &line[range.clone()];
            if form.to_lowercase() != surface {
                return; // the range covers more than the word (a rare lower-casing change)
            }
            // "U.S." keeps the full stop the tokenizer took for the end of a sentence.
            if form.contains('.') && line[range.end..].starts_with('.') {
                form = &line[range.start..range.end + 1];
            }
            let capitals_only = form.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && !form.chars().any(char::is_lowercase);
            let telling = capitals_only
                || (style == LineStyle::Sentences && !starts_sentence(&line[..range.start]));
            if telling {
                *self
                    .by_word
                    .entry(surface.to_owned())
                    .or_default()
                    .entry(form.to_owned())
                    .or_default() += 1;
            }
        });
    }

    fn merge(&mut self, other: FormCounts) {
        for (word, forms) in other.by_word {
            let mine = self.by_word.entry(word).or_default();
            for (form, n) in forms {
                *mine.entry(form).or_default() += n;
            }
        }
    }

    /// Each word's most frequent form; ties go to the lower-case form, then to the first in
    /// byte order, so the result never depends on hashing.
    fn forms(&self) -> HashMap<String, String> {
        self.by_word
            .iter()
            .filter_map(|(word, forms)| {
                let (form, _) = forms.iter().max_by(|a, b| {
                    a.1.cmp(b.1)
                        .then((a.0 == word).cmp(&(b.0 == word)))
                        .then(b.0.cmp(a.0))
                })?;
                Some((word.clone(), form.clone()))
            })
            .collect()
    }
}

/// How a line is written, which decides what its capitals say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LineStyle {
    /// Ordinary sentences: a capital inside a sentence marks a name.
    Sentences,
    /// Headline style, most words capitalised: capitals say nothing.
    TitleCase,
    /// No lower-case letter at all: capitals say nothing, even of acronyms.
    Capitals,
}

impl LineStyle {
    /// How `line`, in `language`, is written. Only English writes headlines in Title Case; in
    /// German every noun has a capital, so a sentence of nouns is not a headline.
    fn of(line: &str, language: Language) -> Self {
        if !line.chars().any(char::is_lowercase) {
            return Self::Capitals;
        }
        if language != Language::English {
            return Self::Sentences;
        }
        // Words of four letters or more after the first: in Title Case nearly all start with
        // a capital; in a sentence, only the names among them.
        let (mut long, mut capitalised) = (0, 0);
        for word in line.split_whitespace().skip(1) {
            let letters = word.chars().filter(|c| c.is_alphabetic()).count();
            if letters < 4 {
                continue;
            }
            long += 1;
            if word
                .chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_uppercase)
            {
                capitalised += 1;
            }
        }
        if long >= 3 && capitalised * 10 >= long * 7 {
            Self::TitleCase
        } else {
            Self::Sentences
        }
    }
}

/// Whether a word preceded by `before` (on its line) begins a sentence: nothing but spaces,
/// quotes or brackets since the line's start or since a full stop, question or exclamation mark.
fn starts_sentence(before: &str) -> bool {
    match before
        .chars()
        .rev()
        .find(|c| !(c.is_whitespace() || "\"'“”‘’«»([-–—".contains(*c)))
    {
        None => true,
        Some(c) => matches!(c, '.' | '!' | '?' | '…'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms_in(texts: &[&str], words: &[&str]) -> HashMap<String, String> {
        forms_in_language(texts, words, Language::English)
    }

    fn forms_in_language(
        texts: &[&str],
        words: &[&str],
        language: Language,
    ) -> HashMap<String, String> {
        let analyzer = Analyzer::new(language);
        let words: FxHashSet<&str> = words.iter().copied().collect();
        let mut counts = FormCounts::default();
        let mut buffer = String::new();
        for text in texts {
            counts.add_text(text, &words, &analyzer, &mut buffer);
        }
        counts.forms()
    }

    #[test]
    fn names_and_acronyms_keep_their_capitals_and_common_words_do_not() {
        let forms = forms_in(
            &[
                "Prime minister Tony Blair said the US economy would grow. Trade rose.",
                "Mr Blair met the US trade envoy in Washington, and trade talks began.",
                "Growth in the U.S. slowed, said Blair.",
            ],
            &["blair", "us", "trade", "u.s"],
        );
        assert_eq!(forms["blair"], "Blair");
        assert_eq!(forms["us"], "US");
        assert_eq!(forms["trade"], "trade");
        assert_eq!(forms["u.s"], "U.S.");
    }

    #[test]
    fn capitals_at_a_sentence_start_or_in_title_case_say_nothing() {
        let forms = forms_in(
            &[
                "Tariffs rose again. Tariffs are a tax.",
                "Trump Signs Executive Order Threatening Tariffs on Countries Trading With Iran",
                "EU Leaders Meet Over New Tariffs",
                "The new tariffs hit exports, and the EU answered.",
            ],
            &["tariffs", "eu", "trump"],
        );
        assert_eq!(forms["tariffs"], "tariffs");
        assert_eq!(forms["eu"], "EU");
        // Only ever seen in Title Case: nothing to go by, so no form is chosen.
        assert!(!forms.contains_key("trump"));
    }

    #[test]
    fn german_nouns_keep_their_capitals_in_sentences_full_of_them() {
        // Four of the five longer words have capitals: Title Case in English, a sentence in
        // German.
        let forms = forms_in_language(
            &[
                "Das Hochwasser schloss Schulen im Norden.",
                "Nach dem Hochwasser öffneten die Schulen wieder.",
            ],
            &["hochwasser", "schulen", "schloss"],
            Language::German,
        );
        assert_eq!(forms["hochwasser"], "Hochwasser");
        assert_eq!(forms["schulen"], "Schulen");
        assert_eq!(forms["schloss"], "schloss");
    }

    #[test]
    fn a_line_in_capitals_says_nothing_even_of_acronyms() {
        let forms = forms_in(
            &[
                "MARKETS FALL AS TRADE TALKS STALL",
                "Talks on trade resumed on Monday.",
            ],
            &["trade", "markets"],
        );
        assert_eq!(forms["trade"], "trade");
        assert!(!forms.contains_key("markets"));
    }

    #[test]
    fn the_sentence_start_ends_at_a_full_stop_not_at_a_comma() {
        assert!(starts_sentence(""));
        assert!(starts_sentence("It rose. \""));
        assert!(!starts_sentence("It rose, "));
        assert!(!starts_sentence("the "));
    }

    #[test]
    fn the_sample_of_a_topic_is_spread_over_it() {
        let items: Vec<usize> = (0..1000).collect();
        let sample: Vec<usize> = evenly_spaced(&items, 200).copied().collect();
        assert_eq!(sample.len(), 200);
        assert_eq!(sample[1], 5);
        assert_eq!(evenly_spaced(&items[..3], 200).count(), 3);
    }

    #[test]
    fn a_long_text_is_cut_at_a_line_or_word_end_within_the_limit() {
        let lines = "Tariffs rose again.\n".repeat(400);
        let cut = opening(&lines);
        assert!(cut.len() <= BYTES_PER_DOCUMENT && cut.len() > BYTES_PER_DOCUMENT - 30);
        assert!(cut.ends_with("again."));
        let words = "élan ".repeat(1000);
        let cut = opening(&words);
        assert!(cut.len() <= BYTES_PER_DOCUMENT && cut.ends_with("élan"));
        assert_eq!(opening("short"), "short");
    }
}
