//! Calendar dates in front matter: `updated = 2026-11-20` (a TOML date) or
//! `updated: 2026-11-20` / `"2026-11-20"` (YAML or a string).

use serde::de::{self, Deserializer, MapAccess, Visitor};
use std::fmt;

/// A calendar date, `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, e.g. 2026.
    pub year: u16,
    /// Month, 1 to 12.
    pub month: u8,
    /// Day of the month, from 1.
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`, also the date part of an RFC 3339 date-time.
    pub fn parse(text: &str) -> Option<Self> {
        let date = text.get(..10)?;
        let rest = &text[10..];
        if !(rest.is_empty() || rest.starts_with(['T', 't', ' '])) {
            return None;
        }
        let mut parts = date.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let (year, month, day) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
        (1..=12).contains(&month).then_some(())?;
        (1..=days_in_month(year, month)).contains(&day).then_some(Self { year, month, day })
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
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
        deserializer.deserialize_any(DateVisitor)
    }
}

#[cfg(test)]
mod tests {
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
            ("yesterday", None),
            ("2026-11-200", None),
        ];
        for (text, expected) in cases {
            assert_eq!(Date::parse(text).map(|d| d.to_string()).as_deref(), expected, "{text}");
        }
    }
}
