//! Time of every export of one result: CSV, JSON, the HTML report and the map picture.
//!
//!     cargo bench --bench exports                       # the built-in demo corpus
//!     TOPIC_ATLAS_BENCH_CORPUS=/path/to/folder cargo bench --bench exports
//!     TOPIC_ATLAS_BENCH_SCALES=100000 cargo bench --bench exports
//!
//! The corpus (or, for each scale asked for, the corpus repeated up to that many documents,
//! each copy made distinct) is clustered once at k = 20; then each export is written
//! `REPEATS` times into memory and its median printed, with the size of what it wrote.
//! Exports are pure functions of the result, so the pipeline's own time is left out.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use topic_atlas::cluster::TopicCount;
use topic_atlas::corpus::{self, Corpus, LoadOptions};
use topic_atlas::export::{self, TOPIC_COLORS};
use topic_atlas::pipeline::{Outcome, Pipeline, Settings};
use topic_atlas::progress::{Cancel, NoProgress};

const REPEATS: usize = 5;

fn main() {
    let corpus = match std::env::var_os("TOPIC_ATLAS_BENCH_CORPUS").map(PathBuf::from) {
        Some(path) => {
            corpus::load_path(&path, &LoadOptions::default(), &NoProgress, &Cancel::new())
                .unwrap_or_else(|e| panic!("cannot load {}: {e}", path.display()))
        }
        None => corpus::load_demo(),
    };
    let scales: Vec<usize> = std::env::var("TOPIC_ATLAS_BENCH_SCALES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_default();
    if scales.is_empty() {
        exports(Arc::new(corpus));
    } else {
        for n in scales {
            exports(Arc::new(scaled(&corpus, n)));
        }
    }
}

/// Clusters `corpus` once and times each export of the result.
fn exports(corpus: Arc<Corpus>) {
    let settings = Settings {
        topics: TopicCount::Fixed(20),
        ..Settings::default()
    };
    let outcome = Pipeline::new(corpus)
        .run(&settings, &NoProgress, &Cancel::new())
        .expect("the pipeline runs");
    println!(
        "{} ({} documents, {} topics):",
        outcome.corpus.name,
        outcome.corpus.documents.len(),
        outcome.topics.topics.len()
    );
    time("CSV", &outcome, |o, out| export::write_csv(o, out));
    time("JSON", &outcome, |o, out| export::write_json(o, out));
    time("HTML report", &outcome, |o, out| {
        export::write_html_report(o, &TOPIC_COLORS, out)
    });
    time("map PNG 1600 × 1000", &outcome, |o, out| {
        let png = export::render_map_png(o, &TOPIC_COLORS, 1600, 1000, false)?;
        out.extend_from_slice(&png);
        Ok(())
    });
}

fn time(
    what: &str,
    outcome: &Outcome,
    write: impl Fn(&Outcome, &mut Vec<u8>) -> Result<(), export::ExportError>,
) {
    let mut times = Vec::new();
    let mut bytes = 0;
    for _ in 0..REPEATS {
        let mut out = Vec::new();
        let start = Instant::now();
        write(outcome, &mut out).expect("the export is written");
        times.push(start.elapsed().as_secs_f64());
        bytes = out.len();
    }
    times.sort_by(f64::total_cmp);
    println!(
        "  {what}: median {:.3} s over {REPEATS} runs, {:.1} MB",
        times[REPEATS / 2],
        bytes as f64 / 1e6
    );
}

/// The corpus repeated up to `n` documents, each copy marked so no two are identical.
fn scaled(corpus: &Corpus, n: usize) -> Corpus {
    let documents = (0..n)
        .filter_map(|i| {
            let mut document = corpus
                .documents
                .get(i % corpus.documents.len().max(1))?
                .clone();
            let copy = i / corpus.documents.len();
            if copy > 0 {
                // A rare token keeps copies apart without changing what they are about.
                document.body.push_str(&format!(" copy{copy}"));
            }
            Some(document)
        })
        .collect();
    Corpus {
        root: None,
        name: format!("{} × {n}", corpus.name),
        documents,
        report: corpus.report.clone(),
    }
}
