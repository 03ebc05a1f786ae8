//! The settings window: what the topics are computed from. Any change re-runs only the stages
//! it affects (the seed re-runs LSA and clustering; the text fields re-vectorize).

use eframe::egui;

use super::Action;
use crate::corpus::Fields;
use crate::pipeline::{Settings, VectorKind};
use crate::text::Language;

pub fn settings_window(ctx: &egui::Context, open: &mut bool, settings: &Settings) -> Vec<Action> {
    let mut edited = settings.clone();
    let mut actions = Vec::new();
    egui::Window::new("Settings")
        .open(open)
        .resizable(false)
        .default_width(320.0)
        .show(ctx, |ui| {
            actions = settings_ui(ui, &mut edited);
        });
    if edited != *settings {
        actions.push(Action::SetSettings(edited));
    }
    actions
}

/// The settings, edited in place; choosing a sentence model's folder is an action of its own
/// (it opens the file dialog).
pub fn settings_ui(ui: &mut egui::Ui, settings: &mut Settings) -> Vec<Action> {
    let mut actions = Vec::new();
    egui::Grid::new("settings_grid")
        .num_columns(2)
        .spacing([12.0, 8.0])
        .show(ui, |ui| {
            ui.label("Text");
            ui.horizontal(|ui| {
                ui.radio_value(&mut settings.fields, Fields::All, "Full text");
                ui.radio_value(&mut settings.fields, Fields::Title, "Titles only");
            });
            ui.end_row();

            ui.label("Compare by");
            ui.horizontal(|ui| {
                ui.radio_value(&mut settings.vectors, VectorKind::Terms, "Terms")
                    .on_hover_text("The words documents share (TF-IDF reduced by LSA)");
                ui.radio_value(
                    &mut settings.vectors,
                    VectorKind::TermsAndMeaning,
                    "Terms and meaning",
                )
                .on_hover_text(
                    "Also the meaning of their words (English), so that headlines with no \
                     word in common can still meet",
                );
            });
            ui.end_row();

            if settings.vectors == VectorKind::TermsAndMeaning {
                ui.label("Meaning");
                ui.add(
                    egui::Slider::new(&mut settings.meaning_weight, 0.0..=1.0)
                        .update_while_editing(false),
                )
                    .on_hover_text(
                        "How much word meaning counts (1: the measured default); short \
                         documents always get more of it than long ones",
                    );
                ui.end_row();

                ui.label("Meaning from");
                ui.horizontal(|ui| {
                    match &settings.sentence_model {
                        None => {
                            ui.label("built-in word vectors");
                        }
                        Some(folder) => {
                            let name = folder
                                .file_name()
                                .map_or_else(|| folder.display().to_string(), |n| {
                                    n.to_string_lossy().into_owned()
                                });
                            ui.label(format!("📁 {name}"))
                                .on_hover_text(folder.display().to_string());
                            if ui
                                .small_button("✖")
                                .on_hover_text("Back to the built-in word vectors")
                                .clicked()
                            {
                                actions.push(Action::UseSentenceModel(None));
                            }
                        }
                    }
                    if ui
                        .small_button("Sentence model…")
                        .on_hover_text(
                            "A sentence-embedding model's folder (config.json, tokenizer.json, \
                             model.safetensors, as sentence-transformers saves all-MiniLM-L6-v2): \
                             it reads whole sentences, in any language it knows, but takes about \
                             a minute per 10,000 headlines",
                        )
                        .clicked()
                    {
                        actions.push(Action::ChooseSentenceModel);
                    }
                });
                ui.end_row();
            }

            ui.label("Seed");
            // Typed numbers count when entered: "42" would otherwise re-run at 4 first.
            ui.add(
                egui::DragValue::new(&mut settings.seed)
                    .range(0..=u32::MAX as u64)
                    .update_while_editing(false),
            )
                .on_hover_text(
                    "Every random choice follows the seed: the same seed gives the same topics",
                );
            ui.end_row();

            ui.label("Language");
            let shown = settings.language.map_or("Detect", Language::name);
            egui::ComboBox::from_id_salt("language")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut settings.language, None, "Detect");
                    for language in Language::ALL {
                        ui.selectable_value(
                            &mut settings.language,
                            Some(language),
                            language.name(),
                        );
                    }
                });
            ui.end_row();

            ui.label("Word pairs");
            ui.checkbox(
                &mut settings.tfidf.bigrams,
                "Count pairs like \u{201c}trade war\u{201d}",
            );
            ui.end_row();

            ui.label("Dimensions");
            ui.add(egui::Slider::new(&mut settings.lsa.dimensions, 10..=300))
                .on_hover_text("Dimensions kept by LSA");
            ui.end_row();

            ui.label("Restarts");
            ui.add(egui::Slider::new(&mut settings.kmeans_runs, 1..=50))
                .on_hover_text("k-means restarts; the one that agrees most with the others is kept, so another seed finds much the same topics");
            ui.end_row();
        });
    ui.add_space(6.0);
    if ui.button("Restore defaults").clicked() {
        *settings = Settings {
            topics: settings.topics,
            ..Settings::default()
        };
    }
    actions
}
