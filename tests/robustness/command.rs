//! `topic-atlas cluster` on the hostile folder, as a person would run it: it must exit 0
//! within a generous time (a FIFO opened by mistake would block it forever, so the child is
//! killed at the deadline and the test fails), in bounded memory, write every readable
//! article's topic and say what it skipped and why.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use topic_atlas::export::display_path;

use super::hostile::{Expect, Hostile};
use super::loading::HANG;
use super::snapshot::{assert_unchanged, snapshot};

/// Far above what the hostile folder needs (about 60 MB of text); a leak or a file read
/// whole that should not be gets near it.
const MEMORY_LIMIT: u64 = 3 * 1024 * 1024 * 1024;

/// What a finished run of the command left.
pub struct Run {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
    /// The most memory the process held (VmHWM), in bytes.
    pub peak_memory: u64,
    pub elapsed: Duration,
}

/// Runs the command with no standard input, killing it at `deadline`.
pub fn run(args: &[&std::ffi::OsStr], deadline: Duration) -> Run {
    let start = Instant::now();
    let out_dir = tempfile::tempdir().expect("a temporary directory");
    let (stdout_path, stderr_path) = (out_dir.path().join("out"), out_dir.path().join("err"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_topic-atlas"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&stdout_path).expect("stdout file"))
        .stderr(std::fs::File::create(&stderr_path).expect("stderr file"))
        .spawn()
        .expect("the command starts");
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_memory = 0;
    let status = loop {
        if let Some(kb) = std::fs::read_to_string(&status_file)
            .ok()
            .and_then(|s| high_water_mark_kb(&s))
        {
            peak_memory = peak_memory.max(kb * 1024);
        }
        if let Some(status) = child.try_wait().expect("the child can be waited for") {
            break status;
        }
        if start.elapsed() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "topic-atlas {:?} did not finish in {deadline:?}; stderr: {}",
                args,
                std::fs::read_to_string(&stderr_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Run {
        success: status.success(),
        stdout: std::fs::read_to_string(&stdout_path).expect("stdout is UTF-8"),
        stderr: std::fs::read_to_string(&stderr_path).expect("stderr is UTF-8"),
        peak_memory,
        elapsed: start.elapsed(),
    }
}

fn high_water_mark_kb(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn the_command_clusters_the_hostile_folder() {
    let hostile = Hostile::create();
    let parent = hostile.root.parent().expect("the folder has a parent");
    let before = snapshot(parent);
    let output = tempfile::tempdir().expect("a temporary directory");
    let json_path = output.path().join("topics.json");

    let json_run = run(
        &[
            "cluster".as_ref(),
            hostile.root.as_os_str(),
            "--format".as_ref(),
            "json".as_ref(),
            "--output".as_ref(),
            json_path.as_os_str(),
        ],
        HANG,
    );
    eprintln!(
        "cluster --format json on the hostile folder: {:.1} s, peak memory {} MB",
        json_run.elapsed.as_secs_f64(),
        json_run.peak_memory / (1024 * 1024)
    );
    assert!(json_run.success, "stderr: {}", json_run.stderr);
    assert!(!json_run.stderr.contains("panicked"), "{}", json_run.stderr);
    assert!(json_run.peak_memory > 0, "the memory was measured");
    assert!(
        json_run.peak_memory < MEMORY_LIMIT,
        "{} bytes",
        json_run.peak_memory
    );

    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json_path).expect("the JSON was written"))
            .expect("the output is JSON");
    eprintln!("stage times: {}", json["timings"]);
    let titles: BTreeSet<&str> = json["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .filter_map(|d| d["title"].as_str())
        .collect();
    let skipped = json["load_report"]["skipped"].as_array().expect("skipped");
    let skip_of = |path: &Path, item: Option<u32>| {
        let wanted = display_path(path);
        skipped.iter().find(|s| {
            s["path"].as_str() == Some(wanted.as_str()) && s["item"].as_u64() == item.map(u64::from)
        })
    };
    for expected in &hostile.expected {
        match &expected.expect {
            Expect::Loads(want) | Expect::Partly(want, _) => {
                for title in want {
                    assert!(
                        titles.contains(title.as_str()),
                        "{title:?} of {:?} is not in the output",
                        expected.path
                    );
                }
            }
            _ => {}
        }
        let items: Vec<(Option<u32>, &str)> = match &expected.expect {
            Expect::Skipped(why) => vec![(None, *why)],
            Expect::Partly(_, items) => items.iter().map(|&(n, why)| (Some(n), why)).collect(),
            _ => Vec::new(),
        };
        for (item, why) in items {
            let skip = skip_of(&expected.path, item)
                .unwrap_or_else(|| panic!("{:?} #{item:?} is not in the report", expected.path));
            assert_eq!(skip["category"].as_str(), Some(why), "{skip}");
            let message = skip["message"].as_str().unwrap_or_default();
            assert!(!message.is_empty(), "{skip} says why");
        }
    }

    // The CSV to standard output: one row per place a document was found, every loaded file
    // named as it is on disk (a newline in a name stays inside its quoted field).
    let csv_run = run(
        &[
            "cluster".as_ref(),
            hostile.root.as_os_str(),
            "--k".as_ref(),
            "4".as_ref(),
        ],
        HANG,
    );
    assert!(csv_run.success, "stderr: {}", csv_run.stderr);
    let mut reader = csv::Reader::from_reader(csv_run.stdout.as_bytes());
    let files: BTreeSet<String> = reader
        .records()
        .map(|r| r.expect("a CSV row")[0].to_string())
        .collect();
    for expected in &hostile.expected {
        if matches!(expected.expect, Expect::Loads(_) | Expect::LoadsSome) {
            let name = display_path(&expected.path);
            assert!(files.contains(&name), "{name:?} is not in the CSV");
        }
    }
    // Standard error says what was skipped, by reason.
    assert!(csv_run.stderr.contains("skipped"), "{}", csv_run.stderr);
    for reason in ["empty", "binary", "special file", "link loop", "too large"] {
        assert!(
            csv_run.stderr.contains(reason),
            "{reason}: {}",
            csv_run.stderr
        );
    }

    drop(output);
    assert_unchanged(&before, &snapshot(parent));
}
