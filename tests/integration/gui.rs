//! The window, driven headless through its accessibility tree (egui_kittest): no GPU, no
//! display. Each test waits for the worker thread the way a person would wait for the
//! progress bar to finish.

use std::path::Path;
use std::time::{Duration, Instant};

use eframe::egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use topic_atlas::app::TopicAtlasApp;
use topic_atlas::app::reader_panel::{keyword_ranges, keyword_terms};
use topic_atlas::app::state::Persisted;
use topic_atlas::app::worker::Source;
use topic_atlas::cluster::TopicCount;
use topic_atlas::text::Analyzer;
use topic_atlas::topics::timeline::Period;

/// Far longer than any load or clustering in these tests; only a hang gets near it.
pub(crate) const HANG: Duration = Duration::from_secs(300);

pub(crate) fn harness(source: Source) -> Harness<'static, TopicAtlasApp> {
    let mut harness = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_eframe(move |cc| {
            TopicAtlasApp::with_persisted(&cc.egui_ctx, Persisted::default(), source)
        });
    wait_until_idle(&mut harness);
    harness
}

/// Steps the UI until the worker has finished (or fails the test after two minutes).
pub(crate) fn wait_until_idle(harness: &mut Harness<'static, TopicAtlasApp>) {
    let start = Instant::now();
    loop {
        harness.step();
        if !harness.state().is_busy() {
            harness.run_steps(3);
            return;
        }
        assert!(start.elapsed() < HANG, "the worker did not finish");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Sets the number of topics on the slider, as a person drags it, and waits for the topics.
pub(crate) fn set_topic_count(harness: &mut Harness<'static, TopicAtlasApp>, topics: f64) {
    harness
        .get_by_role_and_label(Role::Slider, "topics")
        .set_value_accesskit(topics);
    harness.run_steps(2);
    wait_until_idle(harness);
}

/// The number of topics the automatic choice picked for the shown result's vectors, if made.
fn automatic_choice(harness: &Harness<'static, TopicAtlasApp>) -> Option<usize> {
    let view = harness.state().view.as_ref()?;
    view.k_choice().map(|choice| choice.chosen)
}

pub(crate) fn topic_labels(harness: &Harness<'static, TopicAtlasApp>) -> Vec<String> {
    let view = harness.state().view.as_ref().expect("a result is shown");
    view.outcome
        .topics
        .topics
        .iter()
        .map(|t| t.label.clone())
        .collect()
}

/// Selects the first listed topic (labelled `labels[0]`) and returns its first article's index
/// and title, as the article list shows them.
pub(crate) fn first_article_of_first_topic(
    harness: &mut Harness<'static, TopicAtlasApp>,
    labels: &[String],
) -> (usize, String) {
    harness.get_by_label(&labels[0]).click();
    harness.run_steps(3);
    let view = harness.state().view.as_ref().expect("a result");
    let document = view.documents_of(Some(0))[0];
    let title = view.outcome.corpus.documents[document].title.clone();
    (document, title)
}

#[test]
fn the_demo_corpus_shows_its_topics() {
    let harness = harness(Source::Demo);
    let labels = topic_labels(&harness);
    assert!(labels.len() >= 4, "{labels:?}");
    for label in &labels {
        harness.get_by_label(label);
    }
    harness.get_by_label_contains("All documents (");
}

#[test]
fn selecting_a_topic_lists_its_articles() {
    let mut harness = harness(Source::Demo);
    let labels = topic_labels(&harness);
    // The second-largest topic: not the first row, and visible without scrolling.
    let topic = 1;
    harness.get_by_label(&labels[topic]).click();
    harness.run_steps(3);
    let app = harness.state();
    assert_eq!(app.selection.topic, Some(topic));
    let view = app.view.as_ref().expect("a result");
    let members = view.documents_of(Some(topic)).to_vec();
    let other = view
        .documents_of(None)
        .iter()
        .copied()
        .find(|d| !members.contains(d))
        .expect("another topic's article");
    let first_title = view.outcome.corpus.documents[members[0]].title.clone();
    let other_title = view.outcome.corpus.documents[other].title.clone();
    assert!(
        harness.query_by_label(&first_title).is_some(),
        "the topic's closest article is listed"
    );
    assert!(
        harness.query_by_label(&other_title).is_none(),
        "another topic's article is not"
    );
    harness.get_by_label_contains(&format!("{} articles", members.len()));
}

#[test]
fn a_selected_topic_stays_selected_when_the_topics_are_found_again() {
    let mut harness = harness(Source::Demo);
    let labels = topic_labels(&harness);
    harness.get_by_label(&labels[1]).click();
    harness.run_steps(3);
    let before = harness.state().view.as_ref().expect("a result");
    let members = before.documents_of(Some(1)).to_vec();
    harness.get_by_label("Automatic").click();
    harness.run_steps(2);
    set_topic_count(&mut harness, 4.0);
    // Topics are numbered by size: with fewer of them, the selection is the topic that now
    // holds most of the selected topic's articles, not whichever topic comes second.
    let app = harness.state();
    let view = app.view.as_ref().expect("a result");
    let held = |t: usize| {
        members
            .iter()
            .filter(|&&d| view.outcome.topics.assignments[d] == t)
            .count()
    };
    let selected = app.selection.topic.expect("a topic stays selected");
    assert!(
        (0..view.outcome.topics.topics.len()).all(|t| held(selected) >= held(t)),
        "the selected topic holds {} of the {} articles",
        held(selected),
        members.len()
    );
    assert!(2 * held(selected) > members.len());
}

#[test]
fn selecting_an_article_shows_it_in_the_reader_with_its_keywords_marked() {
    let mut harness = harness(Source::Demo);
    let labels = topic_labels(&harness);
    let (document, title) = first_article_of_first_topic(&mut harness, &labels);
    harness.get_by_label(&title).click();
    harness.run_steps(3);
    assert_eq!(harness.state().selection.document, Some(document));
    // The title is now in the list and in the reader.
    assert_eq!(harness.get_all_by_label(&title).count(), 2);
    let view = harness.state().view.as_ref().expect("a result");
    let d = &view.outcome.corpus.documents[document];
    let keywords = keyword_terms(view, 0);
    let analyzer = Analyzer::new(view.outcome.language());
    let vocabulary = &view.outcome.analysis.term_vectors.vocabulary;
    let marked = keyword_ranges(&d.body, &analyzer, vocabulary, &keywords);
    assert!(
        !marked.is_empty(),
        "the closest article of a topic contains its keywords"
    );
    for range in marked {
        let word = d.body[range].to_lowercase();
        let id = vocabulary
            .id_of_word(word.trim_end_matches("'s"))
            .expect("a marked word is a term");
        assert!(keywords.contains(&id), "{word} is a keyword");
    }
}

#[test]
fn changing_the_number_of_topics_reclusters() {
    let mut harness = harness(Source::Demo);
    harness.get_by_label("Automatic").click();
    harness.run_steps(2);
    set_topic_count(&mut harness, 5.0);
    assert_eq!(topic_labels(&harness).len(), 5);
    // The automatic choice's curve stays beside the number set by hand, to choose by.
    let automatic =
        automatic_choice(&harness).expect("the automatic choice is kept for the same vectors");
    let caption = harness
        .get_by_label(&format!(
            "Silhouette by number of topics (automatic: {automatic}, set: 5)"
        ))
        .rect();
    // A click at the chart's left end, below its caption, sets the fewest topics it shows.
    let on_chart = eframe::egui::pos2(caption.left() + 3.0, caption.bottom() + 40.0);
    harness.hover_at(on_chart);
    harness.run_steps(1);
    harness.drag_at(on_chart);
    harness.run_steps(1);
    harness.drop_at(on_chart);
    harness.run_steps(2);
    wait_until_idle(&mut harness);
    assert_eq!(topic_labels(&harness).len(), 2);
    set_topic_count(&mut harness, 12.0);
    assert_eq!(topic_labels(&harness).len(), 12);
    let timings = &harness
        .state()
        .view
        .as_ref()
        .expect("a result")
        .outcome
        .timings;
    assert!(
        timings
            .iter()
            .any(|t| t.stage == topic_atlas::progress::Stage::Vectorizing && t.cached),
        "re-clustering reused the vectors"
    );
}

/// A number of topics set by hand belongs to the corpus it was set for: another folder opens
/// with an automatic number, and the first comes back with its own.
#[test]
fn a_number_of_topics_set_by_hand_stays_with_its_corpus() {
    let folder = tempfile::tempdir().expect("tempdir");
    write_fixture_folder(folder.path());
    let fixture = Source::Paths(vec![folder.path().to_path_buf()]);
    let mut harness = harness(Source::Demo);
    harness.get_by_label("Automatic").click();
    harness.run_steps(2);
    set_topic_count(&mut harness, 12.0);
    assert_eq!(topic_labels(&harness).len(), 12);

    harness.state_mut().open(fixture.clone());
    wait_until_idle(&mut harness);
    assert_eq!(harness.state().persisted.settings.topics, TopicCount::Auto);
    let automatic = automatic_choice(&harness).expect("an automatic choice");
    assert!(automatic < 12, "twelve articles are not twelve topics");
    assert_eq!(topic_labels(&harness).len(), automatic);
    harness.get_by_label("Automatic").click();
    harness.run_steps(2);
    set_topic_count(&mut harness, 4.0);

    harness.state_mut().open(Source::Demo);
    wait_until_idle(&mut harness);
    assert_eq!(
        harness.state().persisted.settings.topics,
        TopicCount::Fixed(12)
    );
    assert_eq!(topic_labels(&harness).len(), 12);
    harness.state_mut().open(fixture);
    wait_until_idle(&mut harness);
    assert_eq!(
        harness.state().persisted.settings.topics,
        TopicCount::Fixed(4)
    );
    assert_eq!(topic_labels(&harness).len(), 4);
}

#[test]
fn opening_a_folder_shows_its_topics_and_its_load_report() {
    let folder = tempfile::tempdir().expect("tempdir");
    write_fixture_folder(folder.path());
    let mut harness = harness(Source::Demo);
    harness
        .state_mut()
        .open(Source::Paths(vec![folder.path().to_path_buf()]));
    wait_until_idle(&mut harness);
    let app = harness.state();
    let corpus = app.corpus().expect("loaded");
    assert_eq!(corpus.root.as_deref(), Some(folder.path()));
    let view = app.view.as_ref().expect("a result");
    assert!(
        std::sync::Arc::ptr_eq(&view.outcome.corpus, corpus),
        "the new folder's topics are shown"
    );
    assert_eq!(corpus.documents.len(), 12);
    for label in topic_labels(&harness) {
        harness.get_by_label(&label);
    }
    harness.get_by_label_contains("2 skipped").click();
    harness.run_steps(3);
    harness.get_by_label("Load report");
    harness.get_by_label("empty.txt");
    harness.get_by_label("picture.png");
}

#[test]
fn a_list_of_headlines_has_no_first_words_column_and_stories_have_one() {
    let folder = tempfile::tempdir().expect("tempdir");
    let headlines = folder.path().join("headlines.txt");
    std::fs::write(
        &headlines,
        "Steel tariffs raised again as trade talks stall\n\
         Exporters brace for new tariffs on steel and aluminium\n\
         Voters head to the polls in a tight election runoff\n\
         Election officials count ballots late into the night\n\
         Storm floods coastal towns and cuts power to thousands\n\
         Flood warnings issued as the storm moves inland\n",
    )
    .expect("write");
    let mut harness = harness(Source::Paths(vec![headlines]));
    assert_eq!(harness.state().corpus().expect("loaded").documents.len(), 6);
    harness.get_by_label("Title");
    assert!(
        harness.query_by_label("First words").is_none(),
        "headlines have no words beyond their titles"
    );

    let stories = tempfile::tempdir().expect("tempdir");
    write_fixture_folder(stories.path());
    harness
        .state_mut()
        .open(Source::Paths(vec![stories.path().to_path_buf()]));
    wait_until_idle(&mut harness);
    harness.get_by_label("First words");
    assert!(
        harness
            .query_all_by_label_contains("Reporters followed the story")
            .next()
            .is_some(),
        "the stories' first words are shown"
    );
}

/// Twelve short articles on three subjects, one empty file and one unsupported file.
fn write_fixture_folder(folder: &Path) {
    let subjects = [
        (
            "trade",
            [
                "Steel tariffs raised again as trade talks stall",
                "Exporters brace for new tariffs on steel and aluminium",
                "Trade ministers meet over tariff retaliation on steel",
                "Port traffic slows as tariffs bite into steel exports",
            ],
        ),
        (
            "vote",
            [
                "Voters head to the polls in a tight election runoff",
                "Election officials count ballots late into the night",
                "Opposition claims victory as election results trickle in",
                "Turnout surges in the election as voters queue at polls",
            ],
        ),
        (
            "storm",
            [
                "Storm floods coastal towns and cuts power to thousands",
                "Flood warnings issued as the storm moves inland",
                "Residents clear debris after the storm floods streets",
                "Power restored to towns flooded by the storm",
            ],
        ),
    ];
    for (subject, titles) in subjects {
        for (i, title) in titles.iter().enumerate() {
            let body = format!(
                "{title}. Reporters followed the story through the day, and officials promised more news soon about the {subject}."
            );
            std::fs::write(
                folder.join(format!("{subject}-{i}.txt")),
                format!("{title}\n\n{body}\n"),
            )
            .expect("write");
        }
    }
    std::fs::write(folder.join("empty.txt"), "").expect("write");
    std::fs::write(
        folder.join("picture.png"),
        [0x89, b'P', b'N', b'G', 0, 0, 0, 13],
    )
    .expect("write");
}

/// The number typed into the box beside the slider takes effect when it is entered, not at
/// each keystroke: typing "12" must not first re-cluster at 2 (the "1", raised to the least).
#[test]
fn typing_a_number_of_topics_reclusters_when_it_is_entered() {
    let mut harness = harness(Source::Demo);
    harness.get_by_label("Automatic").click();
    harness.run_steps(2);
    wait_until_idle(&mut harness);
    let before = harness.state().persisted.settings.topics;
    harness
        .get_by_role_and_label(Role::SpinButton, "topics")
        .click();
    harness.run_steps(2);
    harness
        .get_by_role_and_label(Role::SpinButton, "topics")
        .type_text("1");
    harness.run_steps(3);
    assert_eq!(
        harness.state().persisted.settings.topics,
        before,
        "nothing runs while typing"
    );
    assert!(!harness.state().is_busy());
    harness
        .get_by_role_and_label(Role::SpinButton, "topics")
        .type_text("2");
    harness.run_steps(2);
    harness.key_press(eframe::egui::Key::Enter);
    harness.run_steps(2);
    wait_until_idle(&mut harness);
    assert_eq!(
        harness.state().persisted.settings.topics,
        TopicCount::Fixed(12)
    );
    assert_eq!(topic_labels(&harness).len(), 12);
}

#[test]
fn dated_articles_have_a_date_column_and_can_be_seen_over_time() {
    let folder = tempfile::tempdir().expect("tempdir");
    let items: String = [
        (
            "Steel tariffs raised again as trade talks stall",
            "Tue, 05 Mar 2024 09:00:00 GMT",
        ),
        (
            "Exporters brace for new tariffs on steel",
            "Wed, 13 Mar 2024 09:00:00 GMT",
        ),
        (
            "Trade ministers meet over steel tariffs",
            "Mon, 01 Apr 2024 09:00:00 GMT",
        ),
        (
            "Voters head to the polls in a tight election",
            "Fri, 08 Mar 2024 09:00:00 GMT",
        ),
        (
            "Election officials count ballots into the night",
            "Sat, 09 Mar 2024 09:00:00 GMT",
        ),
        (
            "Opposition claims victory in the election",
            "Sun, 10 Mar 2024 09:00:00 GMT",
        ),
    ]
    .iter()
    .map(|(title, date)| format!("<item><title>{title}</title><pubDate>{date}</pubDate></item>"))
    .collect();
    let feed = folder.path().join("news.xml");
    std::fs::write(
        &feed,
        format!("<rss version=\"2.0\"><channel><title>News</title>{items}</channel></rss>"),
    )
    .expect("write");
    let mut harness = harness(Source::Paths(vec![feed]));
    let view = harness.state().view.as_ref().expect("a result");
    let timeline = view.timeline.as_ref().expect("the articles are dated");
    assert_eq!(timeline.totals().iter().sum::<u32>(), 6);

    // Sorted by date, earliest first, the first row is the first article and the last the last.
    harness.get_by_label("Date").click();
    harness.run_steps(3);
    harness.get_by_label("2024-03-05");
    let row_of = |harness: &Harness<'static, TopicAtlasApp>, title: &str| {
        harness.get_by_label(title).rect().top()
    };
    let earliest = row_of(&harness, "Steel tariffs raised again as trade talks stall");
    let next = row_of(&harness, "Voters head to the polls in a tight election");
    let latest = row_of(&harness, "Trade ministers meet over steel tariffs");
    assert!(
        earliest < next && next < latest,
        "{earliest} {next} {latest}"
    );

    // Reading an article shows its date.
    harness
        .get_by_label("Trade ministers meet over steel tariffs")
        .click();
    harness.run_steps(3);
    harness.get_by_label("Published 1 April 2024");

    // The map's place shows the topics over time, and goes back to the map.
    harness.get_by_label("Over time").click();
    harness.run_steps(3);
    assert!(harness.state().over_time);
    harness.get_by_label_contains("Articles per week · 6 dated");

    // A period chosen on the chart lists its articles only, until its chip is clicked.
    let (period, second_week) = {
        let timeline = harness
            .state()
            .view
            .as_ref()
            .and_then(|v| v.timeline.as_ref());
        let timeline = timeline.expect("dated");
        (timeline.period, timeline.starts[1])
    };
    harness.state_mut().selection.period = Some((period, second_week));
    harness.run_steps(3);
    harness.get_by_label("1 article");
    harness.get_by_label("Exporters brace for new tariffs on steel");
    assert!(
        harness
            .query_by_label("Voters head to the polls in a tight election")
            .is_none(),
        "an article of the week before is not listed"
    );
    harness.get_by_label("week of 11 March 2024 ✖").click();
    harness.run_steps(3);
    assert_eq!(harness.state().selection.period, None);
    harness.get_by_label("6 articles");

    // The bars' period chosen by hand, which lets go of a chosen bar, and automatic again.
    harness.state_mut().selection.period = Some((period, second_week));
    harness.get_by_label("Days").click();
    harness.run_steps(3);
    harness.get_by_label_contains("Articles per day · 6 dated");
    assert_eq!(harness.state().selection.period, None);
    let timeline = |h: &Harness<'_, TopicAtlasApp>| {
        let view = h.state().view.as_ref().expect("a view");
        let timeline = view.timeline.as_ref().expect("dated");
        (timeline.period, timeline.chosen, timeline.starts.len())
    };
    let (by, chosen, bars) = timeline(&harness);
    assert_eq!((by, chosen), (Period::Day, true));
    assert!(bars > 7, "a bar a day over more than a week: {bars}");
    // (Beside the checkbox "Automatic" of the number of topics.)
    harness
        .get_by_role_and_label(Role::Button, "Automatic")
        .click();
    harness.run_steps(3);
    harness.get_by_label_contains("Articles per week · 6 dated");
    assert!(!timeline(&harness).1, "automatic again");
    harness.get_by_label("Map").click();
    harness.run_steps(3);
    assert!(!harness.state().over_time);
}

#[test]
fn undated_articles_have_neither_a_date_column_nor_a_time_view() {
    let folder = tempfile::tempdir().expect("tempdir");
    write_fixture_folder(folder.path());
    let harness = harness(Source::Paths(vec![folder.path().to_path_buf()]));
    assert!(
        harness
            .state()
            .view
            .as_ref()
            .expect("a result")
            .timeline
            .is_none()
    );
    assert!(harness.query_by_label("Date").is_none());
    assert!(harness.query_by_label("Over time").is_none());

    // Nothing over time to export: no file, and a message saying why.
    let mut harness = harness;
    let path = folder.path().join("over-time.csv");
    harness
        .state_mut()
        .save_to_file(topic_atlas::app::save::SaveTarget::OverTimeCsv, &path);
    wait_until_idle(&mut harness);
    assert!(!path.exists());
    harness.get_by_label_contains("the articles have no publication dates");
}

/// A folder chosen as the sentence model that holds none is refused at once with what it
/// lacks, and meaning stays with the built-in word vectors.
#[test]
fn a_folder_without_a_sentence_model_is_refused_in_the_window() {
    let mut harness = harness(Source::Demo);
    let labels = topic_labels(&harness);
    let empty = tempfile::tempdir().expect("tempdir");
    harness
        .state_mut()
        .use_sentence_model(Some(empty.path().to_path_buf()));
    harness.run_steps(2);
    wait_until_idle(&mut harness);
    harness.get_by_label_contains("is not a sentence model's folder: it has no config.json");
    assert_eq!(harness.state().persisted.settings.sentence_model, None);
    assert_eq!(topic_labels(&harness), labels, "the topics shown stay");
}

#[test]
fn keys_step_through_the_articles_and_the_reader_follows() {
    use eframe::egui::Key;
    let mut harness = harness(Source::Demo);
    let labels = topic_labels(&harness);
    first_article_of_first_topic(&mut harness, &labels);
    let listed: Vec<usize> = {
        let view = harness.state().view.as_ref().expect("a result");
        view.documents_of(Some(0)).to_vec()
    };
    // Presses `key` and returns the selected article's place in the list.
    let press = |harness: &mut Harness<'static, TopicAtlasApp>, key| {
        harness.key_press(key);
        harness.run_steps(3);
        let selected = harness.state().selection.document;
        selected.and_then(|d| listed.iter().position(|&l| l == d))
    };

    assert_eq!(press(&mut harness, Key::ArrowDown), Some(0));
    assert_eq!(press(&mut harness, Key::ArrowDown), Some(1));
    // In the list and in the reader.
    let title = {
        let view = harness.state().view.as_ref().expect("a result");
        view.outcome.corpus.documents[listed[1]].title.clone()
    };
    assert_eq!(harness.get_all_by_label(&title).count(), 2);
    assert_eq!(press(&mut harness, Key::ArrowUp), Some(0));
    // Not past the top.
    assert_eq!(press(&mut harness, Key::ArrowUp), Some(0));
    assert_eq!(press(&mut harness, Key::End), Some(listed.len() - 1));
    assert_eq!(press(&mut harness, Key::Home), Some(0));
    // Nor while the search box has the keys.
    harness.key_press_modifiers(eframe::egui::Modifiers::COMMAND, Key::F);
    harness.run_steps(3);
    assert_eq!(press(&mut harness, Key::ArrowDown), Some(0));
}
