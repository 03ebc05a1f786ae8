//! JSON and JSON Lines: an article object, an array of them, or an object holding such an array
//! (e.g. NewsAPI's `{"articles": [...]}`); JSON Lines holds one article object per line.

use std::path::Path;

use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::date::{date_of_timestamp, parse_date};
use super::record::{FieldMap, RecordDocuments, title_and_body};
use super::{FileOutcome, SkipReason};

/// Keys that usually hold the list of articles, tried before any other array of objects.
const ARRAY_KEYS: &[&str] = &[
    "articles",
    "items",
    "results",
    "data",
    "documents",
    "docs",
    "stories",
    "news",
    "posts",
    "entries",
    "records",
    "rows",
];
/// How deep to look for an array of articles inside wrapper objects.
const MAX_NESTING: usize = 3;

/// A `.json` file.
pub fn parse_json(text: &str, file: &Path) -> FileOutcome {
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(error) => {
            // A `.json` file that is really JSON Lines still loads.
            if looks_like_json_lines(text) {
                return parse_json_lines(text, file);
            }
            return FileOutcome::skipped(SkipReason::Malformed {
                message: format!(
                    "invalid JSON at line {}: {}",
                    error.line(),
                    describe(&error)
                ),
            });
        }
    };
    let mut records = RecordDocuments::new(file);
    match article_array(&value, 0) {
        Some(items) => {
            for (index, item) in items.iter().enumerate() {
                let number = record_number(index);
                match item {
                    Value::Object(object) => {
                        let (fields, date) = article_of(object);
                        records.push(number, fields, date);
                    }
                    _ => records.skip(
                        number,
                        SkipReason::Malformed {
                            message: "not a JSON object".into(),
                        },
                    ),
                }
            }
        }
        None => match &value {
            Value::Object(object) => {
                let (fields, date) = article_of(object);
                records.push(1, fields, date);
            }
            _ => {
                return FileOutcome::skipped(SkipReason::Malformed {
                    message: "the JSON holds no articles (expected an object or a list of objects)"
                        .into(),
                });
            }
        },
    }
    records.finish()
}

/// A `.jsonl` or `.ndjson` file: a bad line is skipped with its line number, the rest loads.
pub fn parse_json_lines(text: &str, file: &Path) -> FileOutcome {
    let mut records = RecordDocuments::new(file);
    for (index, line) in text.lines().enumerate() {
        let number = record_number(index);
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(object)) => {
                let (fields, date) = article_of(&object);
                records.push(number, fields, date);
            }
            Ok(_) => records.skip(
                number,
                SkipReason::Malformed {
                    message: format!("line {number} is not a JSON object"),
                },
            ),
            Err(error) => records.skip(
                number,
                SkipReason::Malformed {
                    message: format!("invalid JSON on line {number}: {}", describe(&error)),
                },
            ),
        }
    }
    records.finish()
}

/// More than one line, and the first one is a complete JSON object on its own.
fn looks_like_json_lines(text: &str) -> bool {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let first_is_object = lines
        .next()
        .is_some_and(|l| matches!(serde_json::from_str(l), Ok(Value::Object(_))));
    first_is_object && lines.next().is_some()
}

/// The array of articles: the value itself, or the best array of objects inside wrapper objects.
fn article_array(value: &Value, depth: usize) -> Option<&Vec<Value>> {
    match value {
        Value::Array(items) => Some(items),
        Value::Object(object) if depth < MAX_NESTING && !has_article_fields(object) => {
            let arrays = || {
                object
                    .iter()
                    .filter(|(_, v)| is_array_of_objects(v))
                    .filter_map(|(k, v)| Some((k, v.as_array()?)))
            };
            let preferred = ARRAY_KEYS.iter().find_map(|wanted| {
                arrays()
                    .find(|(key, _)| key.eq_ignore_ascii_case(wanted))
                    .map(|(_, items)| items)
            });
            // Else the longest array; `max_by_key` keeps the last of equals, so break ties by
            // key order explicitly to stay deterministic.
            let longest = || {
                arrays()
                    .rev()
                    .max_by_key(|(_, items)| items.len())
                    .map(|(_, items)| items)
            };
            preferred.or_else(longest).or_else(|| {
                object
                    .values()
                    .filter(|v| v.is_object())
                    .find_map(|v| article_array(v, depth + 1))
            })
        }
        _ => None,
    }
}

fn is_array_of_objects(value: &Value) -> bool {
    value
        .as_array()
        .is_some_and(|items| !items.is_empty() && items.iter().any(Value::is_object))
}

fn has_article_fields(object: &Map<String, Value>) -> bool {
    let map = FieldMap::from_names(object.keys().map(String::as_str));
    !map.is_empty()
}

/// One article object's title and body, and its publication date: a date written as text, or
/// a Unix timestamp.
fn article_of(object: &Map<String, Value>) -> (Option<(String, String)>, Option<NaiveDate>) {
    let keys: Vec<&str> = object.keys().map(String::as_str).collect();
    let map = FieldMap::from_names(keys.iter().copied());
    let value = |index: Option<usize>| index.and_then(|i| object.get(keys[i]));
    let field = |index: Option<usize>| value(index).and_then(text_of);
    let fields = title_and_body(
        field(map.title).as_deref(),
        field(map.text).as_deref(),
        field(map.description).as_deref(),
    );
    let date = match value(map.date) {
        Some(Value::String(text)) => parse_date(text),
        Some(Value::Number(number)) => number.as_f64().and_then(date_of_timestamp),
        _ => None,
    };
    (fields, date)
}

/// A string, or a list of strings (paragraphs) joined by blank lines.
fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Array(parts) => {
            let strings: Vec<&str> = parts.iter().filter_map(Value::as_str).collect();
            (!strings.is_empty()).then(|| strings.join("\n\n"))
        }
        _ => None,
    }
}

/// serde_json's message without its " at line 3 column 5" tail, in plainer words.
fn describe(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let tail = format!(" at line {} column {}", error.line(), error.column());
    let message = message.strip_suffix(&tail).unwrap_or(&message);
    message
        .replace("EOF while parsing", "the text ends in the middle of")
        .replace("recursion limit exceeded", "nested too deeply")
}

fn record_number(index: usize) -> u32 {
    u32::try_from(index + 1).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles(outcome: &FileOutcome) -> Vec<&str> {
        outcome.documents.iter().map(|d| d.title.as_str()).collect()
    }

    #[test]
    fn a_single_object_is_one_article() {
        let out = parse_json(
            r#"{"title": "Rates held", "body": "The bank held rates."}"#,
            Path::new("a.json"),
        );
        assert_eq!(titles(&out), ["Rates held"]);
        assert_eq!(out.documents[0].body, "The bank held rates.");
        assert_eq!(out.documents[0].sources[0].item, 1);
        assert!(out.skip.is_none());
    }

    #[test]
    fn articles_are_dated_by_a_date_field_or_a_timestamp() {
        let out = parse_json_lines(
            "{\"title\": \"A\", \"publishedAt\": \"2024-03-12T09:30:00Z\"}\n\
             {\"title\": \"B\", \"timestamp\": 1710235800}\n\
             {\"title\": \"C\", \"date\": \"soon\"}\n\
             {\"title\": \"D\", \"pub_date\": \"12 March 2024\"}\n",
            Path::new("a.jsonl"),
        );
        let dates: Vec<_> = out.documents.iter().map(|d| d.date).collect();
        let day = NaiveDate::from_ymd_opt(2024, 3, 12);
        assert_eq!(dates, [day, day, None, day]);
    }

    #[test]
    fn an_array_of_objects_with_a_bad_item() {
        let out = parse_json(
            r#"[{"Headline": "One"}, 7, {"id": 3}, {"text": "Only a text. Second sentence."}]"#,
            Path::new("a.json"),
        );
        assert_eq!(titles(&out), ["One", "Only a text."]);
        assert!(out.documents[0].title_is_explicit);
        assert!(out.documents[0].body.is_empty());
        assert!(!out.documents[1].title_is_explicit);
        assert_eq!(out.documents[1].sources[0].item, 2);
        assert_eq!(
            out.skipped_items,
            [
                (
                    2,
                    SkipReason::Malformed {
                        message: "not a JSON object".into()
                    }
                ),
                (3, SkipReason::NoText)
            ]
        );
    }

    #[test]
    fn newsapi_articles_are_found_inside_the_wrapper() {
        let text = r#"{"status": "ok", "totalResults": 2, "articles": [
            {"source": {"id": null, "name": "Wire"}, "title": "A", "description": "Lead A.", "content": "Body A… [+100 chars]"},
            {"source": {"id": null, "name": "Wire"}, "title": "B", "description": "Lead B.", "content": "Lead B. More."}
        ]}"#;
        let out = parse_json(text, Path::new("news.json"));
        assert_eq!(titles(&out), ["A", "B"]);
        assert_eq!(out.documents[0].body, "Lead A.\n\nBody A…");
        assert_eq!(out.documents[1].body, "Lead B. More.");
    }

    #[test]
    fn deeper_wrappers_are_searched() {
        let out = parse_json(
            r#"{"response": {"results": [{"headline": "Deep"}]}}"#,
            Path::new("a.json"),
        );
        assert_eq!(titles(&out), ["Deep"]);
    }

    #[test]
    fn malformed_json_says_where() {
        let out = parse_json("{\n\"title\": \"x\"\n\"body\": 1}", Path::new("a.json"));
        assert!(out.documents.is_empty());
        assert_eq!(
            out.skip,
            Some(SkipReason::Malformed {
                message: "invalid JSON at line 3: expected `,` or `}`".into()
            })
        );
        let out = parse_json("[{\"title\": \"x\"", Path::new("a.json"));
        assert!(matches!(out.skip, Some(SkipReason::Malformed { .. })));
    }

    #[test]
    fn json_nested_too_deeply_says_so() {
        let out = parse_json(&"[".repeat(100_000), Path::new("a.json"));
        assert_eq!(
            out.skip,
            Some(SkipReason::Malformed {
                message: "invalid JSON at line 1: nested too deeply".into()
            })
        );
    }

    #[test]
    fn json_without_articles_is_skipped() {
        assert_eq!(
            parse_json("[]", Path::new("a.json")).skip,
            Some(SkipReason::NoText)
        );
        assert_eq!(
            parse_json(r#"{"id": 1}"#, Path::new("a.json")).skipped_items,
            [(1, SkipReason::NoText)]
        );
        assert!(matches!(
            parse_json("42", Path::new("a.json")).skip,
            Some(SkipReason::Malformed { .. })
        ));
    }

    #[test]
    fn json_lines_skip_a_bad_line_and_load_the_rest() {
        let text = "{\"title\": \"One\"}\n\n{\"title\": \"Two\",\n{\"title\": \"Three\", \"text\": \"Body.\"}\n[1]\n";
        let out = parse_json_lines(text, Path::new("a.jsonl"));
        assert_eq!(titles(&out), ["One", "Three"]);
        assert_eq!(out.documents[1].sources[0].item, 2);
        assert_eq!(out.skipped_items.len(), 2);
        assert_eq!(out.skipped_items[0].0, 3);
        assert!(
            matches!(&out.skipped_items[0].1, SkipReason::Malformed { message } if message.starts_with("invalid JSON on line 3"))
        );
        assert_eq!(out.skipped_items[1].0, 5);
    }

    #[test]
    fn a_json_file_holding_json_lines_still_loads() {
        let out = parse_json(
            "{\"title\": \"One\"}\n{\"title\": \"Two\"}\n",
            Path::new("a.json"),
        );
        assert_eq!(titles(&out), ["One", "Two"]);
    }
}
