//! Loading real folders: good and bad files side by side, links, special files, cancellation.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use topic_atlas::corpus::{Corpus, LoadError, LoadOptions, SkipReason, load_path, load_paths};
use topic_atlas::progress::{Cancel, NoProgress, Progress, Stage};

const ARTICLE: &str = "Central bank holds rates steady\n\nThe central bank left its main rate unchanged on Thursday.\n\nMarkets had expected the decision.\n";

/// A folder with one file of every kind that can go wrong next to files that load.
struct Fixture {
    _dir: tempfile::TempDir,
    _outside: tempfile::TempDir,
    root: PathBuf,
}

fn write(path: &Path, bytes: &[u8]) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(path, bytes).unwrap();
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let root = dir.path().join("news");
    let r = |p: &str| root.join(p);

    // Good files.
    write(&r("article.txt"), ARTICLE.as_bytes());
    write(&r("copy of article.txt"), ARTICLE.as_bytes());
    write(
        &r("headlines.txt"),
        b"Oil prices climb on supply fears\nStorm batters the east coast\nVoters head to the polls in Lisbon\n",
    );
    write(
        &r("nested/deeper/story.md"),
        b"# Harvest comes early\n\nFarmers began the *harvest* two weeks early this year.\n",
    );
    write(
        &r("nested/page.html"),
        b"<html><head><title>Bridge reopens</title><script>x()</script></head><body><p>The bridge reopened on Monday.</p></body></html>",
    );
    write(
        &r("feeds/news.json"),
        br#"{"articles": [{"title": "Team wins cup", "description": "The home team won."}]}"#,
    );
    write(
        &r("feeds/wire.jsonl"),
        b"{\"headline\": \"Rail strike ends\"}\n{not json}\n{\"headline\": \"Ferry service resumes\"}\n",
    );
    write(
        &r("feeds/table.csv"),
        b"title,text\nMuseum opens new wing,\"The museum opened a wing.\nIt has three floors.\"\n,\n",
    );
    write(
        &r("latin1.txt"),
        b"Le caf\xe9 de la gare rouvre ses portes apr\xe8s travaux.\n",
    );

    // Bad files.
    write(&r("empty.txt"), b"");
    write(&r("blank.txt"), b"  \n\t\n");
    write(&r("binary.txt"), b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00");
    write(&r("feeds/bad.json"), b"[{\"title\": \"x\",]");
    write(&r("report.pdf"), b"%PDF-1.4 not really");
    write(
        &r("big.txt"),
        "A long line of words. ".repeat(500).as_bytes(),
    );

    // Hidden entries are left out without a word.
    write(
        &r(".git/config.txt"),
        b"Hidden folder file that must never load\n",
    );
    write(&r(".notes.txt"), b"Hidden file that must never load\n");

    // A named pipe: opening it for reading would block forever.
    let status = std::process::Command::new("mkfifo")
        .arg(r("pipe.txt"))
        .status()
        .unwrap();
    assert!(status.success());

    // Links: one inside (the same file twice), a loop, a dangling one, two leading outside.
    write(
        &outside.path().join("secret.txt"),
        b"Outside the chosen folder\n",
    );
    std::os::unix::fs::symlink(r("article.txt"), r("alias.txt")).unwrap();
    std::os::unix::fs::symlink(&root, r("nested/loop")).unwrap();
    std::os::unix::fs::symlink(r("missing.txt"), r("broken.txt")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), r("outside.txt")).unwrap();
    std::os::unix::fs::symlink(outside.path(), r("outside-folder")).unwrap();

    Fixture {
        _dir: dir,
        _outside: outside,
        root,
    }
}

fn small_limit() -> LoadOptions {
    LoadOptions {
        max_file_bytes: 4096,
        ..LoadOptions::default()
    }
}

fn load(root: &Path) -> Corpus {
    load_path(root, &small_limit(), &NoProgress, &Cancel::new()).unwrap()
}

/// Every entry under `root` without following links or opening special files: file bytes,
/// link targets, and the kind of anything else.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, String> {
    let mut entries = BTreeMap::new();
    for entry in walkdir::WalkDir::new(root) {
        let entry = entry.unwrap();
        let meta = fs::symlink_metadata(entry.path()).unwrap();
        let value = if meta.file_type().is_symlink() {
            format!("link -> {}", fs::read_link(entry.path()).unwrap().display())
        } else if meta.is_file() {
            format!(
                "{:?} {:?}",
                fs::read(entry.path()).unwrap(),
                meta.modified().unwrap()
            )
        } else {
            format!("{:?}", meta.file_type())
        };
        entries.insert(entry.path().to_path_buf(), value);
    }
    entries
}

fn reason_of(corpus: &Corpus, path: &str) -> Vec<(Option<u32>, SkipReason)> {
    corpus
        .report
        .skipped
        .iter()
        .filter(|s| s.path == Path::new(path))
        .map(|s| (s.item, s.reason.clone()))
        .collect()
}

#[test]
fn a_folder_of_good_and_bad_files_loads_the_good_and_reports_the_bad() {
    let fixture = fixture();
    let before = snapshot(&fixture.root);
    let corpus = load(&fixture.root);
    assert_eq!(snapshot(&fixture.root), before, "the folder was changed");

    assert_eq!(corpus.root.as_deref(), Some(fixture.root.as_path()));
    assert_eq!(corpus.name, "news");

    let skipped = |path: &str| reason_of(&corpus, path);
    assert_eq!(skipped("empty.txt"), [(None, SkipReason::Empty)]);
    assert_eq!(skipped("blank.txt"), [(None, SkipReason::Empty)]);
    assert_eq!(skipped("binary.txt"), [(None, SkipReason::Binary)]);
    assert!(matches!(
        skipped("feeds/bad.json").as_slice(),
        [(None, SkipReason::Malformed { message })] if message.starts_with("invalid JSON at line 1")
    ));
    assert!(matches!(
        skipped("feeds/wire.jsonl").as_slice(),
        [(Some(2), SkipReason::Malformed { .. })]
    ));
    assert_eq!(skipped("feeds/table.csv"), [(Some(2), SkipReason::NoText)]);
    assert_eq!(
        skipped("report.pdf"),
        [(
            None,
            SkipReason::Unsupported {
                extension: "pdf".into()
            }
        )]
    );
    assert_eq!(
        skipped("big.txt"),
        [(
            None,
            SkipReason::TooLarge {
                bytes: 11000,
                limit: 4096
            }
        )]
    );
    assert_eq!(
        skipped("pipe.txt"),
        [(
            None,
            SkipReason::SpecialFile {
                kind: "a named pipe (FIFO)".into()
            }
        )]
    );
    assert_eq!(skipped("nested/loop"), [(None, SkipReason::LinkLoop)]);
    assert_eq!(skipped("broken.txt"), [(None, SkipReason::BrokenLink)]);
    assert_eq!(
        skipped("outside.txt"),
        [(None, SkipReason::LinkOutsideFolder)]
    );
    assert_eq!(
        skipped("outside-folder"),
        [(None, SkipReason::LinkOutsideFolder)]
    );
    assert_eq!(
        corpus.report.skipped.len(),
        13,
        "{:#?}",
        corpus.report.skipped
    );
    for skip in &corpus.report.skipped {
        assert!(!skip.path.to_string_lossy().contains(".git"));
        assert!(!skip.reason.to_string().is_empty());
    }

    // The good ones, in path order, duplicates merged, the linked copy read once.
    let found: Vec<(String, &str)> = corpus
        .documents
        .iter()
        .map(|d| (d.source().file.display().to_string(), d.title.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("article.txt".to_string(), "Central bank holds rates steady"),
            ("feeds/news.json".into(), "Team wins cup"),
            ("feeds/table.csv".into(), "Museum opens new wing"),
            ("feeds/wire.jsonl".into(), "Rail strike ends"),
            ("feeds/wire.jsonl".into(), "Ferry service resumes"),
            ("headlines.txt".into(), "Oil prices climb on supply fears"),
            ("headlines.txt".into(), "Storm batters the east coast"),
            ("headlines.txt".into(), "Voters head to the polls in Lisbon"),
            (
                "latin1.txt".into(),
                "Le café de la gare rouvre ses portes après travaux."
            ),
            ("nested/deeper/story.md".into(), "Harvest comes early"),
            ("nested/page.html".into(), "Bridge reopens"),
        ]
    );
    let article = &corpus.documents[0];
    let article_files: Vec<_> = article.sources.iter().map(|s| s.file.clone()).collect();
    assert_eq!(
        article_files,
        [
            PathBuf::from("article.txt"),
            PathBuf::from("copy of article.txt")
        ],
        "alias.txt links to article.txt, so it is not read a second time"
    );
    assert_eq!(corpus.report.duplicates_merged, 1);
    assert_eq!(
        corpus.documents[2].body,
        "The museum opened a wing.\nIt has three floors."
    );
    assert_eq!(corpus.documents[7].sources[0].item, 3);

    let report = &corpus.report;
    assert_eq!(report.documents, 11);
    // alias.txt is the same file as article.txt: found, but not read or counted again.
    assert_eq!(report.files_loaded, 9);
    assert_eq!(report.files_found, 21);
    let loaded_bytes: u64 = [
        "article.txt",
        "copy of article.txt",
        "headlines.txt",
        "nested/deeper/story.md",
        "nested/page.html",
        "feeds/news.json",
        "feeds/wire.jsonl",
        "feeds/table.csv",
        "latin1.txt",
        "empty.txt",
        "blank.txt",
        "binary.txt",
        "feeds/bad.json",
    ]
    .iter()
    .map(|p| fs::metadata(fixture.root.join(p)).unwrap().len())
    .sum();
    assert_eq!(report.bytes_read, loaded_bytes);
}

#[test]
fn the_same_folder_loads_the_same_twice() {
    let fixture = fixture();
    let first = load(&fixture.root);
    let second = load(&fixture.root);
    assert_eq!(first.documents, second.documents);
    assert_eq!(first.report, second.report);
    assert_eq!(
        serde_json::to_string(&first.report).unwrap(),
        serde_json::to_string(&second.report).unwrap()
    );
}

#[test]
fn cancelling_returns_cancelled() {
    let fixture = fixture();
    let cancel = Cancel::new();
    cancel.cancel();
    let result = load_path(&fixture.root, &small_limit(), &NoProgress, &cancel);
    assert!(matches!(result, Err(LoadError::Cancelled)));

    // Cancelled while reading: the first reading report pulls the brake.
    let cancel = Cancel::new();
    let on_progress = |p: Progress| {
        if p.stage == Stage::Reading {
            cancel.cancel();
        }
    };
    let result = load_path(&fixture.root, &small_limit(), &on_progress, &cancel);
    assert!(matches!(result, Err(LoadError::Cancelled)));
}

#[test]
fn progress_walks_then_reads_up_to_the_total() {
    let fixture = fixture();
    let reports = Mutex::new(Vec::new());
    let sink = |p: Progress| reports.lock().unwrap().push(p);
    load_path(&fixture.root, &small_limit(), &sink, &Cancel::new()).unwrap();
    let reports = reports.into_inner().unwrap();
    assert_eq!(reports[0].stage, Stage::Walking);
    let reading: Vec<_> = reports
        .iter()
        .filter(|p| p.stage == Stage::Reading)
        .collect();
    let last = reading.last().unwrap();
    assert_eq!(last.done, last.total);
    assert!(last.total > 0);
    assert!(reading.windows(2).all(|w| w[0].done < w[1].done));
    let first_reading = reports
        .iter()
        .position(|p| p.stage == Stage::Reading)
        .unwrap();
    assert!(
        reports[first_reading..]
            .iter()
            .all(|p| p.stage == Stage::Reading)
    );
}

#[test]
fn one_file_is_named_by_its_file_name() {
    let fixture = fixture();
    let file = fixture.root.join("headlines.txt");
    let corpus = load(&file);
    assert_eq!(corpus.name, "headlines.txt");
    assert_eq!(corpus.root.as_deref(), Some(fixture.root.as_path()));
    assert_eq!(corpus.documents.len(), 3);
    assert!(
        corpus
            .documents
            .iter()
            .all(|d| d.source().file == Path::new("headlines.txt"))
    );
    assert_eq!(corpus.report.files_found, 1);
    assert!(corpus.report.skipped.is_empty());

    // A bad file chosen on its own is reported, not an error.
    let corpus = load(&fixture.root.join("pipe.txt"));
    assert!(corpus.documents.is_empty());
    assert_eq!(corpus.report.skipped.len(), 1);
    assert_eq!(corpus.report.skipped[0].path, Path::new("pipe.txt"));
}

#[test]
fn several_paths_are_relative_to_their_common_parent() {
    let fixture = fixture();
    let paths = [fixture.root.join("nested"), fixture.root.join("latin1.txt")];
    let corpus = load_paths(&paths, &small_limit(), &NoProgress, &Cancel::new()).unwrap();
    assert_eq!(corpus.root.as_deref(), Some(fixture.root.as_path()));
    assert_eq!(corpus.name, "nested and 1 more");
    let files: Vec<_> = corpus
        .documents
        .iter()
        .map(|d| d.source().file.clone())
        .collect();
    assert_eq!(
        files,
        [
            PathBuf::from("latin1.txt"),
            PathBuf::from("nested/deeper/story.md"),
            PathBuf::from("nested/page.html"),
        ]
    );
    assert_eq!(
        reason_of(&corpus, "nested/loop"),
        [(None, SkipReason::LinkLoop)]
    );
}

#[test]
fn a_missing_path_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope");
    let result = load_path(
        &missing,
        &LoadOptions::default(),
        &NoProgress,
        &Cancel::new(),
    );
    assert!(matches!(result, Err(LoadError::NotFound(path)) if path == missing));
}

#[test]
fn the_default_limits_are_20_mib_and_512_mib_for_collections() {
    assert_eq!(LoadOptions::default().max_file_bytes, 20 * 1024 * 1024);
    assert_eq!(
        LoadOptions::default().max_collection_file_bytes,
        512 * 1024 * 1024
    );
}

#[test]
fn files_of_many_documents_have_their_own_larger_limit() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("news");
    let mut csv = String::from("title,text\n");
    let mut lines = String::new();
    for i in 0..300 {
        csv.push_str(&format!("Headline number {i},The story of day {i}.\n"));
        lines.push_str(&format!("{{\"title\": \"Headline number {i}\"}}\n"));
    }
    write(&root.join("dataset.csv"), csv.as_bytes());
    write(&root.join("dataset.jsonl"), lines.as_bytes());
    write(
        &root.join("long.txt"),
        "A long line of words. ".repeat(500).as_bytes(),
    );
    assert!(csv.len() > 8192 && lines.len() > 8192);
    let limits = |collection: u64| LoadOptions {
        max_file_bytes: 4096,
        max_collection_file_bytes: collection,
        ..LoadOptions::default()
    };

    let corpus = load_path(&root, &limits(1 << 20), &NoProgress, &Cancel::new()).unwrap();
    // 300 stories from the CSV and 300 headlines from the JSON Lines.
    assert_eq!(corpus.documents.len(), 600);
    assert_eq!(
        reason_of(&corpus, "long.txt"),
        [(
            None,
            SkipReason::TooLarge {
                bytes: 11000,
                limit: 4096
            }
        )]
    );

    let corpus = load_path(&root, &limits(8192), &NoProgress, &Cancel::new()).unwrap();
    assert!(corpus.documents.is_empty());
    assert!(matches!(
        reason_of(&corpus, "dataset.csv").as_slice(),
        [(None, SkipReason::TooLarge { limit: 8192, .. })]
    ));
}

/// Measures how often an ordinary article file is split into several documents. Materialize
/// corpora first (`python3 materialize.py CORPUS OUT/CORPUS`), then run with
/// `TOPIC_ATLAS_MATERIALIZED=OUT cargo test --test corpus_loading -- --ignored --nocapture`.
/// A folder whose name contains "title" was materialized with `--fields title`: every file
/// must be one headline.
#[test]
#[ignore = "needs materialized corpora in $TOPIC_ATLAS_MATERIALIZED"]
fn materialized_corpora_give_one_document_per_file() {
    let Some(base) = std::env::var_os("TOPIC_ATLAS_MATERIALIZED") else {
        eprintln!("skipped: set TOPIC_ATLAS_MATERIALIZED to a folder of materialized corpora");
        return;
    };
    let mut folders: Vec<PathBuf> = fs::read_dir(&base)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    for folder in folders {
        let corpus = load_path(
            &folder,
            &LoadOptions::default(),
            &NoProgress,
            &Cancel::new(),
        )
        .unwrap();
        let mut per_file: BTreeMap<PathBuf, usize> = BTreeMap::new();
        for document in &corpus.documents {
            for source in &document.sources {
                *per_file.entry(source.file.clone()).or_default() += 1;
            }
        }
        let split: Vec<_> = per_file.iter().filter(|(_, n)| **n > 1).collect();
        let headlines_only = folder.to_string_lossy().contains("title");
        let not_headline = corpus
            .documents
            .iter()
            .filter(|d| headlines_only && !(d.body.is_empty() && d.title_is_explicit))
            .count();
        println!(
            "{}: {} files, {} documents, {} skipped, {} merged, {} files split, {} not headlines",
            folder.display(),
            corpus.report.files_found,
            corpus.documents.len(),
            corpus.report.skipped.len(),
            corpus.report.duplicates_merged,
            split.len(),
            not_headline,
        );
        for (file, n) in split.iter().take(10) {
            println!("  split into {n}: {}", file.display());
        }
        for skip in corpus.report.skipped.iter().take(5) {
            println!("  skipped {}: {}", skip.path.display(), skip.reason);
        }
        assert_eq!(per_file.len(), corpus.report.files_found);
        assert_eq!(not_headline, 0);
        // A handful of posts hold lists that look exactly like headlines (items for sale, a
        // signature block at the end); more than one file in a thousand is a regression.
        assert!(
            split.len() * 1000 <= corpus.report.files_found,
            "{} of {} files split",
            split.len(),
            corpus.report.files_found
        );
    }
}

#[test]
fn html_escaped_in_text_and_records_is_read_as_the_words_it_hides() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("feed");
    write(
        &root.join("headlines.txt"),
        "Blast kills three in &lt;b&gt;crowded&lt;/b&gt; market\n\
         AT&amp;T profit beats &lt;i&gt;forecasts&lt;/i&gt;\n\
         Storm batters the &lt;b&gt;east coast&lt;/b&gt;\n"
            .as_bytes(),
    );
    write(
        &root.join("feed.csv"),
        b"title,description\n\"Nortel to cut jobs\",\"Nortel Networks &lt;A HREF=\"\"http://example.com/q\"\"&gt;NT.TO&lt;/A&gt; said it would cut 3,500 jobs.\"\n",
    );
    let corpus = load(&root);
    let texts: Vec<String> = corpus
        .documents
        .iter()
        .map(|d| format!("{} | {}", d.title, d.body))
        .collect();
    assert_eq!(texts.len(), 4, "{texts:#?}");
    for text in &texts {
        assert!(
            !text.contains("&lt;") && !text.contains("&amp;") && !text.contains('<'),
            "{text}"
        );
    }
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("AT&T profit beats forecasts |"))
    );
    assert!(
        texts
            .iter()
            .any(|t| t.contains("Nortel Networks NT.TO said it would cut 3,500 jobs."))
    );
}

/// A zip archive with one member, as a word processor file holds its text.
fn archive_with(member: &str, xml: &str) -> Vec<u8> {
    use std::io::Write;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    writer.start_file(member, options).unwrap();
    writer.write_all(xml.as_bytes()).unwrap();
    writer.finish().unwrap().into_inner()
}

#[test]
fn word_and_opendocument_files_load_beside_text_and_broken_ones_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("news");
    let word = r#"<w:document xmlns:w="w"><w:body><w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>Harvest comes early</w:t></w:r></w:p><w:p><w:r><w:t>Farmers began the harvest two weeks early this year.</w:t></w:r></w:p></w:body></w:document>"#;
    write(
        &root.join("harvest.docx"),
        &archive_with("word/document.xml", word),
    );
    let open = r#"<office:document-content xmlns:office="o" xmlns:text="t"><office:body><office:text><text:p>Oil prices climb on supply fears</text:p><text:p>Storm batters the east coast</text:p><text:p>Voters head to the polls in Lisbon</text:p></office:text></office:body></office:document-content>"#;
    write(
        &root.join("headlines.odt"),
        &archive_with("content.xml", open),
    );
    write(&root.join("article.txt"), ARTICLE.as_bytes());
    write(&root.join("renamed.docx"), ARTICLE.as_bytes());
    write(&root.join("old.doc"), b"\xD0\xCF\x11\xE0 an old Word file");
    let before = snapshot(&root);

    let corpus = load(&root);
    let mut titles: Vec<&str> = corpus.documents.iter().map(|d| d.title.as_str()).collect();
    titles.sort_unstable();
    assert_eq!(
        titles,
        [
            "Central bank holds rates steady",
            "Harvest comes early",
            "Oil prices climb on supply fears",
            "Storm batters the east coast",
            "Voters head to the polls in Lisbon",
        ]
    );
    let harvest = corpus
        .documents
        .iter()
        .find(|d| d.title == "Harvest comes early")
        .unwrap();
    assert_eq!(
        harvest.body,
        "Farmers began the harvest two weeks early this year."
    );
    assert_eq!(harvest.source().file, Path::new("harvest.docx"));
    match reason_of(&corpus, "renamed.docx").as_slice() {
        [(None, SkipReason::Malformed { message })] => {
            assert!(message.contains("not a zip archive"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        reason_of(&corpus, "old.doc").as_slice(),
        [(None, SkipReason::Unsupported { .. })]
    ));
    assert_eq!(snapshot(&root), before, "the folder was changed");
}
