//! Lower-casing into a reused buffer, without an allocation per word.

/// Writes the lower-case form of `word` into `buffer`, replacing what it held.
pub fn lowercase_into(word: &str, buffer: &mut String) {
    buffer.clear();
    if word.is_ascii() {
        buffer.push_str(word);
        buffer.make_ascii_lowercase();
    } else {
        buffer.extend(word.chars().flat_map(char::to_lowercase));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercases_ascii_and_unicode() {
        let mut buffer = String::from("left over");
        lowercase_into("Tariffs", &mut buffer);
        assert_eq!(buffer, "tariffs");
        lowercase_into("ÉLECTIONS", &mut buffer);
        assert_eq!(buffer, "élections");
        lowercase_into("Выборы", &mut buffer);
        assert_eq!(buffer, "выборы");
    }
}
