//! The window while loading: the load report panel (counts by reason, the list, Copy), Cancel
//! at any moment keeping the previous result, and the question before a large load.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use eframe::egui::OutputCommand;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use topic_atlas::app::state::Persisted;
use topic_atlas::app::worker::Source;
use topic_atlas::app::{Notice, TopicAtlasApp};
use topic_atlas::cluster::TopicCount;
use topic_atlas::corpus::{Corpus, LoadOptions};
use topic_atlas::progress::Stage;

use crate::gui::{HANG, harness, set_topic_count, wait_until_idle};

fn shown_corpus(harness: &Harness<'static, TopicAtlasApp>) -> Arc<Corpus> {
    let view = harness.state().view.as_ref().expect("a result is shown");
    view.outcome.corpus.clone()
}

fn labels(harness: &Harness<'static, TopicAtlasApp>) -> Vec<String> {
    let view = harness.state().view.as_ref().expect("a result is shown");
    let topics = &view.outcome.topics.topics;
    topics.iter().map(|t| t.label.clone()).collect()
}

/// Nine articles on three subjects, and five files that cannot be loaded.
fn folder_with_bad_files(folder: &Path) {
    let subjects = [
        ("trade", "Steel tariffs raised again as trade talks stall"),
        ("trade", "Exporters brace for new tariffs on steel"),
        (
            "trade",
            "Trade ministers meet over steel tariff retaliation",
        ),
        (
            "vote",
            "Voters head to the polls in a tight election runoff",
        ),
        (
            "vote",
            "Election officials count ballots late into the night",
        ),
        (
            "vote",
            "Opposition claims victory as election results trickle in",
        ),
        ("storm", "Storm floods coastal towns and cuts power"),
        ("storm", "Flood warnings issued as the storm moves inland"),
        (
            "storm",
            "Residents clear debris after the storm floods streets",
        ),
    ];
    for (i, (subject, title)) in subjects.iter().enumerate() {
        std::fs::write(
            folder.join(format!("{subject}-{i}.txt")),
            format!("{title}\n\n{title}. The {subject} desk followed it all day.\n"),
        )
        .expect("an article");
    }
    std::fs::write(folder.join("empty.txt"), "").expect("a file");
    std::fs::write(folder.join("blank.txt"), " \n\t\n").expect("a file");
    std::fs::write(folder.join("program.txt"), b"\x7fELF\x02\x01\x01\x00\x00").expect("a file");
    std::fs::write(folder.join("picture.png"), b"\x89PNG\r\n\x1a\n").expect("a file");
    std::fs::write(folder.join("feed.json"), b"[{\"title\": \"x\",]").expect("a file");
}

#[test]
fn the_load_report_counts_skips_by_reason_lists_them_and_copies_them() {
    let folder = tempfile::tempdir().expect("a temporary directory");
    folder_with_bad_files(folder.path());
    let mut harness = harness(Source::Paths(vec![folder.path().to_path_buf()]));
    harness.get_by_label_contains("5 skipped").click();
    harness.run_steps(3);
    harness.get_by_label("Load report");
    for reason in [
        "All (5)",
        "empty (2)",
        "binary (1)",
        "unsupported (1)",
        "malformed (1)",
    ] {
        harness.get_by_label(reason);
    }
    for file in [
        "empty.txt",
        "blank.txt",
        "program.txt",
        "picture.png",
        "feed.json",
    ] {
        harness.get_by_label(file);
    }
    harness.get_by_label("binary file (not text)");

    harness.get_by_label("Copy report").click();
    let mut copied = None;
    for _ in 0..5 {
        harness.step();
        copied = copied.or_else(|| {
            harness
                .output()
                .platform_output
                .commands
                .iter()
                .find_map(|c| match c {
                    OutputCommand::CopyText(text) => Some(text.clone()),
                    _ => None,
                })
        });
    }
    let copied = copied.expect("the report was copied");
    assert!(copied.contains("Skipped 5: 2 empty"), "{copied}");
    assert!(
        copied.contains("program.txt: binary file (not text)"),
        "{copied}"
    );
    assert!(
        copied.contains("picture.png: unsupported file type (.png)"),
        "{copied}"
    );
    // The title line, the summary line and one line per skipped file.
    assert_eq!(copied.lines().filter(|l| l.contains(": ")).count(), 7);
    harness.get_by_label("Copied to the clipboard.");

    // One reason at a time.
    harness.get_by_label("empty (2)").click();
    harness.run_steps(3);
    assert!(harness.query_by_label("empty.txt").is_some());
    assert!(harness.query_by_label("program.txt").is_none());
    harness.get_by_label("All (5)").click();
    harness.run_steps(3);
    assert!(harness.query_by_label("program.txt").is_some());
}

/// A file of thousands of distinct headlines: quick to read, slow enough to cluster that a
/// person (or a test) can press Cancel while the topics are being found.
fn many_headlines(folder: &Path) {
    let subjects = [
        "Farmers", "Miners", "Nurses", "Teachers", "Pilots", "Dockers", "Bakers", "Judges",
    ];
    let verbs = [
        "protest", "debate", "reject", "welcome", "question", "support",
    ];
    let things = [
        "new tax",
        "water plan",
        "rail link",
        "wage deal",
        "school reform",
        "trade pact",
        "housing law",
        "energy price",
    ];
    let mut lines = String::new();
    for i in 0..3000 {
        lines.push_str(&format!(
            "{{\"title\": \"{} {} {} in town {i}\"}}\n",
            subjects[i % 8],
            verbs[(i / 8) % 6],
            things[(i / 48) % 8],
        ));
    }
    std::fs::write(folder.join("wire.jsonl"), lines).expect("a file");
}

/// Clicks Cancel once the status bar shows `stage` (any stage when `None`).
fn cancel_at(harness: &mut Harness<'static, TopicAtlasApp>, stage: Option<&str>) {
    let start = Instant::now();
    loop {
        harness.step();
        assert!(
            harness.state().is_busy(),
            "the job ended before Cancel was pressed"
        );
        let at_stage = stage.is_none_or(|s| harness.query_by_label_contains(s).is_some());
        if at_stage {
            harness.get_by_label("Cancel").click();
            break;
        }
        assert!(start.elapsed() < HANG, "{stage:?} never showed");
        std::thread::sleep(Duration::from_millis(10));
    }
    wait_until_idle(harness);
}

fn assert_demo_still_usable(harness: &mut Harness<'static, TopicAtlasApp>, demo: &Arc<Corpus>) {
    let notice = harness.state().notice.clone();
    assert!(
        matches!(&notice, Some(Notice::Info(text)) if text.starts_with("Cancelled")),
        "{notice:?}"
    );
    assert!(Arc::ptr_eq(&shown_corpus(harness), demo));
    assert!(
        harness
            .state()
            .corpus()
            .is_some_and(|c| Arc::ptr_eq(c, demo)),
        "the load report is the shown corpus's"
    );
    for label in labels(harness) {
        harness.get_by_label(&label);
    }
    // Still usable: another number of topics re-clusters what is shown.
    if harness.state().persisted.settings.topics == TopicCount::Auto {
        harness.get_by_label("Automatic").click();
        harness.run_steps(2);
    }
    set_topic_count(harness, 4.0);
    assert!(Arc::ptr_eq(&shown_corpus(harness), demo));
    assert_eq!(labels(harness).len(), 4);
}

#[test]
fn cancel_while_loading_keeps_the_previous_topics() {
    let folder = tempfile::tempdir().expect("a temporary directory");
    many_headlines(folder.path());
    let mut harness = harness(Source::Demo);
    // The demo's number of topics set by hand, which the new folder does not start from.
    harness.get_by_label("Automatic").click();
    harness.run_steps(2);
    set_topic_count(&mut harness, 6.0);
    let demo = shown_corpus(&harness);
    let demo_labels = labels(&harness);
    harness
        .state_mut()
        .open(Source::Paths(vec![folder.path().to_path_buf()]));
    assert_eq!(harness.state().persisted.settings.topics, TopicCount::Auto);
    cancel_at(&mut harness, None);
    assert_eq!(labels(&harness), demo_labels);
    assert_eq!(
        harness.state().persisted.settings.topics,
        TopicCount::Fixed(6),
        "the shown topics' number is back beside them"
    );
    assert_demo_still_usable(&mut harness, &demo);
}

#[test]
fn cancel_while_finding_topics_keeps_the_previous_topics() {
    let folder = tempfile::tempdir().expect("a temporary directory");
    many_headlines(folder.path());
    let mut harness = harness(Source::Demo);
    let demo = shown_corpus(&harness);
    let demo_labels = labels(&harness);
    harness
        .state_mut()
        .open(Source::Paths(vec![folder.path().to_path_buf()]));
    cancel_at(&mut harness, Some("Finding topics"));
    assert_eq!(labels(&harness), demo_labels);
    assert_demo_still_usable(&mut harness, &demo);
}

#[test]
fn before_the_first_topics_the_topics_panel_names_the_step_under_way() {
    let folder = tempfile::tempdir().expect("a temporary directory");
    many_headlines(folder.path());
    let source = Source::Paths(vec![folder.path().to_path_buf()]);
    let mut harness = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_eframe(move |cc| {
            TopicAtlasApp::with_persisted(&cc.egui_ctx, Persisted::default(), source)
        });
    let steps = [
        Stage::Walking,
        Stage::Reading,
        Stage::Vectorizing,
        Stage::Reducing,
        Stage::Meaning,
        Stage::Clustering,
        Stage::Labelling,
        Stage::Layout,
    ];
    let mut shown = Vec::new();
    let start = Instant::now();
    while harness.state().is_busy() {
        harness.step();
        if harness.state().view.is_none() && harness.state().is_busy() {
            // The panel's line is the step's name and an ellipsis; the status bar's progress
            // starts with the same name ("Reading files — 20 of 120").
            let step = steps
                .iter()
                .map(|stage| stage.describe())
                .chain(["Starting"])
                .find(|step| harness.query_by_label(&format!("{step}…")).is_some());
            let step = step.expect("the topics panel names a step while working");
            assert!(
                step == "Starting"
                    || harness
                        .query_by_label_contains(&format!("{step} —"))
                        .is_some(),
                "the status bar does not name {step:?} too"
            );
            if shown.last() != Some(&step) {
                shown.push(step);
            }
        }
        assert!(start.elapsed() < HANG, "loading never ended");
        std::thread::sleep(Duration::from_millis(2));
    }
    assert!(
        harness.state().view.is_some(),
        "the folder's topics are shown"
    );
    assert!(
        shown.len() >= 2,
        "the panel was seen at more than one step: {shown:?}"
    );
}

#[test]
fn a_large_load_asks_first() {
    let folder = tempfile::tempdir().expect("a temporary directory");
    folder_with_bad_files(folder.path());
    let mut harness = harness(Source::Demo);
    let demo = shown_corpus(&harness);
    let low_limit = LoadOptions {
        confirm_above_bytes: Some(100),
        ..LoadOptions::default()
    };
    let source = Source::Paths(vec![folder.path().to_path_buf()]);

    harness
        .state_mut()
        .open_with(source.clone(), low_limit.clone());
    wait_until_idle(&mut harness);
    harness.get_by_label("A large load");
    harness.get_by_label_contains("of text in 13 files");
    harness.get_by_label("Cancel").click();
    harness.run_steps(3);
    assert!(harness.query_by_label("A large load").is_none());
    assert!(!harness.state().is_busy());
    assert!(Arc::ptr_eq(&shown_corpus(&harness), &demo));

    harness.state_mut().open_with(source, low_limit);
    wait_until_idle(&mut harness);
    harness.get_by_label("Load anyway").click();
    harness.run_steps(2);
    wait_until_idle(&mut harness);
    assert!(harness.query_by_label("A large load").is_none());
    let shown = shown_corpus(&harness);
    assert_eq!(shown.root.as_deref(), Some(folder.path()));
    assert_eq!(shown.documents.len(), 9);
}
