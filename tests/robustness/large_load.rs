//! A huge load is confirmed before anything is read: listing the folder tells how much text
//! there is, and above the limit loading stops with the survey; the command line asks or
//! needs --yes. Sparse files stand in for gigabytes of text without taking the disk.

use std::fs;
use std::path::Path;
use std::time::Duration;

use topic_atlas::corpus::{self, LARGE_LOAD_BYTES, LoadError, LoadOptions};
use topic_atlas::progress::{Cancel, NoProgress};

use super::command::run;

const MIB: u64 = 1024 * 1024;

/// `count` sparse files of `bytes` each: all zeros, no disk used.
fn sparse_files(folder: &Path, count: usize, bytes: u64) {
    for i in 0..count {
        let file = fs::File::create(folder.join(format!("dump-{i:03}.txt"))).expect("a file");
        file.set_len(bytes).expect("a sparse file");
    }
}

fn articles(folder: &Path) {
    let subjects = [
        ("trade", "Steel tariffs raised again as trade talks stall"),
        ("trade", "Exporters brace for new tariffs on steel"),
        ("trade", "Trade ministers meet over tariff retaliation"),
        ("vote", "Voters head to the polls in a tight election"),
        (
            "vote",
            "Election officials count ballots late into the night",
        ),
        (
            "vote",
            "Opposition claims victory as election results come in",
        ),
    ];
    for (i, (subject, title)) in subjects.iter().enumerate() {
        fs::write(
            folder.join(format!("{subject}-{i}.txt")),
            format!("{title}\n\n{title}, the {subject} desk reports.\n"),
        )
        .expect("an article");
    }
}

#[test]
fn a_load_over_the_limit_stops_after_listing_with_its_size() {
    let folder = tempfile::tempdir().expect("a temporary directory");
    articles(folder.path());
    // Three files of 1 GiB, readable only with a raised per-file limit.
    sparse_files(folder.path(), 3, 1024 * MIB);
    let options = LoadOptions {
        max_file_bytes: 2048 * MIB,
        ..LoadOptions::default()
    };
    match corpus::load_path(folder.path(), &options, &NoProgress, &Cancel::new()) {
        Err(LoadError::LargeLoad(survey)) => {
            assert_eq!(survey.files, 9);
            assert_eq!(survey.files_to_read, 9);
            assert!(survey.bytes_to_read > 3 * 1024 * MIB);
            assert!(survey.bytes_to_read > LARGE_LOAD_BYTES);
            assert!(survey.memory_estimate() > survey.bytes_to_read);
            let text = survey.describe();
            assert!(text.contains("GB of text in 9 files"), "{text}");
            assert!(text.contains("GB of memory"), "{text}");
        }
        other => panic!("expected a large load, got {:?}", other.map(|c| c.report)),
    }

    // With the default per-file limit those files are never read, so they do not count.
    let corpus = corpus::load_path(
        folder.path(),
        &LoadOptions::default(),
        &NoProgress,
        &Cancel::new(),
    )
    .expect("a small load");
    assert_eq!(corpus.documents.len(), 6);
    assert_eq!(corpus.report.skipped.len(), 3);
    assert!(
        corpus
            .report
            .skipped
            .iter()
            .all(|s| s.reason.category() == "too large")
    );
}

#[test]
fn confirming_goes_on_with_the_load() {
    let folder = tempfile::tempdir().expect("a temporary directory");
    articles(folder.path());
    let small_limit = LoadOptions {
        confirm_above_bytes: Some(100),
        ..LoadOptions::default()
    };
    let result = corpus::load_path(folder.path(), &small_limit, &NoProgress, &Cancel::new());
    let Err(LoadError::LargeLoad(survey)) = result else {
        panic!("expected a large load");
    };
    assert_eq!(survey.files_to_read, 6);
    let confirmed = LoadOptions {
        confirm_above_bytes: None,
        ..small_limit
    };
    let corpus = corpus::load_path(folder.path(), &confirmed, &NoProgress, &Cancel::new())
        .expect("the confirmed load");
    assert_eq!(corpus.documents.len(), 6);
    assert_eq!(corpus.report.bytes_read, survey.bytes_to_read);
}

#[test]
fn the_command_needs_yes_for_a_large_load_without_a_terminal() {
    let folder = tempfile::tempdir().expect("a temporary directory");
    articles(folder.path());
    // Just under the 20 MiB file limit each, over 2 GiB together.
    let count = (LARGE_LOAD_BYTES / (19 * MIB) + 1) as usize;
    sparse_files(folder.path(), count, 19 * MIB);
    let deadline = Duration::from_secs(300);
    let path = folder.path().as_os_str();

    let refused = run(&["cluster".as_ref(), path], deadline);
    assert!(!refused.success, "{}", refused.stdout);
    assert!(refused.stderr.contains("pass --yes"), "{}", refused.stderr);
    assert!(
        refused
            .stderr
            .contains(&format!("of text in {} files", count + 6)),
        "{}",
        refused.stderr
    );
    assert!(refused.stdout.is_empty());

    let confirmed = run(&["cluster".as_ref(), path, "--yes".as_ref()], deadline);
    assert!(confirmed.success, "{}", confirmed.stderr);
    // The zeros were read and found to be binary; the articles were clustered.
    assert!(
        confirmed
            .stderr
            .contains(&format!("skipped {count}: {count} binary")),
        "{}",
        confirmed.stderr
    );
    assert_eq!(confirmed.stdout.lines().count(), 7, "{}", confirmed.stdout);
}
