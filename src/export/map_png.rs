//! The map as a picture: every document a dot in its topic's colour, each topic's label at its
//! place, drawn on the CPU (vello_cpu) with the window's own font, so the command line can make
//! it too.

use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};
use vello_cpu::color::AlphaColor;
use vello_cpu::color::Srgb;
use vello_cpu::kurbo::{Rect, RoundedRect, Shape};
use vello_cpu::peniko::{Blob, FontData};
use vello_cpu::{Glyph, Pixmap, RenderContext, Resources};

use super::ExportError;
use crate::pipeline::Outcome;

/// Side of a document's dot, in pixels: bigger when there are few.
fn dot_size(documents: usize) -> f64 {
    match documents {
        0..2_000 => 5.0,
        2_000..20_000 => 4.0,
        _ => 3.0,
    }
}
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
    let color_of = |topic: usize| colors.get(topic % colors.len().max(1)).copied();
    let dot = dot_size(layout.documents.len());
    for (place, &topic) in layout.documents.iter().zip(&outcome.topics.assignments) {
        let Some(color) = color_of(topic) else { break };
        let (x, y) = to_pixels(*place);
        context.set_paint(rgba(color, 170));
        context.fill_rect(&Rect::new(
            x - dot / 2.0,
            y - dot / 2.0,
            x + dot / 2.0,
            y + dot / 2.0,
        ));
    }

    let font = FontData::new(Blob::from(epaint_default_fonts::UBUNTU_LIGHT.to_vec()), 0);
    let mut resources = Resources::new();
    if let Ok(face) = FontRef::new(epaint_default_fonts::UBUNTU_LIGHT) {
        for (topic, place) in outcome.topics.topics.iter().zip(&layout.topics) {
            let label: String = topic.label.chars().take(LABEL_CHARS).collect();
            let (glyphs, advance) = shape(&face, &label);
            let (x, y) = to_pixels(*place);
            let left = (x - advance / 2.0).clamp(4.0, (f64::from(w) - advance - 4.0).max(4.0));
            let baseline = y.clamp(f64::from(LABEL_SIZE) + 4.0, f64::from(h) - 8.0);
            let box_ = RoundedRect::new(
                left - 5.0,
                baseline - f64::from(LABEL_SIZE) - 1.0,
                left + advance + 5.0,
                baseline + 6.0,
                4.0,
            );
            context.set_paint(rgba(halo, 220));
            context.fill_path(&box_.to_path(0.1));
            if let Some(color) = color_of(topic.id) {
                context.set_paint(rgba(color, 255));
                context.stroke_path(&box_.to_path(0.1));
            }
            context.set_paint(rgba(text, 255));
            context
                .glyph_run(&mut resources, &font)
                .font_size(LABEL_SIZE)
                .fill_glyphs(glyphs.into_iter().map(|g| Glyph {
                    id: g.id,
                    x: (left + f64::from(g.x)) as f32,
                    y: baseline as f32,
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
