//! Exports of news databases: many articles in one file (text, Word, OpenDocument, RTF or a
//! saved page), each ended by the line the database puts after an article: "End of Document"
//! (Nexis) or "Document " and the article's accession number (Factiva, e.g. "Document
//! WSJO000020200102eg120000b"). Each stretch between such lines is one article, whatever its
//! lines look like: an article's date, byline and word count are not a list of headlines.
//! Where an article begins is not marked: a cover page before the first is read as its start.

use chrono::NaiveDate;

use super::date::parse_date;
use super::text::{MAX_HEADLINE_CHARS, Piece};

/// The articles of `text` when it holds at least one line that ends an article in a news
/// database's export, each titled by its first line; `None` for any other text.
pub(super) fn database_articles(text: &str) -> Option<Vec<Piece>> {
    if !text.lines().any(ends_an_article) {
        return None;
    }
    let mut articles = Vec::new();
    let mut lines: Vec<&str> = Vec::new();
    for line in text.lines() {
        if ends_an_article(line) {
            articles.extend(article(&lines));
            lines.clear();
        } else {
            lines.push(line);
        }
    }
    // What follows the last article (a search summary) is kept as a document of its own.
    articles.extend(article(&lines));
    Some(articles)
}

/// Whether `line` is one a database puts after each article.
fn ends_an_article(line: &str) -> bool {
    let line = line.trim();
    if line == "End of Document" {
        return true;
    }
    // Factiva's accession numbers: 20-odd letters and digits, say
    // "WSJO000020200102eg120000b" or "FT00000020010830dx8u00001".
    line.strip_prefix("Document ").is_some_and(|id| {
        (16..=40).contains(&id.len())
            && id.bytes().all(|b| b.is_ascii_alphanumeric())
            && id.bytes().any(|b| b.is_ascii_digit())
            && id.bytes().any(|b| b.is_ascii_alphabetic())
    })
}

/// One article from its lines: the first line with text is its title (unless it is a whole
/// paragraph), the rest its text, and its date the first line of its header that is only a
/// date; `None` when there is no text.
fn article(lines: &[&str]) -> Option<Piece> {
    let first = lines.iter().position(|l| !l.trim().is_empty())?;
    let line = lines[first].trim();
    let rest = lines[first + 1..].join("\n");
    let date = header_date(&lines[first..]);
    Some(if line.chars().count() <= MAX_HEADLINE_CHARS {
        Piece::Story {
            title: Some(line.to_string()),
            text: rest,
            date,
        }
    } else {
        Piece::Story {
            title: None,
            text: format!("{line}\n{rest}"),
            date,
        }
    })
}

/// Lines of an article's start searched for its date: the header (source, date, byline, word
/// count, section) comes before the story.
const HEADER_LINES: usize = 12;
/// A header's date line is short: "March 3, 2025 Monday" (Nexis), "2 January 2020" (Factiva).
/// A longer line that starts with a date is a sentence of the story.
const MAX_DATE_LINE_CHARS: usize = 32;

/// The date of an article: the first line among its first [`HEADER_LINES`] with text that is
/// a date and little else.
fn header_date(lines: &[&str]) -> Option<NaiveDate> {
    lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .take(HEADER_LINES)
        .filter(|l| l.chars().count() <= MAX_DATE_LINE_CHARS)
        .find_map(parse_date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles(pieces: &[Piece]) -> Vec<&str> {
        pieces
            .iter()
            .map(|p| match p {
                Piece::Story { title, .. } => title.as_deref().unwrap_or("(none)"),
                Piece::Headline(h) => h,
            })
            .collect()
    }

    #[test]
    fn a_nexis_export_is_an_article_each_with_its_metadata_in_its_text() {
        let export = "\
Runoff set as no candidate wins a majority

The Daily Ledger
March 3, 2025 Monday
Copyright 2025 The Daily Ledger
Section: WORLD; Length: 412 words
Byline: A. Reporter

Body

Officials said the runoff will be held in two weeks.

Load-Date: March 4, 2025

End of Document

Tariffs on steel rise again

The Evening Post
March 5, 2025 Wednesday

Body

Exporters warned of higher prices.

End of Document
";
        let pieces = database_articles(export).expect("an export");
        assert_eq!(
            titles(&pieces),
            [
                "Runoff set as no candidate wins a majority",
                "Tariffs on steel rise again"
            ]
        );
        let Piece::Story { text, .. } = &pieces[0] else {
            panic!("a story")
        };
        assert!(text.contains("The Daily Ledger") && text.contains("held in two weeks"));
        assert!(!text.contains("End of Document"));
        let day = |d| NaiveDate::from_ymd_opt(2025, 3, d);
        // The header's "March 3, 2025 Monday", not the later "Load-Date: March 4, 2025".
        assert_eq!(dates(&pieces), [day(3), day(5)]);
    }

    #[test]
    fn a_factiva_export_is_cut_at_its_accession_numbers() {
        let export = "\
Central bank holds rates
By Jane Doe
530 words
2 January 2020
The Wall Street Journal
English
The central bank left rates unchanged.
Document WSJO000020200102eg120000b
Floods close schools
210 words
3 January 2020
Schools were closed after the floods.
Document FT00000020200103eg1300001
Search Summary
Text: rates or floods
";
        let pieces = database_articles(export).expect("an export");
        assert_eq!(
            titles(&pieces),
            [
                "Central bank holds rates",
                "Floods close schools",
                "Search Summary"
            ]
        );
        let day = |d| NaiveDate::from_ymd_opt(2020, 1, d);
        assert_eq!(dates(&pieces), [day(2), day(3), None]);
    }

    #[test]
    fn an_export_in_another_language_is_dated_by_its_own_month_names() {
        let export = "\
Zentralbank hält die Zinsen
530 Wörter
2. Januar 2020
Handelsblatt
Deutsch
Die Zentralbank ließ die Zinsen unverändert.
Document HB00000020200102eg120000b
La banque centrale maintient ses taux
3 janvier 2020
La banque centrale a laissé ses taux inchangés.
Document LM00000020200103eg1300001
";
        let pieces = database_articles(export).expect("an export");
        let day = |d| NaiveDate::from_ymd_opt(2020, 1, d);
        assert_eq!(dates(&pieces), [day(2), day(3)]);
    }

    fn dates(pieces: &[Piece]) -> Vec<Option<NaiveDate>> {
        pieces
            .iter()
            .map(|p| match p {
                Piece::Story { date, .. } => *date,
                Piece::Headline(_) => None,
            })
            .collect()
    }

    #[test]
    fn an_article_is_dated_by_a_date_line_of_its_header_only() {
        // The date of the story's first sentence, or one past the header, is not the article's.
        let export = "\
Talks resume
12 March 2024 was the day the talks were first planned, officials recalled.
End of Document
Storm hits coast
Source
Section
Length: 100 words
Byline
Edition
Copyright
Pages
Language
Publication type
Subject
Geographic
12 March 2024
End of Document
";
        let pieces = database_articles(export).expect("an export");
        assert_eq!(dates(&pieces), [None, None]);
    }

    #[test]
    fn text_without_a_separator_line_is_not_an_export() {
        assert!(database_articles("A title\n\nSome text about a Document here.\n").is_none());
        // A sentence that starts like Factiva's line is not one.
        assert!(database_articles("Document 12 was signed.\nDocument the decision\n").is_none());
        assert!(!ends_an_article("Document 1234567890123456789"));
        assert!(!ends_an_article("Document WSJO0000 20200102eg120000b"));
        assert!(ends_an_article("  End of Document  "));
    }

    #[test]
    fn separators_with_nothing_between_give_no_empty_articles() {
        let pieces = database_articles("End of Document\n\nEnd of Document\nOne article\nText\n")
            .expect("an export");
        assert_eq!(titles(&pieces), ["One article"]);
    }
}
