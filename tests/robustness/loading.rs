//! The hostile folder loaded through the library: every readable article found, every
//! unreadable file reported with a reason a person understands, nothing else mentioned, no
//! file changed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use topic_atlas::cluster::TopicCount;
use topic_atlas::corpus::{Corpus, LoadOptions, SkipReason, load_path};
use topic_atlas::pipeline::{Pipeline, Settings};
use topic_atlas::progress::{Cancel, NoProgress};

use super::hostile::{Expect, Hostile, NEVER_SHOWN};
use super::snapshot::{assert_unchanged, snapshot};

/// Far more than loading the hostile folder takes; only a hang gets near it.
pub const HANG: Duration = Duration::from_secs(600);

#[test]
fn the_hostile_folder_loads_what_it_can_and_reports_the_rest() {
    let hostile = Hostile::create();
    let before = snapshot(hostile.root.parent().expect("the folder has a parent"));

    let corpus = load_within(&hostile.root, HANG);

    check_against_expectations(&hostile, &corpus);

    // The whole pipeline runs on what was loaded (with a given k: the command's test covers
    // choosing it).
    let settings = Settings {
        topics: TopicCount::Fixed(8),
        ..Settings::default()
    };
    let mut pipeline = Pipeline::new(std::sync::Arc::new(corpus));
    let outcome = pipeline
        .run(&settings, &NoProgress, &Cancel::new())
        .expect("topics are found");
    assert_eq!(
        outcome.topics.assignments.len(),
        outcome.corpus.documents.len()
    );
    assert_eq!(outcome.topics.topics.len(), 8);

    assert_unchanged(
        &before,
        &snapshot(hostile.root.parent().expect("the folder has a parent")),
    );
}

/// Loads `root` on a thread of its own, failing the test instead of hanging it when loading
/// blocks (on a named pipe opened by mistake, say).
pub fn load_within(root: &Path, deadline: Duration) -> Corpus {
    let (sender, receiver) = std::sync::mpsc::channel();
    let root = root.to_path_buf();
    let start = Instant::now();
    std::thread::spawn(move || {
        let loaded = load_path(&root, &LoadOptions::default(), &NoProgress, &Cancel::new());
        let _ = sender.send(loaded);
    });
    let corpus = receiver
        .recv_timeout(deadline)
        .unwrap_or_else(|_| panic!("loading did not finish in {deadline:?}"))
        .expect("the folder loads");
    eprintln!(
        "loading the hostile folder: {:.1} s",
        start.elapsed().as_secs_f64()
    );
    corpus
}

/// Titles of the documents found in each file, in item order.
pub fn titles_by_file(corpus: &Corpus) -> BTreeMap<PathBuf, Vec<(u32, String)>> {
    let mut by_file: BTreeMap<PathBuf, Vec<(u32, String)>> = BTreeMap::new();
    for document in &corpus.documents {
        for source in &document.sources {
            by_file
                .entry(source.file.clone())
                .or_default()
                .push((source.item, document.title.clone()));
        }
    }
    for titles in by_file.values_mut() {
        titles.sort();
    }
    by_file
}

/// Compares a load of the hostile folder with what each entry must give.
pub fn check_against_expectations(hostile: &Hostile, corpus: &Corpus) {
    let by_file = titles_by_file(corpus);
    let report = &corpus.report;
    let skips_of = |path: &Path| -> Vec<(Option<u32>, &'static str)> {
        report
            .skipped
            .iter()
            .filter(|s| s.path == path)
            .map(|s| (s.item, s.reason.category()))
            .collect()
    };
    let titles_of = |path: &Path| -> Vec<String> {
        by_file
            .get(path)
            .map(|t| t.iter().map(|(_, title)| title.clone()).collect())
            .unwrap_or_default()
    };
    let mut failures = Vec::new();
    for expected in &hostile.expected {
        let path = expected.path.as_path();
        let titles = titles_of(path);
        let skips = skips_of(path);
        let ok = match &expected.expect {
            Expect::Loads(want) => &titles == want && skips.is_empty(),
            Expect::LoadsSome => !titles.is_empty() && skips.is_empty(),
            Expect::Partly(want, items) => {
                let items: Vec<(Option<u32>, &str)> =
                    items.iter().map(|&(n, why)| (Some(n), why)).collect();
                &titles == want && skips == items
            }
            Expect::Skipped(why) => titles.is_empty() && skips == [(None, *why)],
            Expect::SkippedBelow(why) => {
                let below = report
                    .skipped
                    .iter()
                    .filter(|s| s.path.starts_with(path))
                    .any(|s| s.reason.category() == *why);
                let loaded = by_file.keys().any(|f| f.starts_with(path));
                below && !loaded
            }
            Expect::Silent => {
                titles.is_empty() && !report.skipped.iter().any(|s| s.path.starts_with(path))
            }
        };
        if !ok {
            failures.push(format!(
                "{:?}: expected {:?}, got titles {:?} and skips {:?}",
                path,
                expected.expect,
                titles.iter().map(|t| short(t)).collect::<Vec<_>>(),
                report
                    .skipped
                    .iter()
                    .filter(|s| s.path.starts_with(path))
                    .map(|s| format!("{:?} {:?}: {}", s.path, s.item, s.reason))
                    .collect::<Vec<_>>()
            ));
        }
    }

    // Nothing loads or is mentioned that the folder does not expect.
    let known = |path: &Path| hostile.expected.iter().any(|e| path.starts_with(&e.path));
    for file in by_file.keys().filter(|f| !known(f)) {
        failures.push(format!("{file:?}: unexpected documents"));
    }
    for skip in report.skipped.iter().filter(|s| !known(&s.path)) {
        failures.push(format!(
            "{:?}: unexpectedly skipped: {}",
            skip.path, skip.reason
        ));
    }
    assert!(
        failures.is_empty(),
        "{} of {} entries differ:\n{}",
        failures.len(),
        hostile.expected.len(),
        failures.join("\n")
    );

    for document in &corpus.documents {
        assert!(
            !document.title.contains(NEVER_SHOWN) && !document.body.contains(NEVER_SHOWN),
            "hidden or invisible text was loaded: {:?}",
            document.sources
        );
        assert!(!(document.title.trim().is_empty() && document.body.trim().is_empty()));
    }
    for skip in &report.skipped {
        assert_readable_reason(&skip.reason);
    }
    assert_eq!(report.documents, corpus.documents.len());
    assert!(
        report.duplicates_merged >= 6,
        "{}",
        report.duplicates_merged
    );
}

/// A reason is a short phrase in plain words: not an error's debug form, no error number.
pub fn assert_readable_reason(reason: &SkipReason) {
    let text = reason.to_string();
    assert!(!text.trim().is_empty(), "{reason:?} says nothing");
    assert!(text.len() <= 300, "{reason:?} is too long: {text}");
    for jargon in ["os error", "Os {", "Error {", "Custom {", "kind:", "errno"] {
        assert!(
            !text.contains(jargon),
            "{reason:?} reads like a program: {text}"
        );
    }
}

fn short(text: &str) -> String {
    text.chars().take(60).collect()
}
