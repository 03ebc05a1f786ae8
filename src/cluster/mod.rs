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
    let total = candidates + settings.runs;
    let report = |done| {
        progress.report(Progress {
            stage: Stage::Clustering,
            done,
            total,
        })
    };
    report(0);
    let (k, k_choice) = match count {
        TopicCount::Fixed(k) => (k, None),
        TopicCount::Auto => {
            let choice = choose_k::choose_k(vectors, seed, cancel, |done, _| report(done))?;
            (choice.chosen, Some(choice))
        }
    };
    let fit = kmeans::kmeans(vectors, k, settings, seed, cancel, |run| {
        report(candidates + run)
    })?;
    Ok(Clustering {
        assignments: fit.assignments,
        centroids: fit.centroids,
        k_choice,
    })
}
