//! Editing topics in the window (rename, merge, split, move, undo, redo), saving and opening
//! sessions, and exporting, driven headless as a person would.

use eframe::egui::{self, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use topic_atlas::app::TopicAtlasApp;
use topic_atlas::app::save::SaveTarget;
use topic_atlas::app::worker::Source;
use topic_atlas::topics::timeline::Period;

use crate::gui::{first_article_of_first_topic, harness, topic_labels, wait_until_idle};

type App = Harness<'static, TopicAtlasApp>;

fn sizes(harness: &App) -> Vec<usize> {
    let view = harness.state().view.as_ref().expect("a result");
    view.outcome.topics.topics.iter().map(|t| t.size).collect()
}

/// Types `name` into the focused field (replacing its text) and presses Enter.
fn type_name(harness: &mut App, name: &str) {
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run_steps(1);
    harness.event(egui::Event::Text(name.to_string()));
    harness.run_steps(1);
    harness.key_press(Key::Enter);
    harness.run_steps(2);
    wait_until_idle(harness);
}

#[test]
fn a_topic_is_renamed_by_double_click_and_the_rename_undone_and_redone() {
    // Frames a sixtieth of a second apart, so two clicks make a double-click.
    let mut harness = Harness::builder()
        .with_size([1400.0, 900.0])
        .with_step_dt(1.0 / 60.0)
        .build_eframe(|cc| {
            TopicAtlasApp::with_persisted(
                &cc.egui_ctx,
                topic_atlas::app::state::Persisted::default(),
                Source::Demo,
            )
        });
    wait_until_idle(&mut harness);
    let before = topic_labels(&harness);
    harness.get_by_label(&before[1]).click();
    harness.run_steps(1);
    harness.get_by_label(&before[1]).click();
    harness.run_steps(2);
    type_name(&mut harness, "Weather desk");
    assert_eq!(topic_labels(&harness)[1], "Weather desk");
    // In the topics panel and as the article list's heading.
    assert!(harness.get_all_by_label("Weather desk").count() >= 1);
    assert_eq!(harness.state().edits.len(), 1);
    harness.get_by_label("1 edit");

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(2);
    wait_until_idle(&mut harness);
    assert_eq!(topic_labels(&harness), before);
    assert!(harness.state().edits.is_empty());

    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run_steps(2);
    wait_until_idle(&mut harness);
    assert_eq!(topic_labels(&harness)[1], "Weather desk");
}

#[test]
fn f2_renames_the_selected_topic() {
    let mut harness = harness(Source::Demo);
    let before = topic_labels(&harness);
    harness.get_by_label(&before[2]).click();
    harness.run_steps(2);
    harness.key_press(Key::F2);
    harness.run_steps(2);
    type_name(&mut harness, "Pitch and stadium");
    assert_eq!(topic_labels(&harness)[2], "Pitch and stadium");
    let view = harness.state().view.as_ref().expect("a result");
    assert!(view.outcome.topics.topics[2].renamed);
}

#[test]
fn marked_topics_are_merged() {
    let mut harness = harness(Source::Demo);
    let labels = topic_labels(&harness);
    let before = sizes(&harness);
    harness
        .get_by_label(&labels[1])
        .click_modifiers(Modifiers::COMMAND);
    harness.run_steps(1);
    harness
        .get_by_label(&format!("☑ {}", labels[1]))
        .click_modifiers(Modifiers::COMMAND);
    harness.run_steps(1);
    // Unmarked again; mark two others.
    assert!(harness.state().topics_panel.marked.is_empty());
    harness
        .get_by_label(&labels[3])
        .click_modifiers(Modifiers::COMMAND);
    harness.run_steps(1);
    harness
        .get_by_label(&labels[5])
        .click_modifiers(Modifiers::COMMAND);
    harness.run_steps(1);
    harness.get_by_label("2 marked");
    harness.get_by_label("Merge").click();
    harness.run_steps(2);
    wait_until_idle(&mut harness);
    let after = sizes(&harness);
    assert_eq!(after.len(), before.len() - 1);
    assert_eq!(after[3], before[3] + before[5]);
    assert_eq!(after.iter().sum::<usize>(), before.iter().sum::<usize>());
}

#[test]
fn a_topic_is_split_from_its_context_menu() {
    let mut harness = harness(Source::Demo);
    let labels = topic_labels(&harness);
    let before = sizes(&harness);
    harness.get_by_label(&labels[0]).click_secondary();
    harness.run_steps(2);
    harness.get_by_label_contains("Split into").click();
    harness.run_steps(2);
    harness.get_by_label("3 topics").click();
    harness.run_steps(2);
    wait_until_idle(&mut harness);
    let after = sizes(&harness);
    assert_eq!(after.len(), before.len() + 2);
    assert_eq!(after.iter().sum::<usize>(), before.iter().sum::<usize>());
    assert!(after[0] < before[0]);
}

#[test]
fn an_article_dragged_onto_a_topic_moves_there() {
    let mut harness = harness(Source::Demo);
    let labels = topic_labels(&harness);
    let (document, title) = first_article_of_first_topic(&mut harness, &labels);
    let from = harness.get_by_label(&title).rect().center();
    let to = harness.get_by_label(&labels[1]).rect().center();
    harness.hover_at(from);
    harness.run_steps(1);
    harness.drag_at(from);
    harness.run_steps(1);
    for step in 1..=5 {
        harness.hover_at(from + (to - from) * (step as f32 / 5.0));
        harness.run_steps(1);
    }
    harness.drop_at(to);
    harness.run_steps(2);
    wait_until_idle(&mut harness);
    let view = harness.state().view.as_ref().expect("a result");
    assert_eq!(view.outcome.topics.assignments[document], 1);
    assert_eq!(harness.state().edits.len(), 1);
}

#[test]
fn a_saved_session_reopens_exactly_and_a_corrupt_one_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let session = dir.path().join("demo.session.json");
    let mut harness = harness(Source::Demo);
    let labels = topic_labels(&harness);
    harness.get_by_label(&labels[3]).click();
    harness.run_steps(2);
    harness.key_press(Key::F2);
    harness.run_steps(2);
    type_name(&mut harness, "Saved name");
    harness
        .state_mut()
        .save_to_file(SaveTarget::Session, &session);
    wait_until_idle(&mut harness);
    harness.run_steps(1);
    harness.get_by_label_contains("Session saved to");
    let saved = harness
        .state()
        .view
        .as_ref()
        .expect("a result")
        .outcome
        .clone();

    // A fresh window, as tomorrow.
    let mut reopened = crate::gui::harness(Source::Demo);
    reopened.state_mut().open_session_file(&session);
    reopened.run_steps(1);
    wait_until_idle(&mut reopened);
    let shown = reopened
        .state()
        .view
        .as_ref()
        .expect("a result")
        .outcome
        .clone();
    assert_eq!(shown.topics.assignments, saved.topics.assignments);
    assert_eq!(shown.topics.topics, saved.topics.topics);
    reopened.get_by_label("Saved name");

    let corrupt = dir.path().join("corrupt.json");
    std::fs::write(&corrupt, "{\"format\": 3").expect("write");
    reopened.state_mut().open_session_file(&corrupt);
    reopened.run_steps(2);
    reopened.get_by_label_contains("is not a Topic Atlas session");
    let still = reopened
        .state()
        .view
        .as_ref()
        .expect("a result")
        .outcome
        .clone();
    assert!(
        std::sync::Arc::ptr_eq(&still, &shown),
        "the result shown is kept"
    );
}

#[test]
fn exports_write_the_edited_topics() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness(Source::Demo);
    let labels = topic_labels(&harness);
    harness.get_by_label(&labels[0]).click();
    harness.run_steps(2);
    harness.key_press(Key::F2);
    harness.run_steps(2);
    type_name(&mut harness, "Exported name");
    let corpus = harness
        .state()
        .view
        .as_ref()
        .expect("a result")
        .outcome
        .corpus
        .clone();
    let documents = corpus.documents.len();

    let csv_path = dir.path().join("topics.csv");
    harness.state_mut().save_to_file(SaveTarget::Csv, &csv_path);
    wait_until_idle(&mut harness);
    let mut reader = csv::Reader::from_path(&csv_path).expect("valid CSV");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert!(rows.len() >= documents);
    assert!(
        rows.iter()
            .any(|r| &r[2] == "0" && &r[3] == "Exported name")
    );
    assert!(
        rows.iter()
            .all(|r| (&r[2] == "0") == (&r[3] == "Exported name"))
    );

    let json_path = dir.path().join("topics.json");
    harness
        .state_mut()
        .save_to_file(SaveTarget::Json, &json_path);
    wait_until_idle(&mut harness);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json_path).expect("written")).expect("JSON");
    assert_eq!(json["topics"][0]["label"], "Exported name");
    assert_eq!(
        json["documents"].as_array().expect("documents").len(),
        documents
    );

    let html_path = dir.path().join("report.html");
    harness
        .state_mut()
        .save_to_file(SaveTarget::Html, &html_path);
    wait_until_idle(&mut harness);
    let html = std::fs::read_to_string(&html_path).expect("written");
    assert!(html.contains("Exported name"));
    assert_eq!(html.matches("<li>").count(), documents);

    let png_path = dir.path().join("map.png");
    harness
        .state_mut()
        .save_to_file(SaveTarget::MapPng, &png_path);
    wait_until_idle(&mut harness);
    let png = std::fs::read(&png_path).expect("written");
    let reader = png::Decoder::new(std::io::Cursor::new(png))
        .read_info()
        .expect("a PNG");
    let [width, height] = topic_atlas::app::save::MAP_PNG_SIZE;
    assert_eq!((reader.info().width, reader.info().height), (width, height));
    harness.get_by_label_contains("Map exported to");

    // The demo's dated stories over time, by the period chosen in the window.
    harness
        .state_mut()
        .view
        .as_mut()
        .expect("a result")
        .count_over_time_by(Some(Period::Week));
    let over_time_path = dir.path().join("over-time.csv");
    harness
        .state_mut()
        .save_to_file(SaveTarget::OverTimeCsv, &over_time_path);
    wait_until_idle(&mut harness);
    let mut reader = csv::Reader::from_path(&over_time_path).expect("valid CSV");
    let header = reader.headers().expect("a header").clone();
    assert_eq!(&header[0], "week");
    assert_eq!(&header[1], "Exported name");
    assert_eq!(&header[header.len() - 1], "all");
    let dated: u32 = reader
        .records()
        .map(|r| {
            r.expect("row")[header.len() - 1]
                .parse::<u32>()
                .expect("a count")
        })
        .sum();
    let dated_in_corpus = corpus.documents.iter().filter(|d| d.date.is_some()).count();
    assert_eq!(dated as usize, dated_in_corpus);
    harness.get_by_label_contains("Topics over time exported to");
}

#[test]
fn an_open_that_fails_keeps_the_shown_topics_edits() {
    let mut harness = harness(Source::Demo);
    let labels = topic_labels(&harness);
    harness.get_by_label(&labels[0]).click();
    harness.run_steps(2);
    harness.key_press(Key::F2);
    harness.run_steps(2);
    type_name(&mut harness, "Still mine");
    let missing = std::path::PathBuf::from("/no/such/folder/for/topic-atlas");
    harness.state_mut().open(Source::Paths(vec![missing]));
    harness.run_steps(1);
    wait_until_idle(&mut harness);
    assert_eq!(topic_labels(&harness)[0], "Still mine");
    assert_eq!(harness.state().edits.len(), 1);
    let session = harness.state().session().expect("a session");
    assert_eq!(session.origin, Source::Demo);
    assert_eq!(session.edits.len(), 1);
}

#[test]
fn alt_and_a_number_moves_the_selected_article_to_that_topic() {
    let mut harness = harness(Source::Demo);
    let labels = topic_labels(&harness);
    let (document, title) = first_article_of_first_topic(&mut harness, &labels);
    harness.get_by_label(&title).click();
    harness.run_steps(2);
    assert_eq!(harness.state().selection.document, Some(document));
    // Topics are listed largest first; the demo's second is topic 1.
    harness.key_press_modifiers(Modifiers::ALT, Key::Num2);
    harness.run_steps(2);
    wait_until_idle(&mut harness);
    let view = harness.state().view.as_ref().expect("a result");
    assert_eq!(view.outcome.topics.assignments[document], 1);
}
