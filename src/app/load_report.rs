//! The load report: what was loaded, and every file that was skipped with the reason.

use eframe::egui::{self, Color32, RichText};

use super::status_bar::thousands;
use crate::corpus::Corpus;
use crate::export::display_path;

pub fn load_report_window(ctx: &egui::Context, open: &mut bool, corpus: Option<&Corpus>) {
    egui::Window::new("Load report")
        .open(open)
        .default_size([560.0, 420.0])
        .show(ctx, |ui| {
            let Some(corpus) = corpus else {
                ui.label("Nothing has been loaded yet.");
                return;
            };
            let report = &corpus.report;
            ui.label(format!(
                "{} documents from {} of {} files · {} duplicates merged · {:.1} MB read",
                thousands(corpus.documents.len()),
                thousands(report.files_loaded),
                thousands(report.files_found),
                thousands(report.duplicates_merged),
                report.bytes_read as f64 / 1e6
            ));
            ui.separator();
            if report.skipped.is_empty() {
                ui.label(RichText::new("Nothing was skipped.").color(Color32::GRAY));
                return;
            }
            ui.label(
                RichText::new(format!("Skipped ({})", thousands(report.skipped.len()))).strong(),
            );
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show_rows(ui, 18.0, report.skipped.len(), |ui, rows| {
                    for skipped in &report.skipped[rows] {
                        ui.horizontal(|ui| {
                            let mut path = display_path(&skipped.path);
                            if let Some(item) = skipped.item {
                                path.push_str(&format!(" #{item}"));
                            }
                            ui.label(RichText::new(path).monospace().small());
                            ui.label(
                                RichText::new(skipped.reason.to_string()).color(Color32::GRAY),
                            );
                        });
                    }
                });
        });
}
