//! `[contact]` in `site/kefu.toml`: the channels, their service hours, topics with what to
//! prepare, holidays and busy seasons. Parsed and checked here, with the file and line of
//! every problem; [`ContactConfig::for_locale`] gives the pure model the widget and the
//! recommender run (kefu_model::contact), hours normalised to spans (no parser ships).

use crate::error::ContentError;
use kefu_model::contact::{Channel, Contact, Kind, Peak, Topic, Urgency};
use kefu_model::hours::{DAY_MINUTES, Dated, ServiceHours, Span};
use kefu_model::time::Date;
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use toml::Spanned;

/// `[contact]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ContactConfig {
    /// The IANA zone service hours are in, unless a channel names its own.
    #[serde(default)]
    pub zone: Option<Spanned<String>>,
    /// The ways to reach a person, in the order shown when nothing else decides.
    #[serde(default)]
    pub channels: Vec<ChannelConfig>,
    /// What visitors need help with.
    #[serde(default)]
    pub topics: Vec<TopicConfig>,
    /// Days the channels with hours close, or keep hours of their own.
    #[serde(default)]
    pub holidays: Vec<DatedConfig>,
    /// Busy seasons, with a notice.
    #[serde(default)]
    pub peaks: Vec<PeakConfig>,
}

/// A text in each locale (`{ zh-CN = "...", en = "..." }`), or one text for all.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Text {
    /// The same in every locale.
    One(String),
    /// By locale code.
    ByLocale(BTreeMap<String, String>),
}

impl Default for Text {
    fn default() -> Self {
        Text::One(String::new())
    }
}

impl Text {
    /// The text in `locale`, else in `fallback` (the default locale), else any.
    pub fn get(&self, locale: &str, fallback: &str) -> String {
        match self {
            Text::One(text) => text.clone(),
            Text::ByLocale(map) => map
                .get(locale)
                .or_else(|| map.get(fallback))
                .or_else(|| map.values().next())
                .cloned()
                .unwrap_or_default(),
        }
    }

    /// The locales of `locales` it has no text of its own in.
    pub fn missing<'a>(&self, locales: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
        match self {
            Text::One(_) => Vec::new(),
            Text::ByLocale(map) => locales.filter(|l| !map.contains_key(*l)).collect(),
        }
    }
}

/// Texts in each locale (`{ zh-CN = [...], en = [...] }`), or one list for all.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum TextList {
    /// The same in every locale.
    One(Vec<String>),
    /// By locale code.
    ByLocale(BTreeMap<String, Vec<String>>),
}

impl Default for TextList {
    fn default() -> Self {
        TextList::One(Vec::new())
    }
}

impl TextList {
    /// The locales of `locales` it has no list of its own in.
    pub fn missing<'a>(&self, locales: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
        match self {
            TextList::One(_) => Vec::new(),
            TextList::ByLocale(map) => locales.filter(|l| !map.contains_key(*l)).collect(),
        }
    }

    /// The list in `locale`, else in `fallback`.
    pub fn get(&self, locale: &str, fallback: &str) -> Vec<String> {
        match self {
            TextList::One(list) => list.clone(),
            TextList::ByLocale(map) => map.get(locale).or_else(|| map.get(fallback)).cloned().unwrap_or_default(),
        }
    }
}

/// `[[contact.channels]]`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ChannelConfig {
    /// Its id: `Kefu("navigate", "contact")`'s events and the CLI name it.
    pub id: Spanned<String>,
    /// `phone`, `chat`, `email`, `social`, `ticket` or `link`.
    pub kind: Spanned<String>,
    /// Its name.
    pub label: Text,
    /// What it is good for.
    #[serde(default)]
    pub description: Text,
    /// The number, address, handle or URL.
    #[serde(default)]
    pub value: String,
    /// For social: `wechat`, `weibo`, `x`, `facebook`, `whatsapp`, `telegram` or `line`.
    #[serde(default)]
    pub network: Option<Spanned<String>>,
    /// For chat: the provider whose launcher on the site opens it (see [`CHAT_PROVIDERS`]).
    #[serde(default)]
    pub provider: Option<Spanned<String>>,
    /// Where it opens, when not made from `value` (a chat page, a WeChat QR page).
    #[serde(default)]
    pub url: Option<String>,
    /// When a person answers: OpenStreetMap's `opening_hours` weekly syntax
    /// (`Mo-Fr 09:00-21:00; Sa 10:00-18:00`, `22:00-02:00`, `24/7`); any time when absent.
    #[serde(default)]
    pub hours: Option<Spanned<String>>,
    /// The zone of its hours, when not `[contact]`'s.
    #[serde(default)]
    pub zone: Option<Spanned<String>>,
    /// Dates with hours of their own.
    #[serde(default)]
    pub dates: Vec<DatedConfig>,
    /// Whether `[[contact.holidays]]` apply to it.
    #[serde(default = "yes")]
    pub holidays: bool,
    /// The first answer comes within about this long: `2m`, `1h`, `24h`, `2d`.
    #[serde(default)]
    pub response: Option<Spanned<String>>,
    /// The urgencies it suits (`urgent`, `normal`, `low`); all when empty.
    #[serde(default)]
    pub urgency: Vec<Spanned<String>>,
    /// The topics it suits (their ids); all when empty.
    #[serde(default)]
    pub topics: Vec<Spanned<String>>,
    /// The languages it is staffed in; all when empty.
    #[serde(default)]
    pub languages: Vec<String>,
}

fn yes() -> bool {
    true
}

/// A date or dates with hours of their own: `[[contact.holidays]]`, or a channel's `dates`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DatedConfig {
    /// Its name, e.g. a holiday's.
    #[serde(default)]
    pub name: Text,
    /// The first date.
    pub from: Date,
    /// The last date; `from` when absent.
    #[serde(default)]
    pub to: Option<Date>,
    /// `closed`, or times of the day (`10:00-16:00`, `09:00-12:00,13:00-17:00`).
    #[serde(default)]
    pub hours: Option<Spanned<String>>,
}

/// `[[contact.topics]]`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TopicConfig {
    /// Its id.
    pub id: Spanned<String>,
    /// Its name.
    pub label: Text,
    /// What to prepare before getting in touch.
    #[serde(default)]
    pub prepare: TextList,
    /// The help center's categories (folder names) about it.
    #[serde(default)]
    pub categories: Vec<String>,
}

/// `[[contact.peaks]]`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PeakConfig {
    /// Its name, e.g. `618`.
    pub name: Spanned<Text>,
    /// The first day.
    pub from: Date,
    /// The last day.
    pub to: Date,
    /// What visitors should know while it is on.
    pub notice: Text,
}

/// The chat providers whose launcher the widget opens by name (`provider = "crisp"`).
pub const CHAT_PROVIDERS: [&str; 6] = ["crisp", "intercom", "zendesk", "tawk", "chatwoot", "helpscout"];
/// The social networks with deep links.
pub const NETWORKS: [&str; 7] = ["wechat", "weibo", "x", "facebook", "whatsapp", "telegram", "line"];

impl ContactConfig {
    /// The texts that have their own words in some locales but not in each of
    /// `locales`: those visitors read the default locale's (`kefu check` names them).
    pub fn untranslated(&self, path: &Path, text: &str, locales: &[&str]) -> Vec<ContentError> {
        let mut problems = Vec::new();
        let mut report = |offset: usize, what: String, missing: Vec<&str>| {
            for locale in missing {
                problems.push(ContentError::at(
                    path,
                    text,
                    offset,
                    format!("{what} has no {locale} text: {locale} visitors read the default locale's"),
                ));
            }
        };
        let all = || locales.iter().copied();
        for c in &self.channels {
            let id = c.id.get_ref();
            report(c.id.span().start, format!("channel {id:?}: label"), c.label.missing(all()));
            report(c.id.span().start, format!("channel {id:?}: description"), c.description.missing(all()));
        }
        for t in &self.topics {
            let id = t.id.get_ref();
            report(t.id.span().start, format!("topic {id:?}: label"), t.label.missing(all()));
            report(t.id.span().start, format!("topic {id:?}: prepare"), t.prepare.missing(all()));
        }
        for p in &self.peaks {
            report(p.name.span().start, "peak: name".into(), p.name.get_ref().missing(all()));
            report(p.name.span().start, "peak: notice".into(), p.notice.missing(all()));
        }
        problems
    }

    /// Checks what serde cannot: kinds, names, hours, zones, durations and references,
    /// each problem at its place in `text` (the configuration, `path`).
    pub fn validate(&self, path: &Path, text: &str, problems: &mut Vec<ContentError>) {
        let mut at =
            |spanned_start: usize, message: String| problems.push(ContentError::at(path, text, spanned_start, message));
        let topics: HashSet<&str> = self.topics.iter().map(|t| t.id.get_ref().as_str()).collect();
        let mut ids = HashSet::new();
        for topic in &self.topics {
            if !ids.insert(topic.id.get_ref().as_str()) {
                at(topic.id.span().start, format!("topic {:?} is defined twice", topic.id.get_ref()));
            }
        }
        let mut ids = HashSet::new();
        for zone in self.zone.iter().chain(self.channels.iter().filter_map(|c| c.zone.as_ref())) {
            if !crate::tz::exists(zone.get_ref()) {
                at(
                    zone.span().start,
                    format!("{:?} is not a time zone: use an IANA name such as \"Asia/Shanghai\"", zone.get_ref()),
                );
            }
        }
        for channel in &self.channels {
            let id = channel.id.get_ref();
            if !ids.insert(id.as_str()) {
                at(channel.id.span().start, format!("channel {id:?} is defined twice"));
            }
            let kind = Kind::named(channel.kind.get_ref());
            if kind.is_none() {
                at(
                    channel.kind.span().start,
                    format!(
                        "channel kind {:?} is not one of {}",
                        channel.kind.get_ref(),
                        Kind::ALL.map(Kind::name).join(", ")
                    ),
                );
            }
            let named =
                |value: &Option<Spanned<String>>, known: &[&str], what: &str, at: &mut dyn FnMut(usize, String)| {
                    if let Some(v) = value
                        && !known.contains(&v.get_ref().as_str())
                    {
                        at(v.span().start, format!("{what} {:?} is not one of {}", v.get_ref(), known.join(", ")));
                    }
                };
            named(&channel.network, &NETWORKS, "network", &mut at);
            named(&channel.provider, &CHAT_PROVIDERS, "chat provider", &mut at);
            if kind == Some(Kind::Social) && channel.network.is_none() {
                at(
                    channel.kind.span().start,
                    format!("social channel {id:?} needs network = one of {}", NETWORKS.join(", ")),
                );
            }
            if matches!(kind, Some(Kind::Chat | Kind::Link)) && channel.url.is_none() && channel.provider.is_none() {
                at(channel.kind.span().start, format!("channel {id:?} needs a url (or, for chat, a provider)"));
            }
            if self.zone.is_none() && channel.zone.is_none() && (channel.hours.is_some() || !self.holidays.is_empty()) {
                at(
                    channel.id.span().start,
                    format!("channel {id:?} has hours but no zone: set zone in [contact] or in the channel"),
                );
            }
            if let Some(hours) = &channel.hours
                && let Err(message) = weekly(hours.get_ref())
            {
                at(hours.span().start, message);
            }
            if let Some(response) = &channel.response
                && minutes(response.get_ref()).is_none()
            {
                at(
                    response.span().start,
                    format!("response {:?} is not a duration like 2m, 1h, 24h or 2d", response.get_ref()),
                );
            }
            for urgency in &channel.urgency {
                if Urgency::named(urgency.get_ref()).is_none() {
                    at(
                        urgency.span().start,
                        format!("urgency {:?} is not one of urgent, normal, low", urgency.get_ref()),
                    );
                }
            }
            for topic in &channel.topics {
                if !topics.contains(topic.get_ref().as_str()) {
                    at(topic.span().start, format!("topic {:?} is not one of [[contact.topics]]", topic.get_ref()));
                }
            }
        }
        // Each date's hours once: the holidays apply to every channel, but are written once.
        for dated in self.channels.iter().flat_map(|c| &c.dates).chain(&self.holidays) {
            if let Some(hours) = &dated.hours
                && let Err(message) = day_spans(hours.get_ref())
            {
                at(hours.span().start, message);
            }
        }
    }

    /// The model of `locale`: every channel with its words there, hours normalised, links
    /// made; `fallback` is the default locale and `contact_page` the locale's contact page
    /// (relative to the site root), where the ticket form lives. Call after `validate`.
    pub fn for_locale(&self, locale: &str, fallback: &str, contact_page: &str) -> Contact {
        let default_zone = self.zone.as_ref().map_or("UTC", |z| z.get_ref().as_str());
        let channels = self
            .channels
            .iter()
            .filter_map(|c| {
                let kind = Kind::named(c.kind.get_ref())?;
                let zone = c.zone.as_ref().map_or(default_zone, |z| z.get_ref().as_str());
                let holidays: &[DatedConfig] = if c.holidays { &self.holidays } else { &[] };
                let hours = c.hours.as_ref().map(|h| {
                    let weekly = weekly(h.get_ref()).unwrap_or_default();
                    let dated = holidays.iter().chain(&c.dates).map(|d| dated(d, locale, fallback)).collect();
                    ServiceHours { zone: zone.to_string(), weekly, dated }
                });
                let network = c.network.as_ref().map(|n| n.get_ref().as_str());
                let provider =
                    c.provider.as_ref().map(|p| p.get_ref().clone()).or(network.map(String::from)).unwrap_or_default();
                Some(Channel {
                    id: c.id.get_ref().clone(),
                    kind,
                    label: c.label.get(locale, fallback),
                    description: c.description.get(locale, fallback),
                    value: c.value.clone(),
                    href: href(kind, network, &c.value, c.url.as_deref(), c.provider.is_some(), contact_page),
                    provider,
                    hours,
                    response_minutes: c.response.as_ref().and_then(|r| minutes(r.get_ref())),
                    urgencies: c.urgency.iter().filter_map(|u| Urgency::named(u.get_ref())).collect(),
                    topics: c.topics.iter().map(|t| t.get_ref().clone()).collect(),
                    languages: c.languages.clone(),
                })
            })
            .collect();
        Contact {
            channels,
            topics: self
                .topics
                .iter()
                .map(|t| Topic {
                    id: t.id.get_ref().clone(),
                    label: t.label.get(locale, fallback),
                    prepare: t.prepare.get(locale, fallback),
                    categories: t.categories.clone(),
                })
                .collect(),
            peaks: self
                .peaks
                .iter()
                .map(|p| Peak {
                    name: p.name.get_ref().get(locale, fallback),
                    from: p.from,
                    to: p.to,
                    notice: p.notice.get(locale, fallback),
                })
                .collect(),
            zone: default_zone.to_string(),
        }
    }
}

fn dated(d: &DatedConfig, locale: &str, fallback: &str) -> Dated {
    let spans = d.hours.as_ref().map_or_else(Vec::new, |h| day_spans(h.get_ref()).unwrap_or_default());
    Dated { from: d.from, to: d.to.unwrap_or(d.from), spans, name: d.name.get(locale, fallback) }
}

/// Where a channel opens: `tel:`, `mailto:`, a network's deep link, its `url`; the
/// contact page's ticket form for the ticket channel; nothing for a chat launcher.
fn href(
    kind: Kind,
    network: Option<&str>,
    value: &str,
    url: Option<&str>,
    launcher: bool,
    contact_page: &str,
) -> String {
    if let Some(url) = url {
        return url.to_string();
    }
    let handle = value.trim_start_matches('@');
    let digits: String = value.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
    match (kind, network) {
        (Kind::Phone, _) => format!("tel:{digits}"),
        (Kind::Email, _) => format!("mailto:{value}"),
        (Kind::Ticket, _) => format!("{contact_page}#ticket"),
        (Kind::Chat, _) if launcher => String::new(),
        (Kind::Social, Some("weibo")) => format!("https://weibo.com/n/{handle}"),
        (Kind::Social, Some("x")) => format!("https://x.com/{handle}"),
        (Kind::Social, Some("facebook")) => format!("https://m.me/{handle}"),
        (Kind::Social, Some("whatsapp")) => format!("https://wa.me/{}", digits.trim_start_matches('+')),
        (Kind::Social, Some("telegram")) => format!("https://t.me/{handle}"),
        (Kind::Social, Some("line")) => format!("https://line.me/R/ti/p/{}", value.replace('@', "%40")),
        // WeChat has no link to an account: the visitor searches for its name.
        _ => String::new(),
    }
}

/// Minutes of a duration written `2m`, `90m`, `1h`, `24h` or `2d`.
pub fn minutes(text: &str) -> Option<u32> {
    let text = text.trim();
    let (number, unit) = text.split_at(text.find(|c: char| !c.is_ascii_digit())?);
    let n: u32 = number.parse().ok()?;
    match unit {
        "m" | "min" => Some(n),
        "h" => n.checked_mul(60),
        "d" => n.checked_mul(1440),
        _ => None,
    }
}

/// The weekly spans of an `opening_hours` text, or what in it kefu cannot evaluate.
pub fn weekly(text: &str) -> Result<[Vec<Span>; 7], String> {
    use opening_hours_syntax::rules::{RuleKind, RuleOperator, day::WeekDayRange, time::Time};
    let expression =
        opening_hours_syntax::parse(text).map_err(|e| format!("hours {text:?}: {}", first_line(&e.to_string())))?;
    let mut week: [Vec<Span>; 7] = Default::default();
    let unsupported = |what: &str| {
        Err(format!(
            "hours {text:?}: {what} is not supported; write weekdays and times (Mo-Fr 09:00-18:00; Sa 10:00-16:00), and put dates in [[contact.holidays]] or the channel's dates"
        ))
    };
    for rule in &expression.rules {
        let days = &rule.day_selector;
        if !(days.year.is_empty() && days.monthday.is_empty() && days.week.is_empty()) {
            return unsupported("a year, month, date or week");
        }
        let mut selected = [days.weekday.is_empty(); 7];
        for range in &days.weekday {
            match range {
                WeekDayRange::Fixed { range, offset: 0, nth_from_start, nth_from_end }
                    if nth_from_start.iter().all(|n| *n) && nth_from_end.iter().all(|n| *n) =>
                {
                    let (start, end) =
                        (range.start().num_days_from_monday() as usize, range.end().num_days_from_monday() as usize);
                    let mut day = start;
                    loop {
                        selected[day] = true;
                        if day == end {
                            break;
                        }
                        day = (day + 1) % 7;
                    }
                }
                WeekDayRange::Holiday { .. } => return unsupported("PH or SH"),
                _ => return unsupported("the nth weekday of a month"),
            }
        }
        let mut spans = Vec::new();
        for span in &rule.time_selector.time {
            let (Time::Fixed(start), Time::Fixed(end)) = (span.range.start, span.range.end) else {
                return unsupported("a time of sunrise, sunset, dawn or dusk");
            };
            if span.open_end || span.repeats.is_some() {
                return unsupported("an open end (+) or a repeat");
            }
            let (start, mut end) = (start.mins_from_midnight(), end.mins_from_midnight());
            if end <= start {
                end += DAY_MINUTES; // 22:00-02:00 ends the next day
            }
            spans.push(Span { start, end });
        }
        for (day, spans_of_day) in week.iter_mut().enumerate().filter(|(d, _)| selected[*d]) {
            let _ = day;
            match (rule.kind, rule.operator) {
                (RuleKind::Open, RuleOperator::Additional) => spans_of_day.extend(&spans),
                (RuleKind::Open, _) => *spans_of_day = spans.clone(),
                (RuleKind::Closed, _) => spans_of_day.clear(),
                (RuleKind::Unknown, _) => return unsupported("\"unknown\""),
            }
        }
    }
    for day in &mut week {
        normalise(day);
    }
    Ok(week)
}

/// The spans of a dated rule: `closed`, or times of the day.
pub fn day_spans(text: &str) -> Result<Vec<Span>, String> {
    let trimmed = text.trim();
    if matches!(trimmed, "closed" | "off") {
        return Ok(Vec::new());
    }
    let week = weekly(trimmed)?;
    if week.iter().any(|d| d != &week[0]) {
        return Err(format!(
            "hours {text:?} of a date cannot name weekdays: write closed, or times such as 10:00-16:00"
        ));
    }
    Ok(week[0].clone())
}

/// Sorts spans and merges the ones that overlap or touch.
fn normalise(spans: &mut Vec<Span>) {
    spans.sort();
    let mut merged: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans.drain(..) {
        match merged.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => merged.push(span),
        }
    }
    *spans = merged;
}

fn first_line(text: &str) -> &str {
    text.lines().find(|l| !l.trim().is_empty()).unwrap_or(text).trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: (u16, u16), end: (u16, u16)) -> Span {
        Span { start: start.0 * 60 + start.1, end: end.0 * 60 + end.1 }
    }

    #[test]
    fn weekly_hours_in_opening_hours_syntax() {
        let week = weekly("Mo-Fr 09:00-12:00,13:00-18:00; Sa 10:00-16:00").unwrap();
        assert_eq!(week[0], [span((9, 0), (12, 0)), span((13, 0), (18, 0))]);
        assert_eq!(week[5], [span((10, 0), (16, 0))]);
        assert!(week[6].is_empty());
        // Overnight, a wrap-around range of days, and 24/7.
        let week = weekly("Fr-Mo 22:00-02:00").unwrap();
        assert_eq!((week[4][0], week[0][0], week[2].len()), (span((22, 0), (26, 0)), span((22, 0), (26, 0)), 0));
        assert!(weekly("24/7").unwrap().iter().all(|d| d == &[span((0, 0), (24, 0))]));
        // A later rule replaces a day; "," adds to it; "off" closes it.
        let week = weekly("Mo-Sa 09:00-18:00; Sa 10:00-14:00; Su off").unwrap();
        assert_eq!((week[0][0], week[5][0], week[6].len()), (span((9, 0), (18, 0)), span((10, 0), (14, 0)), 0));
        let week = weekly("Mo 09:00-12:00, Mo 14:00-16:00").unwrap();
        assert_eq!(week[0].len(), 2);
    }

    #[test]
    fn what_kefu_cannot_evaluate_is_refused() {
        for (text, says) in [
            ("Mo-Fr sunrise-sunset", "sunrise"),
            ("Dec 25 off", "date"),
            ("PH off", "PH"),
            ("Mo[1] 09:00-12:00", "nth weekday"),
            ("Mo-Fr 09:00+", "open end"),
            ("Mo-Fr 25:99-30:00", "hours"),
            ("whenever", "hours"),
        ] {
            let err = weekly(text).unwrap_err();
            assert!(err.contains(says), "{text}: {err}");
        }
        assert_eq!(day_spans("closed"), Ok(vec![]));
        assert_eq!(day_spans("10:00-16:00"), Ok(vec![span((10, 0), (16, 0))]));
        assert!(day_spans("Mo 10:00-16:00").is_err());
    }

    #[test]
    fn durations_and_links() {
        assert_eq!(
            [minutes("2m"), minutes("1h"), minutes("24h"), minutes("2d"), minutes("soon")],
            [Some(2), Some(60), Some(1440), Some(2880), None]
        );
        let link = |kind, network, value| href(kind, network, value, None, false, "contact/");
        assert_eq!(link(Kind::Phone, None, "+1 202-555-0147"), "tel:+12025550147");
        assert_eq!(link(Kind::Email, None, "help@example.com"), "mailto:help@example.com");
        assert_eq!(link(Kind::Social, Some("weibo"), "@example"), "https://weibo.com/n/example");
        assert_eq!(link(Kind::Social, Some("x"), "@example_help"), "https://x.com/example_help");
        assert_eq!(link(Kind::Social, Some("whatsapp"), "+1 202-555-0123"), "https://wa.me/12025550123");
        assert_eq!(link(Kind::Social, Some("line"), "@example"), "https://line.me/R/ti/p/%40example");
        assert_eq!(link(Kind::Social, Some("wechat"), "example-help"), "");
        assert_eq!(link(Kind::Ticket, None, ""), "contact/#ticket");
        assert_eq!(href(Kind::Chat, None, "", None, true, ""), "", "a provider's launcher, opened by the widget");
    }
}
