//! Choosing a folder or files: the system's native dialog (rfd) where the desktop can show
//! one, and otherwise a dialog drawn in the window, so opening a folder always works.
//!
//! On Linux rfd asks the desktop portal (`org.freedesktop.portal.Desktop` on the session bus);
//! without one, rfd returns "nothing chosen" at once, exactly as if the person had cancelled.
//! So the portal is looked for first, and the in-window dialog is used when it is missing.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use eframe::egui::{self, Color32, RichText};

use super::Action;
use super::save::{SaveTarget, with_extension};
use super::worker::Source;

/// File types offered in the native "Open files" dialog.
const NEWS_EXTENSIONS: [&str; 21] = [
    "txt", "text", "md", "markdown", "html", "htm", "xhtml", "json", "jsonl", "ndjson", "csv",
    "tsv", "xml", "rss", "atom", "rdf", "docx", "odt", "rtf", "eml", "mbox",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Folder,
    Files,
    /// One session file to open.
    Session,
    /// A file to save to.
    Save(SaveTarget),
    /// A sentence-embedding model's folder.
    ModelFolder,
}

/// The file dialog: native when possible, else in the window.
#[derive(Default)]
pub struct FileDialog {
    native: Option<bool>,
    fallback: Option<FallbackDialog>,
}

impl FileDialog {
    /// The chosen folder, or `None` if the person cancelled or the in-window dialog was opened
    /// instead (its choice then arrives from [`Self::fallback_ui`]).
    pub fn pick_folder(&mut self) -> Option<PathBuf> {
        self.pick_a_folder("Open a folder of articles", Mode::Folder)
    }

    /// The chosen files, as [`Self::pick_folder`].
    pub fn pick_files(&mut self) -> Option<Vec<PathBuf>> {
        if self.native_available() {
            rfd::FileDialog::new()
                .set_title("Open articles or headline lists")
                .add_filter("News files", &NEWS_EXTENSIONS)
                .add_filter("All files", &["*"])
                .pick_files()
        } else {
            self.fallback = Some(FallbackDialog::new(Mode::Files));
            None
        }
    }

    /// The folder of a sentence-embedding model, as [`Self::pick_folder`].
    pub fn pick_model_folder(&mut self) -> Option<PathBuf> {
        self.pick_a_folder("Choose a sentence model's folder", Mode::ModelFolder)
    }

    /// A folder from the native dialog titled `title`, else the in-window one in `mode`.
    fn pick_a_folder(&mut self, title: &str, mode: Mode) -> Option<PathBuf> {
        if self.native_available() {
            rfd::FileDialog::new().set_title(title).pick_folder()
        } else {
            self.fallback = Some(FallbackDialog::new(mode));
            None
        }
    }

    /// The session file chosen to open, as [`Self::pick_folder`].
    pub fn pick_session(&mut self) -> Option<PathBuf> {
        if self.native_available() {
            rfd::FileDialog::new()
                .set_title("Open a session")
                .add_filter("Topic Atlas sessions", &["json"])
                .add_filter("All files", &["*"])
                .pick_file()
        } else {
            self.fallback = Some(FallbackDialog::new(Mode::Session));
            None
        }
    }

    /// The file chosen to save `target` to (offering `file_name`), as [`Self::pick_folder`].
    pub fn save_file(&mut self, target: SaveTarget, file_name: &str) -> Option<PathBuf> {
        if self.native_available() {
            rfd::FileDialog::new()
                .set_title(target.title())
                .set_file_name(file_name)
                .add_filter(target.extension().to_uppercase(), &[target.extension()])
                .save_file()
                .map(|path| with_extension(path, target))
        } else {
            let mut dialog = FallbackDialog::new(Mode::Save(target));
            dialog.file_name = file_name.to_string();
            self.fallback = Some(dialog);
            None
        }
    }

    /// Opens the in-window dialog on `folder` whatever the desktop offers.
    pub fn open_in_window(&mut self, folder: PathBuf) {
        let mut dialog = FallbackDialog::new(Mode::Folder);
        dialog.go_to(folder);
        self.fallback = Some(dialog);
    }

    pub fn is_open_in_window(&self) -> bool {
        self.fallback.is_some()
    }

    fn native_available(&mut self) -> bool {
        *self.native.get_or_insert_with(native_dialog_available)
    }

    /// Draws the in-window dialog when it is open; returns the resulting open, if any.
    pub fn fallback_ui(&mut self, ctx: &egui::Context) -> Vec<Action> {
        let Some(dialog) = &mut self.fallback else {
            return Vec::new();
        };
        let mode = dialog.mode;
        let (close, chosen) = dialog.ui(ctx);
        if close {
            self.fallback = None;
        }
        let Some(mut paths) = chosen else {
            return Vec::new();
        };
        match mode {
            Mode::Folder | Mode::Files => vec![Action::Open(Source::Paths(paths))],
            Mode::Session => paths.pop().map(Action::OpenSession).into_iter().collect(),
            Mode::ModelFolder => paths
                .pop()
                .map(|folder| Action::UseSentenceModel(Some(folder)))
                .into_iter()
                .collect(),
            Mode::Save(target) => paths
                .pop()
                .map(|path| Action::SaveTo(target, with_extension(path, target)))
                .into_iter()
                .collect(),
        }
    }
}

/// Whether the system can show a native file dialog.
fn native_dialog_available() -> bool {
    #[cfg(target_os = "linux")]
    {
        desktop_portal_on_session_bus()
    }
    #[cfg(not(target_os = "linux"))]
    {
        true
    }
}

#[cfg(target_os = "linux")]
fn desktop_portal_on_session_bus() -> bool {
    const PORTAL: &str = "org.freedesktop.portal.Desktop";
    let Ok(connection) = zbus::blocking::Connection::session() else {
        return false;
    };
    let Ok(bus) = zbus::blocking::fdo::DBusProxy::new(&connection) else {
        return false;
    };
    let Ok(name) = zbus::names::BusName::try_from(PORTAL) else {
        return false;
    };
    if bus.name_has_owner(name).unwrap_or(false) {
        return true;
    }
    bus.list_activatable_names()
        .is_ok_and(|names| names.iter().any(|n| n.as_str() == PORTAL))
}

/// A minimal folder browser drawn with egui.
struct FallbackDialog {
    mode: Mode,
    folder: PathBuf,
    typed: String,
    folders: Vec<PathBuf>,
    files: Vec<PathBuf>,
    chosen_files: BTreeSet<PathBuf>,
    /// The name typed when saving.
    file_name: String,
    error: Option<String>,
}

impl FallbackDialog {
    fn new(mode: Mode) -> Self {
        let start = std::env::current_dir()
            .ok()
            .or_else(home_folder)
            .unwrap_or_else(|| PathBuf::from("/"));
        let mut dialog = Self {
            mode,
            folder: PathBuf::new(),
            typed: String::new(),
            folders: Vec::new(),
            files: Vec::new(),
            chosen_files: BTreeSet::new(),
            file_name: String::new(),
            error: None,
        };
        dialog.go_to(start);
        dialog
    }

    fn go_to(&mut self, folder: PathBuf) {
        match list_folder(&folder) {
            Ok((folders, files)) => {
                self.typed = folder.display().to_string();
                self.folder = folder;
                self.folders = folders;
                self.files = files;
                self.chosen_files.clear();
                self.error = None;
            }
            Err(error) => self.error = Some(format!("Cannot open {}: {error}", folder.display())),
        }
    }

    /// Returns (close the dialog, the chosen paths).
    fn ui(&mut self, ctx: &egui::Context) -> (bool, Option<Vec<PathBuf>>) {
        let mut close = false;
        let mut chosen = None;
        let mut go_to = None;
        let title = match self.mode {
            Mode::Folder => "Open folder",
            Mode::ModelFolder => "Choose a sentence model's folder",
            Mode::Files => "Open files",
            Mode::Session => "Open session",
            Mode::Save(target) => target.title(),
        };
        egui::Window::new(title)
            .collapsible(false)
            .default_size([560.0, 440.0])
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    if ui.button("⬆ Up").clicked()
                        && let Some(parent) = self.folder.parent()
                    {
                        go_to = Some(parent.to_path_buf());
                    }
                    let edit = ui.add(
                        egui::TextEdit::singleline(&mut self.typed)
                            .desired_width(ui.available_width() - 50.0),
                    );
                    if (edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)))
                        || ui.button("Go").clicked()
                    {
                        go_to = Some(PathBuf::from(self.typed.trim()));
                    }
                });
                if let Some(error) = &self.error {
                    ui.label(RichText::new(error).color(ui.visuals().error_fg_color));
                }
                ui.separator();
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .max_height(300.0)
                    .show(ui, |ui| {
                        for folder in &self.folders {
                            if ui
                                .selectable_label(false, format!("📁 {}", file_name(folder)))
                                .clicked()
                            {
                                go_to = Some(folder.clone());
                            }
                        }
                        for file in &self.files {
                            match self.mode {
                                Mode::Folder | Mode::ModelFolder => {
                                    ui.label(
                                        RichText::new(format!("    {}", file_name(file)))
                                            .color(Color32::GRAY),
                                    );
                                }
                                Mode::Session => {
                                    if ui.selectable_label(false, file_name(file)).clicked() {
                                        chosen = Some(vec![file.clone()]);
                                    }
                                }
                                Mode::Save(_) => {
                                    // Clicking a file takes its name (to replace it).
                                    if ui.selectable_label(false, file_name(file)).clicked() {
                                        self.file_name = file_name(file);
                                    }
                                }
                                Mode::Files => {
                                    let mut checked = self.chosen_files.contains(file);
                                    if ui.checkbox(&mut checked, file_name(file)).changed() {
                                        if checked {
                                            self.chosen_files.insert(file.clone());
                                        } else {
                                            self.chosen_files.remove(file);
                                        }
                                    }
                                }
                            }
                        }
                    });
                ui.separator();
                ui.horizontal(|ui| {
                    match self.mode {
                        Mode::Folder => {
                            if ui.button("Open this folder").clicked() {
                                chosen = Some(vec![self.folder.clone()]);
                            }
                        }
                        Mode::ModelFolder => {
                            if ui.button("Use this folder").clicked() {
                                chosen = Some(vec![self.folder.clone()]);
                            }
                        }
                        Mode::Session => {
                            ui.label("Click a session file to open it.");
                        }
                        Mode::Save(_) => {
                            ui.label("File name");
                            let edit = ui.add(
                                egui::TextEdit::singleline(&mut self.file_name)
                                    .desired_width(240.0),
                            );
                            let name = self.file_name.trim();
                            let entered =
                                edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                            if (ui
                                .add_enabled(!name.is_empty(), egui::Button::new("Save"))
                                .clicked()
                                || entered)
                                && !name.is_empty()
                            {
                                chosen = Some(vec![self.folder.join(name)]);
                            }
                        }
                        Mode::Files => {
                            let label = format!("Open {} selected", self.chosen_files.len());
                            if ui
                                .add_enabled(
                                    !self.chosen_files.is_empty(),
                                    egui::Button::new(label),
                                )
                                .clicked()
                            {
                                chosen = Some(self.chosen_files.iter().cloned().collect());
                            }
                        }
                    }
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                });
            });
        if let Some(folder) = go_to {
            self.go_to(folder);
        }
        if chosen.is_some() {
            close = true;
        }
        (close, chosen)
    }
}

fn home_folder() -> Option<PathBuf> {
    std::env::var_os("HOME").map(PathBuf::from)
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The visible subfolders and files of `folder`, sorted by name.
fn list_folder(folder: &Path) -> std::io::Result<(Vec<PathBuf>, Vec<PathBuf>)> {
    let mut folders = Vec::new();
    let mut files = Vec::new();
    for entry in std::fs::read_dir(folder)? {
        let Ok(entry) = entry else { continue };
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        // Follows links, as a person would expect in a file dialog.
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => folders.push(path),
            Ok(meta) if meta.is_file() => files.push(path),
            _ => {}
        }
    }
    folders.sort();
    files.sort();
    Ok((folders, files))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{SkipReason, documents_from_bytes};

    #[test]
    fn every_file_type_the_dialog_offers_is_read() {
        for extension in NEWS_EXTENSIONS {
            let file = std::path::PathBuf::from(format!("news.{extension}"));
            let outcome = documents_from_bytes(&file, b"<rss><item><title>Storm hits</title>");
            assert!(
                !matches!(outcome.skip, Some(SkipReason::Unsupported { .. })),
                ".{extension} is offered but not read"
            );
        }
    }
}
