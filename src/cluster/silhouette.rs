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

/// Each point's silhouette: (b - a) / max(a, b) where a is its mean distance to its own
/// cluster and b the smallest mean distance to another cluster. Points alone in their cluster
/// score 0, as in scikit-learn; the clustering's silhouette is the mean of these.
pub fn point_silhouettes(distances: &Array2<f32>, assignments: &[usize], k: usize) -> Vec<f32> {
    let n = assignments.len();
    if n < 2 || k < 2 {
        return vec![0.0; n];
    }
    let mut sizes = vec![0usize; k];
    for &c in assignments {
        sizes[c] += 1;
    }
    distances
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
        .collect()
}

/// The mean of the points' silhouettes.
pub fn mean(points: &[f32]) -> f32 {
    if points.is_empty() {
        0.0
    } else {
        points.iter().sum::<f32>() / points.len() as f32
    }
}

/// Whether the same points score higher under clustering `a` than under `b` by more than
/// sampling noise: the mean of their paired differences exceeds its standard error.
pub fn clearly_higher(a: &[f32], b: &[f32]) -> bool {
    let n = a.len().min(b.len());
    if n < 2 {
        return mean(a) > mean(b);
    }
    let differences: Vec<f64> = a.iter().zip(b).map(|(x, y)| f64::from(x - y)).collect();
    let average = differences.iter().sum::<f64>() / n as f64;
    let variance = differences
        .iter()
        .map(|d| (d - average).powi(2))
        .sum::<f64>()
        / (n - 1) as f64;
    average > (variance / n as f64).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn separated_clusters_score_high_and_mixed_ones_low() {
        let v = array![[1.0f32, 0.0], [0.99, 0.141], [0.0, 1.0], [0.141, 0.99]];
        let d = cosine_distances(v.view());
        let good = point_silhouettes(&d, &[0, 0, 1, 1], 2);
        let bad = point_silhouettes(&d, &[0, 1, 0, 1], 2);
        assert!(mean(&good) > 0.8, "{}", mean(&good));
        assert!(mean(&bad) < 0.0, "{}", mean(&bad));
        assert!(clearly_higher(&good, &bad));
        assert!(!clearly_higher(&bad, &good));
        assert!(!clearly_higher(&good, &good));
    }
}
