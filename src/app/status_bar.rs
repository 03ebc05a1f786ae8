//! The status bar: progress with a Cancel button while working; otherwise the last notice
//! (click it for the load report) and a summary of what is shown.

use eframe::egui::{self, Color32, RichText};

use super::state::View;
use super::{Action, Notice, PreviewStatus};
use crate::corpus::counted;
use crate::progress::Progress;

/// 12345 as "12,345" (kept here too for the panels that import it from the status bar).
pub use crate::corpus::thousands;

pub fn status_bar_ui(
    ui: &mut egui::Ui,
    progress: Option<Progress>,
    busy: bool,
    preview: Option<&PreviewStatus>,
    notice: Option<&Notice>,
    view: Option<&View>,
) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.horizontal(|ui| {
        if busy {
            if ui.button("Cancel").clicked() {
                actions.push(Action::Cancel);
            }
            let (text, fraction) = match progress {
                Some(p) if p.total > 0 => (
                    format!(
                        "{} — {} of {}",
                        p.stage.describe(),
                        thousands(p.done),
                        thousands(p.total)
                    ),
                    Some(p.done as f32 / p.total as f32),
                ),
                Some(p) => (
                    format!("{} — {}", p.stage.describe(), thousands(p.done)),
                    None,
                ),
                None => ("Starting…".to_owned(), None),
            };
            if let Some(preview) = preview {
                ui.label(preview.describe());
            }
            let bar = egui::ProgressBar::new(fraction.unwrap_or(0.0))
                .text(text)
                .desired_width(420.0);
            ui.add(if fraction.is_none() {
                bar.animate(true)
            } else {
                bar
            });
        } else if let Some(notice) = notice {
            let (text, color) = match notice {
                Notice::Info(text) => (text.as_str(), ui.visuals().text_color()),
                Notice::Error(text) => (text.as_str(), ui.visuals().error_fg_color),
            };
            let clicked = ui
                .add(egui::Label::new(RichText::new(text).color(color)).sense(egui::Sense::click()))
                .on_hover_text("Show the load report")
                .clicked();
            if clicked {
                actions.push(Action::ShowLoadReport);
            }
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if let Some(view) = view {
                let outcome = &view.outcome;
                let summary = format!(
                    "{} · {} · {} · {}",
                    counted(outcome.corpus.documents.len(), "document"),
                    counted(outcome.topics.topics.len(), "topic"),
                    outcome.language().name(),
                    counted(outcome.analysis.term_vectors.vocabulary.len(), "term"),
                );
                ui.label(RichText::new(summary).color(Color32::GRAY));
            }
        });
    });
    actions
}
