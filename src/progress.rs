//! Progress reporting and cancellation shared by every long-running stage.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// The stages of the pipeline, in the order they run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Listing the files of a folder.
    Walking,
    /// Reading and parsing files into documents.
    Reading,
    /// Tokenizing documents and building the TF-IDF matrix.
    Vectorizing,
    /// Reducing the TF-IDF matrix to dense vectors (LSA).
    Reducing,
    /// Adding the meaning of each document's words to its vector.
    Meaning,
    /// Clustering the dense vectors into topics.
    Clustering,
    /// Naming topics and choosing their representative documents.
    Labelling,
    /// Placing documents and topics on the 2-D map.
    Layout,
}

impl Stage {
    /// A short human-readable name, e.g. for a progress bar.
    pub fn describe(self) -> &'static str {
        match self {
            Stage::Walking => "Listing files",
            Stage::Reading => "Reading files",
            Stage::Vectorizing => "Building term vectors",
            Stage::Reducing => "Reducing dimensions",
            Stage::Meaning => "Adding word meaning",
            Stage::Clustering => "Finding topics",
            Stage::Labelling => "Naming topics",
            Stage::Layout => "Drawing the map",
        }
    }
}

/// One progress report: `done` of `total` units of `stage` (total is 0 when unknown).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub stage: Stage,
    pub done: usize,
    pub total: usize,
}

/// Receives progress reports; called from worker threads, so it must be cheap and thread-safe.
pub trait ProgressSink: Sync {
    fn report(&self, progress: Progress);
}

impl<F: Fn(Progress) + Sync> ProgressSink for F {
    fn report(&self, progress: Progress) {
        self(progress)
    }
}

/// A sink that drops every report.
pub struct NoProgress;

impl ProgressSink for NoProgress {
    fn report(&self, _progress: Progress) {}
}

/// A shared flag that asks a running job to stop at its next check.
#[derive(Clone, Debug, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// `Err(Cancelled)` once cancellation was requested, for use with `?` between steps.
    pub fn check(&self) -> Result<(), Cancelled> {
        if self.is_cancelled() {
            Err(Cancelled)
        } else {
            Ok(())
        }
    }
}

/// The job was cancelled before it finished.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("cancelled")]
pub struct Cancelled;
