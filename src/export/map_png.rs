//! The map as a picture: every document a dot in its topic's colour, each topic's label at its
//! place, drawn on the CPU (vello_cpu) with the window's own font, so the command line can make
//! it too.

use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};
use vello_cpu::color::AlphaColor;
use vello_cpu::color::Srgb;
use vello_cpu::kurbo::{Circle, Rect, RoundedRect, Shape};
use vello_cpu::peniko::{Blob, FontData};
use vello_cpu::{Glyph, Pixmap, RenderContext, Resources};

use super::{ExportError, topic_color};
use crate::pipeline::Outcome;
use crate::reduce::label_places::{PointGrid, label_place};

/// Radius of a document's dot, in pixels: bigger when there are few.
fn dot_radius(documents: usize) -> f64 {
    match documents {
        0..2_000 => 3.0,
        2_000..20_000 => 2.5,
        _ => 2.0,
    }
}
/// Opacity of a dot: translucent, so that where dots pile up the colour deepens.
const DOT_ALPHA: u8 = 170;
/// Room left around the map, in pixels.
const MARGIN: f64 = 40.0;
/// Label text size, in pixels.
const LABEL_SIZE: f32 = 15.0;
/// Longest label drawn, in characters.
const LABEL_CHARS: usize = 48;
/// The largest picture drawn, per side (the renderer counts pixels in 16 bits).
pub const MAX_SIDE: u32 = 8192;

/// Renders the map of `outcome` as a PNG of `width` × `height` pixels; topic `t` is drawn in
/// `colors[t % colors.len()]`. `dark` picks a dark background, as in the window.
pub fn render_map_png(
    outcome: &Outcome,
    colors: &[[u8; 3]],
    width: u32,
    height: u32,
    dark: bool,
) -> Result<Vec<u8>, ExportError> {
    let (w, h) = (
        width.clamp(16, MAX_SIDE) as u16,
        height.clamp(16, MAX_SIDE) as u16,
    );
    let mut context = RenderContext::new(w, h);
    let (background, text, halo) = if dark {
        ([27, 27, 27], [235, 235, 235], [20, 20, 20])
    } else {
        ([250, 250, 250], [25, 25, 25], [255, 255, 255])
    };
    context.set_paint(rgba(background, 255));
    context.fill_rect(&Rect::new(0.0, 0.0, f64::from(w), f64::from(h)));

    let layout = &outcome.layout;
    let to_pixels = fit(&layout.documents, f64::from(w), f64::from(h));
    let color_of = |topic: usize| topic_color(colors, topic);
    let radius = dot_radius(layout.documents.len());
    for (place, &topic) in layout.documents.iter().zip(&outcome.topics.assignments) {
        let (x, y) = to_pixels(*place);
        context.set_paint(rgba(color_of(topic), DOT_ALPHA));
        context.fill_path(&Circle::new((x, y), radius).to_path(0.1));
    }

    let font = FontData::new(Blob::from(epaint_default_fonts::UBUNTU_LIGHT.to_vec()), 0);
    let mut resources = Resources::new();
    if let Ok(face) = FontRef::new(epaint_default_fonts::UBUNTU_LIGHT) {
        for (topic, glyphs, placed) in place_labels(outcome, &face, &to_pixels, w, h) {
            let box_ = RoundedRect::from_rect(placed.rect, 4.0);
            context.set_paint(rgba(halo, 220));
            context.fill_path(&box_.to_path(0.1));
            context.set_paint(rgba(color_of(topic), 255));
            context.stroke_path(&box_.to_path(0.1));
            context.set_paint(rgba(text, 255));
            context
                .glyph_run(&mut resources, &font)
                .font_size(LABEL_SIZE)
                .fill_glyphs(glyphs.into_iter().map(|g| Glyph {
                    id: g.id,
                    x: (placed.left + f64::from(g.x)) as f32,
                    y: placed.baseline as f32,
                }));
        }
    }

    context.flush();
    let mut pixmap = Pixmap::new(w, h);
    context.render(&mut pixmap, &mut resources);
    pixmap
        .into_png()
        .map_err(|e| ExportError::Image(e.to_string()))
}

/// Every topic's label: the topic, its glyphs and where they go. Labels are placed largest
/// topic first; one that would cover a label already placed moves to the nearest free place
/// (a few lines up or down, or beside it), so that no label hides another (where none is
/// free, it stays), and one that would hide dots moves a line or two where that hides none.
fn place_labels(
    outcome: &Outcome,
    face: &FontRef<'_>,
    to_pixels: &impl Fn([f32; 2]) -> (f64, f64),
    width: u16,
    height: u16,
) -> Vec<(usize, Vec<Glyph>, PlacedLabel)> {
    let topics = &outcome.topics.topics;
    let placed_topics = outcome.layout.topics.len();
    let order: Vec<usize> = outcome
        .topics
        .ids_by_size()
        .into_iter()
        .filter(|&t| t < placed_topics)
        .collect();
    let (width, height) = (f64::from(width), f64::from(height));
    let dots = PointGrid::new(
        outcome.layout.documents.iter().map(|&p| {
            let (x, y) = to_pixels(p);
            [x as f32, y as f32]
        }),
        [0.0, 0.0],
        [width as f32, height as f32],
    );
    let hides_dots = |candidate: &PlacedLabel| {
        let r = candidate.rect;
        dots.any_within([r.x0 as f32, r.y0 as f32], [r.x1 as f32, r.y1 as f32])
    };
    let mut placed: Vec<(usize, Vec<Glyph>, PlacedLabel)> = Vec::with_capacity(order.len());
    for t in order {
        let label: String = topics[t].label.chars().take(LABEL_CHARS).collect();
        let (glyphs, advance) = shape(face, &label);
        let (x, y) = to_pixels(outcome.layout.topics[t]);
        let free = |candidate: &PlacedLabel| {
            let room = candidate.rect.inflate(2.0, 1.0);
            placed
                .iter()
                .all(|(_, _, other)| room.intersect(other.rect).area() <= 0.0)
        };
        let centred = place_label((x, y), advance, width, height);
        let line = centred.rect.height() + 3.0;
        let side = centred.rect.width() + 6.0;
        let label = label_place(
            |lines, sides| {
                let at = (x + f64::from(sides) * side, y + f64::from(lines) * line);
                place_label(at, advance, width, height)
            },
            free,
            hides_dots,
        )
        .unwrap_or(centred);
        placed.push((topics[t].id, glyphs, label));
    }
    placed
}

/// Where a label goes: its box centred on the topic's place (as on the window's map), moved
/// inside the picture when the place is near an edge.
struct PlacedLabel {
    /// The box behind the text.
    rect: Rect,
    /// Where the text starts and its baseline.
    left: f64,
    baseline: f64,
}

fn place_label((x, y): (f64, f64), advance: f64, width: f64, height: f64) -> PlacedLabel {
    const PAD_X: f64 = 5.0;
    // From the baseline: the box reaches a little above the capitals and below descenders.
    let (above, below) = (f64::from(LABEL_SIZE) + 1.0, 6.0);
    let half_height = (above + below) / 2.0;
    let left = (x - advance / 2.0).clamp(
        PAD_X + 2.0,
        (width - advance - PAD_X - 2.0).max(PAD_X + 2.0),
    );
    let middle = y.clamp(
        half_height + 2.0,
        (height - half_height - 2.0).max(half_height + 2.0),
    );
    let baseline = middle - half_height + above;
    PlacedLabel {
        rect: Rect::new(
            left - PAD_X,
            baseline - above,
            left + advance + PAD_X,
            baseline + below,
        ),
        left,
        baseline,
    }
}

fn rgba([r, g, b]: [u8; 3], a: u8) -> AlphaColor<Srgb> {
    AlphaColor::from_rgba8(r, g, b, a)
}

/// Glyphs of `text` laid out left to right from 0 (x only), and the width of the whole.
fn shape(face: &FontRef<'_>, text: &str) -> (Vec<Glyph>, f64) {
    let charmap = face.charmap();
    let metrics = face.glyph_metrics(Size::new(LABEL_SIZE), LocationRef::default());
    let mut x = 0f32;
    let mut glyphs = Vec::with_capacity(text.len());
    for c in text.chars() {
        // Characters the font lacks are drawn as its missing-glyph box, as in the window.
        let id = charmap.map(c).unwrap_or_default();
        glyphs.push(Glyph {
            id: id.to_u32(),
            x,
            y: 0.0,
        });
        x += metrics.advance_width(id).unwrap_or(LABEL_SIZE * 0.5);
    }
    (glyphs, f64::from(x))
}

/// Maps layout coordinates into the picture, the same scale on both axes, y down as in the
/// window's map.
fn fit(points: &[[f32; 2]], width: f64, height: f64) -> impl Fn([f32; 2]) -> (f64, f64) {
    let (mut min_x, mut max_x, mut min_y, mut max_y) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for p in points {
        let (x, y) = (f64::from(p[0]), f64::from(p[1]));
        if x.is_finite() && y.is_finite() {
            min_x = min_x.min(x);
            max_x = max_x.max(x);
            min_y = min_y.min(y);
            max_y = max_y.max(y);
        }
    }
    if min_x > max_x {
        (min_x, max_x, min_y, max_y) = (-1.0, 1.0, -1.0, 1.0);
    }
    let span_x = (max_x - min_x).max(1e-9);
    let span_y = (max_y - min_y).max(1e-9);
    let scale = ((width - 2.0 * MARGIN) / span_x).min((height - 2.0 * MARGIN) / span_y);
    let (centre_x, centre_y) = ((min_x + max_x) / 2.0, (min_y + max_y) / 2.0);
    move |p: [f32; 2]| {
        (
            width / 2.0 + (f64::from(p[0]) - centre_x) * scale,
            height / 2.0 + (f64::from(p[1]) - centre_y) * scale,
        )
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::cluster::TopicCount;
    use crate::pipeline::{Pipeline, Settings};
    use crate::progress::{Cancel, NoProgress};

    const COLORS: &[[u8; 3]] = &crate::export::TOPIC_COLORS;

    fn demo_outcome() -> Outcome {
        let settings = Settings {
            topics: TopicCount::Fixed(11),
            ..Settings::default()
        };
        Pipeline::new(Arc::new(crate::corpus::load_demo()))
            .run(&settings, &NoProgress, &Cancel::new())
            .expect("the demo runs")
    }

    /// The picture's RGB pixels, row by row.
    fn decode(png: Vec<u8>, width: u32, height: u32) -> Vec<[u8; 3]> {
        let mut reader = png::Decoder::new(std::io::Cursor::new(png))
            .read_info()
            .expect("a PNG");
        let mut bytes = vec![0; reader.output_buffer_size().expect("size")];
        let info = reader.next_frame(&mut bytes).expect("a frame");
        assert_eq!((info.width, info.height), (width, height));
        assert_eq!(info.color_type, png::ColorType::Rgba);
        bytes.chunks_exact(4).map(|p| [p[0], p[1], p[2]]).collect()
    }

    /// The label boxes as `render_map_png` places them.
    fn label_boxes(outcome: &Outcome, width: u16, height: u16) -> Vec<Rect> {
        let face = FontRef::new(epaint_default_fonts::UBUNTU_LIGHT).expect("the font");
        let to_pixels = fit(
            &outcome.layout.documents,
            f64::from(width),
            f64::from(height),
        );
        place_labels(outcome, &face, &to_pixels, width, height)
            .into_iter()
            .map(|(_, _, placed)| placed.rect)
            .collect()
    }

    #[test]
    fn the_map_is_fitted_at_one_scale_on_both_axes_inside_the_margin() {
        let to_pixels = fit(&[[0.0, 0.0], [2.0, 1.0], [f32::NAN, 5.0]], 1000.0, 1000.0);
        // x spans the width less the margins; y, half as long in the layout, half as far.
        assert_eq!(to_pixels([0.0, 0.0]), (MARGIN, 270.0));
        assert_eq!(to_pixels([2.0, 1.0]), (1000.0 - MARGIN, 730.0));
        // A single point sits in the middle.
        assert_eq!(
            fit(&[[3.0, -7.0]], 800.0, 500.0)([3.0, -7.0]),
            (400.0, 250.0)
        );
    }

    #[test]
    fn a_label_near_an_edge_stays_inside_the_picture() {
        for (x, y) in [(0.0, 0.0), (800.0, 500.0), (-50.0, 250.0), (400.0, 600.0)] {
            let placed = place_label((x, y), 120.0, 800.0, 500.0);
            assert!(
                placed.rect.x0 >= 0.0 && placed.rect.y0 >= 0.0,
                "{:?}",
                placed.rect
            );
            assert!(
                placed.rect.x1 <= 800.0 && placed.rect.y1 <= 500.0,
                "{:?}",
                placed.rect
            );
        }
        let centred = place_label((400.0, 250.0), 120.0, 800.0, 500.0);
        assert_eq!(centred.rect.center(), (400.0, 250.0).into());
    }

    /// Each document's dot in its topic's colour, the background everywhere else, and the
    /// label text (dark on light, light on dark) inside the label boxes and nowhere else.
    fn check_picture(dark: bool) {
        let outcome = demo_outcome();
        let (width, height) = (800u32, 500u32);
        let (w, h) = (f64::from(width), f64::from(height));
        let png = render_map_png(&outcome, COLORS, width, height, dark).expect("drawn");
        let pixels = decode(png, width, height);
        let at = |x: f64, y: f64| pixels[y as usize * width as usize + x as usize];
        let background: [u8; 3] = if dark { [27, 27, 27] } else { [250, 250, 250] };
        let is_text = |p: [u8; 3]| {
            if dark {
                p.iter().all(|&v| v > 200)
            } else {
                p.iter().all(|&v| v < 80)
            }
        };

        let to_pixels = fit(&outcome.layout.documents, w, h);
        let dots: Vec<(f64, f64)> = outcome
            .layout
            .documents
            .iter()
            .map(|&p| to_pixels(p))
            .collect();
        let assignments = &outcome.topics.assignments;
        let boxes = label_boxes(&outcome, width as u16, height as u16);
        // Stroke and anti-aliasing reach a little past a box.
        let under_label = |x: f64, y: f64| {
            boxes.iter().any(|b| {
                b.inflate(2.0, 2.0)
                    .contains(vello_cpu::kurbo::Point::new(x, y))
            })
        };
        let radius = dot_radius(dots.len());
        let distance = |a: (f64, f64), b: (f64, f64)| (a.0 - b.0).hypot(a.1 - b.1);

        // A dot no other topic's dot overlaps and no label covers shows its topic's colour,
        // laid over the background at least as opaque as one dot.
        let mut clear = 0;
        for (d, &dot) in dots.iter().enumerate() {
            let crowded = dots.iter().zip(assignments).any(|(&other, &topic)| {
                topic != assignments[d] && distance(dot, other) < 2.0 * radius + 2.0
            });
            if crowded || under_label(dot.0, dot.1) {
                continue;
            }
            clear += 1;
            let pixel = at(dot.0, dot.1).map(f32::from);
            let color = topic_color(COLORS, assignments[d]).map(f32::from);
            let bg = background.map(f32::from);
            let towards: Vec<f32> = (0..3).map(|i| color[i] - bg[i]).collect();
            let moved: Vec<f32> = (0..3).map(|i| pixel[i] - bg[i]).collect();
            let along = moved.iter().zip(&towards).map(|(a, b)| a * b).sum::<f32>()
                / towards.iter().map(|v| v * v).sum::<f32>();
            let off: f32 = (0..3)
                .map(|i| (moved[i] - along * towards[i]).powi(2))
                .sum::<f32>()
                .sqrt();
            assert!(
                off < 6.0 && (0.6..=1.02).contains(&along),
                "document {d} at {dot:?}: {pixel:?}, topic colour {color:?} ({along}, {off})"
            );
        }
        assert!(clear >= 30, "only {clear} documents drawn in the clear");

        // Away from every dot and label: the background, exactly.
        let mut empty = 0;
        for y in (0..height).step_by(7) {
            for x in (0..width).step_by(7) {
                let (x, y) = (f64::from(x) + 0.5, f64::from(y) + 0.5);
                if under_label(x, y) || dots.iter().any(|&d| distance(d, (x, y)) < radius + 2.0) {
                    continue;
                }
                empty += 1;
                assert_eq!(at(x, y), background, "({x}, {y})");
            }
        }
        assert!(empty > 3000, "{empty}");

        // Every label's text, and text nowhere else.
        for (t, label) in boxes.iter().enumerate() {
            let mut text = 0;
            for y in label.y0.max(0.0) as u32..(label.y1.min(h) as u32) {
                for x in label.x0.max(0.0) as u32..(label.x1.min(w) as u32) {
                    text += usize::from(is_text(at(f64::from(x), f64::from(y))));
                }
            }
            assert!(text >= 40, "topic {t}'s label has {text} text pixels");
        }
        let stray = (0..pixels.len())
            .filter(|&i| {
                let (x, y) = (
                    (i % width as usize) as f64 + 0.5,
                    (i / width as usize) as f64 + 0.5,
                );
                is_text(pixels[i]) && !under_label(x, y)
            })
            .count();
        assert_eq!(stray, 0);
    }

    #[test]
    fn labels_are_moved_apart_to_not_cover_each_other() {
        let outcome = demo_outcome();
        // Small enough that several labels start on top of one another.
        let (width, height) = (800u16, 500u16);
        let boxes = label_boxes(&outcome, width, height);
        assert_eq!(boxes.len(), outcome.topics.topics.len());
        for (i, a) in boxes.iter().enumerate() {
            assert!(a.x0 >= 0.0 && a.y0 >= 0.0, "{a:?}");
            assert!(
                a.x1 <= f64::from(width) && a.y1 <= f64::from(height),
                "{a:?}"
            );
            for b in &boxes[i + 1..] {
                assert!(a.intersect(*b).area() <= 0.0, "{a:?} covers {b:?}");
            }
        }
    }

    #[test]
    fn dots_labels_and_background_on_a_light_map() {
        check_picture(false);
    }

    #[test]
    fn dots_labels_and_background_on_a_dark_map() {
        check_picture(true);
    }
}
