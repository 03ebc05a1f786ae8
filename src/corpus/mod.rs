//! Loading a folder, a file or the built-in demo into a [`Corpus`] of documents.
//!
//! Every file that cannot be loaded is listed in the [`LoadReport`] with the reason, and loading
//! goes on: a bad file is never fatal. The user's files are only ever read.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// Where a document came from: a file (relative to the loaded root, or its file name when a
/// single file was loaded) and the 1-based position of the document inside that file.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Source {
    pub file: PathBuf,
    pub item: u32,
}

/// One news item: a story or a headline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// The headline, the explicit title, or (for a story without one) its first sentence.
    pub title: String,
    /// The text without the title; empty for a bare headline.
    pub body: String,
    /// True when `title` was given by the file (a title line, a title field, an HTML title)
    /// rather than taken from the start of `body`.
    pub title_is_explicit: bool,
    /// Every place this exact document was found; the first is where it was seen first.
    /// More than one when exact duplicates were merged.
    pub sources: Vec<Source>,
}

impl Document {
    /// The text analysed for the given fields. With `Fields::All`, an explicit title is followed
    /// by the body; a derived title is already the start of the body, so it is not repeated.
    pub fn text_for(&self, fields: Fields) -> std::borrow::Cow<'_, str> {
        use std::borrow::Cow;
        match fields {
            Fields::Title => Cow::Borrowed(&self.title),
            Fields::All if self.body.is_empty() => Cow::Borrowed(&self.title),
            Fields::All if !self.title_is_explicit || self.title.is_empty() => {
                Cow::Borrowed(&self.body)
            }
            Fields::All => Cow::Owned(format!("{}\n\n{}", self.title, self.body)),
        }
    }

    /// The first source: where this document was found first.
    pub fn source(&self) -> &Source {
        &self.sources[0]
    }
}

/// Which text of each document is clustered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fields {
    /// Title and body.
    #[default]
    All,
    /// Titles and headlines only.
    Title,
}
