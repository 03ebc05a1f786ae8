//! The `topic-atlas` command: with no subcommand it opens the window; `cluster` runs the
//! pipeline headless and writes CSV, JSON or an HTML report, and optionally the map as PNG.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Instant;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand, ValueEnum};

use topic_atlas::cluster::TopicCount;
use topic_atlas::corpus::{self, Fields, LoadError, LoadOptions, counted};
use topic_atlas::export;
use topic_atlas::export::session::Session;
use topic_atlas::pipeline::{Pipeline, Settings, StageTime, VectorKind};
use topic_atlas::progress::{Cancel, Progress, ProgressSink, Stage};
use topic_atlas::topics::timeline::{MOST_BARS, Period};

/// Explore the topics in a pile of news.
///
/// Opens a window on PATH (a folder of articles or a file of headlines), or on the built-in
/// demo corpus when no PATH is given. `topic-atlas cluster PATH` finds the topics without a
/// window and writes them as CSV or JSON.
///
/// Formats read: .txt and files without an extension (a story, a list of headlines one per
/// line, or both), .md, .html/.htm, .json (an object or an array of objects), .jsonl/.ndjson,
/// .csv/.tsv (with a header row naming title/headline and text/body/content/description
/// columns). Files that cannot be read are skipped and listed in the load report.
#[derive(Parser, Debug)]
#[command(name = "topic-atlas", version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Folder or file to open in the window (default: the demo corpus).
    path: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Find the topics of PATH without a window and write every document's topic.
    Cluster(ClusterArgs),
}

#[derive(Parser, Debug)]
struct ClusterArgs {
    /// Folder (read recursively) or single file of news.
    path: PathBuf,
    /// Number of topics, or `auto` to choose it from the data [default: auto].
    #[arg(long, value_name = "N|auto")]
    k: Option<TopicCount>,
    /// Seed for every random choice: the same seed gives the same topics [default: 0].
    #[arg(long)]
    seed: Option<u64>,
    /// Which text to cluster: `all` (title and body) or `title` (titles and headlines only)
    /// [default: all].
    #[arg(long, value_enum)]
    fields: Option<FieldsArg>,
    /// What documents are compared by: `terms` (TF-IDF reduced by LSA) or `terms+meaning`
    /// (also the meaning of their words, from built-in English word vectors; it lets headlines
    /// that share no word meet) [default: terms+meaning].
    #[arg(long, value_enum)]
    vectors: Option<VectorsArg>,
    /// Take documents' meaning from a sentence-embedding model in FOLDER instead of the
    /// built-in word vectors: a BERT model as sentence-transformers saves it (config.json,
    /// tokenizer.json, model.safetensors; all-MiniLM-L6-v2, say). Much slower: a minute or
    /// more per 10,000 headlines on two cores.
    #[arg(long, value_name = "FOLDER")]
    sentence_model: Option<PathBuf>,
    /// Apply a session saved by the window (File ▸ Save session): its settings and the
    /// topics' edits (names, merges, splits, moved articles). Options given here override
    /// the session's settings.
    #[arg(long, value_name = "FILE")]
    session: Option<PathBuf>,
    /// Output format. CSV has the header `file,item,cluster,label`: the file relative to PATH,
    /// the 1-based position of the document in its file, the topic id and the topic's label.
    /// JSON holds the topics (keywords, sizes, representative documents), every document, how
    /// the number of topics was chosen, the load report and the time of each stage. HTML is a
    /// self-contained report to read in a browser: the topics and their articles' titles.
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    format: Format,
    /// Write to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Also draw the map (every document a dot in its topic's colour, the topics' labels) as
    /// a 1600 × 1000 PNG picture in FILE.
    #[arg(long, value_name = "FILE.png")]
    map: Option<PathBuf>,
    /// Also write the topics over time, where the files give publication dates, as CSV in
    /// FILE: a row per day, week or month (its first day), a column per topic with how many
    /// of its articles appeared then, and their sum.
    #[arg(long, value_name = "FILE.csv")]
    over_time: Option<PathBuf>,
    /// The period of `--over-time`'s rows [default: the shortest whose rows hold four
    /// articles on average].
    #[arg(long, value_enum, requires = "over_time")]
    period: Option<PeriodArg>,
    /// Print no progress on standard error.
    #[arg(long, short)]
    quiet: bool,
    /// Load without asking even when there is more than 2 GB of text to read (which needs
    /// roughly 16 GB of memory). Without it, such a load asks first on a terminal and stops
    /// with an error otherwise.
    #[arg(long, short = 'y')]
    yes: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum PeriodArg {
    Day,
    Week,
    Month,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum FieldsArg {
    All,
    Title,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum VectorsArg {
    Terms,
    #[value(name = "terms+meaning")]
    TermsMeaning,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
    Csv,
    Json,
    Html,
}

/// mimalloc rather than the system allocator: counting words makes and frees millions of small
/// strings from both cores at once. Measured on 20newsgroups (18,331 files, median of 7 runs):
/// vectorizing 1.59 -> 1.11 s, the whole run 4.68 -> 4.30 s; on 91,374 documents 18.9 -> 17.2 s
/// and peak memory 893 -> 757 MB. Built with its `no_thp` feature: by default it asks Linux
/// for transparent huge pages, whose 2 MB pages kept 30-40 MB more at the peak for no speed
/// that runs could tell apart (medians of 6 alternating runs: 20newsgroups 245 -> 211 MB,
/// ag-news-test 147 -> 107 MB, bbc-news 127 -> 97 MB, bbc-news titles 88 -> 55 MB).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Cluster(args)) => cluster(args),
        None => open_window(cli.path),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(feature = "gui")]
fn open_window(path: Option<PathBuf>) -> anyhow::Result<()> {
    topic_atlas::app::run(path).map_err(|e| anyhow::anyhow!("could not open the window: {e}"))
}

#[cfg(not(feature = "gui"))]
fn open_window(_path: Option<PathBuf>) -> anyhow::Result<()> {
    bail!(
        "this build has no window (built without the `gui` feature); use `topic-atlas cluster PATH`, see --help"
    )
}

fn cluster(args: ClusterArgs) -> anyhow::Result<()> {
    let progress = StderrProgress::new(args.quiet);
    let cancel = Cancel::new();
    let start = Instant::now();
    let corpus = load(&args, &progress, &cancel)?;
    let load_time = StageTime {
        stage: Stage::Reading,
        seconds: start.elapsed().as_secs_f64(),
        cached: false,
    };
    progress.finish_line();
    if !args.quiet {
        eprint!("{}", load_summary(&corpus));
    }
    if corpus.documents.is_empty() {
        bail!("no readable documents in {}", args.path.display());
    }

    let (mut settings, edits) = match &args.session {
        Some(path) => {
            let session = Session::read(path)?;
            (session.settings, session.edits)
        }
        None => (Settings::default(), Vec::new()),
    };
    if let Some(fields) = args.fields {
        settings.fields = match fields {
            FieldsArg::All => Fields::All,
            FieldsArg::Title => Fields::Title,
        };
    }
    if let Some(k) = args.k {
        settings.topics = k;
    }
    if let Some(seed) = args.seed {
        settings.seed = seed;
    }
    if let Some(folder) = &args.sentence_model {
        settings.sentence_model = Some(folder.clone());
        settings.vectors = VectorKind::TermsAndMeaning;
    }
    if let Some(vectors) = args.vectors {
        settings.vectors = match vectors {
            VectorsArg::Terms => VectorKind::Terms,
            VectorsArg::TermsMeaning => VectorKind::TermsAndMeaning,
        };
    }
    let mut pipeline = Pipeline::new(std::sync::Arc::new(corpus));
    // The JSON output and the picture place every document on the map; CSV and HTML do not.
    if args.map.is_none() && !matches!(args.format, Format::Json) {
        pipeline = pipeline.without_map();
    }
    let mut outcome = pipeline.run_with_edits(&settings, &edits, &progress, &cancel)?;
    progress.finish_line();
    outcome.timings.insert(0, load_time);
    if !args.quiet {
        eprintln!(
            "{} in {} ({}), {:.2} s",
            counted(outcome.topics.topics.len(), "topic"),
            counted(outcome.corpus.documents.len(), "document"),
            outcome.language().name(),
            start.elapsed().as_secs_f64()
        );
    }

    let mut out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot write {}", path.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    match args.format {
        Format::Csv => export::write_csv(&outcome, &mut out)?,
        Format::Json => export::write_json(&outcome, &mut out)?,
        Format::Html => export::write_html_report(&outcome, &export::TOPIC_COLORS, &mut out)?,
    }
    out.flush().context("cannot write the output")?;
    if let Some(path) = &args.map {
        let png = export::render_map_png(&outcome, &export::TOPIC_COLORS, 1600, 1000, false)?;
        std::fs::write(path, png).with_context(|| format!("cannot write {}", path.display()))?;
    }
    if let Some(path) = &args.over_time {
        let period = args.period.map(|p| match p {
            PeriodArg::Day => Period::Day,
            PeriodArg::Week => Period::Week,
            PeriodArg::Month => Period::Month,
        });
        match outcome.timeline(period) {
            Some(timeline) => {
                if !args.quiet && period.is_some_and(|p| p != timeline.period) {
                    eprintln!(
                        "a row a {} would make more than {MOST_BARS} rows: a row a {}",
                        period.map_or("", Period::name),
                        timeline.period.name()
                    );
                }
                let mut file = std::io::BufWriter::new(
                    std::fs::File::create(path)
                        .with_context(|| format!("cannot write {}", path.display()))?,
                );
                export::write_over_time_csv(&outcome, &timeline, &mut file)?;
                file.flush()
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
            None => eprintln!(
                "no document has a publication date: {} not written",
                path.display()
            ),
        }
    }
    Ok(())
}

/// Loads the path; a load too large to start without asking is confirmed first.
fn load(
    args: &ClusterArgs,
    progress: &StderrProgress,
    cancel: &Cancel,
) -> anyhow::Result<corpus::Corpus> {
    let mut options = LoadOptions::default();
    if args.yes {
        options.confirm_above_bytes = None;
    }
    let path = &args.path;
    match corpus::load_path(path, &options, progress, cancel) {
        Err(LoadError::LargeLoad(survey)) => {
            progress.finish_line();
            if !confirm_large_load(path, &survey)? {
                bail!(
                    "{} was not loaded: it holds {}; pass --yes to load it anyway",
                    path.display(),
                    survey.describe()
                );
            }
            options.confirm_above_bytes = None;
            corpus::load_path(path, &options, progress, cancel)
        }
        other => other,
    }
    .with_context(|| format!("cannot load {}", path.display()))
}

/// Asks on the terminal whether to go on with a large load; `false` when there is no one to
/// ask (standard input or error is not a terminal): a script must say --yes.
fn confirm_large_load(path: &std::path::Path, survey: &corpus::Survey) -> anyhow::Result<bool> {
    if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        return Ok(false);
    }
    eprint!(
        "{} holds {}. Load it anyway? [y/N] ",
        path.display(),
        survey.describe()
    );
    let mut answer = String::new();
    std::io::stdin()
        .read_line(&mut answer)
        .context("cannot read the answer")?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "Yes" | "YES"))
}

/// What was loaded, and what was skipped by reason with the first few files: lines for
/// standard error. The JSON output's load report lists every skipped file.
fn load_summary(corpus: &corpus::Corpus) -> String {
    /// More skipped files than this are counted, not listed.
    const LISTED: usize = 20;
    let report = &corpus.report;
    let mut text = format!(
        "loaded {} from {}",
        counted(corpus.documents.len(), "document"),
        counted(report.files_loaded, "file")
    );
    if report.duplicates_merged > 0 {
        text.push_str(&format!(
            ", {} merged",
            counted(report.duplicates_merged, "exact duplicate")
        ));
    }
    text.push('\n');
    if report.skipped.is_empty() {
        return text;
    }
    text.push_str(&format!(
        "skipped {}: {}\n",
        report.skipped.len(),
        report.skipped_summary()
    ));
    for skipped in report.skipped.iter().take(LISTED) {
        text.push_str(&format!("  {}: {}\n", skipped.place(), skipped.reason));
    }
    if report.skipped.len() > LISTED {
        text.push_str(&format!(
            "  … and {} more (--format json lists them all in its load report)\n",
            report.skipped.len() - LISTED
        ));
    }
    text
}

/// Progress on standard error: a line rewritten in place on a terminal, a line per stage
/// otherwise.
struct StderrProgress {
    quiet: bool,
    terminal: bool,
    last: Mutex<Option<(Stage, usize)>>,
}

impl StderrProgress {
    fn new(quiet: bool) -> Self {
        Self {
            quiet,
            terminal: std::io::stderr().is_terminal(),
            last: Mutex::new(None),
        }
    }

    fn finish_line(&self) {
        if !self.quiet && self.terminal {
            eprintln!();
        }
    }
}

impl ProgressSink for StderrProgress {
    fn report(&self, p: Progress) {
        if self.quiet {
            return;
        }
        let Ok(mut last) = self.last.lock() else {
            return;
        };
        let percent = (p.done * 100).checked_div(p.total).unwrap_or(0);
        let stage_changed = last.is_none_or(|(stage, _)| stage != p.stage);
        if self.terminal {
            if stage_changed || last.is_some_and(|(_, before)| before != percent) {
                let counts = if p.total > 0 {
                    format!(" {}/{}", p.done, p.total)
                } else {
                    String::new()
                };
                eprint!("\r\x1b[2K{}{counts}", p.stage.describe());
            }
        } else if stage_changed {
            eprintln!("{}…", p.stage.describe());
        }
        *last = Some((p.stage, percent));
    }
}
