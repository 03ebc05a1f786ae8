//! What the tests share: clustering scores against labels, where the shared corpora live, and
//! the example file of a story and sixteen headlines.

use std::collections::HashMap;
use std::hash::Hash;
use std::path::{Path, PathBuf};

use topic_atlas::cluster::kmeans::adjusted_rand_index;
use topic_atlas::corpus::{self, Corpus, LoadOptions};
use topic_atlas::pipeline::Outcome;
use topic_atlas::progress::{Cancel, NoProgress};

/// Normalised mutual information with the arithmetic mean of the entropies (scikit-learn's
/// default), between two labelings of the same items.
pub fn nmi<A: Eq + Hash, B: Eq + Hash>(truth: &[A], predicted: &[B]) -> f64 {
    assert_eq!(truth.len(), predicted.len());
    let n = truth.len() as f64;
    if truth.is_empty() {
        return 1.0;
    }
    let mut joint: HashMap<(&A, &B), f64> = HashMap::new();
    let mut a_counts: HashMap<&A, f64> = HashMap::new();
    let mut b_counts: HashMap<&B, f64> = HashMap::new();
    for (a, b) in truth.iter().zip(predicted) {
        *joint.entry((a, b)).or_default() += 1.0;
        *a_counts.entry(a).or_default() += 1.0;
        *b_counts.entry(b).or_default() += 1.0;
    }
    let entropy = |counts: Vec<f64>| -counts.iter().map(|&c| c / n * (c / n).ln()).sum::<f64>();
    let h_a = entropy(a_counts.values().copied().collect());
    let h_b = entropy(b_counts.values().copied().collect());
    let mi: f64 = joint
        .iter()
        .map(|((a, b), &c)| c / n * ((c * n) / (a_counts[a] * b_counts[b])).ln())
        .sum();
    let mean = (h_a + h_b) / 2.0;
    if mean <= 0.0 {
        1.0
    } else {
        (mi / mean).max(0.0)
    }
}

/// Adjusted Rand index between two labelings of the same items, of any label type: the
/// library's, on the labels numbered in order of first appearance.
pub fn ari<A: Eq + Hash, B: Eq + Hash>(first: &[A], second: &[B]) -> f64 {
    assert_eq!(first.len(), second.len());
    let (first, first_groups) = numbered(first);
    let (second, second_groups) = numbered(second);
    adjusted_rand_index(&first, &second, first_groups.max(second_groups))
}

/// Each label as 0, 1, 2, ... in order of first appearance, and how many there are.
fn numbered<T: Eq + Hash>(labels: &[T]) -> (Vec<usize>, usize) {
    let mut ids: HashMap<&T, usize> = HashMap::new();
    let numbers = labels
        .iter()
        .map(|label| {
            let next = ids.len();
            *ids.entry(label).or_insert(next)
        })
        .collect();
    (numbers, ids.len())
}

/// The folder holding the shared corpora and examples: `$TOPIC_ATLAS_SHARED`, or `../shared`
/// next to the repository.
pub fn shared_dir() -> PathBuf {
    std::env::var_os("TOPIC_ATLAS_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"))
}

/// story-and-headlines.txt, from ../shared, else the demo's copy.
pub fn example_file_corpus() -> Corpus {
    let path = shared_dir().join("examples/story-and-headlines.txt");
    let path = if path.exists() {
        path
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo/briefings/story-and-headlines.txt")
    };
    corpus::load_path(&path, &LoadOptions::default(), &NoProgress, &Cancel::new()).expect("loads")
}

/// A CSV file's header and rows, as text.
pub fn csv_table(csv: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(csv);
    let header = reader
        .headers()
        .expect("a header")
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.expect("a row").iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

/// The starts of the example file's two tariff headlines.
pub const TARIFF_HEADLINES: [&str; 2] = [
    "Trump Signs Executive Order Threatening 25% Tariffs",
    "Trump Lifts 25% Tariff on Indian Goods",
];

/// The starts of the example file's five election headlines; Bosnia's "Presidential Rerun",
/// the hardest to place, last.
pub const ELECTION_HEADLINES: [&str; 5] = [
    "Antonio José Seguro Poised for Landslide Win in Portugal Presidential Runoff",
    "Bangladesh Election 2026",
    "Japan’s Prime Minister Sanae Takaichi Secures Historic Election Win",
    "Anutin’s Bhumjaithai Party Wins Thai Election",
    "Bosnian Serb Presidential Rerun Confirms Victory",
];

/// The one topic of the documents whose titles start with `starts`; fails, naming `what`,
/// where they are in more than one.
pub fn one_topic_of(outcome: &Outcome, starts: &[&str], what: &str) -> usize {
    let topics: Vec<usize> = starts.iter().map(|s| topic_of_title(outcome, s)).collect();
    assert!(topics.iter().all(|&t| t == topics[0]), "{what}: {topics:?}");
    topics[0]
}

/// The topic of the document whose title starts with `start`.
fn topic_of_title(outcome: &Outcome, start: &str) -> usize {
    let i = outcome
        .corpus
        .documents
        .iter()
        .position(|d| d.title.starts_with(start))
        .unwrap_or_else(|| panic!("a headline starts with {start:?}"));
    outcome.topics.assignments[i]
}

#[test]
fn ari_matches_known_values() {
    // scikit-learn: adjusted_rand_score([0, 0, 1, 1], [0, 0, 1, 2]) = 0.5714...
    assert!((ari(&[0, 0, 1, 1], &[0, 0, 1, 2]) - 4.0 / 7.0).abs() < 1e-9);
    assert!((ari(&["a", "a", "b"], &[5, 5, 9]) - 1.0).abs() < 1e-12);
}

#[test]
fn nmi_matches_known_values() {
    // Identical partitions (up to renaming) score 1, independent ones 0.
    assert!((nmi(&[0, 0, 1, 1], &["x", "x", "y", "y"]) - 1.0).abs() < 1e-12);
    assert!(nmi(&[0, 0, 1, 1], &[0, 1, 0, 1]).abs() < 1e-12);
    // scikit-learn: normalized_mutual_info_score([0,0,0,1,1,1],[0,0,1,1,2,2]) = 0.5158037429793889
    assert!((nmi(&[0, 0, 0, 1, 1, 1], &[0, 0, 1, 1, 2, 2]) - 0.5158037429793889).abs() < 1e-9);
}
