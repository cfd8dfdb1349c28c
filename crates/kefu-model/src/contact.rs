//! Contact channels and the recommender: which way to reach a person suits this problem,
//! this visitor and this moment, every channel ranked with the reason why. Deterministic
//! and pure: the instant and the zones' offsets are arguments, so the build's CLI, the
//! tests and the widget rank alike.

use crate::hours::{ServiceHours, Status};
use crate::locale;
use crate::time::{Date, Instant, Offsets, local};
use serde::{Deserialize, Serialize};

/// How a channel is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    /// A phone line.
    Phone,
    /// Live chat: a page, or a provider's launcher on the site.
    Chat,
    /// Email.
    Email,
    /// A social network's messages.
    Social,
    /// The ticket form.
    Ticket,
    /// A plain link.
    Link,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 6] = [Kind::Phone, Kind::Chat, Kind::Email, Kind::Social, Kind::Ticket, Kind::Link];

    /// The kind named `name` in the configuration.
    pub fn named(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// A person answers while the visitor waits: of use only while it is open.
    pub fn is_live(self) -> bool {
        matches!(self, Kind::Phone | Kind::Chat)
    }

    /// Its name in the configuration, e.g. `phone`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Phone => "phone",
            Kind::Chat => "chat",
            Kind::Email => "email",
            Kind::Social => "social",
            Kind::Ticket => "ticket",
            Kind::Link => "link",
        }
    }
}

/// How urgent the visitor's problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Urgency {
    /// Money or access at stake now.
    Urgent,
    /// A question that should be answered today.
    Normal,
    /// It can wait.
    Low,
}

/// How the visitor would rather get in touch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Preference {
    /// On the phone.
    Talk,
    /// Typing, live.
    Type,
    /// Writing, and an answer later.
    Async,
    /// On a social network.
    Social,
}

impl Urgency {
    /// Every urgency, most urgent first.
    pub const ALL: [Urgency; 3] = [Urgency::Urgent, Urgency::Normal, Urgency::Low];

    /// Its name in the configuration and the JS API.
    pub fn name(self) -> &'static str {
        match self {
            Urgency::Urgent => "urgent",
            Urgency::Normal => "normal",
            Urgency::Low => "low",
        }
    }

    /// The urgency named `name`.
    pub fn named(name: &str) -> Option<Urgency> {
        Urgency::ALL.into_iter().find(|u| u.name() == name)
    }
}

impl Preference {
    /// Every preference.
    pub const ALL: [Preference; 4] = [Preference::Talk, Preference::Type, Preference::Async, Preference::Social];

    /// Its name in the configuration, the CLI and the JS API.
    pub fn name(self) -> &'static str {
        match self {
            Preference::Talk => "talk",
            Preference::Type => "type",
            Preference::Async => "async",
            Preference::Social => "social",
        }
    }

    /// The preference named `name`.
    pub fn named(name: &str) -> Option<Preference> {
        Preference::ALL.into_iter().find(|p| p.name() == name)
    }

    fn suits(self, kind: Kind) -> bool {
        match self {
            Preference::Talk => kind == Kind::Phone,
            Preference::Type => kind == Kind::Chat,
            Preference::Async => matches!(kind, Kind::Email | Kind::Ticket),
            Preference::Social => kind == Kind::Social,
        }
    }
}

/// A way to reach a person, with its words in one locale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Channel {
    /// Its id in the configuration, e.g. `hotline`.
    pub id: String,
    /// How it is reached.
    pub kind: Kind,
    /// Its name.
    pub label: String,
    /// What it is good for.
    pub description: String,
    /// What the visitor dials, writes to or looks for: a number, an address, a handle.
    pub value: String,
    /// Where it opens: a `tel:`, `mailto:` or web link; empty for a chat provider's launcher.
    pub href: String,
    /// For chat, the provider whose launcher opens it (e.g. `crisp`); for social, the network.
    pub provider: String,
    /// When a person answers; `None` for any time.
    pub hours: Option<ServiceHours>,
    /// The first answer comes within about this many minutes, when known.
    pub response_minutes: Option<u32>,
    /// The urgencies it suits; all when empty.
    pub urgencies: Vec<Urgency>,
    /// The topics it suits; all when empty.
    pub topics: Vec<String>,
    /// The languages it is staffed in (BCP 47); all when empty.
    pub languages: Vec<String>,
}

impl Channel {
    /// What it asks the visitor to do, in `words`: "Call +1 202-555-0147", "Start a chat".
    pub fn action(&self, words: &crate::words::Words) -> String {
        let key = match (self.kind, self.provider.as_str()) {
            (Kind::Phone, _) => "action_phone",
            (Kind::Email, _) => "action_email",
            (Kind::Chat, _) => "action_chat",
            (Kind::Social, "wechat") => "action_wechat",
            (Kind::Social, _) => "action_social",
            (Kind::Ticket, _) => "action_ticket",
            (Kind::Link, _) => "action_link",
        };
        words.t(key).replace("{value}", &self.value).replace("{label}", &self.label)
    }

    /// Its link from a page of any origin: `base` (the site root's URL, or its path on the
    /// help center's own pages) before a link into the help center; others as they are.
    pub fn link(&self, base: &str) -> String {
        if self.href.is_empty() || self.href.contains(':') { self.href.clone() } else { format!("{base}{}", self.href) }
    }

    /// Opened by a chat provider's launcher on the page, not by a link.
    pub fn is_launcher(&self) -> bool {
        self.kind == Kind::Chat && self.href.is_empty()
    }
}

/// What a visitor may need help with, and what to have at hand first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Topic {
    /// Its id, e.g. `orders`.
    pub id: String,
    /// Its name.
    pub label: String,
    /// What to prepare before getting in touch (account, order number, photos...).
    pub prepare: Vec<String>,
    /// The help center's categories about it: an article there has this topic.
    pub categories: Vec<String>,
}

/// A busy season: while it is on, the recommender says so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Peak {
    /// Its name, e.g. `618`.
    pub name: String,
    /// The first day.
    pub from: Date,
    /// The last day.
    pub to: Date,
    /// What visitors should know, e.g. "auto-replies first".
    pub notice: String,
}

/// Everything about contacting a person, in one locale.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// The channels, in the order authors set.
    pub channels: Vec<Channel>,
    /// The topics.
    pub topics: Vec<Topic>,
    /// The busy seasons.
    pub peaks: Vec<Peak>,
    /// The zone the peaks' dates are in.
    pub zone: String,
}

/// What the visitor asks for.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// How urgent it is.
    pub urgency: Urgency,
    /// What it is about, if known.
    pub topic: Option<&'a str>,
    /// How they would rather get in touch, if they said.
    pub prefer: Option<Preference>,
    /// The visitor's language (BCP 47).
    pub language: &'a str,
}

/// Why a channel ranks where it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// Live and open now.
    Open {
        /// When it closes, if soon enough to say.
        closes_at: Option<Instant>,
        /// The first answer comes within about this many minutes.
        response_minutes: Option<u32>,
        /// It is the fastest way for this urgency.
        fastest: bool,
    },
    /// Live and closed now.
    Closed {
        /// When it opens next.
        opens_at: Option<Instant>,
        /// Closed for this holiday.
        closed_for: Option<String>,
    },
    /// Takes messages at any time.
    Anytime {
        /// The first answer comes within about this many minutes.
        response_minutes: Option<u32>,
        /// When no one reads them now: when someone does again.
        answered_from: Option<Instant>,
    },
    /// No one there speaks the visitor's language.
    OtherLanguage,
    /// Not meant for this topic or urgency.
    Unsuited,
}

/// One channel in a ranking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    /// Its index in [`Contact::channels`].
    pub channel: usize,
    /// Open now, and until or from when.
    pub status: Status,
    /// Why it ranks where it does.
    pub reason: Reason,
}

/// Every channel, best first, and the busy season that is on, if one is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranking {
    /// The channels, best first.
    pub channels: Vec<Ranked>,
    /// The index in [`Contact::peaks`] of the season that is on.
    pub peak: Option<usize>,
}

/// How well a kind of channel fits an urgency, before the visitor's preference: the
/// origin article's advice (phone for urgent problems; chat or social media for general
/// questions; writing for what can wait).
fn fit(kind: Kind, urgency: Urgency) -> u8 {
    use Kind::*;
    match (urgency, kind) {
        (Urgency::Urgent, Phone) => 6,
        (Urgency::Urgent, Chat) => 5,
        (Urgency::Urgent, Ticket) => 3,
        (Urgency::Urgent, Social | Email) => 2,
        (Urgency::Normal, Chat) => 6,
        (Urgency::Normal, Social) => 5,
        (Urgency::Normal, Ticket | Email) => 4,
        (Urgency::Normal, Phone) => 3,
        (Urgency::Low, Ticket | Email) => 6,
        (Urgency::Low, Social) => 5,
        (Urgency::Low, Chat) => 4,
        (Urgency::Low, Phone) => 2,
        (_, Link) => 1,
    }
}

/// Ranks every channel of `contact` for `request` at `at`. The order: a channel staffed
/// in the visitor's language before one that is not; one suited to the topic and urgency
/// before one that is not; one that can take the visitor now (live and open, or taking
/// messages) before a closed live one; then the better fit for the urgency (with the
/// visitor's preference), the sooner first answer (counted from when the channel next
/// opens, if it is closed), and the authors' order.
pub fn recommend(contact: &Contact, request: &Request<'_>, at: Instant, offsets: &dyn Offsets) -> Ranking {
    struct Scored {
        ranked: Ranked,
        key: (bool, bool, bool, u8, u32),
    }
    let mut scored: Vec<Scored> = contact
        .channels
        .iter()
        .enumerate()
        .map(|(index, channel)| {
            let status = match &channel.hours {
                Some(hours) => hours.status(at, offsets).unwrap_or(Status::CLOSED),
                None => Status::OPEN,
            };
            let speaks = channel.languages.is_empty()
                || locale::closest(request.language, channel.languages.iter().map(String::as_str)).is_some();
            let suits = (channel.urgencies.is_empty() || channel.urgencies.contains(&request.urgency))
                && (channel.topics.is_empty() || request.topic.is_none_or(|t| channel.topics.iter().any(|c| c == t)));
            let available = !channel.kind.is_live() || status.open;
            let preferred = request.prefer.is_some_and(|p| p.suits(channel.kind));
            let fit = fit(channel.kind, request.urgency) + if preferred { 4 } else { 0 };
            let reason = if !speaks {
                Reason::OtherLanguage
            } else if !suits {
                Reason::Unsuited
            } else if channel.kind.is_live() && status.open {
                Reason::Open { closes_at: status.closes_at, response_minutes: channel.response_minutes, fastest: false }
            } else if channel.kind.is_live() {
                Reason::Closed { opens_at: status.opens_at, closed_for: status.closed_for.clone() }
            } else {
                // (A channel that is open has no next opening.)
                Reason::Anytime { response_minutes: channel.response_minutes, answered_from: status.opens_at }
            };
            // The first answer counts from when someone reads it: a message left for a
            // channel that is closed waits until it opens.
            let wait = match (status.open, status.opens_at) {
                (true, _) => Some(0),
                (false, Some(opens)) => u32::try_from((opens - at).max(0) / 60).ok(),
                (false, None) => None,
            };
            let response = match (channel.response_minutes, wait) {
                (Some(response), Some(wait)) => response.saturating_add(wait),
                _ => u32::MAX,
            };
            Scored {
                ranked: Ranked { channel: index, status, reason },
                key: (speaks, suits, available, fit, u32::MAX - response),
            }
        })
        .collect();
    // Best first; equal ones keep the authors' order. (The index as the last key, and an
    // unstable sort: the standard library's stable sort cost the widget 0.8 KB of gzip.)
    scored.sort_unstable_by_key(|s| (std::cmp::Reverse(s.key), s.ranked.channel));
    let mut channels: Vec<Ranked> = scored.into_iter().map(|s| s.ranked).collect();
    if let Some(Reason::Open { fastest, .. }) = channels.first_mut().map(|r| &mut r.reason) {
        *fastest = true;
    }
    let today = local(offsets, &contact.zone, at).map(|l| l.date);
    let peak = today.and_then(|today| contact.peaks.iter().position(|p| p.from <= today && today <= p.to));
    Ranking { channels, peak }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hours::Span;
    use crate::time::testing::{Zones, utc};

    fn hours(zone: &str, weekdays: &[(usize, u16, u16)]) -> ServiceHours {
        let mut weekly: [Vec<Span>; 7] = Default::default();
        for &(day, start, end) in weekdays {
            weekly[day].push(Span { start: start * 60, end: end * 60 });
        }
        ServiceHours { zone: zone.into(), weekly, dated: vec![] }
    }

    fn every_day(zone: &str, start: u16, end: u16) -> ServiceHours {
        hours(zone, &(0..7).map(|d| (d, start, end)).collect::<Vec<_>>())
    }

    fn channel(id: &str, kind: Kind, hours: Option<ServiceHours>, response: u32) -> Channel {
        Channel {
            id: id.into(),
            kind,
            label: id.into(),
            description: String::new(),
            value: String::new(),
            href: String::new(),
            provider: String::new(),
            hours,
            response_minutes: Some(response),
            urgencies: vec![],
            topics: vec![],
            languages: vec![],
        }
    }

    /// The sample's shape: a hotline on weekdays and Saturdays in the day, chat until
    /// late, WeChat, email and the ticket form, all in Shanghai.
    fn sample() -> Contact {
        let sh = "Asia/Shanghai";
        let weekdays: Vec<(usize, u16, u16)> = (0..6).map(|d| (d, 9, 21)).collect();
        Contact {
            channels: vec![
                channel("hotline", Kind::Phone, Some(hours(sh, &weekdays)), 2),
                channel("chat", Kind::Chat, Some(every_day(sh, 8, 26)), 1),
                channel("wechat", Kind::Social, Some(every_day(sh, 9, 21)), 30),
                channel("email", Kind::Email, None, 24 * 60),
                channel("ticket", Kind::Ticket, None, 12 * 60),
            ],
            topics: vec![],
            peaks: vec![Peak {
                name: "618".into(),
                from: Date::new(2026, 6, 1).unwrap(),
                to: Date::new(2026, 6, 20).unwrap(),
                notice: "auto-replies first".into(),
            }],
            zone: sh.into(),
        }
    }

    fn order<'a>(contact: &'a Contact, request: Request<'_>, at: Instant) -> Vec<&'a str> {
        recommend(contact, &request, at, &Zones)
            .channels
            .iter()
            .map(|r| contact.channels[r.channel].id.as_str())
            .collect()
    }

    fn ask(urgency: Urgency) -> Request<'static> {
        Request { urgency, topic: None, prefer: None, language: "zh-CN" }
    }

    #[test]
    fn the_origin_articles_rules() {
        let c = sample();
        // Tuesday 2026-12-01 10:00 in Shanghai: everything is open.
        let tuesday = utc((2026, 12, 1), 2, 0);
        let cases: [(&str, Request<'_>, Instant, &[&str]); 5] = [
            (
                "urgent, open: phone first",
                ask(Urgency::Urgent),
                tuesday,
                &["hotline", "chat", "ticket", "wechat", "email"],
            ),
            (
                "a general question: chat, then social",
                ask(Urgency::Normal),
                tuesday,
                &["chat", "wechat", "ticket", "email", "hotline"],
            ),
            ("it can wait: write", ask(Urgency::Low), tuesday, &["ticket", "email", "wechat", "chat", "hotline"]),
            (
                "urgent at 03:00 on Sunday: nothing live is open, so the ticket",
                ask(Urgency::Urgent),
                utc((2026, 12, 5), 19, 0),
                &["ticket", "wechat", "email", "hotline", "chat"],
            ),
            (
                "a preference for talking",
                Request { prefer: Some(Preference::Talk), ..ask(Urgency::Normal) },
                tuesday,
                &["hotline", "chat", "wechat", "ticket", "email"],
            ),
        ];
        for (what, request, at, expected) in cases {
            assert_eq!(order(&c, request, at), expected, "{what}");
        }
    }

    #[test]
    fn the_first_answer_counts_from_when_someone_reads_it() {
        let mut c = sample();
        // Email read on weekdays from 09:00, answered within a day; tickets within two.
        c.channels[3].hours = Some(hours("Asia/Shanghai", &(0..5).map(|d| (d, 9, 18)).collect::<Vec<_>>()));
        c.channels[4].response_minutes = Some(48 * 60);
        let tuesday = utc((2026, 12, 1), 2, 0);
        let saturday_night = utc((2026, 12, 5), 15, 30);
        assert_eq!(order(&c, ask(Urgency::Low), tuesday)[..2], ["email", "ticket"], "24 h from now beats 48 h");
        assert_eq!(
            order(&c, ask(Urgency::Low), saturday_night)[..2],
            ["ticket", "email"],
            "48 h from now beats Monday 09:00 plus 24 h"
        );
    }

    #[test]
    fn language_and_topic_come_before_everything_else() {
        let mut c = sample();
        c.channels[0].languages = vec!["zh-CN".into()];
        c.channels[1].languages = vec!["zh".into()];
        c.channels[2].topics = vec!["orders".into()];
        let tuesday = utc((2026, 12, 1), 2, 0);
        let english = Request { language: "en", topic: Some("refunds"), ..ask(Urgency::Urgent) };
        let ranked = order(&c, english, tuesday);
        assert_eq!(ranked, ["ticket", "email", "wechat", "hotline", "chat"]);
        let reasons = recommend(&c, &english, tuesday, &Zones);
        assert_eq!(reasons.channels[2].reason, Reason::Unsuited);
        assert_eq!(reasons.channels[3].reason, Reason::OtherLanguage);
        // zh-Hant is Chinese too: the lines staffed in zh-CN and zh speak it.
        let chinese = Request { language: "zh-Hant", ..ask(Urgency::Urgent) };
        assert_eq!(order(&c, chinese, tuesday)[..2], ["hotline", "chat"]);
    }

    #[test]
    fn reasons_say_until_when_and_from_when_and_the_peak() {
        let c = sample();
        let r = recommend(&c, &ask(Urgency::Urgent), utc((2026, 12, 1), 2, 0), &Zones);
        assert_eq!(
            r.channels[0].reason,
            Reason::Open { closes_at: Some(utc((2026, 12, 1), 13, 0)), response_minutes: Some(2), fastest: true }
        );
        assert_eq!(r.peak, None);
        // Sunday 03:00: the hotline opens Monday 09:00, 01:00Z.
        let r = recommend(&c, &ask(Urgency::Urgent), utc((2026, 12, 5), 19, 0), &Zones);
        let hotline = r.channels.iter().find(|x| x.channel == 0).unwrap();
        assert_eq!(hotline.reason, Reason::Closed { opens_at: Some(utc((2026, 12, 7), 1, 0)), closed_for: None });
        assert_eq!(r.channels[0].reason, Reason::Anytime { response_minutes: Some(720), answered_from: None });
        let r = recommend(&c, &ask(Urgency::Normal), utc((2026, 6, 18), 4, 0), &Zones);
        assert_eq!(r.peak, Some(0));
    }
}
