//! The analyzer: text in, the words that matter out, each with its byte range in the text.
//!
//! A tokenizer followed by small filters, each in its own file: Unicode word segmentation
//! ([`tokenizer`]), lower-casing ([`lowercase`]), possessives and elisions ([`apostrophes`]),
//! stop words ([`stop_words`]) and Snowball stemming ([`stemmer`]) for the corpus language
//! ([`language`]). Offsets always point into the original text, so the reader can highlight
//! exactly the words that made a topic.

pub mod apostrophes;
pub mod language;
pub mod lowercase;
pub mod stemmer;
pub mod stop_words;
pub mod tokenizer;

use std::borrow::Cow;
use std::ops::Range;

pub use language::{
    Language, LanguageSurvey, detect_language, detect_language_confidently, survey_languages,
};
use stemmer::Stemmer;
use stop_words::StopWords;

/// Words longer than this are not words (URLs, hashes, base64) and are dropped.
const MAX_WORD_BYTES: usize = 40;

/// One analysed word: where it is, how it reads (lower-case) and the term it counts as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnalyzedWord {
    pub range: Range<usize>,
    pub surface: String,
    pub term: String,
}

/// Turns text into the words that carry its topic, for one language.
pub struct Analyzer {
    language: Language,
    /// Whether some documents may be in another language (see [`DocumentAnalyzers`]).
    mixed: bool,
    stop_words: StopWords,
    stemmer: Stemmer,
}

impl Analyzer {
    pub fn new(language: Language) -> Self {
        Self {
            language,
            mixed: false,
            stop_words: StopWords::for_language(language),
            stemmer: Stemmer::for_language(language),
        }
    }

    pub fn language(&self) -> Language {
        self.language
    }

    /// Marks the corpus as holding documents in other languages too, so that each of those
    /// is analysed in its own (see [`DocumentAnalyzers`]).
    pub fn for_mixed_corpus(mut self, mixed: bool) -> Self {
        self.mixed = mixed;
        self
    }

    /// Calls `emit(surface, range)` for each word of `text` that is kept: `surface` is its
    /// lower-case form without possessive or elision, `range` its bytes in `text`. Numbers,
    /// single letters and stop words are dropped. `buffer` is scratch space reused across calls
    /// so that no word allocates.
    pub fn for_each_word(
        &self,
        text: &str,
        buffer: &mut String,
        mut emit: impl FnMut(&str, Range<usize>),
    ) {
        tokenizer::for_each_word(text, |word, start| {
            if word.len() > MAX_WORD_BYTES {
                return;
            }
            lowercase::lowercase_into(word, buffer);
            let same_length = buffer.len() == word.len();
            let (core, cut) = apostrophes::strip_apostrophes(buffer, self.language);
            if !is_meaningful(core) || self.stop_words.contains(core) {
                return;
            }
            // Lower-casing may change byte lengths (rarely: 'İ' grows, the Kelvin sign 'K'
            // shrinks); offsets into the lower-case form then do not fit the original, so the
            // range covers the whole original word, which is still what the reader highlights.
            let exact = start + cut..start + cut + core.len();
            let fits = same_length
                && exact.end <= start + word.len()
                && text.is_char_boundary(exact.start)
                && text.is_char_boundary(exact.end);
            let range = if fits {
                exact
            } else {
                start..start + word.len()
            };
            emit(core, range);
        });
    }

    /// The term a kept word counts as: its stem.
    pub fn stem<'a>(&self, surface: &'a str) -> Cow<'a, str> {
        self.stemmer.stem(surface)
    }

    /// Every kept word of `text` with its term. Allocates; meant for one document at a time
    /// (the reader, tests), not for whole corpora.
    pub fn analyze(&self, text: &str) -> Vec<AnalyzedWord> {
        let mut buffer = String::new();
        let mut words = Vec::new();
        self.for_each_word(text, &mut buffer, |surface, range| {
            words.push(AnalyzedWord {
                range,
                surface: surface.to_owned(),
                term: self.stem(surface).into_owned(),
            });
        });
        words
    }
}

/// The analyzer for each document of a corpus: the corpus language's, except for a document
/// that is clearly written in another language, which gets that language's stop words and
/// elision rules. Otherwise a few German or French articles among English ones bring "der",
/// "le" and "des" into the vocabulary and into topic labels.
/// Detecting every document's language costs about as much as counting its words, so it is
/// done only for corpora marked mixed ([`Analyzer::for_mixed_corpus`]).
pub struct DocumentAnalyzers<'a> {
    corpus: &'a Analyzer,
    others: Vec<Analyzer>,
}

impl<'a> DocumentAnalyzers<'a> {
    pub fn new(corpus: &'a Analyzer) -> Self {
        let others = if corpus.mixed {
            Language::ALL
                .iter()
                .filter(|&&l| l != corpus.language())
                .map(|&l| Analyzer::new(l))
                .collect()
        } else {
            Vec::new()
        };
        Self { corpus, others }
    }

    pub fn for_text(&self, text: &str) -> &Analyzer {
        if self.others.is_empty() {
            return self.corpus;
        }
        match detect_language_confidently(text) {
            Some(language) if language != self.corpus.language() => self
                .others
                .iter()
                .find(|a| a.language() == language)
                .unwrap_or(self.corpus),
            _ => self.corpus,
        }
    }
}

/// A word worth counting: it has a letter, and more than one character unless it is an
/// ideograph (one of which can be a whole word).
fn is_meaningful(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if chars.next().is_none() {
        return tokenizer::is_unspaced_script(first);
    }
    word.chars().any(char::is_alphabetic)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_stay_on_character_boundaries_when_lower_case_changes_length() {
        // The Kelvin sign lower-cases to a one-byte 'k': the range ended inside it, and the
        // reader's highlighting sliced the text there and panicked.
        let analyzer = Analyzer::new(Language::English);
        for text in [
            "\u{212A}0",
            "\u{212A}elvin scale",
            "\u{130}stanbul's mayor",
            "\u{130}\u{130}\u{212A}x'y",
        ] {
            for word in analyzer.analyze(text) {
                assert!(
                    text.get(word.range.clone()).is_some(),
                    "{text:?} {:?}",
                    word.range
                );
            }
        }
        let kelvin = analyzer.analyze("\u{212A}elvin");
        assert_eq!(kelvin[0].range, 0..8);
        let istanbul = analyzer.analyze("\u{130}stanbul's");
        assert_eq!(istanbul[0].range, 0.."\u{130}stanbul's".len());
        let bank = analyzer.analyze("the bank's rates");
        assert_eq!(bank[0].range, 4..8);
    }

    #[test]
    fn english_words_are_lowercased_filtered_and_stemmed() {
        let analyzer = Analyzer::new(Language::English);
        let text = "The U.S. raised Tariffs on 25% of China's exports in 2025.";
        let words = analyzer.analyze(text);
        let surfaces: Vec<&str> = words.iter().map(|w| w.surface.as_str()).collect();
        assert_eq!(surfaces, ["u.s", "raised", "tariffs", "china", "exports"]);
        let tariffs = &words[2];
        assert_eq!(&text[tariffs.range.clone()], "Tariffs");
        assert_eq!(tariffs.term, analyzer.stem("tariff"));
        let china = &words[3];
        assert_eq!(&text[china.range.clone()], "China");
    }

    #[test]
    fn offsets_survive_elision_and_non_ascii() {
        let analyzer = Analyzer::new(Language::French);
        let text = "Hausse de l'économie française";
        let words = analyzer.analyze(text);
        let economy = words
            .iter()
            .find(|w| w.surface == "économie")
            .expect("économie is kept");
        assert_eq!(&text[economy.range.clone()], "économie");
    }

    #[test]
    fn numbers_single_letters_and_long_junk_are_dropped() {
        let analyzer = Analyzer::new(Language::English);
        let words = analyzer.analyze(
            "2025 12,000 x y z 3.5 aGVsbG8gd29ybGQgdGhpcyBpcyBhIGxvbmcgYmFzZTY0IHN0cmluZw tariff",
        );
        let surfaces: Vec<&str> = words.iter().map(|w| w.surface.as_str()).collect();
        assert_eq!(surfaces, ["tariff"]);
    }

    #[test]
    fn chinese_text_gives_many_words_not_one_per_line() {
        let analyzer = Analyzer::new(Language::Chinese);
        let words = analyzer.analyze("美国宣布对中国商品加征关税\n欧洲议会选举结果公布");
        assert!(words.len() > 10, "{words:?}");
        assert!(words.iter().any(|w| w.surface == "关税"));
        assert!(words.iter().any(|w| w.surface == "选举"));
    }

    #[test]
    fn a_document_in_another_language_gets_its_own_stop_words() {
        let english = Analyzer::new(Language::English).for_mixed_corpus(true);
        let analyzers = DocumentAnalyzers::new(&english);
        let german = "Die Regierung hat am Montag beschlossen, dass die Steuern für kleine \
                      Unternehmen im nächsten Jahr sinken sollen. Der Finanzminister sagte, \
                      dass die Entlastung der Wirtschaft helfen werde.";
        let analyzer = analyzers.for_text(german);
        assert_eq!(analyzer.language(), Language::German);
        let words: Vec<String> = analyzer
            .analyze(german)
            .into_iter()
            .map(|w| w.surface)
            .collect();
        assert!(
            !words
                .iter()
                .any(|w| w == "der" || w == "die" || w == "dass"),
            "{words:?}"
        );
        assert!(words.iter().any(|w| w == "regierung"));
        // Headlines are too short to trust: they follow the corpus language.
        let headline = "Regierung senkt Steuern";
        assert_eq!(analyzers.for_text(headline).language(), Language::English);
        let english_text = "The government decided on Monday that taxes for small companies \
                            will fall next year. The finance minister said the relief would \
                            help the economy grow.";
        assert_eq!(
            analyzers.for_text(english_text).language(),
            Language::English
        );
    }

    #[test]
    fn russian_is_stemmed() {
        let analyzer = Analyzer::new(Language::Russian);
        let a = analyzer.analyze("Выборы президента");
        let b = analyzer.analyze("о выборах президента");
        assert_eq!(a[0].term, b[0].term);
    }
}
