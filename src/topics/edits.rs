//! A person's changes to the topics (rename, merge, split, move), kept as a list of edits that
//! is applied again to every new clustering of the corpus.
//!
//! Edits name topics by what they hold, never by number: a [`TopicRef`] is a sample of the
//! topic's articles (those closest to its centre) and its keywords. Applied to a new clustering,
//! an edit acts on the topic that now holds most of those articles, as long as it holds at least
//! [`MIN_ARTICLE_SHARE`] of the ones still in the corpus; when none of them is left (the files
//! are gone), on the topic whose keywords overlap most, if they overlap enough. An edit whose
//! topic cannot be found is left out. So a renamed topic keeps its name when k changes or new
//! files arrive, and a moved article stays where it was put as long as its target topic exists.

use std::collections::HashMap;

use ndarray::{Array2, ArrayView2, Axis};
use serde::{Deserialize, Serialize};

use super::{Topics, labels};
use crate::cluster::{self, KMeansSettings, TopicCount};
use crate::corpus::{Corpus, Source};
use crate::progress::{Cancel, NoProgress};
use crate::vectorize::TermVectors;

/// Articles kept in a [`TopicRef`].
pub const REFERENCE_ARTICLES: usize = 30;
/// Share of a reference's articles (of those still loaded) that a topic must hold to match it.
pub const MIN_ARTICLE_SHARE: f32 = 0.4;
/// Most parts an automatic split makes.
pub const MAX_SPLIT_PARTS: usize = 8;
/// Keyword overlap (Jaccard) a topic needs to match a reference none of whose articles is left.
pub const MIN_KEYWORD_OVERLAP: f32 = 0.3;

/// An article as edits name it: its file (as the CSV output writes it) and its place in that
/// file, which stay the same when the folder is opened again.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ArticleKey {
    pub file: String,
    pub item: u32,
}

impl ArticleKey {
    pub fn of(source: &Source) -> Self {
        Self {
            file: crate::export::display_path(&source.file),
            item: source.item,
        }
    }
}

/// A topic as edits name it: what it holds and what it is about.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TopicRef {
    /// Its articles closest to its centre, closest first.
    pub articles: Vec<ArticleKey>,
    pub keywords: Vec<String>,
}

impl TopicRef {
    /// The reference to topic `id` of `topics`.
    pub fn of(topics: &Topics, id: usize, corpus: &Corpus) -> Self {
        let mut members = topics
            .members_by_closeness()
            .into_iter()
            .nth(id)
            .unwrap_or_default();
        members.truncate(REFERENCE_ARTICLES);
        Self {
            articles: members
                .iter()
                .map(|&d| ArticleKey::of(corpus.documents[d].source()))
                .collect(),
            keywords: topics
                .topics
                .get(id)
                .map(|t| t.keywords.iter().map(|k| k.term.clone()).collect())
                .unwrap_or_default(),
        }
    }
}

/// One change a person made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "edit", rename_all = "snake_case")]
pub enum Edit {
    /// Give a topic a name of one's own.
    Rename { topic: TopicRef, name: String },
    /// Fold topics into the first of them (which keeps its name, or takes the first name given).
    Merge { topics: Vec<TopicRef> },
    /// Cluster a topic's articles again, into this many topics.
    Split { topic: TopicRef, into: TopicCount },
    /// Put articles into a topic.
    Move {
        articles: Vec<ArticleKey>,
        to: TopicRef,
    },
}

impl Edit {
    /// A few words for menus and undo: "Rename", "Merge 3 topics"…
    pub fn describe(&self) -> String {
        match self {
            Edit::Rename { name, .. } => format!("Rename to “{name}”"),
            Edit::Merge { topics } => format!("Merge {} topics", topics.len()),
            Edit::Split { into, .. } => match into {
                TopicCount::Auto => "Split topic".to_string(),
                TopicCount::Fixed(n) => format!("Split topic into {n}"),
            },
            Edit::Move { articles, .. } if articles.len() == 1 => "Move article".to_string(),
            Edit::Move { articles, .. } => format!("Move {} articles", articles.len()),
        }
    }
}

/// What edits are applied with.
pub struct EditInputs<'a> {
    pub corpus: &'a Corpus,
    /// The document vectors the topics were found in (splits cluster them again).
    pub vectors: ArrayView2<'a, f32>,
    pub term_vectors: &'a TermVectors,
    pub seed: u64,
}

/// The topics after `edits`, applied in order to the machine's `topics`. Topics keep their
/// numbers (the colours a person has learned), except that emptied ones are dropped and
/// split-off parts come last.
pub fn apply_edits(topics: &Topics, edits: &[Edit], inputs: &EditInputs<'_>) -> Topics {
    if edits.is_empty() {
        return topics.clone();
    }
    let mut state = EditState::new(topics, inputs);
    for edit in edits {
        state.apply(edit);
    }
    state.into_topics()
}

/// Topics being edited: where each document is and what each topic is called.
struct EditState<'a, 'b> {
    inputs: &'a EditInputs<'b>,
    /// Document index of every place a document was found.
    documents_by_key: HashMap<ArticleKey, usize>,
    assignments: Vec<usize>,
    /// Per topic: the name a person gave it.
    names: Vec<Option<String>>,
    /// Per topic keywords, computed when a reference must be matched by keywords.
    keywords: Option<Vec<Vec<String>>>,
}

impl<'a, 'b> EditState<'a, 'b> {
    fn new(topics: &Topics, inputs: &'a EditInputs<'b>) -> Self {
        let mut documents_by_key = HashMap::new();
        for (index, document) in inputs.corpus.documents.iter().enumerate() {
            for source in &document.sources {
                documents_by_key.insert(ArticleKey::of(source), index);
            }
        }
        Self {
            inputs,
            documents_by_key,
            assignments: topics.assignments.clone(),
            names: topics
                .topics
                .iter()
                .map(|t| t.renamed.then(|| t.label.clone()))
                .collect(),
            keywords: Some(
                topics
                    .topics
                    .iter()
                    .map(|t| t.keywords.iter().map(|k| k.term.clone()).collect())
                    .collect(),
            ),
        }
    }

    fn topic_count(&self) -> usize {
        self.names.len()
    }

    fn apply(&mut self, edit: &Edit) {
        match edit {
            Edit::Rename { topic, name } => {
                if let Some(t) = self.find(topic) {
                    let name = name.trim();
                    self.names[t] = (!name.is_empty()).then(|| name.to_string());
                }
            }
            Edit::Merge { topics } => {
                let mut found: Vec<usize> = Vec::new();
                for reference in topics {
                    if let Some(t) = self.find(reference)
                        && !found.contains(&t)
                    {
                        found.push(t);
                    }
                }
                let Some((&into, others)) = found.split_first() else {
                    return;
                };
                if others.is_empty() {
                    return;
                }
                if self.names[into].is_none() {
                    self.names[into] = others.iter().find_map(|&t| self.names[t].clone());
                }
                for topic in self.assignments.iter_mut() {
                    if others.contains(topic) {
                        *topic = into;
                    }
                }
                self.keywords = None;
            }
            Edit::Split { topic, into } => {
                if let Some(t) = self.find(topic) {
                    self.split(t, *into);
                }
            }
            Edit::Move { articles, to } => {
                let Some(target) = self.find(to) else {
                    return;
                };
                for key in articles {
                    if let Some(&document) = self.documents_by_key.get(key) {
                        self.assignments[document] = target;
                    }
                }
                self.keywords = None;
            }
        }
    }

    /// The topic a reference names now, if any (see the module's comment).
    fn find(&mut self, reference: &TopicRef) -> Option<usize> {
        let mut votes = vec![0usize; self.topic_count()];
        let mut present = 0usize;
        for key in &reference.articles {
            if let Some(&document) = self.documents_by_key.get(key) {
                votes[self.assignments[document]] += 1;
                present += 1;
            }
        }
        if present > 0 {
            // The first topic with the most votes: deterministic on ties.
            let (best, &count) = votes
                .iter()
                .enumerate()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)))?;
            return (count as f32 >= MIN_ARTICLE_SHARE * present as f32).then_some(best);
        }
        let wanted: Vec<&str> = reference.keywords.iter().map(String::as_str).collect();
        let keywords = self.current_keywords();
        let mut best: Option<(usize, f32)> = None;
        for (t, words) in keywords.iter().enumerate() {
            let overlap = jaccard(&wanted, words);
            if overlap >= MIN_KEYWORD_OVERLAP && best.is_none_or(|(_, b)| overlap > b) {
                best = Some((t, overlap));
            }
        }
        best.map(|(t, _)| t)
    }

    fn current_keywords(&mut self) -> &Vec<Vec<String>> {
        let inputs = self.inputs;
        let assignments = &self.assignments;
        let k = self.names.len();
        self.keywords.get_or_insert_with(|| {
            labels::topic_keywords(inputs.term_vectors, assignments, k)
                .into_iter()
                .map(|words| words.into_iter().map(|w| w.term).collect())
                .collect()
        })
    }

    /// Clusters topic `t`'s documents again; the biggest part stays `t`, the others become new
    /// topics. None of the parts keeps the name the whole had.
    fn split(&mut self, t: usize, into: TopicCount) {
        let members: Vec<usize> = (0..self.assignments.len())
            .filter(|&d| self.assignments[d] == t)
            .collect();
        if members.len() < 2 {
            return;
        }
        let vectors = self.inputs.vectors.select(Axis(0), &members);
        let into = match into {
            TopicCount::Fixed(n) => TopicCount::Fixed(n),
            TopicCount::Auto => match cluster::choose_k::choose_k_up_to(
                vectors.view(),
                MAX_SPLIT_PARTS,
                self.inputs.seed,
                &Cancel::new(),
                |_, _| {},
            ) {
                Ok(choice) => TopicCount::Fixed(choice.chosen),
                Err(_) => return,
            },
        };
        let Ok(parts) = cluster::cluster(
            vectors.view(),
            into,
            &KMeansSettings::default(),
            self.inputs.seed,
            &NoProgress,
            &Cancel::new(),
        ) else {
            return;
        };
        let k = parts.k();
        let mut sizes = vec![0usize; k];
        for &p in &parts.assignments {
            sizes[p] += 1;
        }
        // Biggest part first (ties: lower part number), so the result does not depend on the
        // clustering's own numbering.
        let mut order: Vec<usize> = (0..k).filter(|&p| sizes[p] > 0).collect();
        order.sort_by(|&a, &b| sizes[b].cmp(&sizes[a]).then(a.cmp(&b)));
        if order.len() < 2 {
            return;
        }
        let mut topic_of_part = vec![t; k];
        for &part in &order[1..] {
            topic_of_part[part] = self.names.len();
            self.names.push(None);
        }
        self.names[t] = None;
        for (&document, &part) in members.iter().zip(&parts.assignments) {
            self.assignments[document] = topic_of_part[part];
        }
        self.keywords = None;
    }

    /// The edited topics, described afresh, emptied topics dropped.
    fn into_topics(self) -> Topics {
        let k = self.names.len();
        let mut sizes = vec![0usize; k];
        for &t in &self.assignments {
            sizes[t] += 1;
        }
        let mut new_id = vec![usize::MAX; k];
        let mut names = Vec::new();
        for t in 0..k {
            if sizes[t] > 0 {
                new_id[t] = names.len();
                names.push(self.names[t].clone());
            }
        }
        let assignments: Vec<usize> = self.assignments.iter().map(|&t| new_id[t]).collect();
        describe_groups(
            assignments,
            names,
            self.inputs.vectors,
            self.inputs.term_vectors,
        )
    }
}

/// Describes topics given by `assignments` (every topic `0..names.len()` non-empty): centres
/// are the mean of their documents, labels come from keywords unless a name was given.
pub fn describe_groups(
    assignments: Vec<usize>,
    names: Vec<Option<String>>,
    vectors: ArrayView2<f32>,
    term_vectors: &TermVectors,
) -> Topics {
    let k = names.len();
    let mut centroids = Array2::<f32>::zeros((k, vectors.ncols()));
    let mut sizes = vec![0usize; k];
    for (row, &t) in vectors.axis_iter(Axis(0)).zip(&assignments) {
        let mut centre = centroids.row_mut(t);
        centre += &row;
        sizes[t] += 1;
    }
    for (mut centre, &size) in centroids.axis_iter_mut(Axis(0)).zip(&sizes) {
        if size > 0 {
            centre /= size as f32;
        }
    }
    super::assemble(assignments, centroids, names, vectors, term_vectors)
}

fn jaccard(a: &[&str], b: &[String]) -> f32 {
    let shared = a.iter().filter(|w| b.iter().any(|x| x == *w)).count();
    let union = a.len() + b.len() - shared;
    if union == 0 {
        0.0
    } else {
        shared as f32 / union as f32
    }
}
