//! The topics panel: how many topics (automatic, with the score curve it came from, or a
//! number), and the topics themselves, largest first, each with its colour, label and size.

use eframe::egui::{self, Button, Color32, RichText, Sense, Vec2};
use egui_plot::{HoverPosition, Line, Plot, PlotPoints, Points, VLine};

use super::Action;
use super::palette::topic_color;
use super::state::{Selection, View};
use super::status_bar::thousands;
use crate::cluster::TopicCount;
use crate::pipeline::Settings;

/// The largest number of topics the slider offers.
pub const MAX_TOPICS: usize = 60;

pub fn topics_panel_ui(
    ui: &mut egui::Ui,
    view: Option<&View>,
    selection: Selection,
    settings: &Settings,
    busy: bool,
) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.add_space(4.0);
    ui.heading("Topics");
    topic_count_ui(ui, view, settings, &mut actions);
    ui.separator();
    let Some(view) = view else {
        ui.add_space(8.0);
        if busy {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Finding topics…");
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
            let largest = view
                .outcome
                .topics
                .topics
                .iter()
                .map(|t| t.size)
                .max()
                .unwrap_or(1)
                .max(1);
            for topic in &view.outcome.topics.topics {
                let selected = selection.topic == Some(topic.id);
                if topic_row_ui(ui, topic.id, &topic.label, topic.size, largest, selected).clicked()
                {
                    actions.push(Action::SelectTopic(if selected {
                        None
                    } else {
                        Some(topic.id)
                    }));
                }
            }
        });
    actions
}

/// One topic: colour swatch, label (selectable), and a bar of its size with the count.
fn topic_row_ui(
    ui: &mut egui::Ui,
    id: usize,
    label: &str,
    size: usize,
    largest: usize,
    selected: bool,
) -> egui::Response {
    let color = topic_color(id);
    let response = ui
        .horizontal(|ui| {
            let (swatch, _) = ui.allocate_exact_size(Vec2::splat(12.0), Sense::hover());
            ui.painter().rect_filled(swatch, 3.0, color);
            ui.add(Button::selectable(selected, label).truncate())
        })
        .inner;
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
            .on_hover_text("Choose the number of topics from the data (silhouette score)")
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
        egui::Slider::new(&mut k, 2..=MAX_TOPICS).text("topics"),
    );
    if slider.changed() {
        actions.push(Action::SetTopicCount(TopicCount::Fixed(k)));
    }
    if let Some(choice) = view.and_then(|v| v.outcome.clustering.k_choice.as_ref()) {
        let curve: PlotPoints = choice
            .scores
            .iter()
            .map(|s| [s.k as f64, f64::from(s.silhouette)])
            .collect();
        let chosen = choice
            .scores
            .iter()
            .find(|s| s.k == choice.chosen)
            .map(|s| [s.k as f64, f64::from(s.silhouette)]);
        let accent = ui.visuals().selection.bg_fill;
        ui.label(
            RichText::new(format!(
                "Silhouette by number of topics (chosen: {})",
                choice.chosen
            ))
            .small()
            .color(Color32::GRAY),
        );
        Plot::new("k_scores")
            .height(80.0)
            .show_axes([true, false])
            .show_grid(false)
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
                plot.line(Line::new("silhouette", curve).color(Color32::GRAY));
                plot.vline(VLine::new("chosen", choice.chosen as f64).color(accent));
                if let Some(point) = chosen {
                    plot.points(
                        Points::new("chosen k", vec![point])
                            .radius(4.0)
                            .color(accent),
                    );
                }
            });
    }
}
