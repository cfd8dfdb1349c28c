//! Time zones natively, from the IANA database bundled into the binary (jiff): the
//! offsets the recommender asks for, and the names authors may use. The browser asks
//! `Intl.DateTimeFormat` instead, and ships no zone data.

use kefu_model::time::{Instant, Offsets};

/// Whether `name` is a zone of the database, e.g. `Asia/Shanghai`.
pub fn exists(name: &str) -> bool {
    jiff::tz::db().get(name).is_ok()
}

/// The database's offsets.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tzdb;

impl Offsets for Tzdb {
    fn offset(&self, zone: &str, at: Instant) -> Option<i32> {
        let zone = jiff::tz::db().get(zone).ok()?;
        let at = jiff::Timestamp::from_second(at).ok()?;
        Some(zone.to_offset(at).seconds())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_per_instant_from_the_database() {
        assert!(exists("Asia/Shanghai") && exists("America/New_York") && !exists("Asia/Atlantis"));
        // 2026-03-08 06:59:59Z is EST, a second later EDT.
        assert_eq!(Tzdb.offset("America/New_York", 1_772_953_199), Some(-5 * 3600));
        assert_eq!(Tzdb.offset("America/New_York", 1_772_953_200), Some(-4 * 3600));
        // Lord Howe: +10:30 in its winter.
        assert_eq!(Tzdb.offset("Australia/Lord_Howe", 1_782_864_000), Some(37_800));
        assert_eq!(Tzdb.offset("Asia/Atlantis", 0), None);
    }
}
