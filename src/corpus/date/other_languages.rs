//! Dates written out in the other languages the analyzer knows. Most put the day before the
//! month: "12. März 2024", "mardi 12 mars 2024", "12 de marzo de 2024", "12 марта 2024 г.",
//! and the dotted numeric form "12.03.2024" that German, Russian and the Nordic languages
//! write (always day first; no language writes the month first with dots). Hungarian puts the
//! year first ("2024. március 12."), as do Chinese and Japanese ("2024年3月12日").

use chrono::NaiveDate;

/// Month names and their usual abbreviations, lower-cased, with the month's number. Russian,
/// Greek and Finnish write a date's month in another case than the month's own name
/// ("12 марта", not "март"); both are listed. No spelling means two different months in two
/// languages.
const MONTHS: &[(&str, u32)] = &[
    // German (and Austria's "Jänner")
    ("januar", 1),
    ("jänner", 1),
    ("februar", 2),
    ("märz", 3),
    ("mär", 3),
    ("mrz", 3),
    ("mai", 5),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("okt", 10),
    ("dezember", 12),
    ("dez", 12),
    // French
    ("janvier", 1),
    ("janv", 1),
    ("février", 2),
    ("févr", 2),
    ("fév", 2),
    ("mars", 3),
    ("avril", 4),
    ("avr", 4),
    ("juin", 6),
    ("juillet", 7),
    ("juil", 7),
    ("août", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("déc", 12),
    // Spanish
    ("enero", 1),
    ("ene", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("abr", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("ago", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    ("dic", 12),
    // Italian
    ("gennaio", 1),
    ("gen", 1),
    ("febbraio", 2),
    ("aprile", 4),
    ("maggio", 5),
    ("mag", 5),
    ("giugno", 6),
    ("giu", 6),
    ("luglio", 7),
    ("lug", 7),
    ("settembre", 9),
    ("set", 9),
    ("ottobre", 10),
    ("ott", 10),
    ("dicembre", 12),
    // Portuguese
    ("janeiro", 1),
    ("fevereiro", 2),
    ("fev", 2),
    ("março", 3),
    ("maio", 5),
    ("junho", 6),
    ("julho", 7),
    ("setembro", 9),
    ("outubro", 10),
    ("out", 10),
    ("novembro", 11),
    ("dezembro", 12),
    // Dutch
    ("januari", 1),
    ("februari", 2),
    ("maart", 3),
    ("mrt", 3),
    ("mei", 5),
    ("augustus", 8),
    // Swedish, Danish, Norwegian (beside the German and Dutch spellings they share)
    ("augusti", 8),
    ("marts", 3),
    ("maj", 5),
    ("desember", 12),
    ("des", 12),
    // Finnish (the partitive a date uses, then the name)
    ("tammikuuta", 1),
    ("helmikuuta", 2),
    ("maaliskuuta", 3),
    ("huhtikuuta", 4),
    ("toukokuuta", 5),
    ("kesäkuuta", 6),
    ("heinäkuuta", 7),
    ("elokuuta", 8),
    ("syyskuuta", 9),
    ("lokakuuta", 10),
    ("marraskuuta", 11),
    ("joulukuuta", 12),
    ("tammikuu", 1),
    ("helmikuu", 2),
    ("maaliskuu", 3),
    ("huhtikuu", 4),
    ("toukokuu", 5),
    ("kesäkuu", 6),
    ("heinäkuu", 7),
    ("elokuu", 8),
    ("syyskuu", 9),
    ("lokakuu", 10),
    ("marraskuu", 11),
    ("joulukuu", 12),
    // Romanian
    ("ianuarie", 1),
    ("februarie", 2),
    ("martie", 3),
    ("aprilie", 4),
    ("iunie", 6),
    ("iulie", 7),
    ("septembrie", 9),
    ("octombrie", 10),
    ("noiembrie", 11),
    ("decembrie", 12),
    // Turkish
    ("ocak", 1),
    ("şubat", 2),
    ("mart", 3),
    ("nisan", 4),
    ("mayıs", 5),
    ("haziran", 6),
    ("temmuz", 7),
    ("ağustos", 8),
    ("eylül", 9),
    ("ekim", 10),
    ("kasım", 11),
    ("aralık", 12),
    // Russian: the genitive a date uses, the name, and the abbreviations
    ("января", 1),
    ("февраля", 2),
    ("марта", 3),
    ("апреля", 4),
    ("мая", 5),
    ("июня", 6),
    ("июля", 7),
    ("августа", 8),
    ("сентября", 9),
    ("октября", 10),
    ("ноября", 11),
    ("декабря", 12),
    ("январь", 1),
    ("февраль", 2),
    ("март", 3),
    ("апрель", 4),
    ("май", 5),
    ("июнь", 6),
    ("июль", 7),
    ("август", 8),
    ("сентябрь", 9),
    ("октябрь", 10),
    ("ноябрь", 11),
    ("декабрь", 12),
    ("янв", 1),
    ("фев", 2),
    ("мар", 3),
    ("апр", 4),
    ("авг", 8),
    ("сен", 9),
    ("сент", 9),
    ("окт", 10),
    ("ноя", 11),
    ("нояб", 11),
    ("дек", 12),
    // Greek: the genitive a date uses
    ("ιανουαρίου", 1),
    ("φεβρουαρίου", 2),
    ("μαρτίου", 3),
    ("απριλίου", 4),
    ("μαΐου", 5),
    ("ιουνίου", 6),
    ("ιουλίου", 7),
    ("αυγούστου", 8),
    ("σεπτεμβρίου", 9),
    ("οκτωβρίου", 10),
    ("νοεμβρίου", 11),
    ("δεκεμβρίου", 12),
    // Hungarian
    ("január", 1),
    ("február", 2),
    ("febr", 2),
    ("március", 3),
    ("márc", 3),
    ("április", 4),
    ("ápr", 4),
    ("május", 5),
    ("máj", 5),
    ("június", 6),
    ("jún", 6),
    ("július", 7),
    ("júl", 7),
    ("augusztus", 8),
    ("szeptember", 9),
    ("szept", 9),
    ("október", 10),
    // Abbreviations that several of the languages above share (and English's, which
    // chrono's forms do not take after a German day's dot: "12. Jan. 2024")
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("april", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("august", 8),
    ("sep", 9),
    ("sept", 9),
    ("september", 9),
    ("oct", 10),
    ("oktober", 10),
    ("nov", 11),
    ("november", 11),
    ("dec", 12),
    ("december", 12),
];

/// Words that may stand between the day and the month or the month and the year: Spanish's
/// and Portuguese's "12 de marzo de 2024", Catalan's "de" and "d'", Spanish's "del".
const LINKS: &[&str] = &["de", "del", "d"];

/// The day `text` starts with, if it is written day, month, year in one of the languages
/// above, after at most one word (a weekday: "Dienstag, 12. März 2024"). Whatever follows the
/// year after a space or a comma (a time, "г.", "года") is not read.
pub fn day_month_year(text: &str) -> Option<NaiveDate> {
    let text = text.to_lowercase();
    dotted_numbers(&text)
        .or_else(|| in_words(&text))
        .or_else(|| year_first_in_words(&text))
        .or_else(|| year_month_day_signs(&text))
}

/// "12.03.2024", "1.3.2024": day, month and year between dots.
fn dotted_numbers(text: &str) -> Option<NaiveDate> {
    let end = text.find([' ', ',', 'T', 't']).unwrap_or(text.len());
    let mut parts = text[..end].split('.');
    let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
    // A fourth part may only be empty: "12.03.2024." ends a German sentence.
    if parts.next().is_some_and(|rest| !rest.is_empty()) || parts.next().is_some() {
        return None;
    }
    let short = |s: &str| (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    if !short(day) || !short(month) || year.len() != 4 {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

/// "12. März 2024", "1er mars 2024", "12 de marzo de 2024", "martedì 12 marzo 2024".
fn in_words(text: &str) -> Option<NaiveDate> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | '\'' | '’'))
        .filter(|w| !w.is_empty())
        .collect();
    // The day is the first or, after a weekday, the second word.
    let (at, day) = words
        .iter()
        .take(2)
        .enumerate()
        .find_map(|(i, w)| Some((i, day_number(w)?)))?;
    if at == 1 && !words[0].chars().all(char::is_alphabetic) {
        return None;
    }
    let mut rest = words[at + 1..].iter().filter(|w| !LINKS.contains(w));
    let month = month_number(rest.next()?)?;
    let year = rest.next()?;
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month, day)
}

/// Hungarian's "2024. március 12." and "2024. márc. 12., kedd".
fn year_first_in_words(text: &str) -> Option<NaiveDate> {
    let mut words = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.'))
        .filter(|w| !w.is_empty());
    let year = words.next()?;
    let month = month_number(words.next()?)?;
    let day = day_number(words.next()?)?;
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month, day)
}

/// Chinese's and Japanese's "2024年3月12日", with the ideographs for year, month and day.
fn year_month_day_signs(text: &str) -> Option<NaiveDate> {
    let (year, rest) = text.trim_start().split_once('年')?;
    let (month, rest) = rest.trim_start().split_once('月')?;
    let (day, _) = rest.trim_start().split_once('日')?;
    let number = |s: &str, digits: std::ops::RangeInclusive<usize>| {
        let s = s.trim();
        (digits.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let year = i32::try_from(number(year, 4..=4)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(month, 1..=2)?, number(day, 1..=2)?)
}

/// A day of the month as written before the month: "12", "1er" (French), "1º" (Spanish,
/// Portuguese).
fn day_number(word: &str) -> Option<u32> {
    let ordinal_one = ["1er", "1º", "1°"].contains(&word);
    let digits = if ordinal_one { "1" } else { word };
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn month_number(word: &str) -> Option<u32> {
    MONTHS
        .iter()
        .find(|(name, _)| *name == word)
        .map(|&(_, month)| month)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn dates_as_european_papers_and_databases_write_them() {
        for (text, expected) in [
            ("12. März 2024", day(2024, 3, 12)),
            ("Dienstag, 12. März 2024", day(2024, 3, 12)),
            ("3. Jänner 2025", day(2025, 1, 3)),
            ("12. Jan. 2024, 09:30", day(2024, 1, 12)),
            ("mardi 12 mars 2024", day(2024, 3, 12)),
            ("1er août 2024", day(2024, 8, 1)),
            ("12 de marzo de 2024", day(2024, 3, 12)),
            ("martes, 12 de marzo del 2024", day(2024, 3, 12)),
            ("1º de mayo de 2024", day(2024, 5, 1)),
            ("martedì 12 marzo 2024", day(2024, 3, 12)),
            ("12 de março de 2024", day(2024, 3, 12)),
            ("dinsdag 12 maart 2024", day(2024, 3, 12)),
            ("12 mrt. 2024", day(2024, 3, 12)),
            ("12 марта 2024 г.", day(2024, 3, 12)),
            ("12 марта 2024 года, 10:30", day(2024, 3, 12)),
            ("12 mars 2024 kl. 09.30", day(2024, 3, 12)),
            ("12. maaliskuuta 2024", day(2024, 3, 12)),
            ("12 martie 2024", day(2024, 3, 12)),
            ("12 Mart 2024 Salı", day(2024, 3, 12)),
            ("12 Μαρτίου 2024", day(2024, 3, 12)),
            ("12.03.2024", day(2024, 3, 12)),
            ("1.3.2024 09:30", day(2024, 3, 1)),
            ("12.03.2024.", day(2024, 3, 12)),
            ("2024. március 12.", day(2024, 3, 12)),
            ("2024. márc. 12., kedd", day(2024, 3, 12)),
            ("2024年3月12日", day(2024, 3, 12)),
            ("2024年03月12日 09:30", day(2024, 3, 12)),
        ] {
            assert_eq!(day_month_year(text), expected, "{text:?}");
        }
    }

    #[test]
    fn what_is_not_a_day_month_and_year_is_none() {
        for text in [
            "März 2024",
            "12. März",
            "31. Februar 2024",
            "12 mois 2024",
            "12 marzo 24",
            "2024.03.12",
            "12.03.24",
            "1.2.3.2024",
            "Berlin, im März 2024",
            "das war am 12. März 2024",
            "32 marzo 2024",
            "12er marzo 2024",
            "2024. március",
            "24. március 12.",
            "2024年3月",
            "2024年13月1日",
            "令和6年3月12日",
        ] {
            assert_eq!(day_month_year(text), None, "{text:?}");
        }
    }

    #[test]
    fn no_spelling_names_two_months() {
        for (i, (name, month)) in MONTHS.iter().enumerate() {
            assert_eq!(name.to_lowercase(), *name, "{name} is not lower case");
            for (other, other_month) in &MONTHS[i + 1..] {
                assert!(name != other || month == other_month, "{name} twice");
            }
        }
    }
}
