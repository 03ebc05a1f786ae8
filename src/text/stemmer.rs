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
            Some(stemmer) => stemmer.stem(word),
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
    fn chinese_is_left_whole() {
        assert_eq!(
            Stemmer::for_language(Language::Chinese).stem("贸易"),
            "贸易"
        );
    }
}
