//! Splitting text into words with their byte offsets: Unicode word segmentation (UAX #29), and
//! overlapping character pairs for Chinese and Japanese, which are written without spaces.

use unicode_segmentation::UnicodeSegmentation;

/// True for ideographs and kana, the characters of scripts written without spaces between words.
pub fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x309F   // Hiragana
        | 0x3400..=0x4DBF // CJK Extension A
        | 0x4E00..=0x9FFF // CJK Unified Ideographs
        | 0xF900..=0xFAFF // CJK Compatibility Ideographs
        | 0x20000..=0x2FFFF)
}

/// Calls `emit(word, start)` for every word of `text`, in order; `start` is the word's byte
/// offset in `text`. A run of ideographs or kana, which UAX #29 splits into single characters,
/// is emitted as overlapping pairs ("贸易战" gives "贸易", "易战"), the usual way to index such
/// text without a dictionary; a run of one character is emitted as it is.
pub fn for_each_word<'t>(text: &'t str, mut emit: impl FnMut(&'t str, usize)) {
    // The current run of adjacent single unspaced-script characters: (start, end) of each.
    let mut run: Vec<(usize, usize)> = Vec::new();
    let flush = |run: &mut Vec<(usize, usize)>, emit: &mut dyn FnMut(&'t str, usize)| {
        match run.len() {
            0 => {}
            1 => emit(&text[run[0].0..run[0].1], run[0].0),
            _ => {
                for pair in run.windows(2) {
                    emit(&text[pair[0].0..pair[1].1], pair[0].0);
                }
            }
        }
        run.clear();
    };
    for (start, word) in text.unicode_word_indices() {
        let mut chars = word.chars();
        let single_unspaced =
            matches!((chars.next(), chars.next()), (Some(c), None) if is_unspaced_script(c));
        if single_unspaced {
            if run.last().is_some_and(|&(_, end)| end != start) {
                flush(&mut run, &mut emit);
            }
            run.push((start, start + word.len()));
        } else {
            flush(&mut run, &mut emit);
            emit(word, start);
        }
    }
    flush(&mut run, &mut emit);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(&str, usize)> {
        let mut out = Vec::new();
        for_each_word(text, |w, s| out.push((w, s)));
        out
    }

    #[test]
    fn words_keep_their_byte_offsets() {
        let text = "Tariffs rise — «exports» fall, Zölle steigen.";
        for (word, start) in words(text) {
            assert_eq!(&text[start..start + word.len()], word);
        }
        let list: Vec<&str> = words(text).into_iter().map(|(w, _)| w).collect();
        assert_eq!(
            list,
            ["Tariffs", "rise", "exports", "fall", "Zölle", "steigen"]
        );
    }

    #[test]
    fn apostrophes_and_numbers_stay_inside_words() {
        let list: Vec<&str> = words("Britain's GDP grew 2.5% in Q3")
            .into_iter()
            .map(|(w, _)| w)
            .collect();
        assert_eq!(list, ["Britain's", "GDP", "grew", "2.5", "in", "Q3"]);
    }

    #[test]
    fn chinese_becomes_overlapping_pairs() {
        let list: Vec<&str> = words("中美贸易战 升级")
            .into_iter()
            .map(|(w, _)| w)
            .collect();
        assert_eq!(list, ["中美", "美贸", "贸易", "易战", "升级"]);
    }

    #[test]
    fn japanese_mixes_pairs_and_katakana_words() {
        let list: Vec<&str> = words("日本の選挙でテレビ")
            .into_iter()
            .map(|(w, _)| w)
            .collect();
        assert!(list.contains(&"選挙"), "{list:?}");
        assert!(list.contains(&"テレビ"), "{list:?}");
    }

    #[test]
    fn a_single_ideograph_between_spaces_is_kept() {
        let list: Vec<&str> = words("税 up").into_iter().map(|(w, _)| w).collect();
        assert_eq!(list, ["税", "up"]);
    }
}
