//! Topics over time, in place of the map: for a corpus whose files give publication dates,
//! how many of each topic's articles appeared each day, week or month: a bar per period, the
//! topics stacked in their colours. With a topic selected its part is at the bottom and the
//! others fade; a vertical line marks the day of the article being read; hover a bar for the
//! topic, the period and the count; click a bar to list only that period's articles.

use chrono::NaiveDate;
use eframe::egui::{self, Color32, RichText};
use egui_plot::{Bar, BarChart, Plot, Span, VLine};

use super::Action;
use super::palette::topic_color;
use super::state::{Selection, View};
use super::status_bar::thousands;
use crate::topics::timeline::{MOST_BARS, Period, Timeline};

/// The chart of `timeline`, the dated articles of `view`.
pub fn timeline_panel_ui(
    ui: &mut egui::Ui,
    view: &View,
    timeline: &Timeline,
    selection: Selection,
) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(caption(timeline))
                .small()
                .color(Color32::GRAY),
        );
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            actions.extend(period_choice(ui, timeline));
        });
    });
    let topics = &view.outcome.topics.topics;
    let period = timeline.period;
    let documents = &view.outcome.corpus.documents;
    let read_date = selection.document.and_then(|d| documents.get(d)?.date);
    // Each period's bar is the topics' articles stacked, the selected topic at the bottom so
    // that its own ups and downs read against a level base; with a topic selected the others
    // fade.
    let mut order: Vec<_> = topics.iter().collect();
    order.sort_by_key(|t| Some(t.id) != selection.topic);
    let mut stacked = vec![0.0; timeline.starts.len()];
    let charts: Vec<BarChart> = order
        .into_iter()
        .filter_map(|topic| {
            let counts = timeline.counts.get(topic.id)?;
            let color = match selection.topic {
                Some(selected) if selected != topic.id => topic_color(topic.id).gamma_multiply(0.2),
                _ => topic_color(topic.id),
            };
            let bars = timeline
                .starts
                .iter()
                .zip(counts)
                .zip(&mut stacked)
                .filter(|((_, count), _)| **count > 0)
                .map(|((&start, &count), base)| {
                    let (middle, width) = bar_place(period, start);
                    let bar = Bar::new(middle, f64::from(count))
                        .base_offset(*base)
                        .width(width)
                        .fill(color);
                    *base += f64::from(count);
                    bar
                })
                .collect();
            let label = topic.label.clone();
            Some(
                BarChart::new(topic.label.clone(), bars)
                    .color(color)
                    .element_formatter(Box::new(move |bar, _| {
                        let start = day_at(bar.argument).map(|d| period.start_of(d));
                        let when = start.map_or_else(String::new, |d| period.describe(d));
                        format!("{label}\n{when}: {}", bar.value)
                    })),
            )
        })
        .collect();
    let chosen = selection
        .period
        .filter(|&(kind, _)| kind == period)
        .map(|(_, start)| start);
    let chart = Plot::new("timeline")
        .allow_boxed_zoom(false)
        .include_y(0.0)
        .x_axis_formatter(move |mark, _| {
            day_at(mark.value)
                .map_or_else(String::new, |d| d.format(axis_format(period)).to_string())
        })
        .label_formatter(|_| None)
        .show(ui, |plot| {
            for chart in charts {
                plot.bar_chart(chart);
            }
            // The article being read, where it falls.
            if let Some(day) = read_date {
                plot.vline(
                    VLine::new("the article being read", day_number(day)).color(Color32::GRAY),
                );
            }
            // The period whose articles are listed.
            if let Some(start) = chosen {
                let from = day_number(start);
                plot.span(
                    Span::new(
                        period.describe(start),
                        from..=from + period.days_from(start) as f64,
                    )
                    .fill(Color32::GRAY.gamma_multiply(0.15)),
                );
            }
            plot.pointer_coordinate()
        });
    // A click on a period lists its articles; a click on the listed one lists all again.
    if chart.response.clicked()
        && let Some(day) = chart.inner.and_then(|at| day_at(at.x))
    {
        let start = period.start_of(day);
        if timeline.starts.binary_search(&start).is_ok() {
            let clicked = Some((period, start));
            actions.push(Action::SelectPeriod(if selection.period == clicked {
                None
            } else {
                clicked
            }));
        }
    }
    actions
}

/// The bars' period, by hand or automatic: "Automatic · Days · Weeks · Months", right to
/// left. A period that would draw more than [`MOST_BARS`] bars is not offered.
fn period_choice(ui: &mut egui::Ui, timeline: &Timeline) -> Option<Action> {
    let mut choice = None;
    for period in Period::ALL.into_iter().rev() {
        let bars = timeline.bars_by(period);
        let chosen = timeline.chosen && timeline.period == period;
        let button = ui.add_enabled(
            bars <= MOST_BARS,
            egui::Button::selectable(chosen, RichText::new(plural(period)).small()),
        );
        let button = if bars <= MOST_BARS {
            button.on_hover_text(format!("A bar a {} ({bars} bars)", period.name()))
        } else {
            button.on_disabled_hover_text(format!(
                "{} {}s: too many bars to show",
                thousands(bars),
                period.name()
            ))
        };
        if button.clicked() && !chosen {
            choice = Some(Action::CountOverTimeBy(Some(period)));
        }
    }
    let automatic = ui
        .add(egui::Button::selectable(
            !timeline.chosen,
            RichText::new("Automatic").small(),
        ))
        .on_hover_text("The shortest period whose bars hold four articles on average");
    if automatic.clicked() && timeline.chosen {
        choice = Some(Action::CountOverTimeBy(None));
    }
    choice
}

fn plural(period: Period) -> &'static str {
    match period {
        Period::Day => "Days",
        Period::Week => "Weeks",
        Period::Month => "Months",
    }
}

/// The middle and width, in days, of a period's bar: nine tenths of the period.
fn bar_place(period: Period, start: NaiveDate) -> (f64, f64) {
    let days = period.days_from(start) as f64;
    (day_number(start) + days / 2.0, days * 0.9)
}

/// What the chart counts, and which articles it leaves out.
fn caption(timeline: &Timeline) -> String {
    let dated: u32 = timeline.totals().iter().sum();
    let mut caption = format!(
        "Articles per {} · {} dated",
        timeline.period.name(),
        thousands(dated as usize)
    );
    if timeline.undated > 0 {
        caption.push_str(&format!(
            " · {} without a date",
            thousands(timeline.undated)
        ));
    }
    if timeline.outside > 0 {
        caption.push_str(&format!(
            " · {} dated outside the range shown",
            thousands(timeline.outside)
        ));
    }
    caption.push_str(" · click a bar to list its articles");
    caption
}

/// The chart's x: days since the start of the common era.
fn day_number(day: NaiveDate) -> f64 {
    use chrono::Datelike;
    f64::from(day.num_days_from_ce())
}

fn day_at(x: f64) -> Option<NaiveDate> {
    if !x.is_finite() || x.abs() > f64::from(i32::MAX) {
        return None;
    }
    NaiveDate::from_num_days_from_ce_opt(x.round() as i32)
}

fn axis_format(period: Period) -> &'static str {
    match period {
        Period::Month => "%b %Y",
        Period::Week | Period::Day => "%-d %b %Y",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_positions_are_days_and_back() {
        let day = NaiveDate::from_ymd_opt(2024, 3, 12).expect("a day");
        assert_eq!(day_at(day_number(day)), Some(day));
        assert_eq!(day_at(day_number(day) + 0.4), Some(day));
        assert_eq!(day_at(f64::NAN), None);
        assert_eq!(day_at(1e300), None);
    }
}
