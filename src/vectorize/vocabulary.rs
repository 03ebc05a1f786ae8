//! The vocabulary: which words count as the same term (one stem), how each term reads to a
//! person (its most common written form), and in how many documents it occurs.

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::counting::WordCounts;
use crate::text::Analyzer;

/// Documents per parallel task when summing over every document's entries.
const DOCUMENTS_PER_SUM: usize = 2048;

/// One term of the vocabulary.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Term {
    /// The stem (or two stems joined by a space for a word pair): what is counted.
    pub key: String,
    /// The form people read: the most frequent lower-case word (or word pair) with this stem.
    pub label: String,
    /// Number of documents the term occurs in.
    pub document_frequency: u32,
}

/// The terms of a corpus, sorted by key; a term's id is its index.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Vocabulary {
    terms: Vec<Term>,
    /// Every written word (or pair) that maps to a kept term, with that term's id, so the
    /// reader can tell which words of a document belong to a topic.
    #[serde(skip)]
    by_word: FxHashMap<String, u32>,
}

impl Vocabulary {
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    pub fn term(&self, id: u32) -> &Term {
        &self.terms[id as usize]
    }

    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// The id of the term a lower-case written word counts as, if it was kept.
    pub fn id_of_word(&self, word: &str) -> Option<u32> {
        self.by_word.get(word).copied()
    }

    /// The id of a term by its key (stem), if it was kept.
    pub fn id_of_key(&self, key: &str) -> Option<u32> {
        self.terms
            .binary_search_by(|t| t.key.as_str().cmp(key))
            .ok()
            .map(|i| i as u32)
    }
}

/// Documents as term counts over a vocabulary, before weighting.
pub struct TermCounts {
    pub vocabulary: Vocabulary,
    /// For each document, (term id, count), ascending by term id.
    pub documents: Vec<Vec<(u32, u32)>>,
    /// For each document, the (term id, count) of its words in lines that are not its own
    /// writing (see [`super::boilerplate`]): part of `documents` too.
    pub not_written: Vec<Vec<(u32, u32)>>,
    /// Every term, before the frequency limits, when asked for.
    pub all_terms: Option<AllTermCounts>,
}

/// Documents as counts of every term they hold, rare and common ones included: a word in a
/// single headline links it to no other document by itself, but its meaning can.
pub struct AllTermCounts {
    /// Each term's key (its stem, or a pair of stems), ascending.
    pub keys: Vec<String>,
    pub document_frequency: Vec<u32>,
    /// For each document, (term id, count), ascending by term id.
    pub documents: Vec<Vec<(u32, u32)>>,
}

/// Which terms to keep, by the share of documents they occur in.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DocumentFrequencyLimits {
    /// Keep terms in at least this many documents.
    pub min_documents: usize,
    /// Keep terms in at most this share of documents.
    pub max_share: f32,
}

/// Groups words into terms by stem, drops terms outside the frequency limits and renumbers.
pub fn terms_from_words(
    counts: WordCounts,
    analyzer: &Analyzer,
    limits: DocumentFrequencyLimits,
    keep_all_terms: bool,
) -> TermCounts {
    let WordCounts {
        words,
        mut documents,
        mut not_written,
    } = counts;
    let n_documents = documents.len();

    // The key (stem) of each word; a word pair's key is the pair of its words' stems.
    // Stemming every distinct word is most of this function's time: spread over the cores.
    let keys: Vec<String> = words
        .par_iter()
        .map(|word| match word.split_once(' ') {
            Some((a, b)) => format!("{} {}", analyzer.stem(a), analyzer.stem(b)),
            None => analyzer.stem(word).into_owned(),
        })
        .collect();
    let mut distinct_keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    distinct_keys.par_sort_unstable();
    distinct_keys.dedup();
    let key_id: FxHashMap<&str, u32> = distinct_keys
        .iter()
        .enumerate()
        .map(|(i, k)| (*k, i as u32))
        .collect();
    let term_of_word: Vec<u32> = keys.par_iter().map(|k| key_id[k.as_str()]).collect();

    // Re-express documents in terms, and count occurrences of each word for the labels.
    let word_totals = sum_per_id(&documents, words.len(), |&(word, count)| {
        (word, u64::from(count))
    });
    let to_terms = |document: &mut Vec<(u32, u32)>| {
        for (word, _) in document.iter_mut() {
            *word = term_of_word[*word as usize];
        }
        merge_equal_ids(document);
    };
    documents.par_iter_mut().for_each(to_terms);
    not_written.par_iter_mut().for_each(to_terms);
    let document_frequency = sum_per_id(&documents, distinct_keys.len(), |&(term, _)| (term, 1u32));

    let all_terms = keep_all_terms.then(|| AllTermCounts {
        keys: distinct_keys.iter().map(|k| (*k).to_owned()).collect(),
        document_frequency: document_frequency.clone(),
        documents: documents.par_iter().cloned().collect(),
    });

    // Keep terms within the limits; their new ids stay in key order.
    let max_documents = (limits.max_share * n_documents as f32).floor() as usize;
    let keep = |df: u32| {
        let df = df as usize;
        df >= limits.min_documents && (df <= max_documents || n_documents < 2)
    };
    let mut new_id = vec![u32::MAX; distinct_keys.len()];
    let mut terms = Vec::new();
    for (old, key) in distinct_keys.iter().enumerate() {
        if keep(document_frequency[old]) {
            new_id[old] = terms.len() as u32;
            terms.push(Term {
                key: (*key).to_owned(),
                label: String::new(),
                document_frequency: document_frequency[old],
            });
        }
    }
    let renumber = |document: &mut Vec<(u32, u32)>| {
        document.retain_mut(|(term, _)| {
            *term = new_id[*term as usize];
            *term != u32::MAX
        });
    };
    documents.par_iter_mut().for_each(renumber);
    not_written.par_iter_mut().for_each(renumber);

    // A term reads as its most frequent word; ties go to the alphabetically first.
    let mut best: Vec<Option<(u64, usize)>> = vec![None; terms.len()];
    let mut by_word = FxHashMap::default();
    for (word, &old) in term_of_word.iter().enumerate() {
        let id = new_id[old as usize];
        if id == u32::MAX {
            continue;
        }
        by_word.insert(words[word].clone(), id);
        let slot = &mut best[id as usize];
        if slot.is_none_or(|(total, _)| word_totals[word] > total) {
            *slot = Some((word_totals[word], word));
        }
    }
    for (term, best) in terms.iter_mut().zip(best) {
        if let Some((_, word)) = best {
            term.label = words[word].clone();
        }
    }

    TermCounts {
        vocabulary: Vocabulary { terms, by_word },
        documents,
        not_written,
        all_terms,
    }
}

/// For each of `n_ids` ids, the sum of the values `entry` gives it over every document's
/// entries; documents are summed in parallel chunks and the chunks' sums added up.
fn sum_per_id<T: Copy + Default + Send + std::ops::AddAssign>(
    documents: &[Vec<(u32, u32)>],
    n_ids: usize,
    entry: impl Fn(&(u32, u32)) -> (u32, T) + Sync,
) -> Vec<T> {
    documents
        .par_chunks(DOCUMENTS_PER_SUM)
        .fold(
            || vec![T::default(); n_ids],
            |mut sums, chunk| {
                for (id, value) in chunk.iter().flatten().map(&entry) {
                    sums[id as usize] += value;
                }
                sums
            },
        )
        .reduce_with(|mut a, b| {
            a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
            a
        })
        .unwrap_or_else(|| vec![T::default(); n_ids])
}

/// Adds up the counts of neighbouring equal ids after re-sorting.
fn merge_equal_ids(document: &mut Vec<(u32, u32)>) {
    document.sort_unstable_by_key(|&(id, _)| id);
    document.dedup_by(|next, kept| {
        if next.0 == kept.0 {
            kept.1 += next.1;
            true
        } else {
            false
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Cancel;
    use crate::text::Language;
    use crate::vectorize::counting::count_words;

    fn vocabulary_of(texts: &[&str], limits: DocumentFrequencyLimits) -> TermCounts {
        let analyzer = Analyzer::new(Language::English);
        let counts =
            count_words(texts, &analyzer, false, &Cancel::new(), &|_| {}).expect("not cancelled");
        terms_from_words(counts, &analyzer, limits, false)
    }

    #[test]
    fn inflections_become_one_term_read_as_the_commonest_form() {
        let texts = ["tariffs rise", "tariffs fall", "a tariff", "tariffs again"];
        let counts = vocabulary_of(
            &texts,
            DocumentFrequencyLimits {
                min_documents: 1,
                max_share: 1.0,
            },
        );
        let id = counts.vocabulary.id_of_word("tariff").expect("kept");
        assert_eq!(counts.vocabulary.id_of_word("tariffs"), Some(id));
        let term = counts.vocabulary.term(id);
        assert_eq!(term.label, "tariffs");
        assert_eq!(term.document_frequency, 4);
    }

    #[test]
    fn rare_and_ubiquitous_terms_are_dropped() {
        let texts = [
            "market steel once",
            "market steel",
            "market vote",
            "market vote",
        ];
        let counts = vocabulary_of(
            &texts,
            DocumentFrequencyLimits {
                min_documents: 2,
                max_share: 0.5,
            },
        );
        let labels: Vec<&str> = counts
            .vocabulary
            .terms()
            .iter()
            .map(|t| t.label.as_str())
            .collect();
        assert_eq!(labels, ["steel", "vote"]);
        assert_eq!(counts.documents[0], [(0, 1)]);
        assert_eq!(counts.documents[2], [(1, 1)]);
    }
}
