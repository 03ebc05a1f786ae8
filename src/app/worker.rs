//! The worker thread: loads corpora and runs the pipeline away from the UI thread, reporting
//! progress and results over a channel and waking the UI with `request_repaint`. A new job
//! cancels the one running; a cancelled or failed job leaves the last result in place.

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
    },
    /// Find the topics of the loaded corpus again with other settings or edits (reusing what
    /// it can).
    Rerun {
        settings: Settings,
        edits: Vec<Edit>,
    },
}

/// What the worker tells the UI.
pub enum Update {
    Progress(Progress),
    /// A corpus was loaded; its topics are being computed.
    Loaded(Arc<Corpus>),
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

/// The worker thread's loop. It keeps the pipeline of the current corpus, so re-runs reuse the
/// cached stages; a new corpus replaces it only once it has loaded.
fn work(
    jobs: Receiver<(u64, Job, Cancel)>,
    updates: Sender<(u64, Update)>,
    wake: impl Fn() + Sync,
) {
    let mut pipeline: Option<Pipeline> = None;
    while let Ok(mut next) = jobs.recv() {
        // Of jobs queued meanwhile (a slider being dragged), only the newest matters; an
        // open still applies, with the newest settings.
        while let Ok(newer) = jobs.try_recv() {
            next = match (next.1, newer.1) {
                (Job::Open { source, load, .. }, Job::Rerun { settings, edits }) => (
                    newer.0,
                    Job::Open {
                        source,
                        settings,
                        edits,
                        load,
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
        let result = match job {
            Job::Open {
                source,
                settings,
                edits,
                load: options,
            } => match load(&source, &options, &progress, &cancel) {
                Ok(corpus) => {
                    let corpus = Arc::new(corpus);
                    send(Update::Loaded(corpus.clone()));
                    let mut fresh = Pipeline::new(corpus);
                    let result = fresh.run_with_edits(&settings, &edits, &progress, &cancel);
                    // A cancelled first run keeps the pipeline of the result still shown, so
                    // the next change of settings applies to what the person sees.
                    if !matches!(result, Err(PipelineError::Cancelled)) {
                        pipeline = Some(fresh);
                    }
                    result
                }
                Err(corpus::LoadError::Cancelled) => Err(PipelineError::Cancelled),
                Err(corpus::LoadError::LargeLoad(survey)) => {
                    send(Update::LargeLoad(survey));
                    continue;
                }
                Err(error) => {
                    send(Update::Failed(error.to_string()));
                    continue;
                }
            },
            Job::Rerun { settings, edits } => match pipeline.as_mut() {
                Some(pipeline) => pipeline.run_with_edits(&settings, &edits, &progress, &cancel),
                None => Err(PipelineError::NoDocuments),
            },
        };
        send(match result {
            Ok(outcome) => Update::Finished(Arc::new(outcome)),
            Err(PipelineError::Cancelled) => Update::Cancelled,
            Err(error) => Update::Failed(error.to_string()),
        });
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
