//! A linear pass over HTML source that bounds how deeply elements nest before the HTML parser
//! sees it.
//!
//! The parser scans its stack of open elements for most start tags, so its time grows with
//! the square of the nesting depth: 4,000 nested `<div>`s took over a second in a debug build,
//! and the 4 million that fit in a 20 MB file would take days. Pages people read nest a few
//! dozen levels. Start tags beyond [`MAX_DEPTH`] open elements are dropped, with their end
//! tags, which loses at most line breaks from the visible text.

use std::borrow::Cow;
use std::collections::HashMap;

/// Open elements kept; deeper start tags are dropped.
pub(super) const MAX_DEPTH: usize = 256;

/// Elements that never have content or an end tag.
const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img",
    "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
];
/// Elements that a later sibling of the same kind closes (`<li>`, `<p>`, table cells, ...), or
/// that exist once: they do not nest, so they do not count.
const SELF_CLOSING: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot",
    "caption", "colgroup", "rb", "rt", "rp", "rtc", "html", "head", "body",
];
/// Elements whose content is text up to their end tag, not markup.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

/// The source with start tags nested deeper than [`MAX_DEPTH`] removed (borrowed unchanged
/// when none is). Depth is estimated from start and end tags: elements left open count as
/// nested, so the estimate is never below the depth the parser will build from counted tags.
pub(super) fn limit_nesting(source: &str) -> Cow<'_, str> {
    let bytes = source.as_bytes();
    let mut out = Dropper {
        source,
        text: None,
        copied: 0,
    };
    let mut depth = 0usize;
    let mut dropped: HashMap<String, usize> = HashMap::new();
    let mut name = String::new();
    let mut i = 0;
    while let Some(offset) = bytes[i..].iter().position(|&b| b == b'<') {
        let start = i + offset;
        let rest = &bytes[start..];
        if rest.starts_with(b"<!--") {
            i = find(bytes, start + 4, b"-->").map_or(bytes.len(), |p| p + 3);
            continue;
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            i = tag_end(bytes, start + 2);
            continue;
        }
        let is_end = rest.starts_with(b"</");
        let name_start = start + if is_end { 2 } else { 1 };
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b':' | b'_'))
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            i = start + 1;
            continue;
        }
        name.clear();
        name.push_str(&source[name_start..name_start + name_len]);
        name.make_ascii_lowercase();
        let end = tag_end(bytes, name_start + name_len);
        let counted = !VOID.contains(&name.as_str()) && !SELF_CLOSING.contains(&name.as_str());

        if is_end {
            match dropped.get_mut(name.as_str()) {
                Some(count) if *count > 0 => {
                    *count -= 1;
                    out.drop(start..end);
                }
                _ if counted => depth = depth.saturating_sub(1),
                _ => {}
            }
            i = end;
        } else if RAW_TEXT.contains(&name.as_str()) {
            let element_end = if name == "plaintext" {
                bytes.len()
            } else {
                end_tag(bytes, end, name.as_bytes())
                    .map_or(bytes.len(), |close| tag_end(bytes, close))
            };
            if depth >= MAX_DEPTH {
                out.drop(start..element_end);
            }
            i = element_end;
        } else {
            if counted {
                if depth >= MAX_DEPTH {
                    *dropped.entry(name.clone()).or_default() += 1;
                    out.drop(start..end);
                } else {
                    depth += 1;
                }
            }
            i = end;
        }
    }
    out.finish()
}

/// Copies the source except the dropped ranges, allocating only once something is dropped.
struct Dropper<'a> {
    source: &'a str,
    text: Option<String>,
    /// The source before this is in `text` (or dropped).
    copied: usize,
}

impl<'a> Dropper<'a> {
    fn drop(&mut self, range: std::ops::Range<usize>) {
        let source = self.source;
        let text = self
            .text
            .get_or_insert_with(|| String::with_capacity(source.len()));
        text.push_str(&source[self.copied..range.start]);
        self.copied = range.end;
    }

    fn finish(self) -> Cow<'a, str> {
        match self.text {
            None => Cow::Borrowed(self.source),
            Some(mut text) => {
                text.push_str(&self.source[self.copied..]);
                Cow::Owned(text)
            }
        }
    }
}

/// The index after the `>` that ends the tag whose attributes start at `from` (quoted values
/// may hold `>`), or the end of the source.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate().skip(from) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'>') => return i + 1,
            _ => {}
        }
    }
    bytes.len()
}

/// Where `needle` first occurs at or after `from`.
fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

/// The index of the `</name` (any case) that closes a raw-text element, searching from `from`.
fn end_tag(bytes: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut at = from;
    while let Some(open) = find(bytes, at, b"</") {
        let after = open + 2;
        let matches_name = bytes
            .get(after..after + name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name));
        let ends_name = bytes
            .get(after + name.len())
            .is_none_or(|b| !b.is_ascii_alphanumeric());
        if matches_name && ends_name {
            return Some(open);
        }
        at = after;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_pages_are_borrowed_unchanged() {
        let page = "<!DOCTYPE html><html><head><title>T</title><script>if (a<b) x('</div>')</script></head>\
                    <body><div class=\"a>b\"><p>One<p>Two<br><img src=x><ul><li>a<li>b</ul></div><!-- <div> --></body></html>";
        assert!(matches!(limit_nesting(page), Cow::Borrowed(_)));
    }

    #[test]
    fn start_tags_past_the_limit_and_their_end_tags_are_dropped() {
        let n = MAX_DEPTH + 10;
        let page = "<div>".repeat(n) + "deep text" + &"</div>".repeat(n) + "<b>after</b>";
        let limited = limit_nesting(&page);
        let expected =
            "<div>".repeat(MAX_DEPTH) + "deep text" + &"</div>".repeat(MAX_DEPTH) + "<b>after</b>";
        assert_eq!(limited, expected);
    }

    #[test]
    fn raw_text_past_the_limit_is_dropped_whole() {
        let page = "<span>".repeat(MAX_DEPTH) + "<script>var a = '<div>';</script>text<style>p{}";
        let limited = limit_nesting(&page);
        assert_eq!(limited, "<span>".repeat(MAX_DEPTH) + "text");
    }

    #[test]
    fn elements_that_do_not_nest_are_not_counted() {
        let page = "<p>x".repeat(10 * MAX_DEPTH) + &"<li>y<td>z<br>".repeat(10 * MAX_DEPTH);
        assert!(matches!(limit_nesting(&page), Cow::Borrowed(_)));
    }

    #[test]
    fn broken_markup_ends_the_scan_without_a_panic() {
        for page in [
            "<",
            "</",
            "<div",
            "<div title=\"unclosed>",
            "<!--",
            "<script>",
            "<1>",
            "<é>",
        ] {
            assert_eq!(limit_nesting(page), page);
        }
    }
}
