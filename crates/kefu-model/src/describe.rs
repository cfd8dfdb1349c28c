//! The recommender's reasons and the hours in the visitor's words: "open now, answers in
//! about 2 minutes: fastest for urgent problems", "closed, opens Mon 09:00 (your time
//! 02:00)". Times are shown in the channel's zone and, when that differs, in the visitor's.

use crate::contact::{Contact, Ranked, Ranking, Reason, Urgency};
use crate::hours::{ServiceHours, clock};
use crate::time::{Instant, Offsets, local};
use crate::words::Words;

/// The words of a day of the week, Monday first.
const DAYS: [&str; 7] = ["day_mon", "day_tue", "day_wed", "day_thu", "day_fri", "day_sat", "day_sun"];

/// Where and how to show times: the locale's words, the zone offsets, and the visitor's zone.
pub struct Describer<'a> {
    /// The locale's words.
    pub words: &'a Words,
    /// The zones' offsets.
    pub offsets: &'a dyn Offsets,
    /// The visitor's zone (IANA).
    pub visitor_zone: &'a str,
}

impl Describer<'_> {
    /// "about 2 minutes", "about 1 hour", "about 2 days".
    pub fn duration(&self, minutes: u32) -> String {
        let (n, one, many) = match minutes {
            0..=59 => (minutes.max(1), "duration_minute", "duration_minutes"),
            60..=1439 => ((minutes + 30) / 60, "duration_hour", "duration_hours"),
            _ => ((minutes + 720) / 1440, "duration_day", "duration_days"),
        };
        if n == 1 { self.words.t(one).to_string() } else { self.words.count(many, n as usize) }
    }

    /// "Mon 09:00" in `zone` at `at`.
    pub fn when(&self, zone: &str, at: Instant) -> String {
        match local(self.offsets, zone, at) {
            Some(l) => [self.words.t(DAYS[l.date.weekday()]), " ", &clock(l.minute)].concat(),
            None => String::new(),
        }
    }

    /// " (your time Sun 02:00)" when the visitor's clock shows another time; else nothing.
    fn yours(&self, zone: &str, at: Instant) -> String {
        let theirs = self.when(zone, at);
        let mine = self.when(self.visitor_zone, at);
        if mine.is_empty() || mine == theirs {
            return String::new();
        }
        // Same day there and here: the time alone says it.
        let shown = match (theirs.split_once(' '), mine.split_once(' ')) {
            (Some((day, _)), Some((my_day, time))) if day == my_day => time.to_string(),
            _ => mine,
        };
        self.words.t("your_time").replace("{time}", &shown)
    }

    /// Why a ranked channel of `contact` ranks where it does, its times in its own zone.
    pub fn ranked(&self, contact: &Contact, ranked: &Ranked, urgency: Urgency) -> String {
        let channel = &contact.channels[ranked.channel];
        let zone = channel.hours.as_ref().map_or(contact.zone.as_str(), |h| h.zone.as_str());
        self.reason(&ranked.reason, zone, urgency)
    }

    /// The notice of the busy season that is on, if one is.
    pub fn peak(&self, contact: &Contact, ranking: &Ranking) -> Option<String> {
        let peak = &contact.peaks[ranking.peak?];
        Some(self.words.t("contact_peak").replace("{name}", &peak.name).replace("{notice}", &peak.notice))
    }

    /// Why a channel ranks where it does, in words; `zone` is the channel's (its hours').
    pub fn reason(&self, reason: &Reason, zone: &str, urgency: Urgency) -> String {
        let w = self.words;
        let at = |key: &str, instant: Instant| {
            w.t(key).replace("{opens}", &self.when(zone, instant)).replace("{yours}", &self.yours(zone, instant))
        };
        match reason {
            Reason::Open { closes_at, response_minutes, fastest } => {
                let base = match (response_minutes, closes_at) {
                    (Some(minutes), _) => w.t("reason_open_response").replace("{response}", &self.duration(*minutes)),
                    (None, Some(closes)) => w.t("reason_open_until").replace("{closes}", &self.when(zone, *closes)),
                    (None, None) => w.t("reason_open").to_string(),
                };
                if *fastest {
                    let best = w.t(match urgency {
                        Urgency::Urgent => "best_urgent",
                        Urgency::Normal => "best_normal",
                        Urgency::Low => "best_low",
                    });
                    w.t("reason_best").replace("{reason}", &base).replace("{best}", best)
                } else {
                    base
                }
            }
            Reason::Closed { opens_at: Some(opens), closed_for: Some(holiday) } => {
                at("reason_closed_for", *opens).replace("{holiday}", holiday)
            }
            Reason::Closed { opens_at: Some(opens), closed_for: None } => at("reason_closed", *opens),
            Reason::Closed { opens_at: None, .. } => w.t("reason_closed_now").to_string(),
            Reason::Anytime { answered_from: Some(opens), .. } => at("reason_anytime_later", *opens),
            Reason::Anytime { response_minutes: Some(minutes), .. } => {
                w.t("reason_anytime").replace("{response}", &self.duration(*minutes))
            }
            Reason::Anytime { response_minutes: None, .. } => w.t("reason_anytime_soon").to_string(),
            Reason::OtherLanguage => w.t("reason_other_language").to_string(),
            Reason::Unsuited => w.t("reason_unsuited").to_string(),
        }
    }

    /// The weekly hours as lines for people: "Mon–Fri 09:00–12:00, 13:00–18:00"; "24/7".
    pub fn weekly(&self, hours: &ServiceHours) -> Vec<String> {
        if hours.is_always() {
            return vec![self.words.t("hours_always").to_string()];
        }
        hours
            .weekly_rows()
            .into_iter()
            .map(|(days, spans)| {
                let first = self.words.t(DAYS[*days.start()]);
                let range = if days.start() == days.end() {
                    first.to_string()
                } else {
                    format!("{first}–{}", self.words.t(DAYS[*days.end()]))
                };
                let times: Vec<String> = spans.iter().map(|s| format!("{}–{}", clock(s.start), clock(s.end))).collect();
                format!("{range} {}", times.join(", "))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hours::Span;
    use crate::time::testing::{Zones, utc};

    fn words() -> Words {
        [
            ("day_mon", "Mon"),
            ("day_sat", "Sat"),
            ("day_sun", "Sun"),
            ("duration_minute", "1 minute"),
            ("duration_minutes", "{n} minutes"),
            ("duration_hour", "1 hour"),
            ("duration_hours", "{n} hours"),
            ("duration_day", "1 day"),
            ("duration_days", "{n} days"),
            ("your_time", " (your time {time})"),
            ("reason_open_response", "open now, answers in about {response}"),
            ("reason_best", "{reason}: {best}"),
            ("best_urgent", "fastest for urgent problems"),
            ("reason_closed", "closed, opens {opens}{yours}; leave a ticket and we reply when we open"),
            ("reason_closed_for", "closed for {holiday}, opens {opens}{yours}"),
            ("hours_always", "24/7"),
        ]
        .into_iter()
        .collect()
    }

    #[test]
    fn reasons_as_the_issue_words_them() {
        let w = words();
        let d = Describer { words: &w, offsets: &Zones, visitor_zone: "America/New_York" };
        let open = Reason::Open { closes_at: None, response_minutes: Some(2), fastest: true };
        assert_eq!(
            d.reason(&open, "Asia/Shanghai", Urgency::Urgent),
            "open now, answers in about 2 minutes: fastest for urgent problems"
        );
        // A visitor 13 hours behind: Monday 09:00 in Shanghai is Sunday 20:00 in New York
        // (in December).
        let closed = Reason::Closed { opens_at: Some(utc((2026, 12, 7), 1, 0)), closed_for: None };
        assert_eq!(
            d.reason(&closed, "Asia/Shanghai", Urgency::Urgent),
            "closed, opens Mon 09:00 (your time Sun 20:00); leave a ticket and we reply when we open"
        );
        let here = Describer { visitor_zone: "Asia/Shanghai", ..d };
        let holiday =
            Reason::Closed { opens_at: Some(utc((2026, 12, 7), 1, 0)), closed_for: Some("National Day".into()) };
        assert_eq!(here.reason(&holiday, "Asia/Shanghai", Urgency::Normal), "closed for National Day, opens Mon 09:00");
        assert_eq!(
            (d.duration(1), d.duration(90), d.duration(720), d.duration(2880)),
            ("1 minute".into(), "2 hours".into(), "12 hours".into(), "2 days".into())
        );
    }

    #[test]
    fn weekly_hours_for_people() {
        let w = words();
        let d = Describer { words: &w, offsets: &Zones, visitor_zone: "UTC" };
        let mut weekly: [Vec<Span>; 7] = Default::default();
        weekly[5] = vec![Span { start: 1320, end: 1560 }];
        weekly[6] = vec![Span { start: 540, end: 720 }, Span { start: 780, end: 1080 }];
        let hours = ServiceHours { zone: "UTC".into(), weekly, dated: vec![] };
        assert_eq!(d.weekly(&hours), ["Sat 22:00–02:00", "Sun 09:00–12:00, 13:00–18:00"]);
        assert_eq!(d.weekly(&ServiceHours::always("UTC")), ["24/7"]);
    }
}
