//! Word meaning for documents: the TF-IDF-weighted mean of their words' vectors from the
//! built-in table, combined with the LSA vector. Two headlines that share no word ("runoff"
//! and "ballot") still meet, while the terms keep the topics specific.

use ndarray::{Array2, ArrayView2, Axis};

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
    use ndarray::array;

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
