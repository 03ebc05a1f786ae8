//! How soon the window has topics to show: a folder opened through the window's worker, with
//! the time until it is loaded, until the topics of the preview's sample arrive (folders above
//! the preview threshold only) and until the whole corpus's do.
//!
//!     TOPIC_ATLAS_BENCH_CORPUS=/path/to/folder cargo bench --bench first_topics
//!     TOPIC_ATLAS_BENCH_PREVIEW=0 ...      # without the preview, for what it costs
//!
//! Run once per call: a second open of the same folder would find it in the page cache.
//! No thresholds: this measures, it does not judge.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use topic_atlas::app::worker::{Job, PreviewPolicy, Source, Update, Worker};
use topic_atlas::corpus::LoadOptions;
use topic_atlas::pipeline::Settings;

/// The allocator the program runs with (see `src/main.rs`), so the figures are the program's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let Some(folder) = std::env::var_os("TOPIC_ATLAS_BENCH_CORPUS").map(PathBuf::from) else {
        eprintln!("set TOPIC_ATLAS_BENCH_CORPUS to a folder");
        return;
    };
    let preview = match std::env::var("TOPIC_ATLAS_BENCH_PREVIEW").as_deref() {
        Ok("0") => PreviewPolicy::NEVER,
        _ => PreviewPolicy::default(),
    };
    let mut worker = Worker::spawn(|| {});
    let start = Instant::now();
    worker.submit(Job::Open {
        source: Source::Paths(vec![folder.clone()]),
        settings: Settings::default(),
        edits: Vec::new(),
        load: LoadOptions {
            confirm_above_bytes: None,
            ..LoadOptions::default()
        },
        preview,
    });
    println!("{} (k = automatic):", folder.display());
    loop {
        for update in worker.poll() {
            let at = start.elapsed().as_secs_f64();
            match update {
                Update::Loaded(corpus) => {
                    println!("  loaded {} documents at {at:.2} s", corpus.documents.len());
                }
                Update::Preview(outcome) => println!(
                    "  topics of a sample of {} at {at:.2} s ({} topics)",
                    outcome.corpus.documents.len(),
                    outcome.topics.topics.len()
                ),
                Update::Finished(outcome) => println!(
                    "  topics of all {} at {at:.2} s ({} topics)",
                    outcome.corpus.documents.len(),
                    outcome.topics.topics.len()
                ),
                Update::Failed(message) => println!("  failed at {at:.2} s: {message}"),
                _ => {}
            }
        }
        if !worker.is_busy() {
            return;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}
