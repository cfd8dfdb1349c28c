//! Contact: the contact page's channels, hours, checklists and ticket form (with
//! `ContactPoint` JSON-LD), and `kefu contact`, which ranks the channels with the recommender the widget
//! runs, at any instant and in any zone, so that site owners and tests can check a schedule.

use crate::pages::{CONTACT_PATH, Renderer};
use crate::site::Site;
use kefu_core::kefu_model::Words;
use kefu_core::kefu_model::contact::{Contact, Kind, Preference, Request, Urgency, recommend};
use kefu_core::kefu_model::describe::Describer;
use kefu_core::kefu_model::endpoint::{Format, SCHEMA, resolve};
use kefu_core::kefu_model::hours::clock;
use kefu_core::kefu_model::ticket::{FieldKind, TicketForm, size_words};
use kefu_core::kefu_model::time::{Instant, rfc3339};
use kefu_core::tz::Tzdb;
use serde::Serialize;

/// The model of the site's contact channels in `locale`.
pub fn model(site: &Site, locale: &str) -> Contact {
    let config = &site.config;
    let page = format!("{}{CONTACT_PATH}", config.locale_prefix(locale));
    config.contact.for_locale(locale, &config.default_locale, &page)
}

/// The ticket form of `locale` (off when `[tickets]` has no endpoint).
pub fn ticket_form(site: &Site, locale: &str) -> TicketForm {
    let config = &site.config;
    config.tickets.for_locale(&config.contact, site.words(locale), locale, &config.default_locale)
}

/// A channel as the contact page shows it.
#[derive(Debug, Serialize)]
pub struct ChannelView {
    id: String,
    kind: &'static str,
    label: String,
    description: String,
    /// What to do: "Call +1 202-555-0147".
    action: String,
    /// Its link, root-relative or absolute; empty when there is none (a WeChat account).
    href: String,
    /// The weekly hours, a line per run of days; empty for any time.
    hours: Vec<String>,
    /// "Times are Asia/Shanghai time."
    zone_note: String,
    /// "First reply within about 2 minutes."
    response: String,
}

/// A topic's checklist.
#[derive(Debug, Serialize)]
pub struct TopicView {
    label: String,
    prepare: Vec<String>,
}

/// What the contact page shows, in one locale.
#[derive(Debug, Serialize)]
pub struct ContactView {
    channels: Vec<ChannelView>,
    topics: Vec<TopicView>,
    /// The ticket section without a form: how to write to us instead.
    ticket: Option<String>,
    /// Where that text's link goes, and its words.
    ticket_link: Option<(String, String)>,
    /// The ticket form, when `[tickets]` has an endpoint.
    form: Option<FormView>,
}

/// The contact page's ticket form, which posts without JavaScript (the widget replaces it).
#[derive(Debug, Serialize)]
pub struct FormView {
    /// Whether a plain form can send what the endpoint takes: not JSON, not PUT. When it
    /// cannot, the page says that sending needs JavaScript.
    posts: bool,
    /// Where it posts: the endpoint, made absolute against the site's base URL.
    action: String,
    /// `multipart/form-data` or `application/x-www-form-urlencoded`.
    enctype: &'static str,
    /// The fields, in the form's order.
    fields: Vec<FieldView>,
    /// The file input, when the form takes files (and so posts multipart).
    files: Option<FilesView>,
    /// The value of the hidden `schema` input.
    schema: &'static str,
}

/// The page's file input: the widget checks each file, a plain form only says the limits.
#[derive(Debug, Serialize)]
pub struct FilesView {
    /// "Attachments".
    label: String,
    /// The `accept` attribute; empty: any file.
    accept: String,
    /// "Up to 3 files, each at most 10 MB."
    hint: String,
}

/// A field of the page's form.
#[derive(Debug, Serialize)]
pub struct FieldView {
    id: String,
    label: String,
    /// `input`, `select` or `textarea`.
    control: &'static str,
    /// The input's type (`text`, `email`, `tel`, `checkbox`...).
    input_type: &'static str,
    /// Native `required`: never on a conditional field, which the page always shows.
    required: bool,
    /// Only on inputs whose type takes a pattern.
    pattern: String,
    hint: String,
    options: Vec<(String, String)>,
    /// Shown only when another field has some value: the page says "only if it applies".
    conditional: bool,
}

/// The page's form of `form`, in the locale of `words`, or none when the form is off.
fn form_view(renderer: &Renderer<'_>, words: &Words, form: &TicketForm) -> Option<FormView> {
    let endpoint = form.endpoint.as_ref()?;
    let config = &renderer.site.config;
    let fields = form
        .fields
        .iter()
        .map(|f| FieldView {
            id: f.id.clone(),
            label: f.label.clone(),
            control: match f.kind {
                FieldKind::Select => "select",
                FieldKind::Textarea => "textarea",
                _ => "input",
            },
            input_type: f.kind.name(),
            required: f.required && f.when.is_none(),
            // HTML runs a pattern on these types alone.
            pattern: match f.kind {
                FieldKind::Text | FieldKind::Email | FieldKind::Url | FieldKind::Phone => f.pattern.clone(),
                _ => String::new(),
            },
            hint: f.hint.clone(),
            options: f.options.clone(),
            conditional: f.when.is_some(),
        })
        .collect();
    let files = form.attachments.as_ref().filter(|_| endpoint.format == Format::Multipart).map(|a| FilesView {
        label: words.t("field_attachments").to_string(),
        accept: a.accept(),
        hint: words
            .t("ticket_files_hint")
            .replace("{n}", &a.max_files.to_string())
            .replace("{limit}", &size_words(a.max_bytes)),
    });
    Some(FormView {
        posts: endpoint.format != Format::Json && endpoint.method == "POST",
        action: resolve(&endpoint.url, &config.base_url),
        enctype: match endpoint.format {
            Format::Multipart => "multipart/form-data",
            _ => "application/x-www-form-urlencoded",
        },
        fields,
        files,
        schema: SCHEMA,
    })
}

/// The contact page's channels and checklists of `contact` (the model of `locale`);
/// links made root-relative.
pub fn view(renderer: &Renderer<'_>, locale: &str, contact: &Contact, form: &TicketForm) -> ContactView {
    let words = renderer.site.words(locale);
    let describer = Describer { words, offsets: &Tzdb, visitor_zone: &contact.zone };
    let base = renderer.url(&renderer.site.config.default_locale, "");
    let channels = contact
        .channels
        .iter()
        .map(|c| ChannelView {
            id: c.id.clone(),
            kind: c.kind.name(),
            label: c.label.clone(),
            description: c.description.clone(),
            action: c.action(words),
            // The ticket's link is the contact page's own section.
            href: if c.kind == Kind::Ticket { "#ticket".into() } else { c.link(&base) },
            hours: c.hours.as_ref().map(|h| describer.weekly(h)).unwrap_or_default(),
            zone_note: c.hours.as_ref().map(|h| words.t("hours_zone").replace("{zone}", &h.zone)).unwrap_or_default(),
            response: c
                .response_minutes
                .map(|m| words.t("contact_response").replace("{response}", &describer.duration(m)))
                .unwrap_or_default(),
        })
        .collect();
    let ticket = contact.channels.iter().find(|c| c.kind == Kind::Ticket);
    let email = contact.channels.iter().find(|c| c.kind == Kind::Email);
    ContactView {
        channels,
        topics: contact
            .topics
            .iter()
            .map(|t| TopicView { label: t.label.clone(), prepare: t.prepare.clone() })
            .collect(),
        ticket: ticket.map(|t| {
            let response = t.response_minutes.map(|m| describer.duration(m)).unwrap_or_default();
            words.t("ticket_text").replace("{response}", &response)
        }),
        ticket_link: email.map(|e| (e.href.clone(), e.action(words))),
        form: form_view(renderer, words, form),
    }
}

/// JSON-LD: the help center's organisation and a `ContactPoint` per channel, with its
/// hours as `OpeningHoursSpecification`; `contact` is the model of `locale`.
pub fn json_ld(renderer: &Renderer<'_>, locale: &str, contact: &Contact) -> serde_json::Value {
    const DAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    let points: Vec<serde_json::Value> = contact
        .channels
        .iter()
        .map(|c| {
            let mut point = serde_json::json!({ "@type": "ContactPoint", "name": c.label, "contactType": c.kind.name() });
            match c.kind {
                Kind::Phone => point["telephone"] = c.value.clone().into(),
                Kind::Email => point["email"] = c.value.clone().into(),
                _ if c.href.starts_with("http") => point["url"] = c.href.clone().into(),
                _ => {}
            }
            if !c.languages.is_empty() {
                point["availableLanguage"] = c.languages.clone().into();
            }
            if let Some(hours) = &c.hours {
                let specs: Vec<serde_json::Value> = hours
                    .weekly_rows()
                    .into_iter()
                    .flat_map(|(days, spans)| {
                        let days: Vec<&str> = days.map(|d| DAYS[d]).collect();
                        spans.iter().map(move |s| {
                            serde_json::json!({ "@type": "OpeningHoursSpecification", "dayOfWeek": days, "opens": clock(s.start), "closes": clock(s.end) })
                        })
                    })
                    .collect();
                point["hoursAvailable"] = specs.into();
            }
            point
        })
        .collect();
    serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": renderer.site.config.site_name(locale),
        "url": renderer.absolute(locale, ""),
        "contactPoint": points,
    })
}

/// What `kefu contact` is asked.
#[derive(Debug, Clone)]
pub struct Ask {
    /// The locale whose words and channels to use.
    pub locale: String,
    /// The instant.
    pub at: Instant,
    /// The visitor's zone.
    pub zone: String,
    /// How urgent.
    pub urgency: Urgency,
    /// About what.
    pub topic: Option<String>,
    /// How they would rather get in touch.
    pub prefer: Option<Preference>,
}

/// One channel of `kefu contact`'s answer.
#[derive(Debug, Serialize)]
pub struct Answer {
    /// The channel's id.
    pub id: String,
    /// Its name in the locale.
    pub label: String,
    /// Open now.
    pub open: bool,
    /// When it closes, RFC 3339 in the visitor's zone.
    pub closes_at: Option<String>,
    /// When it opens, RFC 3339 in the visitor's zone.
    pub opens_at: Option<String>,
    /// Why it ranks where it does, in the locale's words.
    pub reason: String,
}

/// The site's channels ranked for `ask`, best first, and the busy season's notice.
pub fn rank(site: &Site, ask: &Ask) -> (Vec<Answer>, Option<String>) {
    let contact = model(site, &ask.locale);
    let words = site.words(&ask.locale);
    let describer = Describer { words, offsets: &Tzdb, visitor_zone: &ask.zone };
    let request =
        Request { urgency: ask.urgency, topic: ask.topic.as_deref(), prefer: ask.prefer, language: &ask.locale };
    let ranking = recommend(&contact, &request, ask.at, &Tzdb);
    let time = |at: Option<Instant>| at.and_then(|at| rfc3339(&Tzdb, &ask.zone, at));
    let answers = ranking
        .channels
        .iter()
        .map(|r| {
            let channel = &contact.channels[r.channel];
            Answer {
                id: channel.id.clone(),
                label: channel.label.clone(),
                open: r.status.open,
                closes_at: time(r.status.closes_at),
                opens_at: time(r.status.opens_at),
                reason: describer.ranked(&contact, r, ask.urgency),
            }
        })
        .collect();
    let peak = describer.peak(&contact, &ranking);
    (answers, peak)
}
