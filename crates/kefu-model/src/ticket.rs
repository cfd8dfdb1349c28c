//! The ticket form: its fields (the standard ones a site keeps, and its own), which show
//! when (conditional fields), and what makes a value acceptable. The build writes the
//! form into the widget data and the contact page; the widget and the page validate with
//! this same code (a field's `pattern` is run by the browser's RegExp, so no regex engine
//! ships: the matcher is an argument).

use crate::time::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a visitor filled in, by field id.
pub type Values = BTreeMap<String, String>;

/// The ticket form of one locale, with where it posts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketForm {
    /// Where tickets go; the form is off when there is no endpoint.
    pub endpoint: Option<crate::endpoint::Endpoint>,
    /// The fields, in the order the form shows them.
    pub fields: Vec<Field>,
    /// Seconds between showing the form and sending it, below which a ticket is a bot's.
    pub min_seconds: u32,
    /// What files the form takes; none when it takes no files.
    pub attachments: Option<Attachments>,
    /// What a clear description says, by topic ("describe it clearly").
    pub clarity: crate::clarity::Rules,
    /// Where feedback goes (a ticket's satisfaction, an article's "was this helpful?"),
    /// absolute or relative to the help center as the endpoint; none: nowhere.
    pub feedback: Option<String>,
}

/// The limits of a form's attachments (`[tickets.attachments]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachments {
    /// At most this many files per ticket.
    pub max_files: u32,
    /// Each file at most this many bytes (an image once scaled down).
    pub max_bytes: u64,
    /// The types taken: MIME types (`application/pdf`), families (`image/*`) or file name
    /// endings (`.log`); empty takes any.
    pub types: Vec<String>,
    /// Images longer than this many pixels on their longest edge are scaled down in the
    /// browser before they are stored and sent (0: never).
    pub max_edge: u32,
}

/// Why a file is not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejection {
    /// Not one of the types taken.
    Type,
    /// Larger than the limit.
    Size,
    /// One file too many.
    Count,
}

impl Rejection {
    /// The key of the words that say it: `ticket_file_type`, `ticket_file_size`, `ticket_file_count`.
    pub fn words_key(self) -> &'static str {
        match self {
            Rejection::Type => "ticket_file_type",
            Rejection::Size => "ticket_file_size",
            Rejection::Count => "ticket_file_count",
        }
    }
}

impl Attachments {
    /// Whether a file named `name` of MIME type `mime` is of a type taken.
    pub fn takes_type(&self, name: &str, mime: &str) -> bool {
        let name = name.to_lowercase();
        let mime = mime.to_lowercase();
        self.types.is_empty()
            || self.types.iter().any(|t| {
                let t = t.to_lowercase();
                match (t.strip_prefix('.'), t.strip_suffix("/*")) {
                    (Some(_), _) => name.ends_with(&t),
                    (_, Some(family)) => mime.split('/').next() == Some(family),
                    _ => mime == t,
                }
            })
    }

    /// Why the file at `index` (0 for the first a ticket has) named `name`, of type `mime`
    /// and `size` bytes, is not taken; `None` when it is.
    pub fn check(&self, index: usize, name: &str, mime: &str, size: u64) -> Option<Rejection> {
        if index >= self.max_files as usize {
            Some(Rejection::Count)
        } else if !self.takes_type(name, mime) {
            Some(Rejection::Type)
        } else if size > self.max_bytes {
            Some(Rejection::Size)
        } else {
            None
        }
    }

    /// The `accept` attribute of the file input.
    pub fn accept(&self) -> String {
        self.types.join(",")
    }
}

/// `bytes` for people: `812 B`, `1.5 MB` (powers of 1,000, as file managers show them).
pub fn size_words(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} B"),
        1_000..1_000_000 => format!("{} KB", tenths(bytes, 1_000)),
        _ => format!("{} MB", tenths(bytes, 1_000_000)),
    }
}

/// `bytes / unit` to one decimal, without floats (formatting them costs the widget bytes).
fn tenths(bytes: u64, unit: u64) -> String {
    let t = (bytes * 10 + unit / 2) / unit;
    if t.is_multiple_of(10) { format!("{}", t / 10) } else { format!("{}.{}", t / 10, t % 10) }
}

/// One field of the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    /// Its name in the ticket's body, e.g. `order` or a site's `delivery`.
    pub id: String,
    /// What the form calls it, in the locale.
    pub label: String,
    /// What kind of value it takes.
    pub kind: FieldKind,
    /// The visitor must fill it in.
    pub required: bool,
    /// A JavaScript regular expression the whole value must match (empty: none).
    pub pattern: String,
    /// Help shown under the field, also what a pattern mismatch says (empty: none).
    pub hint: String,
    /// The answers of a `select` (value, words).
    pub options: Vec<(String, String)>,
    /// Shown only when another field has one of some values.
    pub when: Option<Condition>,
}

/// When a conditional field shows: field `field` holds one of `values` (a checkbox holds
/// `"true"` when ticked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    /// The id of the field it depends on.
    pub field: String,
    /// The values that show it.
    pub values: Vec<String>,
}

/// The kinds of field a form can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldKind {
    /// One line of text.
    Text,
    /// Several lines.
    Textarea,
    /// An email address.
    Email,
    /// A number, e.g. `12` or `-3.5`.
    Number,
    /// One of `options`.
    Select,
    /// Ticked (`"true"`) or not.
    Checkbox,
    /// A day, `YYYY-MM-DD`.
    Date,
    /// An `http(s)://` address.
    Url,
    /// A phone number.
    Phone,
}

impl FieldKind {
    /// Every kind.
    pub const ALL: [FieldKind; 9] = [
        FieldKind::Text,
        FieldKind::Textarea,
        FieldKind::Email,
        FieldKind::Number,
        FieldKind::Select,
        FieldKind::Checkbox,
        FieldKind::Date,
        FieldKind::Url,
        FieldKind::Phone,
    ];

    /// Its name in the configuration, also the HTML input type where one fits.
    pub fn name(self) -> &'static str {
        match self {
            FieldKind::Text => "text",
            FieldKind::Textarea => "textarea",
            FieldKind::Email => "email",
            FieldKind::Number => "number",
            FieldKind::Select => "select",
            FieldKind::Checkbox => "checkbox",
            FieldKind::Date => "date",
            FieldKind::Url => "url",
            FieldKind::Phone => "tel",
        }
    }

    /// The kind named `name` in the configuration (`phone` or `tel`).
    pub fn named(name: &str) -> Option<FieldKind> {
        if name == "phone" {
            return Some(FieldKind::Phone);
        }
        FieldKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Whether `value` (not empty) is a value of this kind.
    fn accepts(self, value: &str, options: &[(String, String)]) -> bool {
        match self {
            FieldKind::Text | FieldKind::Textarea => true,
            FieldKind::Email => is_email(value),
            FieldKind::Number => is_number(value),
            FieldKind::Select => options.iter().any(|(v, _)| v == value),
            FieldKind::Checkbox => value == "true",
            FieldKind::Date => value.len() == 10 && Date::parse(value).is_some(),
            FieldKind::Url => is_url(value),
            FieldKind::Phone => is_phone(value),
        }
    }
}

/// What is wrong with a field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// Required and empty.
    Missing,
    /// Not a value of the field's kind (an email without `@`, an option not offered).
    Kind,
    /// It does not match the field's pattern.
    Pattern,
}

impl Problem {
    /// The key of the words that say it (`ticket_missing`, `ticket_bad_email`...).
    pub fn words_key(self, kind: FieldKind) -> String {
        match self {
            Problem::Missing => "ticket_missing".into(),
            Problem::Pattern => "ticket_bad_pattern".into(),
            Problem::Kind => format!("ticket_bad_{}", kind.name()),
        }
    }
}

impl TicketForm {
    /// Whether the form can be sent anywhere.
    pub fn is_on(&self) -> bool {
        self.endpoint.is_some()
    }

    /// The field `id`.
    pub fn field(&self, id: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.id == id)
    }

    /// Whether `field` shows with these values: its condition holds, and so does the
    /// condition of the field it depends on (a field under a hidden one is hidden).
    pub fn shows(&self, field: &Field, values: &Values) -> bool {
        let mut current = field;
        // A chain of conditions no longer than the form: the build refuses cycles, and
        // this bound keeps a bad file from looping.
        for _ in 0..=self.fields.len() {
            let Some(when) = &current.when else { return true };
            let value = values.get(&when.field).map_or("", String::as_str);
            if !when.values.iter().any(|v| v == value) {
                return false;
            }
            match self.field(&when.field) {
                Some(parent) => current = parent,
                None => return false,
            }
        }
        false
    }

    /// The fields shown with these values.
    pub fn shown<'a>(&'a self, values: &'a Values) -> impl Iterator<Item = &'a Field> + 'a {
        self.fields.iter().filter(move |f| self.shows(f, values))
    }

    /// What is wrong with the values, field by field in the form's order; hidden fields
    /// are not asked for. `matches(pattern, value)` runs a field's pattern.
    pub fn problems(&self, values: &Values, matches: &dyn Fn(&str, &str) -> bool) -> Vec<(String, Problem)> {
        self.shown(values)
            .filter_map(|field| {
                let value = values.get(&field.id).map_or("", |v| v.trim());
                let problem = if value.is_empty() || (field.kind == FieldKind::Checkbox && value != "true") {
                    field.required.then_some(Problem::Missing)
                } else if !field.kind.accepts(value, &field.options) {
                    Some(Problem::Kind)
                } else if !field.pattern.is_empty() && !matches(&field.pattern, value) {
                    Some(Problem::Pattern)
                } else {
                    None
                };
                problem.map(|p| (field.id.clone(), p))
            })
            .collect()
    }

    /// The values the ticket carries: those of the fields shown, trimmed, empty ones left out.
    pub fn kept(&self, values: &Values) -> Values {
        self.shown(values)
            .filter_map(|f| {
                let value = values.get(&f.id)?.trim();
                (!value.is_empty()).then(|| (f.id.clone(), value.to_string()))
            })
            .collect()
    }
}

/// Which items of a topic's checklist ("prepare this") the form's values already cover:
/// an item is ticked once a filled field's label is part of it, or it part of the label
/// ("Your order number" and the field "Order number"; "注册手机号或邮箱" and "邮箱").
pub fn ticked(form: &TicketForm, items: &[String], values: &Values) -> Vec<bool> {
    let filled: Vec<String> = form
        .shown(values)
        .filter(|f| values.get(&f.id).is_some_and(|v| !v.trim().is_empty()) && !f.label.trim().is_empty())
        .map(|f| f.label.trim().to_lowercase())
        .collect();
    items
        .iter()
        .map(|item| {
            let item = item.trim().to_lowercase();
            filled.iter().any(|label| item.contains(label.as_str()) || label.contains(item.as_str()))
        })
        .collect()
}

fn is_email(value: &str) -> bool {
    let Some((local, domain)) = value.rsplit_once('@') else { return false };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !value.contains(char::is_whitespace)
}

fn is_number(value: &str) -> bool {
    let digits = value.strip_prefix(['-', '+']).unwrap_or(value);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    (!whole.is_empty() || !fraction.is_empty())
        && all_digits(whole)
        && all_digits(fraction)
        && !(digits.contains('.') && fraction.is_empty())
}

fn is_url(value: &str) -> bool {
    let rest = value.strip_prefix("https://").or_else(|| value.strip_prefix("http://"));
    rest.is_some_and(|r| r.split(['/', '?', '#']).next().is_some_and(|host| !host.is_empty()))
        && !value.contains(char::is_whitespace)
}

fn is_phone(value: &str) -> bool {
    let digits = value.chars().filter(char::is_ascii_digit).count();
    (5..=20).contains(&digits) && value.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(id: &str, kind: FieldKind, required: bool) -> Field {
        Field {
            id: id.into(),
            label: id.into(),
            kind,
            required,
            pattern: String::new(),
            hint: String::new(),
            options: vec![],
            when: None,
        }
    }

    fn values(pairs: &[(&str, &str)]) -> Values {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    /// Patterns as the browser would run them, for the two the tests use.
    fn matches(pattern: &str, value: &str) -> bool {
        match pattern {
            "[A-Z]-[0-9]+" => {
                value.len() > 2
                    && value.as_bytes()[0].is_ascii_uppercase()
                    && value[1..].starts_with('-')
                    && value[2..].bytes().all(|b| b.is_ascii_digit())
            }
            _ => panic!("no such pattern in the tests: {pattern}"),
        }
    }

    fn form() -> TicketForm {
        let mut order = field("order", FieldKind::Text, false);
        order.pattern = "[A-Z]-[0-9]+".into();
        let mut delivery = field("delivery", FieldKind::Select, false);
        delivery.options = vec![("domestic".into(), "Domestic".into()), ("international".into(), "Abroad".into())];
        let mut customs = field("customs", FieldKind::Text, true);
        customs.when = Some(Condition { field: "delivery".into(), values: vec!["international".into()] });
        let mut declaration = field("declaration", FieldKind::Date, true);
        declaration.when = Some(Condition { field: "customs".into(), values: vec!["held".into()] });
        TicketForm {
            endpoint: None,
            fields: vec![
                field("name", FieldKind::Text, false),
                field("email", FieldKind::Email, true),
                order,
                delivery,
                customs,
                declaration,
                field("amount", FieldKind::Number, false),
                field("site", FieldKind::Url, false),
                field("phone", FieldKind::Phone, false),
                field("agree", FieldKind::Checkbox, true),
                field("description", FieldKind::Textarea, true),
            ],
            min_seconds: 3,
            attachments: None,
            clarity: vec![],
            feedback: None,
        }
    }

    #[test]
    fn the_checklist_is_ticked_as_the_fields_it_names_are_filled() {
        let mut form = form();
        form.fields[2].label = "Order number".into();
        form.fields[1].label = "邮箱".into();
        let items = ["Your order number", "The tracking number", "注册手机号或邮箱"].map(String::from);
        assert_eq!(ticked(&form, &items, &values(&[])), [false, false, false]);
        let filled = values(&[("order", "A-1"), ("email", "a@b.co")]);
        assert_eq!(ticked(&form, &items, &filled), [true, false, true]);
        assert_eq!(ticked(&form, &items, &values(&[("order", "  ")])), [false, false, false], "blank is not filled");
    }

    #[test]
    fn attachments_by_type_size_and_count() {
        let limits = Attachments {
            max_files: 2,
            max_bytes: 1_000_000,
            types: vec!["image/*".into(), "application/pdf".into(), ".log".into()],
            max_edge: 1600,
        };
        assert_eq!(limits.check(0, "box.JPG", "image/jpeg", 900_000), None);
        assert_eq!(limits.check(1, "invoice.pdf", "application/pdf", 10), None);
        assert_eq!(limits.check(0, "app.LOG", "", 10), None, "by its name's ending");
        assert_eq!(limits.check(0, "run.exe", "application/x-msdownload", 10), Some(Rejection::Type));
        assert_eq!(limits.check(0, "huge.png", "image/png", 1_000_001), Some(Rejection::Size));
        assert_eq!(limits.check(2, "third.png", "image/png", 1), Some(Rejection::Count));
        assert_eq!(limits.accept(), "image/*,application/pdf,.log");
        assert!(Attachments { types: vec![], ..limits }.takes_type("any.bin", ""));
        assert_eq!(Rejection::Size.words_key(), "ticket_file_size");
        let sizes = [(812, "812 B"), (1_500, "1.5 KB"), (10_000_000, "10 MB"), (2_345_678, "2.3 MB")];
        for (bytes, words) in sizes {
            assert_eq!(size_words(bytes), words);
        }
    }

    #[test]
    fn required_kind_and_pattern_problems_in_the_forms_order() {
        let form = form();
        let problems = form.problems(&values(&[("email", "li@"), ("order", "A10023"), ("agree", "false")]), &matches);
        let expected = [
            ("email", Problem::Kind),
            ("order", Problem::Pattern),
            ("agree", Problem::Missing),
            ("description", Problem::Missing),
        ];
        assert_eq!(problems, expected.map(|(f, p)| (f.to_string(), p)));
        let good = values(&[
            ("email", " li@example.com "),
            ("order", "A-10023"),
            ("agree", "true"),
            ("description", "它坏了"),
            ("amount", "-3.5"),
            ("site", "https://shop.example.com/o/1"),
            ("phone", "+86 (10) 5555-0100"),
        ]);
        assert_eq!(form.problems(&good, &matches), vec![]);
        assert_eq!(Problem::Kind.words_key(FieldKind::Email), "ticket_bad_email");
    }

    #[test]
    fn values_of_each_kind() {
        let cases = [
            (FieldKind::Email, "a@b.co", true),
            (FieldKind::Email, "a b@c.co", false),
            (FieldKind::Email, "a@localhost", false),
            (FieldKind::Number, "12", true),
            (FieldKind::Number, "1.", false),
            (FieldKind::Number, ".5", true),
            (FieldKind::Number, "1e3", false),
            (FieldKind::Date, "2027-02-29", false),
            (FieldKind::Date, "2028-02-29", true),
            (FieldKind::Url, "javascript:alert(1)", false),
            (FieldKind::Url, "http://x", true),
            (FieldKind::Phone, "12", false),
            (FieldKind::Phone, "call 555-0100", false),
            (FieldKind::Select, "domestic", false),
        ];
        for (kind, value, ok) in cases {
            assert_eq!(kind.accepts(value, &[]), ok, "{kind:?} {value}");
        }
        assert_eq!(FieldKind::named("phone"), Some(FieldKind::Phone));
        assert_eq!(FieldKind::named("tel"), Some(FieldKind::Phone));
        assert_eq!(FieldKind::named("colour"), None);
    }

    #[test]
    fn conditional_fields_show_and_are_required_only_when_their_condition_holds() {
        let form = form();
        let base = [("email", "a@b.co"), ("agree", "true"), ("description", "x")];
        let shown = |v: &Values| form.shown(v).map(|f| f.id.clone()).collect::<Vec<_>>();
        let domestic = values(&[base.as_slice(), &[("delivery", "domestic"), ("customs", "held")]].concat());
        assert!(!shown(&domestic).contains(&"customs".to_string()));
        assert!(!shown(&domestic).contains(&"declaration".to_string()), "under a hidden field");
        assert_eq!(form.problems(&domestic, &matches), vec![]);
        assert_eq!(form.kept(&domestic).get("customs"), None, "a hidden field's value is not sent");

        let abroad = values(&[base.as_slice(), &[("delivery", "international")]].concat());
        assert_eq!(form.problems(&abroad, &matches), vec![("customs".to_string(), Problem::Missing)]);
        let held = values(&[base.as_slice(), &[("delivery", "international"), ("customs", "held")]].concat());
        assert_eq!(form.problems(&held, &matches), vec![("declaration".to_string(), Problem::Missing)]);
        let odd = values(&[base.as_slice(), &[("delivery", "mars")]].concat());
        assert_eq!(form.problems(&odd, &matches), vec![("delivery".to_string(), Problem::Kind)]);
    }
}
