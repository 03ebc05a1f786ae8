//! The reader: the selected article in full, the words that make its topic highlighted (found
//! through the analyzer's byte offsets, so "tariffs" lights up for the keyword "tariff"), where
//! it came from, and a button to open its file.

use std::collections::HashSet;
use std::ops::Range;

use eframe::egui::{self, Color32, RichText, TextFormat, text::LayoutJob};

use super::Action;
use super::palette::topic_color;
use super::state::{Selection, View};
use crate::export::display_path;
use crate::text::Analyzer;
use crate::vectorize::Vocabulary;

/// The reader shows at most this much of a text: laying out and highlighting megabytes every
/// frame would freeze the window. The rest is a click away in the file itself.
const MAX_SHOWN_BYTES: usize = 100 * 1024;

/// The start of `text`, at most [`MAX_SHOWN_BYTES`] long, cut at a character boundary.
fn shown_part(text: &str) -> &str {
    &text[..text.floor_char_boundary(MAX_SHOWN_BYTES)]
}

pub fn reader_panel_ui(
    ui: &mut egui::Ui,
    view: Option<&View>,
    selection: Selection,
) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.heading("Reader");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .small_button("✖")
                .on_hover_text("Hide the reader (Ctrl+R)")
                .clicked()
            {
                actions.push(Action::ShowReader(false));
            }
        });
    });
    ui.separator();
    let (Some(view), Some(document)) = (view, selection.document) else {
        ui.label(
            RichText::new("Select an article in the list or on the map to read it here.")
                .color(Color32::GRAY),
        );
        return actions;
    };
    let outcome = &view.outcome;
    let Some(d) = outcome.corpus.documents.get(document) else {
        return actions;
    };
    let topic = &outcome.topics.topics[outcome.topics.assignments[document]];
    let keywords = keyword_terms(view, topic.id);
    let analyzer = Analyzer::new(outcome.language());

    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                let (swatch, _) =
                    ui.allocate_exact_size(egui::Vec2::splat(12.0), egui::Sense::hover());
                ui.painter().rect_filled(swatch, 3.0, topic_color(topic.id));
                if ui
                    .link(&topic.label)
                    .on_hover_text("Show this topic's articles")
                    .clicked()
                {
                    actions.push(Action::SelectTopic(Some(topic.id)));
                }
                ui.label(
                    RichText::new(format!(
                        "closeness {:.2}",
                        outcome.topics.closeness[document]
                    ))
                    .small()
                    .color(Color32::GRAY),
                );
            });
            ui.add_space(6.0);
            let heading = highlighted(&d.title, &analyzer, view, &keywords, ui, 20.0, true);
            ui.add(egui::Label::new(heading).wrap());
            ui.add_space(6.0);
            if let Some(date) = d.date {
                ui.label(
                    RichText::new(format!("Published {}", date.format("%-d %B %Y")))
                        .color(Color32::GRAY),
                );
            }
            source_ui(ui, view, document, &mut actions);
            ui.separator();
            if !d.body.is_empty() {
                let shown = shown_part(&d.body);
                let body = highlighted(shown, &analyzer, view, &keywords, ui, 14.0, false);
                ui.add(egui::Label::new(body).wrap());
                if shown.len() < d.body.len() {
                    ui.add_space(6.0);
                    ui.label(
                        RichText::new(format!(
                            "… the first {} of {} are shown; open the file to read it all.",
                            crate::corpus::human_size(shown.len() as u64),
                            crate::corpus::human_size(d.body.len() as u64)
                        ))
                        .italics()
                        .color(Color32::GRAY),
                    );
                }
            }
        });
    actions
}

/// Where the article came from, with a button to open its file.
fn source_ui(ui: &mut egui::Ui, view: &View, document: usize, actions: &mut Vec<Action>) {
    let corpus = &view.outcome.corpus;
    let d = &corpus.documents[document];
    for source in &d.sources {
        ui.horizontal_wrapped(|ui| {
            let shown = display_path(&source.file);
            let text = if source.item > 1 {
                format!("{shown}, item {}", source.item)
            } else {
                shown
            };
            ui.label(RichText::new(text).small().monospace());
            if let Some(root) = &corpus.root {
                let path = if root.is_file() {
                    root.clone()
                } else {
                    root.join(&source.file)
                };
                if ui
                    .small_button("Open file")
                    .on_hover_text(path.display().to_string())
                    .clicked()
                {
                    actions.push(Action::OpenFile(path));
                }
            }
        });
    }
}

/// The term ids of a topic's keywords.
pub fn keyword_terms(view: &View, topic: usize) -> HashSet<u32> {
    let vocabulary = &view.outcome.analysis.term_vectors.vocabulary;
    view.outcome.topics.topics[topic]
        .keywords
        .iter()
        .flat_map(|k| k.term.split(' '))
        .filter_map(|word| vocabulary.id_of_word(word))
        .collect()
}

/// The byte ranges of the words of `text` whose term is one of `keywords`, in order.
pub fn keyword_ranges(
    text: &str,
    analyzer: &Analyzer,
    vocabulary: &Vocabulary,
    keywords: &HashSet<u32>,
) -> Vec<Range<usize>> {
    analyzer
        .analyze(text)
        .into_iter()
        .filter(|word| {
            vocabulary
                .id_of_word(&word.surface)
                .is_some_and(|id| keywords.contains(&id))
        })
        .map(|word| word.range)
        .collect()
}

/// `text` laid out with the words whose term is one of `keywords` highlighted.
pub fn highlighted(
    text: &str,
    analyzer: &Analyzer,
    view: &View,
    keywords: &HashSet<u32>,
    ui: &egui::Ui,
    size: f32,
    strong: bool,
) -> LayoutJob {
    let vocabulary = &view.outcome.analysis.term_vectors.vocabulary;
    let visuals = ui.visuals();
    let normal = TextFormat {
        font_id: egui::FontId::proportional(size),
        color: if strong {
            visuals.strong_text_color()
        } else {
            visuals.text_color()
        },
        ..Default::default()
    };
    let marked = TextFormat {
        background: visuals.selection.bg_fill.gamma_multiply(0.55),
        color: visuals.strong_text_color(),
        ..normal.clone()
    };
    let mut job = LayoutJob::default();
    let mut written = 0;
    for range in keyword_ranges(text, analyzer, vocabulary, keywords) {
        if range.start < written {
            continue;
        }
        job.append(&text[written..range.start], 0.0, normal.clone());
        job.append(&text[range.clone()], 0.0, marked.clone());
        written = range.end;
    }
    job.append(&text[written..], 0.0, normal);
    job
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_are_cut_at_a_character_boundary() {
        assert_eq!(shown_part("short"), "short");
        let long = "é".repeat(MAX_SHOWN_BYTES);
        let shown = shown_part(&long);
        assert!(shown.len() <= MAX_SHOWN_BYTES && shown.len() >= MAX_SHOWN_BYTES - 1);
        assert!(shown.chars().all(|c| c == 'é'));
    }
}
