//! News feeds: RSS 2.0, RSS 1.0 (RDF) and Atom. Each `<item>` or `<entry>` is a document: its
//! title, and as its text the full content (`content:encoded`, Atom's `<content>`) after the
//! description or summary. Feeds carry HTML inside their fields; it is read as visible text.
//! The feed's own title and links are not documents.

use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::date::parse_date;
use super::html::fragment_text;
use super::record::{RecordDocuments, title_and_body};
use super::xml::{line_of, resolve_reference};
use super::{FileOutcome, SkipReason};

/// Root elements of a feed (local names, without a namespace prefix).
const FEED_ROOTS: &[&str] = &["rss", "RDF", "feed"];
/// Elements that are one story.
const ITEMS: &[&str] = &["item", "entry"];

/// The field of a story an element holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Content,
    Description,
    /// When the story was published: RSS's `pubDate`, Atom's `published`, Dublin Core's
    /// `dc:date` (RSS 1.0).
    Published,
    /// When an Atom entry last changed: its date where it gives no `published`.
    Updated,
}

impl Field {
    fn of(local_name: &str) -> Option<Field> {
        match local_name {
            "title" => Some(Field::Title),
            // content:encoded (RSS) and <content> (Atom)
            "encoded" | "content" => Some(Field::Content),
            "description" | "summary" => Some(Field::Description),
            "pubDate" | "published" | "date" => Some(Field::Published),
            "updated" => Some(Field::Updated),
            _ => None,
        }
    }
}

/// One story's fields as read so far.
#[derive(Default)]
struct Item {
    title: String,
    content: String,
    description: String,
    published: String,
    updated: String,
}

impl Item {
    fn field(&mut self, field: Field) -> &mut String {
        match field {
            Field::Title => &mut self.title,
            Field::Content => &mut self.content,
            Field::Description => &mut self.description,
            Field::Published => &mut self.published,
            Field::Updated => &mut self.updated,
        }
    }
}

/// Whether `text` is an RSS or Atom feed: its first element is `<rss>`, `<rdf:RDF>` or `<feed>`.
pub fn is_feed(text: &str) -> bool {
    let mut reader = Reader::from_str(text);
    loop {
        match reader.read_event() {
            Ok(Event::Start(element) | Event::Empty(element)) => {
                let name = element.local_name();
                return FEED_ROOTS
                    .iter()
                    .any(|root| root.as_bytes() == name.as_ref());
            }
            Ok(Event::Eof) | Err(_) => return false,
            Ok(_) => {}
        }
    }
}

/// A feed file. A feed cut short (a broken download) keeps the stories before the break, and
/// the break is reported as a skipped item.
pub fn parse_feed(text: &str, file: &Path) -> FileOutcome {
    let mut records = RecordDocuments::new(file);
    let mut reader = Reader::from_str(text);
    let mut item: Option<Item> = None;
    let mut items = 0u32;
    // The field being read, and how deep inside it (markup nested in an Atom XHTML content).
    let mut field: Option<(Field, usize)> = None;
    loop {
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(error) => {
                let line = line_of(text, reader.error_position());
                // The story being read when the feed broke off, or the one that would follow.
                let broken = if item.is_some() { items } else { items + 1 };
                records.skip(
                    broken,
                    SkipReason::Malformed {
                        message: format!("the feed breaks off at line {line}: {error}"),
                    },
                );
                break;
            }
        };
        match event {
            Event::Start(element) => {
                let name = element.local_name();
                let name = std::str::from_utf8(name.as_ref()).unwrap_or_default();
                match (&mut item, &mut field) {
                    (None, _) if ITEMS.contains(&name) => {
                        item = Some(Item::default());
                        items += 1;
                    }
                    (Some(_), Some((_, depth))) => *depth += 1,
                    (Some(_), None) => field = Field::of(name).map(|f| (f, 0)),
                    (None, _) => {}
                }
            }
            Event::End(element) => {
                let name = element.local_name();
                let name = std::str::from_utf8(name.as_ref()).unwrap_or_default();
                match (&mut item, &mut field) {
                    (Some(current), Some((f, depth))) => {
                        if *depth == 0 {
                            field = None;
                        } else {
                            *depth -= 1;
                            // Nested markup ends a line: paragraphs of XHTML content.
                            current.field(*f).push('\n');
                        }
                    }
                    (Some(_), None) if ITEMS.contains(&name) => {
                        if let Some(done) = item.take() {
                            let date =
                                parse_date(&done.published).or_else(|| parse_date(&done.updated));
                            records.push(items, story(done), date);
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(text) => append(&mut item, field, text.xml10_content().ok().as_deref()),
            Event::CData(data) => append(&mut item, field, data.decode().ok().as_deref()),
            Event::GeneralRef(reference) => {
                append(&mut item, field, resolve_reference(&reference).as_deref());
            }
            Event::Eof => break,
            _ => {}
        }
    }
    records.finish()
}

/// Adds text to the field being read, if any.
fn append(item: &mut Option<Item>, field: Option<(Field, usize)>, text: Option<&str>) {
    if let (Some(item), Some((field, _)), Some(text)) = (item, field, text) {
        item.field(field).push_str(text);
    }
}

/// A story's title and body: the fields' HTML read as text, the description before the content
/// unless the content starts with it.
fn story(item: Item) -> Option<(String, String)> {
    let title = fragment_text(&item.title);
    let content = fragment_text(&item.content);
    let description = fragment_text(&item.description);
    // Blank fields count as absent there.
    title_and_body(Some(&title), Some(&content), Some(&description))
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn parse(text: &str) -> FileOutcome {
        parse_feed(text, Path::new("news.xml"))
    }

    #[test]
    fn an_rss_feed_is_its_items() {
        let feed = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Example News</title><link>https://example.com</link>
<item><title>Rates held at 5%</title><link>https://example.com/1</link>
<description>&lt;p&gt;The bank held rates &amp;amp; kept its outlook.&lt;/p&gt;</description>
<pubDate>Mon, 06 Sep 2021 16:45:00 +0000</pubDate></item>
<item><title><![CDATA[Storm hits coast]]></title>
<description><![CDATA[<p>Towns were <b>flooded</b>.</p>]]></description>
<content:encoded><![CDATA[<p>Towns were flooded.</p><p>Power is back&nbsp;now.</p>]]></content:encoded>
</item></channel></rss>"#;
        assert!(is_feed(feed));
        let out = parse(feed);
        assert!(out.skip.is_none() && out.skipped_items.is_empty());
        let docs = &out.documents;
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].title, "Rates held at 5%");
        assert_eq!(docs[0].body, "The bank held rates & kept its outlook.");
        assert_eq!(docs[1].title, "Storm hits coast");
        // The full text starts with the description's sentence, so it is not repeated.
        assert_eq!(docs[1].body, "Towns were flooded.\n\nPower is back now.");
        assert_eq!(docs[1].sources[0].item, 2);
        assert_eq!(docs[0].date, NaiveDate::from_ymd_opt(2021, 9, 6));
        assert_eq!(docs[1].date, None);
    }

    #[test]
    fn an_entry_is_dated_by_its_publication_else_its_last_change() {
        let feed = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>Example</title>
<updated>2020-01-01T00:00:00Z</updated>
<entry><title>Vote count goes on</title><updated>2024-06-02T08:00:00Z</updated>
<published>2024-06-01T21:00:00+02:00</published><summary>Officials count.</summary></entry>
<entry><title>Results are due</title><updated>2024-06-03T08:00:00Z</updated>
<summary>Soon.</summary></entry>
<entry><title>Undated</title><summary>No date.</summary></entry>
</feed>"#;
        let dates: Vec<_> = parse(feed).documents.iter().map(|d| d.date).collect();
        assert_eq!(
            dates,
            [
                NaiveDate::from_ymd_opt(2024, 6, 1),
                NaiveDate::from_ymd_opt(2024, 6, 3),
                None
            ]
        );
        let rdf = r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<item><title>Trade talks resume</title><dc:date>2024-05-30</dc:date></item></rdf:RDF>"#;
        assert_eq!(
            parse(rdf).documents[0].date,
            NaiveDate::from_ymd_opt(2024, 5, 30)
        );
    }

    #[test]
    fn an_atom_feed_is_its_entries() {
        let feed = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>Example</title>
<entry><title type="html">Vote count &lt;em&gt;goes on&lt;/em&gt;</title>
<summary>Officials count ballots.</summary>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Turnout was high.</p><p>Results are due.</p></div></content>
</entry></feed>"#;
        assert!(is_feed(feed));
        let docs = parse(feed).documents;
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].title, "Vote count goes on");
        assert_eq!(
            docs[0].body,
            "Officials count ballots.\n\nTurnout was high.\nResults are due."
        );
    }

    #[test]
    fn an_rdf_feed_is_read_and_other_xml_is_not_a_feed() {
        let feed = r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel><title>Example</title></channel>
<item><title>Trade talks resume</title><description>Ministers meet.</description></item>
</rdf:RDF>"#;
        assert!(is_feed(feed));
        assert_eq!(parse(feed).documents[0].title, "Trade talks resume");
        assert!(!is_feed(
            "<?xml version=\"1.0\"?><config><title>x</title></config>"
        ));
        assert!(!is_feed("not xml at all"));
    }

    #[test]
    fn a_feed_cut_short_keeps_its_whole_items_and_reports_the_break() {
        let feed = "<rss><channel><item><title>First story</title><description>Text one.\
                    </description></item><item><title>Second</title><descr";
        let out = parse(feed);
        assert_eq!(out.documents.len(), 1);
        assert_eq!(out.documents[0].title, "First story");
        assert_eq!(out.skipped_items.len(), 1);
        assert_eq!(out.skipped_items[0].0, 2);
        assert!(matches!(
            out.skipped_items[0].1,
            SkipReason::Malformed { .. }
        ));
    }

    #[test]
    fn items_without_title_or_text_are_skipped_and_a_feed_without_items_holds_no_text() {
        let out = parse(
            "<rss><channel><item><link>x</link></item><item><title>Kept</title></item></channel></rss>",
        );
        assert_eq!(out.documents.len(), 1);
        assert_eq!(out.skipped_items, vec![(1, SkipReason::NoText)]);
        let empty = parse("<rss><channel><title>Nothing yet</title></channel></rss>");
        assert_eq!(empty.skip, Some(SkipReason::NoText));
    }
}
