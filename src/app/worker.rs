//! The worker thread: loads corpora and runs the pipeline away from the UI thread, reporting
//! progress and results over a channel and waking the UI with `request_repaint`. A new job
//! cancels the one running; a cancelled or failed job leaves the last result in place.
//!
//! A large corpus first gets topics from an even sample of its documents (a preview, shown
//! while the whole corpus is processed), so the person has something to look at in seconds.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::time::{Duration, Instant};

use crate::corpus::{self, Corpus, LoadOptions, Survey};
use crate::pipeline::{Outcome, Pipeline, PipelineError, Settings};
use crate::progress::{Cancel, Progress, ProgressSink};
use crate::topics::Edit;

/// What to load: the demo corpus, or folders and files.
pub use crate::export::session::CorpusOrigin as Source;

/// A job for the worker.
#[derive(Clone, Debug)]
pub enum Job {
    /// Load a corpus, then find its topics and apply a person's edits to them.
    Open {
        source: Source,
        settings: Settings,
        edits: Vec<Edit>,
        load: LoadOptions,
        preview: PreviewPolicy,
    },
    /// Find the topics of a loaded corpus again with other settings or edits (reusing what
    /// it can when the corpus is the one last worked on).
    Rerun {
        corpus: Arc<Corpus>,
        settings: Settings,
        edits: Vec<Edit>,
    },
}

/// When an open first shows topics from a sample of the documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PreviewPolicy {
    /// Corpora with more documents than this get a preview.
    pub above: usize,
    /// Documents in the preview's sample.
    pub sample: usize,
}

impl PreviewPolicy {
    /// No preview, whatever the size.
    pub const NEVER: PreviewPolicy = PreviewPolicy {
        above: usize::MAX,
        sample: 0,
    };

    /// The preview's sample size for a corpus of `documents`, if it gets one.
    pub fn sample_size(&self, documents: usize) -> Option<usize> {
        (documents > self.above && self.sample > 0 && self.sample < documents)
            .then_some(self.sample)
    }
}

impl Default for PreviewPolicy {
    /// Measured on 20newsgroups repeated (stages bench): a corpus of 20,000 documents takes
    /// about 5 s from reading to topics, and a sample of 5,000 about 1 s at a fixed number of
    /// topics (choosing the number costs about 3 s at any size).
    fn default() -> Self {
        PreviewPolicy {
            above: 20_000,
            sample: 5_000,
        }
    }
}

/// What the worker tells the UI.
pub enum Update {
    Progress(Progress),
    /// A corpus was loaded; its topics are being computed.
    Loaded(Arc<Corpus>),
    /// Topics are being found first for a sample of `sample` of the loaded corpus's
    /// `documents`.
    Previewing {
        sample: usize,
        documents: usize,
    },
    /// The sample's topics; the whole corpus's follow.
    Preview(Arc<Outcome>),
    Finished(Arc<Outcome>),
    Failed(String),
    Cancelled,
    /// Nothing was read: the source holds so much that the person is asked first.
    LargeLoad(Survey),
}

/// The UI's handle on the worker thread.
pub struct Worker {
    jobs: Sender<(u64, Job, Cancel)>,
    updates: Receiver<(u64, Update)>,
    running: Option<(u64, Cancel)>,
    next_id: u64,
}

impl Worker {
    /// Starts the worker thread; `wake` is called whenever there is news for the UI.
    pub fn spawn(wake: impl Fn() + Send + Sync + 'static) -> Self {
        let (job_tx, job_rx) = channel::<(u64, Job, Cancel)>();
        let (update_tx, update_rx) = channel::<(u64, Update)>();
        let spawned = std::thread::Builder::new()
            .name("topic-atlas-worker".into())
            .spawn(move || work(job_rx, update_tx, wake));
        if let Err(error) = spawned {
            // Without a thread nothing can be computed; the UI shows this as a failure.
            eprintln!("could not start the worker thread: {error}");
        }
        Self {
            jobs: job_tx,
            updates: update_rx,
            running: None,
            next_id: 0,
        }
    }

    /// Starts `job`, cancelling the one running.
    pub fn submit(&mut self, job: Job) {
        self.cancel();
        self.next_id += 1;
        let cancel = Cancel::new();
        if self.jobs.send((self.next_id, job, cancel.clone())).is_ok() {
            self.running = Some((self.next_id, cancel));
        }
    }

    /// Asks the running job to stop.
    pub fn cancel(&mut self) {
        if let Some((_, cancel)) = &self.running {
            cancel.cancel();
        }
    }

    pub fn is_busy(&self) -> bool {
        self.running.is_some()
    }

    /// The updates of the current job since the last call (older jobs' news is dropped).
    pub fn poll(&mut self) -> Vec<Update> {
        let mut news = Vec::new();
        loop {
            match self.updates.try_recv() {
                Ok((id, update)) => {
                    let current = self
                        .running
                        .as_ref()
                        .is_some_and(|(running, _)| *running == id);
                    if !current {
                        continue;
                    }
                    if matches!(
                        update,
                        Update::Finished(_)
                            | Update::Failed(_)
                            | Update::Cancelled
                            | Update::LargeLoad(_)
                    ) {
                        self.running = None;
                    }
                    news.push(update);
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    if self.running.take().is_some() {
                        news.push(Update::Failed(
                            "the background worker stopped unexpectedly".into(),
                        ));
                    }
                    break;
                }
            }
        }
        news
    }
}

/// The worker thread's loop. It keeps the pipeline whose result is shown, so re-runs reuse its
/// cached stages, and, while a job waits, the one that job's arrival cancelled (a change of
/// settings while a folder opens applies to that folder, whose words are already counted).
fn work(
    jobs: Receiver<(u64, Job, Cancel)>,
    updates: Sender<(u64, Update)>,
    wake: impl Fn() + Sync,
) {
    let mut pipelines = Pipelines::default();
    let mut waiting = None;
    while let Some(mut next) = waiting.take().or_else(|| jobs.recv().ok()) {
        // Of jobs queued meanwhile (a slider being dragged), only the newest matters; an
        // open still applies, with the newest settings.
        while let Ok(newer) = jobs.try_recv() {
            next = match (next.1, newer.1) {
                (
                    Job::Open {
                        source,
                        load,
                        preview,
                        ..
                    },
                    Job::Rerun {
                        settings, edits, ..
                    },
                ) => (
                    newer.0,
                    Job::Open {
                        source,
                        settings,
                        edits,
                        load,
                        preview,
                    },
                    newer.2,
                ),
                (_, job) => (newer.0, job, newer.2),
            };
        }
        let (id, job, cancel) = next;
        let send = |update: Update| {
            let _ = updates.send((id, update));
            wake();
        };
        let progress = ThrottledProgress::new(&send);
        let (corpus, settings, edits) = match job {
            Job::Open {
                source,
                settings,
                edits,
                load: options,
                preview,
            } => match load(&source, &options, &progress, &cancel) {
                Ok(corpus) => {
                    let corpus = Arc::new(corpus);
                    send(Update::Loaded(corpus.clone()));
                    if let Some(size) = preview.sample_size(corpus.documents.len()) {
                        send(Update::Previewing {
                            sample: size,
                            documents: corpus.documents.len(),
                        });
                        let sample = Arc::new(corpus.sample(size));
                        match Pipeline::new(sample)
                            .run_with_edits(&settings, &edits, &progress, &cancel)
                        {
                            Ok(outcome) => send(Update::Preview(Arc::new(outcome))),
                            Err(PipelineError::Cancelled) => {
                                send(Update::Cancelled);
                                continue;
                            }
                            // The whole corpus's run says what went wrong.
                            Err(_) => {}
                        }
                    }
                    (corpus, settings, edits)
                }
                Err(corpus::LoadError::Cancelled) => {
                    send(Update::Cancelled);
                    continue;
                }
                Err(corpus::LoadError::LargeLoad(survey)) => {
                    send(Update::LargeLoad(survey));
                    continue;
                }
                Err(error) => {
                    send(Update::Failed(error.to_string()));
                    continue;
                }
            },
            Job::Rerun {
                corpus,
                settings,
                edits,
            } => (corpus, settings, edits),
        };
        let pipeline = pipelines.for_corpus(corpus);
        let result = pipeline.run_with_edits(&settings, &edits, &progress, &cancel);
        if matches!(result, Err(PipelineError::Cancelled)) {
            waiting = jobs.try_recv().ok();
        }
        pipelines.finished(result.is_ok(), waiting.is_some());
        send(match result {
            Ok(outcome) => Update::Finished(Arc::new(outcome)),
            Err(PipelineError::Cancelled) => Update::Cancelled,
            Err(error) => Update::Failed(error.to_string()),
        });
    }
}

/// The pipelines the worker keeps, the one used last at the end.
#[derive(Default)]
struct Pipelines {
    kept: Vec<Pipeline>,
    /// The corpus of the last result sent (previews aside), which the window shows.
    shown: Option<Arc<Corpus>>,
}

impl Pipelines {
    /// The pipeline of `corpus` (the same loaded corpus, not an equal one), made if there is
    /// none; it becomes the last used.
    fn for_corpus(&mut self, corpus: Arc<Corpus>) -> &mut Pipeline {
        let pipeline = match self
            .kept
            .iter()
            .position(|p| Arc::ptr_eq(p.corpus(), &corpus))
        {
            Some(i) => self.kept.remove(i),
            None => Pipeline::new(corpus),
        };
        self.kept.push(pipeline);
        self.kept.last_mut().expect("just pushed")
    }

    /// After a run on the last used pipeline: one that finished is the only one worth keeping.
    /// Otherwise the shown result's pipeline stays, and the last used one too if a job waits
    /// (a person's change of settings may be for it); a folder whose open was cancelled, or
    /// failed, is let go with the memory it holds.
    fn finished(&mut self, succeeded: bool, job_waiting: bool) {
        let Some(last) = self.kept.pop() else {
            return;
        };
        if succeeded {
            self.shown = Some(last.corpus().clone());
            self.kept = vec![last];
            return;
        }
        let shown = self.shown.clone();
        let is_shown = |p: &Pipeline| shown.as_ref().is_some_and(|s| Arc::ptr_eq(s, p.corpus()));
        self.kept.retain(is_shown);
        if job_waiting || is_shown(&last) {
            self.kept.push(last);
        }
    }
}

fn load(
    source: &Source,
    options: &LoadOptions,
    progress: &dyn ProgressSink,
    cancel: &Cancel,
) -> Result<Corpus, corpus::LoadError> {
    match source {
        Source::Demo => Ok(corpus::load_demo()),
        Source::Paths(paths) => corpus::load_paths(paths, options, progress, cancel),
    }
}

/// Forwards progress at most every few milliseconds (and at every change of stage), so a
/// fast stage does not flood the channel.
struct ThrottledProgress<'a> {
    send: &'a (dyn Fn(Update) + Sync),
    last: std::sync::Mutex<Option<(Instant, crate::progress::Stage)>>,
}

const PROGRESS_INTERVAL: Duration = Duration::from_millis(30);

impl<'a> ThrottledProgress<'a> {
    fn new(send: &'a (dyn Fn(Update) + Sync)) -> Self {
        Self {
            send,
            last: std::sync::Mutex::new(None),
        }
    }
}

impl ProgressSink for ThrottledProgress<'_> {
    fn report(&self, progress: Progress) {
        let Ok(mut last) = self.last.lock() else {
            return;
        };
        let due = last.is_none_or(|(at, stage)| {
            stage != progress.stage
                || at.elapsed() >= PROGRESS_INTERVAL
                || progress.done == progress.total
        });
        if due {
            *last = Some((Instant::now(), progress.stage));
            (self.send)(Update::Progress(progress));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(name: &str) -> Arc<Corpus> {
        Arc::new(Corpus {
            root: None,
            name: name.into(),
            documents: Vec::new(),
            report: corpus::LoadReport::default(),
        })
    }

    fn kept(pipelines: &Pipelines) -> Vec<String> {
        pipelines
            .kept
            .iter()
            .map(|p| p.corpus().name.clone())
            .collect()
    }

    #[test]
    fn the_shown_pipeline_stays_and_a_cancelled_one_only_while_a_job_waits() {
        let (shown, opened, other) = (corpus("shown"), corpus("opened"), corpus("other"));
        let mut pipelines = Pipelines::default();
        pipelines.for_corpus(shown.clone());
        pipelines.finished(true, false);
        assert_eq!(kept(&pipelines), ["shown"]);

        // An open cancelled by a change of settings: both stay, and the re-run finds the
        // opened folder's pipeline rather than making another.
        pipelines.for_corpus(opened.clone());
        pipelines.finished(false, true);
        assert_eq!(kept(&pipelines), ["shown", "opened"]);
        let again = pipelines.for_corpus(opened.clone());
        assert!(Arc::ptr_eq(again.corpus(), &opened));
        assert_eq!(kept(&pipelines), ["shown", "opened"]);

        // Cancelled with nothing waiting: only the shown result's pipeline is kept.
        pipelines.finished(false, false);
        assert_eq!(kept(&pipelines), ["shown"]);

        // A re-run of the shown corpus cancelled with nothing waiting keeps it.
        pipelines.for_corpus(shown.clone());
        pipelines.finished(false, false);
        assert_eq!(kept(&pipelines), ["shown"]);

        // A finished run of another corpus makes it the only one.
        pipelines.for_corpus(other);
        pipelines.finished(true, false);
        assert_eq!(kept(&pipelines), ["other"]);
    }
}
