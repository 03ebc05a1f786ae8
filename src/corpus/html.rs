//! HTML: the visible text of a page's story. Scripts, styles and other invisible parts are
//! dropped, and so are the menus, asides and footers around a story; a page whose one
//! `<article>` (else whose `<main>`) holds most of its text is read from there alone, without
//! the articles inside it (comments), and a page whose several `<article>`s hold most of its
//! text is a document for each. Block elements become line breaks. The title is the story's
//! `<h1>` where the page's `<title>` wraps it in the site's name ("Rates held - Example
//! News"), else `<title>`, else the `<h1>`; an article of several is titled by its first
//! heading.

use std::path::Path;

use chrono::NaiveDate;
use scraper::{ElementRef, Html, Node};

use super::date::parse_date;
use super::html_nesting::limit_nesting;
use super::text::{documents_from_pieces, story_document};
use super::{FileOutcome, SkipReason, Source};

/// Elements whose content is never shown as text.
const INVISIBLE: &[&str] = &[
    "head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas",
    "select", "button",
];
/// Elements around a story that are not part of it: menus, asides (related links, "most
/// read"), footers (copyright, sharing buttons).
const AROUND_THE_STORY: &[&str] = &["nav", "aside", "footer"];
/// Elements that separate paragraphs.
const PARAGRAPHS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "article",
    "section",
    "header",
    "footer",
    "main",
    "aside",
    "nav",
    "blockquote",
    "pre",
    "ul",
    "ol",
    "dl",
    "table",
    "figure",
    "figcaption",
    "form",
    "fieldset",
    "address",
    "hr",
    "details",
    "summary",
];
/// `<meta>` names and properties of a page's publication date, best first (Open Graph's,
/// then the usual others), compared without case.
const DATE_METAS: &[&str] = &[
    "article:published_time",
    "datePublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "dcterms.date",
];

/// Elements that start a new line.
const LINES: &[&str] = &["div", "li", "dt", "dd", "tr", "caption", "legend", "option"];

/// The documents of an HTML file: its story, or the stories of a page of several.
pub fn parse_html(source: &str, file: &Path) -> FileOutcome {
    let html = Html::parse_document(&limit_nesting(source));
    let root = html.root_element();
    let page = text_of(root, true);
    // Without its menus and footers a page may have no text left (a page that is all menu):
    // then it is read whole.
    let page = if page.is_empty() {
        text_of(root, false)
    } else {
        page
    };
    // A news database's export saved as a page (Factiva's): an article between each two of
    // its separator lines, however the page marks them up.
    if let Some(articles) = super::news_database::database_articles(&page) {
        return FileOutcome::of_documents(documents_from_pieces(articles, file));
    }
    let articles = top_level_articles(root);
    let texts: Vec<String> = articles.iter().map(|&a| text_of(a, true)).collect();
    // The story's element, or the stories' elements, must hold most of the page's text: one
    // `<article>` can be a comment or a teaser beside a story marked up otherwise.
    let most_of_the_page = |length: usize| 2 * length >= page.len();
    if articles.len() > 1 && most_of_the_page(texts.iter().map(String::len).sum()) {
        return several_stories(&articles, texts, file);
    }
    let (story, body) = match (articles.as_slice(), texts.into_iter().next()) {
        ([article], Some(text)) if most_of_the_page(text.len()) => (*article, text),
        _ => match root
            .descendent_elements()
            .find(|e| e.value().name() == "main")
            .map(|main| (main, text_of(main, true)))
        {
            Some((main, text)) if most_of_the_page(text.len()) => (main, text),
            _ => (root, page),
        },
    };

    let page_title = root
        .descendent_elements()
        .find(|e| e.value().name() == "title")
        .map(|e| collapse_whitespace(&e.text().collect::<String>()))
        .filter(|t| !t.is_empty());
    let headline = first_heading(story, &["h1"]);
    // A headline inside the page's title is the title less the site's name, which is the
    // shorter part: an `<h1>` that is only a small part of the title is the site's logo.
    let title = match (page_title, headline) {
        (Some(page_title), Some(headline))
            if page_title.contains(&headline) && 2 * headline.len() > page_title.len() =>
        {
            Some(headline)
        }
        (Some(page_title), _) => Some(page_title),
        (None, headline) => headline,
    };
    let body = without_heading(body, title.as_deref());
    if title.is_none() && body.is_empty() {
        return FileOutcome::skipped(SkipReason::NoText);
    }
    let source = Source {
        file: file.to_path_buf(),
        item: 1,
    };
    let mut document = story_document(title, body, source);
    document.date = meta_date(root).or_else(|| time_in(story));
    FileOutcome {
        documents: vec![document],
        ..FileOutcome::default()
    }
}

/// The publication date a page's `<meta>` elements give (`content` of a `name`, `property` or
/// `itemprop` in [`DATE_METAS`]), the first of the best-ranked name.
fn meta_date(root: ElementRef<'_>) -> Option<NaiveDate> {
    let metas: Vec<(&str, &str)> = root
        .descendent_elements()
        .filter(|e| e.value().name() == "meta")
        .filter_map(|e| {
            let element = e.value();
            let name = element
                .attr("property")
                .or_else(|| element.attr("name"))
                .or_else(|| element.attr("itemprop"))?;
            Some((name, element.attr("content")?))
        })
        .collect();
    DATE_METAS.iter().find_map(|wanted| {
        metas
            .iter()
            .filter(|(name, _)| name.trim().eq_ignore_ascii_case(wanted))
            .find_map(|(_, content)| parse_date(content))
    })
}

/// The date of the first `<time datetime="…">` in `element` that holds one.
fn time_in(element: ElementRef<'_>) -> Option<NaiveDate> {
    element
        .descendent_elements()
        .filter(|e| e.value().name() == "time")
        .find_map(|e| parse_date(e.value().attr("datetime")?))
}

/// A page of several `<article>`s (a front page of teasers, a live blog's updates): each is a
/// document, titled by its first heading, numbered in page order.
fn several_stories(articles: &[ElementRef<'_>], texts: Vec<String>, file: &Path) -> FileOutcome {
    let mut documents = Vec::new();
    for (&article, text) in articles.iter().zip(texts) {
        let title = first_heading(article, &["h1", "h2", "h3", "h4", "h5", "h6"]);
        let body = without_heading(text, title.as_deref());
        if title.is_none() && body.is_empty() {
            continue;
        }
        let source = Source {
            file: file.to_path_buf(),
            item: u32::try_from(documents.len() + 1).unwrap_or(u32::MAX),
        };
        let mut document = story_document(title, body, source);
        document.date = time_in(article);
        documents.push(document);
    }
    if documents.is_empty() {
        return FileOutcome::skipped(SkipReason::NoText);
    }
    FileOutcome {
        documents,
        ..FileOutcome::default()
    }
}

/// The `<article>`s of a page that are not inside another one (those are its comments).
fn top_level_articles(root: ElementRef<'_>) -> Vec<ElementRef<'_>> {
    root.descendent_elements()
        .filter(|e| e.value().name() == "article")
        .filter(|e| {
            !e.ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| a.value().name() == "article")
        })
        .collect()
}

/// The visible text of the first of these headings under `element`.
fn first_heading(element: ElementRef<'_>, names: &[&str]) -> Option<String> {
    element
        .descendent_elements()
        .find(|e| names.contains(&e.value().name()))
        .map(|e| {
            let mut text = String::new();
            visible_text(e, &mut text, false);
            collapse_whitespace(&text)
        })
        .filter(|t| !t.is_empty())
}

/// The headline usually opens the story's text too; it is kept once, as the title.
fn without_heading(body: String, title: Option<&str>) -> String {
    match title.and_then(|title| body.strip_prefix(title)) {
        Some(rest) if rest.is_empty() || rest.starts_with('\n') => rest.trim_start().to_string(),
        _ => body,
    }
}

/// One step of the walk over the tree, which keeps its own stack: a page may nest deeper
/// than a thread's stack allows recursion.
enum Step<'a> {
    Element(ElementRef<'a>, bool),
    Text(&'a str, bool),
    /// The end of an element that ends with this many line feeds.
    End(usize),
}

/// The text of a piece of HTML inside another format (a feed's description): its visible
/// text, lines tidied. Text without markup is returned as it is.
pub(super) fn fragment_text(fragment: &str) -> String {
    if !fragment.contains('<') {
        return fragment.trim().to_string();
    }
    let html = Html::parse_fragment(&limit_nesting(fragment));
    text_of(html.root_element(), true)
}

/// The visible text under `element`, lines tidied; without the menus, asides and footers
/// when `story_only`.
fn text_of(element: ElementRef<'_>, story_only: bool) -> String {
    let mut raw = String::new();
    visible_text(element, &mut raw, story_only);
    tidy_lines(&raw)
}

/// Appends the visible text under `element`; `\n` marks a line break and `\n\n` a paragraph.
/// With `story_only`, menus, asides and footers are left out, and so are the articles inside
/// an article (its readers' comments).
fn visible_text(element: ElementRef<'_>, out: &mut String, story_only: bool) {
    let start = element.id();
    let in_article = element.value().name() == "article";
    let mut steps = vec![Step::Element(element, false)];
    while let Some(step) = steps.pop() {
        let (element, preformatted) = match step {
            Step::Text(text, true) => {
                out.push_str(text);
                continue;
            }
            Step::Text(text, false) => {
                push_collapsed(out, text);
                continue;
            }
            Step::End(breaks) => {
                end_lines(out, breaks);
                continue;
            }
            Step::Element(element, preformatted) => (element, preformatted),
        };
        let tag = element.value();
        let name = tag.name();
        if INVISIBLE.contains(&name)
            || (story_only && AROUND_THE_STORY.contains(&name))
            || (story_only && in_article && name == "article" && element.id() != start)
            || tag.attr("hidden").is_some()
            || tag.attr("aria-hidden") == Some("true")
        {
            continue;
        }
        if name == "br" {
            out.push('\n');
            continue;
        }
        let breaks = if PARAGRAPHS.contains(&name) {
            2
        } else if LINES.contains(&name) {
            1
        } else {
            0
        };
        if matches!(name, "td" | "th") && !out.ends_with([' ', '\n']) {
            out.push(' ');
        }
        let preformatted = preformatted || name == "pre";
        end_lines(out, breaks);
        steps.push(Step::End(breaks));
        for child in element.children().rev() {
            match child.value() {
                Node::Text(text) => steps.push(Step::Text(text, preformatted)),
                Node::Element(_) => {
                    if let Some(child) = ElementRef::wrap(child) {
                        steps.push(Step::Element(child, preformatted));
                    }
                }
                _ => {}
            }
        }
    }
}

/// Ends the text so far with at least `count` line feeds (none at the very start).
fn end_lines(out: &mut String, count: usize) {
    if count == 0 {
        return;
    }
    out.truncate(out.trim_end_matches(' ').len());
    let present = out.len() - out.trim_end_matches('\n').len();
    if !out.is_empty() {
        out.extend(std::iter::repeat_n('\n', count.saturating_sub(present)));
    }
}

/// HTML collapses runs of whitespace, including newlines, to one space.
fn push_collapsed(out: &mut String, text: &str) {
    let mut last_was_space = out.ends_with([' ', '\n']);
    for c in text.chars() {
        if c.is_whitespace() {
            if !last_was_space {
                out.push(' ');
            }
            last_was_space = true;
        } else {
            out.push(c);
            last_was_space = false;
        }
    }
}

/// Trims every line and keeps at most one blank line between paragraphs.
fn tidy_lines(raw: &str) -> String {
    let mut text = String::new();
    let mut blank = false;
    for line in raw.lines().map(str::trim) {
        if line.is_empty() {
            blank = !text.is_empty();
        } else {
            if blank {
                text.push('\n');
            }
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(line);
            blank = false;
        }
    }
    text
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(html: &str) -> FileOutcome {
        parse_html(html, Path::new("a.html"))
    }

    #[test]
    fn a_news_database_export_saved_as_a_page_is_an_article_each() {
        // As Factiva saves one: each article's headline, metadata and paragraphs in divisions,
        // its accession number last.
        let article = |title: &str, text: &str, id: &str| {
            format!(
                "<div class=\"article\"><div><b>{title}</b></div><div>412 words</div>\
                 <div>2 January 2020</div><p>{text}</p><p>Document {id}</p></div>"
            )
        };
        let page = format!(
            "<html><head><title>Factiva</title></head><body>{}{}</body></html>",
            article(
                "Central bank holds rates",
                "The bank held.",
                "WSJO000020200102eg120000b"
            ),
            article(
                "Floods close schools",
                "Schools closed.",
                "FT00000020200103eg1300001"
            ),
        );
        let outcome = parse(&page);
        let titles: Vec<&str> = outcome.documents.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(titles, ["Central bank holds rates", "Floods close schools"]);
        assert!(outcome.documents[1].body.contains("Schools closed."));
    }

    #[test]
    fn visible_text_only_with_blocks_as_lines() {
        let out = parse(
            "<html><head><title> Rates  held </title><style>p{color:red}</style>\
             <script>var x = 1;</script></head><body>\
             <h1>Rates held</h1><p>The bank   held\nrates.</p>\
             <script>alert('no')</script><noscript>Enable JS</noscript>\
             <template><p>hidden</p></template><div hidden>secret</div>\
             <ul><li>First point</li><li>Second<br>point</li></ul>\
             <p>Unclosed <b>bold text\n<p>Last paragraph",
        );
        assert!(out.skip.is_none());
        let doc = &out.documents[0];
        assert_eq!(doc.title, "Rates held");
        assert!(doc.title_is_explicit);
        assert_eq!(
            doc.body,
            "The bank held rates.\n\nFirst point\nSecond\npoint\n\nUnclosed bold text\n\nLast paragraph"
        );
        assert_eq!(doc.sources[0].item, 1);
    }

    #[test]
    fn first_h1_is_the_title_without_a_title_element() {
        let out = parse("<body><nav>Home</nav><h1>Storm <i>hits</i> coast</h1><p>Text.</p></body>");
        assert_eq!(out.documents[0].title, "Storm hits coast");
        // The menu is not part of the story, and the headline is not repeated in the body.
        assert_eq!(out.documents[0].body, "Text.");
    }

    /// A saved news page as sites write them: a menu, the story in `<article>`, a sidebar and
    /// a footer, and the site's name in `<title>`.
    const SAVED_PAGE: &str = "<html><head><title>Storm hits coast - Example News</title></head>\
        <body><header><a href='/'>Example News</a><nav><a>Home</a> <a>Sport</a></nav></header>\
        <main><article><h1>Storm hits coast</h1><p>Towns were flooded.</p><p>Power is back.</p>\
        <aside>Related: Rain due</aside><footer>Share this article</footer></article>\
        <aside><h2>Most read</h2><ul><li>Chef opens restaurant</li></ul></aside></main>\
        <footer>Copyright Example News</footer></body></html>";

    #[test]
    fn a_saved_news_page_is_its_story_under_its_headline() {
        let doc = &parse(SAVED_PAGE).documents[0];
        assert_eq!(doc.title, "Storm hits coast");
        assert_eq!(doc.body, "Towns were flooded.\n\nPower is back.");
        assert_eq!(doc.date, None);
    }

    #[test]
    fn a_page_is_dated_by_its_meta_else_by_the_story_s_time() {
        let page = |head: &str, story: &str| {
            parse(&format!(
                "<html><head><title>Storm</title>{head}</head><body><article><h1>Storm</h1>\
                 {story}<p>Towns were flooded.</p></article></body></html>"
            ))
            .documents[0]
                .date
        };
        let day = |d| NaiveDate::from_ymd_opt(2024, 3, d);
        let published =
            "<meta property='article:published_time' content='2024-03-12T22:00:00-04:00'>";
        let modified = "<meta name='date' content='2024-03-14'>";
        assert_eq!(page(published, ""), day(12));
        // Open Graph's publication time wins over a plain "date", wherever it stands.
        assert_eq!(page(&format!("{modified}{published}"), ""), day(12));
        assert_eq!(page(modified, ""), day(14));
        let time = "<p>By Jo <time datetime='2024-03-11T09:00Z'>Monday</time></p>";
        assert_eq!(page("", time), day(11));
        assert_eq!(page("<meta name='date' content='soon'>", time), day(11));
        assert_eq!(page("", "<time>Monday</time>"), None);
        let front = parse(
            "<html><body><article><h2>Rates held</h2><time datetime='2024-03-12'>today</time>\
             <p>The bank held rates.</p></article><article><h2>Storm hits</h2>\
             <p>Towns were flooded.</p></article></body></html>",
        );
        let dates: Vec<_> = front.documents.iter().map(|d| d.date).collect();
        assert_eq!(dates, [day(12), None]);
    }

    #[test]
    fn a_site_logo_in_h1_does_not_replace_the_page_title() {
        let out = parse(
            "<title>Storm hits coast towns overnight | Example</title>\
             <body><h1>Example</h1><p>Towns were flooded.</p></body>",
        );
        assert_eq!(
            out.documents[0].title,
            "Storm hits coast towns overnight | Example"
        );
    }

    #[test]
    fn a_small_article_beside_the_story_does_not_stand_for_the_page() {
        let story = "The storm flooded the coastal towns overnight. ".repeat(10);
        let out = parse(&format!(
            "<title>Storm</title><body><div><p>{story}</p></div>\
             <article>A reader comment.</article></body>"
        ));
        assert!(out.documents[0].body.starts_with("The storm flooded"));
        assert!(out.documents[0].body.contains("A reader comment."));
    }

    #[test]
    fn a_page_of_several_articles_is_a_document_for_each() {
        let out = parse(
            "<title>Front page - Example News</title><body><nav>Home</nav>\
             <article><h2>Rates held</h2><p>The bank held rates.</p></article>\
             <article><h2>Storm hits coast</h2><p>Towns were flooded.</p></article>\
             <article><p>Markets closed higher on Friday.</p></article>\
             <article><div>Advertisement</div><h3></h3></article></body>",
        );
        let documents = &out.documents;
        assert_eq!(documents.len(), 4);
        assert_eq!(documents[0].title, "Rates held");
        assert_eq!(documents[0].body, "The bank held rates.");
        assert_eq!(documents[1].title, "Storm hits coast");
        assert_eq!(documents[1].sources[0].item, 2);
        // Without a heading, the first sentence is the title, as for text files.
        assert_eq!(documents[2].title, "Markets closed higher on Friday.");
        assert!(!documents[2].title_is_explicit);
        assert_eq!(documents[3].sources[0].item, 4);
    }

    #[test]
    fn the_comments_inside_a_story_are_not_part_of_it() {
        let out = parse(
            "<title>Storm hits coast | Example</title><body><article><h1>Storm hits coast</h1>\
             <p>Towns were flooded overnight.</p><section><h2>Comments</h2>\
             <article><p>First!</p></article><article><p>Stay safe.</p></article></section>\
             </article></body>",
        );
        assert_eq!(out.documents.len(), 1);
        let doc = &out.documents[0];
        assert_eq!(doc.title, "Storm hits coast");
        assert_eq!(doc.body, "Towns were flooded overnight.\n\nComments");
    }

    #[test]
    fn a_page_that_is_all_menu_is_read_whole() {
        let out =
            parse("<title>Links</title><body><nav><a>Rates held</a> <a>Storm</a></nav></body>");
        assert_eq!(out.documents[0].body, "Rates held Storm");
    }

    #[test]
    fn without_any_title_the_first_sentence_is_used() {
        let out = parse("<p>First sentence here. Second one.</p>");
        assert_eq!(out.documents[0].title, "First sentence here.");
        assert!(!out.documents[0].title_is_explicit);
    }

    #[test]
    fn deeply_nested_pages_load_quickly_without_overflowing_the_stack() {
        // 200,000 nested elements took hours to parse and overflowed the stack when walked.
        let depth = 200_000;
        let page = "<div>".repeat(depth) + "Deep text." + &"</div>".repeat(depth) + "<p>After.</p>";
        let start = std::time::Instant::now();
        let out = parse(&page);
        assert_eq!(out.documents[0].body, "Deep text.\n\nAfter.");
        let font = "<font>Old page. ".repeat(depth);
        assert!(
            parse(&font).documents[0]
                .body
                .starts_with("Old page. Old page.")
        );
        assert!(start.elapsed() < std::time::Duration::from_secs(20));
    }

    #[test]
    fn a_page_without_text_is_skipped() {
        let out = parse("<html><head><script>x()</script></head><body> </body></html>");
        assert_eq!(out.skip, Some(SkipReason::NoText));
        assert!(out.documents.is_empty());
    }
}
