//! The `topic-atlas cluster` command, as the measuring harness and scripts call it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::csv_table;

fn topic_atlas(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_topic-atlas"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn demo_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo")
}

#[test]
fn csv_has_the_exact_header_and_a_row_per_document() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("topics.csv");
    let demo = demo_dir();
    let result = topic_atlas(&[
        "cluster",
        demo.to_str().expect("utf-8 path"),
        "--k",
        "8",
        "--seed",
        "3",
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let mut reader = csv::Reader::from_path(&out).expect("valid CSV");
    assert_eq!(
        reader.headers().expect("header").iter().collect::<Vec<_>>(),
        ["file", "item", "cluster", "label"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert!(rows.len() >= 400);
    let clusters: std::collections::BTreeSet<usize> = rows
        .iter()
        .map(|r| r[2].parse().expect("integer cluster"))
        .collect();
    assert_eq!(
        clusters.into_iter().collect::<Vec<_>>(),
        (0..8).collect::<Vec<_>>()
    );
    for row in &rows {
        assert!(!row[0].starts_with('/'), "file is relative: {}", &row[0]);
        assert!(demo.join(&row[0]).is_file(), "{} exists", &row[0]);
        assert!(row[1].parse::<u32>().expect("item") >= 1);
        assert!(!row[3].is_empty());
    }
    // A headline list gives one row per line, numbered from 1.
    let briefing: Vec<&csv::StringRecord> = rows
        .iter()
        .filter(|r| &r[0] == "briefings/story-and-headlines.txt")
        .collect();
    assert_eq!(briefing.len(), 17);
    assert_eq!(
        briefing
            .iter()
            .map(|r| r[1].parse::<u32>().expect("item"))
            .max(),
        Some(17)
    );
}

#[test]
fn a_single_file_is_named_by_its_file_name() {
    let file = demo_dir().join("briefings/story-and-headlines.txt");
    let result = topic_atlas(&["cluster", file.to_str().expect("utf-8"), "--k", "3", "-q"]);
    assert!(result.status.success());
    let stdout = String::from_utf8(result.stdout).expect("utf-8");
    let mut lines = stdout.lines();
    assert_eq!(lines.next(), Some("file,item,cluster,label"));
    assert!(lines.all(|l| l.starts_with("story-and-headlines.txt,")));
    assert!(result.stderr.is_empty(), "--quiet prints nothing");
}

#[test]
fn json_holds_topics_documents_report_and_timings() {
    let demo = demo_dir();
    let result = topic_atlas(&[
        "cluster",
        demo.to_str().expect("utf-8"),
        "--format",
        "json",
        "--k",
        "auto",
        "-q",
    ]);
    assert!(result.status.success());
    let json: serde_json::Value = serde_json::from_slice(&result.stdout).expect("valid JSON");
    let topics = json["topics"].as_array().expect("topics");
    let k = json["topic_count"]["k"].as_u64().expect("k") as usize;
    assert_eq!(topics.len(), k);
    let scores = json["topic_count"]["automatic"]["scores"]
        .as_array()
        .expect("auto scores");
    assert!(scores.iter().any(|s| s["k"].as_u64() == Some(k as u64)));
    for topic in topics {
        assert!(!topic["label"].as_str().expect("label").is_empty());
        assert!(topic["size"].as_u64().expect("size") > 0);
        assert!(topic["keywords"][0]["weight"].as_f64().expect("weight") > 0.0);
        assert!(
            !topic["representatives"]
                .as_array()
                .expect("representatives")
                .is_empty()
        );
    }
    let sizes: u64 = topics.iter().map(|t| t["size"].as_u64().unwrap_or(0)).sum();
    assert_eq!(
        sizes as usize,
        json["documents"].as_array().expect("documents").len()
    );
    assert!(json["load_report"]["files_loaded"].as_u64().expect("files") > 10);
    // A record's publication date is the document's; a text file gives none.
    let documents = json["documents"].as_array().expect("documents");
    let of_file = |file: &str, item: u64| {
        documents
            .iter()
            .find(|d| d["file"] == file && d["item"] == item)
            .expect("the document is listed")
    };
    assert_eq!(of_file("wire/stories.csv", 1)["date"], "2026-01-06");
    let story = "stories/economy/001-central-bank-holds-rates-at-4.txt";
    assert!(of_file(story, 1).get("date").is_none());
    let stages: Vec<&str> = json["timings"]
        .as_array()
        .expect("timings")
        .iter()
        .map(|t| t["stage"].as_str().unwrap_or(""))
        .collect();
    assert!(
        [
            "reading",
            "vectorizing",
            "reducing",
            "meaning",
            "clustering"
        ]
        .iter()
        .all(|stage| stages.contains(stage)),
        "{stages:?}"
    );
}

#[test]
fn titles_only_is_accepted() {
    let demo = demo_dir();
    let result = topic_atlas(&[
        "cluster",
        demo.to_str().expect("utf-8"),
        "--fields",
        "title",
        "--k",
        "5",
        "-q",
    ]);
    assert!(result.status.success());
}

#[test]
fn a_bad_path_is_a_one_line_error_not_a_panic() {
    let result = topic_atlas(&["cluster", "/no/such/folder/anywhere"]);
    assert!(!result.status.success());
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("error:"), "{stderr}");
    assert!(!stderr.contains("panicked"));
}

#[test]
fn a_bad_topic_count_is_rejected_with_a_reason() {
    let result = topic_atlas(&["cluster", ".", "--k", "zero"]);
    assert!(!result.status.success());
    assert!(String::from_utf8_lossy(&result.stderr).contains("auto"));
}

#[test]
fn help_documents_every_option() {
    let result = topic_atlas(&["cluster", "--help"]);
    let help = String::from_utf8_lossy(&result.stdout);
    for option in [
        "--k",
        "--seed",
        "--fields",
        "--format",
        "--output",
        "--over-time",
        "--period",
        "file,item,cluster,label",
    ] {
        assert!(help.contains(option), "--help mentions {option}");
    }
}

#[test]
fn a_saved_session_applies_its_settings_and_edits_headless() {
    use topic_atlas::export::session::{CorpusOrigin, Session};
    use topic_atlas::pipeline::Settings;
    use topic_atlas::topics::{ArticleKey, Edit, TopicRef};

    let dir = tempfile::tempdir().expect("tempdir");
    let demo = demo_dir();
    let demo_arg = demo.to_str().expect("utf-8 path");
    let plain = dir.path().join("plain.csv");
    let result = topic_atlas(&[
        "cluster",
        demo_arg,
        "--k",
        "8",
        "--seed",
        "3",
        "-q",
        "-o",
        plain.to_str().expect("utf-8"),
    ]);
    assert!(result.status.success());
    let rows: Vec<csv::StringRecord> = csv::Reader::from_path(&plain)
        .expect("valid CSV")
        .records()
        .map(|r| r.expect("row"))
        .collect();
    let topic_zero: Vec<ArticleKey> = rows
        .iter()
        .filter(|r| &r[2] == "0")
        .map(|r| ArticleKey {
            file: r[0].to_string(),
            item: r[1].parse().expect("item"),
        })
        .collect();
    assert!(!topic_zero.is_empty());

    let session = Session::new(
        CorpusOrigin::Paths(vec![demo.clone()]),
        Settings {
            topics: topic_atlas::cluster::TopicCount::Fixed(8),
            seed: 3,
            ..Settings::default()
        },
        vec![Edit::Rename {
            topic: TopicRef {
                articles: topic_zero.iter().take(30).cloned().collect(),
                keywords: Vec::new(),
            },
            name: "Named, by hand".into(),
        }],
    );
    let session_path = dir.path().join("session.json");
    session.write(&session_path).expect("session written");
    let edited = dir.path().join("edited.csv");
    // No --k or --seed: they come from the session.
    let result = topic_atlas(&[
        "cluster",
        demo_arg,
        "--session",
        session_path.to_str().expect("utf-8"),
        "-q",
        "-o",
        edited.to_str().expect("utf-8"),
    ]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let edited_rows: Vec<csv::StringRecord> = csv::Reader::from_path(&edited)
        .expect("valid CSV")
        .records()
        .map(|r| r.expect("row"))
        .collect();
    assert_eq!(edited_rows.len(), rows.len());
    for (before, after) in rows.iter().zip(&edited_rows) {
        for column in 0..3 {
            assert_eq!(before[column], after[column]);
        }
        if &before[2] == "0" {
            assert_eq!(&after[3], "Named, by hand");
        } else {
            assert_eq!(&before[3], &after[3]);
        }
    }

    let corrupt = dir.path().join("corrupt.json");
    std::fs::write(&corrupt, "{\"format\": \"topic-atlas-session\", \"vers").expect("write");
    let result = topic_atlas(&[
        "cluster",
        demo_arg,
        "--session",
        corrupt.to_str().expect("utf-8"),
    ]);
    assert!(!result.status.success());
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("not a Topic Atlas session"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn html_and_map_files_are_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let html = dir.path().join("report.html");
    let map = dir.path().join("map.png");
    let demo = demo_dir();
    let demo = demo.to_str().expect("utf-8 path");
    let result = topic_atlas(&[
        "cluster",
        demo,
        "--k",
        "6",
        "--format",
        "html",
        "-o",
        html.to_str().expect("utf-8"),
        "--map",
        map.to_str().expect("utf-8"),
        "-q",
    ]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let page = std::fs::read_to_string(&html).expect("written");
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert_eq!(page.matches("<details").count(), 6);
    // An article per document, each under its file named as in the CSV.
    let documents: usize = page
        .split("<p class=\"muted\">")
        .nth(1)
        .and_then(|counts| counts.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("the document count");
    assert_eq!(page.matches("<li>").count(), documents);
    let csv = topic_atlas(&["cluster", demo, "--k", "6", "-q"]);
    assert!(csv.status.success());
    let mut reader = csv::Reader::from_reader(csv.stdout.as_slice());
    let files: std::collections::BTreeSet<String> = reader
        .records()
        .map(|r| r.expect("row")[0].to_string())
        .collect();
    assert!(files.len() > 10, "{files:?}");
    for file in files {
        assert!(
            page.contains(&format!("<span class=\"file\">{file}")),
            "{file}"
        );
    }

    let png = std::fs::read(&map).expect("written");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let mut reader = png::Decoder::new(std::io::Cursor::new(png))
        .read_info()
        .expect("a PNG");
    assert_eq!((reader.info().width, reader.info().height), (1600, 1000));
    let mut pixels = vec![0; reader.output_buffer_size().expect("size")];
    reader.next_frame(&mut pixels).expect("a frame");
    // The light map: its corner is background, and dots and labels cover a good part of it.
    assert_eq!(pixels[..3], [250, 250, 250]);
    let drawn = pixels
        .chunks_exact(4)
        .filter(|p| p[..3] != [250, 250, 250])
        .count();
    assert!(drawn > 5_000, "{drawn} pixels drawn");
}

#[test]
fn the_html_report_goes_to_standard_output_and_a_map_that_cannot_be_written_is_an_error() {
    let demo = demo_dir();
    let demo = demo.to_str().expect("utf-8 path");
    let result = topic_atlas(&["cluster", demo, "--k", "4", "--format", "html", "-q"]);
    assert!(result.status.success());
    let page = String::from_utf8(result.stdout).expect("UTF-8");
    assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
    assert!(page.trim_end().ends_with("</html>"));

    let dir = tempfile::tempdir().expect("tempdir");
    let map = dir.path().join("no such folder").join("map.png");
    let result = topic_atlas(&[
        "cluster",
        demo,
        "--k",
        "4",
        "-q",
        "--map",
        map.to_str().expect("utf-8"),
    ]);
    assert!(!result.status.success());
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("map.png"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn topics_over_time_are_written_as_a_row_per_period_and_a_column_per_topic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let over_time = dir.path().join("over-time.csv");
    let demo = demo_dir();
    let demo = demo.to_str().expect("utf-8 path");
    let out = over_time.to_str().expect("utf-8");
    let rows_of = |period: Option<&str>| {
        let mut args = vec!["cluster", demo, "--k", "6", "--over-time", out, "-q"];
        if let Some(period) = period {
            args.extend(["--period", period]);
        }
        let result = topic_atlas(&args);
        assert!(
            result.status.success(),
            "{}",
            String::from_utf8_lossy(&result.stderr)
        );
        csv_table(&std::fs::read(&over_time).expect("written"))
    };

    // The demo's 80 dated wire stories, January to December 2026: a row a month.
    let (header, rows) = rows_of(None);
    assert_eq!(header.len(), 1 + 6 + 1, "{header:?}");
    assert_eq!((header[0].as_str(), header[7].as_str()), ("month", "all"));
    assert!(header[1..7].iter().all(|label| label.contains(" · ")));
    assert_eq!(rows.len(), 12);
    assert_eq!(rows[0][0], "2026-01-01");
    assert_eq!(rows[11][0], "2026-12-01");
    let number = |cell: &String| cell.parse::<u32>().expect("a count");
    let mut dated = 0;
    for row in &rows {
        let topics: u32 = row[1..7].iter().map(number).sum();
        assert_eq!(topics, number(&row[7]), "{row:?}");
        dated += topics;
    }
    assert_eq!(dated, 80);

    // By week, every week from the first to the last, each starting on a Monday.
    let (header, rows) = rows_of(Some("week"));
    assert_eq!(header[0], "week");
    assert!(rows.len() > 40, "{} weeks", rows.len());
    let weekly: u32 = rows.iter().map(|row| number(&row[7])).sum();
    assert_eq!(weekly, 80);
    let first = chrono::NaiveDate::parse_from_str(&rows[0][0], "%Y-%m-%d").expect("a day");
    assert_eq!(chrono::Datelike::weekday(&first), chrono::Weekday::Mon);
}

#[test]
fn topics_over_time_of_undated_articles_are_not_written_and_say_why() {
    let dir = tempfile::tempdir().expect("tempdir");
    let over_time = dir.path().join("over-time.csv");
    let headlines = dir.path().join("headlines.txt");
    std::fs::write(
        &headlines,
        "Steel tariffs raised again\nVoters head to the polls\nTrade talks stall over tariffs\n",
    )
    .expect("written");
    let result = topic_atlas(&[
        "cluster",
        headlines.to_str().expect("utf-8"),
        "--k",
        "2",
        "--over-time",
        over_time.to_str().expect("utf-8"),
    ]);
    assert!(result.status.success());
    assert!(!over_time.exists());
    let said = String::from_utf8_lossy(&result.stderr);
    assert!(
        said.contains("no document has a publication date"),
        "{said}"
    );
}
