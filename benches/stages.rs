//! Time of every pipeline stage, and how it grows with the number of documents.
//!
//!     cargo bench --bench stages                       # the built-in demo corpus
//!     TOPIC_ATLAS_BENCH_CORPUS=/path/to/folder cargo bench --bench stages
//!     TOPIC_ATLAS_BENCH_SCALES=10000,20000,50000,100000 cargo bench --bench stages
//!
//! A folder is read `REPEATS` times and the median of each stage is printed. Then the
//! documents are repeated (each copy made distinct, so that nothing is merged) up to every
//! scale asked for, and the whole pipeline runs at each: the figures behind the README's table
//! of how cost grows. Re-clustering with another k shows what the caches save. No thresholds:
//! this measures, it does not judge.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use topic_atlas::cluster::TopicCount;
use topic_atlas::corpus::{self, Corpus, LoadOptions};
use topic_atlas::pipeline::{Pipeline, Settings};
use topic_atlas::progress::{Cancel, NoProgress, Stage};

const REPEATS: usize = 5;

/// The allocator the program runs with (see `src/main.rs`), so the figures are the program's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let corpus_path = std::env::var_os("TOPIC_ATLAS_BENCH_CORPUS").map(PathBuf::from);
    let (corpus, read_seconds) = read(corpus_path.as_ref());
    println!(
        "corpus: {} ({} documents), reading: median {:.3} s over {REPEATS} runs",
        corpus.name,
        corpus.documents.len(),
        read_seconds
    );
    let corpus = Arc::new(corpus);

    stage_medians(&corpus, TopicCount::Fixed(10), "k = 10");
    stage_medians(&corpus, TopicCount::Auto, "k = auto");
    recluster(&corpus);

    let scales: Vec<usize> = std::env::var("TOPIC_ATLAS_BENCH_SCALES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_default();
    for n in scales {
        scaled(&corpus, n);
    }
}

/// Loads the folder (or the demo) `REPEATS` times; the corpus and the median time.
fn read(path: Option<&PathBuf>) -> (Corpus, f64) {
    let mut times = Vec::new();
    let mut corpus = None;
    for _ in 0..REPEATS {
        let start = Instant::now();
        let loaded = match path {
            Some(path) => {
                corpus::load_path(path, &LoadOptions::default(), &NoProgress, &Cancel::new())
                    .unwrap_or_else(|e| panic!("cannot load {}: {e}", path.display()))
            }
            None => corpus::load_demo(),
        };
        times.push(start.elapsed().as_secs_f64());
        corpus = Some(loaded);
    }
    (corpus.expect("read at least once"), median(&mut times))
}

/// Runs the whole pipeline `REPEATS` times from scratch and prints each stage's median.
fn stage_medians(corpus: &Arc<Corpus>, topics: TopicCount, what: &str) {
    let settings = Settings {
        topics,
        ..Settings::default()
    };
    let mut per_stage: Vec<(Stage, Vec<f64>)> = Vec::new();
    let mut totals = Vec::new();
    for _ in 0..REPEATS {
        let start = Instant::now();
        let outcome = Pipeline::new(corpus.clone())
            .run(&settings, &NoProgress, &Cancel::new())
            .expect("the pipeline runs");
        totals.push(start.elapsed().as_secs_f64());
        for time in outcome.timings {
            match per_stage.iter_mut().find(|(stage, _)| *stage == time.stage) {
                Some((_, times)) => times.push(time.seconds),
                None => per_stage.push((time.stage, vec![time.seconds])),
            }
        }
    }
    println!("{what}: total median {:.3} s", median(&mut totals));
    for (stage, mut times) in per_stage {
        println!("  {stage:?}: median {:.3} s", median(&mut times));
    }
}

/// Clusters once, then again with another k: only clustering and what follows it re-run.
fn recluster(corpus: &Arc<Corpus>) {
    let mut pipeline = Pipeline::new(corpus.clone());
    let first = Settings {
        topics: TopicCount::Fixed(8),
        ..Settings::default()
    };
    pipeline
        .run(&first, &NoProgress, &Cancel::new())
        .expect("the pipeline runs");
    let mut times = Vec::new();
    let mut per_stage: Vec<(Stage, Vec<f64>)> = Vec::new();
    for k in [9, 10, 11, 12, 13] {
        let settings = Settings {
            topics: TopicCount::Fixed(k),
            ..first.clone()
        };
        let start = Instant::now();
        let outcome = pipeline
            .run(&settings, &NoProgress, &Cancel::new())
            .expect("the pipeline runs");
        times.push(start.elapsed().as_secs_f64());
        for time in outcome.timings.iter().filter(|t| !t.cached) {
            match per_stage.iter_mut().find(|(stage, _)| *stage == time.stage) {
                Some((_, times)) => times.push(time.seconds),
                None => per_stage.push((time.stage, vec![time.seconds])),
            }
        }
    }
    println!(
        "re-clustering with another k from the cache: median {:.3} s",
        median(&mut times)
    );
    for (stage, mut times) in per_stage {
        println!("  {stage:?}: median {:.3} s", median(&mut times));
    }
}

/// The corpus repeated up to `n` documents, each copy marked so no two are identical, run
/// once from scratch at k = auto.
fn scaled(corpus: &Corpus, n: usize) {
    if corpus.documents.is_empty() {
        return;
    }
    let documents = (0..n)
        .map(|i| {
            let mut document = corpus.documents[i % corpus.documents.len()].clone();
            let copy = i / corpus.documents.len();
            if copy > 0 {
                // A rare token keeps copies apart without changing what they are about.
                document.body.push_str(&format!(" copy{copy}"));
            }
            document
        })
        .collect();
    let big = Arc::new(Corpus {
        root: None,
        name: format!("{} × {n}", corpus.name),
        documents,
        report: corpus.report.clone(),
    });
    let start = Instant::now();
    let outcome = Pipeline::new(big)
        .run(&Settings::default(), &NoProgress, &Cancel::new())
        .expect("the pipeline runs");
    let stages: Vec<String> = outcome
        .timings
        .iter()
        .map(|t| format!("{:?} {:.2}", t.stage, t.seconds))
        .collect();
    println!(
        "{n} documents, k = auto ({} topics): {:.2} s [{}]",
        outcome.topics.topics.len(),
        start.elapsed().as_secs_f64(),
        stages.join(", ")
    );
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}
