//! Writing a result out: the CSV of assignments (`file,item,cluster,label`), the full JSON
//! report, a self-contained HTML report ([`html`]) and the map as a picture ([`map_png`]). The
//! command line and the window write the very same files. [`session`] reads and writes the
//! window's saved sessions.

pub mod html;
pub mod map_png;
pub mod session;

pub use html::write_html_report;
pub use map_png::render_map_png;

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

/// Topic colours: Tableau's 10 followed by their lighter partners. The window extends them
/// past the end; exports repeat them.
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
    [0x1f, 0x77, 0xb4],
    [0xff, 0x7f, 0x0e],
    [0x2c, 0xa0, 0x2c],
    [0xd6, 0x27, 0x28],
    [0x94, 0x67, 0xbd],
    [0x8c, 0x56, 0x4b],
    [0xe3, 0x77, 0xc2],
    [0x7f, 0x7f, 0x7f],
    [0xbc, 0xbd, 0x22],
    [0x17, 0xbe, 0xcf],
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
