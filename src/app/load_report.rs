//! The load report: what was loaded, how many files were skipped for each reason, every
//! skipped file with its reason (filtered by reason with a click), and a button that copies
//! the whole report as text.

use eframe::egui::{self, Color32, RichText};

use super::status_bar::thousands;
use crate::corpus::{Corpus, Skipped, counted, human_size};

/// One row of the list. The list draws only the rows in view, so tens of thousands of
/// skipped files cost no more than a screenful.
const ROW_HEIGHT: f32 = 18.0;

/// What the window remembers between frames, kept in egui's memory so the app needs no field.
#[derive(Clone, Default)]
struct ReportState {
    /// Show only the skips of this reason category.
    category: Option<&'static str>,
    /// The report was copied: say so until the window is opened again.
    copied: bool,
}

pub fn load_report_window(ctx: &egui::Context, open: &mut bool, corpus: Option<&Corpus>) {
    let id = egui::Id::unique("load_report_state");
    let was_open = *open;
    egui::Window::new("Load report")
        .open(open)
        .default_size([620.0, 460.0])
        .show(ctx, |ui| {
            let Some(corpus) = corpus else {
                ui.label("Nothing has been loaded yet.");
                return;
            };
            let mut state: ReportState = ui.data(|d| d.get_temp(id)).unwrap_or_default();
            report_ui(ui, corpus, &mut state);
            ui.data_mut(|d| d.insert_temp(id, state));
        });
    if was_open && !*open {
        ctx.data_mut(|d| d.remove::<ReportState>(id));
    }
}

fn report_ui(ui: &mut egui::Ui, corpus: &Corpus, state: &mut ReportState) {
    let report = &corpus.report;
    ui.label(RichText::new(&corpus.name).strong());
    ui.label(format!(
        "{} from {} of {} · {} merged · {} read",
        counted(corpus.documents.len(), "document"),
        thousands(report.files_loaded),
        counted(report.files_found, "file"),
        counted(report.duplicates_merged, "duplicate"),
        human_size(report.bytes_read)
    ));
    ui.horizontal(|ui| {
        if ui
            .button("Copy report")
            .on_hover_text("Copy the summary and every skipped file, as text")
            .clicked()
        {
            ui.ctx().copy_text(report.to_text(&corpus.name));
            state.copied = true;
        }
        if state.copied {
            ui.label(RichText::new("Copied to the clipboard.").color(Color32::GRAY));
        }
    });
    ui.separator();
    if report.skipped.is_empty() {
        ui.label(RichText::new("Nothing was skipped.").color(Color32::GRAY));
        return;
    }

    let counts = report.skipped_by_category();
    ui.label(
        RichText::new(format!(
            "Skipped {} — by reason:",
            thousands(report.skipped.len())
        ))
        .strong(),
    );
    ui.horizontal_wrapped(|ui| {
        let all = format!("All ({})", thousands(report.skipped.len()));
        if ui.selectable_label(state.category.is_none(), all).clicked() {
            state.category = None;
        }
        for (category, count) in &counts {
            let chosen = state.category == Some(*category);
            let text = format!("{category} ({})", thousands(*count));
            if ui.selectable_label(chosen, text).clicked() {
                state.category = if chosen { None } else { Some(*category) };
            }
        }
    });
    ui.separator();

    let shown: Vec<&Skipped> = report
        .skipped
        .iter()
        .filter(|s| state.category.is_none_or(|c| s.reason.category() == c))
        .collect();
    egui::ScrollArea::both()
        .auto_shrink([false, false])
        .show_rows(ui, ROW_HEIGHT, shown.len(), |ui, rows| {
            for skipped in &shown[rows] {
                ui.horizontal(|ui| {
                    ui.add(
                        egui::Label::new(RichText::new(skipped.place()).monospace().small())
                            .extend(),
                    );
                    ui.add(
                        egui::Label::new(
                            RichText::new(skipped.reason.to_string()).color(Color32::GRAY),
                        )
                        .extend(),
                    );
                });
            }
        });
}
