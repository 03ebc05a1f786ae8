//! The silhouette score of a clustering on a sample, from a distance matrix computed once and
//! reused for every candidate number of topics (linfa's silhouette recomputes every distance
//! for each clustering, which made choosing k thirty times slower).

use ndarray::{Array2, ArrayView2, Axis};
use rayon::prelude::*;

/// Cosine distances (1 - cosine similarity) between all rows of unit-length `vectors`.
pub fn cosine_distances(vectors: ArrayView2<f32>) -> Array2<f32> {
    let similarities = vectors.dot(&vectors.t());
    similarities.mapv(|s| (1.0 - s).max(0.0))
}

/// Mean silhouette over all points: for each point, (b - a) / max(a, b) where a is its mean
/// distance to its own cluster and b the smallest mean distance to another cluster. Points
/// alone in their cluster score 0, as in scikit-learn.
pub fn silhouette(distances: &Array2<f32>, assignments: &[usize], k: usize) -> f32 {
    let n = assignments.len();
    if n < 2 || k < 2 {
        return 0.0;
    }
    let mut sizes = vec![0usize; k];
    for &c in assignments {
        sizes[c] += 1;
    }
    let scores: Vec<f32> = distances
        .axis_iter(Axis(0))
        .into_par_iter()
        .enumerate()
        .map(|(i, row)| {
            let own = assignments[i];
            if sizes[own] <= 1 {
                return 0.0;
            }
            let mut sums = vec![0f32; k];
            for (&d, &c) in row.iter().zip(assignments) {
                sums[c] += d;
            }
            let a = sums[own] / (sizes[own] - 1) as f32;
            let b = (0..k)
                .filter(|&c| c != own && sizes[c] > 0)
                .map(|c| sums[c] / sizes[c] as f32)
                .fold(f32::INFINITY, f32::min);
            if !b.is_finite() {
                return 0.0;
            }
            let denominator = a.max(b);
            if denominator > 0.0 {
                (b - a) / denominator
            } else {
                0.0
            }
        })
        .collect();
    scores.iter().sum::<f32>() / n as f32
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn separated_clusters_score_high_and_mixed_ones_low() {
        let v = array![[1.0f32, 0.0], [0.99, 0.141], [0.0, 1.0], [0.141, 0.99]];
        let d = cosine_distances(v.view());
        let good = silhouette(&d, &[0, 0, 1, 1], 2);
        let bad = silhouette(&d, &[0, 1, 0, 1], 2);
        assert!(good > 0.8, "{good}");
        assert!(bad < 0.0, "{bad}");
    }
}
