//! Service hours as the widget evaluates them: a weekly schedule and dated exceptions in a
//! named zone, normalised by the build (which parses what authors write) into spans of
//! minutes. "Open now? Until when? When next?" are answered per instant, with the zone's
//! offset at each instant that matters, so daylight saving moves nothing it should not.

use crate::time::{Date, Instant, Offsets, instant, local};
use serde::{Deserialize, Serialize};

/// Minutes in a day.
pub const DAY_MINUTES: u16 = 1440;
/// How far ahead the next opening is looked for: a year and a bit (a long closure).
const OPENING_HORIZON_DAYS: i64 = 400;
/// How far ahead a stretch of opening is followed for its end; beyond it, "open" has no
/// end worth saying (and a browser asks the zone's offset twice a day followed).
const CLOSING_HORIZON_DAYS: i64 = 8;

/// A stretch of opening within a day, in minutes from that day's midnight. `end` may pass
/// 1440: an overnight shift `22:00-02:00` is 1320 to 1560, and belongs to the day it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    /// First minute open.
    pub start: u16,
    /// First minute closed again, after `start`.
    pub end: u16,
}

/// Hours of its own on some dates: closed (no spans), or special hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dated {
    /// The first date.
    pub from: Date,
    /// The last date, `from` or later.
    pub to: Date,
    /// The hours on each of these dates; none when closed.
    pub spans: Vec<Span>,
    /// The holiday's name in the locale, or empty.
    pub name: String,
}

/// A channel's service hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceHours {
    /// The IANA zone the hours are in, e.g. `Asia/Shanghai`.
    pub zone: String,
    /// The spans of each weekday, Monday first; sorted, not overlapping.
    pub weekly: [Vec<Span>; 7],
    /// Dates with hours of their own; where several cover a date, the last wins.
    pub dated: Vec<Dated>,
}

/// Whether a channel is open at an instant, and the instants that matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// Open at that instant.
    pub open: bool,
    /// When open: when it closes, if within a week or so.
    pub closes_at: Option<Instant>,
    /// When closed: when it opens next, if within the year.
    pub opens_at: Option<Instant>,
    /// When closed for a dated reason with a name (a holiday): that name.
    pub closed_for: Option<String>,
}

impl Status {
    /// Open, with no end worth saying.
    pub const OPEN: Status = Status { open: true, closes_at: None, opens_at: None, closed_for: None };
    /// Closed, with no opening in sight.
    pub const CLOSED: Status = Status { open: false, closes_at: None, opens_at: None, closed_for: None };
}

impl ServiceHours {
    /// Open every minute of every day (`24/7`), in `zone`.
    pub fn always(zone: &str) -> ServiceHours {
        let day = vec![Span { start: 0, end: DAY_MINUTES }];
        ServiceHours { zone: zone.to_string(), weekly: std::array::from_fn(|_| day.clone()), dated: Vec::new() }
    }

    /// Open around the clock, every day, with no dated exceptions.
    pub fn is_always(&self) -> bool {
        self.dated.is_empty() && self.weekly.iter().all(|d| d == &[Span { start: 0, end: DAY_MINUTES }])
    }

    /// The spans of `date`, and the dated rule that gave them, if one did.
    pub fn on(&self, date: Date) -> (&[Span], Option<&Dated>) {
        match self.dated.iter().rev().find(|d| d.from <= date && date <= d.to) {
            Some(dated) => (&dated.spans, Some(dated)),
            None => (&self.weekly[date.weekday()], None),
        }
    }

    /// Whether the hours are open at `at`, until when, or from when; `None` when the
    /// zone is unknown to `offsets`.
    pub fn status(&self, at: Instant, offsets: &dyn Offsets) -> Option<Status> {
        if self.is_always() {
            return Some(Status::OPEN);
        }
        let today = local(offsets, &self.zone, at)?.date;
        let mut open_until: Option<Instant> = None;
        // Yesterday's overnight shift may still be on.
        let first = today.days() - 1;
        for days in first..=today.days() + OPENING_HORIZON_DAYS {
            let date = Date::from_days(days);
            for span in self.on(date).0 {
                let start = instant(offsets, &self.zone, date, u32::from(span.start))?;
                let end = instant(offsets, &self.zone, date, u32::from(span.end))?;
                match open_until {
                    // A stretch that goes on: the next span starts when the last ends.
                    Some(until) if start <= until => open_until = Some(until.max(end)),
                    Some(until) => {
                        return Some(Status { closes_at: Some(until), ..Status::OPEN });
                    }
                    None if start <= at && at < end => open_until = Some(end),
                    None if start > at => {
                        let closed_for = self
                            .on(today)
                            .1
                            .filter(|d| d.spans.is_empty() && !d.name.is_empty())
                            .map(|d| d.name.clone());
                        return Some(Status { opens_at: Some(start), closed_for, ..Status::CLOSED });
                    }
                    None => {}
                }
            }
            if open_until.is_some() && days >= today.days() + CLOSING_HORIZON_DAYS {
                break;
            }
        }
        Some(if open_until.is_some() { Status::OPEN } else { Status::CLOSED })
    }

    /// The weekly hours as rows for people to read: runs of consecutive weekdays with the
    /// same spans (Monday first), each with those spans; closed days are left out.
    pub fn weekly_rows(&self) -> Vec<(std::ops::RangeInclusive<usize>, &[Span])> {
        let mut rows: Vec<(std::ops::RangeInclusive<usize>, &[Span])> = Vec::new();
        for (day, spans) in self.weekly.iter().enumerate() {
            match rows.last_mut() {
                Some((days, last)) if *days.end() + 1 == day && *last == spans.as_slice() => {
                    *days = *days.start()..=day
                }
                _ => rows.push((day..=day, spans)),
            }
        }
        rows.retain(|(_, spans)| !spans.is_empty());
        rows
    }
}

/// `HH:MM` of a minute of the day (past midnight for an overnight end: 02:00, not 26:00).
pub fn clock(minute: u16) -> String {
    let minute = if minute > DAY_MINUTES { minute - DAY_MINUTES } else { minute };
    // By hand: padded formatting would pull formatting code into the widget's module.
    let digit = |n: u16| char::from(b'0' + (n % 10) as u8);
    let (h, m) = (minute / 60, minute % 60);
    [digit(h / 10), digit(h), ':', digit(m / 10), digit(m)].iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::testing::{Zones, utc};

    fn span(start: (u16, u16), end: (u16, u16)) -> Span {
        Span { start: start.0 * 60 + start.1, end: end.0 * 60 + end.1 }
    }

    fn date(y: i32, m: u8, d: u8) -> Date {
        Date::new(y, m, d).unwrap()
    }

    /// Mo-Fr 09:00-12:00,13:00-18:00; Sa 22:00-02:00; closed on Sundays; a holiday.
    fn shanghai() -> ServiceHours {
        let weekday = vec![span((9, 0), (12, 0)), span((13, 0), (18, 0))];
        let mut weekly: [Vec<Span>; 7] = std::array::from_fn(|_| weekday.clone());
        weekly[5] = vec![span((22, 0), (26, 0))];
        weekly[6] = vec![];
        let national_day =
            Dated { from: date(2026, 10, 1), to: date(2026, 10, 7), spans: vec![], name: "National Day".into() };
        ServiceHours { zone: "Asia/Shanghai".into(), weekly, dated: vec![national_day] }
    }

    #[test]
    fn split_shifts_overnight_shifts_and_holidays() {
        let h = shanghai();
        let z = Zones;
        // Tuesday 2026-12-01, 10:00 in Shanghai (02:00Z): open until noon.
        let s = h.status(utc((2026, 12, 1), 2, 0), &z).unwrap();
        assert_eq!((s.open, s.closes_at), (true, Some(utc((2026, 12, 1), 4, 0))));
        // Lunch: closed, opens at 13:00.
        let s = h.status(utc((2026, 12, 1), 4, 30), &z).unwrap();
        assert_eq!((s.open, s.opens_at), (false, Some(utc((2026, 12, 1), 5, 0))));
        // Saturday 23:30 and Sunday 01:30: the overnight shift, until Sunday 02:00.
        for at in [utc((2026, 12, 5), 15, 30), utc((2026, 12, 5), 17, 30)] {
            let s = h.status(at, &z).unwrap();
            assert_eq!((s.open, s.closes_at), (true, Some(utc((2026, 12, 5), 18, 0))), "{at}");
        }
        // Sunday 10:00: closed until Monday 09:00.
        let s = h.status(utc((2026, 12, 6), 2, 0), &z).unwrap();
        assert_eq!((s.open, s.opens_at), (false, Some(utc((2026, 12, 7), 1, 0))));
        // A holiday week: closed for it, opens on Thursday 10-08 at 09:00.
        let s = h.status(utc((2026, 10, 2), 3, 0), &z).unwrap();
        assert_eq!(
            s,
            Status {
                open: false,
                closes_at: None,
                opens_at: Some(utc((2026, 10, 8), 1, 0)),
                closed_for: Some("National Day".into())
            }
        );
    }

    #[test]
    fn an_overnight_shift_across_a_daylight_saving_change() {
        // New York, Saturday 2026-03-07 22:00 to Sunday 02:00 local: 22:00 EST is 03:00Z; the
        // clocks skip 02:00-03:00 that night, so the shift ends at 03:00 EDT, 07:00Z.
        let mut weekly: [Vec<Span>; 7] = Default::default();
        weekly[5] = vec![span((22, 0), (26, 0))];
        let h = ServiceHours { zone: "America/New_York".into(), weekly, dated: vec![] };
        let s = h.status(utc((2026, 3, 8), 5, 0), &Zones).unwrap();
        assert_eq!((s.open, s.closes_at), (true, Some(utc((2026, 3, 8), 7, 0))));
        // In the fall, the same shift's end comes after the repeated hour: 02:00 EST, 07:00Z.
        let s = h.status(utc((2026, 10, 31), 2, 30), &Zones).unwrap();
        assert_eq!((s.open, s.opens_at), (false, Some(utc((2026, 11, 1), 2, 0))), "opens Sat 22:00 EDT");
        let s = h.status(utc((2026, 11, 1), 6, 30), &Zones).unwrap();
        assert_eq!((s.open, s.closes_at), (true, Some(utc((2026, 11, 1), 7, 0))));
    }

    #[test]
    fn always_open_and_rows_for_people() {
        let h = ServiceHours::always("UTC");
        assert!(h.is_always());
        assert_eq!(h.status(0, &Zones), Some(Status { open: true, closes_at: None, opens_at: None, closed_for: None }));
        let rows = shanghai();
        let rows = rows.weekly_rows();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].0, 0..=4);
        assert_eq!(rows[1].0, 5..=5);
        assert_eq!((clock(rows[1].1[0].start), clock(rows[1].1[0].end)), ("22:00".into(), "02:00".into()));
        let unknown = ServiceHours { zone: "Mars/Olympus".into(), ..shanghai() };
        assert_eq!(unknown.status(0, &Zones), None);
    }
}
