//! Word meaning for documents: the TF-IDF-weighted mean of their words' vectors from the
//! built-in table, combined with the LSA vector. Two headlines that share no word ("runoff"
//! and "ballot") still meet, while the terms keep the topics specific.

use ndarray::{Array2, ArrayView2, Axis};
use rayon::prelude::*;

use super::lsa::normalize_rows;
use super::word_vectors::KeyVectors;
use crate::vectorize::Csr;

/// Each document's meaning vector: its TF-IDF row times the term vectors (documents × terms
/// times terms × dimensions, a term without a vector counting as zeros), normalised to unit
/// length. Sparse times dense, so the cost is one pass over the non-zeros.
pub fn meaning_vectors(weights: &Csr, term_vectors: &KeyVectors) -> Array2<f32> {
    let mut vectors = weights.mul_dense_gathered(term_vectors.vectors.view(), &term_vectors.rows);
    normalize_rows(&mut vectors);
    vectors
}

/// How far a word's vector moves towards the meaning of the documents it occurs in, at most
/// (see [`adapt_to_corpus`]): half, so that what the table knows and what the corpus shows
/// count alike.
pub const CONTEXT_SHARE: f32 = 0.5;

/// How many documents a word must occur in before its context counts as much as
/// [`CONTEXT_SHARE`] allows, by half: a word seen in d documents moves by
/// `CONTEXT_SHARE · d / (d + CONTEXT_PRIOR_DOCUMENTS)`. Two documents' context is thin
/// evidence; a hundred documents' is not.
pub const CONTEXT_PRIOR_DOCUMENTS: f32 = 2.0;

/// The term vectors adapted to the corpus: each key's vector is moved towards the meaning of
/// the documents it occurs in (their [`meaning_vectors`] from the table's vectors, summed
/// with the key's TF-IDF weights), and keys the table does not know that occur in two
/// documents or more get that context as their vector. A word means in a corpus what the
/// stories around it are about: "Mourinho", unknown to the table, stands among football
/// headlines, and "runoff" is pulled towards the election stories it occurs in. One step of
/// the co-occurrence expansion that LSA does for the terms, done here for the meaning.
///
/// Measured at the true number of topics, 5 seeds, against the table's vectors alone: NMI on
/// bbc-news titles 0.435 -> 0.491, ag-news-test titles 0.329 -> 0.379, reuters-r8 titles
/// 0.406 -> 0.449; full stories within their spread between seeds (README, quality).
pub fn adapt_to_corpus(weights: &Csr, table: KeyVectors) -> KeyVectors {
    let meaning = meaning_vectors(weights, &table);
    let n_keys = weights.n_cols();
    let mut documents = vec![0u32; n_keys];
    for &key in weights.indices() {
        documents[key as usize] += 1;
    }
    // Rows: the table's, then one for each unknown key seen in two documents or more (in one,
    // its context would only be its own document's meaning again).
    let n_known = table.vectors.nrows();
    let mut rows = table.rows;
    let mut row_documents = vec![0u32; n_known];
    for (key, row) in rows.iter_mut().enumerate() {
        match row {
            Some(row) => row_documents[*row as usize] += documents[key],
            None if documents[key] >= 2 => {
                *row = Some(row_documents.len() as u32);
                row_documents.push(documents[key]);
            }
            None => {}
        }
    }
    // Each row's context, its keys' documents' meaning summed with the keys' weights, becomes
    // the row's new vector below.
    let mut vectors =
        weights.transposed_mul_dense_gathered(meaning.view(), &rows, row_documents.len());
    drop(meaning);
    let known_length = mean_length(table.vectors.view());
    vectors
        .axis_iter_mut(Axis(0))
        .into_par_iter()
        .enumerate()
        .for_each(|(row, mut vector)| {
            let length = vector.dot(&vector).sqrt();
            let context_direction = if length > 0.0 { 1.0 / length } else { 0.0 };
            if row >= n_known {
                vector *= context_direction * known_length;
                return;
            }
            let own = table.vectors.row(row);
            let own_length = own.dot(&own).sqrt();
            let seen = row_documents[row] as f32;
            let share = CONTEXT_SHARE * seen / (seen + CONTEXT_PRIOR_DOCUMENTS);
            let share = if length > 0.0 { share } else { 0.0 };
            vector.zip_mut_with(&own, |out, &own| {
                *out = (1.0 - share) * own + share * *out * context_direction * own_length;
            });
        });
    KeyVectors { vectors, rows }
}

/// The mean Euclidean length of the rows of `x` (0 when it has none).
fn mean_length(x: ArrayView2<f32>) -> f32 {
    if x.nrows() == 0 {
        return 0.0;
    }
    x.rows().into_iter().map(|r| r.dot(&r).sqrt()).sum::<f32>() / x.nrows() as f32
}

/// Number of distinct terms at which a document's own terms start to outweigh the meaning of
/// its words: the share of meaning is `1 / sqrt(1 + terms / MEANING_TERMS_SCALE)`, about 0.6
/// for a four-word headline, 0.26 for a 28-term brief and 0.13 for a 120-term story. Chosen by
/// measurement on stories and on headlines (see the README's section on quality): a fixed
/// share either blurs long stories, whose terms already say what they are about, or leaves
/// headlines without enough meaning to meet.
pub const MEANING_TERMS_SCALE: f32 = 2.0;

/// The share of word meaning in the vector of a document with `terms` distinct terms, scaled
/// by `weight` (0: terms only, 1: the measured default).
pub fn meaning_share(terms: usize, weight: f32) -> f32 {
    weight.clamp(0.0, 1.0) / (1.0 + terms as f32 / MEANING_TERMS_SCALE).sqrt()
}

/// Row i is [sqrt(1 - w_i) · lsa_i, sqrt(w_i) · meaning_i], normalised: the cosine similarity
/// of two documents is a weighted mean of their two similarities.
pub fn combine(lsa: ArrayView2<f32>, meaning: ArrayView2<f32>, shares: &[f32]) -> Array2<f32> {
    let (n, left) = lsa.dim();
    if meaning.nrows() != n {
        let mut lsa = lsa.to_owned();
        normalize_rows(&mut lsa);
        return lsa;
    }
    // Written straight into the joined rows: no scaled copies of the two halves first.
    let mut combined = Array2::<f32>::zeros((n, left + meaning.ncols()));
    for (((mut row, l), m), &share) in combined
        .rows_mut()
        .into_iter()
        .zip(lsa.rows())
        .zip(meaning.rows())
        .zip(shares)
    {
        let share = share.clamp(0.0, 1.0);
        let (l_scale, m_scale) = ((1.0 - share).sqrt(), share.sqrt());
        let (mut row_l, mut row_m) = row.view_mut().split_at(Axis(0), left);
        row_l.zip_mut_with(&l, |out, &x| *out = x * l_scale);
        row_m.zip_mut_with(&m, |out, &x| *out = x * m_scale);
    }
    normalize_rows(&mut combined);
    combined
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{ArrayView1, array};

    #[test]
    fn documents_with_related_words_get_similar_meaning() {
        // Four terms: two synonyms (0, 1), an unrelated one (2) and one without a vector (3).
        let terms = KeyVectors {
            vectors: array![[1.0f32, 0.0], [0.9, 0.1], [0.0, 1.0]],
            rows: vec![Some(0), Some(1), Some(2), None],
        };
        let weights = Csr::from_parts(
            4,
            vec![0, 1, 2, 3, 5, 6],
            vec![0, 1, 2, 0, 3, 3],
            vec![1.0, 1.0, 1.0, 1.0, 5.0, 1.0],
        );
        let m = meaning_vectors(&weights, &terms);
        assert!(m.row(0).dot(&m.row(1)) > 0.99);
        assert!(m.row(0).dot(&m.row(2)) < 0.2);
        // A term without a vector adds nothing, however heavy; a document of such terms only
        // has no meaning.
        assert_eq!(m.row(3), m.row(0));
        assert!(m.row(4).iter().all(|&x| x == 0.0));
    }

    fn cosine(a: ArrayView1<f32>, b: ArrayView1<f32>) -> f32 {
        a.dot(&b) / (a.dot(&a) * b.dot(&b)).sqrt()
    }

    /// Keys 0 "football" and 1 "election" are in the table; 2 "mourinho" and 3 "rare" are
    /// not. Documents 0–2 are about football and name Mourinho, 3 and 4 are about elections,
    /// and only document 4 has the rare word.
    fn football_and_elections() -> (Csr, KeyVectors) {
        let table = KeyVectors {
            vectors: array![[1.0f32, 0.0], [0.0, 1.0]],
            rows: vec![Some(0), Some(1), None, None],
        };
        let weights = Csr::from_parts(
            4,
            vec![0, 2, 4, 6, 7, 9],
            vec![0, 2, 0, 2, 0, 2, 1, 1, 3],
            vec![0.8, 0.6, 0.8, 0.6, 0.8, 0.6, 1.0, 0.8, 0.6],
        );
        (weights, table)
    }

    #[test]
    fn a_word_the_table_lacks_takes_the_meaning_of_its_documents() {
        let (weights, table) = football_and_elections();
        let adapted = adapt_to_corpus(&weights, table);
        let mourinho = adapted
            .get(2)
            .expect("seen in three documents, so it has a vector");
        let football = adapted.get(0).expect("in the table");
        let election = adapted.get(1).expect("in the table");
        assert!(cosine(mourinho, football) > 0.99);
        assert!(cosine(mourinho, election).abs() < 0.01);
        // As long as the table's vectors, so that it weighs like any other word.
        assert!((mourinho.dot(&mourinho).sqrt() - 1.0).abs() < 1e-5);
        // Seen in one document only, its context would be that document again.
        assert!(adapted.get(3).is_none());
        // The documents' meaning now comes from Mourinho's too.
        let meaning = meaning_vectors(&weights, &adapted);
        assert!(cosine(meaning.row(0), meaning.row(1)) > 0.99);
        assert!(cosine(meaning.row(0), meaning.row(3)).abs() < 0.01);
    }

    #[test]
    fn a_known_word_moves_towards_its_documents_by_a_share_that_grows_with_them() {
        // "runoff" (0) and "ballot" (1) start orthogonal; "runoff" occurs in `n` documents,
        // each with "ballot" weighing more.
        let moved = |n: usize| {
            let table = KeyVectors {
                vectors: array![[1.0f32, 0.0], [0.0, 1.0]],
                rows: vec![Some(0), Some(1)],
            };
            let indptr = (0..=n).map(|i| 2 * i).collect();
            let weights = Csr::from_parts(2, indptr, [0, 1].repeat(n), [0.6, 0.8].repeat(n));
            let adapted = adapt_to_corpus(&weights, table);
            let runoff = adapted.get(0).expect("in the table").to_owned();
            // Each document's meaning is (0.6, 0.8): runoff moves along that direction.
            let share = CONTEXT_SHARE * n as f32 / (n as f32 + CONTEXT_PRIOR_DOCUMENTS);
            let expected = [1.0 - share + share * 0.6, share * 0.8];
            assert!(
                (runoff[0] - expected[0]).abs() < 1e-5 && (runoff[1] - expected[1]).abs() < 1e-5,
                "{n} documents: {runoff} against {expected:?}"
            );
            runoff[1] / runoff[0]
        };
        let (two, twenty, thousand) = (moved(2), moved(20), moved(1000));
        assert!(0.0 < two && two < twenty && twenty < thousand);
        // Never more than half way: the table's own meaning always counts.
        let half_way = 0.8 * CONTEXT_SHARE / (1.0 - CONTEXT_SHARE + 0.6 * CONTEXT_SHARE);
        assert!(thousand < half_way);
    }

    #[test]
    fn adapting_gives_the_same_vectors_on_any_number_of_threads() {
        let (weights, table) = football_and_elections();
        let adapt = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("a thread pool");
            pool.install(|| {
                let table = KeyVectors {
                    vectors: table.vectors.clone(),
                    rows: table.rows.clone(),
                };
                adapt_to_corpus(&weights, table).vectors
            })
        };
        assert_eq!(adapt(1), adapt(3));
    }

    #[test]
    fn the_combined_similarity_is_the_weighted_mean() {
        let lsa = array![[1.0f32, 0.0], [0.0, 1.0]];
        let meaning = array![[1.0f32, 0.0], [1.0, 0.0]];
        let c = combine(lsa.view(), meaning.view(), &[0.25, 0.25]);
        assert!((c.row(0).dot(&c.row(1)) - 0.25).abs() < 1e-6);
        let only_terms = combine(lsa.view(), meaning.view(), &[0.0, 0.0]);
        assert!(only_terms.row(0).dot(&only_terms.row(1)).abs() < 1e-6);
    }

    #[test]
    fn short_documents_lean_on_meaning_and_long_ones_on_their_terms() {
        let headline = meaning_share(4, 1.0);
        let story = meaning_share(120, 1.0);
        assert!(headline > 0.5 && story < 0.15, "{headline} {story}");
        assert_eq!(meaning_share(4, 0.0), 0.0);
        assert!((meaning_share(0, 1.0) - 1.0).abs() < 1e-6);
    }
}
