//! CSV and TSV with a header row naming the title and text columns.

use std::path::Path;

use super::date::parse_date;
use super::record::{FieldMap, RecordDocuments, title_and_body};
use super::{FileOutcome, SkipReason};

/// A `.csv` (`delimiter` b',') or `.tsv` (b'\t') file. Rows may be ragged and quoted fields
/// may hold newlines. A `.csv` whose header names the columns only when split at semicolons
/// (as spreadsheets write it in languages with a decimal comma) is read with semicolons.
pub fn parse_delimited(text: &str, file: &Path, delimiter: u8) -> FileOutcome {
    let delimiter = if delimiter == b',' && semicolons_name_the_columns(text) {
        b';'
    } else {
        delimiter
    };
    let mut reader = reader(text, delimiter);
    let header = match reader.headers() {
        Ok(header) => header.clone(),
        Err(error) => {
            return FileOutcome::skipped(SkipReason::Malformed {
                message: format!("unreadable header row: {error}"),
            });
        }
    };
    let map = FieldMap::from_names(header.iter());
    if map.is_empty() {
        let columns: Vec<&str> = header.iter().map(str::trim).collect();
        return FileOutcome::skipped(SkipReason::Malformed {
            message: format!(
                "no title or text column (expected a column such as \"title\", \"headline\", \"text\" or \"description\"; found: {})",
                columns.join(", ")
            ),
        });
    }

    let mut records = RecordDocuments::new(file);
    for (index, row) in reader.records().enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        match row {
            Ok(row) => {
                let field = |column: Option<usize>| column.and_then(|c| row.get(c));
                records.push(
                    number,
                    title_and_body(field(map.title), field(map.text), field(map.description)),
                    field(map.date).and_then(parse_date),
                );
            }
            Err(error) => records.skip(
                number,
                SkipReason::Malformed {
                    message: format!("unreadable row: {error}"),
                },
            ),
        }
    }
    records.finish()
}

fn reader(text: &str, delimiter: u8) -> ::csv::Reader<&[u8]> {
    ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes())
}

/// The header row split at commas names no known column, and split at semicolons it does.
fn semicolons_name_the_columns(text: &str) -> bool {
    let known = |delimiter| {
        reader(text, delimiter)
            .headers()
            .is_ok_and(|header| !FieldMap::from_names(header.iter()).is_empty())
    };
    !known(b',') && known(b';')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_newlines_and_ragged_rows() {
        let text = "id,Title,Description,Text\n\
                    1,Rates held,\"Lead one.\",\"Para one.\n\nPara two.\"\n\
                    2,Short row\n\
                    3,,,\n\
                    4,Long row,Lead.,Text.,extra,columns\n\
                    5,,,\"Only text, no title. More.\"\n";
        let out = parse_delimited(text, Path::new("a.csv"), b',');
        let titles: Vec<&str> = out.documents.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Rates held",
                "Short row",
                "Long row",
                "Only text, no title."
            ]
        );
        assert_eq!(out.documents[0].body, "Lead one.\n\nPara one.\n\nPara two.");
        assert!(out.documents[1].body.is_empty());
        assert_eq!(out.documents[2].body, "Lead.\n\nText.");
        assert!(!out.documents[3].title_is_explicit);
        assert_eq!(out.documents[3].sources[0].item, 4);
        assert_eq!(out.skipped_items, [(3, SkipReason::NoText)]);
        assert!(out.skip.is_none());
    }

    #[test]
    fn rows_are_dated_by_a_date_column() {
        let text = "title,date\nRates held,2024-03-12\nStorm hits,\nVote counted,n/a\n";
        let out = parse_delimited(text, Path::new("a.csv"), b',');
        let dates: Vec<_> = out.documents.iter().map(|d| d.date).collect();
        assert_eq!(
            dates,
            [chrono::NaiveDate::from_ymd_opt(2024, 3, 12), None, None]
        );
    }

    #[test]
    fn semicolon_separated_csv_is_read() {
        // It was skipped for having no title or text column ("found: title;text").
        let text = "title;text;price\nRates held;\"The bank held rates; markets rose.\";1,5\n";
        let out = parse_delimited(text, Path::new("a.csv"), b',');
        assert_eq!(out.documents.len(), 1);
        assert_eq!(out.documents[0].title, "Rates held");
        assert_eq!(out.documents[0].body, "The bank held rates; markets rose.");
        // A comma-separated header that names its columns keeps commas, semicolons or not.
        let commas = "title,text\nA;B,C;D\n";
        let out = parse_delimited(commas, Path::new("a.csv"), b',');
        assert_eq!(out.documents[0].title, "A;B");
    }

    #[test]
    fn tsv_uses_tabs() {
        let text = "headline\tsummary\nMarkets rally\tStocks rose, and bonds fell.\n";
        let out = parse_delimited(text, Path::new("a.tsv"), b'\t');
        assert_eq!(out.documents.len(), 1);
        assert_eq!(out.documents[0].title, "Markets rally");
        assert_eq!(out.documents[0].body, "Stocks rose, and bonds fell.");
    }

    #[test]
    fn a_header_without_known_columns_skips_the_file() {
        let out = parse_delimited("a,b\n1,2\n", Path::new("a.csv"), b',');
        assert!(out.documents.is_empty());
        assert!(
            matches!(out.skip, Some(SkipReason::Malformed { ref message }) if message.ends_with("found: a, b)"))
        );
    }

    #[test]
    fn a_header_alone_has_no_text() {
        let out = parse_delimited("title,text\n", Path::new("a.csv"), b',');
        assert_eq!(out.skip, Some(SkipReason::NoText));
    }
}
