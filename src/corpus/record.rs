//! Records with named fields (JSON objects, CSV rows) to documents: which field is the title
//! and which the text is recognised by name, case-insensitively, in English or in the other
//! major European languages ("titel", "texte", "fecha", "заголовок").

use std::path::Path;

use chrono::NaiveDate;

use super::escaped_html::unescape;
use super::text::story_document;
use super::{FileOutcome, SkipReason, Source};

/// Field names of a title, best first: English's, then German's, Dutch's and the Nordic
/// languages' ("titel"), French's, Spanish's and Portuguese's, Italian's, Russian's.
const TITLE_FIELDS: &[&str] = &[
    "title",
    "headline",
    "heading",
    "titel",
    "überschrift",
    "titre",
    "título",
    "titulo",
    "titolo",
    "заголовок",
    "название",
];
/// Field names of the main text, best first, in the same languages.
const TEXT_FIELDS: &[&str] = &[
    "text",
    "body",
    "content",
    "article",
    "story",
    "inhalt",
    "artikel",
    "tekst",
    "texte",
    "contenu",
    "texto",
    "contenido",
    "conteúdo",
    "testo",
    "contenuto",
    "текст",
];
/// Field names of a short description, used with or instead of the main text.
const DESCRIPTION_FIELDS: &[&str] = &[
    "description",
    "summary",
    "abstract",
    "lead",
    "zusammenfassung",
    "beschreibung",
    "résumé",
    "resumen",
    "sommario",
    "описание",
];
/// Field names of the publication date, best first (a name ending in "date", such as
/// "pub_date", counts too), then the other languages' names for a date.
const DATE_FIELDS: &[&str] = &[
    "date",
    "published",
    "publishedAt",
    "published_at",
    "pubDate",
    "datePublished",
    "date_published",
    "publication_date",
    "datetime",
    "timestamp",
    "created_at",
    "time",
    "datum",
    "fecha",
    "dato",
    "дата",
];

/// Which columns (or keys) hold the title, the text and the description.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct FieldMap {
    pub title: Option<usize>,
    pub text: Option<usize>,
    pub description: Option<usize>,
    /// The publication date: not a field of the text, so alone it makes no article.
    pub date: Option<usize>,
}

impl FieldMap {
    /// Recognises the fields among `names` (e.g. a CSV header).
    pub fn from_names<'a>(names: impl IntoIterator<Item = &'a str> + Clone) -> Self {
        // An exact name wins; else the last word of a name like "short_description".
        let last_word = |name: &str| {
            name.trim()
                .rsplit(['_', '-', ' ', '.'])
                .next()
                .unwrap_or_default()
                .to_string()
        };
        let position = |wanted: &str, key: &dyn Fn(&str) -> String| {
            names
                .clone()
                .into_iter()
                .position(|name| key(name).to_lowercase() == wanted.to_lowercase())
        };
        let find = |wanted: &[&str]| {
            let exact = |name: &str| name.trim().to_string();
            wanted
                .iter()
                .find_map(|w| position(w, &exact))
                .or_else(|| wanted.iter().find_map(|w| position(w, &last_word)))
        };
        FieldMap {
            title: find(TITLE_FIELDS),
            text: find(TEXT_FIELDS),
            description: find(DESCRIPTION_FIELDS),
            date: find(DATE_FIELDS),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.title.is_none() && self.text.is_none() && self.description.is_none()
    }
}

/// A record's title and body, or `None` when it has neither. The body is the main text; when
/// there is also a description that the text does not already start with, the description
/// comes first (news APIs give a lead paragraph and a truncated or separate text).
pub(super) fn title_and_body(
    title: Option<&str>,
    text: Option<&str>,
    description: Option<&str>,
) -> Option<(String, String)> {
    let title = clean(title).map(unescape).unwrap_or_default().into_owned();
    let text = clean(text).map(strip_truncation_marker).map(unescape);
    let text = text.as_deref();
    let description = clean(description).map(unescape);
    let description = description.as_deref();
    let body = match (description, text) {
        (Some(d), Some(t)) if !t.starts_with(d) => format!("{d}\n\n{t}"),
        (_, Some(t)) => t.to_string(),
        (Some(d), None) => d.to_string(),
        (None, None) => String::new(),
    };
    if title.is_empty() && body.is_empty() {
        None
    } else {
        Some((title, body))
    }
}

/// Collects the documents of a file of records, numbering documents 1, 2, ... and keeping the
/// record number of every record that was skipped.
pub(super) struct RecordDocuments<'a> {
    file: &'a Path,
    outcome: FileOutcome,
}

impl<'a> RecordDocuments<'a> {
    pub fn new(file: &'a Path) -> Self {
        RecordDocuments {
            file,
            outcome: FileOutcome::default(),
        }
    }

    /// Adds record number `record` (1-based) with its title and body, if it had any, and the
    /// day it was published, if known.
    pub fn push(&mut self, record: u32, fields: Option<(String, String)>, date: Option<NaiveDate>) {
        match fields {
            Some((title, body)) => {
                let item = u32::try_from(self.outcome.documents.len() + 1).unwrap_or(u32::MAX);
                let source = Source {
                    file: self.file.to_path_buf(),
                    item,
                };
                let title = Some(title).filter(|t| !t.is_empty());
                let mut document = story_document(title, body, source);
                document.date = date;
                self.outcome.documents.push(document);
            }
            None => self.skip(record, SkipReason::NoText),
        }
    }

    pub fn skip(&mut self, record: u32, reason: SkipReason) {
        self.outcome.skipped_items.push((record, reason));
    }

    /// The outcome; a file without a single record is skipped as holding no text.
    pub fn finish(mut self) -> FileOutcome {
        if self.outcome.documents.is_empty() && self.outcome.skipped_items.is_empty() {
            self.outcome.skip = Some(SkipReason::NoText);
        }
        self.outcome
    }
}

fn clean(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|s| !s.is_empty())
}

/// NewsAPI cuts `content` with "… [+1234 chars]"; the marker is not part of the article.
fn strip_truncation_marker(text: &str) -> &str {
    let Some(start) = text.rfind("[+") else {
        return text;
    };
    let marker = &text[start + 2..];
    let is_marker = marker
        .strip_suffix(" chars]")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if is_marker {
        text[..start].trim_end()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_recognised_case_insensitively() {
        let map = FieldMap::from_names(["id", "Headline", "Summary", "BODY"]);
        assert_eq!(
            map,
            FieldMap {
                title: Some(1),
                text: Some(3),
                description: Some(2),
                date: None,
            }
        );
        let dated = FieldMap::from_names(["title", "pub_date", "text"]);
        assert_eq!(dated.date, Some(1));
        let news_api = FieldMap::from_names(["title", "publishedAt", "content"]);
        assert_eq!(news_api.date, Some(1));
        assert!(FieldMap::from_names(["id", "date"]).is_empty());
        assert!(FieldMap::from_names(["id", "label"]).is_empty());
        let huffpost = FieldMap::from_names(["category", "headline", "short_description"]);
        assert_eq!(huffpost.title, Some(1));
        assert_eq!(huffpost.description, Some(2));
    }

    #[test]
    fn fields_named_in_other_languages_are_recognised() {
        // Each header's title, text and date columns.
        for (names, expected) in [
            (["Titel", "Datum", "Text"], (Some(0), Some(2), Some(1))),
            (["titre", "texte", "date"], (Some(0), Some(1), Some(2))),
            (["fecha", "Título", "texto"], (Some(1), Some(2), Some(0))),
            (["ЗАГОЛОВОК", "ТЕКСТ", "Дата"], (Some(0), Some(1), Some(2))),
            // Italian's and Portuguese's "data" is not taken: in English it names anything.
            (["titolo", "testo", "data"], (Some(0), Some(1), None)),
        ] {
            let map = FieldMap::from_names(names);
            assert_eq!((map.title, map.text, map.date), expected, "{names:?}");
        }
        let german = FieldMap::from_names(["Überschrift", "Zusammenfassung", "Inhalt"]);
        assert_eq!(
            (german.title, german.description, german.text),
            (Some(0), Some(1), Some(2))
        );
    }

    #[test]
    fn description_goes_before_a_text_that_does_not_repeat_it() {
        let (title, body) = title_and_body(Some(" T "), Some("Text."), Some("Lead.")).unwrap();
        assert_eq!((title.as_str(), body.as_str()), ("T", "Lead.\n\nText."));
        let (_, body) = title_and_body(Some("T"), Some("Lead. And more."), Some("Lead.")).unwrap();
        assert_eq!(body, "Lead. And more.");
        let (_, body) = title_and_body(None, None, Some("Only lead.")).unwrap();
        assert_eq!(body, "Only lead.");
    }

    #[test]
    fn a_title_alone_is_a_headline_and_nothing_is_nothing() {
        assert_eq!(
            title_and_body(Some("Headline"), Some("  "), None),
            Some(("Headline".into(), String::new()))
        );
        assert_eq!(title_and_body(Some(" "), None, Some("")), None);
    }

    #[test]
    fn newsapi_truncation_marker_is_removed() {
        let (_, body) =
            title_and_body(Some("T"), Some("The start of it… [+2345 chars]"), None).unwrap();
        assert_eq!(body, "The start of it…");
    }
}
