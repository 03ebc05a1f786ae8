//! Opening a large corpus: topics of a sample first, then the whole corpus's; and a change of
//! settings while a folder loads applies to that folder, not to the one shown before.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use egui_kittest::kittest::Queryable;
use topic_atlas::app::worker::{Job, PreviewPolicy, Source, Update, Worker};
use topic_atlas::cluster::TopicCount;
use topic_atlas::corpus::{Corpus, LoadOptions};
use topic_atlas::pipeline::{Outcome, Settings};

use crate::gui::{HANG, harness, set_topic_count, topic_labels, wait_until_idle};

/// Forty-eight short articles, sixteen on each of three subjects.
fn write_folder(folder: &Path) {
    let subjects = [
        (
            "trade",
            "steel tariffs exporters customs duties trade talks",
        ),
        ("vote", "election ballots voters polls runoff turnout"),
        ("storm", "storm floods rain power cuts coastal towns"),
    ];
    for (subject, words) in subjects {
        let words: Vec<&str> = words.split(' ').collect();
        for i in 0..16 {
            let text: Vec<&str> = (0..5).map(|j| words[(i + j * 3) % words.len()]).collect();
            std::fs::write(
                folder.join(format!("{subject}-{i:02}.txt")),
                format!(
                    "Story {i} on {subject}\n\n{}. Report number {i} on the {subject}.\n",
                    text.join(" ")
                ),
            )
            .expect("an article");
        }
    }
}

fn fixed(k: usize) -> Settings {
    Settings {
        topics: TopicCount::Fixed(k),
        ..Settings::default()
    }
}

/// Every update of the worker's current job until it ends.
fn updates_until_done(worker: &mut Worker) -> Vec<Update> {
    let start = Instant::now();
    let mut all = Vec::new();
    loop {
        for update in worker.poll() {
            all.push(update);
        }
        if !worker.is_busy() {
            return all;
        }
        assert!(start.elapsed() < HANG, "the worker did not finish");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

fn finished(updates: &[Update]) -> Arc<Outcome> {
    match updates.last() {
        Some(Update::Finished(outcome)) => outcome.clone(),
        Some(Update::Failed(message)) => panic!("failed: {message}"),
        _ => panic!("the job did not finish"),
    }
}

fn loaded(updates: &[Update]) -> Arc<Corpus> {
    updates
        .iter()
        .find_map(|u| match u {
            Update::Loaded(corpus) => Some(corpus.clone()),
            _ => None,
        })
        .expect("the corpus was loaded")
}

fn open(folder: &Path, settings: Settings, preview: PreviewPolicy) -> Job {
    Job::Open {
        source: Source::Paths(vec![folder.to_path_buf()]),
        settings,
        edits: Vec::new(),
        load: LoadOptions::default(),
        preview,
    }
}

#[test]
fn a_large_corpus_shows_the_topics_of_a_sample_first() {
    let folder = tempfile::tempdir().expect("a temporary directory");
    write_folder(folder.path());
    let mut worker = Worker::spawn(|| {});
    let policy = PreviewPolicy {
        above: 40,
        sample: 12,
    };
    worker.submit(open(folder.path(), fixed(3), policy));
    let updates = updates_until_done(&mut worker);

    let corpus = loaded(&updates);
    assert_eq!(corpus.documents.len(), 48);
    let previewing = updates
        .iter()
        .position(|u| matches!(u, Update::Previewing { .. }))
        .expect("a preview was announced");
    assert!(matches!(
        updates[previewing],
        Update::Previewing {
            sample: 12,
            documents: 48
        }
    ));
    let preview = updates
        .iter()
        .position(|u| matches!(u, Update::Preview(_)))
        .expect("a preview was sent");
    assert!(previewing < preview);
    let Update::Preview(sample) = &updates[preview] else {
        unreachable!()
    };
    // Every fourth document, from all three subjects, each as it is in the whole corpus.
    let titles: Vec<&str> = sample
        .corpus
        .documents
        .iter()
        .map(|d| d.title.as_str())
        .collect();
    let expected: Vec<&str> = corpus
        .documents
        .iter()
        .step_by(4)
        .map(|d| d.title.as_str())
        .collect();
    assert_eq!(titles, expected);
    assert_eq!(sample.topics.assignments.len(), 12);
    assert_eq!(sample.topics.topics.len(), 3);

    let whole = finished(&updates);
    assert!(Arc::ptr_eq(&whole.corpus, &corpus));
    assert_eq!(whole.topics.assignments.len(), 48);
}

#[test]
fn a_corpus_at_or_below_the_threshold_gets_no_preview() {
    let folder = tempfile::tempdir().expect("a temporary directory");
    write_folder(folder.path());
    let mut worker = Worker::spawn(|| {});
    for policy in [
        PreviewPolicy {
            above: 48,
            sample: 12,
        },
        PreviewPolicy::NEVER,
    ] {
        worker.submit(open(folder.path(), fixed(3), policy));
        let updates = updates_until_done(&mut worker);
        assert!(
            !updates
                .iter()
                .any(|u| matches!(u, Update::Previewing { .. } | Update::Preview(_))),
            "{policy:?}"
        );
        assert_eq!(finished(&updates).topics.assignments.len(), 48);
    }
}

#[test]
fn a_rerun_of_a_corpus_still_loading_applies_to_it() {
    let folder = tempfile::tempdir().expect("a temporary directory");
    write_folder(folder.path());
    let mut worker = Worker::spawn(|| {});
    worker.submit(Job::Open {
        source: Source::Demo,
        settings: fixed(4),
        edits: Vec::new(),
        load: LoadOptions::default(),
        preview: PreviewPolicy::NEVER,
    });
    let demo = finished(&updates_until_done(&mut worker));

    // The folder's first run is cancelled by a re-run with another number of topics as soon
    // as the folder has loaded; the re-run is of the folder, whatever the worker had cached.
    worker.submit(open(folder.path(), fixed(3), PreviewPolicy::NEVER));
    let start = Instant::now();
    let corpus = loop {
        if let Some(corpus) = worker.poll().into_iter().find_map(|u| match u {
            Update::Loaded(corpus) => Some(corpus),
            _ => None,
        }) {
            break corpus;
        }
        assert!(start.elapsed() < HANG, "the folder did not load");
        std::thread::sleep(std::time::Duration::from_millis(1));
    };
    worker.submit(Job::Rerun {
        corpus: corpus.clone(),
        settings: fixed(2),
        edits: Vec::new(),
    });
    let outcome = finished(&updates_until_done(&mut worker));
    assert!(Arc::ptr_eq(&outcome.corpus, &corpus));
    assert_eq!(outcome.topics.topics.len(), 2);

    // The demo's pipeline is still known by its corpus.
    worker.submit(Job::Rerun {
        corpus: demo.corpus.clone(),
        settings: fixed(5),
        edits: Vec::new(),
    });
    let again = finished(&updates_until_done(&mut worker));
    assert!(Arc::ptr_eq(&again.corpus, &demo.corpus));
    assert_eq!(again.topics.topics.len(), 5);
}

/// The window on the demo, then opening `folder` with a preview above `above` documents of a
/// sample of `sample`.
fn open_in_window_with_preview(
    folder: &Path,
    above: usize,
    sample: usize,
) -> egui_kittest::Harness<'static, topic_atlas::app::TopicAtlasApp> {
    let mut harness = harness(Source::Demo);
    harness.state_mut().preview_policy = PreviewPolicy { above, sample };
    harness
        .state_mut()
        .open(Source::Paths(vec![folder.to_path_buf()]));
    harness
}

#[test]
fn the_window_ends_on_the_whole_corpus_after_its_preview() {
    let folder = tempfile::tempdir().expect("a temporary directory");
    write_folder(folder.path());
    let mut harness = open_in_window_with_preview(folder.path(), 40, 12);
    wait_until_idle(&mut harness);
    let app = harness.state();
    assert_eq!(app.preview, None, "the preview is over");
    let view = app.view.as_ref().expect("a result");
    assert_eq!(view.outcome.corpus.documents.len(), 48);
    assert!(Arc::ptr_eq(
        &view.outcome.corpus,
        app.corpus().expect("loaded")
    ));
    harness.get_by_label_contains("48 documents ·");
}

#[test]
fn changing_the_number_of_topics_while_a_folder_opens_applies_to_that_folder() {
    let folder = tempfile::tempdir().expect("a temporary directory");
    write_folder(folder.path());
    let mut harness = harness(Source::Demo);
    harness.get_by_label("Automatic").click();
    harness.run_steps(2);
    wait_until_idle(&mut harness);

    harness
        .state_mut()
        .open(Source::Paths(vec![folder.path().to_path_buf()]));
    set_topic_count(&mut harness, 2.0);
    let app = harness.state();
    let view = app.view.as_ref().expect("a result");
    assert_eq!(
        view.outcome.corpus.root.as_deref(),
        Some(folder.path()),
        "the folder's topics are shown, not the demo's"
    );
    assert_eq!(topic_labels(&harness).len(), 2);
}

/// `n` short articles, a third on each of three subjects, no two alike.
fn write_many(folder: &Path, n: usize) {
    let subjects = [
        "steel tariffs exporters customs duties trade talks quotas imports",
        "election ballots voters polls runoff turnout campaign candidates",
        "storm floods rain power cuts coastal towns evacuation winds",
    ];
    for i in 0..n {
        let words: Vec<&str> = subjects[i % 3].split(' ').collect();
        let text: Vec<&str> = (0..6)
            .map(|j| words[(i / 3 + j * (j + 1)) % words.len()])
            .collect();
        std::fs::write(
            folder.join(format!("{i:05}.txt")),
            format!("Report {i}\n\n{}. Filed as report {i}.\n", text.join(" ")),
        )
        .expect("an article");
    }
}

#[test]
fn cancelling_after_the_preview_keeps_the_sample_and_says_so() {
    let folder = tempfile::tempdir().expect("a temporary directory");
    write_many(folder.path(), 3000);
    let mut harness = open_in_window_with_preview(folder.path(), 1000, 100);
    // The sample's topics (100 documents) come long before the whole corpus's (3,000, with
    // the number of topics chosen automatically).
    let start = Instant::now();
    while !harness.state().preview.is_some_and(|p| p.shown) {
        assert!(
            harness.state().is_busy(),
            "the whole corpus finished before its preview was seen"
        );
        assert!(start.elapsed() < HANG, "no preview");
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    harness.run_steps(2);
    harness.get_by_label_contains("Showing topics of a sample of 100");
    harness.get_by_label("Cancel").click();
    harness.run_steps(2);
    wait_until_idle(&mut harness);

    let app = harness.state();
    let view = app.view.as_ref().expect("a result");
    assert_eq!(view.outcome.corpus.documents.len(), 100);
    assert_eq!(view.outcome.corpus.root.as_deref(), Some(folder.path()));
    assert!(Arc::ptr_eq(
        &view.outcome.corpus,
        app.corpus().expect("a corpus")
    ));
    harness.get_by_label_contains("a sample of 100 documents");

    // Settings now apply to the sample shown.
    harness.get_by_label("Automatic").click();
    harness.run_steps(2);
    wait_until_idle(&mut harness);
    set_topic_count(&mut harness, 2.0);
    let view = harness.state().view.as_ref().expect("a result");
    assert_eq!(view.outcome.corpus.documents.len(), 100);
    assert_eq!(view.outcome.topics.topics.len(), 2);
}
