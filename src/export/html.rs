//! The report as one self-contained HTML page: the topics with their keywords and sizes, where
//! articles are dated the topics over time as a drawn chart, and every article's title under
//! its topic. No scripts, no links to anything outside the file, so it opens the same in any
//! browser, offline, years later.

use std::io::Write;

use super::{ExportError, display_path, topic_color};
use crate::pipeline::Outcome;
use crate::topics::Topic;
use crate::topics::timeline::Timeline;

/// Reports of up to this many documents show every topic's articles opened.
const OPEN_UP_TO: usize = 1000;

/// The page's style sheet: readable in print and on screen, light or dark.
const STYLE: &str = "
:root { color-scheme: light dark; --muted: #777; --bar: #8884; }
body { font: 15px/1.45 system-ui, sans-serif; max-width: 62rem; margin: 2rem auto; padding: 0 1rem; }
h1 { margin-bottom: .2rem; } .muted { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: 1rem 0 2rem; }
td, th { padding: .3rem .5rem; text-align: left; vertical-align: top; border-bottom: 1px solid #8883; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.swatch { display: inline-block; width: .9rem; height: .9rem; border-radius: .2rem; vertical-align: -.1rem; margin-right: .4rem; }
.bar { background: var(--bar); height: .5rem; border-radius: .25rem; min-width: 4rem; }
.bar > span { display: block; height: 100%; border-radius: .25rem; }
details { margin: .6rem 0; border-left: .3rem solid var(--c); padding-left: .8rem; }
summary { cursor: pointer; font-weight: 600; } .keywords { color: var(--muted); margin: .2rem 0; }
svg.time { width: 100%; height: auto; margin: .4rem 0 2rem; } svg.time text { fill: var(--muted); font-size: 11px; }
ol { padding-left: 2.2rem; } li { margin: .1rem 0; } li .file, li .date { color: var(--muted); font-size: .85em; margin-left: .4rem; }
";

/// Writes the report of `outcome`; topic `t` is shown in `colors[t % colors.len()]`.
pub fn write_html_report(
    outcome: &Outcome,
    colors: &[[u8; 3]],
    mut out: impl Write,
) -> Result<(), ExportError> {
    let corpus = &outcome.corpus;
    let topics = &outcome.topics;
    let total = corpus.documents.len().max(1);
    let color = |t: usize| {
        let [r, g, b] = topic_color(colors, t);
        format!("#{r:02x}{g:02x}{b:02x}")
    };
    let members = topics.members_by_closeness();
    let order = topics.ids_by_size();

    let name = escape(&corpus.name);
    writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"Topic Atlas {}\">\n<title>Topics of {name}</title>\n\
         <style>{STYLE}</style>\n</head>\n<body>",
        env!("CARGO_PKG_VERSION")
    )?;
    writeln!(out, "<h1>Topics of {name}</h1>")?;
    writeln!(
        out,
        "<p class=\"muted\">{} documents · {} topics · {}</p>",
        corpus.documents.len(),
        topics.topics.len(),
        outcome.language().name()
    )?;
    writeln!(
        out,
        "<table>\n<tr><th>Topic</th><th>Keywords</th><th class=\"n\">Articles</th><th>Share</th></tr>"
    )?;
    for &t in &order {
        let topic = &topics.topics[t];
        let share = topic.size as f64 / total as f64 * 100.0;
        writeln!(
            out,
            "<tr><td><a href=\"#topic-{t}\"><span class=\"swatch\" style=\"background:{c}\"></span>{label}</a></td>\
             <td>{keywords}</td><td class=\"n\">{size}</td>\
             <td><div class=\"bar\"><span style=\"width:{share:.1}%;background:{c}\"></span></div></td></tr>",
            c = color(t),
            label = escape(&topic.label),
            keywords = keywords(topic),
            size = topic.size,
        )?;
    }
    writeln!(out, "</table>")?;
    if let Some(timeline) = outcome.timeline(None) {
        writeln!(out, "<h2>Over time</h2>")?;
        writeln!(
            out,
            "{}",
            over_time_chart(outcome, &timeline, &order, &color)
        )?;
    }
    // A short report opens every topic; a long one stays a page of headings to open one by one.
    let open = if corpus.documents.len() <= OPEN_UP_TO {
        " open"
    } else {
        ""
    };
    for &t in &order {
        let topic = &topics.topics[t];
        writeln!(
            out,
            "<details id=\"topic-{t}\" style=\"--c:{c}\"{open}><summary><span class=\"swatch\" style=\"background:{c}\"></span>{label} \
             <span class=\"muted\">({size} articles)</span></summary>\n<p class=\"keywords\">{keywords}</p>",
            c = color(t),
            label = escape(&topic.label),
            size = topic.size,
            keywords = keywords(topic),
        )?;
        writeln!(out, "<ol>")?;
        for &d in &members[t] {
            let document = &corpus.documents[d];
            let source = document.source();
            let file = display_path(&source.file);
            let place = if source.item > 1 {
                format!("{file} #{}", source.item)
            } else {
                file
            };
            let date = document
                .date
                .map_or_else(String::new, |d| format!("<span class=\"date\">{d}</span>"));
            writeln!(
                out,
                "<li>{}{date}<span class=\"file\">{}</span></li>",
                escape(&document.title),
                escape(&place)
            )?;
        }
        writeln!(out, "</ol></details>")?;
    }
    writeln!(out, "</body>\n</html>")?;
    Ok(())
}

/// The chart's size in its own units; the page scales it to its width.
const CHART_WIDTH: f64 = 1000.0;
const CHART_HEIGHT: f64 = 180.0;
/// Room under the bars for the dates.
const AXIS_HEIGHT: f64 = 18.0;

/// The topics' articles per period as stacked bars, largest topic at the bottom, drawn in SVG;
/// hovering a bar's part names its topic, period and count (an SVG `<title>`, no script).
fn over_time_chart(
    outcome: &Outcome,
    timeline: &Timeline,
    order: &[usize],
    color: &dyn Fn(usize) -> String,
) -> String {
    let totals = timeline.totals();
    let dated: u32 = totals.iter().sum();
    let tallest = f64::from(totals.iter().copied().max().unwrap_or(1).max(1));
    let slot = CHART_WIDTH / timeline.starts.len().max(1) as f64;
    let mut svg = format!(
        "<p class=\"muted\">Articles per {} · {dated} dated{}</p>\n\
         <svg class=\"time\" viewBox=\"0 0 {CHART_WIDTH} {}\" role=\"img\" \
         aria-label=\"Articles per {} and topic\">\n",
        timeline.period.name(),
        if timeline.undated > 0 {
            format!(" · {} without a date", timeline.undated)
        } else {
            String::new()
        },
        CHART_HEIGHT + AXIS_HEIGHT,
        timeline.period.name(),
    );
    for (i, &start) in timeline.starts.iter().enumerate() {
        let mut base = 0u32;
        let when = escape(&timeline.period.describe(start));
        for &t in order {
            let count = timeline.count(t, i);
            if count == 0 {
                continue;
            }
            let height = f64::from(count) / tallest * CHART_HEIGHT;
            let y = CHART_HEIGHT - f64::from(base + count) / tallest * CHART_HEIGHT;
            svg.push_str(&format!(
                "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{height:.1}\" \
                 fill=\"{}\"><title>{}: {when}, {count}</title></rect>\n",
                i as f64 * slot + slot * 0.05,
                slot * 0.9,
                color(t),
                escape(&outcome.topics.topics[t].label),
            ));
            base += count;
        }
    }
    // The first and the last period's dates under the bars.
    let label = |start| escape(&timeline.period.describe(start));
    let y = CHART_HEIGHT + AXIS_HEIGHT - 4.0;
    if let (Some(&first), Some(&last)) = (timeline.starts.first(), timeline.starts.last()) {
        svg.push_str(&format!(
            "<text x=\"0\" y=\"{y}\">{}</text>\n",
            label(first)
        ));
        if last != first {
            svg.push_str(&format!(
                "<text x=\"{CHART_WIDTH}\" y=\"{y}\" text-anchor=\"end\">{}</text>\n",
                label(last)
            ));
        }
    }
    svg.push_str("</svg>");
    svg
}

/// A topic's keywords, escaped, separated by commas.
fn keywords(topic: &Topic) -> String {
    let terms: Vec<String> = topic.keywords.iter().map(|k| escape(k.shown())).collect();
    terms.join(", ")
}

/// Text made safe to put between tags or in an attribute.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_text_is_escaped() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }
}
