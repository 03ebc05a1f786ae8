//! Frame time of the window with a large corpus loaded: the CPU time of one egui frame (layout
//! and painting of every panel, the map's mesh included), headless, no GPU.
//!
//!     TOPIC_ATLAS_BENCH_CORPUS=/path/to/folder cargo bench --bench frame
//!
//! It opens the folder as a person would, waits for the topics, then times frames while idle,
//! while the pointer moves over the map (hover look-ups), with a topic selected, with another
//! topic selected every frame (the map made again each frame), and with a search typed; where
//! the articles are dated, also with *Over time* shown in the map's place. Without a folder it
//! uses the built-in demo corpus.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use eframe::egui;
use egui_kittest::Harness;
use topic_atlas::app::TopicAtlasApp;
use topic_atlas::app::state::Persisted;
use topic_atlas::app::worker::Source;

const FRAMES: usize = 120;

fn main() {
    let source = match std::env::var_os("TOPIC_ATLAS_BENCH_CORPUS") {
        Some(path) => Source::Paths(vec![PathBuf::from(path)]),
        None => Source::Demo,
    };
    let start = Instant::now();
    let mut harness = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_eframe(move |cc| {
            TopicAtlasApp::with_persisted(&cc.egui_ctx, Persisted::default(), source)
        });
    while harness.state().is_busy() {
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    harness.run_steps(3);
    let documents = harness
        .state()
        .corpus()
        .map_or(0, |corpus| corpus.documents.len());
    println!(
        "{documents} documents loaded and clustered in the window in {:.1} s",
        start.elapsed().as_secs_f64()
    );

    report("idle", time_frames(&mut harness, |_, _| {}));
    report(
        "pointer moving over the map",
        time_frames(&mut harness, |harness, frame| {
            let x = 400.0 + (frame % 60) as f32 * 8.0;
            move_pointer(harness, x, 200.0 + (frame % 40) as f32 * 6.0);
        }),
    );
    harness.state_mut().selection.topic = Some(0);
    report(
        "a topic selected",
        time_frames(&mut harness, |harness, frame| {
            move_pointer(harness, 400.0 + (frame % 60) as f32 * 8.0, 300.0);
        }),
    );
    // Each frame another topic: the map's points, and where they are for labels to keep
    // clear of, are made again every frame, as while zooming or dragging.
    let topics = harness
        .state()
        .view
        .as_ref()
        .map_or(1, |view| view.outcome.topics.topics.len());
    report(
        "another topic selected every frame",
        time_frames(&mut harness, |harness, frame| {
            harness.state_mut().selection.topic = Some(frame % topics);
        }),
    );
    search(&mut harness, "space");
    report("a search typed", time_frames(&mut harness, |_, _| {}));

    // Topics over time in the map's place: every topic's bars, made each frame.
    search(&mut harness, "");
    let app = harness.state_mut();
    let Some(bars) = app
        .view
        .as_ref()
        .and_then(|view| view.timeline.as_ref())
        .map(|t| t.starts.len())
    else {
        println!("no publication dates: Over time not timed");
        return;
    };
    app.over_time = true;
    app.selection.topic = None;
    harness.run_steps(2);
    println!("Over time, {bars} bars:");
    report(
        "  pointer moving over the chart",
        time_frames(&mut harness, |harness, frame| {
            move_pointer(harness, 400.0 + (frame % 60) as f32 * 8.0, 300.0);
        }),
    );
    report(
        "  another topic selected every frame",
        time_frames(&mut harness, |harness, frame| {
            harness.state_mut().selection.topic = Some(frame % topics);
        }),
    );
}

/// The pointer moved to (`x`, `y`) before the next frame.
fn move_pointer(harness: &mut Harness<'static, TopicAtlasApp>, x: f32, y: f32) {
    harness
        .input_mut()
        .events
        .push(egui::Event::PointerMoved(egui::pos2(x, y)));
}

/// `query` typed into the search box (nothing: the search cleared).
fn search(harness: &mut Harness<'static, TopicAtlasApp>, query: &str) {
    let app = harness.state_mut();
    app.search.query = query.to_string();
    if let Some(view) = app.view.as_ref() {
        app.search.update(view);
    }
}

/// Times `FRAMES` frames, calling `before` ahead of each; the per-frame times in ms.
fn time_frames(
    harness: &mut Harness<'static, TopicAtlasApp>,
    mut before: impl FnMut(&mut Harness<'static, TopicAtlasApp>, usize),
) -> Vec<f64> {
    (0..FRAMES)
        .map(|frame| {
            before(harness, frame);
            let start = Instant::now();
            harness.step();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect()
}

fn report(what: &str, mut times: Vec<f64>) {
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "{what}: median {:.2} ms, 95th percentile {:.2} ms, worst {:.2} ms",
        at(0.5),
        at(0.95),
        at(1.0)
    );
}
