//! Writing a result out: the CSV of assignments (`file,item,cluster,label`), the full JSON
//! report, a self-contained HTML report ([`html`]), the map as a picture ([`map_png`]) and the
//! topics over time as CSV ([`over_time`]). The command line and the window write the very
//! same files. [`session`] reads and writes the window's saved sessions.

pub mod html;
pub mod map_png;
pub mod over_time;
pub mod session;

pub use html::write_html_report;
pub use map_png::render_map_png;
pub use over_time::write_over_time_csv;

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use crate::cluster::KChoice;
use crate::corpus::{LoadReport, Source};
use crate::pipeline::{Outcome, Settings, StageTime};
use crate::topics::Keyword;

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("could not write: {0}")]
    Io(#[from] std::io::Error),
    #[error("could not write CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("could not write JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("could not make the picture: {0}")]
    Image(String),
}

/// Topic colours: Tableau's 10, then ten more chosen one at a time to stand farthest (in
/// CIELAB) from those before them, among colours light enough for the dark map. The second ten
/// used to be d3's Category10, whose first four repeat Tableau's hues: with 11 or 12 topics, two
/// were blue and two orange. The window extends them past the end; exports repeat them.
pub const TOPIC_COLORS: [[u8; 3]; 20] = [
    [0x4e, 0x79, 0xa7],
    [0xf2, 0x8e, 0x2b],
    [0xe1, 0x57, 0x59],
    [0x76, 0xb7, 0xb2],
    [0x59, 0xa1, 0x4f],
    [0xed, 0xc9, 0x48],
    [0xb0, 0x7a, 0xa1],
    [0xff, 0x9d, 0xa7],
    [0x9c, 0x75, 0x5f],
    [0xba, 0xb0, 0xac],
    [0x8e, 0x6b, 0xd1],
    [0x8d, 0xb6, 0x00],
    [0xb3, 0x44, 0x6c],
    [0xa1, 0xca, 0xf1],
    [0xe3, 0x77, 0xc2],
    [0xe2, 0x58, 0x22],
    [0x1b, 0x9e, 0x77],
    [0xc2, 0xb2, 0x80],
    [0xf9, 0x93, 0x79],
    [0x7f, 0x7f, 0x7f],
];

/// The colour of topic `topic` in an export: `colors` repeated, grey when there are none.
fn topic_color(colors: &[[u8; 3]], topic: usize) -> [u8; 3] {
    colors
        .get(topic % colors.len().max(1))
        .copied()
        .unwrap_or([128, 128, 128])
}

/// A path as the output shows it: relative, with `/` between folders on every system.
pub fn display_path(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// One CSV row per place a document was found (merged duplicates get a row each), sorted by
/// file and item.
pub fn write_csv(outcome: &Outcome, out: impl Write) -> Result<(), ExportError> {
    let topics = &outcome.topics;
    let mut rows: Vec<(&Source, usize)> = outcome
        .corpus
        .documents
        .iter()
        .zip(&topics.assignments)
        .flat_map(|(document, &topic)| document.sources.iter().map(move |source| (source, topic)))
        .collect();
    rows.sort_by(|a, b| a.0.cmp(b.0));
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(["file", "item", "cluster", "label"])?;
    for (source, topic) in rows {
        writer.write_record([
            display_path(&source.file),
            source.item.to_string(),
            topic.to_string(),
            topics.topics[topic].label.clone(),
        ])?;
    }
    writer.flush()?;
    Ok(())
}

/// The JSON report: topics, documents, how k was chosen, the load report and stage timings.
#[derive(Serialize)]
pub struct Report<'a> {
    pub format: &'static str,
    pub version: u32,
    pub corpus: CorpusSummary<'a>,
    pub settings: &'a Settings,
    pub topic_count: TopicCountReport<'a>,
    pub topics: Vec<TopicReport<'a>>,
    pub documents: Vec<DocumentReport<'a>>,
    pub load_report: &'a LoadReport,
    pub timings: &'a [StageTime],
}

#[derive(Serialize)]
pub struct CorpusSummary<'a> {
    pub name: &'a str,
    pub documents: usize,
    pub language: &'static str,
    pub vocabulary: usize,
    pub documents_without_terms: usize,
}

/// The number of topics found and, when it was chosen automatically, the score of every
/// candidate.
#[derive(Serialize)]
pub struct TopicCountReport<'a> {
    pub k: usize,
    pub automatic: Option<&'a KChoice>,
}

#[derive(Serialize)]
pub struct TopicReport<'a> {
    pub id: usize,
    pub label: &'a str,
    pub size: usize,
    pub keywords: &'a [Keyword],
    /// The headline of the document closest to the topic's centre.
    pub headline: &'a str,
    pub representatives: Vec<DocumentRef<'a>>,
}

#[derive(Serialize)]
pub struct DocumentRef<'a> {
    pub document: usize,
    pub file: String,
    pub item: u32,
    pub title: &'a str,
}

#[derive(Serialize)]
pub struct DocumentReport<'a> {
    pub document: usize,
    pub file: String,
    pub item: u32,
    /// Where exact duplicates of this document were also found.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub duplicates: Vec<SourceReport>,
    pub title: &'a str,
    /// The day it was published, where its file says ("2024-03-12").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<chrono::NaiveDate>,
    pub cluster: usize,
    pub closeness: f32,
    pub x: f32,
    pub y: f32,
}

#[derive(Serialize)]
pub struct SourceReport {
    pub file: String,
    pub item: u32,
}

impl<'a> Report<'a> {
    pub fn new(outcome: &'a Outcome) -> Self {
        let corpus = &outcome.corpus;
        let topics = &outcome.topics;
        let reference = |document: usize| {
            let d = &corpus.documents[document];
            DocumentRef {
                document,
                file: display_path(&d.source().file),
                item: d.source().item,
                title: &d.title,
            }
        };
        Report {
            format: "topic-atlas",
            version: 1,
            corpus: CorpusSummary {
                name: &corpus.name,
                documents: corpus.documents.len(),
                language: outcome.language().name(),
                vocabulary: outcome.analysis.term_vectors.vocabulary.len(),
                documents_without_terms: outcome.analysis.term_vectors.empty_documents(),
            },
            settings: &outcome.settings,
            topic_count: TopicCountReport {
                k: topics.topics.len(),
                automatic: outcome.clustering.k_choice.as_ref(),
            },
            topics: topics
                .topics
                .iter()
                .map(|t| TopicReport {
                    id: t.id,
                    label: &t.label,
                    size: t.size,
                    keywords: &t.keywords,
                    headline: t
                        .representatives
                        .first()
                        .map_or("", |&d| corpus.documents[d].title.as_str()),
                    representatives: t.representatives.iter().map(|&d| reference(d)).collect(),
                })
                .collect(),
            documents: corpus
                .documents
                .iter()
                .enumerate()
                .map(|(i, d)| DocumentReport {
                    document: i,
                    file: display_path(&d.source().file),
                    item: d.source().item,
                    duplicates: d.sources[1..]
                        .iter()
                        .map(|s| SourceReport {
                            file: display_path(&s.file),
                            item: s.item,
                        })
                        .collect(),
                    title: &d.title,
                    date: d.date,
                    cluster: topics.assignments[i],
                    closeness: topics.closeness[i],
                    x: outcome.layout.documents[i][0],
                    y: outcome.layout.documents[i][1],
                })
                .collect(),
            load_report: &corpus.report,
            timings: &outcome.timings,
        }
    }
}

/// Writes the JSON report, pretty-printed.
pub fn write_json(outcome: &Outcome, mut out: impl Write) -> Result<(), ExportError> {
    serde_json::to_writer_pretty(&mut out, &Report::new(outcome))?;
    out.write_all(b"\n")?;
    Ok(())
}

#[cfg(test)]
mod colour_tests {
    use super::TOPIC_COLORS;

    /// CIELAB coordinates of an sRGB colour (D65 white).
    fn lab([r, g, b]: [u8; 3]) -> [f64; 3] {
        let linear = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c > 0.04045 {
                ((c + 0.055) / 1.055).powf(2.4)
            } else {
                c / 12.92
            }
        };
        let (r, g, b) = (linear(r), linear(g), linear(b));
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
        let f = |t: f64| {
            if t > 0.008856 {
                t.cbrt()
            } else {
                7.787 * t + 16.0 / 116.0
            }
        };
        [
            116.0 * f(y) - 16.0,
            500.0 * (f(x) - f(y)),
            200.0 * (f(y) - f(z)),
        ]
    }

    #[test]
    fn every_two_topic_colours_are_told_apart() {
        // A colour difference (CIE76) of 15 is plain to see side by side; blue #4e79a7 and
        // #1f77b4, which the palette once held both, differ by 10.5.
        for (i, &a) in TOPIC_COLORS.iter().enumerate() {
            for &b in &TOPIC_COLORS[i + 1..] {
                let (a_lab, b_lab) = (lab(a), lab(b));
                let difference = a_lab
                    .iter()
                    .zip(b_lab)
                    .map(|(p, q)| (p - q).powi(2))
                    .sum::<f64>()
                    .sqrt();
                assert!(difference > 15.0, "{a:?} and {b:?}: {difference:.1}");
            }
        }
    }
}
