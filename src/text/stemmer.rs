//! Snowball stemming, so "tariff" and "tariffs" count as one term.

use std::borrow::Cow;

use rust_stemmers::Algorithm;

use super::Language;

/// A Snowball stemmer, or none for languages without one (words are then kept whole).
pub struct Stemmer(Option<rust_stemmers::Stemmer>);

impl Stemmer {
    pub fn for_language(language: Language) -> Self {
        let algorithm = match language {
            Language::English => Some(Algorithm::English),
            Language::German => Some(Algorithm::German),
            Language::French => Some(Algorithm::French),
            Language::Spanish => Some(Algorithm::Spanish),
            Language::Italian => Some(Algorithm::Italian),
            Language::Portuguese => Some(Algorithm::Portuguese),
            Language::Dutch => Some(Algorithm::Dutch),
            Language::Russian => Some(Algorithm::Russian),
            Language::Swedish => Some(Algorithm::Swedish),
            Language::Danish => Some(Algorithm::Danish),
            Language::Norwegian => Some(Algorithm::Norwegian),
            Language::Finnish => Some(Algorithm::Finnish),
            Language::Hungarian => Some(Algorithm::Hungarian),
            Language::Romanian => Some(Algorithm::Romanian),
            Language::Turkish => Some(Algorithm::Turkish),
            Language::Greek => Some(Algorithm::Greek),
            Language::Arabic => Some(Algorithm::Arabic),
            Language::Chinese | Language::Japanese | Language::Other => None,
        };
        Self(algorithm.map(rust_stemmers::Stemmer::create))
    }

    /// The stem of a lower-cased word.
    pub fn stem<'a>(&self, word: &'a str) -> Cow<'a, str> {
        match &self.0 {
            // A word the stemmer erases whole (Arabic diacritics alone) stays as written: an
            // empty term would be a keyword with nothing to show.
            Some(stemmer) => match stemmer.stem(word) {
                stem if stem.is_empty() => Cow::Borrowed(word),
                stem => stem,
            },
            None => Cow::Borrowed(word),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflections_share_a_stem() {
        let english = Stemmer::for_language(Language::English);
        assert_eq!(english.stem("tariffs"), english.stem("tariff"));
        assert_eq!(english.stem("elections"), english.stem("election"));
        let russian = Stemmer::for_language(Language::Russian);
        assert_eq!(russian.stem("выборы"), russian.stem("выборах"));
    }

    #[test]
    fn no_word_stems_to_nothing() {
        // Found by fuzzing: "!" with a fathatan (U+064B) stemmed to "" in Arabic.
        let arabic = Stemmer::for_language(Language::Arabic);
        assert_eq!(arabic.stem("!\u{64b}"), "!\u{64b}");
        assert!(!arabic.stem("\u{64b}\u{64c}").is_empty());
        assert_eq!(arabic.stem("الكتاب"), arabic.stem("كتاب"));
    }

    #[test]
    fn chinese_is_left_whole() {
        assert_eq!(
            Stemmer::for_language(Language::Chinese).stem("贸易"),
            "贸易"
        );
    }
}
