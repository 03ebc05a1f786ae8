//! Counting the words of every document, in parallel, each distinct word stored once per task
//! rather than once per occurrence.

use std::hash::BuildHasher;
use std::sync::atomic::{AtomicUsize, Ordering};

use hashbrown::HashTable;
use rayon::prelude::*;
use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};

use super::boilerplate::{self, RepeatedLines};
use crate::progress::{Cancel, Cancelled};
use crate::text::{Analyzer, DocumentAnalyzers};

/// Documents counted per task: large enough that a task's word table pays off, small enough
/// that progress moves and both cores stay busy.
const DOCUMENTS_PER_TASK: usize = 256;

/// The distinct words of a corpus and how often each document uses each.
#[derive(Debug, Default)]
pub struct WordCounts {
    /// Distinct lower-case words (and, when asked, "word word" pairs), sorted.
    pub words: Vec<String>,
    /// For each document, (index into `words`, count), ascending by index.
    pub documents: Vec<Vec<(u32, u32)>>,
    /// For each document, the (index into `words`, count) of its words in lines that are not
    /// its own writing, pasted into many documents or encoded data (see [`boilerplate`]),
    /// ascending by index: part of `documents` too. Empty for most documents, and for those
    /// with nothing but such lines.
    pub not_written: Vec<Vec<(u32, u32)>>,
}

/// A task's documents.
struct TaskCounts {
    /// The task's index, for putting documents back in order.
    task: usize,
    /// Each document's (word id, count) list.
    documents: Vec<Vec<(u32, u32)>>,
    /// Each document's words in pasted lines and encoded data, as (word id, count).
    not_written: Vec<Vec<(u32, u32)>>,
}

/// One task's results: its own word table and the counts of its documents in local ids.
/// The words are interned into one buffer rather than held as a string each (twice, in a map
/// and a list): one allocation per distinct word per task was most of counting's memory,
/// and small allocations freed after counting are not reused for the large arrays of the
/// stages that follow.
#[derive(Default)]
struct Partial {
    /// Every distinct word of the task, one after another, in order of first use.
    text: String,
    /// Where word `id` lies in `text`.
    spans: Vec<(usize, usize)>,
    /// The ids of the words, found by a word's hash.
    ids: HashTable<u32>,
    tasks: Vec<TaskCounts>,
}

impl Partial {
    fn word(&self, id: u32) -> &str {
        span_text(&self.text, self.spans[id as usize])
    }

    /// The task's words, by id.
    fn words(&self) -> impl Iterator<Item = &str> {
        self.spans.iter().map(|&span| span_text(&self.text, span))
    }

    fn id_of(&mut self, word: &str) -> u32 {
        let hash = FxBuildHasher.hash_one(word);
        let Self {
            text, spans, ids, ..
        } = self;
        if let Some(&id) = ids.find(hash, |&id| span_text(text, spans[id as usize]) == word) {
            return id;
        }
        let id = spans.len() as u32;
        let start = text.len();
        text.push_str(word);
        spans.push((start, text.len()));
        ids.insert_unique(hash, id, |&id| {
            FxBuildHasher.hash_one(span_text(text, spans[id as usize]))
        });
        id
    }
}

/// The word at `span` (start, end) of an interned buffer.
fn span_text(text: &str, (start, end): (usize, usize)) -> &str {
    &text[start..end]
}

/// Counts the kept words of each text (and adjacent pairs of kept words when `bigrams`), and
/// apart those in lines that are not its own writing (see [`boilerplate`]). `on_progress` is
/// called with the number of documents done so far.
pub fn count_words<T: AsRef<str> + Sync>(
    texts: &[T],
    analyzer: &Analyzer,
    bigrams: bool,
    cancel: &Cancel,
    on_progress: &(dyn Fn(usize) + Sync),
) -> Result<WordCounts, Cancelled> {
    let done = AtomicUsize::new(0);
    let analyzers = DocumentAnalyzers::new(analyzer);
    let repeated_lines = RepeatedLines::count(texts);
    let partials: Vec<Partial> = texts
        .par_chunks(DOCUMENTS_PER_TASK)
        .enumerate()
        .try_fold(Partial::default, |mut partial, (task, chunk)| {
            cancel.check()?;
            let mut buffer = String::new();
            let mut pair = String::new();
            let mut ids = Vec::new();
            let mut not_written = Vec::new();
            let mut documents = Vec::with_capacity(chunk.len());
            let mut not_written_counts = Vec::with_capacity(chunk.len());
            for (i, text) in chunk.iter().enumerate() {
                let text = text.as_ref();
                ids.clear();
                not_written.clear();
                let not_own = repeated_lines.not_written(task * DOCUMENTS_PER_TASK + i, text);
                let mut position = boilerplate::Position::new(&not_own);
                let mut previous: Option<u32> = None;
                let analyzer = analyzers.for_text(text);
                analyzer.for_each_word(text, &mut buffer, |word, range| {
                    let first = ids.len();
                    let id = partial.id_of(word);
                    ids.push(id);
                    if bigrams {
                        if let Some(prev) = previous {
                            pair.clear();
                            pair.push_str(partial.word(prev));
                            pair.push(' ');
                            pair.push_str(word);
                            ids.push(partial.id_of(&pair));
                        }
                        previous = Some(id);
                    }
                    if !not_own.is_empty() && position.inside(range.start) {
                        not_written.extend_from_slice(&ids[first..]);
                    }
                });
                // A document of nothing but lines not its own is a copy: its words are its own.
                if not_written.len() == ids.len() {
                    not_written.clear();
                }
                not_written_counts.push(run_lengths(&mut not_written));
                documents.push(run_lengths(&mut ids));
            }
            partial.tasks.push(TaskCounts {
                task,
                documents,
                not_written: not_written_counts,
            });
            let now = done.fetch_add(chunk.len(), Ordering::Relaxed) + chunk.len();
            on_progress(now);
            Ok(partial)
        })
        .collect::<Result<_, Cancelled>>()?;
    Ok(merge(partials, texts.len()))
}

/// Sorts ids and turns them into (id, count) pairs.
fn run_lengths(ids: &mut [u32]) -> Vec<(u32, u32)> {
    ids.sort_unstable();
    let mut counts: Vec<(u32, u32)> = Vec::new();
    for &id in ids.iter() {
        match counts.last_mut() {
            Some((last, count)) if *last == id => *count += 1,
            _ => counts.push((id, 1)),
        }
    }
    counts
}

/// Joins the tasks' word tables into one sorted table and puts documents back in order.
fn merge(partials: Vec<Partial>, n_documents: usize) -> WordCounts {
    // Each task's table repeats the common words: drop the repeats before sorting.
    let mut distinct: FxHashSet<&str> = FxHashSet::default();
    for partial in &partials {
        distinct.extend(partial.words());
    }
    let mut words: Vec<String> = distinct.into_iter().map(str::to_owned).collect();
    words.par_sort_unstable();
    let global: FxHashMap<&str, u32> = words
        .iter()
        .enumerate()
        .map(|(i, w)| (w.as_str(), i as u32))
        .collect();

    // Each task's ids into the corpus's, all at once: task by task, with a handful of
    // documents each, this was most of the merge's time and ran on one core.
    let local_to_global: Vec<Vec<u32>> = partials
        .par_iter()
        .map(|partial| partial.words().map(|word| global[word]).collect())
        .collect();
    let mut tasks: Vec<(TaskCounts, usize)> = partials
        .into_iter()
        .enumerate()
        .flat_map(|(index, partial)| partial.tasks.into_iter().map(move |task| (task, index)))
        .collect();
    tasks.par_iter_mut().for_each(|(task, partial)| {
        let to_global = &local_to_global[*partial];
        for document in task.documents.iter_mut().chain(&mut task.not_written) {
            for (id, _) in document.iter_mut() {
                *id = to_global[*id as usize];
            }
            document.sort_unstable_by_key(|&(id, _)| id);
        }
    });
    let mut tasks: Vec<TaskCounts> = tasks.into_iter().map(|(task, _)| task).collect();
    tasks.sort_unstable_by_key(|task| task.task);
    let mut documents = Vec::with_capacity(n_documents);
    let mut not_written = Vec::with_capacity(n_documents);
    for mut task in tasks {
        documents.append(&mut task.documents);
        not_written.append(&mut task.not_written);
    }
    drop(global);
    WordCounts {
        words,
        documents,
        not_written,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Language;

    #[test]
    fn counts_words_per_document_in_order() {
        let analyzer = Analyzer::new(Language::English);
        let texts: Vec<String> = (0..600)
            .map(|i| {
                if i % 2 == 0 {
                    "tariffs tariffs steel".to_string()
                } else {
                    format!("election vote{i}")
                }
            })
            .collect();
        let counts =
            count_words(&texts, &analyzer, false, &Cancel::new(), &|_| {}).expect("not cancelled");
        assert_eq!(counts.documents.len(), 600);
        assert!(
            counts.words.windows(2).all(|w| w[0] < w[1]),
            "sorted and distinct"
        );
        let word = |id: u32| counts.words[id as usize].as_str();
        let first: Vec<(&str, u32)> = counts.documents[0]
            .iter()
            .map(|&(id, c)| (word(id), c))
            .collect();
        assert_eq!(first, [("steel", 1), ("tariffs", 2)]);
        let last: Vec<(&str, u32)> = counts.documents[599]
            .iter()
            .map(|&(id, c)| (word(id), c))
            .collect();
        assert_eq!(last, [("election", 1), ("vote599", 1)]);
    }

    #[test]
    fn words_in_lines_pasted_into_five_documents_are_counted_apart_too() {
        let analyzer = Analyzer::new(Language::English);
        let signature = "Gordon Banks | Skepticism is chastity";
        let mut texts: Vec<String> = ["kidney stones", "migraine", "vitamin", "diet", "fever"]
            .iter()
            .map(|subject| format!("Questions about {subject}\n{signature}\n"))
            .collect();
        // A copy of the signature alone: nothing of its own, so its words are its own.
        texts.push(signature.to_string());
        let counts =
            count_words(&texts, &analyzer, false, &Cancel::new(), &|_| {}).expect("not cancelled");
        let words = |list: &[(u32, u32)]| -> Vec<String> {
            list.iter()
                .map(|&(id, _)| counts.words[id as usize].clone())
                .collect()
        };
        assert_eq!(
            words(&counts.not_written[0]),
            ["banks", "chastity", "gordon", "skepticism"]
        );
        let all = words(&counts.documents[0]);
        assert!(all.contains(&"kidney".to_string()) && all.contains(&"gordon".to_string()));
        assert!(counts.not_written[5].is_empty());
        assert_eq!(words(&counts.documents[5]).len(), 4);
        // Four documents do not make a line pasted.
        let counts = count_words(&texts[..4], &analyzer, false, &Cancel::new(), &|_| {})
            .expect("not cancelled");
        assert!(counts.not_written.iter().all(Vec::is_empty));
    }

    #[test]
    fn bigrams_join_adjacent_kept_words() {
        let analyzer = Analyzer::new(Language::English);
        let counts = count_words(
            &["the trade war and the trade war"],
            &analyzer,
            true,
            &Cancel::new(),
            &|_| {},
        )
        .expect("not cancelled");
        let pairs: Vec<(&str, u32)> = counts.documents[0]
            .iter()
            .map(|&(id, c)| (counts.words[id as usize].as_str(), c))
            .collect();
        assert!(pairs.contains(&("trade war", 2)), "{pairs:?}");
        assert!(pairs.contains(&("war trade", 1)), "{pairs:?}");
        assert!(pairs.contains(&("trade", 2)), "{pairs:?}");
    }

    #[test]
    fn cancellation_stops_counting() {
        let analyzer = Analyzer::new(Language::English);
        let cancel = Cancel::new();
        cancel.cancel();
        assert!(count_words(&["some words here"], &analyzer, false, &cancel, &|_| {}).is_err());
    }
}
