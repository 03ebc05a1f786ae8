//! Saving what was found: the session, and the exports (CSV, JSON, HTML report, map picture,
//! topics over time), to a file the person chose. Nothing is ever written anywhere else.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::export;
use crate::export::session::Session;
use crate::pipeline::Outcome;
use crate::topics::timeline::Timeline;

/// Size of the exported map picture, in pixels.
pub const MAP_PNG_SIZE: [u32; 2] = [1600, 1000];

/// What is being saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveTarget {
    Session,
    Csv,
    Json,
    Html,
    MapPng,
    /// The articles per topic and period, as *Over time* counts them.
    OverTimeCsv,
}

impl SaveTarget {
    /// The save dialog's title.
    pub fn title(self) -> &'static str {
        match self {
            SaveTarget::Session => "Save session",
            SaveTarget::Csv => "Export topics as CSV",
            SaveTarget::Json => "Export topics as JSON",
            SaveTarget::Html => "Export an HTML report",
            SaveTarget::MapPng => "Export the map as PNG",
            SaveTarget::OverTimeCsv => "Export the topics over time as CSV",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            SaveTarget::Session => "json",
            SaveTarget::Csv | SaveTarget::OverTimeCsv => "csv",
            SaveTarget::Json => "json",
            SaveTarget::Html => "html",
            SaveTarget::MapPng => "png",
        }
    }

    /// The file name offered, from the corpus name.
    pub fn default_file_name(self, corpus_name: &str) -> String {
        let stem: String = corpus_name
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        let stem = if stem.trim_matches('-').is_empty() {
            "topics".to_string()
        } else {
            stem
        };
        match self {
            SaveTarget::Session => format!("{stem}.session.json"),
            SaveTarget::Csv => format!("{stem}-topics.csv"),
            SaveTarget::Json => format!("{stem}-topics.json"),
            SaveTarget::Html => format!("{stem}-report.html"),
            SaveTarget::MapPng => format!("{stem}-map.png"),
            SaveTarget::OverTimeCsv => format!("{stem}-over-time.csv"),
        }
    }

    /// What the status bar says once saved.
    pub fn done_message(self, path: &Path) -> String {
        let what = match self {
            SaveTarget::Session => "Session saved to",
            SaveTarget::Csv | SaveTarget::Json => "Topics exported to",
            SaveTarget::Html => "Report exported to",
            SaveTarget::MapPng => "Map exported to",
            SaveTarget::OverTimeCsv => "Topics over time exported to",
        };
        format!("{what} {}", path.display())
    }
}

/// The path with the target's extension added when it has none.
pub fn with_extension(path: PathBuf, target: SaveTarget) -> PathBuf {
    if path.extension().is_some() {
        path
    } else {
        path.with_extension(target.extension())
    }
}

/// What a finished save reports: what was saved, where, and how it went.
pub type SaveResult = (SaveTarget, PathBuf, Result<(), String>);

/// Everything one save needs, so it can run away from the window's thread.
pub struct SaveJob {
    pub target: SaveTarget,
    pub path: PathBuf,
    pub outcome: Arc<Outcome>,
    /// What File ▸ Save session saves.
    pub session: Session,
    pub colors: Vec<[u8; 3]>,
    /// Whether the map is drawn dark, as the window is.
    pub dark: bool,
    /// The topics over time as the window counts them (by the period chosen there).
    pub timeline: Option<Timeline>,
}

impl SaveJob {
    /// Writes the file.
    pub fn run(&self) -> Result<(), String> {
        let path = &self.path;
        let fail = |e: &dyn std::fmt::Display| format!("Could not save {}: {e}", path.display());
        let (outcome, colors) = (&self.outcome, &self.colors);
        let mut out = match self.target {
            SaveTarget::Session => return self.session.write(path).map_err(|e| e.to_string()),
            SaveTarget::OverTimeCsv if self.timeline.is_none() => {
                return Err(format!(
                    "{} not saved: the articles have no publication dates",
                    path.display()
                ));
            }
            _ => std::io::BufWriter::new(std::fs::File::create(path).map_err(|e| fail(&e))?),
        };
        match self.target {
            SaveTarget::Session => {}
            SaveTarget::Csv => export::write_csv(outcome, &mut out).map_err(|e| fail(&e))?,
            SaveTarget::Json => export::write_json(outcome, &mut out).map_err(|e| fail(&e))?,
            SaveTarget::Html => {
                export::write_html_report(outcome, colors, &mut out).map_err(|e| fail(&e))?
            }
            SaveTarget::MapPng => {
                let [width, height] = MAP_PNG_SIZE;
                let png = export::render_map_png(outcome, colors, width, height, self.dark)
                    .map_err(|e| fail(&e))?;
                out.write_all(&png).map_err(|e| fail(&e))?;
            }
            SaveTarget::OverTimeCsv => {
                if let Some(timeline) = &self.timeline {
                    export::write_over_time_csv(outcome, timeline, &mut out)
                        .map_err(|e| fail(&e))?;
                }
            }
        }
        out.flush().map_err(|e| fail(&e))
    }
}
