//! Topics over time: how many of each topic's articles were published in each day, week or
//! month, where the files give publication dates (feeds, mail, records, pages; see
//! [`crate::corpus::date`]).

use chrono::{Datelike, Days, Months, NaiveDate};

/// The length of the periods articles are counted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Day,
    /// Weeks start on Monday.
    Week,
    Month,
}

impl Period {
    pub const ALL: [Period; 3] = [Period::Day, Period::Week, Period::Month];

    /// The shortest period that counts `dated` articles from `first` to `last` in bars that
    /// are not mostly empty (on average four articles a bar, or at most a dozen bars) and not
    /// too many to see (four months of days, three years of weeks); else months.
    fn for_span(first: NaiveDate, last: NaiveDate, dated: usize) -> Period {
        let wanted = (dated / 4).max(12);
        [(Period::Day, 122), (Period::Week, 160)]
            .into_iter()
            .find(|&(period, most)| period.count_from(first, last) <= wanted.min(most))
            .map_or(Period::Month, |(period, _)| period)
    }

    /// How many periods run from the one holding `first` to the one holding `last`.
    fn count_from(self, first: NaiveDate, last: NaiveDate) -> usize {
        let days = (self.start_of(last) - self.start_of(first)).num_days();
        let periods = match self {
            Period::Day => days,
            Period::Week => days / 7,
            Period::Month => {
                i64::from(last.year() - first.year()) * 12 + i64::from(last.month())
                    - i64::from(first.month())
            }
        };
        usize::try_from(periods).unwrap_or(0) + 1
    }

    /// Whether `day` falls in the period starting on `start`.
    pub fn holds(self, start: NaiveDate, day: NaiveDate) -> bool {
        self.start_of(day) == start
    }

    /// The period's name with its start, as a person reads it: "week of 4 March 2024",
    /// "March 2024", "12 March 2024".
    pub fn describe(self, start: NaiveDate) -> String {
        match self {
            Period::Day => start.format("%-d %B %Y").to_string(),
            Period::Week => format!("week of {}", start.format("%-d %B %Y")),
            Period::Month => start.format("%B %Y").to_string(),
        }
    }

    /// The number of days of the period starting on `start`.
    pub fn days_from(self, start: NaiveDate) -> i64 {
        self.next(start).map_or(1, |next| (next - start).num_days())
    }

    /// The first day of the period that holds `day`.
    pub fn start_of(self, day: NaiveDate) -> NaiveDate {
        match self {
            Period::Day => day,
            Period::Week => day - Days::new(u64::from(day.weekday().num_days_from_monday())),
            Period::Month => day.with_day(1).unwrap_or(day),
        }
    }

    fn next(self, start: NaiveDate) -> Option<NaiveDate> {
        match self {
            Period::Day => start.checked_add_days(Days::new(1)),
            Period::Week => start.checked_add_days(Days::new(7)),
            Period::Month => start.checked_add_months(Months::new(1)),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
        }
    }
}

/// Below this many dated articles the whole span of their dates is shown. From it on, the span
/// runs from the first hundredth of the dates to the last, widened on each side by as much
/// again, and dates beyond are left out: one article misdated by decades would otherwise
/// squeeze all the others into a single bar.
const TRIM_FROM: usize = 100;

/// The most bars a period chosen by a person may draw (over a year of days): a longer
/// period's bars are too thin to see or to click, and too many to draw each frame.
pub const MOST_BARS: usize = 400;

/// Articles per topic and period.
#[derive(Clone, Debug, PartialEq)]
pub struct Timeline {
    pub period: Period,
    /// Whether a person chose the period (else it is the one that suits the span).
    pub chosen: bool,
    /// The first and last dates shown.
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// The first day of each period, consecutive, earliest first.
    pub starts: Vec<NaiveDate>,
    /// `counts[topic][period]`, topics by id.
    pub counts: Vec<Vec<u32>>,
    /// Articles without a date.
    pub undated: usize,
    /// Dated articles outside the span shown (see [`TRIM_FROM`]).
    pub outside: usize,
}

impl Timeline {
    /// How many bars `period` draws over the dates shown.
    pub fn bars_by(&self, period: Period) -> usize {
        period.count_from(self.first, self.last)
    }

    /// Articles of `topic` in the `period`-th period (none for a topic without articles).
    pub fn count(&self, topic: usize, period: usize) -> u32 {
        self.counts.get(topic).map_or(0, |counts| counts[period])
    }

    /// Articles of every topic in each period.
    pub fn totals(&self) -> Vec<u32> {
        let mut totals = vec![0; self.starts.len()];
        for topic in &self.counts {
            for (total, &count) in totals.iter_mut().zip(topic) {
                *total += count;
            }
        }
        totals
    }
}

/// The timeline of articles with `dates`, the article `i` being in topic `assignments[i]`, by
/// the `chosen` period, or by the one that suits their span where none is chosen or the chosen
/// one would draw more than [`MOST_BARS`]; `None` when no article has a date.
pub fn timeline(
    dates: &[Option<NaiveDate>],
    assignments: &[usize],
    chosen: Option<Period>,
) -> Option<Timeline> {
    let mut sorted: Vec<NaiveDate> = dates.iter().flatten().copied().collect();
    if sorted.is_empty() {
        return None;
    }
    sorted.sort_unstable();
    let (mut first, mut last) = (sorted[0], sorted[sorted.len() - 1]);
    if sorted.len() >= TRIM_FROM {
        let trim = sorted.len() / 100;
        let (low, high) = (sorted[trim], sorted[sorted.len() - 1 - trim]);
        let margin = Days::new((high - low).num_days().unsigned_abs());
        let from = low.checked_sub_days(margin).unwrap_or(low);
        let to = high.checked_add_days(margin).unwrap_or(high);
        // The earliest and latest dates within those bounds.
        first = sorted[sorted.partition_point(|&d| d < from)];
        last = sorted[sorted.partition_point(|&d| d <= to) - 1];
    }
    let shown = sorted.partition_point(|&d| d <= last) - sorted.partition_point(|&d| d < first);
    let chosen = chosen.filter(|p| p.count_from(first, last) <= MOST_BARS);
    let period = chosen.unwrap_or_else(|| Period::for_span(first, last, shown));
    let mut starts = vec![period.start_of(first)];
    while let Some(next) = period.next(starts[starts.len() - 1]).filter(|&n| n <= last) {
        starts.push(next);
    }
    let topics = assignments.iter().max().map_or(0, |&m| m + 1);
    let mut counts = vec![vec![0u32; starts.len()]; topics];
    for (date, &topic) in dates.iter().zip(assignments) {
        let Some(date) = *date else { continue };
        if date < first || date > last {
            continue;
        }
        // The periods are consecutive and sorted: the last one starting on or before the
        // article's period's start holds it.
        let index = starts.partition_point(|&s| s <= date) - 1;
        counts[topic][index] += 1;
    }
    Some(Timeline {
        period,
        chosen: chosen.is_some(),
        first,
        last,
        starts,
        counts,
        undated: dates.len() - sorted.len(),
        outside: sorted.len() - shown,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a real day")
    }

    #[test]
    fn ten_days_are_counted_by_day_per_topic() {
        let dates = [
            Some(day(2024, 3, 1)),
            Some(day(2024, 3, 1)),
            None,
            Some(day(2024, 3, 3)),
            Some(day(2024, 3, 10)),
        ];
        let timeline = timeline(&dates, &[0, 1, 1, 1, 0], None).expect("dated");
        assert_eq!(timeline.period, Period::Day);
        assert_eq!(timeline.starts.len(), 10);
        assert_eq!(timeline.starts[0], day(2024, 3, 1));
        assert_eq!(timeline.starts[9], day(2024, 3, 10));
        assert_eq!(timeline.counts[0][0], 1);
        assert_eq!(timeline.counts[0][9], 1);
        assert_eq!(timeline.counts[1][0], 1);
        assert_eq!(timeline.counts[1][2], 1);
        assert_eq!(timeline.counts[1].iter().sum::<u32>(), 2);
        assert_eq!((timeline.undated, timeline.outside), (1, 0));
        assert_eq!(timeline.totals().iter().sum::<u32>(), 4);
    }

    /// `count` articles from `first`, `spacing` days apart.
    fn every(first: NaiveDate, spacing: u64, count: u64) -> Vec<Option<NaiveDate>> {
        (0..count)
            .map(|i| Some(first + Days::new(i * spacing)))
            .collect()
    }

    #[test]
    fn the_period_is_the_shortest_whose_bars_are_not_mostly_empty() {
        // A year of two articles a day: by week, from the Monday before the first.
        let busy = every(day(2024, 3, 13), 1, 600);
        let weekly = timeline(&busy, &vec![0; busy.len()], None).expect("dated");
        assert_eq!(weekly.period, Period::Week);
        assert_eq!(weekly.starts[0], day(2024, 3, 11));
        assert!(
            weekly
                .starts
                .windows(2)
                .all(|w| (w[1] - w[0]).num_days() == 7)
        );
        assert_eq!(weekly.counts[0].iter().sum::<u32>(), 600);

        // Eighty articles over the same year: by month, not a week each.
        let sparse = every(day(2024, 3, 13), 4, 80);
        let monthly = timeline(&sparse, &vec![0; sparse.len()], None).expect("dated");
        assert_eq!(monthly.period, Period::Month);
        assert_eq!(monthly.starts[0], day(2024, 3, 1));

        // A month of four articles a day: by day; of two a day, by week.
        let month = every(day(2024, 3, 1), 1, 31);
        let daily = timeline(&month.repeat(4), &[0; 124], None).expect("dated");
        assert_eq!(daily.period, Period::Day);
        assert_eq!(daily.starts.len(), 31);
        let quieter = timeline(&month.repeat(2), &[0; 62], None).expect("dated");
        assert_eq!(quieter.period, Period::Week);

        // A decade of a few articles: by month, every month from the first to the last.
        let dates = [Some(day(2010, 1, 31)), Some(day(2020, 2, 29))];
        let decade = timeline(&dates, &[0, 0], None).expect("dated");
        assert_eq!(decade.period, Period::Month);
        assert_eq!(decade.starts[0], day(2010, 1, 1));
        assert_eq!(decade.starts.len(), 122);
        assert_eq!(decade.counts[0][121], 1);
        assert_eq!(Period::Month.days_from(day(2024, 2, 1)), 29);
    }

    #[test]
    fn a_chosen_period_is_kept_unless_its_bars_are_too_many() {
        let year = every(day(2024, 1, 1), 1, 366);
        let topics = vec![0; year.len()];
        let automatic = timeline(&year, &topics, None).expect("dated");
        assert_eq!((automatic.period, automatic.chosen), (Period::Week, false));
        assert_eq!(automatic.bars_by(Period::Day), 366);
        assert_eq!(automatic.bars_by(Period::Month), 12);
        for period in Period::ALL {
            let by = timeline(&year, &topics, Some(period)).expect("dated");
            assert_eq!((by.period, by.chosen), (period, true));
            assert_eq!(by.starts.len(), automatic.bars_by(period));
            assert_eq!(by.totals().iter().sum::<u32>(), 366);
        }
        // Two years of days are too many bars: the period that suits the span instead.
        let two_years = every(day(2023, 1, 1), 2, 366);
        let by_day = timeline(&two_years, &topics, Some(Period::Day)).expect("dated");
        assert!(by_day.bars_by(Period::Day) > MOST_BARS);
        assert_eq!((by_day.period, by_day.chosen), (Period::Month, false));
    }

    #[test]
    fn a_period_holds_its_days_and_is_named_by_its_start() {
        let week = day(2024, 3, 11);
        assert!(Period::Week.holds(week, day(2024, 3, 11)));
        assert!(Period::Week.holds(week, day(2024, 3, 17)));
        assert!(!Period::Week.holds(week, day(2024, 3, 18)));
        assert!(!Period::Week.holds(week, day(2024, 3, 10)));
        assert!(Period::Month.holds(day(2024, 2, 1), day(2024, 2, 29)));
        assert_eq!(Period::Week.describe(week), "week of 11 March 2024");
        assert_eq!(Period::Month.describe(day(2024, 2, 1)), "February 2024");
        assert_eq!(Period::Day.describe(day(2024, 2, 1)), "1 February 2024");
    }

    #[test]
    fn one_article_misdated_by_decades_does_not_stretch_the_span() {
        let mut dates: Vec<Option<NaiveDate>> = (0..199)
            .map(|i| Some(day(2024, 3, 1) + Days::new(i % 30)))
            .collect();
        dates.push(Some(day(1970, 1, 1)));
        let assignments = vec![0; dates.len()];
        let timeline = timeline(&dates, &assignments, None).expect("dated");
        assert_eq!(timeline.period, Period::Day);
        assert_eq!(timeline.starts[0], day(2024, 3, 1));
        assert_eq!(timeline.outside, 1);
        let shown = timeline.totals().iter().sum::<u32>() as usize;
        assert_eq!(shown + timeline.outside, dates.len());
    }

    #[test]
    fn a_long_tail_of_real_dates_stays_in_the_span() {
        // Most articles from one month, a few from the two months before: all are shown.
        let mut dates: Vec<Option<NaiveDate>> = (0..190)
            .map(|i| Some(day(2024, 3, 1) + Days::new(i % 30)))
            .collect();
        dates.extend((0..10).map(|i| Some(day(2024, 1, 1) + Days::new(i * 6))));
        let timeline = timeline(&dates, &vec![0; dates.len()], None).expect("dated");
        assert_eq!(timeline.outside, 0);
        assert_eq!(timeline.starts[0], day(2024, 1, 1));
    }

    #[test]
    fn no_dates_no_timeline() {
        assert_eq!(timeline(&[None, None], &[0, 1], None), None);
        assert_eq!(timeline(&[], &[], Some(Period::Day)), None);
    }
}
