//! Runs the stages in order with progress and cancellation, and keeps what did not change:
//! changing the number of topics re-clusters from the cached vectors, never re-reading or
//! re-vectorizing. Every stage is a pure function of its inputs and the seed.

use std::sync::Arc;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::cluster::{self, ClusterError, Clustering, KMeansSettings, TopicCount};
use crate::corpus::{Corpus, Fields};
use crate::progress::{Cancel, Cancelled, Progress, ProgressSink, Stage};
use crate::reduce::sentence_model::{ModelError, SentenceModel};
use crate::reduce::word_vectors::WordVectors;
use crate::reduce::{self, Layout, Lsa, LsaSettings};
use crate::text::{Analyzer, Language, survey_languages};
use crate::topics::timeline::{Period, Timeline, timeline};
use crate::topics::{self, Edit, EditInputs, Topics};
use crate::vectorize::{self, TermVectors, TfIdfSettings};

/// Documents whose language is checked to find the corpus language.
const LANGUAGE_VOTES: usize = 1000;

/// How much word meaning counts by default: 1 is the measured share, which falls with the
/// number of terms in a document (`reduce::meaning::meaning_share`); 0 is terms only.
pub const DEFAULT_MEANING_WEIGHT: f32 = 1.0;

/// What documents are compared by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VectorKind {
    /// Their terms only (TF-IDF reduced by LSA).
    Terms,
    /// Their terms and the meaning of their words (built-in English word vectors); documents
    /// in other languages use their terms only.
    #[default]
    TermsAndMeaning,
}

/// Everything that decides the result, apart from the corpus itself.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub fields: Fields,
    pub topics: TopicCount,
    pub seed: u64,
    /// The corpus language; detected when `None`.
    pub language: Option<Language>,
    pub tfidf: TfIdfSettings,
    pub lsa: LsaSettings,
    /// What documents are compared by: their terms, or their terms and their words' meaning.
    pub vectors: VectorKind,
    /// How much word meaning counts, from 0 (terms only) to 1 (the measured default), with
    /// `VectorKind::TermsAndMeaning`; short documents get more of it than long ones.
    pub meaning_weight: f32,
    /// Independent k-means runs; the most typical is kept.
    pub kmeans_runs: usize,
    /// A sentence-embedding model's folder (see [`reduce::sentence_model`]): with
    /// `VectorKind::TermsAndMeaning`, documents' meaning comes from it instead of the built-in
    /// word vectors, in any language the model reads.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentence_model: Option<std::path::PathBuf>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            fields: Fields::All,
            topics: TopicCount::Auto,
            seed: 0,
            language: None,
            tfidf: TfIdfSettings::default(),
            lsa: LsaSettings::default(),
            vectors: VectorKind::TermsAndMeaning,
            meaning_weight: DEFAULT_MEANING_WEIGHT,
            kmeans_runs: KMeansSettings::default().runs,
            sentence_model: None,
        }
    }
}

/// Why the pipeline stopped without a result.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("no documents to find topics in: nothing readable was loaded")]
    NoDocuments,
    #[error(transparent)]
    Cluster(ClusterError),
    #[error(transparent)]
    SentenceModel(ModelError),
    #[error("cancelled")]
    Cancelled,
}

impl From<ModelError> for PipelineError {
    fn from(error: ModelError) -> Self {
        match error {
            ModelError::Cancelled => PipelineError::Cancelled,
            other => PipelineError::SentenceModel(other),
        }
    }
}

impl From<Cancelled> for PipelineError {
    fn from(_: Cancelled) -> Self {
        PipelineError::Cancelled
    }
}

impl From<ClusterError> for PipelineError {
    fn from(error: ClusterError) -> Self {
        match error {
            ClusterError::Cancelled(_) => PipelineError::Cancelled,
            ClusterError::NoDocuments => PipelineError::NoDocuments,
            other => PipelineError::Cluster(other),
        }
    }
}

/// The vectorized corpus: its language and term vectors.
pub struct Analysis {
    pub language: Language,
    /// The analyzer the terms were counted with (the corpus language's, per document where
    /// the corpus is mixed): labels look their words up with it.
    pub analyzer: Analyzer,
    pub term_vectors: TermVectors,
}

/// Wall time of one stage, in seconds.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct StageTime {
    pub stage: Stage,
    pub seconds: f64,
    /// True when the stage's result came from the cache.
    pub cached: bool,
}

/// The result of a run: the topics, the map, and everything they were made from.
pub struct Outcome {
    pub corpus: Arc<Corpus>,
    pub settings: Settings,
    pub analysis: Arc<Analysis>,
    pub lsa: Arc<Lsa>,
    /// The document vectors that were clustered: LSA, or LSA combined with word meaning.
    pub vectors: Arc<DocumentVectors>,
    pub clustering: Arc<Clustering>,
    /// The topics as the clustering found them.
    pub machine_topics: Arc<Topics>,
    /// The topics shown and written out: the machine's with a person's edits applied.
    pub topics: Arc<Topics>,
    /// The edits applied, in order.
    pub edits: Vec<Edit>,
    /// Where the documents and topics go on the map; empty when the pipeline was made
    /// [`Pipeline::without_map`].
    pub layout: Arc<Layout>,
    pub timings: Vec<StageTime>,
}

impl Outcome {
    pub fn language(&self) -> Language {
        self.analysis.language
    }

    /// The topics' articles per period, by `period` or by the one that suits the dates' span;
    /// `None` when no document has a publication date.
    pub fn timeline(&self, period: Option<Period>) -> Option<Timeline> {
        let dates: Vec<_> = self.corpus.documents.iter().map(|d| d.date).collect();
        timeline(&dates, &self.topics.assignments, period)
    }
}

/// The dense document vectors the topics are found in.
pub struct DocumentVectors {
    /// One unit-length row per document.
    pub rows: ndarray::Array2<f32>,
    /// Whether word meaning is part of them (it is not for languages the table lacks).
    pub meaning: bool,
}

/// A cached stage result and the inputs it was computed from.
struct Cached<K, V> {
    key: K,
    value: Arc<V>,
}

#[derive(Clone, PartialEq)]
struct AnalysisKey {
    fields: Fields,
    language: Option<Language>,
    tfidf: TfIdfSettings,
}

#[derive(Clone, PartialEq)]
struct ReductionKey {
    analysis: AnalysisKey,
    lsa: LsaSettings,
}

#[derive(Clone, PartialEq)]
struct VectorsKey {
    reduction: ReductionKey,
    kind: VectorKind,
    meaning_weight: f32,
    sentence_model: Option<std::path::PathBuf>,
}

/// What a sentence model's vectors depend on: not the seed nor the weight of meaning, which
/// change only how they are joined with the terms'.
#[derive(Clone, PartialEq)]
struct SentenceKey {
    folder: std::path::PathBuf,
    fields: Fields,
}

#[derive(Clone, PartialEq)]
struct ClusteringKey {
    vectors: VectorsKey,
    topics: TopicCount,
    runs: usize,
    seed: u64,
}

/// The results of the clustering stage and of the stages that follow it.
struct Grouping {
    clustering: Arc<Clustering>,
    topics: Arc<Topics>,
    layout: Arc<Layout>,
}

/// The pipeline for one corpus, with the results of its last run kept for the next.
pub struct Pipeline {
    corpus: Arc<Corpus>,
    analysis: Option<Cached<AnalysisKey, Analysis>>,
    reduction: Option<Cached<ReductionKey, Lsa>>,
    vectors: Option<Cached<VectorsKey, DocumentVectors>>,
    /// The documents' vectors from a sentence model: a minute or more per 10,000 headlines,
    /// so made once per model and text fields.
    sentence_meaning: Option<Cached<SentenceKey, ndarray::Array2<f32>>>,
    clustering: Option<Cached<ClusteringKey, Grouping>>,
    /// Whether the map's layout is computed (see [`Pipeline::without_map`]).
    map: bool,
}

impl Pipeline {
    pub fn new(corpus: Arc<Corpus>) -> Self {
        Self {
            corpus,
            analysis: None,
            reduction: None,
            vectors: None,
            sentence_meaning: None,
            clustering: None,
            map: true,
        }
    }

    /// A pipeline whose outcomes have no map (an empty layout): for output that does not draw
    /// one, such as the command line's CSV, which then skips the layout stage's work.
    pub fn without_map(mut self) -> Self {
        self.map = false;
        self
    }

    pub fn corpus(&self) -> &Arc<Corpus> {
        &self.corpus
    }

    /// The documents' vectors from the sentence model in `folder`, embedded from `fields`, or
    /// as kept from the last run that used them.
    fn sentence_meaning(
        &mut self,
        folder: &std::path::Path,
        fields: Fields,
        progress: &dyn ProgressSink,
        cancel: &Cancel,
    ) -> Result<Arc<ndarray::Array2<f32>>, ModelError> {
        let key = SentenceKey {
            folder: folder.to_path_buf(),
            fields,
        };
        if let Some(cached) = self.sentence_meaning.as_ref().filter(|c| c.key == key) {
            return Ok(cached.value.clone());
        }
        let model = SentenceModel::load(folder)?;
        let texts: Vec<_> = self
            .corpus
            .documents
            .iter()
            .map(|d| d.text_for(fields))
            .collect();
        let texts: Vec<&str> = texts.iter().map(|t| t.as_ref()).collect();
        let total = texts.len();
        let value = Arc::new(model.embed(&texts, cancel, |done| {
            progress.report(Progress {
                stage: Stage::Meaning,
                done,
                total,
            })
        })?);
        self.sentence_meaning = Some(Cached {
            key,
            value: value.clone(),
        });
        Ok(value)
    }

    /// Runs every stage whose inputs changed since the last run, reusing the others.
    pub fn run(
        &mut self,
        settings: &Settings,
        progress: &dyn ProgressSink,
        cancel: &Cancel,
    ) -> Result<Outcome, PipelineError> {
        self.run_with_edits(settings, &[], progress, cancel)
    }

    /// Like [`Pipeline::run`], then applies a person's `edits` to the topics found.
    pub fn run_with_edits(
        &mut self,
        settings: &Settings,
        edits: &[Edit],
        progress: &dyn ProgressSink,
        cancel: &Cancel,
    ) -> Result<Outcome, PipelineError> {
        if self.corpus.documents.is_empty() {
            return Err(PipelineError::NoDocuments);
        }
        let mut timings = Vec::new();
        let mut timed = |stage: Stage, cached: bool, start: Instant| {
            timings.push(StageTime {
                stage,
                seconds: start.elapsed().as_secs_f64(),
                cached,
            });
        };

        let analysis_key = AnalysisKey {
            fields: settings.fields,
            language: settings.language,
            tfidf: settings.tfidf,
        };
        let start = Instant::now();
        let analysis = match &self.analysis {
            Some(c) if c.key == analysis_key => {
                timed(Stage::Vectorizing, true, start);
                c.value.clone()
            }
            _ => {
                let value = Arc::new(analyze(&self.corpus, settings, progress, cancel)?);
                self.analysis = Some(Cached {
                    key: analysis_key.clone(),
                    value: value.clone(),
                });
                release_freed_memory();
                timed(Stage::Vectorizing, false, start);
                value
            }
        };

        let reduction_key = ReductionKey {
            analysis: analysis_key,
            lsa: settings.lsa,
        };
        let start = Instant::now();
        let lsa = match &self.reduction {
            Some(c) if c.key == reduction_key => {
                timed(Stage::Reducing, true, start);
                c.value.clone()
            }
            _ => {
                let value = Arc::new(reduce::lsa(
                    &analysis.term_vectors.weights,
                    &settings.lsa,
                    progress,
                    cancel,
                )?);
                self.reduction = Some(Cached {
                    key: reduction_key.clone(),
                    value: value.clone(),
                });
                release_freed_memory();
                timed(Stage::Reducing, false, start);
                value
            }
        };

        let vectors_key = VectorsKey {
            reduction: reduction_key,
            kind: settings.vectors,
            meaning_weight: settings.meaning_weight,
            sentence_model: settings.sentence_model.clone(),
        };
        let start = Instant::now();
        let vectors = match &self.vectors {
            Some(c) if c.key == vectors_key => {
                timed(Stage::Meaning, true, start);
                c.value.clone()
            }
            _ => {
                progress.report(Progress {
                    stage: Stage::Meaning,
                    done: 0,
                    total: 1,
                });
                let sentence_meaning = match (&settings.sentence_model, settings.vectors) {
                    (Some(folder), VectorKind::TermsAndMeaning) => {
                        Some(self.sentence_meaning(folder, settings.fields, progress, cancel)?)
                    }
                    _ => None,
                };
                let value = Arc::new(document_vectors(
                    &analysis,
                    &lsa,
                    settings,
                    sentence_meaning.as_deref(),
                ));
                self.vectors = Some(Cached {
                    key: vectors_key.clone(),
                    value: value.clone(),
                });
                release_freed_memory();
                timed(Stage::Meaning, false, start);
                cancel.check()?;
                value
            }
        };

        let clustering_key = ClusteringKey {
            vectors: vectors_key,
            topics: settings.topics,
            runs: settings.kmeans_runs,
            seed: settings.seed,
        };
        let start = Instant::now();
        let grouping = match &self.clustering {
            Some(c) if c.key == clustering_key => {
                timed(Stage::Clustering, true, start);
                c.value.clone()
            }
            _ => {
                let kmeans = KMeansSettings {
                    runs: settings.kmeans_runs,
                    ..Default::default()
                };
                let clustering = cluster::cluster(
                    vectors.rows.view(),
                    settings.topics,
                    &kmeans,
                    settings.seed,
                    progress,
                    cancel,
                )?;
                timed(Stage::Clustering, false, start);
                let start = Instant::now();
                progress.report(Progress {
                    stage: Stage::Labelling,
                    done: 0,
                    total: 1,
                });
                let mut topics =
                    topics::describe(&clustering, vectors.rows.view(), &analysis.term_vectors);
                write_as_the_corpus_does(&mut topics, &self.corpus, &analysis, settings);
                timed(Stage::Labelling, false, start);
                cancel.check()?;
                let layout = if self.map {
                    let start = Instant::now();
                    progress.report(Progress {
                        stage: Stage::Layout,
                        done: 0,
                        total: 1,
                    });
                    let layout = reduce::layout(
                        vectors.rows.view(),
                        topics.centroids.view(),
                        &topics.assignments,
                    );
                    timed(Stage::Layout, false, start);
                    layout
                } else {
                    Layout::default()
                };
                let value = Arc::new(Grouping {
                    clustering: Arc::new(clustering),
                    topics: Arc::new(topics),
                    layout: Arc::new(layout),
                });
                self.clustering = Some(Cached {
                    key: clustering_key,
                    value: value.clone(),
                });
                value
            }
        };

        let (topics, layout) = if edits.is_empty() {
            (grouping.topics.clone(), grouping.layout.clone())
        } else {
            cancel.check()?;
            let inputs = EditInputs {
                corpus: &self.corpus,
                vectors: vectors.rows.view(),
                term_vectors: &analysis.term_vectors,
                seed: settings.seed,
            };
            let mut topics = topics::apply_edits(&grouping.topics, edits, &inputs);
            write_as_the_corpus_does(&mut topics, &self.corpus, &analysis, settings);
            let layout = if self.map {
                reduce::layout::with_edited_topics(
                    &grouping.layout,
                    &grouping.topics.assignments,
                    &topics.assignments,
                    topics.topics.len(),
                )
            } else {
                Layout::default()
            };
            (Arc::new(topics), Arc::new(layout))
        };
        Ok(Outcome {
            corpus: self.corpus.clone(),
            settings: settings.clone(),
            analysis,
            lsa,
            vectors,
            clustering: grouping.clustering.clone(),
            machine_topics: grouping.topics.clone(),
            topics,
            edits: edits.to_vec(),
            layout,
            timings,
        })
    }
}

/// Labels in the forms the clustered texts write their words in ("US", not "us").
fn write_as_the_corpus_does(
    topics: &mut Topics,
    corpus: &Corpus,
    analysis: &Analysis,
    settings: &Settings,
) {
    topics::written_forms::write_as_the_corpus_does(topics, &analysis.analyzer, |d| {
        corpus.documents[d].text_for(settings.fields)
    });
}

/// Gives the memory that a stage freed back to the system, on every thread. The program's
/// allocator (mimalloc, see `main.rs`) keeps freed pages in the heap of the thread that freed
/// them, for that thread to reuse; the next stage allocates from other threads and in other
/// sizes, so without this the peak is the sum of the stages rather than the largest. Called
/// after vectorizing, LSA and word meaning: peak memory, medians of 5 alternating runs,
/// ag-news-test 82 -> 51 MB, reuters-r8 93 -> 68 MB, bbc-news 90 -> 56 MB, 20newsgroups
/// 212 -> 171 MB (7 runs), 91,374 documents 682 -> 647 MB (3 runs); the run times did not
/// move beyond their spread. Where mimalloc is not the allocator (the tests), it only
/// tidies mimalloc's own empty heaps.
fn release_freed_memory() {
    // SAFETY: mi_collect only returns mimalloc's free pages to the system; it may be called
    // at any time on any thread.
    rayon::broadcast(|_| unsafe { libmimalloc_sys::mi_collect(true) });
    unsafe { libmimalloc_sys::mi_collect(true) };
}

/// LSA vectors, combined with word meaning when asked for: from the sentence model's vectors
/// where given, else from the built-in word vectors where they cover the language.
fn document_vectors(
    analysis: &Analysis,
    lsa: &Lsa,
    settings: &Settings,
    sentence_meaning: Option<&ndarray::Array2<f32>>,
) -> DocumentVectors {
    let terms_only = || DocumentVectors {
        rows: lsa.vectors.clone(),
        meaning: false,
    };
    if settings.vectors == VectorKind::Terms {
        return terms_only();
    }
    let table_meaning;
    let meaning = match sentence_meaning {
        Some(meaning) => meaning,
        None => match word_table_meaning(analysis) {
            Some(meaning) => {
                table_meaning = meaning;
                &table_meaning
            }
            None => return terms_only(),
        },
    };
    let weights = &analysis.term_vectors.weights;
    let shares: Vec<f32> = (0..weights.n_rows())
        .map(|i| reduce::meaning::meaning_share(weights.row(i).0.len(), settings.meaning_weight))
        .collect();
    DocumentVectors {
        rows: reduce::meaning::combine(lsa.vectors.view(), meaning.view(), &shares),
        meaning: true,
    }
}

/// Each document's meaning from the built-in word vectors, where they cover the language.
fn word_table_meaning(analysis: &Analysis) -> Option<ndarray::Array2<f32>> {
    if !WordVectors::covers(analysis.language) {
        return None;
    }
    // A document's meaning comes from all its words, even those too rare to be terms; they are
    // kept wherever the language has word vectors.
    let (Ok(table), Some(all)) = (WordVectors::builtin(), &analysis.term_vectors.all_terms) else {
        return None;
    };
    let keys = all.keys.iter().map(String::as_str);
    let table_vectors = table.for_keys(keys, &analysis.analyzer);
    let adapted = reduce::meaning::adapt_to_corpus(&all.weights, table_vectors);
    // The words' vectors are freed on return, before the joined rows are made, where the
    // stage's memory peaks.
    Some(reduce::meaning::meaning_vectors(&all.weights, &adapted))
}

/// Detects the language (unless given) and builds the term vectors.
fn analyze(
    corpus: &Corpus,
    settings: &Settings,
    progress: &dyn ProgressSink,
    cancel: &Cancel,
) -> Result<Analysis, Cancelled> {
    let texts: Vec<std::borrow::Cow<'_, str>> = corpus
        .documents
        .iter()
        .map(|d| d.text_for(settings.fields))
        .collect();
    let survey = survey_languages(
        texts.iter().map(|t| t.as_ref()),
        settings.language,
        LANGUAGE_VOTES,
    );
    cancel.check()?;
    let language = survey.majority;
    let analyzer = Analyzer::new(language).for_mixed_corpus(survey.others_present);
    // Every word's meaning is kept, not only the terms', where there are word vectors for the
    // language: whether meaning is then used is decided later, from cached vectors.
    let term_vectors = vectorize::term_vectors_keeping_all(
        &texts,
        &analyzer,
        &settings.tfidf,
        WordVectors::covers(language),
        progress,
        cancel,
    )?;
    Ok(Analysis {
        language,
        analyzer,
        term_vectors,
    })
}
