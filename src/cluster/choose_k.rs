//! Choosing the number of topics: k-means for each candidate k on a seeded sample of the
//! documents, scored by the silhouette; the first peak of the scores wins.
//!
//! Why the first peak and not the highest score: measured on labelled news, the silhouette of
//! term and meaning vectors rises again towards large k, where near-duplicate stories form
//! tight little groups, and it is often high at k = 2, a split by document length or style
//! rather than by topic. The first k that scores better than k - 1 and no worse than the next
//! two candidates is the coarsest grouping the documents themselves support.

use ndarray::{ArrayView2, Axis};
use rand::SeedableRng;
use rand::seq::index::sample;
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};

use super::ClusterError;
use super::kmeans::{KMeansSettings, best_restart};
use super::lloyd;
use super::silhouette::{cosine_distances, silhouette};
use crate::progress::Cancel;

/// The score of one candidate number of topics.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct KScore {
    pub k: usize,
    pub silhouette: f32,
}

/// How the number of topics was chosen: every candidate's score, and the winner.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KChoice {
    pub chosen: usize,
    pub scores: Vec<KScore>,
    /// Number of documents the scores were computed on.
    pub sample_size: usize,
}

/// Documents scored per candidate: enough for a stable silhouette, few enough that the
/// distance matrix (sample²) stays small and quick.
pub const SAMPLE_SIZE: usize = 2000;

/// The candidates for a corpus of `n` documents: from 2 up to about √n, at most 30; every k
/// up to 12, then every second or third, since neighbouring large k score alike and each
/// costs more to try.
pub fn candidates(n: usize) -> Vec<usize> {
    let upper = ((n as f64).sqrt().round() as usize)
        .clamp(2, 30)
        .min(n.max(1));
    let mut ks: Vec<usize> = (2.min(upper)..=upper.min(12)).collect();
    let mut k = 14;
    while k < upper {
        ks.push(k);
        k += if k < 20 { 2 } else { 3 };
    }
    if upper > 12 {
        ks.push(upper);
    }
    ks
}

/// Scores each candidate k on a sample of the rows of `vectors` and picks the best.
pub fn choose_k(
    vectors: ArrayView2<f32>,
    seed: u64,
    cancel: &Cancel,
    on_candidate: impl FnMut(usize, usize),
) -> Result<KChoice, ClusterError> {
    choose_k_up_to(vectors, usize::MAX, seed, cancel, on_candidate)
}

/// Like [`choose_k`], trying no more than `max_k` topics (splitting one topic into thirty
/// parts helps nobody).
pub fn choose_k_up_to(
    vectors: ArrayView2<f32>,
    max_k: usize,
    seed: u64,
    cancel: &Cancel,
    mut on_candidate: impl FnMut(usize, usize),
) -> Result<KChoice, ClusterError> {
    // Documents without any term have a zero vector; they say nothing about the topics.
    let usable: Vec<usize> = (0..vectors.nrows())
        .filter(|&i| vectors.row(i).iter().any(|&x| x != 0.0))
        .collect();
    if usable.is_empty() {
        return Err(ClusterError::NoDocuments);
    }
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed ^ 0x5EED_C0DE);
    let mut rows: Vec<usize> = if usable.len() > SAMPLE_SIZE {
        sample(&mut rng, usable.len(), SAMPLE_SIZE)
            .into_iter()
            .map(|i| usable[i])
            .collect()
    } else {
        usable
    };
    rows.sort_unstable();
    let sample_vectors = vectors.select(Axis(0), &rows);
    let distances = cosine_distances(sample_vectors.view());
    let norms = lloyd::row_norms(sample_vectors.view());

    let mut range = candidates(vectors.nrows());
    range.retain(|&k| k <= max_k.max(2));
    let settings = KMeansSettings {
        runs: 5,
        ..Default::default()
    };
    let mut scores = Vec::with_capacity(range.len());
    for (i, &k) in range.iter().enumerate() {
        cancel.check()?;
        // The sample is small: the restarts' own Lloyd iterations suffice to score it.
        let fit = best_restart(
            sample_vectors.view(),
            k,
            &settings,
            seed.wrapping_add(k as u64),
            cancel,
            |_| {},
        )?;
        let assignments: Vec<usize> =
            lloyd::nearest(sample_vectors.view(), &norms, fit.centroids.view())
                .into_iter()
                .map(|(centre, _)| centre)
                .collect();
        scores.push(KScore {
            k,
            silhouette: silhouette(&distances, &assignments, k),
        });
        on_candidate(i + 1, range.len());
    }
    let chosen = first_peak(&scores);
    Ok(KChoice {
        chosen,
        scores,
        sample_size: rows.len(),
    })
}

/// The first candidate that scores above the one before and at least as well as the two
/// after it (two, so that a dip of sampling noise right after it is not taken for a peak); the
/// best-scoring candidate when the scores never peak (they only rise, or only fall).
fn first_peak(scores: &[KScore]) -> usize {
    let peak = (1..scores.len().saturating_sub(1))
        .find(|&i| {
            let s = scores[i].silhouette;
            s > scores[i - 1].silhouette
                && scores[i + 1..].iter().take(2).all(|n| s >= n.silhouette)
        })
        .map(|i| scores[i].k);
    peak.or_else(|| {
        scores
            .iter()
            .copied()
            .reduce(|best, s| {
                if s.silhouette > best.silhouette {
                    s
                } else {
                    best
                }
            })
            .map(|s| s.k)
    })
    .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reduce::lsa::normalize_rows;
    use ndarray::Array2;

    #[test]
    fn finds_four_well_separated_groups() {
        let mut data = Array2::<f32>::zeros((200, 8));
        for i in 0..200 {
            let group = i % 4;
            data[[i, group * 2]] = 1.0;
            data[[i, group * 2 + 1]] = 0.2 + (i % 5) as f32 * 0.05;
        }
        normalize_rows(&mut data);
        let choice = choose_k(data.view(), 1, &Cancel::new(), |_, _| {}).expect("ok");
        assert_eq!(choice.chosen, 4, "{:?}", choice.scores);
        assert_eq!(choice.scores.first().map(|s| s.k), Some(2));
    }

    fn scores(values: &[f32]) -> Vec<KScore> {
        values
            .iter()
            .enumerate()
            .map(|(i, &silhouette)| KScore {
                k: i + 2,
                silhouette,
            })
            .collect()
    }

    #[test]
    fn the_first_peak_wins_over_a_later_higher_score() {
        // High at 2, a peak at 5, rising again past it.
        let curve = scores(&[0.17, 0.12, 0.13, 0.15, 0.14, 0.14, 0.16, 0.18]);
        assert_eq!(first_peak(&curve), 5);
        // A dip of noise at 4 is not a peak at 3: the scores recover at 5.
        let noisy = scores(&[0.10, 0.12, 0.11, 0.13, 0.12, 0.12]);
        assert_eq!(first_peak(&noisy), 5);
    }

    #[test]
    fn scores_without_a_peak_fall_back_to_the_best() {
        assert_eq!(first_peak(&scores(&[0.3, 0.2, 0.1])), 2);
        assert_eq!(first_peak(&scores(&[0.1, 0.2, 0.3])), 4);
        assert_eq!(first_peak(&[]), 1);
    }

    #[test]
    fn candidate_ranges_are_sensible() {
        assert_eq!(candidates(17), vec![2, 3, 4]);
        assert_eq!(
            candidates(400),
            vec![2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 16, 18, 20]
        );
        assert_eq!(*candidates(100_000).last().expect("some"), 30);
        assert!(candidates(100_000).windows(2).all(|w| w[0] < w[1]));
        assert_eq!(candidates(1), vec![1]);
    }
}
