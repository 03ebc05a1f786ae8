//! Saving what was found: the session, and the exports (CSV, JSON, HTML report, map picture),
//! to a file the person chose. Nothing is ever written anywhere else.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::export;
use crate::export::session::Session;
use crate::pipeline::Outcome;

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
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            SaveTarget::Session => "json",
            SaveTarget::Csv => "csv",
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
        }
    }

    /// What the status bar says once saved.
    pub fn done_message(self, path: &Path) -> String {
        let what = match self {
            SaveTarget::Session => "Session saved to",
            SaveTarget::Csv | SaveTarget::Json => "Topics exported to",
            SaveTarget::Html => "Report exported to",
            SaveTarget::MapPng => "Map exported to",
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

/// Writes `target` to `path`. `session` is what File ▸ Save session saves.
pub fn save(
    target: SaveTarget,
    path: &Path,
    outcome: &Outcome,
    session: &Session,
    colors: &[[u8; 3]],
    dark: bool,
) -> Result<(), String> {
    let fail = |e: &dyn std::fmt::Display| format!("Could not save {}: {e}", path.display());
    if target == SaveTarget::Session {
        return session.write(path).map_err(|e| e.to_string());
    }
    let file = std::fs::File::create(path).map_err(|e| fail(&e))?;
    let mut out = std::io::BufWriter::new(file);
    match target {
        SaveTarget::Session => {}
        SaveTarget::Csv => export::write_csv(outcome, &mut out).map_err(|e| fail(&e))?,
        SaveTarget::Json => export::write_json(outcome, &mut out).map_err(|e| fail(&e))?,
        SaveTarget::Html => {
            export::write_html_report(outcome, colors, &mut out).map_err(|e| fail(&e))?
        }
        SaveTarget::MapPng => {
            let [width, height] = MAP_PNG_SIZE;
            let png = export::render_map_png(outcome, colors, width, height, dark)
                .map_err(|e| fail(&e))?;
            out.write_all(&png).map_err(|e| fail(&e))?;
        }
    }
    out.flush().map_err(|e| fail(&e))
}
