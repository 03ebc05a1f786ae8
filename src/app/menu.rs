//! The menu bar and the keyboard shortcuts; every menu item shows its shortcut.

use eframe::egui::{self, Button, Key, KeyboardShortcut, Modifiers};

use super::Action;
use super::save::SaveTarget;
use super::state::{Persisted, Selection, View};
use super::worker::Source;
use crate::cluster::TopicCount;

pub const OPEN_FOLDER: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
pub const OPEN_FILES: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::O);
pub const FIND: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);
pub const SETTINGS: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Comma);
pub const TOGGLE_READER: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::R);
pub const RESET_MAP: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Num0);
pub const QUIT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Q);
pub const UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
pub const REDO: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
pub const RENAME: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::F2);
pub const MERGE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::M);
pub const SPLIT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::D);
pub const SAVE_SESSION: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
pub const OPEN_SESSION: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::ALT), Key::O);
pub const EXPORT_CSV: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::E);
pub const EXPORT_JSON: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::E);
pub const EXPORT_HTML: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::H);
pub const EXPORT_MAP: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::P);

/// What the menus need to know of the app's state.
pub struct MenuContext<'a> {
    pub persisted: &'a Persisted,
    pub view: Option<&'a View>,
    pub selection: Selection,
    /// Whether a corpus is loaded (its load report can be shown even without topics).
    pub has_corpus: bool,
    /// Topics marked for merging.
    pub marked: usize,
    pub can_undo: bool,
    pub can_redo: bool,
}

/// Actions of the shortcuts pressed this frame.
pub fn shortcut_actions(ctx: &egui::Context, menu: &MenuContext<'_>) -> Vec<Action> {
    // While a text field has the keyboard, Ctrl+Z and F2 belong to it.
    let typing = ctx.egui_wants_keyboard_input();
    let has_result = menu.view.is_some();
    ctx.input_mut(|i| {
        let mut actions = Vec::new();
        if !typing {
            // Longer shortcuts first, so Ctrl+Shift+Z is not taken for Ctrl+Z.
            if i.consume_shortcut(&REDO) {
                actions.push(Action::Redo);
            }
            if i.consume_shortcut(&UNDO) {
                actions.push(Action::Undo);
            }
            if i.consume_shortcut(&RENAME)
                && let Some(topic) = menu.selection.topic
            {
                actions.push(Action::StartRenaming(topic));
            }
        }
        if let (Some(document), Some(view)) = (menu.selection.document, menu.view) {
            let order = view.outcome.topics.ids_by_size();
            for (key, &topic) in MOVE_KEYS.iter().zip(&order) {
                if i.consume_shortcut(&KeyboardShortcut::new(Modifiers::ALT, *key)) {
                    actions.push(Action::MoveArticles(vec![document], topic));
                }
            }
        }
        if i.consume_shortcut(&MERGE) {
            actions.push(Action::MergeMarked);
        }
        if i.consume_shortcut(&SPLIT)
            && let Some(topic) = menu.selection.topic
        {
            actions.push(Action::SplitTopic(topic, TopicCount::Auto));
        }
        if has_result {
            for (shortcut, target) in [
                (EXPORT_JSON, SaveTarget::Json),
                (EXPORT_CSV, SaveTarget::Csv),
                (EXPORT_HTML, SaveTarget::Html),
                (EXPORT_MAP, SaveTarget::MapPng),
                (SAVE_SESSION, SaveTarget::Session),
            ] {
                if i.consume_shortcut(&shortcut) {
                    actions.push(Action::ChooseSavePath(target));
                }
            }
        }
        if i.consume_shortcut(&OPEN_SESSION) {
            actions.push(Action::ChooseSession);
        }
        // The longer shortcut first, so Ctrl+Shift+O is not taken for Ctrl+O.
        if i.consume_shortcut(&OPEN_FILES) {
            actions.push(Action::ChooseFiles);
        }
        if i.consume_shortcut(&OPEN_FOLDER) {
            actions.push(Action::ChooseFolder);
        }
        if i.consume_shortcut(&FIND) {
            actions.push(Action::FocusSearch);
        }
        if i.consume_shortcut(&SETTINGS) {
            actions.push(Action::ShowSettings(true));
        }
        if i.consume_shortcut(&RESET_MAP) {
            actions.push(Action::ResetMap);
        }
        if i.consume_shortcut(&QUIT) {
            actions.push(Action::Quit);
        }
        actions
    })
}

/// The Edit menu: undo, redo and the edits of the selected topic or article.
fn edit_menu_ui(ui: &mut egui::Ui, menu: &MenuContext<'_>, actions: &mut Vec<Action>) {
    if enabled_item(ui, menu.can_undo, "Undo", Some(&UNDO)) {
        actions.push(Action::Undo);
    }
    if enabled_item(ui, menu.can_redo, "Redo", Some(&REDO)) {
        actions.push(Action::Redo);
    }
    ui.separator();
    let topic = menu.selection.topic;
    if enabled_item(ui, topic.is_some(), "Rename topic…", Some(&RENAME))
        && let Some(topic) = topic
    {
        actions.push(Action::StartRenaming(topic));
    }
    if enabled_item(ui, topic.is_some(), "Split topic", Some(&SPLIT))
        && let Some(topic) = topic
    {
        actions.push(Action::SplitTopic(topic, TopicCount::Auto));
    }
    let merge = format!("Merge {} marked topics", menu.marked);
    if enabled_item(ui, menu.marked >= 2, &merge, Some(&MERGE)) {
        actions.push(Action::MergeMarked);
    }
    let document = menu.selection.document;
    ui.add_enabled_ui(document.is_some() && menu.view.is_some(), |ui| {
        ui.menu_button("Move article to", |ui| {
            if let (Some(document), Some(view)) = (document, menu.view) {
                move_menu_ui(ui, view, &[document], actions);
            }
        });
    });
}

/// Every topic but the articles' own, to move them into.
pub fn move_menu_ui(
    ui: &mut egui::Ui,
    view: &View,
    documents: &[usize],
    actions: &mut Vec<Action>,
) {
    let topics = &view.outcome.topics;
    let own = documents.first().map(|&d| topics.assignments[d]);
    for (place, id) in view.outcome.topics.ids_by_size().into_iter().enumerate() {
        if Some(id) == own && documents.len() == 1 {
            continue;
        }
        let label = &topics.topics[id].label;
        let mut button = Button::new(label).truncate();
        if let Some(key) = MOVE_KEYS.get(place) {
            button = button.shortcut_text(
                ui.ctx()
                    .format_shortcut(&KeyboardShortcut::new(Modifiers::ALT, *key)),
            );
        }
        if ui.add(button).on_hover_text(label).clicked() {
            actions.push(Action::MoveArticles(documents.to_vec(), id));
            ui.close();
        }
    }
}

/// Alt+1 … Alt+9 move the selected article to the first nine topics as listed (largest first).
const MOVE_KEYS: [Key; 9] = [
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
    Key::Num9,
];

fn enabled_item(
    ui: &mut egui::Ui,
    enabled: bool,
    label: &str,
    shortcut: Option<&KeyboardShortcut>,
) -> bool {
    let mut button = Button::new(label);
    if let Some(shortcut) = shortcut {
        button = button.shortcut_text(ui.ctx().format_shortcut(shortcut));
    }
    ui.add_enabled(enabled, button).clicked()
}

fn item(ui: &mut egui::Ui, label: &str, shortcut: Option<&KeyboardShortcut>) -> bool {
    let mut button = Button::new(label);
    if let Some(shortcut) = shortcut {
        button = button.shortcut_text(ui.ctx().format_shortcut(shortcut));
    }
    ui.add(button).clicked()
}

/// The menu bar.
pub fn menu_bar_ui(ui: &mut egui::Ui, menu: &MenuContext<'_>) -> Vec<Action> {
    let persisted = menu.persisted;
    let has_result = menu.view.is_some();
    let mut actions = Vec::new();
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            if item(ui, "Open folder…", Some(&OPEN_FOLDER)) {
                actions.push(Action::ChooseFolder);
            }
            if item(ui, "Open files…", Some(&OPEN_FILES)) {
                actions.push(Action::ChooseFiles);
            }
            ui.add_enabled_ui(!persisted.recent.is_empty(), |ui| {
                ui.menu_button("Open recent", |ui| {
                    for paths in &persisted.recent {
                        if ui.button(describe_paths(paths)).clicked() {
                            actions.push(Action::Open(Source::Paths(paths.clone())));
                        }
                    }
                });
            });
            if item(ui, "Open the demo corpus", None) {
                actions.push(Action::Open(Source::Demo));
            }
            ui.separator();
            if item(ui, "Open session…", Some(&OPEN_SESSION)) {
                actions.push(Action::ChooseSession);
            }
            if enabled_item(ui, has_result, "Save session…", Some(&SAVE_SESSION)) {
                actions.push(Action::ChooseSavePath(SaveTarget::Session));
            }
            ui.add_enabled_ui(has_result, |ui| {
                ui.menu_button("Export", |ui| {
                    for (label, shortcut, target) in [
                        ("Topics as CSV…", EXPORT_CSV, SaveTarget::Csv),
                        ("Topics as JSON…", EXPORT_JSON, SaveTarget::Json),
                        ("HTML report…", EXPORT_HTML, SaveTarget::Html),
                        ("Map as PNG…", EXPORT_MAP, SaveTarget::MapPng),
                    ] {
                        if item(ui, label, Some(&shortcut)) {
                            actions.push(Action::ChooseSavePath(target));
                        }
                    }
                    let dated = menu.view.is_some_and(|v| v.timeline.is_some());
                    let over_time = ui
                        .add_enabled(dated, Button::new("Topics over time as CSV…"))
                        .on_hover_text("Articles per topic and period, as Over time counts them")
                        .on_disabled_hover_text("The articles have no publication dates");
                    if over_time.clicked() {
                        actions.push(Action::ChooseSavePath(SaveTarget::OverTimeCsv));
                    }
                });
            });
            ui.separator();
            if item(ui, "Quit", Some(&QUIT)) {
                actions.push(Action::Quit);
            }
        });
        ui.menu_button("Edit", |ui| edit_menu_ui(ui, menu, &mut actions));
        ui.menu_button("View", |ui| {
            if item(ui, "Find…", Some(&FIND)) {
                actions.push(Action::FocusSearch);
            }
            if item(ui, "Settings…", Some(&SETTINGS)) {
                actions.push(Action::ShowSettings(true));
            }
            let reader = if persisted.show_reader {
                "Hide the reader"
            } else {
                "Show the reader"
            };
            if item(ui, reader, Some(&TOGGLE_READER)) {
                actions.push(Action::ShowReader(!persisted.show_reader));
            }
            if ui
                .add_enabled(
                    has_result,
                    Button::new("Reset the map view")
                        .shortcut_text(ui.ctx().format_shortcut(&RESET_MAP)),
                )
                .clicked()
            {
                actions.push(Action::ResetMap);
            }
            if ui
                .add_enabled(menu.has_corpus, Button::new("Load report…"))
                .clicked()
            {
                actions.push(Action::ShowLoadReport);
            }
        });
        ui.menu_button("Help", |ui| {
            if item(ui, "About Topic Atlas", None) {
                actions.push(Action::ShowAbout);
            }
        });
    });
    // Ctrl+R is read here, after the menu, so a text field that has focus keeps its own keys.
    if ui.ctx().input_mut(|i| i.consume_shortcut(&TOGGLE_READER)) {
        actions.push(Action::ShowReader(!persisted.show_reader));
    }
    actions
}

/// A short name for a set of opened paths: the folder or file name, and how many more.
pub fn describe_paths(paths: &[std::path::PathBuf]) -> String {
    let first = paths
        .first()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    match paths.len() {
        0 | 1 => first,
        n => format!("{first} and {} more", n - 1),
    }
}
