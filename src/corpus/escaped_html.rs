//! Text that went through a web page or feed with its HTML escaped: "&lt;b&gt;...&lt;/b&gt;",
//! "AT&amp;T", "&quot;quoted&quot;". News exported from feeds and scrapers is full of it, and
//! read as plain text every "&lt;" becomes the word "lt": topics get labelled "gt · lt". The
//! character references are decoded and the tags that the escaping hid are dropped.

use std::borrow::Cow;

/// An escaped tag is at most this long ("&lt;a href=...&gt;"); anything longer is prose that
/// happens to hold "&lt;" and, later, "&gt;".
const MAX_ESCAPED_TAG_BYTES: usize = 400;

/// `text` with escaped tags removed and character references decoded; borrowed when there is
/// nothing to do.
pub fn unescape(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let without_tags = remove_escaped_tags(text);
    match html_escape::decode_html_entities(without_tags.as_ref()) {
        Cow::Borrowed(_) => without_tags,
        Cow::Owned(decoded) => Cow::Owned(decoded),
    }
}

/// Removes every "&lt;tag ...&gt;" and "&lt;/tag&gt;" (a letter right after the "&lt;" or
/// "&lt;/", the "&gt;" on the same line and close by).
fn remove_escaped_tags(text: &str) -> Cow<'_, str> {
    const OPEN: &str = "&lt;";
    const CLOSE: &str = "&gt;";
    if !text.contains(OPEN) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(OPEN) {
        let after = &rest[start + OPEN.len()..];
        let name = after.strip_prefix('/').unwrap_or(after);
        let tag_end = name
            .starts_with(|c: char| c.is_ascii_alphabetic())
            .then(|| after.find(CLOSE))
            .flatten()
            .filter(|&end| end <= MAX_ESCAPED_TAG_BYTES && !after[..end].contains('\n'));
        match tag_end {
            Some(end) => {
                out.push_str(&rest[..start]);
                rest = &after[end + CLOSE.len()..];
            }
            None => {
                out.push_str(&rest[..start + OPEN.len()]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_tags_go_and_references_are_decoded() {
        assert_eq!(
            unescape("Blast kills three in crowded market &lt;b&gt;...&lt;/b&gt;"),
            "Blast kills three in crowded market ..."
        );
        assert_eq!(
            unescape(
                "Nortel Networks Corp. &lt;A HREF=\"http://example.com/q?t=NT.TO\"&gt;NT.TO&lt;/A&gt; said"
            ),
            "Nortel Networks Corp. NT.TO said"
        );
        assert_eq!(
            unescape("AT&amp;T says &quot;no&quot; &#8212; it&#39;s final"),
            "AT&T says \"no\" — it's final"
        );
    }

    #[test]
    fn plain_text_and_prose_comparisons_are_left_alone() {
        assert!(matches!(unescape("No markup here."), Cow::Borrowed(_)));
        assert!(matches!(unescape("Tom & Jerry"), Cow::Borrowed(_)));
        // Not a tag: no letter after "&lt;".
        assert_eq!(unescape("if x &lt; 3 and y &gt; 4"), "if x < 3 and y > 4");
        // A "&gt;" on another line does not close a tag.
        assert_eq!(unescape("a &lt;b\nc&gt; d"), "a <b\nc> d");
    }
}
