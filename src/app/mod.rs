//! The window: topics, a map of the articles, the articles of a topic, and a reader.
//!
//! A thin layer over the pipeline: loading and clustering run on the [`worker`] thread, the
//! panels (one file each) draw the current [`state::View`] and return [`Action`]s that this
//! module applies after drawing.

pub mod about;
pub mod articles_panel;
pub mod file_dialog;
pub mod large_load;
pub mod load_report;
pub mod map_panel;
pub mod menu;
pub mod palette;
pub mod reader_panel;
pub mod save;
pub mod settings_panel;
pub mod state;
pub mod status_bar;
pub mod timeline_panel;
pub mod topics_panel;
pub mod worker;

use std::path::PathBuf;
use std::sync::Arc;

use eframe::egui;

use crate::cluster::TopicCount;
use crate::corpus::{Corpus, LoadOptions};
use crate::export::session::Session;
use crate::pipeline::{Settings, VectorKind};
use crate::progress::Progress;
use crate::reduce::sentence_model::SentenceModel;
use crate::topics::{ArticleKey, Edit, TopicRef};
use save::SaveTarget;
use state::{Persisted, Search, Selection, View};
use worker::{Job, PreviewPolicy, Source, Update, Worker};

/// The window title.
pub const APP_NAME: &str = "Topic Atlas";

/// Opens the window on `path`, or on the demo corpus.
pub fn run(path: Option<PathBuf>) -> eframe::Result {
    let icon = eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icon.png"))
        .unwrap_or_default();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(APP_NAME)
            .with_app_id("topic-atlas")
            .with_icon(icon)
            .with_inner_size([1400.0, 880.0])
            .with_min_inner_size([720.0, 480.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    let source = match path {
        Some(path) => Source::Paths(vec![path]),
        None => Source::Demo,
    };
    eframe::run_native(
        APP_NAME,
        options,
        Box::new(move |cc| Ok(Box::new(TopicAtlasApp::new(cc, source)))),
    )
}

/// What was shown before an open, as [`TopicAtlasApp::restore_before_open`] restores it.
struct BeforeOpen {
    source: Option<Source>,
    settings: Settings,
    edits: Vec<Edit>,
    redo: Vec<Edit>,
}

/// Something a panel asks for; applied after the frame's drawing.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    SelectTopic(Option<usize>),
    /// List only the articles of a period of the chart of topics over time, or all again.
    SelectPeriod(Option<(crate::topics::timeline::Period, chrono::NaiveDate)>),
    /// Count the articles over time by this period, or by the one that suits their span.
    CountOverTimeBy(Option<crate::topics::timeline::Period>),
    SelectDocument(Option<usize>),
    Open(Source),
    /// Open a source that was found large, without asking again.
    OpenLarge(Source),
    /// The large load was declined: the result shown stays, with its source and edits.
    DeclineLargeLoad,
    ChooseFolder,
    ChooseFiles,
    SetTopicCount(TopicCount),
    SetSettings(Settings),
    Cancel,
    ShowLoadReport,
    ShowSettings(bool),
    ShowReader(bool),
    ShowAbout,
    FocusSearch,
    ResetMap,
    OpenFile(PathBuf),
    Quit,
    /// Start typing a new name for a topic.
    StartRenaming(usize),
    RenameTopic(usize, String),
    /// Merge topics into the first listed.
    MergeTopics(Vec<usize>),
    /// Merge the topics marked in the topics panel.
    MergeMarked,
    SplitTopic(usize, TopicCount),
    /// Move documents into a topic.
    MoveArticles(Vec<usize>, usize),
    Undo,
    Redo,
    /// Ask where to save (a session or an export).
    ChooseSavePath(SaveTarget),
    SaveTo(SaveTarget, PathBuf),
    /// Ask which session to open.
    ChooseSession,
    /// Choose a sentence model's folder with the file dialog.
    ChooseSentenceModel,
    /// Take meaning from the sentence model in this folder, or from the built-in table.
    UseSentenceModel(Option<std::path::PathBuf>),
    OpenSession(PathBuf),
}

/// Saves running on their own threads, each sending its result when done.
struct SaveThreads {
    results: (
        std::sync::mpsc::Sender<save::SaveResult>,
        std::sync::mpsc::Receiver<save::SaveResult>,
    ),
    running: usize,
    wake: egui::Context,
}

impl SaveThreads {
    fn new(wake: egui::Context) -> Self {
        Self {
            results: std::sync::mpsc::channel(),
            running: 0,
            wake,
        }
    }

    fn start(&mut self, job: save::SaveJob) {
        let results = self.results.0.clone();
        let wake = self.wake.clone();
        let spawned = std::thread::Builder::new()
            .name("topic-atlas-save".into())
            .spawn(move || {
                let result = (job.target, job.path.clone(), job.run());
                let _ = results.send(result);
                wake.request_repaint();
            });
        match spawned {
            Ok(_) => self.running += 1,
            Err(error) => {
                let _ = self.results.0.send((
                    save::SaveTarget::Session,
                    std::path::PathBuf::new(),
                    Err(format!("Could not start saving: {error}")),
                ));
            }
        }
    }

    /// The saves that ended since the last call.
    fn finished(&mut self) -> Vec<save::SaveResult> {
        let done: Vec<save::SaveResult> = self.results.1.try_iter().collect();
        self.running = self.running.saturating_sub(done.len());
        done
    }
}

/// Topics shown from a sample while the whole corpus is still being processed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PreviewStatus {
    /// Documents in the sample.
    pub sample: usize,
    /// Documents in the whole corpus.
    pub documents: usize,
    /// True once the sample's topics are shown.
    pub shown: bool,
}

impl PreviewStatus {
    /// What the status bar says while this preview is under way or shown.
    pub fn describe(&self) -> String {
        let sample = crate::corpus::thousands(self.sample);
        let documents = crate::corpus::thousands(self.documents);
        if self.shown {
            format!("Showing topics of a sample of {sample} · all {documents} documents:")
        } else {
            format!("First topics, from {sample} of {documents} documents:")
        }
    }
}

/// A message shown in the status bar until the next one.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    Info(String),
    Error(String),
}

/// The app: persisted state, the worker, and the transient view.
pub struct TopicAtlasApp {
    pub persisted: Persisted,
    worker: Worker,
    /// What is open (or being opened).
    source: Option<Source>,
    /// The last loaded corpus: its load report is shown even before its topics are ready.
    corpus: Option<Arc<Corpus>>,
    pub view: Option<View>,
    pub selection: Selection,
    pub search: Search,
    progress: Option<Progress>,
    pub notice: Option<Notice>,
    map: map_panel::MapState,
    /// Whether the centre shows the map or, for dated articles, the topics over time.
    pub over_time: bool,
    articles: articles_panel::ArticlesState,
    pub topics_panel: topics_panel::TopicsPanelState,
    /// The person's edits to the topics, in order; applied to every new clustering.
    pub edits: Vec<Edit>,
    /// Edits undone, the last undone last: Redo re-applies them.
    redo: Vec<Edit>,
    /// Whether the window is dark (exports of the map follow it).
    dark_mode: bool,
    /// Saves under way on their own threads (a large export takes a good part of a second),
    /// and where they report.
    saves: SaveThreads,
    /// What was open, with its settings and edits, before an open still under way: restored
    /// when that open is cancelled or fails, since the result shown is still the earlier one.
    before_open: Option<BeforeOpen>,
    /// The load options of an open whose corpus has not arrived yet: a change of settings
    /// meanwhile restarts that open rather than re-running the corpus shown.
    opening: Option<LoadOptions>,
    /// When an open shows topics of a sample first (tests lower it).
    pub preview_policy: PreviewPolicy,
    /// The preview of the open under way, if it has one.
    pub preview: Option<PreviewStatus>,
    file_dialog: file_dialog::FileDialog,
    large_load: large_load::LargeLoadDialog,
    show_load_report: bool,
    show_about: bool,
    focus_search: bool,
}

impl TopicAtlasApp {
    /// Creates the app with the persisted state of `cc` (if any) and starts loading `source`.
    pub fn new(cc: &eframe::CreationContext<'_>, source: Source) -> Self {
        let persisted: Persisted = cc
            .storage
            .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
            .unwrap_or_default();
        Self::with_persisted(&cc.egui_ctx, persisted, source)
    }

    /// Creates the app with the given persisted state (tests start from defaults).
    pub fn with_persisted(ctx: &egui::Context, persisted: Persisted, source: Source) -> Self {
        egui_extras::install_image_loaders(ctx);
        let wake_ctx = ctx.clone();
        let worker = Worker::spawn(move || wake_ctx.request_repaint());
        let mut app = Self {
            persisted,
            worker,
            source: None,
            corpus: None,
            view: None,
            selection: Selection::default(),
            search: Search::default(),
            progress: None,
            notice: None,
            map: map_panel::MapState::default(),
            over_time: false,
            articles: articles_panel::ArticlesState::default(),
            topics_panel: topics_panel::TopicsPanelState::default(),
            edits: Vec::new(),
            redo: Vec::new(),
            dark_mode: false,
            saves: SaveThreads::new(ctx.clone()),
            before_open: None,
            opening: None,
            preview_policy: PreviewPolicy::default(),
            preview: None,
            file_dialog: file_dialog::FileDialog::default(),
            large_load: large_load::LargeLoadDialog::default(),
            show_load_report: false,
            show_about: false,
            focus_search: false,
        };
        app.open(source);
        app
    }

    /// True while something is loading, computing or being saved.
    pub fn is_busy(&self) -> bool {
        self.worker.is_busy() || self.saves.running > 0
    }

    pub fn corpus(&self) -> Option<&Arc<Corpus>> {
        self.corpus.as_ref()
    }

    /// Loads `source` and finds its topics; the current result stays until the new one is ready.
    /// Edits are kept when the same folders are opened again (their topics are found again in
    /// the new result) and dropped for anything else.
    pub fn open(&mut self, source: Source) {
        self.open_with(source, LoadOptions::default());
    }

    /// Like [`Self::open`], with the given load options (a large load confirmed, in tests a
    /// lower limit).
    pub fn open_with(&mut self, source: Source, load: LoadOptions) {
        if let Source::Paths(paths) = &source {
            self.persisted.remember(paths);
        }
        // A sample's topics already shown are the result to come back to, not what was shown
        // before them.
        if self.preview.is_some_and(|p| p.shown) {
            self.before_open = None;
        }
        if self.source.as_ref() != Some(&source) {
            if self.before_open.is_none() {
                self.before_open = Some(self.what_is_open());
            }
            self.persisted.settings.topics = self.persisted.topic_count_of(&source);
            self.edits.clear();
            self.redo.clear();
        }
        self.source = Some(source.clone());
        self.progress = None;
        self.preview = None;
        self.opening = Some(load.clone());
        self.worker.submit(Job::Open {
            source,
            settings: self.persisted.settings.clone(),
            edits: self.edits.clone(),
            load,
            preview: self.preview_policy,
        });
    }

    /// Back to what was open before an open that did not finish.
    fn restore_before_open(&mut self) {
        if let Some(before) = self.before_open.take() {
            self.source = before.source;
            self.persisted.settings = before.settings;
            self.edits = before.edits;
            self.redo = before.redo;
        }
    }

    /// What is open now, to come back to if the next open does not finish.
    fn what_is_open(&self) -> BeforeOpen {
        BeforeOpen {
            source: self.source.clone(),
            settings: self.persisted.settings.clone(),
            edits: self.edits.clone(),
            redo: self.redo.clone(),
        }
    }

    /// Opens what a session file saved: its folders, settings and edits.
    pub fn open_session(&mut self, session: Session) {
        if self.before_open.is_none() {
            self.before_open = Some(self.what_is_open());
        }
        self.persisted.settings = session.settings;
        self.source = Some(session.origin.clone());
        self.edits = session.edits;
        self.redo.clear();
        self.open(session.origin);
    }

    /// Opens the session file at `path` (chosen in a dialog); a file that is not a session
    /// is reported in the status bar and changes nothing.
    pub fn open_session_file(&mut self, path: &std::path::Path) {
        match Session::read(path) {
            Ok(session) => self.open_session(session),
            Err(error) => self.notice = Some(Notice::Error(error.to_string())),
        }
    }

    /// The session as it is now.
    pub fn session(&self) -> Option<Session> {
        Some(Session::new(
            self.source.clone()?,
            self.persisted.settings.clone(),
            self.edits.clone(),
        ))
    }

    /// Re-runs the pipeline on the loaded corpus with the current settings and edits; while
    /// an open has not yet loaded its corpus, starts that open again with them instead.
    fn rerun(&mut self) {
        if let (Some(load), Some(source)) = (self.opening.clone(), self.source.clone()) {
            self.open_with(source, load);
        } else if let Some(corpus) = self.corpus.clone() {
            // A preview not yet shown will not be: the re-run is of the whole corpus.
            if self.preview.is_some_and(|p| !p.shown) {
                self.preview = None;
            }
            self.worker.submit(Job::Rerun {
                corpus,
                settings: self.persisted.settings.clone(),
                edits: self.edits.clone(),
            });
        }
    }

    /// Adds an edit (a new edit clears what could be redone) and applies it.
    fn edit(&mut self, edit: Edit) {
        self.edits.push(edit);
        self.redo.clear();
        self.rerun();
    }

    /// How edits name the shown topic `topic`.
    fn topic_ref(&self, topic: usize) -> Option<TopicRef> {
        let view = self.view.as_ref()?;
        (topic < view.outcome.topics.topics.len())
            .then(|| TopicRef::of(&view.outcome.topics, topic, &view.outcome.corpus))
    }

    /// Turns an editing action into an edit of the shown topics.
    fn edit_from(&self, action: &Action) -> Option<Edit> {
        match action {
            Action::RenameTopic(topic, name) => {
                let view = self.view.as_ref()?;
                let current = &view.outcome.topics.topics.get(*topic)?.label;
                if name == current || name.trim().is_empty() {
                    return None;
                }
                Some(Edit::Rename {
                    topic: self.topic_ref(*topic)?,
                    name: name.trim().to_string(),
                })
            }
            Action::MergeTopics(topics) => {
                let refs: Option<Vec<TopicRef>> =
                    topics.iter().map(|&t| self.topic_ref(t)).collect();
                let refs = refs?;
                (refs.len() >= 2).then_some(Edit::Merge { topics: refs })
            }
            Action::SplitTopic(topic, into) => Some(Edit::Split {
                topic: self.topic_ref(*topic)?,
                into: *into,
            }),
            Action::MoveArticles(documents, topic) => {
                let view = self.view.as_ref()?;
                let articles: Vec<ArticleKey> = documents
                    .iter()
                    .filter(|&&d| view.outcome.topics.assignments.get(d) != Some(topic))
                    .filter_map(|&d| view.outcome.corpus.documents.get(d))
                    .map(|d| ArticleKey::of(d.source()))
                    .collect();
                if articles.is_empty() {
                    return None;
                }
                Some(Edit::Move {
                    articles,
                    to: self.topic_ref(*topic)?,
                })
            }
            _ => None,
        }
    }

    /// Saves a session or an export to `path` (chosen in a save dialog) on a thread of its
    /// own, and says in the status bar how it went.
    pub fn save_to_file(&mut self, target: SaveTarget, path: &std::path::Path) {
        let (Some(view), Some(session)) = (self.view.as_ref(), self.session()) else {
            return;
        };
        let colors: Vec<[u8; 3]> = (0..view.outcome.topics.topics.len())
            .map(|t| {
                let c = palette::topic_color(t);
                [c.r(), c.g(), c.b()]
            })
            .collect();
        let job = save::SaveJob {
            target,
            path: path.to_path_buf(),
            outcome: view.outcome.clone(),
            session,
            colors,
            dark: self.dark_mode,
            timeline: view.timeline.clone(),
        };
        self.notice = Some(Notice::Info(format!("Saving {}…", path.display())));
        self.saves.start(job);
    }

    /// Applies the worker's news.
    fn receive_updates(&mut self) {
        for (target, path, result) in self.saves.finished() {
            self.notice = Some(match result {
                Ok(()) => Notice::Info(target.done_message(&path)),
                Err(message) => Notice::Error(message),
            });
        }
        for update in self.worker.poll() {
            match update {
                Update::Progress(progress) => self.progress = Some(progress),
                Update::Loaded(corpus) => {
                    self.notice = Some(Notice::Info(load_notice(&corpus)));
                    self.corpus = Some(corpus);
                    self.opening = None;
                }
                Update::Previewing { sample, documents } => {
                    self.preview = Some(PreviewStatus {
                        sample,
                        documents,
                        shown: false,
                    });
                }
                Update::Preview(outcome) => {
                    self.show(outcome);
                    if let Some(preview) = &mut self.preview {
                        preview.shown = true;
                    }
                }
                Update::Finished(outcome) => {
                    self.before_open = None;
                    self.show(outcome);
                    self.progress = None;
                    self.preview = None;
                    self.opening = None;
                }
                Update::Failed(message) => {
                    self.notice = Some(Notice::Error(message));
                    self.progress = None;
                    self.opening = None;
                    if !self.keep_preview() {
                        self.restore_before_open();
                    }
                }
                Update::Cancelled => {
                    self.progress = None;
                    self.opening = None;
                    if self.keep_preview() {
                        self.notice = Some(Notice::Info(format!(
                            "Cancelled: the topics shown are those of a sample of {} documents.",
                            self.view
                                .as_ref()
                                .map_or(0, |v| v.outcome.corpus.documents.len())
                        )));
                    } else {
                        self.notice = Some(Notice::Info(
                            "Cancelled: the previous result is still shown.".into(),
                        ));
                        self.restore_before_open();
                    }
                    // The load report too is the shown result's again.
                    self.corpus = self.view.as_ref().map(|v| v.outcome.corpus.clone());
                }
                Update::LargeLoad(survey) => {
                    self.progress = None;
                    self.opening = None;
                    if let Some(source) = self.source.clone() {
                        self.large_load.ask(source, survey);
                    }
                }
            }
        }
    }

    /// Shows a result: a new corpus's starts with nothing selected; the same corpus's keeps
    /// the selected document, and the selected topic follows its documents to the topic that
    /// now holds most of them.
    fn show(&mut self, outcome: Arc<crate::pipeline::Outcome>) {
        self.topics_panel.marked.clear();
        let before = self
            .view
            .as_ref()
            .filter(|v| Arc::ptr_eq(&v.outcome.corpus, &outcome.corpus));
        match (before, self.selection.topic) {
            (None, _) => {
                self.selection = Selection::default();
                self.map = map_panel::MapState::default();
            }
            (Some(before), Some(topic)) => {
                self.selection.topic = state::topic_holding_most(
                    topic,
                    &before.outcome.topics.assignments,
                    &outcome.topics.assignments,
                    outcome.topics.topics.len(),
                );
            }
            (Some(_), None) => {}
        }
        let view = View::new(outcome, self.view.as_ref());
        self.search.update(&view);
        self.view = Some(view);
    }

    /// When an open that showed a preview ends without its whole result, the preview stays:
    /// it is the opened folder's, on a sample. Returns whether it did.
    fn keep_preview(&mut self) -> bool {
        let shown = self.preview.take().is_some_and(|p| p.shown);
        if shown {
            self.before_open = None;
        }
        shown
    }

    /// Changes the settings, and finds the topics again if they changed.
    fn set_settings(&mut self, settings: Settings) {
        if self.persisted.settings != settings {
            self.persisted.settings = settings;
            self.rerun();
        }
    }

    /// Takes documents' meaning from the sentence model in `folder` (or from the built-in
    /// word vectors when `None`).
    pub fn use_sentence_model(&mut self, folder: Option<std::path::PathBuf>) {
        // A folder without a model is refused at once, and the meaning stays where it was.
        if let Some(Err(error)) = folder.as_deref().map(SentenceModel::check_folder) {
            self.notice = Some(Notice::Error(error.to_string()));
            return;
        }
        let mut settings = self.persisted.settings.clone();
        if folder.is_some() {
            settings.vectors = VectorKind::TermsAndMeaning;
        }
        settings.sentence_model = folder;
        self.set_settings(settings);
    }

    /// Applies what the panels asked for.
    fn apply(&mut self, ctx: &egui::Context, actions: Vec<Action>) {
        for action in actions {
            match action {
                Action::SelectTopic(topic) => {
                    self.selection.topic = topic;
                    self.articles.scroll_to_top = true;
                }
                Action::SelectPeriod(period) => {
                    self.selection.period = period;
                    self.articles.scroll_to_top = true;
                }
                Action::CountOverTimeBy(period) => {
                    if let Some(view) = &mut self.view {
                        view.count_over_time_by(period);
                    }
                    // The chosen bar is gone with its bars.
                    self.selection.period = None;
                }
                Action::SelectDocument(document) => {
                    self.selection.document = document;
                    if document.is_some() {
                        self.persisted.show_reader = true;
                    }
                }
                Action::Open(source) => self.open(source),
                Action::DeclineLargeLoad => self.restore_before_open(),
                Action::OpenLarge(source) => {
                    let confirmed = LoadOptions {
                        confirm_above_bytes: None,
                        ..LoadOptions::default()
                    };
                    self.open_with(source, confirmed);
                }
                Action::ChooseFolder => {
                    if let Some(folder) = self.file_dialog.pick_folder() {
                        self.open(Source::Paths(vec![folder]));
                    }
                }
                Action::ChooseSentenceModel => {
                    if let Some(folder) = self.file_dialog.pick_model_folder() {
                        self.use_sentence_model(Some(folder));
                    }
                }
                Action::UseSentenceModel(folder) => self.use_sentence_model(folder),
                Action::ChooseFiles => {
                    if let Some(files) = self.file_dialog.pick_files() {
                        self.open(Source::Paths(files));
                    }
                }
                Action::SetTopicCount(count) => {
                    if let Some(source) = &self.source {
                        self.persisted.remember_topic_count(source, count);
                    }
                    if self.persisted.settings.topics != count {
                        self.persisted.settings.topics = count;
                        self.rerun();
                    }
                }
                Action::SetSettings(settings) => self.set_settings(settings),
                Action::Cancel => self.worker.cancel(),
                Action::ShowLoadReport => self.show_load_report = true,
                Action::ShowSettings(show) => self.persisted.show_settings = show,
                Action::ShowReader(show) => self.persisted.show_reader = show,
                Action::ShowAbout => self.show_about = true,
                Action::FocusSearch => self.focus_search = true,
                Action::ResetMap => self.map = map_panel::MapState::default(),
                Action::OpenFile(path) => {
                    if let Err(error) = open::that_detached(&path) {
                        self.notice = Some(Notice::Error(format!(
                            "Could not open {}: {error}",
                            path.display()
                        )));
                    }
                }
                Action::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
                Action::StartRenaming(topic) => {
                    if let Some(t) = self
                        .view
                        .as_ref()
                        .and_then(|v| v.outcome.topics.topics.get(topic))
                    {
                        let label = t.label.clone();
                        self.topics_panel.start_renaming(topic, &label);
                    }
                }
                Action::MergeMarked => {
                    let marked: Vec<usize> = std::mem::take(&mut self.topics_panel.marked)
                        .into_iter()
                        .collect();
                    if let Some(edit) = self.edit_from(&Action::MergeTopics(marked)) {
                        self.edit(edit);
                    }
                }
                Action::RenameTopic(..)
                | Action::MergeTopics(_)
                | Action::SplitTopic(..)
                | Action::MoveArticles(..) => {
                    if let Some(edit) = self.edit_from(&action) {
                        self.edit(edit);
                    }
                }
                Action::Undo => {
                    if let Some(edit) = self.edits.pop() {
                        self.redo.push(edit);
                        self.rerun();
                    }
                }
                Action::Redo => {
                    if let Some(edit) = self.redo.pop() {
                        self.edits.push(edit);
                        self.rerun();
                    }
                }
                Action::ChooseSavePath(target) => {
                    let name = self
                        .corpus
                        .as_ref()
                        .map_or("topics".to_string(), |c| c.name.clone());
                    if self.view.is_some()
                        && let Some(path) = self
                            .file_dialog
                            .save_file(target, &target.default_file_name(&name))
                    {
                        self.save_to_file(target, &path);
                    }
                }
                Action::SaveTo(target, path) => self.save_to_file(target, &path),
                Action::ChooseSession => {
                    if let Some(path) = self.file_dialog.pick_session() {
                        self.apply(ctx, vec![Action::OpenSession(path)]);
                    }
                }
                Action::OpenSession(path) => self.open_session_file(&path),
            }
        }
    }

    /// Folders or files dropped on the window are opened.
    fn receive_dropped_files(&self, ctx: &egui::Context) -> Option<Action> {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        (!dropped.is_empty()).then_some(Action::Open(Source::Paths(dropped)))
    }
}

/// "Loaded 460 documents from 52 files · 3 files skipped".
pub fn load_notice(corpus: &Corpus) -> String {
    use crate::corpus::{counted, thousands};
    let report = &corpus.report;
    let mut notice = format!(
        "Loaded {} from {}",
        counted(corpus.documents.len(), "document"),
        counted(report.files_loaded, "file")
    );
    let skipped = report.skipped.len();
    if skipped > 0 {
        notice.push_str(&format!(
            " · {} skipped — click for details",
            thousands(skipped)
        ));
    }
    if report.duplicates_merged > 0 {
        notice.push_str(&format!(
            " · {} duplicates merged",
            thousands(report.duplicates_merged)
        ));
    }
    notice
}

impl eframe::App for TopicAtlasApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.dark_mode = ui.visuals().dark_mode;
        self.receive_updates();
        let menu_context = menu::MenuContext {
            persisted: &self.persisted,
            view: self.view.as_ref(),
            selection: self.selection,
            has_corpus: self.corpus.is_some(),
            marked: self.topics_panel.marked.len(),
            can_undo: !self.edits.is_empty(),
            can_redo: !self.redo.is_empty(),
        };
        let mut actions: Vec<Action> = menu::shortcut_actions(&ctx, &menu_context);
        actions.extend(self.receive_dropped_files(&ctx));

        egui::Panel::top("menu_bar").show(ui, |ui| {
            actions.extend(menu::menu_bar_ui(ui, &menu_context));
        });
        egui::Panel::bottom("status_bar").show(ui, |ui| {
            actions.extend(status_bar::status_bar_ui(
                ui,
                self.progress,
                self.worker.is_busy(),
                self.preview.as_ref(),
                self.notice.as_ref(),
                self.view.as_ref(),
            ));
        });
        egui::Panel::left("topics_panel")
            .resizable(true)
            .default_size(300.0)
            .size_range(200.0..=520.0)
            .show(ui, |ui| {
                let undo = self.edits.last().map(Edit::describe);
                let redo = self.redo.last().map(Edit::describe);
                let history = topics_panel::EditHistory {
                    edits: self.edits.len(),
                    undo: undo.as_deref(),
                    redo: redo.as_deref(),
                };
                actions.extend(topics_panel::topics_panel_ui(
                    ui,
                    self.view.as_ref(),
                    self.selection,
                    &self.persisted.settings,
                    self.worker.is_busy().then(|| {
                        self.progress
                            .map_or("Starting", |progress| progress.stage.describe())
                    }),
                    &mut self.topics_panel,
                    history,
                ));
            });
        if self.persisted.show_reader {
            egui::Panel::right("reader_panel")
                .resizable(true)
                .default_size(420.0)
                .size_range(260.0..=800.0)
                .show(ui, |ui| {
                    actions.extend(reader_panel::reader_panel_ui(
                        ui,
                        self.view.as_ref(),
                        self.selection,
                    ));
                });
        }
        egui::CentralPanel::default().show(ui, |ui| {
            egui::Panel::bottom("articles_panel")
                .resizable(true)
                .default_size(300.0)
                .size_range(120.0..=900.0)
                .show(ui, |ui| {
                    let focus = std::mem::take(&mut self.focus_search);
                    actions.extend(articles_panel::articles_panel_ui(
                        ui,
                        self.view.as_ref(),
                        self.selection,
                        &mut self.search,
                        &mut self.articles,
                        focus,
                    ));
                });
            // Dated articles can also be seen over time, in the map's place.
            let dated = self
                .view
                .as_ref()
                .and_then(|view| Some((view, view.timeline.as_ref()?)));
            if let Some((view, timeline)) = dated {
                ui.horizontal(|ui| {
                    ui.selectable_value(&mut self.over_time, false, "Map")
                        .on_hover_text("Every article as a point, by topic");
                    ui.selectable_value(&mut self.over_time, true, "Over time")
                        .on_hover_text("How many articles of each topic appeared when");
                });
                if self.over_time {
                    actions.extend(timeline_panel::timeline_panel_ui(
                        ui,
                        view,
                        timeline,
                        self.selection,
                    ));
                    return;
                }
            }
            actions.extend(map_panel::map_panel_ui(
                ui,
                self.view.as_ref(),
                self.selection,
                &self.search,
                &mut self.map,
            ));
        });

        if self.show_load_report {
            load_report::load_report_window(
                &ctx,
                &mut self.show_load_report,
                self.corpus.as_deref(),
            );
        }
        if self.persisted.show_settings {
            let mut open = true;
            actions.extend(settings_panel::settings_window(
                &ctx,
                &mut open,
                &self.persisted.settings,
            ));
            self.persisted.show_settings = open;
        }
        if self.show_about {
            about::about_window(&ctx, &mut self.show_about);
        }
        actions.extend(self.file_dialog.fallback_ui(&ctx));
        actions.extend(self.large_load.ui(&ctx));

        self.apply(&ctx, actions);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.persisted);
    }
}
