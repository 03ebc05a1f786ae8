//! The topics panel: how many topics (automatic, with the score curve it came from, or a
//! number), and the topics themselves, largest first, each with its colour, label and size.
//! Topics are edited here: double-click to rename, Ctrl+click to mark several and merge them,
//! the context menu to split, and articles dropped on a topic move into it.

use std::collections::BTreeSet;

use eframe::egui::{self, Button, Color32, Key, RichText, Sense, Vec2};
use egui_plot::{HoverPosition, Line, Plot, PlotPoints, Points, VLine, uniform_grid_spacer};

use super::palette::topic_color;
use super::state::{Selection, View};
use super::status_bar::thousands;
use super::{Action, menu};
use crate::cluster::{KChoice, KCriterion, KScore, TopicCount};
use crate::pipeline::Settings;
use crate::topics::Topic;

/// The largest number of topics the slider offers.
pub const MAX_TOPICS: usize = 60;
/// Parts offered in the "Split into" menu (besides Automatic).
pub const SPLIT_PARTS: std::ops::RangeInclusive<usize> = 2..=6;

/// What the panel remembers between frames.
#[derive(Default)]
pub struct TopicsPanelState {
    /// The topic being renamed and the name typed so far.
    pub renaming: Option<(usize, String)>,
    /// Topics marked (Ctrl+click) to be merged.
    pub marked: BTreeSet<usize>,
    focus_rename: bool,
}

impl TopicsPanelState {
    /// Starts renaming `topic`, with its current label to edit.
    pub fn start_renaming(&mut self, topic: usize, label: &str) {
        self.renaming = Some((topic, label.to_string()));
        self.focus_rename = true;
    }
}

/// Articles being dragged onto a topic.
#[derive(Clone, Debug)]
pub struct DraggedArticles(pub Vec<usize>);

/// The edit history as the panel shows it.
pub struct EditHistory<'a> {
    pub edits: usize,
    pub undo: Option<&'a str>,
    pub redo: Option<&'a str>,
}

pub fn topics_panel_ui(
    ui: &mut egui::Ui,
    view: Option<&View>,
    selection: Selection,
    settings: &Settings,
    // While working, what is under way (as the status bar's progress names it).
    busy: Option<&str>,
    state: &mut TopicsPanelState,
    history: EditHistory<'_>,
) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.add_space(4.0);
    ui.heading("Topics");
    topic_count_ui(ui, view, settings, &mut actions);
    history_ui(ui, &history, &mut actions);
    ui.separator();
    let Some(view) = view else {
        ui.add_space(8.0);
        if let Some(step) = busy {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(format!("{step}…"));
            });
        } else {
            ui.label("Open a folder of articles or a file of headlines (File ▸ Open folder…), or drop one on the window.");
        }
        return actions;
    };
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let total = view.outcome.corpus.documents.len();
            let all_label = format!("All documents ({})", thousands(total));
            if ui
                .add(Button::selectable(
                    selection.topic.is_none(),
                    RichText::new(all_label).strong(),
                ))
                .clicked()
            {
                actions.push(Action::SelectTopic(None));
            }
            ui.add_space(4.0);
            marked_ui(ui, state, &mut actions);
            let topics = &view.outcome.topics.topics;
            let largest = topics.iter().map(|t| t.size).max().unwrap_or(1).max(1);
            // Largest first; edited topics keep their numbers (and colours), so sort here.
            for id in view.outcome.topics.ids_by_size() {
                let topic = &topics[id];
                if state.renaming.as_ref().is_some_and(|(t, _)| *t == id) {
                    rename_row_ui(ui, state, &mut actions);
                    continue;
                }
                let selected = selection.topic == Some(id);
                let marked = state.marked.contains(&id);
                let row = topic_row_ui(ui, topic, largest, selected, marked);
                if row.double_clicked() {
                    state.start_renaming(id, &topic.label);
                } else if row.clicked() {
                    if ui.input(|i| i.modifiers.command || i.modifiers.shift) {
                        if state.marked.is_empty()
                            && let Some(current) = selection.topic
                        {
                            state.marked.insert(current);
                        }
                        if !state.marked.remove(&id) {
                            state.marked.insert(id);
                        }
                    } else {
                        state.marked.clear();
                        actions.push(Action::SelectTopic(if selected { None } else { Some(id) }));
                    }
                }
                if let Some(dropped) = row.dnd_release_payload::<DraggedArticles>() {
                    actions.push(Action::MoveArticles(dropped.0.clone(), id));
                }
                row.context_menu(|ui| topic_menu_ui(ui, view, id, state, &mut actions));
            }
        });
    actions
}

/// Undo and redo, with what they would undo or redo.
fn history_ui(ui: &mut egui::Ui, history: &EditHistory<'_>, actions: &mut Vec<Action>) {
    if history.edits == 0 && history.redo.is_none() {
        return;
    }
    ui.horizontal(|ui| {
        let edits = match history.edits {
            1 => "1 edit".to_string(),
            n => format!("{n} edits"),
        };
        ui.label(RichText::new(edits).small().color(Color32::GRAY));
        let undo = ui.add_enabled(history.undo.is_some(), Button::new("⟲ Undo").small());
        if undo.clicked() {
            actions.push(Action::Undo);
        }
        if let Some(what) = history.undo {
            undo.on_hover_text(format!("Undo: {what} ({})", shortcut_text(ui, &menu::UNDO)));
        }
        let redo = ui.add_enabled(history.redo.is_some(), Button::new("⟳ Redo").small());
        if redo.clicked() {
            actions.push(Action::Redo);
        }
        if let Some(what) = history.redo {
            redo.on_hover_text(format!("Redo: {what} ({})", shortcut_text(ui, &menu::REDO)));
        }
    });
}

fn shortcut_text(ui: &egui::Ui, shortcut: &egui::KeyboardShortcut) -> String {
    ui.ctx().format_shortcut(shortcut)
}

/// The marked topics and the Merge button.
fn marked_ui(ui: &mut egui::Ui, state: &mut TopicsPanelState, actions: &mut Vec<Action>) {
    if state.marked.is_empty() {
        return;
    }
    ui.horizontal(|ui| {
        ui.label(format!("{} marked", state.marked.len()));
        let merge = ui
            .add_enabled(state.marked.len() >= 2, Button::new("Merge"))
            .on_hover_text(format!(
                "Merge the marked topics into one ({})",
                shortcut_text(ui, &menu::MERGE)
            ));
        if merge.clicked() {
            actions.push(Action::MergeTopics(state.marked.iter().copied().collect()));
            state.marked.clear();
        }
        if ui.button("Clear").clicked() {
            state.marked.clear();
        }
    });
    ui.label(
        RichText::new("Ctrl+click topics to mark or unmark them.")
            .small()
            .color(Color32::GRAY),
    );
    ui.add_space(4.0);
}

/// The name being typed for a topic: Enter keeps it, Escape leaves the old one.
fn rename_row_ui(ui: &mut egui::Ui, state: &mut TopicsPanelState, actions: &mut Vec<Action>) {
    let Some((id, name)) = &mut state.renaming else {
        return;
    };
    let id = *id;
    let edit = ui.add(
        egui::TextEdit::singleline(name)
            .hint_text("Topic name")
            .desired_width(f32::INFINITY),
    );
    if std::mem::take(&mut state.focus_rename) {
        edit.request_focus();
    }
    if ui.input(|i| i.key_pressed(Key::Escape)) {
        state.renaming = None;
    } else if edit.lost_focus() {
        let name = name.trim().to_string();
        state.renaming = None;
        actions.push(Action::RenameTopic(id, name));
    }
    ui.add_space(12.0);
}

/// The context menu of a topic.
fn topic_menu_ui(
    ui: &mut egui::Ui,
    view: &View,
    id: usize,
    state: &mut TopicsPanelState,
    actions: &mut Vec<Action>,
) {
    let topics = &view.outcome.topics.topics;
    if ui
        .add(Button::new("Rename…").shortcut_text(shortcut_text(ui, &menu::RENAME)))
        .clicked()
    {
        state.start_renaming(id, &topics[id].label);
        ui.close();
    }
    ui.menu_button("Split into", |ui| {
        if ui
            .add(Button::new("Automatic").shortcut_text(shortcut_text(ui, &menu::SPLIT)))
            .clicked()
        {
            actions.push(Action::SplitTopic(id, TopicCount::Auto));
            ui.close();
        }
        for parts in SPLIT_PARTS {
            if ui.button(format!("{parts} topics")).clicked() {
                actions.push(Action::SplitTopic(id, TopicCount::Fixed(parts)));
                ui.close();
            }
        }
    });
    ui.menu_button("Merge into", |ui| {
        for other in topics.iter().filter(|t| t.id != id) {
            if ui
                .add(Button::new(&other.label).truncate())
                .on_hover_text(&other.label)
                .clicked()
            {
                actions.push(Action::MergeTopics(vec![other.id, id]));
                ui.close();
            }
        }
    });
    let marked = state.marked.len();
    if marked >= 2
        && ui
            .add(Button::new(format!("Merge the {marked} marked topics")))
            .clicked()
    {
        actions.push(Action::MergeTopics(state.marked.iter().copied().collect()));
        state.marked.clear();
        ui.close();
    }
}

/// One topic: colour swatch, label (selectable), and a bar of its size with the count. A
/// name a person gave is followed by the topic's keywords in small print.
fn topic_row_ui(
    ui: &mut egui::Ui,
    topic: &Topic,
    largest: usize,
    selected: bool,
    marked: bool,
) -> egui::Response {
    let (id, size) = (topic.id, topic.size);
    let color = topic_color(id);
    let label = if marked {
        format!("☑ {}", topic.label)
    } else {
        topic.label.clone()
    };
    let response = ui
        .horizontal(|ui| {
            let (swatch, _) = ui.allocate_exact_size(Vec2::splat(12.0), Sense::hover());
            ui.painter().rect_filled(swatch, 3.0, color);
            ui.add(Button::selectable(selected || marked, label).truncate())
                .on_hover_text(
                    "Double-click to rename; Ctrl+click to mark for merging; right-click for more",
                )
        })
        .inner;
    if response.dnd_hover_payload::<DraggedArticles>().is_some() {
        ui.painter().rect_stroke(
            response.rect.expand(2.0),
            3.0,
            egui::Stroke::new(2.0, color),
            egui::StrokeKind::Outside,
        );
    }
    if topic.renamed {
        let keywords: Vec<&str> = topic
            .keywords
            .iter()
            .take(crate::topics::labels::LABEL_WORDS)
            .map(|k| k.shown())
            .collect();
        ui.horizontal(|ui| {
            ui.add_space(18.0);
            ui.add(
                egui::Label::new(
                    RichText::new(keywords.join(crate::topics::labels::LABEL_SEPARATOR))
                        .small()
                        .color(Color32::GRAY),
                )
                .truncate(),
            );
        });
    }
    ui.horizontal(|ui| {
        ui.add_space(18.0);
        let width = (ui.available_width() - 60.0).max(40.0);
        let (bar, _) = ui.allocate_exact_size(Vec2::new(width, 6.0), Sense::hover());
        ui.painter()
            .rect_filled(bar, 2.0, ui.visuals().faint_bg_color);
        let mut filled = bar;
        filled.set_width(width * size as f32 / largest as f32);
        ui.painter()
            .rect_filled(filled, 2.0, color.gamma_multiply(0.8));
        ui.label(RichText::new(thousands(size)).small().color(Color32::GRAY));
    });
    ui.add_space(2.0);
    response
}

/// Automatic or a fixed number, and, when automatic, the score of every candidate.
fn topic_count_ui(
    ui: &mut egui::Ui,
    view: Option<&View>,
    settings: &Settings,
    actions: &mut Vec<Action>,
) {
    let shown_k = view.map_or(8, |v| v.outcome.topics.topics.len());
    let mut automatic = settings.topics == TopicCount::Auto;
    let mut k = match settings.topics {
        TopicCount::Fixed(k) => k,
        TopicCount::Auto => shown_k,
    };
    ui.horizontal(|ui| {
        if ui
            .checkbox(&mut automatic, "Automatic")
            .on_hover_text("Choose the number of topics from the data (silhouette, or agreement between halves of the documents)")
            .changed()
        {
            actions.push(Action::SetTopicCount(if automatic {
                TopicCount::Auto
            } else {
                TopicCount::Fixed(k)
            }));
        }
    });
    let slider = ui.add_enabled(
        !automatic,
        // A number typed into the box counts when it is entered: at each keystroke, the "1"
        // of "12" would re-cluster at 2 (the least) and take the box's focus with it.
        egui::Slider::new(&mut k, 2..=MAX_TOPICS)
            .text("topics")
            .update_while_editing(false),
    );
    if slider.changed() {
        actions.push(Action::SetTopicCount(TopicCount::Fixed(k)));
    }
    if let Some(choice) = view.and_then(View::k_choice) {
        // The chart shows the score that decided: the silhouette, or, where the silhouette
        // only climbed, the agreement between the sample's halves. Once a number is set by
        // hand it stays, with that number marked too: the curve is what guides the choice.
        let by_agreement = choice.criterion == KCriterion::Agreement;
        let score = |s: &KScore| {
            if by_agreement {
                s.agreement.unwrap_or(0.0)
            } else {
                s.silhouette
            }
        };
        let curve: PlotPoints = choice
            .scores
            .iter()
            .map(|s| [s.k as f64, f64::from(score(s))])
            .collect();
        let chosen = choice
            .scores
            .iter()
            .find(|s| s.k == choice.chosen)
            .map(|s| [s.k as f64, f64::from(score(s))]);
        let by_hand = match settings.topics {
            TopicCount::Fixed(k) if !automatic => Some(k),
            _ => None,
        };
        let accent = ui.visuals().selection.bg_fill;
        let title = if by_agreement {
            "Agreement between halves of the documents"
        } else {
            "Silhouette"
        };
        let caption = match by_hand {
            Some(k) => format!(
                "{title} by number of topics (automatic: {}, set: {k})",
                choice.chosen
            ),
            None => format!("{title} by number of topics (chosen: {})", choice.chosen),
        };
        ui.label(RichText::new(caption).small().color(Color32::GRAY))
            .on_hover_text(if by_agreement {
                "The silhouette rose with every added topic, as it does on short texts, so the \
                 count is where topics stop reproducing: two halves of the documents are grouped \
                 apart, and the chosen count is the last before their agreement falls the most \
                 (any documents split in two alike, so the fall from 2 does not count). Click \
                 the chart to set a number of topics"
            } else {
                "How much closer documents are to their own topic than to the next. The first \
                 peak is chosen, or, where it stands on a level stretch of counts that score \
                 alike, the first count of that stretch. Click the chart to set a number of \
                 topics"
            });
        let chart = Plot::new("k_scores")
            .height(80.0)
            .show_axes([true, false])
            .show_grid(false)
            // Whole numbers of topics: every one labelled where the curve is short (it stops
            // where the choice was settled), every fifth or tenth where it is long.
            .x_grid_spacer(uniform_grid_spacer(|_| [1.0, 5.0, 10.0]))
            .allow_drag(false)
            .allow_zoom(false)
            .allow_scroll(false)
            .allow_boxed_zoom(false)
            .allow_double_click_reset(false)
            .label_formatter(|hover| match hover {
                HoverPosition::NearDataPoint { position, .. } => {
                    Some(format!("{:.0} topics: {:.3}", position.x, position.y))
                }
                HoverPosition::Elsewhere { .. } => None,
            })
            .show(ui, |plot| {
                plot.line(Line::new(title, curve).color(Color32::GRAY));
                plot.vline(
                    VLine::new("chosen", by_hand.unwrap_or(choice.chosen) as f64).color(accent),
                );
                if let Some(point) = chosen {
                    plot.points(
                        Points::new("chosen k", vec![point])
                            .radius(4.0)
                            .color(accent),
                    );
                }
                plot.pointer_coordinate()
            });
        // A click on the chart sets the number of topics under the pointer.
        if chart.response.clicked()
            && let Some(at) = chart.inner
        {
            actions.push(Action::SetTopicCount(TopicCount::Fixed(k_at(at.x, choice))));
        }
    }
}

/// The number of topics at `x` on the chart of `choice`'s scores: the nearest whole number,
/// within the candidates' range.
fn k_at(x: f64, choice: &KChoice) -> usize {
    let first = choice.scores.first().map_or(2, |s| s.k);
    let last = choice.scores.last().map_or(MAX_TOPICS, |s| s.k);
    (x.round().max(0.0) as usize).clamp(first, last.max(first))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_click_on_the_chart_sets_the_nearest_number_within_the_candidates() {
        let choice = KChoice {
            chosen: 4,
            criterion: KCriterion::SilhouettePeak,
            scores: [2, 3, 4, 5, 6, 8]
                .map(|k| KScore {
                    k,
                    silhouette: 0.1,
                    agreement: None,
                })
                .to_vec(),
            sample_size: 100,
        };
        assert_eq!(k_at(4.4, &choice), 4);
        assert_eq!(k_at(6.6, &choice), 7);
        assert_eq!(k_at(0.7, &choice), 2);
        assert_eq!(k_at(-3.0, &choice), 2);
        assert_eq!(k_at(11.0, &choice), 8);
    }
}
