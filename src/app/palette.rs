//! Topic colours: a qualitative palette whose neighbours are easy to tell apart, readable on
//! light and dark backgrounds, extended by golden-angle hues past its end.

use eframe::egui::{Color32, ecolor::Hsva};

/// Tableau's 10 colours followed by their lighter partners.
const BASE: [Color32; 20] = [
    Color32::from_rgb(0x4e, 0x79, 0xa7),
    Color32::from_rgb(0xf2, 0x8e, 0x2b),
    Color32::from_rgb(0xe1, 0x57, 0x59),
    Color32::from_rgb(0x76, 0xb7, 0xb2),
    Color32::from_rgb(0x59, 0xa1, 0x4f),
    Color32::from_rgb(0xed, 0xc9, 0x48),
    Color32::from_rgb(0xb0, 0x7a, 0xa1),
    Color32::from_rgb(0xff, 0x9d, 0xa7),
    Color32::from_rgb(0x9c, 0x75, 0x5f),
    Color32::from_rgb(0xba, 0xb0, 0xac),
    Color32::from_rgb(0x1f, 0x77, 0xb4),
    Color32::from_rgb(0xff, 0x7f, 0x0e),
    Color32::from_rgb(0x2c, 0xa0, 0x2c),
    Color32::from_rgb(0xd6, 0x27, 0x28),
    Color32::from_rgb(0x94, 0x67, 0xbd),
    Color32::from_rgb(0x8c, 0x56, 0x4b),
    Color32::from_rgb(0xe3, 0x77, 0xc2),
    Color32::from_rgb(0x7f, 0x7f, 0x7f),
    Color32::from_rgb(0xbc, 0xbd, 0x22),
    Color32::from_rgb(0x17, 0xbe, 0xcf),
];

/// The colour of topic `id`.
pub fn topic_color(id: usize) -> Color32 {
    BASE.get(id).copied().unwrap_or_else(|| {
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
