//! How close each document is to its topic's centre, and the documents that stand for a topic.

use ndarray::{ArrayView2, Axis};
use rayon::prelude::*;

/// Cosine similarity of each document to its topic's centroid (0 for a document without terms).
pub fn closeness_to_centre(
    vectors: ArrayView2<f32>,
    centroids: ArrayView2<f32>,
    assignments: &[usize],
) -> Vec<f32> {
    let norms: Vec<f32> = centroids
        .axis_iter(Axis(0))
        .map(|c| c.dot(&c).sqrt())
        .collect();
    vectors
        .axis_iter(Axis(0))
        .into_par_iter()
        .zip(assignments.par_iter())
        .map(|(v, &topic)| {
            let norm = norms[topic];
            if norm > 0.0 {
                v.dot(&centroids.row(topic)) / norm
            } else {
                0.0
            }
        })
        .collect()
}

/// The documents of each of `k` topics, closest to its centre first (ties: lower index).
/// A document whose topic is not below `k` is left out.
pub fn members_by_closeness(closeness: &[f32], assignments: &[usize], k: usize) -> Vec<Vec<usize>> {
    let mut members = members_in_order(assignments, k);
    for list in &mut members {
        sort_by_closeness(list, closeness);
    }
    members
}

/// Sorts documents closest to their centre first, by closeness to five decimal places, ties
/// to the lower index: the two documents of a two-document topic are equally close to its
/// centre, and the order of a sum, which a faster kernel may change, must not decide which of
/// them stands for the topic.
pub fn sort_by_closeness(documents: &mut [usize], closeness: &[f32]) {
    let rank = |d: usize| (f64::from(closeness[d]) * 1e5).round() as i64;
    documents.sort_by_key(|&d| (std::cmp::Reverse(rank(d)), d));
}

/// The documents of each of `k` topics, in corpus order.
pub fn members_in_order(assignments: &[usize], k: usize) -> Vec<Vec<usize>> {
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); k];
    for (document, &topic) in assignments.iter().enumerate() {
        if let Some(list) = members.get_mut(topic) {
            list.push(document);
        }
    }
    members
}

/// The `count` documents of each topic closest to its centre, closest first (ties: lower index).
pub fn representatives(
    closeness: &[f32],
    assignments: &[usize],
    k: usize,
    count: usize,
) -> Vec<Vec<usize>> {
    let mut members = members_by_closeness(closeness, assignments, k);
    for list in &mut members {
        list.truncate(count);
    }
    members
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn the_closest_documents_represent_a_topic() {
        let vectors = array![[1.0f32, 0.0], [0.8, 0.6], [0.0, 1.0], [0.6, 0.8]];
        let centroids = array![[1.0f32, 0.0], [0.0, 2.0]];
        let assignments = [0, 0, 1, 1];
        let closeness = closeness_to_centre(vectors.view(), centroids.view(), &assignments);
        assert_eq!(closeness, vec![1.0, 0.8, 1.0, 0.8]);
        assert_eq!(
            representatives(&closeness, &assignments, 2, 1),
            vec![vec![0], vec![2]]
        );
    }

    #[test]
    fn closeness_equal_but_for_rounding_is_a_tie_that_the_lower_index_wins() {
        let closeness = [0.7, 0.83, 0.830_000_1, 0.9];
        let assignments = [0, 0, 0, 1];
        assert_eq!(
            members_by_closeness(&closeness, &assignments, 2),
            vec![vec![1, 2, 0], vec![3]]
        );
        let closeness = [0.7, 0.830_000_1, 0.83, 0.9];
        assert_eq!(
            members_by_closeness(&closeness, &assignments, 2),
            vec![vec![1, 2, 0], vec![3]]
        );
        // Real differences still order them.
        let closeness = [0.7, 0.83, 0.84, 0.9];
        assert_eq!(
            members_by_closeness(&closeness, &assignments, 2),
            vec![vec![2, 1, 0], vec![3]]
        );
    }
}
