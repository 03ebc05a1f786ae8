//! Markdown: the text only. Headings, paragraphs and list items become lines, which then go
//! through the same story and headline rules as plain text; a leading heading is the title.

use std::path::Path;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::Document;
use super::text::{Piece, documents_from_pieces, split_pieces};

/// The documents of a markdown file.
pub fn documents_from_markdown(markdown: &str, file: &Path) -> Vec<Document> {
    let plain = plain_text(markdown);
    let mut pieces = split_pieces(&plain.text, plain.starts_with_heading);
    // A `title:` in YAML front matter names the story when no heading did.
    if let Some(front_title) = plain.front_matter_title {
        match pieces.as_mut_slice() {
            [Piece::Story { title, .. }, ..] if title.is_none() => *title = Some(front_title),
            [Piece::Headline(line)] => {
                let text = std::mem::take(line);
                pieces = vec![Piece::Story {
                    title: Some(front_title),
                    text,
                    date: None,
                }];
            }
            _ => {}
        }
    }
    documents_from_pieces(pieces, file)
}

struct PlainText {
    text: String,
    starts_with_heading: bool,
    front_matter_title: Option<String>,
}

/// Block elements end with a blank line, list items and line breaks with a newline.
fn plain_text(markdown: &str) -> PlainText {
    let parser = Parser::new_ext(markdown, Options::ENABLE_YAML_STYLE_METADATA_BLOCKS);
    let mut text = String::new();
    let mut starts_with_heading = None;
    let mut front_matter = String::new();
    let (mut in_front_matter, mut in_heading) = (false, false);
    let (mut lists, mut images) = (0usize, 0usize);
    for event in parser {
        match event {
            Event::Start(Tag::MetadataBlock(_)) => in_front_matter = true,
            Event::End(TagEnd::MetadataBlock(_)) => in_front_matter = false,
            Event::Start(tag) => {
                if starts_with_heading.is_none() && is_block(&tag) {
                    starts_with_heading = Some(matches!(tag, Tag::Heading { .. }));
                }
                match tag {
                    Tag::Heading { .. } => in_heading = true,
                    Tag::List(_) => {
                        lists += 1;
                        end_line(&mut text);
                    }
                    Tag::Item => end_line(&mut text),
                    Tag::Image { .. } => images += 1,
                    _ => {}
                }
            }
            Event::End(tag) => match tag {
                TagEnd::Heading(_) => {
                    in_heading = false;
                    end_block(&mut text);
                }
                TagEnd::Paragraph if lists > 0 => end_line(&mut text),
                TagEnd::List(_) => {
                    lists = lists.saturating_sub(1);
                    if lists == 0 {
                        end_block(&mut text);
                    } else {
                        end_line(&mut text);
                    }
                }
                TagEnd::Item => end_line(&mut text),
                TagEnd::Image => images = images.saturating_sub(1),
                TagEnd::Paragraph | TagEnd::CodeBlock | TagEnd::BlockQuote(_) => {
                    end_block(&mut text)
                }
                _ => {}
            },
            Event::Text(t) | Event::Code(t) if in_front_matter => front_matter.push_str(&t),
            Event::Text(t) | Event::Code(t) if images == 0 => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak if in_heading => text.push(' '),
            Event::SoftBreak | Event::HardBreak => text.push('\n'),
            Event::Rule => end_block(&mut text),
            _ => {}
        }
    }
    PlainText {
        text,
        starts_with_heading: starts_with_heading.unwrap_or(false),
        front_matter_title: front_matter_title(&front_matter),
    }
}

fn is_block(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Heading { .. }
            | Tag::Paragraph
            | Tag::List(_)
            | Tag::CodeBlock(_)
            | Tag::BlockQuote(_)
            | Tag::Table(_)
            | Tag::HtmlBlock
    )
}

/// The value of a `title:` line in YAML front matter, without quotes.
fn front_matter_title(yaml: &str) -> Option<String> {
    yaml.lines()
        .find_map(|line| line.strip_prefix("title:"))
        .map(|value| value.trim().trim_matches(['"', '\'']).trim().to_string())
        .filter(|title| !title.is_empty())
}

fn end_line(text: &mut String) {
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
}

fn end_block(text: &mut String) {
    end_line(text);
    if !text.is_empty() && !text.ends_with("\n\n") {
        text.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(markdown: &str) -> Vec<Document> {
        documents_from_markdown(markdown, Path::new("a.md"))
    }

    #[test]
    fn the_first_heading_is_the_title_and_markup_is_dropped() {
        let d = docs(
            "# Rates *held* steady\n\nThe bank held [rates](http://x) at `5%`.\n\n![a chart](c.png)\n\n## Reaction\n\nMarkets rose.\n<div>raw html</div>\n",
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].title, "Rates held steady");
        assert!(d[0].title_is_explicit);
        assert_eq!(
            d[0].body,
            "The bank held rates at 5%.\n\nReaction\n\nMarkets rose."
        );
    }

    #[test]
    fn a_bulleted_list_of_headlines_is_one_document_each() {
        let d = docs(
            "- Oil prices climb on supply fears\n- Central bank holds rates steady\n- Storm batters the east coast\n",
        );
        let titles: Vec<_> = d.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Oil prices climb on supply fears",
                "Central bank holds rates steady",
                "Storm batters the east coast"
            ]
        );
    }

    #[test]
    fn any_heading_line_is_a_title_even_one_that_ends_with_a_colon() {
        let d = docs("Reaction:\n=========\n\nMarkets rose. Bonds fell.\n");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].title, "Reaction:");
        assert_eq!(d[0].body, "Markets rose. Bonds fell.");
    }

    #[test]
    fn front_matter_title_names_a_story_without_heading() {
        let d = docs(
            "---\ntitle: \"Rates held\"\ndate: 2024-01-01\n---\n\nThe bank held rates. Markets rose.\n",
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].title, "Rates held");
        assert_eq!(d[0].body, "The bank held rates. Markets rose.");
    }
}
