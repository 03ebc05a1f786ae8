//! Naming topics by their keywords: class-based TF-IDF (each topic's documents taken together
//! as one document), read in the words people wrote rather than stems.

use serde::{Deserialize, Serialize};

use crate::vectorize::TermVectors;

/// A keyword of a topic and how strongly it marks the topic.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Keyword {
    /// The term as counted: its most frequent word (or word pair), in lower case.
    pub term: String,
    pub weight: f32,
    /// How the corpus writes it, where that differs from `term` ("US", "Blair"; see
    /// [`super::written_forms`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub written: Option<String>,
}

impl Keyword {
    /// The keyword as people should read it.
    pub fn shown(&self) -> &str {
        self.written.as_deref().unwrap_or(&self.term)
    }
}

/// Keywords kept per topic.
pub const KEYWORDS_PER_TOPIC: usize = 10;
/// Keywords in a topic's label.
pub const LABEL_WORDS: usize = 3;
/// What joins the words of a label.
pub const LABEL_SEPARATOR: &str = " · ";

/// The top keywords of each of `k` topics: weight(t, c) = tf(t, c) · ln(1 + A / f(t)), where
/// tf is the term's share of all term occurrences in topic c, f(t) its occurrences in the whole
/// corpus and A the average number of term occurrences per topic; occurrences are counted
/// sublinearly within each document.
pub fn topic_keywords(vectors: &TermVectors, assignments: &[usize], k: usize) -> Vec<Vec<Keyword>> {
    let n_terms = vectors.vocabulary.len();
    let mut per_topic = vec![vec![0f64; n_terms]; k];
    for (document, &topic) in assignments.iter().enumerate() {
        let (terms, counts) = vectors.counts.row(document);
        let row = &mut per_topic[topic];
        // Each document counts a term 1 + ln(tf) times, not tf: one post that repeats a word
        // thousands of times (a uuencoded file, a table) would otherwise name its whole topic.
        for (&t, &c) in terms.iter().zip(counts) {
            row[t as usize] += 1.0 + f64::from(c).ln();
        }
    }
    let mut corpus_counts = vec![0f64; n_terms];
    for row in &per_topic {
        for (total, &c) in corpus_counts.iter_mut().zip(row) {
            *total += c;
        }
    }
    let average_per_topic = corpus_counts.iter().sum::<f64>() / k.max(1) as f64;

    per_topic
        .iter()
        .map(|row| {
            let topic_total: f64 = row.iter().sum();
            if topic_total == 0.0 {
                return Vec::new();
            }
            let mut weighted: Vec<(u32, f64)> = row
                .iter()
                .enumerate()
                .filter(|&(_, &c)| c > 0.0)
                .map(|(t, &c)| {
                    let idf = (1.0 + average_per_topic / corpus_counts[t]).ln();
                    (t as u32, c / topic_total * idf)
                })
                .collect();
            // Ties are broken by term id so labels never depend on sort stability.
            weighted.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            weighted
                .into_iter()
                .take(KEYWORDS_PER_TOPIC)
                .map(|(t, w)| Keyword {
                    term: vectors.vocabulary.term(t).label.clone(),
                    weight: w as f32,
                    written: None,
                })
                .collect()
        })
        .collect()
}

/// Labels for all topics: each topic's leading keywords, skipping a keyword that repeats a word
/// already in the label ("trade" after "trade war"), and a label already taken by a bigger
/// topic gets its next keyword instead of its last.
pub fn labels(keywords: &[Vec<Keyword>]) -> Vec<String> {
    let mut taken: Vec<String> = Vec::with_capacity(keywords.len());
    for topic in keywords {
        let mut chosen: Vec<&str> = Vec::new();
        let mut rest = Vec::new();
        for keyword in topic {
            let repeats = keyword
                .term
                .split(' ')
                .any(|w| chosen.iter().any(|c| c.split(' ').any(|cw| cw == w)));
            if repeats {
                continue;
            }
            if chosen.len() < LABEL_WORDS {
                chosen.push(&keyword.term);
            } else {
                rest.push(keyword.term.as_str());
            }
        }
        let mut label = chosen.join(LABEL_SEPARATOR);
        let mut alternatives = rest.into_iter();
        while taken.contains(&label) {
            let Some(next) = alternatives.next() else {
                break;
            };
            chosen.pop();
            chosen.push(next);
            label = chosen.join(LABEL_SEPARATOR);
        }
        if label.is_empty() {
            label = "(no keywords)".to_owned();
        }
        taken.push(label);
    }
    taken
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::{Cancel, NoProgress};
    use crate::text::{Analyzer, Language};
    use crate::vectorize::{TermVectors, TfIdfSettings, term_vectors};

    /// English TF-IDF of `texts`, no term dropped for being common, terms kept from
    /// `min_documents` documents.
    fn english_term_vectors(texts: &[&str], min_documents: usize) -> TermVectors {
        let settings = TfIdfSettings {
            max_document_share: 1.0,
            min_documents,
            ..Default::default()
        };
        term_vectors(
            texts,
            &Analyzer::new(Language::English),
            &settings,
            &NoProgress,
            &Cancel::new(),
        )
        .expect("ok")
    }

    #[test]
    fn each_topic_is_named_by_its_own_words() {
        let texts = [
            "Tariffs on steel imports rise as trade talks stall",
            "New tariffs hit steel exporters and trade partners",
            "Trade ministers discuss tariffs on steel",
            "Voters back the opposition in the election runoff",
            "Election officials count ballots after the runoff vote",
            "The opposition claims victory in the election",
        ];
        let vectors = english_term_vectors(&texts, TfIdfSettings::default().min_documents);
        let keywords = topic_keywords(&vectors, &[0, 0, 0, 1, 1, 1], 2);
        let labels = labels(&keywords);
        assert!(
            labels[0].contains("tariffs") && labels[0].contains("steel"),
            "{labels:?}"
        );
        assert!(labels[1].contains("election"), "{labels:?}");
        assert!(!labels[0].contains("election") && !labels[1].contains("steel"));
    }

    #[test]
    fn one_document_repeating_a_word_does_not_name_its_topic() {
        // A uuencoded attachment or a table repeats one token hundreds of times. Counted in
        // full, its 500 occurrences outweigh a word that each of the topic's ten documents
        // uses; counted as 1 + ln(500), about 7, they do not.
        let noise = format!("Steel tariffs attachment {}", "qx ".repeat(500));
        let texts = [
            noise.as_str(),
            "New steel tariffs hit exporters and partners",
            "Ministers discuss steel tariffs in Brussels",
            "Steel tariffs worry carmakers",
            "Shipyards brace for steel tariffs",
            "Steel tariffs raise prices for builders",
            "Canada answers steel tariffs with duties",
            "Steel tariffs divide the cabinet",
            "Farmers fear retaliation over steel tariffs",
            "Steel tariffs lift domestic mills",
            "Voters back the opposition in the election runoff",
            "Election officials count ballots after the runoff vote",
            "The opposition claims victory in the election",
        ];
        // Rare terms kept: the repeated token is in one document only.
        let vectors = english_term_vectors(&texts, 1);
        let topics = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1];
        let keywords = topic_keywords(&vectors, &topics, 2);
        let first_two: Vec<&str> = keywords[0]
            .iter()
            .take(2)
            .map(|k| k.term.as_str())
            .collect();
        assert!(
            first_two.contains(&"tariffs") && first_two.contains(&"steel"),
            "{:?}",
            keywords[0]
        );
    }

    #[test]
    fn labels_do_not_repeat_words_or_each_other() {
        let kw = |terms: &[&str]| {
            terms
                .iter()
                .map(|t| Keyword {
                    term: t.to_string(),
                    weight: 1.0,
                    written: None,
                })
                .collect::<Vec<_>>()
        };
        let keywords = vec![
            kw(&["trade war", "trade", "tariffs", "china", "exports"]),
            kw(&["trade war", "tariffs", "china", "soybeans"]),
        ];
        let labels = labels(&keywords);
        assert_eq!(labels[0], "trade war · tariffs · china");
        assert_eq!(labels[1], "trade war · tariffs · soybeans");
    }
}
