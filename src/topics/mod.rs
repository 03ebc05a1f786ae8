//! Topics as people see them: a label of keywords, a size, the documents that represent it,
//! and every document's closeness to its topic's centre.

pub mod edits;
pub mod labels;
pub mod representatives;
pub mod timeline;
pub mod written_forms;

use ndarray::{Array2, ArrayView2};
use serde::{Deserialize, Serialize};

pub use edits::{ArticleKey, Edit, EditInputs, TopicRef, apply_edits};
pub use labels::Keyword;

use crate::cluster::Clustering;
use crate::vectorize::TermVectors;

/// Documents listed as a topic's representatives.
pub const REPRESENTATIVES_PER_TOPIC: usize = 5;

/// One topic.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Topic {
    /// The machine's topics are numbered by size, largest first; edited topics keep their
    /// numbers (see [`edits`]).
    pub id: usize,
    /// Its keywords joined, or the name a person gave it.
    pub label: String,
    /// True when `label` is a name a person gave (see [`edits`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub renamed: bool,
    pub keywords: Vec<Keyword>,
    pub size: usize,
    /// Indices of the documents closest to the topic's centre, closest first.
    pub representatives: Vec<usize>,
}

/// The topics of a corpus and where each document belongs.
#[derive(Clone, Debug)]
pub struct Topics {
    pub topics: Vec<Topic>,
    /// The topic id of each document.
    pub assignments: Vec<usize>,
    /// Each document's cosine similarity to its topic's centre.
    pub closeness: Vec<f32>,
    /// Topic centres in the space of the document vectors, row = topic id.
    pub centroids: Array2<f32>,
}

/// Names and describes the topics of a clustering. Topics are renumbered by size (largest
/// first; ties by their first document), so ids do not depend on the clustering's own order.
pub fn describe(
    clustering: &Clustering,
    vectors: ArrayView2<f32>,
    term_vectors: &TermVectors,
) -> Topics {
    let k = clustering.k();
    let mut sizes = vec![0usize; k];
    let mut first_document = vec![usize::MAX; k];
    for (document, &c) in clustering.assignments.iter().enumerate() {
        sizes[c] += 1;
        first_document[c] = first_document[c].min(document);
    }
    // Topics nobody was assigned to are dropped.
    let mut order: Vec<usize> = (0..k).filter(|&c| sizes[c] > 0).collect();
    order.sort_by(|&a, &b| {
        sizes[b]
            .cmp(&sizes[a])
            .then(first_document[a].cmp(&first_document[b]))
    });
    let mut new_id = vec![usize::MAX; k];
    for (id, &old) in order.iter().enumerate() {
        new_id[old] = id;
    }
    let assignments: Vec<usize> = clustering.assignments.iter().map(|&c| new_id[c]).collect();
    let centroids = clustering.centroids.select(ndarray::Axis(0), &order);
    let k = order.len();

    assemble(assignments, centroids, vec![None; k], vectors, term_vectors)
}

/// Topics given by `assignments` (every topic `0..names.len()` non-empty) and their centres:
/// closeness, representatives and keywords computed, labelled by keywords unless a person
/// gave a name.
pub(crate) fn assemble(
    assignments: Vec<usize>,
    centroids: Array2<f32>,
    names: Vec<Option<String>>,
    vectors: ArrayView2<f32>,
    term_vectors: &TermVectors,
) -> Topics {
    let k = names.len();
    let mut sizes = vec![0usize; k];
    for &t in &assignments {
        sizes[t] += 1;
    }
    let closeness = representatives::closeness_to_centre(vectors, centroids.view(), &assignments);
    let representatives =
        representatives::representatives(&closeness, &assignments, k, REPRESENTATIVES_PER_TOPIC);
    let keywords = labels::topic_keywords(term_vectors, &assignments, k);
    let machine_labels = labels::labels(&keywords);
    let topics = (0..k)
        .zip(keywords)
        .zip(machine_labels)
        .zip(representatives)
        .zip(names)
        .map(|((((id, keywords), label), representatives), name)| Topic {
            id,
            renamed: name.is_some(),
            label: name.unwrap_or(label),
            keywords,
            size: sizes[id],
            representatives,
        })
        .collect();
    Topics {
        topics,
        assignments,
        closeness,
        centroids,
    }
}

impl Topics {
    /// Topic ids in the order topics are listed: largest first (ties: lower id). Edited topics
    /// keep their numbers, so this is not always the ids' own order.
    pub fn ids_by_size(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.topics.len()).collect();
        order.sort_by(|&a, &b| {
            self.topics[b]
                .size
                .cmp(&self.topics[a].size)
                .then(a.cmp(&b))
        });
        order
    }

    /// The documents of each topic, closest to its centre first (ties: lower index).
    pub fn members_by_closeness(&self) -> Vec<Vec<usize>> {
        representatives::members_by_closeness(&self.closeness, &self.assignments, self.topics.len())
    }
}
