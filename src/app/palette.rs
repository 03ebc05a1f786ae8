//! Topic colours: a qualitative palette whose neighbours are easy to tell apart, readable on
//! light and dark backgrounds, extended by golden-angle hues past its end.

use eframe::egui::{Color32, ecolor::Hsva};

/// The base colours, shared with the exports so a topic has the same colour everywhere.
const BASE: [[u8; 3]; 20] = crate::export::TOPIC_COLORS;

/// The colour of topic `id`.
pub fn topic_color(id: usize) -> Color32 {
    BASE.get(id)
        .map(|&[r, g, b]| Color32::from_rgb(r, g, b))
        .unwrap_or_else(|| {
            let hue = ((id as f32) * 0.618_034).fract();
            Hsva::new(hue, 0.55, 0.85, 1.0).into()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_differ_between_neighbouring_topics() {
        for id in 0..60 {
            assert_ne!(
                topic_color(id),
                topic_color(id + 1),
                "topics {id} and {}",
                id + 1
            );
        }
    }
}
