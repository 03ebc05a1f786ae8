//! Term vectors: every document as a sparse, L2-normalised TF-IDF row over the corpus
//! vocabulary. Sparse all the way: there is never a dense documents × vocabulary matrix.

pub mod boilerplate;
pub mod counting;
pub mod csr;
pub mod vocabulary;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

pub use csr::Csr;
pub use vocabulary::{AllTermCounts, DocumentFrequencyLimits, Term, Vocabulary};

use crate::progress::{Cancel, Cancelled, Progress, ProgressSink, Stage};
use crate::text::Analyzer;

/// How documents become term vectors.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TfIdfSettings {
    /// Keep terms that occur in at least this many documents (fewer for tiny corpora).
    pub min_documents: usize,
    /// Drop terms that occur in more than this share of documents.
    pub max_document_share: f32,
    /// Count adjacent word pairs ("trade war") as terms too.
    pub bigrams: bool,
    /// Weight term frequency by 1 + ln(tf) rather than tf.
    pub sublinear_tf: bool,
}

impl Default for TfIdfSettings {
    fn default() -> Self {
        Self {
            min_documents: 2,
            max_document_share: 0.5,
            bigrams: false,
            sublinear_tf: true,
        }
    }
}

/// The TF-IDF vectors of a corpus.
pub struct TermVectors {
    /// documents × terms, TF-IDF weights, each row of unit length (or all zero when a document
    /// kept no term).
    pub weights: Csr,
    /// documents × terms, the counts of the words each document wrote itself: those in lines
    /// pasted into many documents (signatures, footers) and in encoded data left out (see
    /// [`boilerplate`]). With the same pattern as `weights`, so a term used only in such lines
    /// is there as a zero. What names topics.
    pub counts: Csr,
    pub vocabulary: Vocabulary,
    /// Inverse document frequency of each term.
    pub idf: Vec<f32>,
    /// TF-IDF over every term, rare and common ones included, when asked for (see
    /// [`term_vectors_keeping_all`]).
    pub all_terms: Option<AllTermVectors>,
}

/// TF-IDF over every term of the corpus, before the frequency limits.
pub struct AllTermVectors {
    /// Each term's key (its stem, or a pair of stems), ascending.
    pub keys: Vec<String>,
    /// documents × every term, TF-IDF weights, each row of unit length (or all zero).
    pub weights: Csr,
}

impl TermVectors {
    pub fn n_documents(&self) -> usize {
        self.weights.n_rows()
    }

    /// Documents with no kept term at all (too short, or only rare words).
    pub fn empty_documents(&self) -> usize {
        (0..self.n_documents())
            .filter(|&i| self.weights.row(i).0.is_empty())
            .count()
    }
}

/// Builds the TF-IDF vectors of `texts`. Terms are kept by document frequency; when that would
/// keep nothing (a handful of documents with no word in common), every term is kept.
pub fn term_vectors<T: AsRef<str> + Sync>(
    texts: &[T],
    analyzer: &Analyzer,
    settings: &TfIdfSettings,
    progress: &dyn ProgressSink,
    cancel: &Cancel,
) -> Result<TermVectors, Cancelled> {
    term_vectors_keeping_all(texts, analyzer, settings, false, progress, cancel)
}

/// [`term_vectors`], and with `keep_all_terms` also TF-IDF over every term, the rare ones
/// included, for what needs each document's every word (its meaning) in the same pass.
pub fn term_vectors_keeping_all<T: AsRef<str> + Sync>(
    texts: &[T],
    analyzer: &Analyzer,
    settings: &TfIdfSettings,
    keep_all_terms: bool,
    progress: &dyn ProgressSink,
    cancel: &Cancel,
) -> Result<TermVectors, Cancelled> {
    let n = texts.len();
    let report = |done| {
        progress.report(Progress {
            stage: Stage::Vectorizing,
            done,
            total: n,
        })
    };
    report(0);
    let counts = counting::count_words(texts, analyzer, settings.bigrams, cancel, &report)?;
    cancel.check()?;
    let limits = DocumentFrequencyLimits {
        // A term in one document links it to nothing; but with very few documents, keep all.
        min_documents: if n < 2 * settings.min_documents {
            1
        } else {
            settings.min_documents
        },
        max_share: settings.max_document_share,
    };
    let mut terms = vocabulary::terms_from_words(counts, analyzer, limits, keep_all_terms);
    if terms.vocabulary.is_empty() {
        let counts = counting::count_words(texts, analyzer, settings.bigrams, cancel, &|_| {})?;
        let everything = DocumentFrequencyLimits {
            min_documents: 1,
            max_share: 1.0,
        };
        terms = vocabulary::terms_from_words(counts, analyzer, everything, keep_all_terms);
    }
    Ok(weigh(terms, settings))
}

/// Turns term counts into TF-IDF (see [`tf_idf`]), over the kept terms and, when asked for,
/// over every term.
fn weigh(terms: vocabulary::TermCounts, settings: &TfIdfSettings) -> TermVectors {
    let vocabulary::TermCounts {
        vocabulary,
        documents,
        not_written,
        all_terms,
    } = terms;
    let all_terms = all_terms.map(|all| {
        let n_terms = all.keys.len();
        let (_, weights, _) = tf_idf(all.documents, &all.document_frequency, n_terms, settings);
        AllTermVectors {
            keys: all.keys,
            weights,
        }
    });
    let document_frequency: Vec<u32> = vocabulary
        .terms()
        .iter()
        .map(|t| t.document_frequency)
        .collect();
    let (counts, weights, idf) = tf_idf(documents, &document_frequency, vocabulary.len(), settings);
    let counts = without_not_written(counts, &not_written);
    TermVectors {
        weights,
        counts,
        vocabulary,
        idf,
        all_terms,
    }
}

/// `counts` less each document's `not_written` counts (both ascending by term in each row,
/// and every such term in its row of `counts`).
fn without_not_written(mut counts: Csr, not_written: &[Vec<(u32, u32)>]) -> Csr {
    for (row, not_written) in not_written.iter().enumerate() {
        let (start, end) = (counts.indptr()[row], counts.indptr()[row + 1]);
        for &(term, n) in not_written {
            if let Ok(at) = counts.indices()[start..end].binary_search(&term) {
                let value = &mut counts.values_mut()[start + at];
                *value = (*value - n as f32).max(0.0);
            }
        }
    }
    counts
}

/// The raw counts, the TF-IDF weights and the idf of documents given as (term, count) lists:
/// sublinear tf, smoothed idf = ln((1 + n) / (1 + df)) + 1, rows normalised to unit length
/// (the weighting of scikit-learn's TfidfVectorizer).
fn tf_idf(
    documents: Vec<Vec<(u32, u32)>>,
    document_frequency: &[u32],
    n_terms: usize,
    settings: &TfIdfSettings,
) -> (Csr, Csr, Vec<f32>) {
    let n = documents.len() as f32;
    let idf: Vec<f32> = document_frequency
        .iter()
        .map(|&df| ((1.0 + n) / (1.0 + df as f32)).ln() + 1.0)
        .collect();

    let mut indptr = Vec::with_capacity(documents.len() + 1);
    let mut nnz = 0;
    indptr.push(nnz);
    for document in &documents {
        nnz += document.len();
        indptr.push(nnz);
    }
    let mut indices = Vec::with_capacity(nnz);
    let mut raw = Vec::with_capacity(nnz);
    for (term, count) in documents.into_iter().flatten() {
        indices.push(term);
        raw.push(count as f32);
    }
    // The logarithms are most of the work: on every core.
    let weights: Vec<f32> = indices
        .par_iter()
        .zip(&raw)
        .map(|(&term, &count)| {
            let tf = if settings.sublinear_tf {
                1.0 + count.ln()
            } else {
                count
            };
            tf * idf[term as usize]
        })
        .collect();
    let counts = Csr::from_parts(n_terms, indptr, indices, raw);
    let mut weights = counts.with_values(weights);
    weights.normalize_rows();
    (counts, weights, idf)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::NoProgress;
    use crate::text::Language;

    fn vectors(texts: &[&str]) -> TermVectors {
        let analyzer = Analyzer::new(Language::English);
        term_vectors(
            texts,
            &analyzer,
            &TfIdfSettings::default(),
            &NoProgress,
            &Cancel::new(),
        )
        .expect("not cancelled")
    }

    #[test]
    fn every_term_is_kept_for_meaning_when_asked_rare_ones_included() {
        let texts = [
            "runoff vote count",
            "vote count",
            "steel tariff",
            "steel prices",
            "bread prices",
            "bread queues",
        ];
        let analyzer = Analyzer::new(Language::English);
        let settings = TfIdfSettings::default();
        let all = |keep| {
            term_vectors_keeping_all(
                &texts,
                &analyzer,
                &settings,
                keep,
                &NoProgress,
                &Cancel::new(),
            )
            .expect("not cancelled")
        };
        let kept = all(true);
        // "runoff" and "tariff" occur once: too rare to be terms, but kept for meaning.
        assert_eq!(kept.vocabulary.id_of_key("runoff"), None);
        let every = kept.all_terms.as_ref().expect("asked for");
        let runoff = every.keys.iter().position(|k| k == "runoff").expect("kept");
        let (columns, weights) = every.weights.row(0);
        let at = columns
            .iter()
            .position(|&c| c as usize == runoff)
            .expect("in its document");
        assert!(weights[at] > 0.0);
        let norm: f32 = weights.iter().map(|w| w * w).sum();
        assert!((norm - 1.0).abs() < 1e-5);
        assert!(all(false).all_terms.is_none());
    }

    #[test]
    fn rows_are_unit_length_and_rare_terms_weigh_more() {
        let texts = [
            "steel tariffs hit exports",
            "steel tariffs and exports",
            "steel prices",
            "election vote count",
            "election vote",
            "tariffs vote",
        ];
        let v = vectors(&texts);
        for i in 0..v.n_documents() {
            let (_, values) = v.weights.row(i);
            let norm: f32 = values.iter().map(|x| x * x).sum::<f32>().sqrt();
            assert!((norm - 1.0).abs() < 1e-5, "row {i} has norm {norm}");
        }
        let id = |w: &str| v.vocabulary.id_of_word(w).expect("kept");
        assert!(v.idf[id("election") as usize] > v.idf[id("tariffs") as usize]);
        assert_eq!(v.counts.row(0).1.iter().sum::<f32>(), 3.0);
    }

    #[test]
    fn a_pasted_line_weighs_in_the_vectors_but_not_in_the_counts() {
        // The footer is pasted under five of ten stories; "newsletter" is used nowhere else.
        let footer = "Sign up for the Daily Ledger newsletter";
        let stories = [
            "Steel tariffs hit exports",
            "Steel prices climb",
            "Election vote count begins",
            "Election runoff set",
            "Tariffs vote in parliament",
            "Exports of steel fall",
            "Steel mills hire",
            "Election turnout rises",
            "Vote on tariffs delayed",
            "Runoff vote count ends",
        ];
        let texts: Vec<String> = stories
            .iter()
            .enumerate()
            .map(|(i, s)| {
                if i < 5 {
                    format!("{s}\n{footer}")
                } else {
                    s.to_string()
                }
            })
            .collect();
        let v = vectors(&texts.iter().map(String::as_str).collect::<Vec<_>>());
        let newsletter = v.vocabulary.id_of_word("newsletter").expect("a term");
        let steel = v.vocabulary.id_of_word("steel").expect("a term");
        let count_of = |row: usize, term: u32| {
            let (terms, counts) = v.counts.row(row);
            terms.iter().position(|&t| t == term).map(|i| counts[i])
        };
        let weight_of = |row: usize, term: u32| {
            let (terms, weights) = v.weights.row(row);
            terms.iter().position(|&t| t == term).map(|i| weights[i])
        };
        assert_eq!(count_of(0, newsletter), Some(0.0));
        assert!(weight_of(0, newsletter).is_some_and(|w| w > 0.0));
        assert_eq!(count_of(0, steel), Some(1.0));
    }

    #[test]
    fn every_row_holds_its_own_counts_and_weights_when_weighed_in_parallel() {
        // Enough documents that the weights are computed in several parallel pieces.
        let n = 2171;
        let texts: Vec<String> = (0..n)
            .map(|i| format!("alpha{} beta{} beta{} gamma", i % 7, i % 5, i % 5))
            .collect();
        let v = vectors(&texts.iter().map(String::as_str).collect::<Vec<_>>());
        let alpha = |i: usize| v.vocabulary.id_of_word(&format!("alpha{}", i % 7)).unwrap();
        let beta = |i: usize| v.vocabulary.id_of_word(&format!("beta{}", i % 5)).unwrap();
        // "gamma" is in every document: more than half, so not a term.
        assert_eq!(v.vocabulary.id_of_word("gamma"), None);
        assert_eq!(
            v.vocabulary.term(alpha(3)).document_frequency as usize,
            (0..n).filter(|i| i % 7 == 3).count()
        );
        for i in 0..n {
            let mut expected = [
                (alpha(i), 1.0, v.idf[alpha(i) as usize]),
                (beta(i), 2.0, (1.0 + 2f32.ln()) * v.idf[beta(i) as usize]),
            ];
            expected.sort_by_key(|&(term, _, _)| term);
            let norm = expected.iter().map(|e| e.2 * e.2).sum::<f32>().sqrt();
            let (columns, counts) = v.counts.row(i);
            let (weight_columns, weights) = v.weights.row(i);
            assert_eq!(columns, [expected[0].0, expected[1].0], "row {i}");
            assert_eq!(weight_columns, columns);
            assert_eq!(counts, [expected[0].1, expected[1].1], "row {i}");
            for (weight, e) in weights.iter().zip(&expected) {
                assert!((weight - e.2 / norm).abs() < 1e-6, "row {i}");
            }
        }
    }

    #[test]
    fn a_few_documents_with_nothing_in_common_still_get_vectors() {
        let v = vectors(&["steel tariffs", "election runoff"]);
        assert_eq!(v.vocabulary.len(), 4);
        assert_eq!(v.empty_documents(), 0);
    }

    #[test]
    fn identical_input_gives_identical_vectors() {
        let texts: Vec<String> = (0..2000)
            .map(|i| format!("word{} common shared{} other", i % 37, i % 11))
            .collect();
        let analyzer = Analyzer::new(Language::English);
        let run = || {
            term_vectors(
                &texts,
                &analyzer,
                &TfIdfSettings::default(),
                &NoProgress,
                &Cancel::new(),
            )
            .expect("ok")
        };
        let (a, b) = (run(), run());
        assert_eq!(a.weights, b.weights);
        assert_eq!(a.vocabulary.terms(), b.vocabulary.terms());
    }
}
