//! Quality on real, labelled news (../shared/corpora): NMI against the labels at the true
//! number of topics, averaged over three seeds, at least what scikit-learn's TF-IDF + LSA +
//! k-means pipeline reaches there (measured with ../shared/bench/compare.py, 3 seeds).
//! The corpora may not ship with the project, so these tests are ignored by default and
//! `.ci/run` runs them where ../shared is present.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use topic_atlas::cluster::TopicCount;
use topic_atlas::corpus::{self, LoadOptions};
use topic_atlas::pipeline::{Pipeline, Settings};
use topic_atlas::progress::{Cancel, NoProgress};

use crate::support::{nmi, shared_dir};

/// Materializes a corpus with the harness's own script and returns the mean NMI over seeds.
fn mean_nmi(corpus_name: &str, fields: &str) -> f64 {
    let (mean, _) = nmi_and_topic_counts(corpus_name, fields, None);
    mean
}

/// The mean NMI over three seeds and the number of topics of each, at the true number of
/// labels or, given `topics`, at that.
fn nmi_and_topic_counts(
    corpus_name: &str,
    fields: &str,
    topics: Option<TopicCount>,
) -> (f64, Vec<usize>) {
    let shared = shared_dir();
    let source = shared.join("corpora").join(corpus_name);
    assert!(
        source.join("articles.jsonl").is_file(),
        "{} is missing",
        source.display()
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("docs");
    let status = Command::new("python3")
        .arg(shared.join("corpora/materialize.py"))
        .args([source.as_os_str(), folder.as_os_str()])
        .args(["--fields", fields])
        .stderr(std::process::Stdio::null())
        .status()
        .expect("python3 runs materialize.py");
    assert!(status.success());
    let labels = read_labels(&dir.path().join("docs.labels.csv"));
    let k = labels
        .values()
        .collect::<std::collections::HashSet<_>>()
        .len();

    let corpus = corpus::load_path(
        &folder,
        &LoadOptions::default(),
        &NoProgress,
        &Cancel::new(),
    )
    .expect("loads");
    // Score every labelled article: one that was not loaded counts as its own wrong cluster.
    let mut pipeline = Pipeline::new(Arc::new(corpus));
    let seeds = [0u64, 1, 2];
    let mut topic_counts = Vec::new();
    let scores: Vec<f64> = seeds
        .iter()
        .map(|&seed| {
            let settings = Settings {
                topics: topics.unwrap_or(TopicCount::Fixed(k)),
                seed,
                ..Settings::default()
            };
            let outcome = pipeline
                .run(&settings, &NoProgress, &Cancel::new())
                .expect("runs");
            topic_counts.push(outcome.topics.topics.len());
            let mut predicted: HashMap<String, usize> = HashMap::new();
            for (document, &topic) in outcome
                .corpus
                .documents
                .iter()
                .zip(&outcome.topics.assignments)
            {
                for source in &document.sources {
                    let stem = stem_of(&source.file);
                    predicted.entry(stem).or_insert(topic);
                }
            }
            let mut ids: Vec<&String> = labels.keys().collect();
            ids.sort();
            let truth: Vec<&String> = ids.iter().map(|id| &labels[*id]).collect();
            let guess: Vec<usize> = ids
                .iter()
                .map(|id| predicted.get(*id).copied().unwrap_or(usize::MAX))
                .collect();
            nmi(&truth, &guess)
        })
        .collect();
    let mean = scores.iter().sum::<f64>() / scores.len() as f64;
    eprintln!(
        "{corpus_name} ({fields}, {topics:?}): NMI per seed {scores:.3?}, mean {mean:.3}, \
         topics {topic_counts:?}"
    );
    (mean, topic_counts)
}

fn stem_of(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn read_labels(path: &Path) -> HashMap<String, String> {
    let mut reader = csv::Reader::from_path(path).expect("labels");
    reader
        .records()
        .map(|r| r.expect("row"))
        .map(|r| (r[0].to_string(), r[1].to_string()))
        .collect()
}

#[test]
#[ignore = "needs ../shared/corpora; .ci/run runs it"]
fn bbc_news_beats_scikit_learn() {
    let score = mean_nmi("bbc-news", "both");
    assert!(
        score >= 0.885,
        "bbc-news NMI {score:.3} < 0.885 (reached: 0.890; scikit-learn lsa-kmeans: 0.878)"
    );
}

#[test]
#[ignore = "needs ../shared/corpora; .ci/run runs it"]
fn reuters_r8_beats_scikit_learn() {
    let score = mean_nmi("reuters-r8", "both");
    assert!(
        score >= 0.550,
        "reuters-r8 NMI {score:.3} < 0.550 (reached: 0.560; scikit-learn lsa-kmeans: 0.530)"
    );
}

#[test]
#[ignore = "needs ../shared/corpora; .ci/run runs it"]
fn ag_news_beats_scikit_learn() {
    let score = mean_nmi("ag-news-test", "both");
    assert!(
        score >= 0.57,
        "ag-news-test NMI {score:.3} < 0.57 (reached: 0.586; scikit-learn's best: 0.214)"
    );
}

/// Headlines alone: scikit-learn's pipelines reach NMI 0.049 on bbc-news titles and 0.030 on
/// ag-news-test titles; word meaning must at least quintuple that.
#[test]
#[ignore = "needs ../shared/corpora; .ci/run runs it"]
fn headlines_meet_through_word_meaning() {
    let bbc = mean_nmi("bbc-news", "title");
    let ag = mean_nmi("ag-news-test", "title");
    // Titles land in different k-means optima from seed to seed (0.33 to 0.42 on bbc-news), so
    // the thresholds sit under the lowest-inertia optimum (about 0.33 and 0.26, found by every seed
    // with 25 restarts), not under the mean of three seeds (0.390 and 0.279).
    assert!(
        bbc >= 0.32,
        "bbc-news titles NMI {bbc:.3} < 0.32 (reached: 0.390)"
    );
    assert!(
        ag >= 0.25,
        "ag-news-test titles NMI {ag:.3} < 0.25 (reached: 0.279)"
    );
}

/// On headlines the silhouette climbs all the way to thirty topics; the automatic count must
/// still be one a person finds reasonable: half to twice the number of labels.
#[test]
#[ignore = "needs ../shared/corpora; .ci/run runs it"]
fn automatic_topic_count_on_headlines_is_reasonable() {
    for (corpus_name, labels) in [("bbc-news", 5usize), ("ag-news-test", 4)] {
        let (score, counts) = nmi_and_topic_counts(corpus_name, "title", Some(TopicCount::Auto));
        for k in counts {
            assert!(
                2 * k >= labels && k <= 2 * labels,
                "{corpus_name} titles: {k} topics for {labels} labels"
            );
        }
        // Reached: 0.325 and 0.277 (at the true number: 0.390 and 0.279).
        assert!(
            score >= 0.25,
            "{corpus_name} titles, automatic: NMI {score:.3}"
        );
    }
}
