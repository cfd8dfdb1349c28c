//! Checks of `[tickets]` that serde cannot make: names, the endpoint and headers
//! (nothing secret ships), attachments and a body that carries them, the fields, their
//! conditions and patterns.

use super::{FieldConfig, RESERVED, STANDARD, Slot, TicketsConfig, WhenConfig, is_standard, refusals};
use crate::contact::ContactConfig;
use crate::error::ContentError;
use kefu_model::endpoint::{Format, Preset};
use kefu_model::ticket::FieldKind;
use std::collections::HashSet;
use std::path::Path;
use toml::Spanned;

impl TicketsConfig {
    /// Checks what serde cannot, each problem at its place in `text` (the configuration,
    /// `path`): names, the endpoint and headers (nothing secret ships), the fields and
    /// their conditions. `contact` gives the topics the topic field offers.
    pub fn validate(&self, contact: &ContactConfig, path: &Path, text: &str, problems: &mut Vec<ContentError>) {
        let mut at = |offset: usize, message: String| problems.push(ContentError::at(path, text, offset, message));
        if let Some(endpoint) = &self.endpoint {
            let url = endpoint.get_ref().trim();
            if url.is_empty() {
                at(endpoint.span().start, "endpoint is empty: write an https:// URL or a path such as /api/tickets, or remove it to turn the form off".into());
            } else if let Some(refusal) = refusals::refused_endpoint(url) {
                at(endpoint.span().start, refusal);
            }
        }
        if let Some(feedback) = &self.feedback
            && let Some(refusal) = refusals::refused_endpoint(feedback.get_ref().trim())
        {
            at(feedback.span().start, format!("feedback: {refusal}"));
        }
        if let Some(method) = &self.method
            && !["POST", "PUT"].contains(&method.get_ref().as_str())
        {
            at(method.span().start, format!("method {:?} is not one of POST, PUT (in capitals)", method.get_ref()));
        }
        named(&self.format, Format::named, &Format::ALL.map(Format::name), "format", &mut at);
        named(&self.preset, Preset::named, &Preset::ALL.map(Preset::name), "preset", &mut at);
        let format = super::name(&self.format).and_then(Format::named);
        if let Some(preset) = &self.preset
            && preset.get_ref() == Preset::Zendesk.name()
            && format.is_some_and(|f| f != Format::Json)
        {
            at(
                preset.span().start,
                "Zendesk's Requests API takes JSON alone: remove format, or write format = \"json\"".into(),
            );
        }
        for (name, value) in &self.headers {
            let valid = !name.get_ref().is_empty()
                && name.get_ref().bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
            if !valid {
                at(name.span().start, format!("{:?} is not a header name: use letters, digits and -", name.get_ref()));
            } else if let Some(refusal) = refusals::secret_header(name.get_ref(), value.get_ref()) {
                at(name.span().start, refusal);
            }
        }
        if let Some(pointer) = &self.reference
            && !pointer.get_ref().is_empty()
            && !pointer.get_ref().starts_with('/')
        {
            at(
                pointer.span().start,
                format!(
                    "reference {:?} is not a JSON pointer: write it from the root, e.g. \"/{}\"",
                    pointer.get_ref(),
                    pointer.get_ref().trim_start_matches(['#', '.'])
                ),
            );
        }
        self.validate_attachments(&mut at);
        self.validate_clarity(contact, &mut at);
        self.validate_template(&mut at);
        self.validate_standard(contact, &mut at);
        self.validate_fields(contact, &mut at);
    }

    /// The limits, and a body that can carry files: a multipart one.
    /// `template`: JSON once filled in, naming only what a ticket has, with a body that
    /// can be JSON.
    fn validate_template(&self, at: &mut dyn FnMut(usize, String)) {
        use kefu_model::endpoint::{TEMPLATE_NAMES, Ticket, render, template_names};
        let Some(template) = &self.template else { return };
        let place = template.span().start;
        let format = super::name(&self.format).and_then(Format::named).unwrap_or(Format::Json);
        if format != Format::Json {
            return at(place, "a template writes a JSON body: write format = \"json\", or remove the template".into());
        }
        let ids: Vec<&str> =
            STANDARD.iter().map(|(id, _)| *id).chain(self.fields.iter().map(|f| f.id.get_ref().as_str())).collect();
        for name in template_names(template.get_ref()) {
            if !TEMPLATE_NAMES.contains(&name) && !ids.contains(&name) {
                at(
                    place,
                    format!(
                        "the template names {{{{{name}}}}}, which is neither a field of the form nor one of {}",
                        TEMPLATE_NAMES.join(", ")
                    ),
                );
            }
        }
        let mut sample = Ticket::new([0; 16], 0);
        sample.fields = ids.iter().map(|id| (id.to_string(), "x".to_string())).collect();
        if let Err(e) = serde_json::from_str::<serde_json::Value>(&render(template.get_ref(), &sample)) {
            at(
                place,
                format!(
                    "the template is not JSON once filled in ({e}); write each value as {{{{name}}}}, without quotes: it becomes a JSON string"
                ),
            );
        }
    }

    /// `clarity`: known topics (or `*`) asking for known specifics.
    fn validate_clarity(&self, contact: &ContactConfig, at: &mut dyn FnMut(usize, String)) {
        use kefu_model::clarity::Specific;
        let Some(rules) = &self.clarity else { return };
        for (topic, asks) in rules {
            let topic_name = topic.get_ref();
            if topic_name != "*" && !contact.topics.iter().any(|t| t.id.get_ref() == topic_name) {
                let known: Vec<&str> = contact.topics.iter().map(|t| t.id.get_ref().as_str()).collect();
                at(
                    topic.span().start,
                    format!(
                        "clarity names topic {topic_name:?}, which [[contact.topics]] does not have ({}); or write \"*\" for every topic",
                        known.join(", ")
                    ),
                );
            }
            for ask in asks {
                if Specific::named(ask.get_ref()).is_none() {
                    let names: Vec<&str> = Specific::ALL.iter().map(|s| s.name()).collect();
                    at(
                        ask.span().start,
                        format!("clarity asks for {:?}, which is not one of {}", ask.get_ref(), names.join(", ")),
                    );
                }
            }
        }
    }

    fn validate_attachments(&self, at: &mut dyn FnMut(usize, String)) {
        let Some(attachments) = &self.attachments else { return };
        attachments.get_ref().validate(at);
        if let Some(preset) = &self.preset
            && preset.get_ref() == Preset::Zendesk.name()
        {
            // Zendesk takes files only through its upload API, one request per file with
            // the token of each in the request: not a body the form can send.
            return at(
                preset.span().start,
                "Zendesk's Requests API takes JSON alone, which cannot carry files: remove [tickets.attachments], or post to a serverless function (the webhook preset) that uploads them to Zendesk".into(),
            );
        }
        let format = super::name(&self.format).and_then(Format::named);
        if format != Some(Format::Multipart) {
            let place = self.format.as_ref().map_or(attachments.span().start, |f| f.span().start);
            at(
                place,
                "attachments need format = \"multipart\": JSON and form-encoded bodies cannot carry files".into(),
            );
        }
    }

    fn validate_standard(&self, contact: &ContactConfig, at: &mut dyn FnMut(usize, String)) {
        let names = STANDARD.map(|(id, _)| id).join(", ");
        if let Some(list) = &self.standard {
            let mut seen = HashSet::new();
            for id in list.get_ref() {
                if !is_standard(id.get_ref()) {
                    at(
                        id.span().start,
                        format!(
                            "{:?} is not a standard field ({names}): add your own in [[tickets.fields]]",
                            id.get_ref()
                        ),
                    );
                } else if !seen.insert(id.get_ref()) {
                    at(id.span().start, format!("standard field {:?} is listed twice", id.get_ref()));
                } else if id.get_ref() == "topic" && contact.topics.is_empty() {
                    at(id.span().start, "the topic field offers the [[contact.topics]], and there are none: add topics, or take topic out of standard".into());
                }
            }
        }
        let shown = self.standard_ids(contact);
        for id in self.required.iter().flatten() {
            if !shown.contains(&id.get_ref().as_str()) {
                at(
                    id.span().start,
                    format!(
                        "required {:?} is not one of the standard fields shown ({}): add it to standard, or set required = true in its [[tickets.fields]]",
                        id.get_ref(),
                        shown.join(", ")
                    ),
                );
            }
        }
    }

    fn validate_fields(&self, contact: &ContactConfig, at: &mut dyn FnMut(usize, String)) {
        let shown = self.standard_ids(contact);
        let slots = self.layout(contact);
        let mut ids = HashSet::new();
        for field in &self.fields {
            let (id, id_at) = (field.id.get_ref().as_str(), field.id.span().start);
            let valid = id.starts_with(|c: char| c.is_ascii_lowercase())
                && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
            if !valid {
                at(
                    id_at,
                    format!(
                        "field id {id:?}: write lowercase letters, digits, - and _, starting with a letter (it names the field in every ticket)"
                    ),
                );
                continue;
            }
            if RESERVED.contains(&id) {
                at(
                    id_at,
                    format!(
                        "field id {id:?} is a name every ticket uses for itself ({}): choose another",
                        RESERVED.join(", ")
                    ),
                );
                continue;
            }
            if !ids.insert(id) {
                at(id_at, format!("field {id:?} is defined twice: merge the two [[tickets.fields]]"));
                continue;
            }
            if let Some(kind) = STANDARD.iter().find(|(s, _)| *s == id).map(|(_, k)| *k) {
                if !shown.contains(&id) {
                    at(
                        id_at,
                        format!(
                            "{id:?} is a standard field that the form does not show: add it to standard, or give your field another id"
                        ),
                    );
                }
                if let Some(k) = &field.kind
                    && FieldKind::named(k.get_ref()) != Some(kind)
                {
                    at(
                        k.span().start,
                        format!(
                            "the standard field {id:?} is of kind {}: remove kind, or give your field another id",
                            kind.name()
                        ),
                    );
                }
                if !field.options.is_empty() {
                    at(
                        id_at,
                        format!(
                            "the standard field {id:?} has its own options (the topic's are [[contact.topics]]): remove options, or give your field another id"
                        ),
                    );
                }
            } else {
                if field.label.is_none() {
                    at(id_at, format!("field {id:?} needs a label, e.g. label = {{ en = \"...\" }}"));
                }
                self.validate_kind(field, at);
            }
            if let Some(pattern) = &field.pattern
                && let Err(problem) = check_pattern(pattern.get_ref())
            {
                at(pattern.span().start, format!("pattern {:?}: {problem}", pattern.get_ref()));
            }
        }
        for (i, slot) in slots.iter().enumerate() {
            let Some(when) = slot.config.and_then(|c| c.when.as_ref()) else { continue };
            check_condition(slot.id, when, &slots[..i], &slots[i..], contact, at);
        }
    }

    fn validate_kind(&self, field: &FieldConfig, at: &mut dyn FnMut(usize, String)) {
        let kind = match &field.kind {
            None => FieldKind::Text,
            Some(k) => match FieldKind::named(k.get_ref()) {
                Some(kind) => kind,
                None => {
                    let kinds = FieldKind::ALL.map(|k| if k == FieldKind::Phone { "phone" } else { k.name() });
                    return at(
                        k.span().start,
                        format!("field kind {:?} is not one of {}", k.get_ref(), kinds.join(", ")),
                    );
                }
            },
        };
        let id = field.id.get_ref();
        if kind == FieldKind::Select && field.options.is_empty() {
            at(
                field.id.span().start,
                format!("select {id:?} has no options: add options = [{{ value = \"...\", label = \"...\" }}, ...]"),
            );
        }
        if kind != FieldKind::Select && !field.options.is_empty() {
            at(
                field.id.span().start,
                format!("field {id:?} has options but is a {}: write kind = \"select\"", kind.name()),
            );
        }
        let mut values = HashSet::new();
        for option in &field.options {
            if option.value.get_ref().is_empty() {
                at(option.value.span().start, "an option's value is empty: it is what the ticket carries".into());
            } else if !values.insert(option.value.get_ref()) {
                at(option.value.span().start, format!("option {:?} is listed twice", option.value.get_ref()));
            }
        }
    }
}

/// Checks that a name (`format`, `preset`) is one kefu knows.
fn named<T>(
    value: &Option<Spanned<String>>,
    find: fn(&str) -> Option<T>,
    known: &[&str],
    what: &str,
    at: &mut dyn FnMut(usize, String),
) {
    if let Some(v) = value
        && find(v.get_ref()).is_none()
    {
        at(v.span().start, format!("{what} {:?} is not one of {}", v.get_ref(), known.join(", ")));
    }
}

/// Checks field `id`'s condition: it names an earlier field (`before`; a later one, in
/// `after`, or itself would make a cycle), with values that field can hold.
fn check_condition(
    id: &str,
    when: &Spanned<WhenConfig>,
    before: &[Slot<'_>],
    after: &[Slot<'_>],
    contact: &ContactConfig,
    at: &mut dyn FnMut(usize, String),
) {
    let (field, field_at) = (when.get_ref().field.get_ref().as_str(), when.get_ref().field.span().start);
    let Some(parent) = before.iter().find(|s| s.id == field) else {
        let message = if field == id {
            format!("field {id:?} cannot depend on itself: name an earlier field in when")
        } else if after.iter().any(|s| s.id == field) {
            format!(
                "field {id:?} depends on {field:?}, which comes later in the form (or depends on it, a cycle): a condition names an earlier field; move {id:?} after {field:?}"
            )
        } else {
            let known: Vec<&str> = before.iter().map(|s| s.id).collect();
            format!(
                "field {id:?} depends on {field:?}, which is not a field of the form before it ({})",
                known.join(", ")
            )
        };
        return at(field_at, message);
    };
    let values = &when.get_ref().values;
    if values.is_empty() {
        return at(
            when.span().start,
            format!("field {id:?}: list the values of {field:?} that show it, e.g. values = [\"...\"]"),
        );
    }
    let allowed: Option<Vec<String>> = match parent.kind {
        Some(FieldKind::Checkbox) => Some(vec!["true".into()]),
        Some(FieldKind::Select) if parent.id == "topic" && is_standard(parent.id) => {
            Some(contact.topics.iter().map(|t| t.id.get_ref().clone()).collect())
        }
        Some(FieldKind::Select) => parent.config.map(|c| c.options.iter().map(|o| o.value.get_ref().clone()).collect()),
        _ => None,
    };
    for value in values {
        if let Some(allowed) = allowed.as_ref().filter(|a| !a.contains(value.get_ref())) {
            at(
                value.span().start,
                format!("{field:?} has no answer {:?}: write one of {}", value.get_ref(), allowed.join(", ")),
            );
        }
    }
}

/// What kefu can tell is wrong with a JavaScript regular expression without running it:
/// brackets that do not pair, and what browsers refuse inside `[...]` (they read a
/// `pattern` with the `v` flag, where `-` at a class's edge and `(){}/|` must be escaped).
pub fn check_pattern(pattern: &str) -> Result<(), String> {
    if pattern.trim().is_empty() {
        return Err("it is empty: remove it, or write a JavaScript regular expression such as [A-Z]-[0-9]+".into());
    }
    let mut open: Vec<char> = Vec::new();
    let mut class_edge = false; // just after `[` or `[^`
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        let in_class = open.last() == Some(&'[');
        let at_edge = std::mem::replace(&mut class_edge, false);
        match c {
            '\\' if chars.next().is_none() => return Err("it ends in a lone \\: write \\\\ for a backslash".into()),
            '\\' => {}
            '[' => {
                open.push('[');
                class_edge = true;
                if chars.peek() == Some(&'^') {
                    chars.next();
                }
            }
            ']' if in_class => drop(open.pop()),
            '-' if in_class && (at_edge || chars.peek() == Some(&']')) => {
                return Err("a - at the edge of [...] must be written \\- (browsers read pattern with the v flag, which refuses it)".into());
            }
            '(' | ')' | '{' | '}' | '/' | '|' if in_class => {
                return Err(format!(
                    "a {c} inside [...] must be written \\{c} (browsers read pattern with the v flag, which refuses it)"
                ));
            }
            '(' | '{' => open.push(c),
            ')' | '}' | ']' => {
                let opener = match c {
                    ')' => '(',
                    '}' => '{',
                    _ => '[',
                };
                if open.pop() != Some(opener) {
                    return Err(format!(
                        "its brackets do not pair: a {c} closes nothing; write \\{c} for the character"
                    ));
                }
            }
            _ => {}
        }
    }
    match open.last() {
        Some(c) => Err(format!("its brackets do not pair: a {c} is never closed")),
        None => Ok(()),
    }
}
