//! The About window.

use eframe::egui;

pub fn about_window(ctx: &egui::Context, open: &mut bool) {
    egui::Window::new("About Topic Atlas").open(open).resizable(false).collapsible(false).show(ctx, |ui| {
        ui.heading("Topic Atlas");
        ui.label(format!("Version {}", env!("CARGO_PKG_VERSION")));
        ui.add_space(6.0);
        ui.label("Explore the topics in a pile of news: every story and headline becomes a TF-IDF term vector, reduced by LSA and combined with the meaning of its words and clustered with k-means; each topic is named by its keywords.");
        ui.add_space(6.0);
        ui.label("Built with egui and eframe, linfa, ndarray, rust-stemmers (Snowball), whatlang, and the NLTK stop-word lists.");
        ui.label("Word meaning comes from built-in word vectors made from the all-MiniLM-L6-v2 sentence-embedding model (Apache-2.0) and the definitions of WordNet 3.0 (Copyright 2006 by Princeton University).");
        ui.label("Licensed under MIT or Apache-2.0.");
    });
}
