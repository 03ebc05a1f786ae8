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

use crate::support::{ari, nmi, shared_dir};

/// What three seeds gave on one corpus.
struct Measured {
    /// Mean NMI against the labels.
    nmi: f64,
    /// Mean adjusted Rand index between the seeds' groupings, pair by pair.
    stability: f64,
    /// Number of topics each seed found.
    topic_counts: Vec<usize>,
    /// Mean over seeds of [`label_purity`].
    label_purity: f64,
}

/// Materializes a corpus with the harness's own script and clusters it with five seeds, at
/// the true number of labels or, given `topics`, at that. Five, not three: agreement between
/// three seeds moved by 0.04 with which three they were.
fn measure(corpus_name: &str, fields: &str, topics: Option<TopicCount>) -> Measured {
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
    let seeds = [0u64, 1, 2, 3, 4];
    let mut topic_counts = Vec::new();
    let mut groupings: Vec<Vec<usize>> = Vec::new();
    let mut purities = Vec::new();
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
            purities.push(label_purity(&outcome));
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
            let score = nmi(&truth, &guess);
            groupings.push(guess);
            score
        })
        .collect();
    let pairs: Vec<(usize, usize)> = (0..seeds.len())
        .flat_map(|a| (a + 1..seeds.len()).map(move |b| (a, b)))
        .collect();
    let stability = pairs
        .iter()
        .map(|&(a, b)| ari(&groupings[a], &groupings[b]))
        .sum::<f64>()
        / pairs.len() as f64;
    let mean = scores.iter().sum::<f64>() / scores.len() as f64;
    let label_purity = purities.iter().sum::<f64>() / purities.len() as f64;
    eprintln!(
        "{corpus_name} ({fields}, {topics:?}): NMI per seed {scores:.3?}, mean {mean:.3}, \
         stability {stability:.3}, topics {topic_counts:?}, label purity {label_purity:.3}"
    );
    Measured {
        nmi: mean,
        stability,
        topic_counts,
        label_purity,
    }
}

/// How well labels tell topics apart: for each word of each topic's label, the share of the
/// documents holding it that are in that topic, averaged over the words. A label of words every
/// topic uses ("said", "one") scores about 1 / k.
fn label_purity(outcome: &topic_atlas::pipeline::Outcome) -> f64 {
    let vectors = &outcome.analysis.term_vectors;
    let assignments = &outcome.topics.assignments;
    let mut shares = Vec::new();
    for topic in &outcome.topics.topics {
        let words = topic
            .keywords
            .iter()
            .take(topic_atlas::topics::labels::LABEL_WORDS)
            .flat_map(|k| k.term.split(' '));
        for term in words.filter_map(|w| vectors.vocabulary.id_of_word(w)) {
            let (mut holding, mut in_topic) = (0usize, 0usize);
            for (document, &t) in assignments.iter().enumerate() {
                if vectors.counts.row(document).0.contains(&term) {
                    holding += 1;
                    in_topic += usize::from(t == topic.id);
                }
            }
            if holding > 0 {
                shares.push(in_topic as f64 / holding as f64);
            }
        }
    }
    shares.iter().sum::<f64>() / shares.len().max(1) as f64
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

/// At the true number of topics: NMI at least `least_nmi`, agreement between seeds at least
/// `least_stability` and [`label_purity`] at least `least_purity`; `reached` says what was
/// measured, for the message.
fn assert_quality(
    corpus_name: &str,
    fields: &str,
    [least_nmi, least_stability, least_purity]: [f64; 3],
    reached: &str,
) {
    let measured = measure(corpus_name, fields, None);
    assert!(
        measured.nmi >= least_nmi,
        "{corpus_name} ({fields}) NMI {:.3} < {least_nmi} ({reached})",
        measured.nmi
    );
    assert!(
        measured.stability >= least_stability,
        "{corpus_name} ({fields}): agreement between seeds {:.3} < {least_stability} ({reached})",
        measured.stability
    );
    assert!(
        measured.label_purity >= least_purity,
        "{corpus_name} ({fields}): label purity {:.3} < {least_purity} ({reached})",
        measured.label_purity
    );
}

/// Full stories: at least scikit-learn's best NMI, and the same topics from seed to seed.
fn assert_full_text(corpus_name: &str, least: [f64; 3], reached: &str) {
    assert_quality(corpus_name, "both", least, reached);
}

#[test]
#[ignore = "needs ../shared/corpora; .ci/run runs it"]
fn bbc_news_beats_scikit_learn() {
    assert_full_text(
        "bbc-news",
        [0.88, 0.95, 0.82],
        "reached: 0.891, stability 0.992, label purity 0.835 (0.635 by LDAvis relevance, 0.617 \
         by class-based TF-IDF); \
         scikit-learn lsa-kmeans: 0.878",
    );
}

#[test]
#[ignore = "needs ../shared/corpora; .ci/run runs it"]
fn reuters_r8_beats_scikit_learn() {
    assert_full_text(
        "reuters-r8",
        // Its three smallest labels hold 2% of the articles; seeds split them differently.
        [0.545, 0.95, 0.58],
        "reached: 0.558, stability 0.978, label purity 0.596 (0.509 by LDAvis relevance, 0.445 \
         by class-based TF-IDF); \
         scikit-learn lsa-kmeans: 0.530",
    );
}

#[test]
#[ignore = "needs ../shared/corpora; .ci/run runs it"]
fn ag_news_beats_scikit_learn() {
    assert_full_text(
        "ag-news-test",
        [0.58, 0.95, 0.88],
        "reached: 0.596, stability 0.999, label purity 0.895 (0.759 by LDAvis relevance, 0.656 \
         by class-based TF-IDF); \
         scikit-learn's best: 0.214",
    );
}

/// Headlines alone: scikit-learn's pipelines reach NMI 0.049 on bbc-news titles and 0.030 on
/// ag-news-test titles; word meaning must at least quintuple that.
#[test]
#[ignore = "needs ../shared/corpora; .ci/run runs it"]
fn headlines_meet_through_word_meaning() {
    assert_quality(
        "bbc-news",
        "title",
        [0.47, 0.95, 0.9],
        "reached: 0.491, stability 0.967, label purity 0.905 (0.873 \
         by LDAvis relevance)",
    );
    assert_quality(
        "ag-news-test",
        "title",
        [0.37, 0.95, 0.89],
        "reached: 0.392, stability 0.994, label purity 0.908 (0.844 \
         by LDAvis relevance)",
    );
}

/// With the number of topics chosen automatically, full stories get half to twice as many
/// topics as labels, at every seed, and an NMI within 10% of the true number's (the floors are
/// 0.9 times the NMI reached at the true number: 0.891, 0.558 and 0.596). 20newsgroups is
/// left out: it gets 3 or 4 topics for its 20 labels.
#[test]
#[ignore = "needs ../shared/corpora; .ci/run runs it"]
fn automatic_topic_count_on_stories_is_reasonable() {
    // Reached: bbc-news 6, 7, 5, 6, 6 topics (NMI 0.837), reuters-r8 4 at every seed (0.519),
    // ag-news-test 3 at every seed (0.558).
    assert_automatic_count_is_reasonable(
        "both",
        &[
            ("bbc-news", 5, 0.802),
            ("reuters-r8", 8, 0.502),
            ("ag-news-test", 4, 0.536),
        ],
    );
}

/// On headlines the silhouette climbs all the way to thirty topics, where the automatic count
/// used to land (29 for 5 and 4 labels); it must be one a person finds reasonable: half to
/// twice the number of labels.
#[test]
#[ignore = "needs ../shared/corpora; .ci/run runs it"]
fn automatic_topic_count_on_headlines_is_reasonable() {
    // Reached: 0.491 (5 topics at every seed) and 0.345 (3 at every seed); at the true number
    // 0.491 and 0.392.
    assert_automatic_count_is_reasonable(
        "title",
        &[("bbc-news", 5, 0.45), ("ag-news-test", 4, 0.31)],
    );
}

/// For each (corpus, number of labels, least NMI), with `fields` clustered and the number of
/// topics chosen automatically: half to twice as many topics as labels at every seed, and at
/// least that NMI.
fn assert_automatic_count_is_reasonable(fields: &str, cases: &[(&str, usize, f64)]) {
    for &(corpus_name, labels, least_nmi) in cases {
        let measured = measure(corpus_name, fields, Some(TopicCount::Auto));
        for k in measured.topic_counts {
            assert!(
                2 * k >= labels && k <= 2 * labels,
                "{corpus_name} ({fields}): {k} topics for {labels} labels"
            );
        }
        assert!(
            measured.nmi >= least_nmi,
            "{corpus_name} ({fields}), automatic: NMI {:.3}",
            measured.nmi
        );
    }
}
