//! The HTML report and the map picture, from the demo corpus with a topic renamed and an
//! article retitled to something that needs escaping.

use std::sync::Arc;

use topic_atlas::cluster::TopicCount;
use topic_atlas::corpus::{self, Corpus};
use topic_atlas::export::{
    TOPIC_COLORS, display_path, render_map_png, write_html_report, write_over_time_csv,
};
use topic_atlas::pipeline::{Outcome, Pipeline, Settings};
use topic_atlas::progress::{Cancel, NoProgress};
use topic_atlas::topics::{Edit, TopicRef};

use crate::support::csv_table;

const TRICKY_NAME: &str = "Tariffs & <b>trade</b> \"wars\"";
const TRICKY_TITLE: &str = "<script>alert('x')</script> Ports & \"docks\" reopen";

/// `corpus` in 11 topics: the pipeline that found them, its settings and the topics.
fn in_eleven_topics(corpus: Arc<Corpus>) -> (Pipeline, Settings, Outcome) {
    let settings = Settings {
        topics: TopicCount::Fixed(11),
        ..Settings::default()
    };
    let mut pipeline = Pipeline::new(corpus);
    let outcome = pipeline
        .run(&settings, &NoProgress, &Cancel::new())
        .expect("runs");
    (pipeline, settings, outcome)
}

fn demo_outcome() -> Outcome {
    let mut demo = corpus::load_demo();
    demo.documents[3].title = TRICKY_TITLE.into();
    let corpus = Arc::new(demo);
    let (mut pipeline, settings, plain) = in_eleven_topics(corpus.clone());
    let rename = Edit::Rename {
        topic: TopicRef::of(&plain.topics, 0, &corpus),
        name: TRICKY_NAME.into(),
    };
    pipeline
        .run_with_edits(&settings, &[rename], &NoProgress, &Cancel::new())
        .expect("runs")
}

fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[test]
fn the_html_report_lists_every_topic_and_article_escaped_and_self_contained() {
    let outcome = demo_outcome();
    let mut html = Vec::new();
    write_html_report(&outcome, &TOPIC_COLORS, &mut html).expect("written");
    let html = String::from_utf8(html).expect("UTF-8");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
    for topic in &outcome.topics.topics {
        assert!(html.contains(&escaped(&topic.label)), "{}", topic.label);
    }
    assert!(html.contains("Tariffs &amp; &lt;b&gt;trade&lt;/b&gt; &quot;wars&quot;"));
    assert!(!html.contains(TRICKY_NAME));
    assert!(html.contains(
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Ports &amp; &quot;docks&quot; reopen"
    ));
    for document in &outcome.corpus.documents {
        assert!(
            html.contains(&escaped(&document.title)),
            "{}",
            document.title
        );
    }
    // One list item per document, and nothing fetched from elsewhere.
    assert_eq!(html.matches("<li>").count(), outcome.corpus.documents.len());
    // The demo's wire stories are dated; its text files are not.
    let dated = outcome
        .corpus
        .documents
        .iter()
        .filter(|d| d.date.is_some())
        .count();
    assert!(dated > 0 && dated < outcome.corpus.documents.len());
    assert_eq!(html.matches("<span class=\"date\">").count(), dated);
    assert!(html.contains(
        "<span class=\"date\">2026-01-06</span><span class=\"file\">wire/stories.csv</span>"
    ));
    for outside in [
        "http:", "https:", "file:", "src=", "<script", "<link", "@import", "url(",
    ] {
        assert!(!html.contains(outside), "{outside}");
    }
    let sizes: usize = outcome.topics.topics.iter().map(|t| t.size).sum();
    assert_eq!(sizes, outcome.corpus.documents.len());
}

/// The text between `start` and the next `end` after it, for every `start` in `text`.
fn between<'a>(text: &'a str, start: &str, end: &str) -> Vec<&'a str> {
    text.split(start)
        .skip(1)
        .map(|rest| rest.split(end).next().unwrap_or(rest))
        .collect()
}

#[test]
fn the_html_report_has_each_topics_size_and_articles_closest_first_with_their_files() {
    let outcome = demo_outcome();
    let topics = &outcome.topics;
    let mut html = Vec::new();
    write_html_report(&outcome, &TOPIC_COLORS, &mut html).expect("written");
    let html = String::from_utf8(html).expect("UTF-8");

    // The table of contents: one row per topic, largest first, sizes adding up.
    let table = between(&html, "<table>", "</table>")[0];
    let sizes: Vec<usize> = between(table, "<td class=\"n\">", "</td>")
        .iter()
        .map(|n| n.parse().expect("a size"))
        .collect();
    assert_eq!(sizes.len(), topics.topics.len());
    assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "{sizes:?}");
    assert_eq!(sizes.iter().sum::<usize>(), outcome.corpus.documents.len());
    assert_eq!(
        table
            .matches("class=\"swatch\" style=\"background:#")
            .count(),
        topics.topics.len()
    );

    // A section per topic: its keywords, then every article, closest to the centre first.
    let sections = between(&html, "<details id=\"topic-", "</details>");
    assert_eq!(sections.len(), topics.topics.len());
    for section in sections {
        let id: usize = section
            .split('"')
            .next()
            .and_then(|id| id.parse().ok())
            .expect("a topic id");
        let topic = &topics.topics[id];
        assert!(section.contains(&format!("({} articles)", topic.size)));
        // As the corpus writes them ("China", not the term "china").
        for keyword in &topic.keywords {
            assert!(
                section.contains(&escaped(keyword.shown())),
                "{}",
                keyword.shown()
            );
        }
        // Closest first (closeness equal to five decimals is a tie, which the lower index wins).
        let members = topics.members_by_closeness()[id].clone();
        assert!(members.iter().all(|&d| topics.assignments[d] == id));
        assert!(
            members
                .windows(2)
                .all(|w| topics.closeness[w[0]] >= topics.closeness[w[1]] - 1e-5)
        );
        let listed: Vec<&str> = between(section, "<li>", "</li>");
        assert_eq!(listed.len(), topic.size);
        let expected: Vec<String> = members
            .iter()
            .map(|&d| {
                let document = &outcome.corpus.documents[d];
                let source = document.source();
                let mut file = display_path(&source.file);
                if source.item > 1 {
                    file = format!("{file} #{}", source.item);
                }
                // A dated article's date stands between its title and its file.
                let date = document
                    .date
                    .map_or_else(String::new, |d| format!("<span class=\"date\">{d}</span>"));
                format!(
                    "{}{date}<span class=\"file\">{}</span>",
                    escaped(&document.title),
                    escaped(&file)
                )
            })
            .collect();
        assert_eq!(listed, expected, "topic {id}");
        // Files are named relative to the corpus, never by where it lies on this machine.
        assert!(!section.contains(env!("CARGO_MANIFEST_DIR")));
    }
}

#[test]
fn the_map_picture_has_each_document_in_its_topic_colour_and_the_labels() {
    let outcome = demo_outcome();
    let (width, height) = (800u32, 500u32);
    let png = render_map_png(&outcome, &TOPIC_COLORS, width, height, false).expect("drawn");
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut pixels).expect("a frame");
    assert_eq!((info.width, info.height), (width, height));
    assert_eq!(info.color_type, png::ColorType::Rgba);
    let at = |x: u32, y: u32| {
        let i = ((y * width + x) * 4) as usize;
        [pixels[i], pixels[i + 1], pixels[i + 2]]
    };
    // The corners are background.
    assert_eq!(at(0, 0), [250, 250, 250]);
    assert_eq!(at(width - 1, height - 1), [250, 250, 250]);

    // Dots are translucent and overlap, so a dot's pixel lies between the background and its
    // topic's colour: count, per topic, the pixels nearest that segment (and near it).
    let background = [250.0f32, 250.0, 250.0];
    let topics = outcome.topics.topics.len();
    let mut found = vec![0usize; topics];
    let mut dark_text = 0usize;
    for chunk in pixels.chunks_exact(4) {
        let p = [chunk[0] as f32, chunk[1] as f32, chunk[2] as f32];
        if p.iter().all(|&v| v < 80.0) {
            dark_text += 1;
        }
        if (0..3).all(|i| (p[i] - background[i]).abs() < 12.0) {
            continue;
        }
        let distance_to = |t: usize| {
            let c = TOPIC_COLORS[t % TOPIC_COLORS.len()].map(f32::from);
            let d: Vec<f32> = (0..3).map(|i| c[i] - background[i]).collect();
            let v: Vec<f32> = (0..3).map(|i| p[i] - background[i]).collect();
            let along = (v.iter().zip(&d).map(|(a, b)| a * b).sum::<f32>()
                / d.iter().map(|x| x * x).sum::<f32>())
            .clamp(0.0, 1.0);
            (0..3)
                .map(|i| (v[i] - along * d[i]).powi(2))
                .sum::<f32>()
                .sqrt()
        };
        let (best, distance) = (0..topics)
            .map(|t| (t, distance_to(t)))
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .expect("topics");
        if distance < 4.0 {
            found[best] += 1;
        }
    }
    for (t, &n) in found.iter().enumerate() {
        assert!(n >= 10, "topic {t} has {n} pixels of its colour");
    }
    // The labels are drawn in dark text.
    assert!(dark_text > 200, "{dark_text} dark pixels");
}

#[test]
fn the_html_report_draws_the_topics_over_time_where_articles_are_dated() {
    let outcome = demo_outcome();
    let mut html = Vec::new();
    write_html_report(&outcome, &TOPIC_COLORS, &mut html).expect("written");
    let html = String::from_utf8(html).expect("UTF-8");
    let chart = between(&html, "<h2>Over time</h2>", "</svg>");
    assert_eq!(chart.len(), 1, "one chart");
    let chart = chart[0];
    let timeline = outcome.timeline(None).expect("the demo has dated stories");
    assert!(chart.contains(&format!(
        "Articles per month · 80 dated · {} without a date",
        timeline.undated
    )));
    // A bar part for every topic with articles in a month, each titled with its count (and the
    // renamed topic by its escaped name).
    let parts: Vec<&str> = between(chart, "<title>", "</title>");
    let cells = timeline
        .counts
        .iter()
        .flatten()
        .filter(|&&count| count > 0)
        .count();
    assert_eq!(parts.len(), cells);
    let counted: u32 = parts
        .iter()
        .map(|part| {
            part.rsplit(", ")
                .next()
                .expect("a count")
                .parse::<u32>()
                .expect("a number")
        })
        .sum();
    assert_eq!(counted, 80);
    assert!(parts.iter().any(|p| p.starts_with(&escaped(TRICKY_NAME))));
    assert!(chart.contains(">January 2026</text>") && chart.contains(">December 2026</text>"));

    // Undated articles: no chart.
    let mut undated = corpus::load_demo();
    for document in &mut undated.documents {
        document.date = None;
    }
    let outcome = Pipeline::new(Arc::new(undated))
        .run(&Settings::default(), &NoProgress, &Cancel::new())
        .expect("runs");
    let mut html = Vec::new();
    write_html_report(&outcome, &TOPIC_COLORS, &mut html).expect("written");
    let html = String::from_utf8(html).expect("UTF-8");
    assert!(!html.contains("Over time") && !html.contains("<svg"));
}

#[test]
fn the_topics_over_time_csv_lists_topics_largest_first_after_a_merge() {
    // Merging the two smallest topics into the last makes a topic larger than those listed
    // before it: its id no longer says its place.
    let corpus = Arc::new(corpus::load_demo());
    let (mut pipeline, settings, plain) = in_eleven_topics(corpus.clone());
    let k = plain.topics.topics.len();
    let merge = Edit::Merge {
        topics: [k - 1, k - 2, k - 3]
            .iter()
            .map(|&t| TopicRef::of(&plain.topics, t, &corpus))
            .collect(),
    };
    let merged = pipeline
        .run_with_edits(&settings, &[merge], &NoProgress, &Cancel::new())
        .expect("runs");
    let by_size = merged.topics.ids_by_size();
    let by_id: Vec<usize> = (0..merged.topics.topics.len()).collect();
    assert_ne!(by_size, by_id, "the merge reorders the topics by size");
    let timeline = merged.timeline(None).expect("dated");
    let mut csv = Vec::new();
    write_over_time_csv(&merged, &timeline, &mut csv).expect("written");
    let (header, _) = csv_table(&csv);
    let labels: Vec<String> = by_size
        .iter()
        .map(|&t| merged.topics.topics[t].label.clone())
        .collect();
    assert_eq!(header[1..header.len() - 1], labels[..]);
}
