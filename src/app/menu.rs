//! The menu bar and the keyboard shortcuts; every menu item shows its shortcut.

use eframe::egui::{self, Button, Key, KeyboardShortcut, Modifiers};

use super::Action;
use super::state::Persisted;
use super::worker::Source;

pub const OPEN_FOLDER: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
pub const OPEN_FILES: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::O);
pub const FIND: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);
pub const SETTINGS: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Comma);
pub const TOGGLE_READER: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::R);
pub const RESET_MAP: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Num0);
pub const QUIT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Q);

/// Actions of the shortcuts pressed this frame.
pub fn shortcut_actions(ctx: &egui::Context) -> Vec<Action> {
    ctx.input_mut(|i| {
        let mut actions = Vec::new();
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

fn item(ui: &mut egui::Ui, label: &str, shortcut: Option<&KeyboardShortcut>) -> bool {
    let mut button = Button::new(label);
    if let Some(shortcut) = shortcut {
        button = button.shortcut_text(ui.ctx().format_shortcut(shortcut));
    }
    ui.add(button).clicked()
}

/// The menu bar.
pub fn menu_bar_ui(ui: &mut egui::Ui, persisted: &Persisted, has_result: bool) -> Vec<Action> {
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
            if item(ui, "Quit", Some(&QUIT)) {
                actions.push(Action::Quit);
            }
        });
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
                .add_enabled(has_result, Button::new("Load report…"))
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
