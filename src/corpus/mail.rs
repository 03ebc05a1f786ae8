//! E-mail, as newsletters and news alerts arrive: a saved message (`.eml`) or a mailbox of
//! them (`.mbox`). Each message is a document: its subject the title, and as its text the
//! plain-text body, or where a message has none its HTML body read as visible text (as a
//! feed's HTML is). Headers and attachments are not part of it.

use std::path::Path;

use chrono::NaiveDate;
use mail_parser::{Message, MessageParser, PartType};

use super::date::calendar_day;
use super::html::fragment_text;
use super::record::{RecordDocuments, title_and_body};
use super::{FileOutcome, SkipReason};

/// Why a message that does not parse is skipped.
const NOT_A_MESSAGE: &str = "not an e-mail message (no headers and no body)";

/// A saved message: one document.
pub fn parse_message(bytes: &[u8], file: &Path) -> FileOutcome {
    let Some(message) = MessageParser::default().parse(bytes) else {
        return FileOutcome::skipped(SkipReason::Malformed {
            message: NOT_A_MESSAGE.into(),
        });
    };
    let Some(fields) = subject_and_text(&message) else {
        return FileOutcome::skipped(SkipReason::NoText);
    };
    let mut records = RecordDocuments::new(file);
    records.push(1, Some(fields), date_sent(&message));
    records.finish()
}

/// A mailbox (the mbox format: messages one after another, each starting with a line
/// "From sender date"): a document for each message, numbered in order.
pub fn parse_mailbox(bytes: &[u8], file: &Path) -> FileOutcome {
    let mut records = RecordDocuments::new(file);
    let parser = MessageParser::default();
    let mut messages = 0u32;
    for raw in mail_parser::mailbox::mbox::MessageIterator::new(bytes) {
        messages += 1;
        // Reading from memory cannot fail; a message that does not parse is reported.
        let parsed = raw.ok().and_then(|raw| {
            let message = parser.parse(raw.contents())?;
            Some((subject_and_text(&message), date_sent(&message)))
        });
        match parsed {
            Some((fields, date)) => records.push(messages, fields, date),
            None => records.skip(
                messages,
                SkipReason::Malformed {
                    message: NOT_A_MESSAGE.into(),
                },
            ),
        }
    }
    if messages == 0 {
        return FileOutcome::skipped(SkipReason::Malformed {
            message: "not a mailbox: no line starts a message (\"From sender date\")".into(),
        });
    }
    records.finish()
}

/// The day a message was sent, in the sender's time zone (its Date header).
fn date_sent(message: &Message<'_>) -> Option<NaiveDate> {
    let sent = message.date()?;
    calendar_day(
        i32::from(sent.year),
        u32::from(sent.month),
        u32::from(sent.day),
    )
}

/// A message's subject and text, if it has either.
fn subject_and_text(message: &Message<'_>) -> Option<(String, String)> {
    let subject = message.subject().unwrap_or_default();
    let mut text = String::new();
    // Every inline text part in order (a digest's stories may be parts of their own); an
    // HTML part stands in its list only where it has no plain-text alternative.
    for part in message.text_bodies() {
        let piece = match &part.body {
            PartType::Text(plain) => plain.trim().to_string(),
            PartType::Html(html) => fragment_text(html),
            _ => continue,
        };
        if !piece.is_empty() {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(&piece);
        }
    }
    title_and_body(Some(subject), Some(&text), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NEWSLETTER: &str = "From: Example News <news@example.com>\r\n\
To: reader@example.org\r\n\
Date: Thu, 12 Mar 2026 23:10:00 -0500\r\n\
Subject: =?UTF-8?Q?Rates_held_at_4.25=25_=E2=80=94_morning_briefing?=\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/alternative; boundary=\"b1\"\r\n\
\r\n\
--b1\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
Content-Transfer-Encoding: quoted-printable\r\n\
\r\n\
The central bank held its rate at 4.25% on Thursday, as markets expect=\r\n\
ed.\r\n\
--b1\r\n\
Content-Type: text/html; charset=utf-8\r\n\
\r\n\
<html><body><p>The central bank held its rate (HTML copy).</p></body></html>\r\n\
--b1--\r\n";

    #[test]
    fn a_message_is_its_subject_and_its_plain_text() {
        let out = parse_message(NEWSLETTER.as_bytes(), Path::new("briefing.eml"));
        assert!(out.skip.is_none(), "{:?}", out.skip);
        assert_eq!(out.documents.len(), 1);
        let document = &out.documents[0];
        assert_eq!(document.title, "Rates held at 4.25% — morning briefing");
        assert_eq!(
            document.body,
            "The central bank held its rate at 4.25% on Thursday, as markets expected."
        );
        assert!(!document.body.contains("HTML copy") && !document.body.contains("From:"));
        // The day in the sender's time zone, not the next day in UTC.
        assert_eq!(document.date, calendar_day(2026, 3, 12));
    }

    #[test]
    fn an_html_only_message_is_read_as_visible_text() {
        // "Cafés" in Latin-1, as the header says.
        let bytes: &[u8] = b"Subject: Storm hits coast\r\nContent-Type: text/html; charset=iso-8859-1\r\n\r\n\
<html><head><style>p { color: red }</style></head><body><p>Towns were flooded.</p><p>Caf\xe9s closed.</p></body></html>\r\n";
        let out = parse_message(bytes, Path::new("alert.eml"));
        let document = &out.documents[0];
        assert_eq!(document.title, "Storm hits coast");
        assert_eq!(document.body, "Towns were flooded.\n\nCafés closed.");
    }

    #[test]
    fn a_mailbox_is_a_document_for_each_message() {
        let mailbox = format!(
            "From news@example.com Thu Jan  1 00:00:00 2026\n{}\nFrom alerts@example.com Fri Jan  2 00:00:00 2026\nSubject: Ferry service resumes\n\n>From the harbour: boats sail again.\n\nFrom x@example.com Sat Jan  3 00:00:00 2026\n\n",
            NEWSLETTER.replace("\r\n", "\n")
        );
        let out = parse_mailbox(mailbox.as_bytes(), Path::new("inbox.mbox"));
        let titles: Vec<&str> = out.documents.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Rates held at 4.25% — morning briefing",
                "Ferry service resumes"
            ]
        );
        // The quoted ">From" line is the body's own "From".
        assert_eq!(out.documents[1].body, "From the harbour: boats sail again.");
        assert_eq!(out.documents[1].sources[0].item, 2);
        // The third message holds nothing.
        assert_eq!(out.skipped_items.len(), 1);
        assert_eq!(out.skipped_items[0].0, 3);
    }

    #[test]
    fn text_that_is_not_mail_is_reported() {
        let out = parse_mailbox(b"just some text\nwithout messages\n", Path::new("x.mbox"));
        assert!(matches!(out.skip, Some(SkipReason::Malformed { .. })));
        assert!(out.documents.is_empty());
        let out = parse_message(b"", Path::new("empty.eml"));
        assert!(
            out.documents.is_empty() && out.skip.is_some(),
            "{:?}",
            out.skip
        );
        let out = parse_message(b"Subject: \r\n\r\n  \r\n", Path::new("blank.eml"));
        assert_eq!(out.skip, Some(SkipReason::NoText));
    }
}
