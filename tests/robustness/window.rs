//! The hostile folder in the window: it opens, the load report lists what was skipped, and the
//! largest article is shown without laying out all of its megabytes every frame.

use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use topic_atlas::app::TopicAtlasApp;
use topic_atlas::app::state::Persisted;
use topic_atlas::app::worker::Source;

use super::hostile::Hostile;
use super::loading::HANG;

fn wait_until_idle(harness: &mut Harness<'static, TopicAtlasApp>) {
    let start = Instant::now();
    loop {
        harness.step();
        if !harness.state().is_busy() {
            harness.run_steps(3);
            return;
        }
        assert!(start.elapsed() < HANG, "the worker did not finish");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn the_window_opens_the_hostile_folder() {
    let hostile = Hostile::create();
    let source = Source::Paths(vec![hostile.root.clone()]);
    // A given number of topics: choosing it is covered by the command's test.
    let persisted = Persisted {
        topic_counts: vec![(source.clone(), 8)],
        ..Persisted::default()
    };
    let mut harness = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_eframe(move |cc| TopicAtlasApp::with_persisted(&cc.egui_ctx, persisted, source));
    wait_until_idle(&mut harness);

    let (skipped, largest) = {
        let app = harness.state();
        let corpus = app.corpus().expect("the folder loaded").clone();
        let view = app.view.as_ref().expect("its topics are shown");
        assert!(std::sync::Arc::ptr_eq(&view.outcome.corpus, &corpus));
        let largest = (0..corpus.documents.len())
            .max_by_key(|&d| corpus.documents[d].body.len())
            .expect("documents");
        assert!(corpus.documents[largest].body.len() > 10_000_000);
        (corpus.report.skipped.len(), largest)
    };

    harness
        .get_by_label_contains(&format!("{skipped} skipped"))
        .click();
    harness.run_steps(3);
    harness.get_by_label("Load report");
    harness.get_by_label_contains("link loop (");
    // The list draws only the rows in view: the pipes are far down until filtered.
    assert!(harness.query_by_label("special/pipe.txt").is_none());
    harness.get_by_label_contains("special file (").click();
    harness.run_steps(3);
    harness.get_by_label("special/pipe.txt");
    assert!(
        harness
            .get_all_by_label("a named pipe (FIFO); special files are never opened")
            .count()
            >= 4
    );

    harness.state_mut().selection.document = Some(largest);
    harness.run_steps(3);
    harness.get_by_label_contains("open the file to read it all");
}
