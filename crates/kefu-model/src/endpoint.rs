//! Where tickets go and what they look like on the wire: the endpoint of `[tickets]`, a
//! ticket as the visitor sent it, and its body in each format (kefu's JSON, flat JSON,
//! form pairs for form-encoded and multipart bodies, Zendesk's request).

use crate::ticket::Values;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

/// The version of kefu's JSON body (`"schema": "kefu.ticket/1"`), documented in README and
/// published as `kefu/ticket.schema.json`.
pub const SCHEMA: &str = "kefu.ticket/1";

/// The most a `keepalive` request may carry, in bytes (the browser's limit).
pub const KEEPALIVE_LIMIT: usize = 64 * 1024;

/// An endpoint that takes tickets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Endpoint {
    /// Its URL, absolute or relative to the help center.
    pub url: String,
    /// `POST` or `PUT`.
    pub method: String,
    /// Headers sent with each ticket (never secrets: the build refuses them).
    pub headers: Vec<(String, String)>,
    /// How the body is written.
    pub format: Format,
    /// The service behind it, which decides the body's shape and what its errors mean.
    pub preset: Preset,
    /// A JSON pointer to the help desk's own reference in the response (e.g. `/request/id`);
    /// empty: the ticket keeps its local reference.
    pub reference: String,
    /// The site's own JSON body, `{{name}}` where a value goes (see [`render`]); empty:
    /// the preset's body.
    #[serde(default)]
    pub template: String,
}

/// An endpoint's URL as it is posted to: as written when absolute, else relative to the
/// help center's root `site` (not its domain's): `/api/tickets` under
/// `https://example.com/help/` is `https://example.com/help/api/tickets`.
pub fn resolve(url: &str, site: &str) -> String {
    if url.contains("://") {
        return url.to_string();
    }
    format!("{}/{}", site.trim_end_matches('/'), url.trim_start_matches('/'))
}

impl Endpoint {
    /// The JSON body of `ticket` for this endpoint: the site's template filled in, else
    /// the preset's.
    pub fn json(&self, ticket: &Ticket) -> String {
        if self.template.is_empty() { ticket.json(self.preset) } else { render(&self.template, ticket) }
    }
}

/// The body of feedback (`kefu.feedback/1`): `kind` is `csat` (a ticket's satisfaction,
/// `score` 1 to 5, `about` its reference) or `article` (`url`, `helpful` "true" or "false").
const FEEDBACK_TEMPLATE: &str = r#"{"schema": "kefu.feedback/1", "key": {{key}}, "created": {{created}}, "locale": {{locale}}, "page": {{page}}, "kind": {{kind}}, "score": {{score}}, "about": {{refers_to}}, "url": {{url}}, "helpful": {{helpful}}}"#;

impl Endpoint {
    /// The feedback endpoint at `url`: kefu's feedback JSON, posted.
    pub fn for_feedback(url: String) -> Endpoint {
        Endpoint {
            url,
            method: "POST".into(),
            headers: vec![],
            format: Format::Json,
            preset: Preset::Webhook,
            reference: String::new(),
            template: FEEDBACK_TEMPLATE.into(),
        }
    }
}

impl Ticket {
    /// Feedback of `kind` with its `values` (`score`, `url`, `helpful`), as the outbox
    /// carries it.
    pub fn feedback(random: [u8; 16], created: i64, kind: &str, values: &[(&str, &str)]) -> Ticket {
        let mut feedback = Ticket::new(random, created);
        feedback.feedback = true;
        feedback.fields = std::iter::once(("kind", kind))
            .chain(values.iter().copied())
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        feedback
    }
}

/// The names a template may use besides the ticket's field ids.
pub const TEMPLATE_NAMES: [&str; 10] =
    ["key", "reference", "locale", "page", "topic", "urgency", "refers_to", "created", "fields", "files"];

/// Fills a body template: each `{{name}}` becomes a JSON value: `fields` the object of
/// every field, `files` the array of file names, any other name (a context name or a field
/// id) its text as a JSON string, `""` when the ticket has none. So the template is JSON
/// once filled in, whatever the visitor typed: `{"subject": {{subject}}}`.
pub fn render(template: &str, ticket: &Ticket) -> String {
    let mut out = String::with_capacity(template.len() * 2);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start + 2..].find("}}") else { break };
        out.push_str(&rest[..start]);
        let name = rest[start + 2..start + 2 + len].trim();
        let value = match name {
            "fields" => serde_json::to_value(&ticket.fields).unwrap_or_default(),
            "files" => Value::from(ticket.files.clone()),
            "created" => Value::from(utc(ticket.created)),
            other => {
                let context = ticket.context().into_iter().find(|(k, _)| *k == other).map(|(_, v)| v);
                Value::from(context.or_else(|| ticket.fields.get(other).map(String::as_str)).unwrap_or(""))
            }
        };
        out.push_str(&value.to_string());
        rest = &rest[start + 2 + len + 2..];
    }
    out.push_str(rest);
    out
}

/// The names a template uses, for the build to check.
pub fn template_names(template: &str) -> Vec<&str> {
    let mut names = vec![];
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start + 2..].find("}}") else { break };
        names.push(rest[start + 2..start + 2 + len].trim());
        rest = &rest[start + 2 + len + 2..];
    }
    names
}

/// How a ticket's body is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Format {
    /// JSON (`application/json`).
    Json,
    /// `application/x-www-form-urlencoded`: no attachments.
    Form,
    /// `multipart/form-data`, with attachments.
    Multipart,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 3] = [Format::Json, Format::Form, Format::Multipart];

    /// Its name in the configuration.
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Form => "form",
            Format::Multipart => "multipart",
        }
    }

    /// The format named `name`.
    pub fn named(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// The services kefu knows how to post to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Preset {
    /// kefu's own JSON: `kefu serve`'s receiver, or a serverless function.
    Webhook,
    /// Zendesk's anonymous Requests API (`/api/v2/requests`).
    Zendesk,
    /// Formspree: flat fields.
    Formspree,
    /// Basin: flat fields.
    Basin,
}

impl Preset {
    /// Every preset.
    pub const ALL: [Preset; 4] = [Preset::Webhook, Preset::Zendesk, Preset::Formspree, Preset::Basin];

    /// Its name in the configuration.
    pub fn name(self) -> &'static str {
        match self {
            Preset::Webhook => "webhook",
            Preset::Zendesk => "zendesk",
            Preset::Formspree => "formspree",
            Preset::Basin => "basin",
        }
    }

    /// The preset named `name`.
    pub fn named(name: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.name() == name)
    }

    /// Whether its CORS preflight allows an `Idempotency-Key` header. Zendesk, Formspree and
    /// Basin list their own headers only, so for them the key travels in the body alone.
    pub fn takes_key_header(self) -> bool {
        self == Preset::Webhook
    }

    /// Whether a failure that the browser reports as a network error may be a refusal in
    /// disguise: Zendesk sends its 403 and 429 without CORS headers, so the page cannot
    /// read them. Such a ticket is retried, never called refused, and not too soon.
    pub fn hides_refusals(self) -> bool {
        self == Preset::Zendesk
    }
}

/// A ticket as the visitor sent it: what the outbox keeps and the endpoint receives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    /// The idempotency key: a UUID, the same on every try.
    pub key: String,
    /// The local reference the visitor is shown, e.g. `K-7F3QX2`.
    pub reference: String,
    /// When it was written, milliseconds since 1970 (UTC).
    pub created: i64,
    /// The widget's locale.
    pub locale: String,
    /// The page it was written on.
    pub page: String,
    /// The contact topic, if any.
    pub topic: String,
    /// How urgent the visitor said it is, if they did.
    pub urgency: String,
    /// The fields, by id.
    pub fields: Values,
    /// The names of the files attached (their bytes travel beside the ticket).
    pub files: Vec<String>,
    /// The reference of an earlier ticket this one follows up ("still not solved?"), or
    /// empty.
    #[serde(default)]
    pub refers_to: String,
    /// Feedback (a ticket's satisfaction, an article's "was this helpful?"), not a ticket:
    /// it goes through the outbox to the feedback endpoint and is not listed as a ticket.
    #[serde(default)]
    pub feedback: bool,
    /// The self-help flow the visitor walked before writing, if any: what they already
    /// answered, so that nobody asks again.
    #[serde(default)]
    pub flow: Option<FlowTrail>,
}

/// The way through a self-help flow that led to a ticket.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlowTrail {
    /// The flow's id, e.g. `order-not-received`.
    pub id: String,
    /// Each question and the answer chosen, a line each ("question: answer").
    pub path: String,
    /// The answers as fields (`status = in-transit`).
    pub answers: Values,
}

impl Ticket {
    /// A new ticket whose key and reference come from 16 random bytes (a UUID v4).
    pub fn new(random: [u8; 16], created: i64) -> Ticket {
        let mut b = random;
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
        let key = format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..]);
        // Crockford's base 32 (no I, L, O, U): read aloud over the phone without doubt.
        const DIGITS: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        let bits = u64::from_le_bytes([b[9], b[10], b[11], b[12], b[13], b[14], b[15], b[0]]);
        let reference = (0..6).map(|i| DIGITS[(bits >> (i * 5)) as usize & 31] as char).collect::<String>();
        Ticket {
            key,
            reference: format!("K-{reference}"),
            created,
            locale: String::new(),
            page: String::new(),
            topic: String::new(),
            urgency: String::new(),
            fields: Values::new(),
            files: vec![],
            refers_to: String::new(),
            feedback: false,
            flow: None,
        }
    }

    /// The context fields every body carries, by the names the flat formats use.
    fn context(&self) -> [(&'static str, &str); 9] {
        let flow = self.flow.as_ref();
        [
            ("key", &self.key),
            ("reference", &self.reference),
            ("locale", &self.locale),
            ("page", &self.page),
            ("topic", &self.topic),
            ("urgency", &self.urgency),
            ("refers_to", &self.refers_to),
            ("flow", flow.map_or("", |f| f.id.as_str())),
            ("path", flow.map_or("", |f| f.path.as_str())),
        ]
    }

    /// The body as `preset` reads it, in JSON.
    pub fn json(&self, preset: Preset) -> String {
        let mut value = match preset {
            Preset::Webhook => json!({
                "schema": SCHEMA,
                "key": self.key,
                "reference": self.reference,
                "created": utc(self.created),
                "locale": self.locale,
                "page": self.page,
                "topic": self.topic,
                "urgency": self.urgency,
                "fields": self.fields,
                "files": self.files,
                "refers_to": self.refers_to,
            }),
            Preset::Zendesk => self.zendesk(),
            Preset::Formspree | Preset::Basin => {
                let pairs = self.pairs();
                Value::Object(pairs.into_iter().map(|(k, v)| (k, Value::String(v))).collect())
            }
        };
        if let (Preset::Webhook, Some(flow), Value::Object(members)) = (preset, &self.flow, &mut value) {
            members.insert("flow".into(), json!(flow));
        }
        value.to_string()
    }

    /// The body as flat pairs, for form-encoded and multipart bodies and flat JSON: the
    /// context, then each field by its id (a field named like a context key loses to it);
    /// empty values left out.
    pub fn pairs(&self) -> Vec<(String, String)> {
        let mut pairs: Vec<(String, String)> =
            self.context().into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        pairs.push(("created".into(), utc(self.created)));
        let taken: Vec<String> = pairs.iter().map(|(k, _)| k.clone()).collect();
        pairs.extend(self.fields.iter().filter(|(k, _)| !taken.contains(k)).map(|(k, v)| (k.clone(), v.clone())));
        pairs.retain(|(_, v)| !v.is_empty());
        pairs
    }

    /// Zendesk's anonymous request: the requester, the subject, and every other field
    /// written into the description so that agents see it.
    fn zendesk(&self) -> Value {
        let field = |id: &str| self.fields.get(id).map_or("", String::as_str);
        let mut body = field("description").to_string();
        for (id, value) in &self.fields {
            if !["name", "email", "subject", "description"].contains(&id.as_str()) {
                body.push_str(&format!("\n{id}: {value}"));
            }
        }
        for (name, value) in self.context() {
            if name != "key" && !value.is_empty() {
                body.push_str(&format!("\n{name}: {value}"));
            }
        }
        let subject = if field("subject").is_empty() { &self.reference } else { field("subject") };
        let mut requester = Map::new();
        requester.insert("name".into(), field("name").into());
        requester.insert("email".into(), field("email").into());
        json!({ "request": { "requester": requester, "subject": subject, "comment": { "body": body } } })
    }

    /// The copy sent with `keepalive` when the page goes away mid-send: kefu's JSON with
    /// the key inside (a `text/plain` body, which needs no preflight), or nothing when it
    /// would pass the browser's 64 KiB limit.
    pub fn keepalive(&self) -> Option<String> {
        let body = self.json(Preset::Webhook);
        (body.len() <= KEEPALIVE_LIMIT).then_some(body)
    }
}

/// The help desk's reference in a response body, at the JSON pointer `pointer`.
pub fn reference_in(body: &str, pointer: &str) -> Option<String> {
    if pointer.is_empty() {
        return None;
    }
    let value: Value = serde_json::from_str(body).ok()?;
    match value.pointer(pointer)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// What a refusal's body says, for the visitor: its `error`, `message` or `description`
/// (as most APIs and Zendesk write them), if short enough to read.
pub fn refusal_message(body: &str) -> Option<String> {
    let value: Value = serde_json::from_str(body).ok()?;
    let said = ["/error", "/message", "/description", "/error/message", "/errors/0/message"]
        .iter()
        .find_map(|p| value.pointer(p).and_then(Value::as_str))?;
    (!said.is_empty() && said.chars().count() <= 300).then(|| said.to_string())
}

/// `ms` since 1970 as RFC 3339 in UTC, to the second.
pub fn utc(ms: i64) -> String {
    let seconds = ms.div_euclid(1000);
    let date = crate::time::Date::from_days(seconds.div_euclid(86_400));
    let s = seconds.rem_euclid(86_400);
    format!("{date}T{:02}:{:02}:{:02}Z", s / 3600, s % 3600 / 60, s % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ticket() -> Ticket {
        let mut t = Ticket::new([7; 16], 1_796_000_000_000);
        t.locale = "zh-CN".into();
        t.page = "https://shop.example.com/orders/1".into();
        t.topic = "orders".into();
        t.fields = [("name", "李雷"), ("email", "li@example.com"), ("order", "A-10023"), ("description", "包裹没到")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        t
    }

    #[test]
    fn keys_are_uuid_v4_and_references_readable() {
        let t = Ticket::new([0xff; 16], 0);
        assert_eq!(t.key, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        let t = ticket();
        assert_eq!(t.key.len(), 36);
        assert!(t.reference.starts_with("K-") && t.reference.len() == 8, "{}", t.reference);
        assert!(!t.reference.contains(['I', 'L', 'O', 'U']));
        assert_ne!(Ticket::new([1; 16], 0).reference, Ticket::new([2; 16], 0).reference);
    }

    #[test]
    fn kefu_json_carries_everything_and_flat_formats_the_same_pairs() {
        let t = ticket();
        let body: Value = serde_json::from_str(&t.json(Preset::Webhook)).unwrap();
        assert_eq!(body["schema"], SCHEMA);
        assert_eq!(body["key"], t.key.as_str());
        assert_eq!(body["created"], "2026-11-30T00:53:20Z");
        assert_eq!(body["fields"]["order"], "A-10023");
        assert_eq!(body["topic"], "orders");
        let pairs = t.pairs();
        assert!(pairs.contains(&("order".into(), "A-10023".into())));
        assert!(pairs.contains(&("key".into(), t.key.clone())));
        assert!(!pairs.iter().any(|(k, _)| k == "urgency"), "empty values are left out");
        assert_eq!(body["refers_to"], "", "no earlier ticket");
        let follow_up = Ticket { refers_to: "HD-7".into(), ..t.clone() };
        assert!(follow_up.pairs().contains(&("refers_to".into(), "HD-7".into())));
        let zendesk: Value = serde_json::from_str(&follow_up.json(Preset::Zendesk)).unwrap();
        assert!(zendesk["request"]["comment"]["body"].as_str().unwrap().contains("refers_to: HD-7"));
        let flat: Value = serde_json::from_str(&t.json(Preset::Formspree)).unwrap();
        assert_eq!(flat["email"], "li@example.com");
        assert_eq!(t.keepalive().as_deref(), Some(t.json(Preset::Webhook).as_str()));
        let mut big = t.clone();
        big.fields.insert("description".into(), "x".repeat(KEEPALIVE_LIMIT));
        assert_eq!(big.keepalive(), None);
        assert!(body.get("flow").is_none(), "no flow walked: none said");
    }

    #[test]
    fn a_flows_path_and_answers_travel_in_every_format() {
        let mut t = ticket();
        t.flow = Some(FlowTrail {
            id: "order-not-received".into(),
            path: "物流显示什么？: 运输中\n多久没更新了？: 超过 5 天".into(),
            answers: [("status".to_string(), "in-transit".to_string())].into_iter().collect(),
        });
        let body: Value = serde_json::from_str(&t.json(Preset::Webhook)).unwrap();
        assert_eq!(body["flow"]["id"], "order-not-received");
        assert_eq!(body["flow"]["answers"]["status"], "in-transit");
        assert!(body["flow"]["path"].as_str().unwrap().contains("运输中"));
        let pairs = t.pairs();
        assert!(pairs.contains(&("flow".into(), "order-not-received".into())));
        assert!(pairs.iter().any(|(k, v)| k == "path" && v.contains("超过 5 天")));
        let zendesk: Value = serde_json::from_str(&t.json(Preset::Zendesk)).unwrap();
        assert!(zendesk["request"]["comment"]["body"].as_str().unwrap().contains("path: 物流显示什么？: 运输中"));
        let back: Ticket = serde_json::from_str(&serde_json::to_string(&t).unwrap()).unwrap();
        assert_eq!(back, t, "the outbox keeps it");
    }

    #[test]
    fn zendesk_gets_its_request_with_every_field_in_the_description() {
        let body: Value = serde_json::from_str(&ticket().json(Preset::Zendesk)).unwrap();
        let request = &body["request"];
        assert_eq!(request["requester"]["email"], "li@example.com");
        assert_eq!(request["subject"], ticket().reference.as_str(), "no subject: the reference");
        let text = request["comment"]["body"].as_str().unwrap();
        assert!(text.starts_with("包裹没到") && text.contains("order: A-10023") && text.contains("topic: orders"));
    }

    #[test]
    fn a_template_is_json_whatever_the_visitor_typed() {
        let mut t = ticket();
        t.fields.insert("subject".into(), "\"quoted\" and {{key}}\n<b>".into());
        let template = r#"{"title": {{subject}}, "who": {"mail": {{ email }}}, "all": {{fields}}, "ref": {{reference}}, "none": {{account}}, "at": {{created}}}"#;
        let body: Value = serde_json::from_str(&render(template, &t)).unwrap();
        assert_eq!(body["title"], "\"quoted\" and {{key}}\n<b>", "a value is never read as a placeholder");
        assert_eq!(body["who"]["mail"], "li@example.com");
        assert_eq!(body["all"]["order"], "A-10023");
        assert_eq!(body["ref"], t.reference.as_str());
        assert_eq!(body["none"], "");
        assert_eq!(body["at"], "2026-11-30T00:53:20Z");
        assert_eq!(template_names(template), ["subject", "email", "fields", "reference", "account", "created"]);
        let endpoint = Endpoint {
            url: "/t".into(),
            method: "POST".into(),
            headers: vec![],
            format: Format::Json,
            preset: Preset::Webhook,
            reference: String::new(),
            template: String::new(),
        };
        assert_eq!(endpoint.json(&t), t.json(Preset::Webhook));
        assert_eq!(Endpoint { template: "[{{order}}]".into(), ..endpoint }.json(&t), "[\"A-10023\"]");
    }

    #[test]
    fn feedback_is_kefus_feedback_json() {
        let mut csat = Ticket::feedback([5; 16], 0, "csat", &[("score", "4")]);
        csat.refers_to = "HD-3".into();
        let body: Value = serde_json::from_str(&Endpoint::for_feedback("/f".into()).json(&csat)).unwrap();
        assert_eq!(body["schema"], "kefu.feedback/1");
        assert_eq!(
            (body["kind"].as_str(), body["score"].as_str(), body["about"].as_str()),
            (Some("csat"), Some("4"), Some("HD-3"))
        );
        assert_eq!(body["key"], csat.key.as_str());
        let article = Ticket::feedback([6; 16], 0, "article", &[("url", "https://h/en/a/"), ("helpful", "false")]);
        let body: Value = serde_json::from_str(&Endpoint::for_feedback("/f".into()).json(&article)).unwrap();
        assert_eq!(
            (body["url"].as_str(), body["helpful"].as_str(), body["score"].as_str()),
            (Some("https://h/en/a/"), Some("false"), Some(""))
        );
        assert!(article.feedback && !Ticket::new([1; 16], 0).feedback);
    }

    #[test]
    fn references_and_refusals_read_from_responses() {
        assert_eq!(reference_in(r#"{"request":{"id":4521}}"#, "/request/id").as_deref(), Some("4521"));
        assert_eq!(reference_in(r#"{"reference":"T-00007"}"#, "/reference").as_deref(), Some("T-00007"));
        assert_eq!(reference_in("not json", "/id"), None);
        assert_eq!(reference_in(r#"{"id":1}"#, ""), None);
        assert_eq!(refusal_message(r#"{"error":"email is invalid"}"#).as_deref(), Some("email is invalid"));
        assert_eq!(refusal_message(r#"{"error":{"message":"spam"}}"#).as_deref(), Some("spam"));
        assert_eq!(refusal_message("<html>"), None);
        assert_eq!(utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(resolve("/api/tickets", "https://example.com/help/"), "https://example.com/help/api/tickets");
        assert_eq!(resolve("api/t", "https://example.com/help"), "https://example.com/help/api/t");
        assert_eq!(resolve("https://desk.example.com/t", "https://example.com/"), "https://desk.example.com/t");
    }
}
