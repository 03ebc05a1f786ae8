//! Bytes to text: binary detection, encoding detection and line-ending normalisation.
//!
//! A file is never dropped for one bad byte: undecodable bytes become U+FFFD.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

use super::SkipReason;

/// How much of the start of a file is inspected to tell binary from text.
const SNIFF_BYTES: usize = 8 * 1024;

/// Text to parse, or the reason the file is not text at all.
pub fn decode(bytes: &[u8]) -> Result<String, SkipReason> {
    if bytes.is_empty() {
        return Err(SkipReason::Empty);
    }
    let text = match Encoding::for_bom(bytes) {
        Some((encoding, bom_length)) => {
            let rest = &bytes[bom_length..];
            // UTF-16 is full of NUL bytes, so only the UTF-8 BOM leaves the byte test on;
            // UTF-16 is tested once decoded.
            if encoding == UTF_8 && looks_binary(rest) {
                return Err(SkipReason::Binary);
            }
            decoded(encoding, rest)?
        }
        None => match utf16_without_bom(bytes) {
            Some(encoding) => decoded(encoding, bytes)?,
            None if looks_binary(bytes) => return Err(SkipReason::Binary),
            None => decode_without_bom(bytes),
        },
    };
    let text = normalize_line_endings(&text);
    if text.trim().is_empty() {
        return Err(SkipReason::Empty);
    }
    Ok(text)
}

/// NUL bytes, or more than 10% control characters other than whitespace, near the start.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if sample.contains(&0) {
        return true;
    }
    let controls = sample
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b)) || b == 0x7f)
        .count();
    controls * 10 > sample.len()
}

/// The text in `encoding`, unless it decodes to control characters: a binary file that happens
/// to start like UTF-16.
fn decoded(encoding: &'static Encoding, bytes: &[u8]) -> Result<String, SkipReason> {
    let text = encoding.decode_without_bom_handling(bytes).0.into_owned();
    let sample: Vec<char> = text.chars().take(SNIFF_BYTES).collect();
    let controls = sample
        .iter()
        .filter(|&&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}' | '\u{1b}'))
        .count();
    if controls * 10 > sample.len() {
        return Err(SkipReason::Binary);
    }
    Ok(text)
}

/// UTF-16 without a byte order mark, as some Windows tools write it: text in a Latin, Greek or
/// Cyrillic script has a NUL as every other byte (the high byte of each unit), and almost none
/// in the other half. Other scripts in BOM-less UTF-16 cannot be told from binary data.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let units = sample.len() / 2;
    if units < 2 {
        return None;
    }
    let nul_at = |parity: usize| {
        sample
            .chunks_exact(2)
            .filter(|unit| unit[parity] == 0)
            .count()
    };
    let (low_first, high_first) = (nul_at(1), nul_at(0));
    let mostly = |count: usize| count * 10 >= units * 4;
    let hardly = |count: usize| count * 50 <= units;
    if mostly(low_first) && hardly(high_first) {
        Some(UTF_16LE)
    } else if mostly(high_first) && hardly(low_first) {
        Some(UTF_16BE)
    } else {
        None
    }
}

fn decode_without_bom(bytes: &[u8]) -> String {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.to_string();
    }
    if mostly_utf8(bytes) {
        return String::from_utf8_lossy(bytes).into_owned();
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Allow);
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

/// UTF-8 with some broken bytes (a bad copy-paste, a truncated character) rather than a
/// legacy encoding: it has valid multi-byte characters, at least one for every two invalid
/// sequences. Latin-1 or windows-1252 text almost never forms a valid multi-byte UTF-8
/// sequence; GBK or Shift JIS text forms one by chance for about one character in six, and
/// an invalid sequence for nearly every other.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut multibyte = 0usize;
    let mut invalid = 0usize;
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
        }
    }
    multibyte > 0 && invalid <= multibyte * 2
}

/// CRLF and lone CR become LF.
fn normalize_line_endings(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_utf8_is_kept() {
        assert_eq!(decode("Grüße, café".as_bytes()).unwrap(), "Grüße, café");
    }

    #[test]
    fn utf8_bom_is_dropped() {
        assert_eq!(decode(b"\xEF\xBB\xBFHello").unwrap(), "Hello");
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let text = "Café au lait\r\nsecond line";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for unit in text.encode_utf16() {
            le.extend_from_slice(&unit.to_le_bytes());
            be.extend_from_slice(&unit.to_be_bytes());
        }
        assert_eq!(decode(&le).unwrap(), "Café au lait\nsecond line");
        assert_eq!(decode(&be).unwrap(), "Café au lait\nsecond line");
    }

    #[test]
    fn utf16_without_bom_is_decoded() {
        // It was refused as binary for its NUL bytes.
        let text = "Caf\u{e9} au lait\r\n\u{41f}\u{440}\u{438}\u{432}\u{435}\u{442} second line";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let expected = "Caf\u{e9} au lait\n\u{41f}\u{440}\u{438}\u{432}\u{435}\u{442} second line";
        assert_eq!(decode(&le).unwrap(), expected);
        assert_eq!(decode(&be).unwrap(), expected);
        // An odd trailing byte is a broken last character, not a reason to refuse the file.
        let mut odd = le.clone();
        odd.push(b'x');
        assert!(decode(&odd).unwrap().starts_with("Caf\u{e9} au lait"));
    }

    #[test]
    fn binary_that_looks_like_utf16_is_still_binary() {
        // Little-endian 16-bit numbers: a NUL every other byte, but control characters once
        // decoded.
        let numbers: Vec<u8> = (0u16..400).flat_map(|n| (n % 31).to_le_bytes()).collect();
        assert_eq!(decode(&numbers), Err(SkipReason::Binary));
        let mut with_bom = vec![0xFF, 0xFE];
        with_bom.extend_from_slice(&numbers);
        assert_eq!(decode(&with_bom), Err(SkipReason::Binary));
    }

    #[test]
    fn latin1_is_detected() {
        assert_eq!(
            decode(b"Le caf\xe9 est ferm\xe9 le dimanche.").unwrap(),
            "Le café est fermé le dimanche."
        );
    }

    #[test]
    fn windows_1252_smart_quotes_are_detected() {
        let text = decode(b"He said \x93the market is open\x94 and it\x92s true.").unwrap();
        assert_eq!(
            text,
            "He said \u{201c}the market is open\u{201d} and it\u{2019}s true."
        );
    }

    #[test]
    fn one_bad_byte_in_utf8_becomes_a_replacement_character() {
        let text = decode(b"Z\xc3\xbcrich and M\xc3\xbcnchen \xff are cities.").unwrap();
        assert_eq!(text, "Zürich and München \u{FFFD} are cities.");
    }

    #[test]
    fn densely_broken_utf8_is_still_utf8() {
        // Read as windows-1252 ("ZÃ¼rich") when its invalid sequences (a stray byte, an
        // overlong form, a surrogate, a cut-off character) outnumbered its good characters.
        let mut bytes = b"Z\xc3\xbcrich tram strike ends. Z\xc3\xbcrich \xff M\xc3\xbcnchen \xc0\xaf \xed\xa0\x80 ".to_vec();
        bytes.extend_from_slice(b"Caf\xc3\xa9 \xe2\x82");
        let text = decode(&bytes).unwrap();
        assert!(text.starts_with("Zürich tram strike ends. Zürich \u{FFFD} München"));
        assert!(text.contains("Café"));
    }

    #[test]
    fn legacy_cjk_encodings_are_not_taken_for_broken_utf8() {
        for (encoding, text) in [
            (
                encoding_rs::GBK,
                "中央银行维持利率不变。中央银行周四维持主要利率不变。市场此前已预期这一决定。",
            ),
            (
                encoding_rs::SHIFT_JIS,
                "中央銀行が金利を据え置き。中央銀行は木曜日、主要金利を据え置いた。市場はこの決定を予想していた。",
            ),
            (
                encoding_rs::EUC_KR,
                "중앙은행이 기준금리를 동결했다. 시장은 이 결정을 예상했다.",
            ),
        ] {
            let (bytes, _, unmappable) = encoding.encode(text);
            assert!(!unmappable);
            assert_eq!(decode(&bytes).unwrap(), text, "{}", encoding.name());
        }
    }

    #[test]
    fn binary_is_refused_even_when_named_text() {
        assert_eq!(decode(b"PK\x03\x04\x00\x00binary"), Err(SkipReason::Binary));
        let controls: Vec<u8> = (0..200).map(|i| (i % 8) as u8 + 1).collect();
        assert_eq!(decode(&controls), Err(SkipReason::Binary));
    }

    #[test]
    fn line_endings_become_lf() {
        assert_eq!(decode(b"a\r\nb\rc\n").unwrap(), "a\nb\nc\n");
    }

    #[test]
    fn whitespace_only_is_empty() {
        assert_eq!(decode(b""), Err(SkipReason::Empty));
        assert_eq!(decode(b" \r\n\t\n"), Err(SkipReason::Empty));
        assert_eq!(decode(b"\xEF\xBB\xBF  \n"), Err(SkipReason::Empty));
    }
}
