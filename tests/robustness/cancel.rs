//! Cancel at any moment: walking, reading, vectorizing, reducing, clustering, labelling. The
//! job stops with `Cancelled`, and the next run works and gives what a run never cancelled
//! gives.

use std::sync::Arc;

use topic_atlas::cluster::TopicCount;
use topic_atlas::corpus::{self, LoadError, LoadOptions};
use topic_atlas::pipeline::{Outcome, Pipeline, PipelineError, Settings};
use topic_atlas::progress::{Cancel, NoProgress, Progress, Stage};

/// A sink that pulls the brake at the first report of `stage` (with at least `done` done).
fn brake_at(stage: Stage, done: usize, cancel: &Cancel) -> impl Fn(Progress) + Sync + '_ {
    move |p: Progress| {
        if p.stage == stage && p.done >= done {
            cancel.cancel();
        }
    }
}

fn labels(outcome: &Outcome) -> Vec<String> {
    outcome
        .topics
        .topics
        .iter()
        .map(|t| t.label.clone())
        .collect()
}

#[test]
fn cancelling_any_stage_of_the_pipeline_leaves_it_usable() {
    let corpus = Arc::new(corpus::load_demo());
    let settings = Settings::default();
    let reference = Pipeline::new(corpus.clone())
        .run(&settings, &NoProgress, &Cancel::new())
        .expect("the demo clusters");
    for stage in [
        Stage::Vectorizing,
        Stage::Reducing,
        Stage::Meaning,
        Stage::Clustering,
        Stage::Labelling,
    ] {
        let mut pipeline = Pipeline::new(corpus.clone());
        let cancel = Cancel::new();
        let result = pipeline.run(&settings, &brake_at(stage, 0, &cancel), &cancel);
        assert!(
            matches!(result, Err(PipelineError::Cancelled)),
            "cancelled at {stage:?}"
        );
        let again = pipeline
            .run(&settings, &NoProgress, &Cancel::new())
            .expect("the next run works");
        assert_eq!(again.topics.assignments, reference.topics.assignments);
        assert_eq!(labels(&again), labels(&reference), "after {stage:?}");
    }

    // Re-clustering from the cache with another k, cancelled, then asked again.
    let mut pipeline = Pipeline::new(corpus.clone());
    pipeline
        .run(&settings, &NoProgress, &Cancel::new())
        .expect("a first run");
    let five = Settings {
        topics: TopicCount::Fixed(5),
        ..settings.clone()
    };
    let cancel = Cancel::new();
    let result = pipeline.run(&five, &brake_at(Stage::Clustering, 0, &cancel), &cancel);
    assert!(matches!(result, Err(PipelineError::Cancelled)));
    let after = pipeline
        .run(&five, &NoProgress, &Cancel::new())
        .expect("re-clustering works after a cancel");
    assert_eq!(after.topics.topics.len(), 5);
    let fresh = Pipeline::new(corpus)
        .run(&five, &NoProgress, &Cancel::new())
        .expect("a fresh run");
    assert_eq!(after.topics.assignments, fresh.topics.assignments);
}

#[test]
fn cancelling_while_walking_or_reading_leaves_loading_usable() {
    let folder = tempfile::tempdir().expect("a temporary directory");
    // Enough entries that walking reports progress before it ends (every 256 entries).
    for i in 0..600 {
        let sub = folder.path().join(format!("desk{}", i % 7));
        std::fs::create_dir_all(&sub).expect("a folder");
        std::fs::write(
            sub.join(format!("{i:03}.txt")),
            format!("Story number {i} from the desk\n\nA short story, number {i}.\n"),
        )
        .expect("a file");
    }
    let options = LoadOptions::default();
    let reference = corpus::load_path(folder.path(), &options, &NoProgress, &Cancel::new())
        .expect("the folder loads");
    assert_eq!(reference.documents.len(), 600);
    for (stage, done) in [
        (Stage::Walking, 1),
        (Stage::Reading, 0),
        (Stage::Reading, 300),
    ] {
        let cancel = Cancel::new();
        let result = corpus::load_path(
            folder.path(),
            &options,
            &brake_at(stage, done, &cancel),
            &cancel,
        );
        assert!(
            matches!(result, Err(LoadError::Cancelled)),
            "cancelled at {stage:?} {done}"
        );
        let again = corpus::load_path(folder.path(), &options, &NoProgress, &Cancel::new())
            .expect("the next load works");
        assert_eq!(again.documents, reference.documents);
        assert_eq!(again.report, reference.report);
    }
}
