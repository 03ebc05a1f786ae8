//! Asking before a large load. Listing a folder tells how much text it holds; above the limit
//! nothing is read until the person chooses "Load anyway" (or "Cancel", which keeps what is
//! shown). The command line asks the same on a terminal.

use eframe::egui::{self, RichText};

use super::Action;
use super::worker::Source;
use crate::corpus::Survey;

/// The load waiting for an answer, if any.
#[derive(Default)]
pub struct LargeLoadDialog {
    pending: Option<(Source, Survey)>,
}

impl LargeLoadDialog {
    /// Asks whether to load `source`, whose listing found `survey`.
    pub fn ask(&mut self, source: Source, survey: Survey) {
        self.pending = Some((source, survey));
    }

    pub fn is_open(&self) -> bool {
        self.pending.is_some()
    }

    /// The dialog, while a load waits for an answer; "Load anyway" gives the action to load it.
    pub fn ui(&mut self, ctx: &egui::Context) -> Option<Action> {
        let (source, survey) = self.pending.as_ref()?;
        let mut answer = None;
        let response = egui::Modal::new(egui::Id::unique("large_load")).show(ctx, |ui| {
            ui.set_max_width(440.0);
            ui.heading("A large load");
            ui.add_space(6.0);
            ui.label(format!("{} holds {}.", describe(source), survey.describe()));
            ui.label(
                RichText::new(
                    "Loading it may take a long time, and more memory than this computer has \
                     makes it slow for everything else.",
                )
                .weak(),
            );
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Load anyway").clicked() {
                    answer = Some(true);
                }
                if ui.button("Cancel").clicked() {
                    answer = Some(false);
                }
            });
        });
        if response.should_close() && answer.is_none() {
            answer = Some(false);
        }
        let load = answer?;
        let (source, _) = self.pending.take()?;
        Some(if load {
            Action::OpenLarge(source)
        } else {
            Action::DeclineLargeLoad
        })
    }
}

fn describe(source: &Source) -> String {
    match source {
        Source::Paths(paths) => super::menu::describe_paths(paths),
        Source::Demo => "The demo corpus".into(),
    }
}
