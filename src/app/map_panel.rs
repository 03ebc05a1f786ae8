//! The map: every document as a point coloured by its topic, topic labels at their centres.
//! Scroll to zoom, drag to pan, double-click to fit; hover a point for its title, click it to
//! read it. The points are one mesh, rebuilt only when the view or the highlighting changes,
//! so 100,000 of them stay fluid.

use std::sync::Arc;

use chrono::NaiveDate;
use eframe::egui::{
    self, Color32, FontId, Mesh, Pos2, Rect, RichText, Sense, Shape, Stroke, Vec2, epaint::Vertex,
};

use super::Action;
use super::palette::topic_color;
use super::state::{Search, Selection, View};
use crate::reduce::label_places::{PointGrid, label_place};
use crate::topics::timeline::Period;

/// The pan and zoom of the map, and what it caches between frames.
#[derive(Default)]
pub struct MapState {
    /// Centre of the view in map coordinates; `None` fits the whole map.
    center: Option<Pos2>,
    /// 1 shows the whole map; larger is closer.
    zoom: f32,
    /// The points, and where they are on screen for labels to keep clear of.
    mesh: Option<(MeshKey, Arc<Mesh>, Arc<PointGrid>)>,
    index: Option<(usize, Arc<GridIndex>)>,
}

#[derive(Clone, PartialEq)]
struct MeshKey {
    outcome: usize,
    rect: Rect,
    center: Pos2,
    scale: f32,
    topic: Option<usize>,
    period: Option<(Period, NaiveDate)>,
    query: String,
    dark: bool,
}

/// How far (in points) from the pointer a document still counts as hovered.
const HOVER_RADIUS: f32 = 8.0;

pub fn map_panel_ui(
    ui: &mut egui::Ui,
    view: Option<&View>,
    selection: Selection,
    search: &Search,
    state: &mut MapState,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let rect = ui.available_rect_before_wrap();
    let response = ui.allocate_rect(rect, Sense::click_and_drag());
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 4.0, ui.visuals().extreme_bg_color);
    let Some(view) = view else {
        painter.text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            "The map of articles appears here",
            FontId::proportional(16.0),
            Color32::GRAY,
        );
        return actions;
    };
    let layout = &view.outcome.layout;
    let bounds = data_bounds(&layout.documents, &layout.topics);
    if state.zoom <= 0.0 {
        state.zoom = 1.0;
    }
    let fit_scale = (rect.width() / bounds.width()).min(rect.height() / bounds.height());

    // Pan and zoom.
    if response.dragged() {
        let scale = fit_scale * state.zoom;
        let center = state.center.unwrap_or(bounds.center());
        state.center = Some(center - response.drag_delta() / scale);
    }
    if response.hovered() {
        let (scroll, pinch) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
        let factor = (scroll * 0.002).exp() * pinch;
        if (factor - 1.0).abs() > 1e-4
            && let Some(pointer) = response.hover_pos()
        {
            let old_scale = fit_scale * state.zoom;
            let center = state.center.unwrap_or(bounds.center());
            let anchor = center + (pointer - rect.center()) / old_scale;
            state.zoom = (state.zoom * factor).clamp(0.5, 400.0);
            let new_scale = fit_scale * state.zoom;
            state.center = Some(anchor - (pointer - rect.center()) / new_scale);
        }
    }
    if response.double_clicked() {
        state.center = None;
        state.zoom = 1.0;
    }
    let scale = fit_scale * state.zoom;
    let center = state.center.unwrap_or(bounds.center());
    let to_screen = |p: [f32; 2]| rect.center() + (Pos2::new(p[0], p[1]) - center) * scale;

    // Points.
    let outcome_id = Arc::as_ptr(&view.outcome) as usize;
    let key = MeshKey {
        outcome: outcome_id,
        rect,
        center,
        scale,
        topic: selection.topic,
        period: selection.period,
        query: search.query.clone(),
        dark: ui.visuals().dark_mode,
    };
    let (mesh, on_screen) = match &state.mesh {
        Some((cached, mesh, grid)) if *cached == key => (mesh.clone(), grid.clone()),
        _ => {
            let mesh = Arc::new(points_mesh(
                view,
                selection,
                search,
                rect,
                &to_screen,
                state.zoom,
                ui.visuals().dark_mode,
            ));
            let grid = Arc::new(PointGrid::new(
                layout.documents.iter().map(|&p| to_screen(p).into()),
                rect.min.into(),
                rect.max.into(),
            ));
            state.mesh = Some((key, mesh.clone(), grid.clone()));
            (mesh, grid)
        }
    };
    painter.add(Shape::Mesh(mesh));

    // Topic labels at their centres, the largest topic's first; a label that would cover one
    // already placed, or hide articles a line or two from a clear place, moves to the nearest
    // free line (as on the exported picture).
    let mut placed: Vec<Rect> = Vec::new();
    for id in view.outcome.topics.ids_by_size() {
        let topic = &view.outcome.topics.topics[id];
        let Some(&position) = layout.topics.get(topic.id) else {
            continue;
        };
        let at = to_screen(position);
        if !rect.expand(40.0).contains(at) {
            continue;
        }
        let selected = selection.topic == Some(topic.id);
        let faded = selection.topic.is_some() && !selected;
        let words: Vec<&str> = topic
            .label
            .split(crate::topics::labels::LABEL_SEPARATOR)
            .take(2)
            .collect();
        let text = words.join(" · ");
        let font = FontId::proportional(if selected { 15.0 } else { 13.0 });
        let galley = painter.layout_no_wrap(
            text,
            font,
            if faded {
                Color32::GRAY
            } else {
                ui.visuals().strong_text_color()
            },
        );
        let label_rect = free_place(
            Rect::from_center_size(at, galley.size() + Vec2::new(10.0, 4.0)),
            &placed,
            rect,
            &on_screen,
        );
        placed.push(label_rect);
        let fill = ui
            .visuals()
            .panel_fill
            .gamma_multiply(if faded { 0.6 } else { 0.85 });
        painter.rect(
            label_rect,
            4.0,
            fill,
            Stroke::new(if selected { 2.0 } else { 1.0 }, topic_color(topic.id)),
            egui::StrokeKind::Inside,
        );
        painter.galley(label_rect.min + Vec2::new(5.0, 2.0), galley, Color32::WHITE);
    }

    // The selected document.
    if let Some(document) = selection.document
        && let Some(&p) = layout.documents.get(document)
    {
        painter.circle_stroke(
            to_screen(p),
            7.0,
            Stroke::new(2.0, ui.visuals().strong_text_color()),
        );
    }

    // Hover and click.
    let index = match &state.index {
        Some((id, index)) if *id == outcome_id => index.clone(),
        _ => {
            let index = Arc::new(GridIndex::new(&layout.documents, bounds));
            state.index = Some((outcome_id, index.clone()));
            index
        }
    };
    if let Some(pointer) = response.hover_pos() {
        let data = center + (pointer - rect.center()) / scale;
        let radius = HOVER_RADIUS / scale;
        if let Some(document) = index.nearest(&layout.documents, [data.x, data.y], radius) {
            let d = &view.outcome.corpus.documents[document];
            let topic = view.outcome.topics.assignments[document];
            painter.circle_stroke(
                to_screen(layout.documents[document]),
                5.0,
                Stroke::new(1.5, topic_color(topic)),
            );
            let label = &view.outcome.topics.topics[topic].label;
            response.clone().on_hover_ui_at_pointer(|ui| {
                ui.set_max_width(360.0);
                ui.label(RichText::new(&d.title).strong());
                ui.label(RichText::new(label).small().color(topic_color(topic)));
            });
            if response.clicked() {
                actions.push(Action::SelectDocument(Some(document)));
            }
        }
    }
    painter.text(
        rect.left_bottom() + Vec2::new(8.0, -6.0),
        egui::Align2::LEFT_BOTTOM,
        "Scroll to zoom · drag to pan · double-click to fit",
        FontId::proportional(11.0),
        Color32::GRAY,
    );
    actions
}

/// The bounding box of everything on the map, with a margin.
fn data_bounds(documents: &[[f32; 2]], topics: &[[f32; 2]]) -> Rect {
    let mut bounds = Rect::NOTHING;
    for p in documents.iter().chain(topics) {
        if p[0].is_finite() && p[1].is_finite() {
            bounds.extend_with(Pos2::new(p[0], p[1]));
        }
    }
    if !bounds.is_positive() {
        bounds = Rect::from_center_size(
            if bounds.is_finite() {
                bounds.center()
            } else {
                Pos2::ZERO
            },
            Vec2::splat(2.0),
        );
    }
    bounds.expand2(bounds.size() * 0.06 + Vec2::splat(0.05))
}

/// One quad per visible document; the documents of other topics, and those the search does not
/// match or published outside the chosen period, are faded and drawn first, so highlighted
/// points stay on top.
fn points_mesh(
    view: &View,
    selection: Selection,
    search: &Search,
    rect: Rect,
    to_screen: &impl Fn([f32; 2]) -> Pos2,
    zoom: f32,
    dark: bool,
) -> Mesh {
    let layout = &view.outcome.layout;
    let assignments = &view.outcome.topics.assignments;
    let n = layout.documents.len().max(1) as f32;
    let radius = ((2.4 * (3000.0 / n).sqrt()).clamp(1.2, 3.5) * zoom.powf(0.25)).min(6.0);
    let faded_alpha = if dark { 0.22 } else { 0.3 };
    let background = if dark {
        Color32::from_gray(90)
    } else {
        Color32::from_gray(190)
    };
    let mut mesh = Mesh::default();
    let mut add = |document: usize, color: Color32, r: f32| {
        let center = to_screen(layout.documents[document]);
        if !rect.expand(r).contains(center) {
            return;
        }
        let base = mesh.vertices.len() as u32;
        for offset in [
            Vec2::new(-r, -r),
            Vec2::new(r, -r),
            Vec2::new(r, r),
            Vec2::new(-r, r),
        ] {
            mesh.vertices.push(Vertex {
                pos: center + offset,
                uv: egui::epaint::WHITE_UV,
                color,
            });
        }
        mesh.indices
            .extend_from_slice(&[base, base + 1, base + 2, base, base + 2, base + 3]);
    };
    let documents = &view.outcome.corpus.documents;
    let look = |document: usize| {
        point_look(
            selection,
            assignments[document],
            search.is_match(document),
            documents[document].date,
        )
    };
    for (document, &topic) in assignments.iter().enumerate() {
        let color = match look(document) {
            PointLook::Highlighted => continue,
            PointLook::OtherTopic => topic_color(topic),
            PointLook::LeftOut => background,
        };
        add(document, color.gamma_multiply(faded_alpha), radius * 0.85);
    }
    for (document, &topic) in assignments.iter().enumerate() {
        if look(document) == PointLook::Highlighted {
            add(document, topic_color(topic), radius);
        }
    }
    mesh
}

/// How a document's point is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PointLook {
    /// In its topic's colour, on top.
    Highlighted,
    /// Of a topic other than the selected one: its colour, faded.
    OtherTopic,
    /// Left out of the list by the search or the chosen period: grey, faded.
    LeftOut,
}

fn point_look(
    selection: Selection,
    topic: usize,
    matches_search: bool,
    date: Option<NaiveDate>,
) -> PointLook {
    if !matches_search || !selection.in_period(date) {
        PointLook::LeftOut
    } else if selection.topic.is_some_and(|t| t != topic) {
        PointLook::OtherTopic
    } else {
        PointLook::Highlighted
    }
}

/// A uniform grid over the map for finding the document under the pointer.
struct GridIndex {
    origin: Pos2,
    cell: f32,
    columns: usize,
    rows: usize,
    cells: Vec<Vec<u32>>,
}

const GRID_CELLS_PER_SIDE: usize = 160;

impl GridIndex {
    fn new(points: &[[f32; 2]], bounds: Rect) -> Self {
        let cell = (bounds.width().max(bounds.height()) / GRID_CELLS_PER_SIDE as f32).max(1e-6);
        let columns = (bounds.width() / cell).ceil() as usize + 1;
        let rows = (bounds.height() / cell).ceil() as usize + 1;
        let mut cells = vec![Vec::new(); columns * rows];
        let mut grid = Self {
            origin: bounds.min,
            cell,
            columns,
            rows,
            cells: Vec::new(),
        };
        for (i, p) in points.iter().enumerate() {
            if let Some(c) = grid.cell_of(p[0], p[1]) {
                cells[c.1 * columns + c.0].push(i as u32);
            }
        }
        grid.cells = cells;
        grid
    }

    fn cell_of(&self, x: f32, y: f32) -> Option<(usize, usize)> {
        let cx = ((x - self.origin.x) / self.cell).floor();
        let cy = ((y - self.origin.y) / self.cell).floor();
        (cx >= 0.0 && cy >= 0.0 && (cx as usize) < self.columns && (cy as usize) < self.rows)
            .then_some((cx as usize, cy as usize))
    }

    /// The nearest point within `radius` of `at`.
    fn nearest(&self, points: &[[f32; 2]], at: [f32; 2], radius: f32) -> Option<usize> {
        let reach = (radius / self.cell).ceil() as isize;
        let cx = ((at[0] - self.origin.x) / self.cell).floor() as isize;
        let cy = ((at[1] - self.origin.y) / self.cell).floor() as isize;
        let mut best: Option<(usize, f32)> = None;
        for y in (cy - reach).max(0)..=(cy + reach).min(self.rows as isize - 1) {
            for x in (cx - reach).max(0)..=(cx + reach).min(self.columns as isize - 1) {
                for &i in &self.cells[y as usize * self.columns + x as usize] {
                    let p = points[i as usize];
                    let d = (p[0] - at[0]).powi(2) + (p[1] - at[1]).powi(2);
                    if d <= radius * radius && best.is_none_or(|(_, b)| d < b) {
                        best = Some((i as usize, d));
                    }
                }
            }
        }
        best.map(|(i, _)| i)
    }
}

/// `label`, or the nearest of it moved by whole lines or beside it (see [`label_place`]) that
/// covers none of `placed` and stays inside `map`, where it can be seen, preferring one that
/// hides none of the `points` close by; `label` itself when none is free.
fn free_place(label: Rect, placed: &[Rect], map: Rect, points: &PointGrid) -> Rect {
    let line = label.height() + 2.0;
    let side = label.width() + 4.0;
    label_place(
        |lines, sides| label.translate(Vec2::new(sides * side, lines * line)),
        |candidate| {
            let room = candidate.expand2(Vec2::new(2.0, 1.0));
            map.contains_rect(*candidate) && placed.iter().all(|other| !room.intersects(*other))
        },
        |candidate| points.any_within(candidate.min.into(), candidate.max.into()),
    )
    .unwrap_or(label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_left_out_by_the_search_or_the_period_are_grey_and_others_faded() {
        let day = |d| NaiveDate::from_ymd_opt(2024, 3, d);
        let march_11 = day(11).expect("a day");
        let week = Selection {
            topic: None,
            document: None,
            period: Some((Period::Week, march_11)),
        };
        assert_eq!(point_look(week, 0, true, day(12)), PointLook::Highlighted);
        assert_eq!(point_look(week, 0, true, day(18)), PointLook::LeftOut);
        assert_eq!(point_look(week, 0, true, None), PointLook::LeftOut);
        assert_eq!(point_look(week, 0, false, day(12)), PointLook::LeftOut);
        let topic_1 = Selection {
            topic: Some(1),
            ..week
        };
        assert_eq!(
            point_look(topic_1, 1, true, day(12)),
            PointLook::Highlighted
        );
        assert_eq!(point_look(topic_1, 0, true, day(12)), PointLook::OtherTopic);
        assert_eq!(point_look(topic_1, 0, true, day(18)), PointLook::LeftOut);
        // With no period chosen, undated articles are shown like any other.
        let all = Selection::default();
        assert_eq!(point_look(all, 0, true, None), PointLook::Highlighted);
        assert_eq!(point_look(all, 0, false, None), PointLook::LeftOut);
    }

    #[test]
    fn a_label_that_would_cover_another_moves_to_a_free_line() {
        let first = Rect::from_min_size(Pos2::new(100.0, 100.0), Vec2::new(80.0, 20.0));
        let map = Rect::from_min_size(Pos2::ZERO, Vec2::splat(1000.0));
        let no_points = PointGrid::new([], map.min.into(), map.max.into());
        let free_place = |label, placed: &[Rect], map| free_place(label, placed, map, &no_points);
        let free = free_place(first, &[], map);
        assert_eq!(free, first);
        let second = first.translate(Vec2::new(30.0, 5.0));
        let moved = free_place(second, &[first], map);
        assert!(!moved.expand2(Vec2::new(2.0, 1.0)).intersects(first));
        assert_eq!(moved.width(), second.width());
        assert_eq!(moved.min.x, second.min.x);
        // Nearest free line: one up or one down, not further.
        assert!((moved.center().y - second.center().y).abs() <= 2.0 * 22.0 + 1e-3);
        // At the map's top edge, not up and out of sight but down.
        let top = Rect::from_min_size(Pos2::new(100.0, 0.0), Vec2::new(80.0, 20.0));
        let below = free_place(top.translate(Vec2::new(10.0, 0.0)), &[top], map);
        assert!(below.min.y >= top.max.y, "{below:?}");
    }

    #[test]
    fn a_label_moves_off_the_points_under_it_but_not_off_its_topic() {
        let map = Rect::from_min_size(Pos2::ZERO, Vec2::splat(1000.0));
        let label = Rect::from_min_size(Pos2::new(100.0, 100.0), Vec2::new(80.0, 20.0));
        let under = label.center();
        let line = label.height() + 2.0;
        let points = PointGrid::new([under.into()], map.min.into(), map.max.into());
        let moved = free_place(label, &[], map, &points);
        assert!(!moved.contains(under));
        assert_eq!(moved.min.x, label.min.x);
        assert!(
            (moved.center().y - under.y).abs() <= line + 1e-3,
            "one line away"
        );
        // Points over every line within two of the label: it stays at its topic's centre.
        let crowd: Vec<[f32; 2]> = (-3..=3)
            .map(|l| [under.x, under.y + l as f32 * line])
            .collect();
        let crowded = PointGrid::new(crowd, map.min.into(), map.max.into());
        assert_eq!(free_place(label, &[], map, &crowded), label);
    }

    #[test]
    fn the_grid_finds_the_nearest_point_within_reach() {
        let points = vec![[0.0, 0.0], [1.0, 1.0], [0.5, 0.52], [0.9, 0.1]];
        let bounds = data_bounds(&points, &[]);
        let grid = GridIndex::new(&points, bounds);
        assert_eq!(grid.nearest(&points, [0.49, 0.5], 0.1), Some(2));
        assert_eq!(grid.nearest(&points, [0.0, 0.05], 0.1), Some(0));
        assert_eq!(grid.nearest(&points, [0.3, 0.8], 0.05), None);
    }
}
