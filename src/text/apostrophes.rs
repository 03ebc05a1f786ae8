//! Apostrophes: English possessives ("Britain's" is "britain") and Romance elisions
//! ("l'économie" is "économie"), so the word under the apostrophe is what gets counted.

use super::Language;

/// Typographic apostrophes and look-alikes that people use in place of `'`.
const APOSTROPHES: [char; 4] = ['\'', '\u{2019}', '\u{02BC}', '\u{FF07}'];

/// The part of a lower-cased `word` that carries its meaning, and how many bytes were cut from
/// its start (so offsets still point into the original text).
pub fn strip_apostrophes(word: &str, language: Language) -> (&str, usize) {
    if !word.contains(APOSTROPHES) {
        return (word, 0);
    }
    let mut start = 0;
    let mut rest = word;
    // Elision: a short article or pronoun glued to the next word (l', d', qu', dell', all').
    if matches!(
        language,
        Language::French | Language::Italian | Language::Other
    ) && let Some((head, tail)) = rest.split_once(APOSTROPHES)
        && head.chars().count() <= 4
        && !tail.is_empty()
    {
        let apostrophe_len = rest[head.len()..].chars().next().map_or(1, char::len_utf8);
        start = head.len() + apostrophe_len;
        rest = tail;
    }
    // Possessive or a trailing apostrophe: "britain's", "voters'".
    for apostrophe in APOSTROPHES {
        let mut possessive = [0u8; 8];
        let suffix_len = apostrophe.encode_utf8(&mut possessive).len();
        possessive[suffix_len] = b's';
        if let Ok(suffix) = std::str::from_utf8(&possessive[..suffix_len + 1])
            && let Some(stripped) = rest.strip_suffix(suffix)
        {
            return (stripped, start);
        }
    }
    (rest.trim_end_matches(APOSTROPHES), start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_possessives_lose_their_s() {
        assert_eq!(
            strip_apostrophes("britain's", Language::English),
            ("britain", 0)
        );
        assert_eq!(
            strip_apostrophes("britain\u{2019}s", Language::English),
            ("britain", 0)
        );
        assert_eq!(
            strip_apostrophes("voters'", Language::English),
            ("voters", 0)
        );
        assert_eq!(strip_apostrophes("trade", Language::English), ("trade", 0));
    }

    #[test]
    fn romance_elisions_are_cut_and_offsets_follow() {
        assert_eq!(
            strip_apostrophes("l'économie", Language::French),
            ("économie", 2)
        );
        assert_eq!(
            strip_apostrophes("qu\u{2019}il", Language::French),
            ("il", 5)
        );
        assert_eq!(
            strip_apostrophes("dell'economia", Language::Italian),
            ("economia", 5)
        );
    }

    #[test]
    fn english_contractions_are_left_to_the_stop_words() {
        assert_eq!(strip_apostrophes("don't", Language::English), ("don't", 0));
    }
}
