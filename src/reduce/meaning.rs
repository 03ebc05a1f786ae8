//! Word meaning for documents: the TF-IDF-weighted mean of their words' vectors from the
//! built-in table, combined with the LSA vector. Two headlines that share no word ("runoff"
//! and "ballot") still meet, while the terms keep the topics specific.

use ndarray::{Array2, ArrayView2, Axis, concatenate};

use super::lsa::normalize_rows;
use crate::vectorize::Csr;

/// Each document's meaning vector: its TF-IDF row times the term vectors (documents × terms
/// times terms × dimensions), normalised to unit length. Sparse times dense, so the cost is one
/// pass over the non-zeros.
pub fn meaning_vectors(weights: &Csr, term_vectors: ArrayView2<f32>) -> Array2<f32> {
    let mut vectors = weights.mul_dense(term_vectors);
    normalize_rows(&mut vectors);
    vectors
}

/// [(1 - w) · lsa, w · meaning], normalised: cosine similarity in the result is the weighted
/// mean of the two similarities (for documents that have both).
pub fn combine(lsa: ArrayView2<f32>, meaning: ArrayView2<f32>, weight: f32) -> Array2<f32> {
    let weight = weight.clamp(0.0, 1.0);
    let left = lsa.mapv(|x| x * (1.0 - weight).sqrt());
    let right = meaning.mapv(|x| x * weight.sqrt());
    let mut combined =
        concatenate(Axis(1), &[left.view(), right.view()]).unwrap_or_else(|_| lsa.to_owned());
    normalize_rows(&mut combined);
    combined
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn documents_with_related_words_get_similar_meaning() {
        // Three terms: two synonyms (0, 1) and an unrelated one (2).
        let terms = array![[1.0f32, 0.0], [0.9, 0.1], [0.0, 1.0]];
        let weights = Csr::from_parts(3, vec![0, 1, 2, 3], vec![0, 1, 2], vec![1.0, 1.0, 1.0]);
        let m = meaning_vectors(&weights, terms.view());
        assert!(m.row(0).dot(&m.row(1)) > 0.99);
        assert!(m.row(0).dot(&m.row(2)) < 0.2);
    }

    #[test]
    fn the_combined_similarity_is_the_weighted_mean() {
        let lsa = array![[1.0f32, 0.0], [0.0, 1.0]];
        let meaning = array![[1.0f32, 0.0], [1.0, 0.0]];
        let c = combine(lsa.view(), meaning.view(), 0.25);
        assert!((c.row(0).dot(&c.row(1)) - 0.25).abs() < 1e-6);
        let only_terms = combine(lsa.view(), meaning.view(), 0.0);
        assert!(only_terms.row(0).dot(&only_terms.row(1)).abs() < 1e-6);
    }
}
