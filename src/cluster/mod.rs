//! Grouping documents into topics: linfa k-means with a given number of topics, or with the
//! number chosen automatically by silhouette.

pub mod choose_k;
pub mod kmeans;
pub mod lloyd;
pub mod products;
pub mod silhouette;

use ndarray::{Array2, ArrayView2};
use serde::{Deserialize, Serialize};

pub use choose_k::{KChoice, KCriterion, KScore};
pub use kmeans::KMeansSettings;

use crate::progress::{Cancel, Cancelled, Progress, ProgressSink, Stage};

/// How many topics to find.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TopicCount {
    /// Chosen from the data (see [`choose_k`]).
    Auto,
    /// Exactly this many (fewer when there are fewer documents).
    Fixed(usize),
}

impl std::str::FromStr for TopicCount {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.eq_ignore_ascii_case("auto") {
            return Ok(TopicCount::Auto);
        }
        match s.parse::<usize>() {
            Ok(k) if k >= 1 => Ok(TopicCount::Fixed(k)),
            _ => Err(format!(
                "expected a number of topics (1 or more) or \"auto\", got {s:?}"
            )),
        }
    }
}

/// Why clustering failed.
#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    #[error("there are no documents to cluster")]
    NoDocuments,
    #[error("clustering failed: {0}")]
    Algorithm(String),
    #[error(transparent)]
    Cancelled(#[from] Cancelled),
}

/// Documents grouped into topics.
#[derive(Clone, Debug)]
pub struct Clustering {
    /// The topic of each document, `0..k`.
    pub assignments: Vec<usize>,
    /// One row per topic, in the space of the document vectors.
    pub centroids: Array2<f32>,
    /// How the number of topics was chosen, when it was.
    pub k_choice: Option<KChoice>,
}

impl Clustering {
    pub fn k(&self) -> usize {
        self.centroids.nrows()
    }
}

/// Clusters the rows of `vectors`, choosing the number of topics first when asked to.
pub fn cluster(
    vectors: ArrayView2<f32>,
    count: TopicCount,
    settings: &KMeansSettings,
    seed: u64,
    progress: &dyn ProgressSink,
    cancel: &Cancel,
) -> Result<Clustering, ClusterError> {
    let candidates = match count {
        TopicCount::Auto => choose_k::candidates(vectors.nrows()).len(),
        TopicCount::Fixed(_) => 0,
    };
    let report = |done, total| {
        progress.report(Progress {
            stage: Stage::Clustering,
            done,
            total,
        })
    };
    report(0, candidates + settings.runs);
    let (k, k_choice) = match count {
        TopicCount::Fixed(k) => (k, None),
        TopicCount::Auto => {
            let choice = choose_k::choose_k(vectors, seed, cancel, |done, _| {
                report(done, candidates + settings.runs)
            })?;
            (choice.chosen, Some(choice))
        }
    };
    // Choosing k stops once its choice is settled, often well before the last candidate: the
    // restarts then count from the candidates it scored, so the bar does not leap ahead.
    let scored = k_choice.as_ref().map_or(0, |choice| choice.scores.len());
    let fit = kmeans::kmeans(vectors, k, settings, seed, cancel, |run| {
        report(scored + run, scored + settings.runs)
    })?;
    Ok(Clustering {
        assignments: fit.assignments,
        centroids: fit.centroids,
        k_choice,
    })
}

/// 200 unit rows in four well-separated groups of 50, for the tests of choosing k.
#[cfg(test)]
fn four_separated_groups() -> ndarray::Array2<f32> {
    let mut data = ndarray::Array2::<f32>::zeros((200, 8));
    for i in 0..200 {
        let group = i % 4;
        data[[i, group * 2]] = 1.0;
        data[[i, group * 2 + 1]] = 0.2 + (i % 5) as f32 * 0.05;
    }
    crate::reduce::lsa::normalize_rows(&mut data);
    data
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn progress_counts_the_candidates_scored_and_never_goes_back() {
        let data = four_separated_groups();
        let reports = Mutex::new(Vec::new());
        let sink = |p: Progress| reports.lock().expect("not poisoned").push(p);
        let settings = KMeansSettings::default();
        let clustering = cluster(
            data.view(),
            TopicCount::Auto,
            &settings,
            1,
            &sink,
            &Cancel::new(),
        )
        .expect("clusters");
        let scored = clustering.k_choice.expect("chosen").scores.len();
        assert!(scored < choose_k::candidates(200).len(), "{scored}");
        let reports = reports.into_inner().expect("not poisoned");
        let all = scored + settings.runs;
        let last = reports.last().expect("reported");
        assert_eq!((last.done, last.total), (all, all));
        // Choosing k reports against every candidate, the restarts against those scored;
        // the bar must not go back where one hands over to the other.
        let fraction = |p: &Progress| p.done as f64 / p.total as f64;
        let (restarts, choosing): (Vec<&Progress>, Vec<&Progress>) =
            reports.iter().partition(|p| p.total == all);
        assert!(!restarts.is_empty() && !choosing.is_empty());
        let highest_while_choosing = choosing.iter().map(|p| fraction(p)).fold(0.0, f64::max);
        let lowest_of_restarts = restarts.iter().map(|p| fraction(p)).fold(1.0, f64::min);
        assert!(
            highest_while_choosing <= lowest_of_restarts,
            "{highest_while_choosing} > {lowest_of_restarts}"
        );
    }
}
