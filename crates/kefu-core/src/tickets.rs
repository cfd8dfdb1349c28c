//! `[tickets]` in `site/kefu.toml`: where the ticket form posts, how, and its fields (the
//! standard ones a site keeps, and its own). Parsed and checked here, each problem at its
//! place in the file; [`TicketsConfig::for_locale`] gives the form the widget and the
//! contact page show (kefu_model::ticket). Nothing secret may ship: see [`refusals`].

mod attachments;
pub mod refusals;
mod validate;

pub use attachments::{AttachmentsConfig, Size};
pub use validate::check_pattern;

use crate::contact::{ContactConfig, Text};
use crate::error::ContentError;
use kefu_model::Words;
use kefu_model::endpoint::{Endpoint, Format, Preset};
use kefu_model::ticket::{Condition, Field, FieldKind, TicketForm};
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use toml::Spanned;

/// `[tickets]`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TicketsConfig {
    /// Where tickets go: an https URL, or a path relative to the help center's root
    /// (`base-url`); the form is off without one.
    #[serde(default)]
    pub endpoint: Option<Spanned<String>>,
    /// `POST` or `PUT`.
    #[serde(default)]
    pub method: Option<Spanned<String>>,
    /// `json`, `form` or `multipart`.
    #[serde(default)]
    pub format: Option<Spanned<String>>,
    /// `webhook`, `zendesk`, `formspree` or `basin`.
    #[serde(default)]
    pub preset: Option<Spanned<String>>,
    /// Headers sent with each ticket; never secrets.
    #[serde(default)]
    pub headers: BTreeMap<Spanned<String>, Spanned<String>>,
    /// A JSON pointer to the help desk's own reference in its response, e.g. `/request/id`.
    #[serde(default)]
    pub reference: Option<Spanned<String>>,
    /// A ticket sent sooner than this after the form showed is a bot's, refused locally.
    #[serde(default = "TicketsConfig::default_min_seconds")]
    pub min_seconds: u32,
    /// The standard fields the form shows, in this order.
    #[serde(default)]
    pub standard: Option<Spanned<Vec<Spanned<String>>>>,
    /// The standard fields a visitor must fill in.
    #[serde(default)]
    pub required: Option<Vec<Spanned<String>>>,
    /// The site's own fields, after the standard ones; one with a standard field's id
    /// changes that field instead.
    #[serde(default)]
    pub fields: Vec<FieldConfig>,
    /// The files a ticket may carry; none without this table.
    #[serde(default)]
    pub attachments: Option<Spanned<AttachmentsConfig>>,
    /// What a clear description says, by topic id (`*` for the others): `details`,
    /// `order`, `when`, `expected`. Default: every topic asks for details, when and
    /// what was expected.
    #[serde(default)]
    pub clarity: Option<BTreeMap<Spanned<String>, Vec<Spanned<String>>>>,
    /// The site's own JSON body, `{{name}}` where a value goes (a field id, a context name,
    /// `fields` or `files`): for a help desk whose API wants another shape.
    #[serde(default)]
    pub template: Option<Spanned<String>>,
    /// Where feedback goes: a ticket's satisfaction and an article's "was this helpful?",
    /// as `kefu.feedback/1` JSON (an https URL, or a path as `endpoint`).
    #[serde(default)]
    pub feedback: Option<Spanned<String>>,
}

impl Default for TicketsConfig {
    fn default() -> Self {
        TicketsConfig {
            endpoint: None,
            method: None,
            format: None,
            preset: None,
            headers: BTreeMap::new(),
            reference: None,
            min_seconds: Self::default_min_seconds(),
            standard: None,
            required: None,
            fields: Vec::new(),
            attachments: None,
            clarity: None,
            template: None,
            feedback: None,
        }
    }
}

/// `[[tickets.fields]]`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FieldConfig {
    /// Its name in the ticket, e.g. `delivery`; a standard field's id changes that field.
    pub id: Spanned<String>,
    /// What the form calls it; a standard field's words when absent.
    #[serde(default)]
    pub label: Option<Text>,
    /// `text` (default), `textarea`, `email`, `number`, `select`, `checkbox`, `date`,
    /// `url` or `phone`.
    #[serde(default)]
    pub kind: Option<Spanned<String>>,
    /// The answers of a select.
    #[serde(default)]
    pub options: Vec<ChoiceConfig>,
    /// The visitor must fill it in (when it shows).
    #[serde(default)]
    pub required: Option<bool>,
    /// A JavaScript regular expression the whole value must match.
    #[serde(default)]
    pub pattern: Option<Spanned<String>>,
    /// Help shown under the field, also what a pattern mismatch says.
    #[serde(default)]
    pub hint: Option<Text>,
    /// Shown only when an earlier field holds one of some values.
    #[serde(default)]
    pub when: Option<Spanned<WhenConfig>>,
}

/// An answer of a select: `{ value = "domestic", label = { ... } }`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ChoiceConfig {
    /// What the ticket carries.
    pub value: Spanned<String>,
    /// What the visitor reads.
    pub label: Text,
}

/// `when = { field = "topic", values = ["orders"] }`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct WhenConfig {
    /// The id of the earlier field it depends on.
    pub field: Spanned<String>,
    /// The values of that field that show it (`"true"` for a ticked checkbox).
    pub values: Vec<Spanned<String>>,
}

/// The standard fields and their kinds; their labels are the words `field_<id>`.
pub const STANDARD: [(&str, FieldKind); 7] = [
    ("name", FieldKind::Text),
    ("email", FieldKind::Email),
    ("account", FieldKind::Text),
    ("order", FieldKind::Text),
    ("topic", FieldKind::Select),
    ("subject", FieldKind::Text),
    ("description", FieldKind::Textarea),
];
/// The standard fields shown when `standard` is not set.
pub const DEFAULT_STANDARD: [&str; 6] = ["name", "email", "order", "topic", "subject", "description"];
/// The standard fields required when `required` is not set.
pub const DEFAULT_REQUIRED: [&str; 2] = ["email", "description"];
/// Names a ticket's flat body uses for itself (and the page's hidden inputs, honeypot and
/// file parts): a field of that name would be lost or mistaken.
const RESERVED: [&str; 14] = [
    "key",
    "reference",
    "created",
    "locale",
    "page",
    "urgency",
    "schema",
    "files",
    "attachments",
    "fields",
    "website",
    "refers_to",
    "flow",
    "path",
];

/// A field of the form as the configuration lays it out: in the form's order.
struct Slot<'a> {
    id: &'a str,
    kind: Option<FieldKind>,
    /// Its entry in `[[tickets.fields]]`, if it has one.
    config: Option<&'a FieldConfig>,
}

impl TicketsConfig {
    fn default_min_seconds() -> u32 {
        3
    }

    /// The standard fields shown, in order: `standard`, or the default list (less the
    /// topic when there are no `[[contact.topics]]` to choose from).
    fn standard_ids<'a>(&'a self, contact: &ContactConfig) -> Vec<&'a str> {
        match &self.standard {
            Some(list) => list.get_ref().iter().map(|s| s.get_ref().as_str()).collect(),
            None => DEFAULT_STANDARD.into_iter().filter(|id| *id != "topic" || !contact.topics.is_empty()).collect(),
        }
    }

    /// The fields in the form's order: the standard ones, then the site's own.
    fn layout<'a>(&'a self, contact: &ContactConfig) -> Vec<Slot<'a>> {
        let standard = self.standard_ids(contact);
        let mut slots: Vec<Slot<'a>> = standard
            .iter()
            .map(|id| Slot {
                id,
                kind: STANDARD.iter().find(|(s, _)| s == id).map(|(_, k)| *k),
                config: self.fields.iter().find(|f| f.id.get_ref() == id),
            })
            .collect();
        let mut seen: HashSet<&str> = standard.into_iter().collect();
        for field in &self.fields {
            let id = field.id.get_ref().as_str();
            if is_standard(id) || !seen.insert(id) {
                continue;
            }
            let kind = field.kind.as_ref().map_or(Some(FieldKind::Text), |k| FieldKind::named(k.get_ref()));
            slots.push(Slot { id, kind, config: Some(field) });
        }
        slots
    }

    /// The ticket form of `locale`: `words` are the locale's (the standard labels),
    /// `fallback` the default locale. The form is off (no endpoint) when `[tickets]` has
    /// none. Call after `validate`.
    pub fn for_locale(&self, contact: &ContactConfig, words: &Words, locale: &str, fallback: &str) -> TicketForm {
        let text = |t: &Option<Text>| t.as_ref().map(|t| t.get(locale, fallback)).unwrap_or_default();
        let required = |id: &str| match &self.required {
            Some(list) => list.iter().any(|r| r.get_ref() == id),
            None => DEFAULT_REQUIRED.contains(&id),
        };
        let fields = self
            .layout(contact)
            .into_iter()
            .filter_map(|slot| {
                let kind = slot.kind?;
                let standard = is_standard(slot.id);
                let config = slot.config;
                let label = match config.and_then(|c| c.label.as_ref()) {
                    Some(label) => label.get(locale, fallback),
                    None => words.t(&format!("field_{}", slot.id)).to_string(),
                };
                let options = if slot.id == "topic" && standard {
                    contact.topics.iter().map(|t| (t.id.get_ref().clone(), t.label.get(locale, fallback))).collect()
                } else {
                    config
                        .map(|c| {
                            c.options
                                .iter()
                                .map(|o| (o.value.get_ref().clone(), o.label.get(locale, fallback)))
                                .collect()
                        })
                        .unwrap_or_default()
                };
                Some(Field {
                    id: slot.id.to_string(),
                    label,
                    kind,
                    required: config.and_then(|c| c.required).unwrap_or(standard && required(slot.id)),
                    pattern: config.and_then(|c| c.pattern.as_ref()).map(|p| p.get_ref().clone()).unwrap_or_default(),
                    hint: text(&config.and_then(|c| c.hint.clone())),
                    options,
                    when: config.and_then(|c| c.when.as_ref()).map(|w| Condition {
                        field: w.get_ref().field.get_ref().clone(),
                        values: w.get_ref().values.iter().map(|v| v.get_ref().clone()).collect(),
                    }),
                })
            })
            .collect();
        let endpoint = self.endpoint.as_ref().filter(|e| !e.get_ref().trim().is_empty()).map(|url| Endpoint {
            url: url.get_ref().trim().to_string(),
            method: name(&self.method).unwrap_or("POST").to_string(),
            headers: self.headers.iter().map(|(k, v)| (k.get_ref().clone(), v.get_ref().clone())).collect(),
            format: name(&self.format).and_then(Format::named).unwrap_or(Format::Json),
            preset: name(&self.preset).and_then(Preset::named).unwrap_or(Preset::Webhook),
            reference: name(&self.reference).unwrap_or_default().to_string(),
            template: name(&self.template).unwrap_or_default().to_string(),
        });
        let attachments = self.attachments.as_ref().map(|a| a.get_ref().limits());
        let clarity = match &self.clarity {
            None => kefu_model::clarity::default_rules(),
            Some(rules) => rules
                .iter()
                .map(|(topic, asks)| {
                    let asks = asks.iter().filter_map(|a| kefu_model::clarity::Specific::named(a.get_ref())).collect();
                    (topic.get_ref().clone(), asks)
                })
                .collect(),
        };
        let feedback = name(&self.feedback).map(|url| url.trim().to_string()).filter(|url| !url.is_empty());
        TicketForm { endpoint, fields, min_seconds: self.min_seconds, attachments, clarity, feedback }
    }

    /// The labels, hints and option labels that have their own words in some locales but
    /// not in each of `locales` (`kefu check` names them).
    pub fn untranslated(&self, path: &Path, text: &str, locales: &[&str]) -> Vec<ContentError> {
        let mut problems = Vec::new();
        for field in &self.fields {
            let id = field.id.get_ref();
            let texts = [("label", field.label.as_ref()), ("hint", field.hint.as_ref())]
                .into_iter()
                .filter_map(|(what, t)| Some((what.to_string(), t?)))
                .chain(field.options.iter().map(|o| (format!("option {:?}", o.value.get_ref()), &o.label)));
            for (what, t) in texts {
                for locale in t.missing(locales.iter().copied()) {
                    problems.push(ContentError::at(
                        path,
                        text,
                        field.id.span().start,
                        format!("ticket field {id:?}: {what} has no {locale} text: {locale} visitors read the default locale's"),
                    ));
                }
            }
        }
        problems
    }
}

/// The text of an optional setting.
fn name(value: &Option<Spanned<String>>) -> Option<&str> {
    value.as_ref().map(|v| v.get_ref().as_str())
}

/// Whether `id` is a standard field's.
fn is_standard(id: &str) -> bool {
    STANDARD.iter().any(|(s, _)| *s == id)
}

#[cfg(test)]
mod tests;
