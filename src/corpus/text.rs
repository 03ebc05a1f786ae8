//! Plain text: one article, or stories and lists of headlines in one file.
//!
//! The text is cut into blocks at blank lines. A block of three or more headline-like lines
//! with the same indentation (or three or more headline-like lines each on its own) is a list
//! of headlines, one document each; the other blocks, where consecutive, form one story.
//! A single first line followed by a blank line is the title of the article that follows,
//! lists included, unless everything after it is headlines. Lists between two stretches of
//! prose, or announced by a line ending in ':', belong to the story too. The rules are tuned
//! so that an ordinary article (a title line, a blank line, paragraphs, maybe a table; or
//! hard-wrapped e-mail text) stays one document: measured on BBC News, Reuters R8, AG News
//! and 20 Newsgroups, only 14 of about 36,000 files split (20 Newsgroups posts listing items
//! for sale or ending in a signature block that reads exactly like a list of headlines).

use std::path::Path;

use chrono::NaiveDate;
use unicode_segmentation::UnicodeSegmentation;

use super::{Document, Source};

/// Longer than this is a paragraph, not a headline or a title.
pub(super) const MAX_HEADLINE_CHARS: usize = 200;
const MIN_HEADLINE_WORDS: usize = 3;
const MAX_HEADLINE_WORDS: usize = 25;
/// A derived title (a story's first sentence) is cut to about this many characters.
const MAX_DERIVED_TITLE_CHARS: usize = 120;
/// A given title longer than this is text, not a title (a whole article in a title field or
/// a heading): it goes into the body, which then names the document by its first sentence.
/// Every list and label of the window shows titles whole.
const MAX_TITLE_CHARS: usize = 500;

/// Words a hard-wrapped prose line often ends with and a headline almost never does.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "of", "to", "and", "or", "but", "nor", "in", "into", "onto", "for", "from",
    "with", "without", "within", "on", "at", "by", "as", "than", "that", "which", "who", "whom",
    "whose", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "will",
    "would", "can", "could", "should", "shall", "may", "might", "must", "not", "this", "these",
    "those", "its", "their", "his", "her", "our", "your", "my", "if", "so", "about", "between",
    "through", "during", "upon", "via", "very", "such", "when", "where", "while", "because",
];

/// Abbreviations that end with a full stop without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt",
    "jr", "sr", "inc", "corp", "co", "ltd", "no", "vs", "etc", "jan", "feb", "mar", "apr", "aug",
    "sep", "sept", "oct", "nov", "dec",
];

/// What a file of text holds, in file order.
#[derive(Debug, PartialEq)]
pub(super) enum Piece {
    /// A story: its explicit title if it had one, its text, and its publication date where
    /// the text gives it in a known place (a news database's article header).
    Story {
        title: Option<String>,
        text: String,
        date: Option<NaiveDate>,
    },
    /// One headline.
    Headline(String),
}

/// The documents of a plain-text file.
pub fn documents_from_text(text: &str, file: &Path) -> Vec<Document> {
    documents_from_pieces(split_pieces(text, false), file)
}

/// Numbers the pieces 1, 2, ... as documents of `file`.
pub(super) fn documents_from_pieces(pieces: Vec<Piece>, file: &Path) -> Vec<Document> {
    pieces
        .into_iter()
        .enumerate()
        .map(|(index, piece)| {
            let source = Source {
                file: file.to_path_buf(),
                item: u32::try_from(index + 1).unwrap_or(u32::MAX),
            };
            match piece {
                Piece::Story { title, text, date } => Document {
                    date,
                    ..story_document(title, text, source)
                },
                Piece::Headline(line) if is_too_long_for_a_title(&line) => {
                    story_document(None, line, source)
                }
                Piece::Headline(line) => Document {
                    title: line,
                    body: String::new(),
                    title_is_explicit: true,
                    sources: vec![source],
                    date: None,
                },
            }
        })
        .collect()
}

/// A story document; without an explicit title it is titled by its first sentence.
pub(super) fn story_document(title: Option<String>, body: String, source: Source) -> Document {
    let title = title
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());
    let (title, body) = match title {
        Some(long) if is_too_long_for_a_title(&long) => (None, format!("{long}\n\n{body}")),
        title => (title, body),
    };
    let body = body.trim().to_string();
    match title {
        Some(title) => Document {
            title,
            body,
            title_is_explicit: true,
            sources: vec![source],
            date: None,
        },
        None => Document {
            title: first_sentence(&body),
            body,
            title_is_explicit: false,
            sources: vec![source],
            date: None,
        },
    }
}

fn is_too_long_for_a_title(text: &str) -> bool {
    // Bytes first: most titles are short, and counting characters of megabytes is not free.
    text.len() > MAX_TITLE_CHARS && text.chars().nth(MAX_TITLE_CHARS).is_some()
}

/// Cuts text into stories and headlines (or, in a news database's export, into its articles;
/// see [`super::news_database`]). `first_block_is_heading` says the first block is a heading
/// (markdown), so it is a title whatever it looks like.
pub(super) fn split_pieces(text: &str, first_block_is_heading: bool) -> Vec<Piece> {
    if let Some(articles) = super::news_database::database_articles(text) {
        return articles;
    }
    let blocks = blocks(text);
    let Some(first) = blocks.first() else {
        return Vec::new();
    };
    if blocks.len() == 1 && first.len() == 1 {
        let line = first[0].trim();
        // A one-line file is a headline, unless the line is a whole paragraph.
        return if line.chars().count() <= MAX_HEADLINE_CHARS {
            vec![Piece::Headline(strip_bullet(line).to_string())]
        } else {
            vec![Piece::Story {
                title: None,
                text: line.to_string(),
                date: None,
            }]
        };
    }

    let mut headlines = headline_blocks(&blocks);
    keep_inner_lists_in_the_story(&mut headlines);
    keep_introduced_lists_in_the_story(&blocks, &mut headlines);
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut title = None;
    if blocks.len() > 1 && first.len() == 1 && !headlines[0] {
        let line = first[0].trim();
        if headlines[1..].iter().all(|&h| h) {
            pieces.push(Piece::Headline(strip_bullet(line).to_string()));
            start = 1;
        } else if first_block_is_heading || is_title_like(line) {
            // A title line followed by a blank line and a body is one article with that
            // title: a list further down belongs to the article.
            title = Some(line.to_string());
            start = 1;
            headlines.iter_mut().for_each(|h| *h = false);
        }
    }

    let mut story: Vec<String> = Vec::new();
    for (block, &is_headlines) in blocks.iter().zip(&headlines).skip(start) {
        if is_headlines {
            flush_story(&mut story, &mut title, &mut pieces);
            pieces.extend(
                block
                    .iter()
                    .map(|line| Piece::Headline(strip_bullet(line.trim()).to_string())),
            );
        } else {
            story.push(block.join("\n"));
        }
    }
    flush_story(&mut story, &mut title, &mut pieces);
    pieces
}

fn flush_story(story: &mut Vec<String>, title: &mut Option<String>, pieces: &mut Vec<Piece>) {
    if story.is_empty() {
        return;
    }
    pieces.push(Piece::Story {
        title: title.take(),
        text: story.join("\n\n"),
        date: None,
    });
    story.clear();
}

/// Non-blank lines (trailing whitespace removed, indentation kept) grouped at blank lines.
fn blocks(text: &str) -> Vec<Vec<&str>> {
    let mut blocks = Vec::new();
    let mut current = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
        } else {
            current.push(line.trim_end());
        }
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    blocks
}

/// For each block: is it (part of) a list of headlines?
fn headline_blocks(blocks: &[Vec<&str>]) -> Vec<bool> {
    let mut headlines: Vec<bool> = blocks.iter().map(|b| is_headline_list(b)).collect();
    // Three or more single headline-like lines separated by blank lines are headlines too.
    let single = |b: &Vec<&str>| b.len() == 1 && is_headline_like(b[0]);
    let mut i = 0;
    while i < blocks.len() {
        let run = blocks[i..].iter().take_while(|b| single(b)).count();
        let lines: Vec<&str> = blocks[i..i + run].iter().map(|b| b[0]).collect();
        if run >= 3 && !mostly_questions_or_exclamations(&lines) {
            headlines[i..i + run].iter_mut().for_each(|h| *h = true);
        }
        i += run.max(1);
    }
    headlines
}

/// A list between two stretches of prose is part of the text around it (an enumeration, a
/// table, a quoted passage); only lists at the start or the end of a file stand alone.
fn keep_inner_lists_in_the_story(headlines: &mut [bool]) {
    let first_prose = headlines.iter().position(|&h| !h);
    let last_prose = headlines.iter().rposition(|&h| !h);
    if let (Some(first), Some(last)) = (first_prose, last_prose) {
        headlines[first..last].iter_mut().for_each(|h| *h = false);
    }
}

/// A list right after prose that announces it ("I have these for sale:") is part of it.
fn keep_introduced_lists_in_the_story(blocks: &[Vec<&str>], headlines: &mut [bool]) {
    for i in 1..blocks.len() {
        let introduced = blocks[i - 1]
            .last()
            .is_some_and(|line| line.trim_end().ends_with(':'));
        if headlines[i] && !headlines[i - 1] && introduced {
            headlines[i] = false;
        }
    }
}

/// At least three lines, nearly all headline-like (one line in ten may break the rules, as a
/// headline ending in "as" or a line-final full stop do; hard-wrapped prose breaks them on most
/// lines), none long enough to be a paragraph, all at the same indentation (wire tables indent
/// their continuation lines; prose paragraphs start at different depths).
fn is_headline_list(block: &[&str]) -> bool {
    if block.len() < 3 {
        return false;
    }
    // The line-by-line test comes first because it stops at the first line too many: a
    // paragraph of prose is decided in a line or two, where the checks below read every line.
    let allowed_unlike = block.len() / 10;
    let mut unlike = 0;
    for line in block {
        if !is_headline_like(line) {
            unlike += 1;
            if unlike > allowed_unlike {
                return false;
            }
        }
    }
    let indent = |line: &str| line.len() - line.trim_start().len();
    block
        .iter()
        .all(|line| line.split_whitespace().count() <= MAX_HEADLINE_WORDS + 5)
        && !mostly_questions_or_exclamations(block)
        && block
            .iter()
            .all(|line| line[..indent(line)] == block[0][..indent(block[0])])
}

/// A run of questions or exclamations is someone talking, not a list of headlines (which
/// may hold a few questions).
fn mostly_questions_or_exclamations(lines: &[&str]) -> bool {
    let asking = lines
        .iter()
        .filter(|line| line.trim_end().ends_with(['?', '!']))
        .count();
    asking * 3 > lines.len()
}

/// A line that reads like a headline rather than a piece of wrapped prose.
fn is_headline_like(line: &str) -> bool {
    let line = strip_bullet(line.trim());
    // The word count first, read no further than it needs: most lines of a story are too long
    // for a headline, and the checks below read every character of the line.
    if line.split_whitespace().nth(MAX_HEADLINE_WORDS).is_some() || !looks_typeset(line) {
        return false;
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    let with_letters = words
        .iter()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    // A full stop or question mark inside the line ends a sentence: wrapped prose.
    let sentence_inside = words[..words.len().saturating_sub(1)]
        .iter()
        .any(|w| w.ends_with('?') || (w.ends_with('.') && !is_abbreviation(w)));
    (MIN_HEADLINE_WORDS..=MAX_HEADLINE_WORDS).contains(&words.len())
        && !sentence_inside
        && with_letters >= MIN_HEADLINE_WORDS
        && is_title_like(line)
        && !words
            .last()
            .is_some_and(|w| FUNCTION_WORDS.contains(&bare_word(w).as_str()))
}

/// Not a table row, a quoted reply, a mail header or a bracketed note: starts with a letter, a
/// digit or an opening quote, and has no tabs, no aligned columns, no e-mail address and no
/// formula.
fn looks_typeset(line: &str) -> bool {
    let starts_well = line
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || "\"'\u{201c}\u{2018}\u{ab}".contains(c));
    let first_word = line.split_whitespace().next().unwrap_or_default();
    starts_well
        && !line.contains(['\t', '@', '='])
        && !line.contains("  ")
        && !first_word.contains(['>', '|'])
}

/// Short, not starting in lower case, not ending like a sentence or a clause that goes on.
fn is_title_like(line: &str) -> bool {
    let line = line.trim();
    line.chars().count() <= MAX_HEADLINE_CHARS && !starts_lowercase(line) && !ends_like_prose(line)
}

/// The first word starts in lower case and is not a brand like "iPhone" or "eBay".
fn starts_lowercase(line: &str) -> bool {
    let Some(word) = line
        .split_whitespace()
        .find(|w| w.chars().any(char::is_alphanumeric))
    else {
        return false;
    };
    let mut letters = word.chars().filter(|c| c.is_alphanumeric());
    letters.next().is_some_and(char::is_lowercase) && !letters.any(char::is_uppercase)
}

/// Ends with `,` `;` `:` or a full stop that is not part of an abbreviation such as "U.S.".
fn ends_like_prose(line: &str) -> bool {
    let end = line.trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}', '\u{bb}', ')', ']']);
    match end.chars().last() {
        Some(',' | ';' | ':') => true,
        Some('.') => !end.split_whitespace().last().is_some_and(is_abbreviation),
        _ => false,
    }
}

/// "U.S.", "U.K.", "Inc.", "Mr.", "J.": a full stop that does not end a sentence.
fn is_abbreviation(word: &str) -> bool {
    let word = word.trim_start_matches(['"', '\'', '(', '\u{201c}', '\u{2018}']);
    let Some(stem) = word.strip_suffix('.') else {
        return false;
    };
    let initials = stem.split('.').all(|part| {
        let mut chars = part.chars();
        chars.next().is_some_and(char::is_uppercase) && chars.next().is_none()
    });
    initials || ABBREVIATIONS.contains(&stem.to_lowercase().as_str())
}

/// A word lower-cased without surrounding punctuation.
fn bare_word(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

/// "- Headline", "* Headline", "• Headline", "3. Headline", "3) Headline" → "Headline".
fn strip_bullet(line: &str) -> &str {
    for bullet in ["- ", "* ", "+ ", "\u{2022} ", "\u{2013} ", "\u{2014} "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            return rest.trim_start();
        }
    }
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if (1..=3).contains(&digits)
        && let Some(rest) = line[digits..]
            .strip_prefix(". ")
            .or_else(|| line[digits..].strip_prefix(") "))
    {
        return rest.trim_start();
    }
    line
}

/// The first sentence of a text, on one line, cut to about 120 characters at a word boundary.
pub(super) fn first_sentence(text: &str) -> String {
    // Sentence bounds break at every line feed, so unwrap the first paragraph first.
    let paragraph = text
        .split("\n\n")
        .find(|p| !p.trim().is_empty())
        .unwrap_or("");
    let flat = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut sentence = String::new();
    for part in flat.split_sentence_bounds() {
        sentence.push_str(part);
        let last_word = sentence.split_whitespace().last().unwrap_or("");
        if !is_abbreviation(last_word) {
            break;
        }
    }
    shorten(sentence.trim(), MAX_DERIVED_TITLE_CHARS)
}

/// Cuts at the last word boundary before `max` characters and adds an ellipsis.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let at_word = match cut.rfind(char::is_whitespace) {
        Some(space) if space > 0 => &cut[..space],
        _ => cut.as_str(),
    };
    let trimmed = at_word.trim_end_matches(|c: char| c.is_whitespace() || ",;:-–—".contains(c));
    format!("{trimmed}\u{2026}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(text: &str) -> Vec<Document> {
        documents_from_text(text, Path::new("a.txt"))
    }

    #[test]
    fn a_title_too_long_to_be_one_becomes_text() {
        let long = "word ".repeat(2000);
        let source = Source {
            file: "a.json".into(),
            item: 1,
        };
        let d = story_document(Some(long.clone()), "Body.".into(), source.clone());
        assert!(!d.title_is_explicit);
        assert!(d.title.chars().count() <= MAX_DERIVED_TITLE_CHARS + 1);
        assert!(d.body.starts_with("word word") && d.body.ends_with("Body."));
        let short = story_document(Some("Short title".into()), "Body.".into(), source);
        assert_eq!(short.title, "Short title");
        // A long first line before a list of headlines is not a headline either.
        let text = format!(
            "{}\n\nOil prices climb on supply fears\nStorm batters the east coast\nVoters head to the polls\n",
            "Zebra ".repeat(300)
        );
        let d = docs(&text);
        assert!(d.iter().all(|d| d.title.chars().count() <= MAX_TITLE_CHARS));
        assert_eq!(d.len(), 4);
    }

    #[test]
    fn title_blank_line_and_body_is_one_article() {
        let d = docs(
            "Harbour ferry fares to rise in spring\n\nThe council says fares will rise by a tenth.\n\nCommuter groups criticised the plan.\n",
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].title, "Harbour ferry fares to rise in spring");
        assert!(d[0].title_is_explicit);
        assert_eq!(
            d[0].body,
            "The council says fares will rise by a tenth.\n\nCommuter groups criticised the plan."
        );
        assert_eq!(d[0].sources[0].item, 1);
    }

    #[test]
    fn a_story_without_title_is_titled_by_its_first_sentence() {
        let d =
            docs("Mr. Smith went to Washington on Monday. He met\nthe president.\n\nMore text.");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].title, "Mr. Smith went to Washington on Monday.");
        assert!(!d[0].title_is_explicit);
        assert!(d[0].body.starts_with("Mr. Smith went"));
    }

    #[test]
    fn long_first_sentences_are_cut_at_a_word() {
        let sentence = "word ".repeat(40) + "end.";
        let title = first_sentence(&sentence);
        assert!(title.ends_with('\u{2026}'));
        assert!(title.chars().count() <= MAX_DERIVED_TITLE_CHARS + 1);
        assert!(title.trim_end_matches('\u{2026}').ends_with("word"));
    }

    #[test]
    fn one_line_is_a_headline() {
        let d = docs("Stocks rally as inflation cools\n");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].title, "Stocks rally as inflation cools");
        assert!(d[0].body.is_empty());
        assert!(d[0].title_is_explicit);
    }

    #[test]
    fn a_list_of_headlines_is_one_document_per_line() {
        let d = docs(
            "Oil prices climb on supply fears\n2. Central bank holds rates steady\n- Storm batters the east coast\n",
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
        assert_eq!(
            d.iter().map(|d| d.sources[0].item).collect::<Vec<_>>(),
            [1, 2, 3]
        );
    }

    #[test]
    fn a_title_over_a_headline_list_is_a_headline_too() {
        let d = docs(
            "Today in brief\n\nOil prices climb on supply fears\nCentral bank holds rates steady\nStorm batters the east coast\n",
        );
        assert_eq!(d.len(), 4);
        assert_eq!(d[0].title, "Today in brief");
    }

    #[test]
    fn single_headlines_between_blank_lines_are_headlines() {
        let d = docs(
            "Oil prices climb on supply fears\n\nCentral bank holds rates steady\n\nStorm batters the east coast\n",
        );
        assert_eq!(d.len(), 3);
        let two = docs("Oil prices climb on supply fears\n\nCentral bank holds rates steady\n");
        assert_eq!(two.len(), 1, "a title and a one-line body stay one article");
        assert_eq!(two[0].body, "Central bank holds rates steady");
    }

    #[test]
    fn hard_wrapped_prose_is_not_a_headline_list() {
        let text = "Right, let me try to put this briefly.  I have been asking around\nabout the various clubs in town and what they\nCharge for a season.\nMy sister and I have quite different schedules\nand we have been looking for a place\n";
        assert_eq!(docs(text).len(), 1);
    }

    #[test]
    fn indented_table_rows_are_not_headlines() {
        let text = "ACME WIDGET CORP 2ND QTR NET\n\nShr 22 cts vs 18 cts\n    Net profit 4,100,000 vs 3,350,000\n    Revs 41.7 mln vs 39.0 mln\n";
        let d = docs(text);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].title, "ACME WIDGET CORP 2ND QTR NET");
    }

    #[test]
    fn a_story_then_headlines() {
        let text = "The first paragraph of a story ends here. It has two sentences.\nA second paragraph follows without a blank line.\n\n\nOil prices climb on supply fears\nCentral bank holds rates steady in the U.S.\nStorm batters the east coast\n";
        let d = docs(text);
        assert_eq!(d.len(), 4);
        assert_eq!(d[0].title, "The first paragraph of a story ends here.");
        assert!(!d[0].title_is_explicit);
        assert_eq!(d[2].title, "Central bank holds rates steady in the U.S.");
    }

    #[test]
    fn lists_inside_an_article_stay_in_it() {
        let titled = "Seeds announced\n\nThe draw was made on Friday.\n\n1 Anna Berg (Sweden)\n2 Carla Diaz Ruiz (Spain)\n3 Eve Fox (Canada)\n";
        assert_eq!(docs(titled).len(), 1);
        let between = "The draw was made on Friday.\n\nAnna Berg faces Maria Lopez\nCarla Diaz faces Petra Novak\nEve Fox faces Jo Smith\n\nPlay starts on Monday.\n";
        assert_eq!(docs(between).len(), 1);
        let introduced = "hello all, I have these books for sale:\n\nThe Garden in Winter\nA Short History of Rivers\nThe Atlas of Lost Cities\n";
        assert_eq!(docs(introduced).len(), 1);
        let questions = "Some thoughts below\nand more\n\nWhat size is your garden?\nHave you tried planting in spring?\nHow much sun does it get?\n";
        assert_eq!(docs(questions).len(), 1);
    }

    #[test]
    fn headline_rules() {
        assert!(is_headline_like(
            "Trump Slams Super Bowl Halftime Show Featuring Bad Bunny"
        ));
        assert!(is_headline_like("Mayor suspended after audit report"));
        assert!(is_headline_like("iPhone sales beat forecasts again"));
        assert!(!is_headline_like("the market fell sharply on Monday"));
        assert!(!is_headline_like("Prices fell sharply on Monday."));
        assert!(!is_headline_like("Prices fell sharply on Monday,"));
        assert!(!is_headline_like("Prices fell sharply because of the"));
        assert!(!is_headline_like("Two words"));
        assert!(!is_headline_like("> the quoted line goes here"));
        assert!(is_headline_like("He said \u{201c}No Deal Today\u{201d}"));
        assert!(is_headline_like(
            "Yahoo! Buys Search Firm as U.S. Stocks Rise"
        ));
        assert!(!is_headline_like(
            "Did this really happen? I doubt it. The story was"
        ));
        assert!(!is_headline_like("Jane Doe Smith\t\tCAN\t4"));
        assert!(!is_headline_like(
            "Old drawing program for sale      --->$80"
        ));
        assert!(!is_headline_like("AB>  Like the results we saw last week"));
        assert!(!is_headline_like("From: someone@example.com (Some One)"));
        assert!(!is_headline_like(
            "[ Article crossposted from misc.forsale ]"
        ));
        assert!(!is_headline_like("Ratio = (A + B) / C total"));
        assert!(!is_headline_like("He said \u{201c}no deal today.\u{201d}"));
    }

    #[test]
    fn example_file_is_one_story_and_sixteen_headlines() {
        let path = Path::new("/work/shared/examples/story-and-headlines.txt");
        let Ok(text) = std::fs::read_to_string(path) else {
            eprintln!("skipped: {} is absent", path.display());
            return;
        };
        let d = docs(&text);
        assert_eq!(d.len(), 17);
        assert_eq!(
            d[0].title,
            "Chinese President Xi Jinping is set to begin a four-day visit to Russia on Wednesday, offering a key diplomatic win for\u{2026}"
        );
        assert!(!d[0].title_is_explicit);
        assert!(d[0].body.starts_with("Chinese President Xi Jinping"));
        assert!(d[0].body.ends_with("and the Ukraine conflict."));
        let expected: Vec<&str> = text
            .lines()
            .skip(6)
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(expected.len(), 16);
        let headlines: Vec<&str> = d[1..].iter().map(|d| d.title.as_str()).collect();
        assert_eq!(headlines, expected);
        assert!(
            d[1..]
                .iter()
                .all(|d| d.body.is_empty() && d.title_is_explicit)
        );
        let items: Vec<u32> = d.iter().map(|d| d.sources[0].item).collect();
        assert_eq!(items, (1..=17).collect::<Vec<_>>());
    }
}
