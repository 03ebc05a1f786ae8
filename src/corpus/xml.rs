//! What the XML readers (news feeds, word processor files) share: references resolved to
//! text, and where in a file a parse error lies.

use quick_xml::events::{BytesRef, BytesStart};

/// The text of an entity or character reference: XML's five, and the HTML names feeds use
/// without declaring them ("&nbsp;", "&eacute;"). One that means nothing is kept as written.
pub(super) fn resolve_reference(reference: &BytesRef<'_>) -> Option<String> {
    if let Ok(Some(c)) = reference.resolve_char_ref() {
        return Some(c.to_string());
    }
    let name = reference.decode().ok()?;
    let written = format!("&{name};");
    Some(html_escape::decode_html_entities(&written).into_owned())
}

/// The line (from 1) of byte `position` of `text`, as a parse error reports it. Counted in
/// bytes: the position need not fall between two characters.
pub(super) fn line_of(text: &str, position: u64) -> usize {
    let end = usize::try_from(position).map_or(text.len(), |p| p.min(text.len()));
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The value of the attribute of `element` whose name, without a namespace prefix, is
/// `local_name`.
pub(super) fn attribute(element: &BytesStart<'_>, local_name: &[u8]) -> Option<Vec<u8>> {
    element
        .attributes()
        .flatten()
        .find(|attribute| attribute.key.local_name().as_ref() == local_name)
        .map(|attribute| attribute.value.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_position_inside_a_character_still_has_a_line() {
        let text = "first\nsecond é\nthird";
        let inside_e = text.find('é').unwrap() as u64 + 1;
        assert_eq!(line_of(text, inside_e), 2);
        assert_eq!(line_of(text, 0), 1);
        assert_eq!(line_of(text, u64::MAX), 3);
    }
}
