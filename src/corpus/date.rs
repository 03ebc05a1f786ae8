//! Publication dates as files write them: RFC 2822 in feeds and mail ("Tue, 12 Mar 2024
//! 09:30:00 GMT"), ISO 8601 in records and pages ("2024-03-12T09:30:00Z", "2024-03-12"), and
//! dates written out in English ("12 March 2024", "March 12, 2024") and in the other languages
//! the analyzer knows ("12. März 2024", "12 de marzo de 2024"; see [`other_languages`]). Only
//! the calendar day is kept, as the writer's own clock gave it. A date that could be read two
//! ways ("03/04/2024") is not guessed at.

mod other_languages;

use chrono::{DateTime, NaiveDate};

/// Years taken as a publication date; anything else is a mistyped or placeholder value
/// ("0001-01-01", "9999-12-31").
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// Dates written out in words or with slashes, tried in order on what is left after the
/// numeric forms; each may be followed by anything (a time, a weekday).
const WRITTEN_FORMS: &[&str] = &[
    "%Y/%m/%d",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%b %d %Y",
    "%A, %d %B %Y",
    "%A, %B %d, %Y",
    "%a, %d %b %Y",
];

/// The day `text` gives, if it is a date in one of the forms above.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if text.is_empty() || text.len() > 64 {
        return None;
    }
    let day = DateTime::parse_from_rfc3339(text)
        .or_else(|_| DateTime::parse_from_rfc2822(text))
        .map(|moment| moment.date_naive())
        .ok()
        .or_else(|| iso_day(text))
        .or_else(|| {
            WRITTEN_FORMS.iter().find_map(|form| {
                NaiveDate::parse_and_remainder(text, form)
                    .ok()
                    .filter(|(_, rest)| rest.is_empty() || rest.starts_with([' ', ',', 'T']))
                    .map(|(day, _)| day)
            })
        })
        .or_else(|| other_languages::day_month_year(text))?;
    plausible(day)
}

/// The day of a Unix timestamp: seconds, or milliseconds where the number is too large for
/// seconds (JavaScript writes milliseconds).
pub fn date_of_timestamp(value: f64) -> Option<NaiveDate> {
    if !value.is_finite() || value <= 0.0 {
        return None;
    }
    let seconds = if value >= 1e11 { value / 1000.0 } else { value };
    let moment = DateTime::from_timestamp(seconds as i64, 0)?;
    plausible(moment.date_naive())
}

/// "2024-03-12" at the start of `text`, whatever follows it (a time without an offset).
fn iso_day(text: &str) -> Option<NaiveDate> {
    let head = text.get(..10)?;
    let rest = &text[10..];
    if !rest.is_empty() && !rest.starts_with(['T', 't', ' ']) {
        return None;
    }
    NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()
}

/// The day, if it is a real one in the years taken as publication dates.
pub fn calendar_day(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    plausible(NaiveDate::from_ymd_opt(year, month, day)?)
}

fn plausible(day: NaiveDate) -> Option<NaiveDate> {
    use chrono::Datelike;
    YEARS.contains(&day.year()).then_some(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn the_forms_feeds_mail_records_and_pages_use() {
        for (text, expected) in [
            ("Tue, 12 Mar 2024 09:30:00 GMT", day(2024, 3, 12)),
            ("Tue, 12 Mar 2024 23:30:00 -0500", day(2024, 3, 12)),
            ("12 Mar 2024 09:30:00 +0000", day(2024, 3, 12)),
            ("2024-03-12T09:30:00Z", day(2024, 3, 12)),
            ("2024-03-12T23:30:00-05:00", day(2024, 3, 12)),
            ("2024-03-12T09:30:00", day(2024, 3, 12)),
            ("2024-03-12 09:30:00.000", day(2024, 3, 12)),
            (" 2024-03-12 ", day(2024, 3, 12)),
            ("2024/03/12", day(2024, 3, 12)),
            ("12 March 2024", day(2024, 3, 12)),
            ("March 12, 2024 Tuesday", day(2024, 3, 12)),
            ("Mar 12, 2024, 9:30 AM", day(2024, 3, 12)),
            ("Tuesday, 12 March 2024", day(2024, 3, 12)),
            ("Dienstag, 12. März 2024", day(2024, 3, 12)),
            ("12 de marzo de 2024", day(2024, 3, 12)),
            ("12.03.2024", day(2024, 3, 12)),
            ("1899-12-31", None),
            ("12. März 1850", None),
        ] {
            assert_eq!(parse_date(text), expected, "{text:?}");
        }
    }

    #[test]
    fn what_is_not_a_date_or_could_be_two_is_none() {
        for text in [
            "",
            "yesterday",
            "03/04/2024",
            "2024-13-01",
            "2024-02-30",
            "0001-01-01",
            "9999-12-31T00:00:00Z",
            "2024-03-12abc",
            "March 2024",
            "12",
        ] {
            assert_eq!(parse_date(text), None, "{text:?}");
        }
    }

    #[test]
    fn timestamps_in_seconds_or_milliseconds() {
        assert_eq!(date_of_timestamp(1_710_235_800.0), day(2024, 3, 12));
        assert_eq!(date_of_timestamp(1_710_235_800_000.0), day(2024, 3, 12));
        assert_eq!(date_of_timestamp(-5.0), None);
        assert_eq!(date_of_timestamp(f64::NAN), None);
        assert_eq!(date_of_timestamp(1e300), None);
    }
}
