//! Topics over time as CSV, for a spreadsheet or a plotting library: a row per period (its
//! first day, under a header naming the period: `week`), a column per topic (headed by its
//! label, largest topic first) holding how many of its articles appeared in that period, and
//! their sum (`all`). Periods with no article are rows of zeros, so the rows run evenly.

use std::io::Write;

use super::ExportError;
use crate::pipeline::Outcome;
use crate::topics::timeline::Timeline;

/// Writes `timeline`, counted from `outcome`'s topics.
pub fn write_over_time_csv(
    outcome: &Outcome,
    timeline: &Timeline,
    out: impl Write,
) -> Result<(), ExportError> {
    let topics = &outcome.topics;
    // Largest first, as the topics are listed (edited topics keep their ids, so the ids'
    // order is not the sizes').
    let order = topics.ids_by_size();
    let mut writer = csv::Writer::from_writer(out);
    let mut header = vec![timeline.period.name().to_string()];
    header.extend(order.iter().map(|&t| topics.topics[t].label.clone()));
    header.push("all".to_string());
    writer.write_record(&header)?;
    let totals = timeline.totals();
    for (i, start) in timeline.starts.iter().enumerate() {
        let mut row = vec![start.format("%Y-%m-%d").to_string()];
        row.extend(order.iter().map(|&t| timeline.count(t, i).to_string()));
        row.push(totals[i].to_string());
        writer.write_record(&row)?;
    }
    writer.flush()?;
    Ok(())
}
