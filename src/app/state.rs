//! The app's state, split as egui's own demo app does: what persists between runs (settings,
//! recent folders, panel layout) and what lives only while the app runs (the current result,
//! selections, the search).

use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::cluster::{KChoice, TopicCount};
use crate::pipeline::{Outcome, Settings};
use crate::topics::timeline::{Period, Timeline};

use super::worker::Source;

/// Folders and files remembered in File ▸ Open recent.
pub const MAX_RECENT: usize = 10;
/// Sources whose number of topics set by hand is remembered.
pub const MAX_TOPIC_COUNTS: usize = 50;

/// Saved between runs (eframe persistence).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct Persisted {
    pub settings: Settings,
    /// Most recent first.
    pub recent: Vec<Vec<PathBuf>>,
    /// The number of topics set by hand for a source, most recent first. A number chosen for
    /// one corpus says nothing of another (20 topics for 20,000 articles would make each of
    /// 17 headlines its own topic), so a source opened anew gets the number set for it
    /// before, or an automatic one.
    pub topic_counts: Vec<(Source, usize)>,
    pub show_reader: bool,
    pub show_settings: bool,
}

impl Default for Persisted {
    fn default() -> Self {
        Self {
            settings: Settings::default(),
            recent: Vec::new(),
            topic_counts: Vec::new(),
            show_reader: true,
            show_settings: false,
        }
    }
}

impl Persisted {
    /// Puts `paths` at the top of the recent list.
    pub fn remember(&mut self, paths: &[PathBuf]) {
        self.recent.retain(|r| r.as_slice() != paths);
        self.recent.insert(0, paths.to_vec());
        self.recent.truncate(MAX_RECENT);
    }

    /// Remembers `count` as the number of topics of `source`: a fixed number is kept for the
    /// next time it is opened, an automatic one forgets what was set.
    pub fn remember_topic_count(&mut self, source: &Source, count: TopicCount) {
        self.topic_counts.retain(|(s, _)| s != source);
        if let TopicCount::Fixed(k) = count {
            self.topic_counts.insert(0, (source.clone(), k));
            self.topic_counts.truncate(MAX_TOPIC_COUNTS);
        }
    }

    /// The number of topics to find in `source`: the one set for it by hand, else automatic.
    pub fn topic_count_of(&self, source: &Source) -> TopicCount {
        self.topic_counts
            .iter()
            .find(|(s, _)| s == source)
            .map_or(TopicCount::Auto, |&(_, k)| TopicCount::Fixed(k))
    }
}

/// A result ready to show, with what the panels derive from it once rather than every frame.
pub struct View {
    pub outcome: Arc<Outcome>,
    /// The documents of each topic, closest to the centre first.
    pub members: Vec<Vec<usize>>,
    /// Every document, by topic and then closeness: the "All" list.
    pub everyone: Vec<usize>,
    /// Lower-cased title and body of each document, for searching.
    pub search_text: Vec<String>,
    /// Articles per topic and period, where the files give publication dates.
    pub timeline: Option<Timeline>,
    /// How the number of topics was chosen automatically on these very document vectors:
    /// for this outcome, or for an earlier one when a person has since set the number by
    /// hand. Its scores guide that choice.
    automatic: Option<Arc<KChoice>>,
}

impl View {
    /// The view of `outcome`; `earlier` is the view shown before, whose automatic choice
    /// of the number of topics is kept when `outcome` clustered the same document vectors
    /// with a number set by hand.
    pub fn new(outcome: Arc<Outcome>, earlier: Option<&View>) -> Self {
        let automatic = if let Some(choice) = &outcome.clustering.k_choice {
            Some(Arc::new(choice.clone()))
        } else {
            earlier
                .filter(|e| Arc::ptr_eq(&e.outcome.vectors, &outcome.vectors))
                .and_then(|e| e.automatic.clone())
        };
        let topics = &outcome.topics;
        let members = topics.members_by_closeness();
        let everyone = members.iter().flatten().copied().collect();
        let search_text = outcome
            .corpus
            .documents
            .iter()
            .map(|d| format!("{}\n{}", d.title, d.body).to_lowercase())
            .collect();
        // A period chosen for these articles' bars stays when they are grouped again.
        let chosen = earlier
            .filter(|e| Arc::ptr_eq(&e.outcome.corpus, &outcome.corpus))
            .and_then(|e| e.timeline.as_ref())
            .filter(|t| t.chosen)
            .map(|t| t.period);
        let timeline = outcome.timeline(chosen);
        Self {
            outcome,
            members,
            everyone,
            search_text,
            timeline,
            automatic,
        }
    }

    /// Counts the articles over time by `period`, or by the one that suits their span.
    pub fn count_over_time_by(&mut self, period: Option<Period>) {
        self.timeline = self.outcome.timeline(period);
    }

    /// How the number of topics was chosen automatically for these document vectors, if it
    /// was (now or before a number was set by hand).
    pub fn k_choice(&self) -> Option<&KChoice> {
        self.automatic.as_deref()
    }

    /// The documents listed for a topic (or all of them).
    pub fn documents_of(&self, topic: Option<usize>) -> &[usize] {
        match topic {
            Some(t) => self.members.get(t).map_or(&[], Vec::as_slice),
            None => &self.everyone,
        }
    }
}

/// The search box's query and which documents match it.
#[derive(Default)]
pub struct Search {
    pub query: String,
    /// `None` when the query is empty: everything matches.
    pub matches: Option<Vec<bool>>,
    pub match_count: usize,
}

impl Search {
    /// Recomputes the matches: every word of the query must occur (case-insensitive).
    pub fn update(&mut self, view: &View) {
        let words: Vec<String> = self
            .query
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        if words.is_empty() {
            self.matches = None;
            self.match_count = view.search_text.len();
            return;
        }
        let matches: Vec<bool> = view
            .search_text
            .iter()
            .map(|text| words.iter().all(|w| text.contains(w.as_str())))
            .collect();
        self.match_count = matches.iter().filter(|&&m| m).count();
        self.matches = Some(matches);
    }

    pub fn is_match(&self, document: usize) -> bool {
        self.matches
            .as_ref()
            .is_none_or(|m| m.get(document).copied().unwrap_or(false))
    }
}

/// What is selected.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// `None` is "All".
    pub topic: Option<usize>,
    pub document: Option<usize>,
    /// A period chosen on the chart of topics over time (its length and first day): the
    /// article list shows only the articles published in it, and the map fades the others.
    pub period: Option<(Period, NaiveDate)>,
}

impl Selection {
    /// Whether an article published on `date` is in the chosen period (any is when none is
    /// chosen; an undated one is in none).
    pub fn in_period(&self, date: Option<NaiveDate>) -> bool {
        self.period
            .is_none_or(|(period, start)| date.is_some_and(|day| period.holds(start, day)))
    }
}

/// Where a selected topic went when the same documents were grouped again (another number of
/// topics, a setting, an edit): the new topic holding most of its documents, the first on a
/// tie; `None` when it held none. Topics are numbered by size, so the number alone would
/// select whichever topic now comes at that place.
pub fn topic_holding_most(
    topic: usize,
    before: &[usize],
    after: &[usize],
    topic_count: usize,
) -> Option<usize> {
    let mut held = vec![0usize; topic_count];
    for (_, &now) in before.iter().zip(after).filter(|&(&was, _)| was == topic) {
        if let Some(count) = held.get_mut(now) {
            *count += 1;
        }
    }
    let (most, &count) = held
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)))?;
    (count > 0).then_some(most)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_selected_topic_follows_most_of_its_documents() {
        // Topic 1 held documents 2, 3 and 4; grouped again, two of them are in topic 0.
        let before = [0, 0, 1, 1, 1, 2];
        let after = [1, 1, 0, 0, 2, 2];
        assert_eq!(topic_holding_most(1, &before, &after, 3), Some(0));
        // A tie goes to the first; a topic that held nothing selects nothing.
        assert_eq!(
            topic_holding_most(0, &before, &[2, 1, 0, 0, 0, 0], 3),
            Some(1)
        );
        assert_eq!(topic_holding_most(5, &before, &after, 3), None);
    }

    #[test]
    fn a_number_of_topics_is_remembered_per_source_until_set_automatic() {
        let folder = |name: &str| Source::Paths(vec![PathBuf::from(name)]);
        let mut persisted = Persisted::default();
        persisted.remember_topic_count(&folder("a"), TopicCount::Fixed(7));
        persisted.remember_topic_count(&Source::Demo, TopicCount::Fixed(3));
        persisted.remember_topic_count(&folder("a"), TopicCount::Fixed(9));
        assert_eq!(persisted.topic_count_of(&folder("a")), TopicCount::Fixed(9));
        assert_eq!(
            persisted.topic_count_of(&Source::Demo),
            TopicCount::Fixed(3)
        );
        assert_eq!(persisted.topic_count_of(&folder("b")), TopicCount::Auto);
        persisted.remember_topic_count(&folder("a"), TopicCount::Auto);
        assert_eq!(persisted.topic_count_of(&folder("a")), TopicCount::Auto);
        for i in 0..MAX_TOPIC_COUNTS {
            persisted.remember_topic_count(&folder(&i.to_string()), TopicCount::Fixed(2));
        }
        assert_eq!(persisted.topic_counts.len(), MAX_TOPIC_COUNTS);
        assert_eq!(
            persisted.topic_count_of(&Source::Demo),
            TopicCount::Auto,
            "the oldest is forgotten"
        );
    }
}
