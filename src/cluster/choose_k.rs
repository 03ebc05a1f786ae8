//! Choosing the number of topics: k-means for each candidate k on a seeded sample of the
//! documents, scored by the silhouette; the first peak of the scores wins.
//!
//! Why the first peak and not the highest score: measured on labelled news, the silhouette of
//! term and meaning vectors rises again towards large k, where near-duplicate stories form
//! tight little groups, and it is often high at k = 2, a split by document length or style
//! rather than by topic. The first k that scores better than k - 1 and no worse than the next
//! two candidates is the coarsest grouping the documents themselves support. Where that peak
//! stands on a plateau of candidates that score alike within noise, the plateau's first k is
//! taken: which of them peaks first is luck.
//!
//! On short texts such as headlines the silhouette often never peaks: it rises all the way to
//! the largest candidate, which would split two thousand headlines into thirty topics. There
//! the number comes from how well the topics reproduce instead (prediction strength, Tibshirani
//! and Walther 2005): the sample is cut in two halves, each is clustered on its own, and for
//! each k we measure how often two headlines grouped together in one half's topics are also
//! grouped together by the other half's centres. Agreement falls as k grows past what the
//! documents support; the k just before its steepest fall is chosen.
//!
//! Candidates are scored from the smallest and only until the first peak is settled, so the
//! scores reported may stop short of the largest candidate.

use std::sync::atomic::{AtomicUsize, Ordering};

use ndarray::{Array2, ArrayView2, Axis};
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand::seq::index::sample;
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::ClusterError;
use super::kmeans::{KMeansSettings, KeepRun, best_restart};
use super::lloyd;
use super::silhouette::{self, point_silhouettes};
use crate::progress::Cancel;

/// The score of one candidate number of topics.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct KScore {
    pub k: usize,
    pub silhouette: f32,
    /// Prediction strength between the sample's two halves (0 to 1), measured only when the
    /// silhouette does not peak.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreement: Option<f32>,
}

/// Which score decided the number of topics.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KCriterion {
    /// The first peak of the silhouette.
    #[default]
    SilhouettePeak,
    /// The silhouette never peaked; the best score (the scores only fell, or the sample was
    /// too small to cut in halves).
    BestSilhouette,
    /// The silhouette rose to the largest candidate; the k before agreement between halves
    /// falls the most.
    Agreement,
}

/// How the number of topics was chosen: the candidates' scores, and the winner.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KChoice {
    pub chosen: usize,
    #[serde(default)]
    pub criterion: KCriterion,
    /// The scores of the candidates from the smallest up to the one that settled the choice.
    pub scores: Vec<KScore>,
    /// Number of documents the scores were computed on.
    pub sample_size: usize,
}

/// Documents scored per candidate: enough for a stable silhouette, few enough that the
/// distance matrix (sample²) stays small and quick.
pub const SAMPLE_SIZE: usize = 2000;

/// Independent k-means fits scored per candidate, their silhouettes averaged document by
/// document. One fit's score moves with the luck of its restarts, and a lucky fit at one k
/// made a peak that the curve around it did not support (ag-news titles: 10 topics for 4
/// labels). It costs time: a whole run on 7,600 headlines went from 2.2–3.1 s to 3.6–4.2 s
/// (two fits of three restarts instead of one of five). The fits' spread also tells how much
/// a score owes to that luck (see [`plateau_start`]).
const FITS_PER_CANDIDATE: usize = 2;
const RESTARTS_PER_FIT: usize = 3;

/// Documents each half of the sample needs, per topic of the largest candidate, before the
/// halves' agreement means anything: below it a topic of a half holds a handful of documents.
const MIN_HALF_PER_TOPIC: usize = 10;

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
    on_candidate: impl Fn(usize, usize) + Sync,
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
    on_candidate: impl Fn(usize, usize) + Sync,
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
    let sample_points = lloyd::Points::new(sample_vectors.view());

    let mut range = candidates(vectors.nrows());
    range.retain(|&k| k <= max_k.max(2));
    // Few restarts, the lowest inertia kept: each candidate needs a good grouping, not the
    // one another seed would find.
    let agreement_settings = KMeansSettings {
        runs: 5,
        keep: KeepRun::LeastInertia,
        ..Default::default()
    };
    let fit_settings = KMeansSettings {
        runs: RESTARTS_PER_FIT,
        ..agreement_settings
    };
    // Every fit of a batch of candidates at once: each has its own seed, so the order they
    // run in does not matter, and the cores stay busy (a candidate's three restarts alone
    // leave one of two cores idle half the time).
    let fits_done = AtomicUsize::new(0);
    let fit_candidates = |candidates: std::ops::Range<usize>| {
        let fits: Vec<(usize, usize)> = candidates
            .flat_map(|i| (0..FITS_PER_CANDIDATE).map(move |fit_index| (i, fit_index)))
            .collect();
        fits.par_iter()
            .map(|&(i, fit_index)| {
                cancel.check()?;
                let k = range[i];
                // The sample is small: the restarts' own Lloyd iterations suffice to score it.
                let fit = best_restart(
                    sample_vectors.view(),
                    k,
                    &fit_settings,
                    seed.wrapping_add(k as u64)
                        .wrapping_add(7919 * fit_index as u64),
                    cancel,
                    |_| {},
                )?;
                let assignments = lloyd::assignments(&sample_points, fit.centroids.view());
                let points = point_silhouettes(sample_vectors.view(), &assignments, k);
                let done = fits_done.fetch_add(1, Ordering::Relaxed) + 1;
                on_candidate(done / FITS_PER_CANDIDATE, range.len());
                Ok(points)
            })
            .collect::<Result<Vec<Vec<f32>>, ClusterError>>()
    };
    let mut scores = Vec::with_capacity(range.len());
    let mut point_scores: Vec<Vec<f32>> = Vec::with_capacity(range.len());
    let mut fit_variances: Vec<f64> = Vec::with_capacity(range.len());
    // A few candidates at a time, as many as keep every core busy with their fits, from the
    // smallest, until the first peak is settled: a fit's work grows with k (70% of all the
    // candidates' lies above 12 topics), and once the peak is confirmed the larger candidates'
    // scores cannot change the choice. Where the scores never peak, every candidate is scored.
    let per_batch = (rayon::current_num_threads() / FITS_PER_CANDIDATE).max(1);
    let batches = (0..range.len())
        .step_by(per_batch)
        .map(|start| start..(start + per_batch).min(range.len()));
    let mut peak = None;
    for batch in batches {
        let fit_points = fit_candidates(batch.clone())?;
        for (fits, &k) in fit_points
            .chunks_exact(FITS_PER_CANDIDATE)
            .zip(&range[batch.clone()])
        {
            let (points, fit_variance) = averaged_fits(fits);
            fit_variances.push(fit_variance);
            scores.push(KScore {
                k,
                silhouette: silhouette::mean(&points),
                agreement: None,
            });
            point_scores.push(points);
        }
        let beats =
            |i: usize, j: usize| silhouette::clearly_higher(&point_scores[i], &point_scores[j]);
        match first_peak_so_far(&scores, batch.end == range.len(), beats) {
            FirstPeak::NeedsMore => {}
            FirstPeak::At(i) => {
                peak = Some(i);
                break;
            }
            FirstPeak::Never => break,
        }
    }
    let beats_fit_noise = |i: usize, j: usize| {
        silhouette::clearly_higher_beyond(
            &point_scores[i],
            &point_scores[j],
            fit_variances[i] + fit_variances[j],
        )
    };
    let (chosen, criterion) = match peak {
        Some(peak) => (
            scores[plateau_start(&scores, peak, beats_fit_noise)].k,
            KCriterion::SilhouettePeak,
        ),
        None => {
            // Without a confirmed peak the scores either only fall (the best is the first
            // candidate) or climb towards the end of the range, where the silhouette says
            // nothing about topics.
            let best = best_score(&scores);
            let largest = range.last().copied().unwrap_or(1);
            let halves_large_enough = rows.len() / 2 >= MIN_HALF_PER_TOPIC * largest;
            if best != range[0] && halves_large_enough {
                let halves = Halves::cut(sample_vectors.view(), seed);
                let agreements: Vec<f32> = scores
                    .par_iter()
                    .map(|score| halves.agreement(score.k, &agreement_settings, seed, cancel))
                    .collect::<Result<_, ClusterError>>()?;
                for (score, agreement) in scores.iter_mut().zip(agreements) {
                    score.agreement = Some(agreement);
                }
                (before_steepest_fall(&scores), KCriterion::Agreement)
            } else {
                (best, KCriterion::BestSilhouette)
            }
        }
    };
    Ok(KChoice {
        chosen,
        criterion,
        scores,
        sample_size: rows.len(),
    })
}

/// One candidate's fits (each a silhouette per sample document) made one: each document's
/// mean over the fits, and the variance of the fits' mean score, estimated from their spread:
/// how much the candidate's score owes to the luck of its fits.
fn averaged_fits(fits: &[Vec<f32>]) -> (Vec<f32>, f64) {
    let n = fits.len();
    let mut points = vec![0f32; fits.first().map_or(0, Vec::len)];
    for fit in fits {
        for (point, score) in points.iter_mut().zip(fit) {
            *point += score / n as f32;
        }
    }
    if n < 2 {
        return (points, 0.0);
    }
    let means: Vec<f64> = fits
        .iter()
        .map(|fit| f64::from(silhouette::mean(fit)))
        .collect();
    let average = means.iter().sum::<f64>() / n as f64;
    let spread = means.iter().map(|m| (m - average).powi(2)).sum::<f64>() / (n - 1) as f64;
    (points, spread / n as f64)
}

/// The sample cut into two seeded halves, once for every candidate k.
struct Halves {
    rows: [Array2<f32>; 2],
}

impl Halves {
    fn cut(vectors: ArrayView2<f32>, seed: u64) -> Self {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed ^ 0x4A1F_5EED);
        let mut order: Vec<usize> = (0..vectors.nrows()).collect();
        order.shuffle(&mut rng);
        let (first, second) = order.split_at(order.len() / 2);
        let rows = [
            vectors.select(Axis(0), first),
            vectors.select(Axis(0), second),
        ];
        Halves { rows }
    }

    /// Prediction strength at `k`, both ways: each half is clustered on its own; for each
    /// topic of one half, the share of its pairs of documents that the other half's centres
    /// also put together. The weakest topic counts (a split that only some topics survive is
    /// not reproducible), averaged over the two directions.
    fn agreement(
        &self,
        k: usize,
        settings: &KMeansSettings,
        seed: u64,
        cancel: &Cancel,
    ) -> Result<f32, ClusterError> {
        let mut centres = Vec::with_capacity(2);
        for (h, half) in self.rows.iter().enumerate() {
            let run_seed = seed
                .wrapping_add(k as u64)
                .wrapping_add(1000 * (h as u64 + 1));
            centres
                .push(best_restart(half.view(), k, settings, run_seed, cancel, |_| {})?.centroids);
        }
        let mut strength = 0.0;
        for (h, half) in self.rows.iter().enumerate() {
            let half = lloyd::Points::new(half.view());
            let own = lloyd::assignments(&half, centres[h].view());
            let other = lloyd::assignments(&half, centres[1 - h].view());
            strength += weakest_topic_agreement(&own, &other, k);
        }
        Ok(strength / 2.0)
    }
}

/// The smallest, over the topics of `own` with at least two members, of the share of their
/// pairs that `other` also puts in one topic.
fn weakest_topic_agreement(own: &[usize], other: &[usize], k: usize) -> f32 {
    let pairs = |n: usize| (n * n.saturating_sub(1) / 2) as f64;
    let mut table = vec![0usize; k * k];
    for (&a, &b) in own.iter().zip(other) {
        table[a * k + b] += 1;
    }
    (0..k)
        .filter_map(|a| {
            let row = &table[a * k..(a + 1) * k];
            let size: usize = row.iter().sum();
            (size >= 2).then(|| row.iter().map(|&n| pairs(n)).sum::<f64>() / pairs(size))
        })
        .fold(1.0f64, f64::min) as f32
}

/// The candidate just before the steepest fall in agreement (the smallest such k on a tie),
/// not counting the fall from 2 topics. Any cloud of documents, even one without topics, is
/// cut in two the same way by both halves (across its longest axis), so agreement at 2 is
/// high whatever the documents hold, and its fall to 3 says nothing; and this score is asked
/// only where the silhouette favours more than 2 topics. On bbc-news titles (seed 7) agreement
/// went 0.84, 0.46, 0.61, 0.60, 0.24 from 2 to 6 topics: now 5 topics, where it chose 2.
fn before_steepest_fall(scores: &[KScore]) -> usize {
    let agreement = |s: &KScore| s.agreement.unwrap_or(0.0);
    let mut best: Option<(f32, usize)> = None;
    let from_two = usize::from(scores.len() > 2 && scores[0].k == 2);
    for pair in scores[from_two..].windows(2) {
        let fall = agreement(&pair[0]) - agreement(&pair[1]);
        if best.is_none_or(|(steepest, _)| fall > steepest) {
            best = Some((fall, pair[0].k));
        }
    }
    best.map_or_else(|| best_score(scores), |(_, k)| k)
}

/// What the candidates scored so far say of the first peak.
#[derive(Debug, PartialEq, Eq)]
enum FirstPeak {
    /// At this index, whatever larger candidates score.
    At(usize),
    /// The scores never peak (`complete`: every candidate is scored).
    Never,
    /// The answer depends on candidates not scored yet.
    NeedsMore,
}

/// The first peak: the index of the first candidate that scores above the one before and
/// clearly above the two after it (`beats(i, j)`: candidate i's points score higher than
/// under candidate j by more than sampling noise; two after it, and clearly, so that noise on
/// a rising curve is not taken for a peak); none when the scores never peak (they only rise,
/// or only fall). The last two candidates cannot be confirmed as peaks.
///
/// A peak may be a plateau: the candidates right after it that score neither clearly higher
/// nor clearly lower are passed over, and the two after them must score clearly lower. On
/// reuters-r8 (seed 0) 4 and 5 topics scored 0.2068 and 0.2067 and 6 and 7 far less; without
/// the plateau, neither 4 nor 5 was a peak and the next one, 23 topics, was chosen.
///
/// `scores` hold the smallest candidates only, unless `complete`. A peak is answered only
/// where the candidates that confirm it are scored, so the answer is the one the whole range
/// would give.
fn first_peak_so_far(
    scores: &[KScore],
    complete: bool,
    beats: impl Fn(usize, usize) -> bool,
) -> FirstPeak {
    let n = scores.len();
    for i in 1..n {
        if scores[i].silhouette <= scores[i - 1].silhouette {
            continue;
        }
        let mut last = i;
        while last + 1 < n && !beats(i, last + 1) && !beats(last + 1, i) {
            last += 1;
        }
        if last + 2 >= n {
            // The plateau, or the two candidates that must confirm it, run past the scores.
            if complete {
                continue;
            }
            return FirstPeak::NeedsMore;
        }
        if beats(i, last + 1) && beats(i, last + 2) {
            return FirstPeak::At(i);
        }
    }
    if complete {
        FirstPeak::Never
    } else {
        FirstPeak::NeedsMore
    }
}

/// The index of the smallest candidate, after the lowest score before the `peak` (an index),
/// that the peak does not beat: the first k of the plateau the peak stands on (the
/// one-standard-error rule). `beats` counts the luck of the k-means fits as noise too: on
/// bbc-news, 5 to 11 topics all score 0.14-0.15, two fits of one k differed by up to 0.03,
/// and which k the first peak fell on (5, 6, 7, 8 or 9) moved with the seed.
fn plateau_start(scores: &[KScore], peak: usize, beats: impl Fn(usize, usize) -> bool) -> usize {
    let valley = (0..peak)
        .min_by(|&a, &b| scores[a].silhouette.total_cmp(&scores[b].silhouette))
        .unwrap_or(peak);
    (valley + 1..peak)
        .find(|&i| !beats(peak, i))
        .unwrap_or(peak)
}

/// The candidate with the highest silhouette (the smallest k on a tie); 1 without candidates.
fn best_score(scores: &[KScore]) -> usize {
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
        .map_or(1, |s| s.k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_four_well_separated_groups() {
        let data = crate::cluster::four_separated_groups();
        let choice = choose_k(data.view(), 1, &Cancel::new(), |_, _| {}).expect("ok");
        assert_eq!(choice.chosen, 4, "{:?}", choice.scores);
        assert_eq!(choice.scores.first().map(|s| s.k), Some(2));
    }

    /// The first peak of every candidate's scores.
    fn first_peak(scores: &[KScore], beats: impl Fn(usize, usize) -> bool) -> Option<usize> {
        match first_peak_so_far(scores, true, beats) {
            FirstPeak::At(i) => Some(i),
            FirstPeak::Never | FirstPeak::NeedsMore => None,
        }
    }

    fn scores(values: &[f32]) -> Vec<KScore> {
        values
            .iter()
            .enumerate()
            .map(|(i, &silhouette)| KScore {
                k: i + 2,
                silhouette,
                agreement: None,
            })
            .collect()
    }

    /// Candidate i beats j when its score is higher (scores without sampling noise).
    fn higher(curve: &[KScore]) -> impl Fn(usize, usize) -> bool + '_ {
        |i, j| curve[i].silhouette > curve[j].silhouette
    }

    #[test]
    fn the_first_peak_wins_over_a_later_higher_score() {
        // High at 2, a peak at 5, rising again past it.
        let curve = scores(&[0.17, 0.12, 0.13, 0.15, 0.14, 0.14, 0.16, 0.18]);
        assert_eq!(first_peak(&curve, higher(&curve)), Some(3));
        // A dip of noise at 4 is not a peak at 3: the scores recover at 5.
        let noisy = scores(&[0.10, 0.12, 0.11, 0.13, 0.12, 0.12]);
        assert_eq!(first_peak(&noisy, higher(&noisy)), Some(3));
        // A bump that sampling noise could make is not a peak.
        assert_eq!(first_peak(&noisy, |_, _| false), None);
    }

    #[test]
    fn a_plateau_peaks_at_its_first_candidate() {
        // 4 and 5 alike (within noise), 6 and 7 clearly lower, a later bump at 9.
        let curve = scores(&[0.20, 0.19, 0.207, 0.207, 0.17, 0.14, 0.15, 0.16, 0.15, 0.14]);
        let within_noise = |i: usize, j: usize| (curve[i].silhouette - curve[j].silhouette) > 0.005;
        assert_eq!(first_peak(&curve, within_noise), Some(2));
        // A plateau that runs to the end of the range confirms nothing.
        let flat = scores(&[0.10, 0.12, 0.12, 0.12, 0.12]);
        let within_noise = |i: usize, j: usize| (flat[i].silhouette - flat[j].silhouette) > 0.005;
        assert_eq!(first_peak(&flat, within_noise), None);
    }

    #[test]
    fn fits_are_averaged_document_by_document_with_their_spread() {
        let (points, variance) = averaged_fits(&[vec![0.2, 0.4], vec![0.4, 0.6]]);
        assert!((points[0] - 0.3).abs() < 1e-6 && (points[1] - 0.5).abs() < 1e-6);
        // Fit means 0.3 and 0.5: spread 0.02, the mean of two fits' variance 0.01.
        assert!((variance - 0.01).abs() < 1e-6, "{variance}");
        assert_eq!(averaged_fits(&[vec![0.2, 0.4]]).1, 0.0);
    }

    #[test]
    fn the_smallest_candidates_answer_only_what_all_would() {
        // Curves of pseudo-random scores, cut after each candidate: where the cut answers,
        // its answer is the whole curve's.
        use rand::Rng;
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(12345);
        let mut answered = 0;
        for _ in 0..200 {
            let curve = scores(
                &(0..12)
                    .map(|_| 0.1 + 0.05 * rng.r#gen::<f32>())
                    .collect::<Vec<_>>(),
            );
            let within_noise =
                |i: usize, j: usize| (curve[i].silhouette - curve[j].silhouette) > 0.01;
            let whole = first_peak_so_far(&curve, true, within_noise);
            assert_ne!(whole, FirstPeak::NeedsMore);
            for cut in 1..curve.len() {
                let part = first_peak_so_far(&curve[..cut], false, within_noise);
                if part != FirstPeak::NeedsMore {
                    assert_eq!(part, whole, "{curve:?} cut at {cut}");
                    answered += 1;
                }
            }
        }
        assert!(answered > 100, "{answered}");
        // A peak confirmed among the first candidates, and one whose plateau runs past them.
        let early = scores(&[0.10, 0.15, 0.12, 0.11, 0.13, 0.16]);
        let noise = |i: usize, j: usize| (early[i].silhouette - early[j].silhouette) > 0.005;
        assert_eq!(
            first_peak_so_far(&early[..4], false, noise),
            FirstPeak::At(1)
        );
        let flat = scores(&[0.10, 0.15, 0.15, 0.15, 0.12, 0.11]);
        let noise = |i: usize, j: usize| (flat[i].silhouette - flat[j].silhouette) > 0.005;
        assert_eq!(
            first_peak_so_far(&flat[..4], false, noise),
            FirstPeak::NeedsMore
        );
        assert_eq!(first_peak_so_far(&flat, true, noise), FirstPeak::At(1));
    }

    #[test]
    fn a_broad_plateau_is_chosen_at_its_first_candidate() {
        // A rise to 5, a plateau from 5 to 8 with a dip at 7 that keeps 5 and 6 from being
        // peaks, the first peak at 8, and a high score at 2 that is no part of the plateau.
        let curve = scores(&[
            0.16, 0.10, 0.12, 0.144, 0.146, 0.136, 0.148, 0.140, 0.13, 0.12,
        ]);
        let within_noise = |i: usize, j: usize| (curve[i].silhouette - curve[j].silhouette) > 0.005;
        let peak = first_peak(&curve, within_noise).expect("a peak");
        assert_eq!(curve[peak].k, 8);
        assert_eq!(curve[plateau_start(&curve, peak, within_noise)].k, 5);
        // Where every candidate before the peak is clearly lower, the peak stays.
        let sharp = scores(&[0.10, 0.12, 0.15, 0.13, 0.12]);
        let within_noise = |i: usize, j: usize| (sharp[i].silhouette - sharp[j].silhouette) > 0.005;
        assert_eq!(plateau_start(&sharp, 2, within_noise), 2);
    }

    #[test]
    fn scores_without_a_peak_have_no_first_peak_but_a_best() {
        let falling = scores(&[0.3, 0.2, 0.1]);
        let rising = scores(&[0.1, 0.2, 0.3]);
        assert_eq!(first_peak(&falling, higher(&falling)), None);
        assert_eq!(first_peak(&rising, higher(&rising)), None);
        assert_eq!(best_score(&scores(&[0.3, 0.2, 0.1])), 2);
        assert_eq!(best_score(&scores(&[0.1, 0.2, 0.3])), 4);
        assert_eq!(best_score(&[]), 1);
    }

    #[test]
    fn agreement_is_that_of_the_weakest_topic() {
        // Topic 0's four members stay together; topic 1's four are split two and two: 2 of
        // its 6 pairs survive.
        let own = [0, 0, 0, 0, 1, 1, 1, 1];
        let other = [1, 1, 1, 1, 0, 0, 2, 2];
        let strength = weakest_topic_agreement(&own, &other, 3);
        assert!((strength - 2.0 / 6.0).abs() < 1e-6, "{strength}");
        assert_eq!(weakest_topic_agreement(&own, &own, 2), 1.0);
    }

    #[test]
    fn the_k_before_the_steepest_fall_of_agreement_wins() {
        let mut curve = scores(&[0.1, 0.2, 0.3, 0.4, 0.5]);
        for (score, agreement) in curve.iter_mut().zip([0.8, 0.7, 0.75, 0.3, 0.2]) {
            score.agreement = Some(agreement);
        }
        assert_eq!(before_steepest_fall(&curve), 4);
        // The fall from 2 topics does not count.
        for (score, agreement) in curve.iter_mut().zip([0.95, 0.5, 0.7, 0.6, 0.2]) {
            score.agreement = Some(agreement);
        }
        assert_eq!(before_steepest_fall(&curve), 5);
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
