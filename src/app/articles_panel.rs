//! The articles panel: the selected topic's articles (or all), filtered by the search box, in
//! a virtualised table (only visible rows are laid out, so 100,000 rows scroll smoothly):
//! title, first words, source file, closeness to the topic's centre. Sorted by closeness by
//! default; click a column header to sort by it. ↓ and ↑, Page Down and Up, Home and End step
//! through the articles. Drag an article's title onto a topic, or use its context menu, to move
//! it there.

use std::sync::Arc;

use chrono::NaiveDate;
use eframe::egui::{self, Button, Color32, RichText};
use egui_extras::{Column, TableBuilder};

use super::Action;
use super::menu::move_menu_ui;
use super::palette::topic_color;
use super::state::{Search, Selection, View};
use super::status_bar::thousands;
use super::topics_panel::DraggedArticles;
use crate::corpus::Document;
use crate::export::display_path;
use crate::topics::representatives::sort_by_closeness;
use crate::topics::timeline::Period;

/// The column the list is sorted by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortKey {
    #[default]
    Closeness,
    Title,
    Date,
    File,
}

/// A column of the list. "First words" shows only where some listed article has a body and
/// "Date" only where some has a publication date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ListColumn {
    Title,
    FirstWords,
    Date,
    File,
    Closeness,
}

impl ListColumn {
    fn name(self) -> &'static str {
        match self {
            ListColumn::Title => "Title",
            ListColumn::FirstWords => "First words",
            ListColumn::Date => "Date",
            ListColumn::File => "File",
            ListColumn::Closeness => "Closeness",
        }
    }

    fn sort_key(self) -> Option<SortKey> {
        match self {
            ListColumn::Title => Some(SortKey::Title),
            ListColumn::FirstWords => None,
            ListColumn::Date => Some(SortKey::Date),
            ListColumn::File => Some(SortKey::File),
            ListColumn::Closeness => Some(SortKey::Closeness),
        }
    }

    /// The columns shown, in order.
    fn shown(with_bodies: bool, with_dates: bool) -> Vec<ListColumn> {
        [
            (ListColumn::Title, true),
            (ListColumn::FirstWords, with_bodies),
            (ListColumn::Date, with_dates),
            (ListColumn::File, true),
            (ListColumn::Closeness, true),
        ]
        .into_iter()
        .filter_map(|(column, shown)| shown.then_some(column))
        .collect()
    }

    /// The column's width: the title takes what the others leave, and with a "First words"
    /// column beside it starts at a width that leaves that column room.
    fn width(self, with_bodies: bool, with_dates: bool) -> Column {
        match self {
            ListColumn::Title if with_bodies => {
                let initial = if with_dates { 240.0 } else { 300.0 };
                Column::initial(initial).at_least(120.0).clip(true)
            }
            ListColumn::Title => Column::remainder().at_least(120.0).clip(true),
            ListColumn::FirstWords => Column::remainder().at_least(80.0).clip(true),
            ListColumn::Date => Column::initial(76.0).at_least(60.0).clip(true),
            ListColumn::File if with_dates => Column::initial(120.0).at_least(60.0).clip(true),
            ListColumn::File => Column::initial(150.0).at_least(60.0).clip(true),
            ListColumn::Closeness => Column::exact(96.0),
        }
    }
}

/// What the panel remembers between frames: the sort, and the sorted rows it last computed.
#[derive(Default)]
pub struct ArticlesState {
    pub sort: SortKey,
    pub ascending: bool,
    pub scroll_to_top: bool,
    rows: Vec<usize>,
    rows_key: Option<RowsKey>,
    /// Whether any listed article has a body: a list of headlines only has no "First words"
    /// column, and its titles take the room.
    rows_have_bodies: bool,
    /// Whether any listed article has a publication date: else there is no "Date" column.
    rows_have_dates: bool,
}

#[derive(Clone, PartialEq)]
struct RowsKey {
    outcome: usize,
    topic: Option<usize>,
    sort: SortKey,
    ascending: bool,
    query: String,
    period: Option<(Period, NaiveDate)>,
}

const ROW_HEIGHT: f32 = 22.0;
const PREVIEW_WORDS: usize = 14;

pub fn articles_panel_ui(
    ui: &mut egui::Ui,
    view: Option<&View>,
    selection: Selection,
    search: &mut Search,
    state: &mut ArticlesState,
    focus_search: bool,
) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        let title = match (view, selection.topic) {
            (Some(view), Some(topic)) => view
                .outcome
                .topics
                .topics
                .get(topic)
                .map_or_else(String::new, |t| t.label.clone()),
            _ => "All documents".to_owned(),
        };
        if let Some(topic) = selection.topic {
            let (swatch, _) = ui.allocate_exact_size(egui::Vec2::splat(12.0), egui::Sense::hover());
            ui.painter().rect_filled(swatch, 3.0, topic_color(topic));
        }
        ui.label(RichText::new(title).strong());
        // The period chosen on the chart of topics over time, and a way back to all.
        if let Some((period, start)) = selection.period {
            let chip = ui
                .small_button(format!("{} ✖", period.describe(start)))
                .on_hover_text("List the articles of every date");
            if chip.clicked() {
                actions.push(Action::SelectPeriod(None));
            }
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let edit = egui::TextEdit::singleline(&mut search.query)
                .hint_text("Search articles (Ctrl+F)")
                .desired_width(260.0);
            let response = ui
                .add(edit)
                .on_hover_text("Every word must appear; non-matching points are dimmed on the map");
            if focus_search {
                response.request_focus();
            }
            if response.changed()
                && let Some(view) = view
            {
                search.update(view);
            }
            if !search.query.is_empty()
                && ui
                    .small_button("✖")
                    .on_hover_text("Clear the search")
                    .clicked()
            {
                search.query.clear();
                if let Some(view) = view {
                    search.update(view);
                }
            }
        });
    });
    let Some(view) = view else {
        return actions;
    };
    refresh_rows(state, view, selection, search);
    ui.label(
        RichText::new(if search.matches.is_some() {
            format!(
                "{} of {} articles match",
                thousands(state.rows.len()),
                thousands(view.documents_of(selection.topic).len())
            )
        } else {
            match state.rows.len() {
                1 => "1 article".to_owned(),
                n => format!("{} articles", thousands(n)),
            }
        })
        .small()
        .color(Color32::GRAY),
    );

    // ↓ and ↑ (Page Down and Up, Home and End) step through the listed articles, as in a mail
    // reader, the reader following, unless a text field (the search box, say) has the keys. A
    // clicked title keeps the focus but does not want them.
    let mut scroll_to = None;
    let typing = ui
        .ctx()
        .memory(|m| m.focused())
        .is_some_and(|focused| egui::text_edit::TextEditState::load(ui.ctx(), focused).is_some());
    let step = if typing {
        None
    } else {
        // Page Down and Up move by the rows in sight, less one to keep the place.
        let page = ((ui.available_height() / ROW_HEIGHT) as usize)
            .saturating_sub(2)
            .max(1);
        ui.input_mut(|i| {
            let mut pressed = |key| i.consume_key(egui::Modifiers::NONE, key);
            if pressed(egui::Key::ArrowDown) {
                Some(Step::Down(1))
            } else if pressed(egui::Key::ArrowUp) {
                Some(Step::Up(1))
            } else if pressed(egui::Key::PageDown) {
                Some(Step::Down(page))
            } else if pressed(egui::Key::PageUp) {
                Some(Step::Up(page))
            } else if pressed(egui::Key::Home) {
                Some(Step::First)
            } else if pressed(egui::Key::End) {
                Some(Step::Last)
            } else {
                None
            }
        })
    };
    if let Some(step) = step
        && let Some(row) = stepped_row(&state.rows, selection.document, step)
    {
        actions.push(Action::SelectDocument(Some(state.rows[row])));
        scroll_to = Some(row);
        // The clicked title's focus outline would stay behind on the row left.
        ui.memory_mut(|m| {
            if let Some(focused) = m.focused() {
                m.surrender_focus(focused);
            }
        });
    }

    let documents = &view.outcome.corpus.documents;
    let closeness = &view.outcome.topics.closeness;
    let assignments = &view.outcome.topics.assignments;
    let with_bodies = state.rows_have_bodies;
    let columns = ListColumn::shown(with_bodies, state.rows_have_dates);
    let mut table = TableBuilder::new(ui)
        // Each set of columns keeps its own widths as a person resizes them.
        .id_salt(("articles", with_bodies, state.rows_have_dates))
        .striped(true)
        .resizable(true)
        .auto_shrink([false, false])
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center));
    for &column in &columns {
        table = table.column(column.width(with_bodies, state.rows_have_dates));
    }
    if std::mem::take(&mut state.scroll_to_top) {
        table = table.scroll_to_row(0, None);
    }
    if let Some(row) = scroll_to {
        // Just enough to bring the row into sight.
        table = table.scroll_to_row(row, None);
    }
    table
        .header(ROW_HEIGHT, |mut header| {
            for &column in &columns {
                header.col(|ui| match column.sort_key() {
                    Some(key) => {
                        let arrow = if state.sort == key {
                            if state.ascending { " ⏶" } else { " ⏷" }
                        } else {
                            ""
                        };
                        if ui
                            .add(
                                Button::new(
                                    RichText::new(format!("{}{arrow}", column.name())).strong(),
                                )
                                .frame(false),
                            )
                            .on_hover_text("Sort by this column")
                            .clicked()
                        {
                            if state.sort == key {
                                state.ascending = !state.ascending;
                            } else {
                                state.sort = key;
                                state.ascending = key != SortKey::Closeness;
                            }
                        }
                    }
                    None => {
                        ui.label(RichText::new(column.name()).strong());
                    }
                });
            }
        })
        .body(|body| {
            body.rows(ROW_HEIGHT, state.rows.len(), |mut row| {
                let document = state.rows[row.index()];
                let d = &documents[document];
                let selected = selection.document == Some(document);
                row.set_selected(selected);
                // One cell per shown column, in the header's order.
                for &column in &columns {
                    row.col(|ui| match column {
                        ListColumn::Title => {
                            let (swatch, _) = ui.allocate_exact_size(
                                egui::Vec2::new(4.0, 14.0),
                                egui::Sense::hover(),
                            );
                            ui.painter().rect_filled(
                                swatch,
                                1.0,
                                topic_color(assignments[document]),
                            );
                            // Dragging a title onto a topic moves the article there.
                            let title = ui.add(
                                Button::selectable(selected, d.title.as_str())
                                    .truncate()
                                    .sense(egui::Sense::click_and_drag()),
                            );
                            title.dnd_set_drag_payload(DraggedArticles(vec![document]));
                            if title.dragged() {
                                drag_hint_ui(ui, &d.title);
                            }
                            if title.clicked() {
                                actions.push(Action::SelectDocument(Some(document)));
                            }
                            title.context_menu(|ui| {
                                article_menu_ui(ui, view, document, &state.rows, &mut actions);
                            });
                        }
                        ListColumn::FirstWords => {
                            ui.add(
                                egui::Label::new(RichText::new(preview(d)).color(Color32::GRAY))
                                    .truncate(),
                            );
                        }
                        ListColumn::Date => {
                            if let Some(date) = d.date {
                                ui.label(RichText::new(date.to_string()).small());
                            }
                        }
                        ListColumn::File => {
                            let text = file_column_text(documents, document);
                            ui.add(egui::Label::new(RichText::new(text).small()).truncate());
                        }
                        ListColumn::Closeness => {
                            ui.label(format!("{:.2}", closeness[document]));
                        }
                    });
                }
                let response = row.response();
                if response.clicked() {
                    actions.push(Action::SelectDocument(Some(document)));
                }
                response.context_menu(|ui| {
                    article_menu_ui(ui, view, document, &state.rows, &mut actions);
                });
            });
        });
    actions
}

/// A note following the pointer while an article is dragged.
fn drag_hint_ui(ui: &egui::Ui, title: &str) {
    let Some(pointer) = ui.ctx().pointer_interact_pos() else {
        return;
    };
    let layer = egui::LayerId::new(egui::Order::Tooltip, egui::Id::unique("article drag hint"));
    let painter = ui.ctx().layer_painter(layer);
    let short: String = title.chars().take(48).collect();
    let text = format!("Move “{short}” — drop it on a topic");
    let galley = painter.layout_no_wrap(
        text,
        egui::FontId::proportional(13.0),
        ui.visuals().strong_text_color(),
    );
    let rect =
        egui::Rect::from_min_size(pointer + egui::vec2(14.0, 10.0), galley.size()).expand(4.0);
    painter.rect_filled(rect, 4.0, ui.visuals().window_fill);
    painter.rect_stroke(
        rect,
        4.0,
        ui.visuals().window_stroke,
        egui::StrokeKind::Inside,
    );
    painter.galley(
        rect.min + egui::vec2(4.0, 4.0),
        galley,
        Color32::PLACEHOLDER,
    );
}

/// The context menu of an article: open it, or move it (or every listed article) to a topic.
fn article_menu_ui(
    ui: &mut egui::Ui,
    view: &View,
    document: usize,
    listed: &[usize],
    actions: &mut Vec<Action>,
) {
    if ui.button("Read").clicked() {
        actions.push(Action::SelectDocument(Some(document)));
        ui.close();
    }
    ui.menu_button("Move to topic", |ui| {
        move_menu_ui(ui, view, &[document], actions);
    });
    if listed.len() > 1 {
        ui.menu_button(
            format!("Move the {} listed articles to", thousands(listed.len())),
            |ui| {
                move_menu_ui(ui, view, listed, actions);
            },
        );
    }
}

/// Re-sorts and re-filters only when the topic, the sort, the search or the result changed.
fn refresh_rows(state: &mut ArticlesState, view: &View, selection: Selection, search: &Search) {
    let key = RowsKey {
        outcome: Arc::as_ptr(&view.outcome) as usize,
        topic: selection.topic,
        sort: state.sort,
        ascending: state.ascending,
        query: search.query.clone(),
        period: selection.period,
    };
    if state.rows_key.as_ref() == Some(&key) {
        return;
    }
    let documents = &view.outcome.corpus.documents;
    let closeness = &view.outcome.topics.closeness;
    let mut rows: Vec<usize> = view
        .documents_of(selection.topic)
        .iter()
        .copied()
        .filter(|&d| search.is_match(d))
        .filter(|&d| selection.in_period(documents[d].date))
        .collect();
    match state.sort {
        // The lists come sorted by closeness within each topic; "All" compares across topics.
        SortKey::Closeness if selection.topic.is_some() => {}
        SortKey::Closeness => sort_by_closeness(&mut rows, closeness),
        SortKey::Title => rows.sort_by_cached_key(|&d| (documents[d].title.to_lowercase(), d)),
        // Undated articles last, whichever way the dates run.
        SortKey::Date => rows.sort_by_key(|&d| (documents[d].date.is_none(), documents[d].date, d)),
        SortKey::File => rows.sort_by(|&a, &b| documents[a].source().cmp(documents[b].source())),
    }
    let natural_ascending = state.sort != SortKey::Closeness;
    if state.ascending != natural_ascending {
        rows.reverse();
        if state.sort == SortKey::Date {
            let undated = rows
                .iter()
                .take_while(|&&d| documents[d].date.is_none())
                .count();
            rows.rotate_left(undated);
        }
    }
    state.rows_have_bodies = rows.iter().any(|&d| !documents[d].body.is_empty());
    state.rows_have_dates = rows.iter().any(|&d| documents[d].date.is_some());
    state.rows = rows;
    state.rows_key = Some(key);
}

/// The first words of the body that the title does not already show: a story named by its
/// first sentence (a derived title) goes on where the title stops, after "…".
fn preview(d: &Document) -> String {
    let shown = d.title.trim_end_matches('…').trim_end();
    let rest = match d.body.strip_prefix(shown) {
        Some(rest) if !d.title_is_explicit && !shown.is_empty() => rest,
        _ => d.body.as_str(),
    };
    // A headline has no words beyond its title: its cell stays empty rather than repeat it.
    let mut words = rest.split_whitespace();
    let mut out: Vec<&str> = words.by_ref().take(PREVIEW_WORDS).collect();
    if out.is_empty() {
        return String::new();
    }
    if words.next().is_some() {
        out.push("…");
    }
    let out = out.join(" ");
    if rest.len() < d.body.len() {
        format!("… {out}")
    } else {
        out
    }
}

/// A step through the list by keyboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    /// This many rows down (↓: one, Page Down: a listful).
    Down(usize),
    /// This many rows up.
    Up(usize),
    First,
    Last,
}

/// The row a step from the `selected` document lands on, kept within the list; from no
/// selection (or one the list does not show), a step down starts at the first row and a step
/// up at the last. `None` where the step goes nowhere (already at that end, or an empty list).
fn stepped_row(rows: &[usize], selected: Option<usize>, step: Step) -> Option<usize> {
    let last = rows.len().checked_sub(1)?;
    let at = selected.and_then(|d| rows.iter().position(|&r| r == d));
    let to = match (at, step) {
        (_, Step::First) | (None, Step::Down(_)) => 0,
        (_, Step::Last) | (None, Step::Up(_)) => last,
        (Some(at), Step::Down(rows)) => at.saturating_add(rows).min(last),
        (Some(at), Step::Up(rows)) => at.saturating_sub(rows),
    };
    (at != Some(to)).then_some(to)
}

/// The list's File cell of `document`: its file, and its place in the file where the file
/// holds more than one document (documents are in file order) or it was found in several.
fn file_column_text(documents: &[Document], document: usize) -> String {
    let d = &documents[document];
    let source = d.source();
    let file = display_path(&source.file);
    let file_holds_more = source.item > 1
        || documents
            .get(document + 1)
            .is_some_and(|next| next.source().file == source.file);
    if file_holds_more || d.sources.len() > 1 {
        format!("{file} #{}", source.item)
    } else {
        file
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Source;

    #[test]
    fn keys_step_through_the_listed_rows_and_stop_at_the_ends() {
        let rows = [7, 3, 9, 4, 8];
        assert_eq!(stepped_row(&rows, None, Step::Down(1)), Some(0));
        assert_eq!(stepped_row(&rows, None, Step::Up(1)), Some(4));
        assert_eq!(stepped_row(&rows, Some(7), Step::Down(1)), Some(1));
        assert_eq!(stepped_row(&rows, Some(3), Step::Up(1)), Some(0));
        assert_eq!(stepped_row(&rows, Some(8), Step::Down(1)), None);
        assert_eq!(stepped_row(&rows, Some(7), Step::Up(1)), None);
        // A page at a time, stopping at the ends.
        assert_eq!(stepped_row(&rows, Some(7), Step::Down(3)), Some(3));
        assert_eq!(stepped_row(&rows, Some(4), Step::Down(3)), Some(4));
        assert_eq!(stepped_row(&rows, Some(9), Step::Up(3)), Some(0));
        assert_eq!(stepped_row(&rows, Some(3), Step::First), Some(0));
        assert_eq!(stepped_row(&rows, Some(3), Step::Last), Some(4));
        assert_eq!(stepped_row(&rows, Some(7), Step::First), None);
        // A selected article the list does not show (another topic's, or filtered out).
        assert_eq!(stepped_row(&rows, Some(5), Step::Down(1)), Some(0));
        assert_eq!(stepped_row(&[], None, Step::Down(1)), None);
    }

    fn story(title: &str, body: &str, title_is_explicit: bool) -> Document {
        Document {
            title: title.into(),
            body: body.into(),
            title_is_explicit,
            sources: vec![Source {
                file: "story.txt".into(),
                item: 1,
            }],
            date: None,
        }
    }

    #[test]
    fn a_file_of_several_documents_numbers_all_of_them_a_story_alone_none() {
        let document = |file: &str, item: u32| Document {
            sources: vec![Source {
                file: file.into(),
                item,
            }],
            ..story(&format!("{file} {item}"), "", true)
        };
        let documents = [
            document("headlines.txt", 1),
            document("headlines.txt", 2),
            document("story.txt", 1),
        ];
        let cells: Vec<String> = (0..3).map(|d| file_column_text(&documents, d)).collect();
        assert_eq!(cells, ["headlines.txt #1", "headlines.txt #2", "story.txt"]);
    }

    #[test]
    fn the_preview_is_the_body_s_first_words_and_nothing_for_a_headline() {
        let body = "one two three four five six seven eight nine ten eleven twelve thirteen \
                    fourteen fifteen sixteen";
        assert_eq!(
            preview(&story("Numbers", body, true)),
            "one two three four five six seven eight nine ten eleven twelve thirteen fourteen …"
        );
        assert_eq!(preview(&story("Short", "Short body.", true)), "Short body.");
        assert_eq!(preview(&story("A headline", "", true)), "");
    }

    #[test]
    fn a_story_named_by_its_first_sentence_previews_what_follows_it() {
        let body = "Storms closed the port on Monday. Ships waited off the coast for two days.";
        assert_eq!(
            preview(&story("Storms closed the port on Monday.", body, false)),
            "… Ships waited off the coast for two days."
        );
        // A first sentence cut short in the title goes on from where the title stops.
        assert_eq!(
            preview(&story("Storms closed the port…", body, false)),
            "… on Monday. Ships waited off the coast for two days."
        );
        // A story of one sentence has nothing more to show.
        let one = "Storms closed the port on Monday.";
        assert_eq!(preview(&story(one, one, false)), "");
        // A given title is not looked for in the body.
        assert_eq!(preview(&story("Storms closed the port", body, true)), body);
    }
}
