//! Instants, civil dates and wall-clock times in a named zone, with the zone's offset
//! asked for each instant (never once per zone: offsets change with daylight saving and
//! with the law). Natively the offsets come from a tz database, in the browser from
//! `Intl.DateTimeFormat`: both implement [`Offsets`].

use serde::de::{self, Deserializer, MapAccess, Visitor};
use std::fmt;

/// Seconds since 1970-01-01T00:00:00Z.
pub type Instant = i64;

/// Seconds in a day.
const DAY: i64 = 86_400;

/// The UTC offset of a zone at an instant.
pub trait Offsets {
    /// Seconds east of UTC in `zone` (an IANA name) at `at`; `None` for a zone it does not know.
    fn offset(&self, zone: &str, at: Instant) -> Option<i32>;
}

/// A day of the proleptic Gregorian calendar, written `YYYY-MM-DD` (in front matter, the
/// configuration and every file the build writes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year, e.g. 2026.
    pub year: i32,
    /// 1 to 12.
    pub month: u8,
    /// 1 to 31.
    pub day: u8,
}

impl Date {
    /// The date, if `year-month-day` exists.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let date = Date { year, month, day };
        ((1..=12).contains(&month) && day >= 1 && Date::from_days(date.days()) == date).then_some(date)
    }

    /// Parses `YYYY-MM-DD`, also the date part of an RFC 3339 date-time.
    pub fn parse(text: &str) -> Option<Date> {
        let date = text.get(..10)?;
        let rest = &text[10..];
        if !(rest.is_empty() || rest.starts_with(['T', 't', ' '])) {
            return None;
        }
        let mut parts = date.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 || !date.bytes().all(|b| b == b'-' || b.is_ascii_digit()) {
            return None;
        }
        Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    pub fn days(self) -> i64 {
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01 (`civil_from_days`).
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        Date { year: (yoe + era * 400 + i64::from(month <= 2)) as i32, month, day }
    }

    /// The day of the week: 0 for Monday to 6 for Sunday.
    pub fn weekday(self) -> usize {
        // 1970-01-01 was a Thursday.
        (self.days() + 3).rem_euclid(7) as usize
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Text where people read it (TOML, JSON); a day number in the widget's binary
        // files, whose reader then needs no date parser.
        if serializer.is_human_readable() {
            serializer.collect_str(self)
        } else {
            serializer.serialize_i64(self.days())
        }
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl<'de> Visitor<'de> for DateVisitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date like 2026-11-20")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
                Date::parse(v).ok_or_else(|| E::custom(format!("{v:?} is not a date like 2026-11-20")))
            }
            // The toml crate hands a date over as a one-entry map around its text.
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Date, A::Error> {
                let (_, text): (String, String) =
                    map.next_entry()?.ok_or_else(|| de::Error::custom("expected a date like 2026-11-20"))?;
                self.visit_str(&text)
            }
        }
        if !deserializer.is_human_readable() {
            return <i64 as serde::Deserialize>::deserialize(deserializer).map(Date::from_days);
        }
        deserializer.deserialize_any(DateVisitor)
    }
}

/// A wall-clock time in a zone: its date and the minute of that day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Local {
    /// The date there.
    pub date: Date,
    /// Minutes since midnight there, 0 to 1439.
    pub minute: u16,
    /// The offset from UTC there and then, in seconds.
    pub offset: i32,
}

/// The wall clock in `zone` at `at`.
pub fn local(offsets: &dyn Offsets, zone: &str, at: Instant) -> Option<Local> {
    let offset = offsets.offset(zone, at)?;
    let seconds = at + i64::from(offset);
    Some(Local {
        date: Date::from_days(seconds.div_euclid(DAY)),
        minute: (seconds.rem_euclid(DAY) / 60) as u16,
        offset,
    })
}

/// `at` as RFC 3339 in `zone`, e.g. `2026-12-05T23:30:00+08:00`.
pub fn rfc3339(offsets: &dyn Offsets, zone: &str, at: Instant) -> Option<String> {
    let l = local(offsets, zone, at)?;
    let offset = l.offset.unsigned_abs();
    let sign = if l.offset < 0 { '-' } else { '+' };
    Some(format!(
        "{}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
        l.date,
        l.minute / 60,
        l.minute % 60,
        at.rem_euclid(60),
        offset / 3600,
        offset % 3600 / 60
    ))
}

/// The instant the wall clock in `zone` shows `minute` (which may pass 1440, into the next
/// days) of `date`. A time that the clocks skip (a spring-forward gap) is the instant as
/// far past the gap's start as the time is (02:30 in a 02:00-03:00 gap is 03:30); a
/// time they show twice (a fall-back overlap) is the first. The same choice as
/// JavaScript's Temporal and jiff make by default.
pub fn instant(offsets: &dyn Offsets, zone: &str, date: Date, minute: u32) -> Option<Instant> {
    let wall = date.days() * DAY + i64::from(minute) * 60;
    // The offsets in force a day either side cover every transition the time can be near.
    let before = i64::from(offsets.offset(zone, wall - DAY)?);
    let after = i64::from(offsets.offset(zone, wall + DAY)?);
    let mut candidates = [wall - before, wall - after];
    candidates.sort_unstable();
    for at in candidates {
        if i64::from(offsets.offset(zone, at)?) == wall - at {
            return Some(at);
        }
    }
    // In a gap: the offset before it, which lands past it.
    Some(wall - before)
}

#[cfg(test)]
pub(crate) mod testing {
    //! Zones with daylight saving, written out for the tests: the rules of 2026 only.
    use super::*;

    /// The instant of `date` at `hour:minute` UTC.
    pub fn utc(date: (i32, u8, u8), hour: i64, minute: i64) -> Instant {
        Date::new(date.0, date.1, date.2).unwrap().days() * DAY + hour * 3600 + minute * 60
    }

    /// America/New_York (-5, -4 from 2026-03-08 07:00Z to 2026-11-01 06:00Z),
    /// Australia/Lord_Howe (+11, +10:30 from 2026-04-04 15:00Z to 2026-10-03 15:30Z),
    /// Asia/Shanghai (+8) and UTC.
    pub struct Zones;

    impl Offsets for Zones {
        fn offset(&self, zone: &str, at: Instant) -> Option<i32> {
            match zone {
                "America/New_York" => {
                    let summer = at >= utc((2026, 3, 8), 7, 0) && at < utc((2026, 11, 1), 6, 0);
                    Some(if summer { -4 * 3600 } else { -5 * 3600 })
                }
                "Australia/Lord_Howe" => {
                    let winter = at >= utc((2026, 4, 4), 15, 0) && at < utc((2026, 10, 3), 15, 30);
                    Some(if winter { 37_800 } else { 39_600 })
                }
                "Asia/Shanghai" => Some(8 * 3600),
                "UTC" => Some(0),
                _ => None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{Zones, utc};
    use super::*;

    #[test]
    fn table_of_dates() {
        let cases = [
            ("2026-11-20", Some("2026-11-20")),
            ("2024-02-29", Some("2024-02-29")),
            ("2026-11-20T08:00:00Z", Some("2026-11-20")),
            ("2025-02-29", None),
            ("2026-13-01", None),
            ("2026-1-01", None),
            ("+026-01-01", None),
            ("yesterday", None),
            ("2026-11-200", None),
        ];
        for (text, expected) in cases {
            assert_eq!(Date::parse(text).map(|d| d.to_string()).as_deref(), expected, "{text}");
        }
    }

    #[test]
    fn civil_dates_round_trip_and_know_their_weekday() {
        for days in [-800_000, -1, 0, 1, 59, 60, 365, 10_956, 20_000, 2_932_896] {
            assert_eq!(Date::from_days(days).days(), days);
        }
        assert_eq!(Date::new(1970, 1, 1).unwrap().days(), 0);
        assert_eq!(Date::new(2026, 12, 1).unwrap().weekday(), 1, "a Tuesday");
        assert_eq!(Date::from_days(Date::new(2024, 2, 29).unwrap().days() + 1), Date::new(2024, 3, 1).unwrap());
        assert_eq!(Date::new(2025, 2, 29), None);
        assert_eq!(Date::from_days(Date::new(2026, 1, 1).unwrap().days() - 1).to_string(), "2025-12-31");
    }

    #[test]
    fn wall_clocks_across_daylight_saving() {
        let z = Zones;
        let ny = "America/New_York";
        let day = |y, m, d| Date::new(y, m, d).unwrap();
        // An ordinary time, either side of the change.
        assert_eq!(instant(&z, ny, day(2026, 3, 7), 9 * 60), Some(utc((2026, 3, 7), 14, 0)));
        assert_eq!(instant(&z, ny, day(2026, 3, 9), 9 * 60), Some(utc((2026, 3, 9), 13, 0)));
        // Spring forward: 02:30 does not exist; it is 03:30 EDT.
        assert_eq!(instant(&z, ny, day(2026, 3, 8), 150), Some(utc((2026, 3, 8), 7, 30)));
        assert_eq!(local(&z, ny, utc((2026, 3, 8), 7, 30)).unwrap().minute, 3 * 60 + 30);
        // Fall back: 01:30 happens twice; the first is EDT.
        assert_eq!(instant(&z, ny, day(2026, 11, 1), 90), Some(utc((2026, 11, 1), 5, 30)));
        assert_eq!(local(&z, ny, utc((2026, 11, 1), 6, 30)).unwrap().minute, 90, "the second 01:30, EST");
        // Lord Howe moves by 30 minutes.
        let lh = "Australia/Lord_Howe";
        assert_eq!(instant(&z, lh, day(2026, 7, 1), 9 * 60), Some(utc((2026, 6, 30), 22, 30)));
        assert_eq!(instant(&z, lh, day(2026, 12, 1), 9 * 60), Some(utc((2026, 11, 30), 22, 0)));
        // A minute past midnight counts into the next day.
        assert_eq!(instant(&z, "UTC", day(2026, 1, 1), 1440 + 60), Some(utc((2026, 1, 2), 1, 0)));
        assert_eq!(local(&z, "Mars/Olympus", 0), None);
        assert_eq!(rfc3339(&z, ny, utc((2026, 3, 8), 7, 30)).as_deref(), Some("2026-03-08T03:30:00-04:00"));
        assert_eq!(rfc3339(&z, lh, utc((2026, 6, 30), 22, 30)).as_deref(), Some("2026-07-01T09:00:00+10:30"));
    }
}
