//! Loading a folder, a file or the built-in demo into a [`Corpus`] of documents.
//!
//! Every file that cannot be loaded is listed in the [`LoadReport`] with the reason, and loading
//! goes on: a bad file is never fatal. The user's files are only ever read.

mod csv;
pub mod date;
mod decode;
mod demo;
mod escaped_html;
mod feed;
mod html;
mod html_nesting;
mod json;
mod mail;
mod markdown;
mod news_database;
mod office;
mod read;
mod record;
mod report;
mod rtf;
mod text;
mod walk;
mod xml;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::progress::{Cancel, Progress, ProgressSink, Stage};

pub use demo::load_demo;
pub use report::{LoadReport, SkipReason, Skipped, counted, human_size, path_text, thousands};

/// Where a document came from: a file (relative to the loaded root, or its file name when a
/// single file was loaded) and the 1-based position of the document inside that file.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Source {
    #[serde(serialize_with = "report::serialize_path")]
    pub file: PathBuf,
    pub item: u32,
}

/// One news item: a story or a headline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// The headline, the explicit title, or (for a story without one) its first sentence.
    pub title: String,
    /// The text without the title; empty for a bare headline.
    pub body: String,
    /// True when `title` was given by the file (a title line, a title field, an HTML title)
    /// rather than taken from the start of `body`.
    pub title_is_explicit: bool,
    /// Every place this exact document was found; the first is where it was seen first.
    /// More than one when exact duplicates were merged.
    pub sources: Vec<Source>,
    /// The day it was published, where the file says (a feed's, a message's, a record's or a
    /// page's date; see [`date`]); text files give none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<chrono::NaiveDate>,
}

impl Document {
    /// The text analysed for the given fields. With `Fields::All`, an explicit title is followed
    /// by the body; a derived title is already the start of the body, so it is not repeated.
    pub fn text_for(&self, fields: Fields) -> std::borrow::Cow<'_, str> {
        use std::borrow::Cow;
        match fields {
            Fields::Title => Cow::Borrowed(&self.title),
            Fields::All if self.body.is_empty() => Cow::Borrowed(&self.title),
            Fields::All if !self.title_is_explicit || self.title.is_empty() => {
                Cow::Borrowed(&self.body)
            }
            Fields::All => Cow::Owned(format!("{}\n\n{}", self.title, self.body)),
        }
    }

    /// The first source: where this document was found first.
    pub fn source(&self) -> &Source {
        &self.sources[0]
    }
}

/// Which text of each document is clustered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fields {
    /// Title and body.
    #[default]
    All,
    /// Titles and headlines only.
    Title,
}

/// Documents loaded from a folder, some files, or the demo, with the report of what was skipped.
#[derive(Clone, Debug)]
pub struct Corpus {
    /// The folder that [`Source::file`] paths are relative to; `None` for the demo.
    pub root: Option<PathBuf>,
    /// The folder or file name, or "Demo corpus".
    pub name: String,
    /// In file order (files sorted by path), then in order inside each file.
    pub documents: Vec<Document>,
    pub report: LoadReport,
}

impl Corpus {
    /// At most `size` of the documents, taken at an even stride so that every part of the
    /// folder is represented, in their order; the same documents every time. The report is
    /// the whole load's.
    pub fn sample(&self, size: usize) -> Corpus {
        let n = self.documents.len();
        let size = size.min(n);
        let documents = (0..size)
            .map(|i| self.documents[i * n / size].clone())
            .collect();
        Corpus {
            root: self.root.clone(),
            name: self.name.clone(),
            documents,
            report: self.report.clone(),
        }
    }
}

/// Settings for loading.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LoadOptions {
    /// Files of one story or a list of headlines (text, markdown, HTML, word processor files,
    /// a message) larger than this are skipped without being read: at this size one is
    /// rarely news (a log, a book, a dump).
    pub max_file_bytes: u64,
    /// The same for files that hold a collection of documents (CSV, TSV, JSON, JSON Lines,
    /// feeds, mailboxes), which are often large: a published news dataset is one CSV of
    /// hundreds of megabytes.
    pub max_collection_file_bytes: u64,
    /// When the files to read add up to more than this, loading stops once they are listed,
    /// before any is read, with [`LoadError::LargeLoad`], so the person can be asked first.
    /// `None` loads whatever the size.
    pub confirm_above_bytes: Option<u64>,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            max_file_bytes: 20 * 1024 * 1024,
            max_collection_file_bytes: 512 * 1024 * 1024,
            confirm_above_bytes: Some(LARGE_LOAD_BYTES),
        }
    }
}

impl LoadOptions {
    /// The size above which a file of this format is skipped unread.
    fn limit_for(&self, format: Format) -> u64 {
        if format.holds_a_collection() {
            self.max_collection_file_bytes
        } else {
            self.max_file_bytes
        }
    }
}

/// Loads of more text than this (2 GiB) are confirmed first. Loading holds about
/// [`MEMORY_PER_TEXT_BYTE`] bytes of memory per byte of text, so this is already about 16 GB.
pub const LARGE_LOAD_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// Memory a load needs per byte of text read, measured: a folder of 109 MB of news peaked at
/// 890 MB (the texts, the sparse matrix and the dense vectors are all held).
pub const MEMORY_PER_TEXT_BYTE: u64 = 8;

/// What a load would read, known from listing the files without opening any.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Survey {
    /// Regular files found (hidden ones left out, a file reached through links counted once).
    pub files: usize,
    /// Their size.
    pub total_bytes: u64,
    /// The files that would be read: of a supported type and within the size limit.
    pub files_to_read: usize,
    /// Their size: about how much text the load holds in memory.
    pub bytes_to_read: u64,
}

impl Survey {
    /// Roughly how much memory loading and finding the topics would take.
    pub fn memory_estimate(&self) -> u64 {
        self.bytes_to_read.saturating_mul(MEMORY_PER_TEXT_BYTE)
    }

    /// "2.5 GB of text in 1,234 files, which needs roughly 20 GB of memory".
    pub fn describe(&self) -> String {
        format!(
            "{} of text in {} {}, which needs roughly {} of memory",
            human_size(self.bytes_to_read),
            report::thousands(self.files_to_read),
            if self.files_to_read == 1 {
                "file"
            } else {
                "files"
            },
            human_size(self.memory_estimate())
        )
    }

    fn of(files: &[walk::FoundFile], options: &LoadOptions) -> Survey {
        let mut survey = Survey::default();
        for file in files {
            survey.files += 1;
            survey.total_bytes = survey.total_bytes.saturating_add(file.bytes);
            let readable = Format::of(&file.relative)
                .is_ok_and(|format| file.bytes <= options.limit_for(format));
            if readable {
                survey.files_to_read += 1;
                survey.bytes_to_read = survey.bytes_to_read.saturating_add(file.bytes);
            }
        }
        survey
    }
}

/// Why nothing could be loaded. Only about the chosen paths themselves: a bad file inside a
/// folder is a [`Skipped`] entry of the report instead.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{} does not exist", .0.display())]
    NotFound(PathBuf),
    #[error("{} could not be read: {source}", path.display())]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("loading was cancelled")]
    Cancelled,
    /// More than [`LoadOptions::confirm_above_bytes`] to read; nothing was read yet.
    #[error("this is a large load: {}", .0.describe())]
    LargeLoad(Survey),
}

impl From<crate::progress::Cancelled> for LoadError {
    fn from(_: crate::progress::Cancelled) -> Self {
        LoadError::Cancelled
    }
}

/// What one file gave: its documents, the items inside it that were skipped, or the reason the
/// whole file was skipped.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FileOutcome {
    pub documents: Vec<Document>,
    /// The 1-based record, row or line number of each skipped item, with the reason.
    pub skipped_items: Vec<(u32, SkipReason)>,
    /// Set when the whole file was skipped.
    pub skip: Option<SkipReason>,
}

impl FileOutcome {
    fn skipped(reason: SkipReason) -> Self {
        FileOutcome {
            skip: Some(reason),
            ..FileOutcome::default()
        }
    }

    /// A file's documents; a file without any holds no text.
    fn of_documents(documents: Vec<Document>) -> Self {
        if documents.is_empty() {
            FileOutcome::skipped(SkipReason::NoText)
        } else {
            FileOutcome {
                documents,
                ..FileOutcome::default()
            }
        }
    }
}

/// The input formats, chosen by file extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    /// Text, decoded from its bytes before it is parsed.
    Decoded(TextFormat),
    /// Read from the bytes themselves: archives and e-mail carry their own encodings.
    Raw(RawFormat),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TextFormat {
    Text,
    Markdown,
    Html,
    Json,
    JsonLines,
    Csv,
    Tsv,
    /// An RSS or Atom feed, or other XML (which is not read).
    Xml,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RawFormat {
    /// A word processor file (a zip archive).
    Office(office::Office),
    /// One e-mail message.
    Message,
    /// A mailbox of messages.
    Mailbox,
    /// Rich Text Format: escapes name the bytes of its code page.
    Rtf,
}

impl Format {
    /// The format of a file by its extension (case-insensitive); no extension is plain text.
    fn of(file: &Path) -> Result<Format, SkipReason> {
        let extension = file
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        Ok(match extension.as_str() {
            "" | "txt" | "text" => Format::Decoded(TextFormat::Text),
            "md" | "markdown" => Format::Decoded(TextFormat::Markdown),
            "html" | "htm" | "xhtml" => Format::Decoded(TextFormat::Html),
            "json" => Format::Decoded(TextFormat::Json),
            "jsonl" | "ndjson" => Format::Decoded(TextFormat::JsonLines),
            "csv" => Format::Decoded(TextFormat::Csv),
            "tsv" => Format::Decoded(TextFormat::Tsv),
            "xml" | "rss" | "atom" | "rdf" => Format::Decoded(TextFormat::Xml),
            "docx" => Format::Raw(RawFormat::Office(office::Office::Word)),
            "odt" => Format::Raw(RawFormat::Office(office::Office::OpenDocument)),
            "eml" => Format::Raw(RawFormat::Message),
            "mbox" => Format::Raw(RawFormat::Mailbox),
            "rtf" => Format::Raw(RawFormat::Rtf),
            _ => return Err(SkipReason::Unsupported { extension }),
        })
    }

    /// Whether files of this format hold a collection of documents, one a record.
    fn holds_a_collection(self) -> bool {
        matches!(
            self,
            Format::Decoded(
                TextFormat::Json
                    | TextFormat::JsonLines
                    | TextFormat::Csv
                    | TextFormat::Tsv
                    | TextFormat::Xml
            ) | Format::Raw(RawFormat::Mailbox)
        )
    }
}

/// Parses one file's bytes: the format by extension, then decoding, parsing and splitting into
/// documents whose sources name `file`. Touches no file system.
pub fn documents_from_bytes(file: &Path, bytes: &[u8]) -> FileOutcome {
    match Format::of(file) {
        Ok(format) => documents_in_format(format, file, bytes),
        Err(reason) => FileOutcome::skipped(reason),
    }
}

/// [`documents_from_bytes`] once the format is known.
fn documents_in_format(format: Format, file: &Path, bytes: &[u8]) -> FileOutcome {
    match format {
        Format::Raw(RawFormat::Office(kind)) => office::parse_office(bytes, file, kind),
        Format::Raw(RawFormat::Message) => mail::parse_message(bytes, file),
        Format::Raw(RawFormat::Mailbox) => mail::parse_mailbox(bytes, file),
        Format::Raw(RawFormat::Rtf) => rtf::parse_rtf(bytes, file),
        Format::Decoded(format) => match decode::decode(bytes) {
            Ok(text) => documents_from_decoded(format, &text, file),
            Err(reason) => FileOutcome::skipped(reason),
        },
    }
}

/// Parses decoded text in the given format.
fn documents_from_decoded(format: TextFormat, text: &str, file: &Path) -> FileOutcome {
    match format {
        TextFormat::Text => FileOutcome::of_documents(text::documents_from_text(
            &escaped_html::unescape(text),
            file,
        )),
        TextFormat::Markdown => {
            FileOutcome::of_documents(markdown::documents_from_markdown(text, file))
        }
        TextFormat::Html => html::parse_html(text, file),
        TextFormat::Json => json::parse_json(text, file),
        TextFormat::JsonLines => json::parse_json_lines(text, file),
        TextFormat::Csv => csv::parse_delimited(text, file, b','),
        TextFormat::Tsv => csv::parse_delimited(text, file, b'\t'),
        TextFormat::Xml if feed::is_feed(text) => feed::parse_feed(text, file),
        TextFormat::Xml => FileOutcome::skipped(SkipReason::Unsupported {
            extension: format!(
                "{}: not an RSS or Atom feed",
                file.extension().unwrap_or_default().to_string_lossy()
            ),
        }),
    }
}

/// Loads one folder or file. See [`load_paths`].
pub fn load_path(
    path: &Path,
    options: &LoadOptions,
    progress: &dyn ProgressSink,
    cancel: &Cancel,
) -> Result<Corpus, LoadError> {
    load_paths(&[path.to_path_buf()], options, progress, cancel)
}

/// Loads folders (recursively) and files into one corpus. Source paths are relative to the
/// folder when one folder is loaded, the file name when one file is, and relative to the
/// common parent folder of several paths. Fails only when a chosen path is missing or
/// unreadable, or on cancellation; every bad file inside is reported and skipped.
pub fn load_paths(
    paths: &[PathBuf],
    options: &LoadOptions,
    progress: &dyn ProgressSink,
    cancel: &Cancel,
) -> Result<Corpus, LoadError> {
    cancel.check()?;
    let (root, chosen) = chosen_paths(paths)?;
    progress.report(Progress {
        stage: Stage::Walking,
        done: 0,
        total: 0,
    });
    let listing = walk::list_files(&chosen, progress, cancel)?;
    cancel.check()?;
    if let Some(limit) = options.confirm_above_bytes {
        let survey = Survey::of(&listing.files, options);
        if survey.bytes_to_read > limit {
            return Err(LoadError::LargeLoad(survey));
        }
    }

    let total = listing.files.len();
    let reporter = ReadingProgress::new(total, progress);
    let outcomes = listing
        .files
        .par_iter()
        .map(|file| {
            cancel.check()?;
            let outcome = match Format::of(&file.relative) {
                Err(reason) => (0, FileOutcome::skipped(reason)),
                Ok(format) => match read::read_limited(&file.path, options.limit_for(format)) {
                    Ok(bytes) => (
                        bytes.len() as u64,
                        documents_in_format(format, &file.relative, &bytes),
                    ),
                    Err(reason) => (0, FileOutcome::skipped(reason)),
                },
            };
            reporter.file_done();
            Ok((file.relative.clone(), outcome.0, outcome.1))
        })
        .collect::<Result<Vec<_>, LoadError>>()?;

    let (documents, report) = assemble(outcomes, listing.skipped, listing.found);
    Ok(Corpus {
        name: corpus_name(paths),
        root: Some(root),
        documents,
        report,
    })
}

/// The corpus root and each chosen path relative to it.
fn chosen_paths(paths: &[PathBuf]) -> Result<(PathBuf, Vec<walk::ChosenPath>), LoadError> {
    let mut absolute = Vec::with_capacity(paths.len());
    for path in paths {
        let path = std::path::absolute(path).map_err(|source| LoadError::Unreadable {
            path: path.clone(),
            source,
        })?;
        let is_dir = match std::fs::metadata(&path) {
            Ok(metadata) => metadata.is_dir(),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Err(LoadError::NotFound(path));
            }
            Err(source) => return Err(LoadError::Unreadable { path, source }),
        };
        absolute.push((path, is_dir));
    }
    // One folder is its own root; otherwise the folder holding every chosen path.
    let root = match absolute.as_slice() {
        [] => PathBuf::new(),
        [(path, true)] => path.clone(),
        _ => absolute
            .iter()
            .map(|(path, _)| path.parent().unwrap_or(path).to_path_buf())
            .reduce(|common, parent| common_ancestor(&common, &parent))
            .unwrap_or_default(),
    };
    let chosen = absolute
        .into_iter()
        .map(|(path, _)| walk::ChosenPath {
            relative: path.strip_prefix(&root).unwrap_or(&path).to_path_buf(),
            path,
        })
        .collect();
    Ok((root, chosen))
}

fn common_ancestor(a: &Path, b: &Path) -> PathBuf {
    a.components()
        .zip(b.components())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x)
        .collect()
}

/// "news" for a folder, "headlines.txt" for a file, "a.txt and 2 more" for several paths.
fn corpus_name(paths: &[PathBuf]) -> String {
    let name = |path: &PathBuf| {
        std::path::absolute(path)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| path.display().to_string())
    };
    match paths {
        [] => String::new(),
        [one] => name(one),
        [first, rest @ ..] => format!("{} and {} more", name(first), rest.len()),
    }
}

/// Reports files read at most about every 1%, in increasing order, from any thread.
struct ReadingProgress<'a> {
    total: usize,
    step: usize,
    done: AtomicUsize,
    last_reported: Mutex<usize>,
    sink: &'a dyn ProgressSink,
}

impl<'a> ReadingProgress<'a> {
    fn new(total: usize, sink: &'a dyn ProgressSink) -> Self {
        sink.report(Progress {
            stage: Stage::Reading,
            done: 0,
            total,
        });
        ReadingProgress {
            total,
            step: (total / 100).max(1),
            done: AtomicUsize::new(0),
            last_reported: Mutex::new(0),
            sink,
        }
    }

    fn file_done(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if !done.is_multiple_of(self.step) && done != self.total {
            return;
        }
        let Ok(mut last) = self.last_reported.lock() else {
            return;
        };
        if done > *last {
            *last = done;
            self.sink.report(Progress {
                stage: Stage::Reading,
                done,
                total: self.total,
            });
        }
    }
}

/// Puts the outcomes of files (in path order) together: documents in order, duplicates merged,
/// the report filled in and its skipped entries sorted by path and item.
fn assemble(
    outcomes: Vec<(PathBuf, u64, FileOutcome)>,
    mut skipped: Vec<Skipped>,
    files_found: usize,
) -> (Vec<Document>, LoadReport) {
    let mut report = LoadReport {
        files_found,
        ..LoadReport::default()
    };
    let mut documents = Vec::new();
    for (path, bytes, outcome) in outcomes {
        report.bytes_read += bytes;
        if !outcome.documents.is_empty() {
            report.files_loaded += 1;
        }
        documents.extend(outcome.documents);
        if let Some(reason) = outcome.skip {
            skipped.push(Skipped {
                path: path.clone(),
                item: None,
                reason,
            });
        }
        skipped.extend(
            outcome
                .skipped_items
                .into_iter()
                .map(|(item, reason)| Skipped {
                    path: path.clone(),
                    item: Some(item),
                    reason,
                }),
        );
    }
    skipped.sort_by(|a, b| {
        walk::path_bytes(&a.path)
            .cmp(walk::path_bytes(&b.path))
            .then(a.item.cmp(&b.item))
    });
    let (documents, merged) = merge_duplicates(documents);
    report.documents = documents.len();
    report.duplicates_merged = merged;
    report.skipped = skipped;
    (documents, report)
}

/// Merges exact duplicates (same title and body, ignoring surrounding whitespace) into the
/// first copy, whose sources gain the duplicate's, and whose date is the earliest of theirs. Returns the documents and how many merged.
fn merge_duplicates(documents: Vec<Document>) -> (Vec<Document>, usize) {
    // The first document with each text, found on borrowed text: no text is copied.
    let first: Vec<usize> = {
        let mut first_of: rustc_hash::FxHashMap<(&str, &str), usize> =
            rustc_hash::FxHashMap::default();
        first_of.reserve(documents.len());
        documents
            .iter()
            .enumerate()
            .map(|(i, d)| *first_of.entry((d.title.trim(), d.body.trim())).or_insert(i))
            .collect()
    };
    let mut kept: Vec<Document> = Vec::with_capacity(documents.len());
    let mut kept_at = vec![usize::MAX; documents.len()];
    let mut merged = 0;
    for (index, document) in documents.into_iter().enumerate() {
        let first = first[index];
        if first == index {
            kept_at[index] = kept.len();
            kept.push(document);
        } else {
            let copy = &mut kept[kept_at[first]];
            copy.sources.extend(document.sources);
            // The story was out by its earliest copy's date.
            copy.date = copy.date.into_iter().chain(document.date).min();
            merged += 1;
        }
    }
    (kept, merged)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, body: &str, file: &str) -> Document {
        Document {
            title: title.into(),
            body: body.into(),
            title_is_explicit: true,
            sources: vec![Source {
                file: file.into(),
                item: 1,
            }],
            date: None,
        }
    }

    #[test]
    fn a_sample_spreads_evenly_and_keeps_the_order() {
        let corpus = Corpus {
            root: None,
            name: "ten".into(),
            documents: (0..10)
                .map(|i| doc(&format!("T{i}"), "body", &format!("{i}.txt")))
                .collect(),
            report: LoadReport::default(),
        };
        let titles =
            |c: &Corpus| -> Vec<String> { c.documents.iter().map(|d| d.title.clone()).collect() };
        assert_eq!(titles(&corpus.sample(4)), ["T0", "T2", "T5", "T7"]);
        assert_eq!(titles(&corpus.sample(10)), titles(&corpus));
        assert_eq!(corpus.sample(50).documents.len(), 10);
        assert!(corpus.sample(0).documents.is_empty());
    }

    #[test]
    fn exact_duplicates_merge_into_the_first() {
        let (docs, merged) = merge_duplicates(vec![
            doc("A", "body", "1.txt"),
            doc("B", "body", "2.txt"),
            doc(" A ", "body\n", "3.txt"),
            doc("A", "other body", "4.txt"),
        ]);
        assert_eq!(merged, 1);
        assert_eq!(docs.len(), 3);
        let files: Vec<_> = docs[0].sources.iter().map(|s| s.file.clone()).collect();
        assert_eq!(files, [PathBuf::from("1.txt"), PathBuf::from("3.txt")]);
    }

    #[test]
    fn a_story_found_twice_is_dated_by_its_earliest_copy() {
        let day = |d| chrono::NaiveDate::from_ymd_opt(2024, 3, d);
        let dated = |date, file| Document {
            date,
            ..doc("A", "body", file)
        };
        let earliest = |dates: [Option<chrono::NaiveDate>; 3]| {
            let copies = dates
                .iter()
                .zip(["1.json", "2.json", "3.json"])
                .map(|(&date, file)| dated(date, file))
                .collect();
            merge_duplicates(copies).0[0].date
        };
        assert_eq!(earliest([day(12), day(10), day(11)]), day(10));
        assert_eq!(earliest([None, day(11), None]), day(11));
        assert_eq!(earliest([None, None, None]), None);
    }

    #[test]
    fn format_follows_the_extension_case_insensitively() {
        for (name, format) in [
            ("a/B.TXT", Format::Decoded(TextFormat::Text)),
            ("README", Format::Decoded(TextFormat::Text)),
            ("x.Markdown", Format::Decoded(TextFormat::Markdown)),
            ("x.NDJSON", Format::Decoded(TextFormat::JsonLines)),
            ("x.Rss", Format::Decoded(TextFormat::Xml)),
            (
                "x.DOCX",
                Format::Raw(RawFormat::Office(office::Office::Word)),
            ),
            (
                "x.odt",
                Format::Raw(RawFormat::Office(office::Office::OpenDocument)),
            ),
            ("x.EML", Format::Raw(RawFormat::Message)),
            ("x.mbox", Format::Raw(RawFormat::Mailbox)),
            ("x.RTF", Format::Raw(RawFormat::Rtf)),
        ] {
            assert_eq!(Format::of(Path::new(name)), Ok(format), "{name}");
        }
        assert_eq!(
            Format::of(Path::new("x.PDF")),
            Err(SkipReason::Unsupported {
                extension: "pdf".into()
            })
        );
        assert_eq!(
            Format::of(Path::new("x.exe")),
            Err(SkipReason::Unsupported {
                extension: "exe".into()
            })
        );
    }

    #[test]
    fn bytes_are_parsed_without_a_file_system() {
        let out = documents_from_bytes(Path::new("n/a.csv"), b"title\nOne\n\nTwo\n");
        assert_eq!(out.documents.len(), 2);
        assert_eq!(out.documents[1].sources[0].file, PathBuf::from("n/a.csv"));
        let binary = documents_from_bytes(Path::new("a.txt"), b"\x00\x01\x02");
        assert_eq!(binary.skip, Some(SkipReason::Binary));
        let pdf = documents_from_bytes(Path::new("a.pdf"), b"%PDF-1.4");
        assert_eq!(
            pdf.skip,
            Some(SkipReason::Unsupported {
                extension: "pdf".into()
            })
        );
        let crlf = documents_from_bytes(Path::new("a.txt"), b"Title here\r\n\r\nBody line.\r\n");
        assert_eq!(crlf.documents[0].title, "Title here");
        assert_eq!(crlf.documents[0].body, "Body line.");
    }

    #[test]
    fn xml_is_read_when_it_is_a_feed_and_reported_otherwise() {
        let feed = b"<rss><channel><item><title>Storm hits coast</title></item></channel></rss>";
        for name in ["news.xml", "news.rss", "NEWS.RSS", "news.atom"] {
            let out = documents_from_bytes(Path::new(name), feed);
            assert_eq!(out.documents.len(), 1, "{name}");
            assert_eq!(out.documents[0].title, "Storm hits coast");
        }
        let other = documents_from_bytes(Path::new("settings.xml"), b"<config><a>1</a></config>");
        let reason = other.skip.expect("skipped");
        assert_eq!(reason.category(), "unsupported");
        assert_eq!(
            reason.to_string(),
            "unsupported file type (.xml: not an RSS or Atom feed)"
        );
    }

    #[test]
    fn common_ancestor_of_paths() {
        assert_eq!(
            common_ancestor(Path::new("/a/b/c"), Path::new("/a/b/d/e")),
            PathBuf::from("/a/b")
        );
    }
}
