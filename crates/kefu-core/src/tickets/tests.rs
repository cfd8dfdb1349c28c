use super::*;
use crate::SiteConfig;
use kefu_model::ticket::Attachments;

/// A site with two locales and two contact topics; `[tickets]` is written after it.
const SITE: &str = r#"name = "Help"
base-url = "https://help.example.com/"
default-locale = "zh-CN"

[[locales]]
code = "zh-CN"
name = "简体中文"

[[locales]]
code = "en"
name = "English"

[[contact.topics]]
id = "orders"
label = { zh-CN = "订单", en = "Orders" }

[[contact.topics]]
id = "account"
label = { zh-CN = "账户", en = "Account" }
"#;

fn parse(tickets: &str) -> Result<SiteConfig, Vec<ContentError>> {
    SiteConfig::parse(Path::new("site/kefu.toml"), &format!("{SITE}{tickets}"))
}

/// The line of the site file that line `n` of what follows it is on.
fn line(n: usize) -> usize {
    SITE.lines().count() + n
}

fn words() -> Words {
    let mut words = Words::default();
    for (id, _) in STANDARD {
        words.insert(format!("field_{id}"), format!("Your {id}"));
    }
    words
}

const FULL: &str = r#"
[tickets]
endpoint = "/api/tickets"
method = "PUT"
format = "multipart"
preset = "formspree"
headers = { "X-Shop" = "cn" }
reference = "/reference"
min-seconds = 5
standard = ["email", "topic", "order", "description"]
required = ["email"]

[[tickets.fields]]
id = "order"
pattern = '[A-Za-z0-9\-]{6,32}'
hint = { en = "6 to 32 letters or digits", zh-CN = "6 到 32 位字母或数字" }
required = true

[[tickets.fields]]
id = "delivery"
label = { zh-CN = "配送方式", en = "Delivery" }
kind = "select"
options = [{ value = "domestic", label = { zh-CN = "国内", en = "Domestic" } }, { value = "international", label = { zh-CN = "国际", en = "International" } }]
when = { field = "topic", values = ["orders"] }

[[tickets.fields]]
id = "customs"
label = "Customs number"
kind = "phone"
when = { field = "delivery", values = ["international"] }
"#;

#[test]
fn parses_every_key_into_the_form_of_each_locale() {
    let config = parse(FULL).unwrap();
    let form = config.tickets.for_locale(&config.contact, &words(), "en", "zh-CN");
    let endpoint = form.endpoint.as_ref().unwrap();
    assert_eq!((endpoint.url.as_str(), endpoint.method.as_str()), ("/api/tickets", "PUT"));
    assert_eq!((endpoint.format, endpoint.preset), (Format::Multipart, Preset::Formspree));
    assert_eq!(endpoint.headers, [("X-Shop".to_string(), "cn".to_string())]);
    assert_eq!((endpoint.reference.as_str(), form.min_seconds), ("/reference", 5));
    let ids: Vec<&str> = form.fields.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["email", "topic", "order", "description", "delivery", "customs"]);
    let required: Vec<&str> = form.fields.iter().filter(|f| f.required).map(|f| f.id.as_str()).collect();
    assert_eq!(required, ["email", "order"], "the list, and an override's own");
    let field = |id| form.field(id).unwrap();
    assert_eq!((field("email").label.as_str(), field("email").kind), ("Your email", FieldKind::Email));
    assert_eq!(field("topic").options, [("orders".into(), "Orders".into()), ("account".into(), "Account".into())]);
    assert_eq!(
        (field("order").pattern.as_str(), field("order").hint.as_str()),
        (r"[A-Za-z0-9\-]{6,32}", "6 to 32 letters or digits")
    );
    assert_eq!(field("delivery").options[1], ("international".into(), "International".into()));
    assert_eq!(field("delivery").when, Some(Condition { field: "topic".into(), values: vec!["orders".into()] }));
    assert_eq!((field("customs").kind, field("customs").label.as_str()), (FieldKind::Phone, "Customs number"));
    let zh = config.tickets.for_locale(&config.contact, &words(), "zh-CN", "zh-CN");
    assert_eq!(zh.field("delivery").unwrap().label, "配送方式");
    assert_eq!(zh.field("topic").unwrap().options[0].1, "订单");
}

#[test]
fn defaults_and_the_form_off() {
    let config = parse("").unwrap();
    let form = config.tickets.for_locale(&config.contact, &words(), "en", "zh-CN");
    assert!(!form.is_on(), "no [tickets]: the form is off");
    let config = parse("\n[tickets]\nendpoint = \"https://desk.example.com/t\"\n").unwrap();
    let form = config.tickets.for_locale(&config.contact, &words(), "en", "zh-CN");
    let endpoint = form.endpoint.unwrap();
    assert_eq!((endpoint.method.as_str(), endpoint.format, endpoint.preset), ("POST", Format::Json, Preset::Webhook));
    assert_eq!((endpoint.reference.as_str(), form.min_seconds), ("", 3));
    let ids: Vec<&str> = form.fields.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, DEFAULT_STANDARD);
    let required: Vec<&str> = form.fields.iter().filter(|f| f.required).map(|f| f.id.as_str()).collect();
    assert_eq!(required, DEFAULT_REQUIRED);
    // Without topics to choose from, the default form has no topic field.
    let no_topics = &SITE[..SITE.find("[[contact.topics]]").unwrap()];
    let config = SiteConfig::parse(Path::new("k.toml"), &format!("{no_topics}[tickets]\nendpoint = \"/t\"\n")).unwrap();
    let form = config.tickets.for_locale(&config.contact, &words(), "en", "zh-CN");
    assert!(form.field("topic").is_none());
}

#[test]
fn mistakes_are_named_at_their_line_with_what_to_write() {
    // (the [tickets] snippet, the line of the problem in it, what the message says)
    let cases: &[(&str, usize, &str)] = &[
        ("[tickets]\nmethod = \"GET\"\n", 2, "method \"GET\" is not one of POST, PUT"),
        ("[tickets]\nformat = \"xml\"\n", 2, "format \"xml\" is not one of json, form, multipart"),
        (
            "[tickets]\npreset = \"freshdesk\"\n",
            2,
            "preset \"freshdesk\" is not one of webhook, zendesk, formspree, basin",
        ),
        ("[tickets]\npreset = \"zendesk\"\nformat = \"form\"\n", 2, "Zendesk's Requests API takes JSON alone"),
        ("[tickets]\nstandard = [\"email\", \"phone\"]\n", 2, "\"phone\" is not a standard field"),
        ("[tickets]\nstandard = [\"email\", \"email\"]\n", 2, "standard field \"email\" is listed twice"),
        (
            "[tickets]\nstandard = [\"email\"]\nrequired = [\"name\"]\n",
            3,
            "required \"name\" is not one of the standard fields shown (email)",
        ),
        ("[tickets]\nreference = \"request.id\"\n", 2, "write it from the root, e.g. \"/request.id\""),
        (
            "[[tickets.fields]]\nid = \"size\"\nlabel = \"Size\"\nkind = \"colour\"\n",
            4,
            "field kind \"colour\" is not one of text, textarea, email, number, select, checkbox, date, url, phone",
        ),
        (
            "[[tickets.fields]]\nid = \"size\"\nlabel = \"Size\"\n\n[[tickets.fields]]\nid = \"size\"\nlabel = \"Size\"\n",
            6,
            "field \"size\" is defined twice",
        ),
        (
            "[[tickets.fields]]\nid = \"size\"\nlabel = \"Size\"\nkind = \"select\"\n",
            2,
            "select \"size\" has no options: add options",
        ),
        ("[[tickets.fields]]\nid = \"size\"\n", 2, "field \"size\" needs a label"),
        ("[[tickets.fields]]\nid = \"Size\"\nlabel = \"Size\"\n", 2, "write lowercase letters, digits, - and _"),
        ("[[tickets.fields]]\nid = \"locale\"\nlabel = \"L\"\n", 2, "a name every ticket uses for itself"),
        ("[[tickets.fields]]\nid = \"attachments\"\nlabel = \"A\"\n", 2, "a name every ticket uses for itself"),
        (
            "[[tickets.fields]]\nid = \"account\"\nlabel = \"Account\"\n",
            2,
            "\"account\" is a standard field that the form does not show: add it to standard",
        ),
        (
            "[[tickets.fields]]\nid = \"email\"\nkind = \"text\"\n",
            3,
            "the standard field \"email\" is of kind email: remove kind",
        ),
        (
            "[[tickets.fields]]\nid = \"gift\"\nlabel = \"Gift\"\nwhen = { field = \"wrap\", values = [\"true\"] }\n",
            4,
            "depends on \"wrap\", which is not a field of the form before it",
        ),
        (
            "[[tickets.fields]]\nid = \"gift\"\nlabel = \"Gift\"\nwhen = { field = \"gift\", values = [\"x\"] }\n",
            4,
            "field \"gift\" cannot depend on itself",
        ),
        (
            "[[tickets.fields]]\nid = \"a\"\nlabel = \"A\"\nwhen = { field = \"b\", values = [\"x\"] }\n\n[[tickets.fields]]\nid = \"b\"\nlabel = \"B\"\nwhen = { field = \"a\", values = [\"x\"] }\n",
            4,
            "which comes later in the form (or depends on it, a cycle)",
        ),
        (
            "[[tickets.fields]]\nid = \"gift\"\nlabel = \"Gift\"\nwhen = { field = \"topic\", values = [\"orders\", \"billing\"] }\n",
            4,
            "\"topic\" has no answer \"billing\": write one of orders, account",
        ),
        (
            "[[tickets.fields]]\nid = \"wrap\"\nlabel = \"Wrap\"\nkind = \"checkbox\"\n\n[[tickets.fields]]\nid = \"gift\"\nlabel = \"Gift\"\nwhen = { field = \"wrap\", values = [\"yes\"] }\n",
            9,
            "\"wrap\" has no answer \"yes\": write one of true",
        ),
        (
            "[[tickets.fields]]\nid = \"gift\"\nlabel = \"Gift\"\nwhen = { field = \"topic\", values = [] }\n",
            4,
            "list the values of \"topic\" that show it",
        ),
        ("[[tickets.fields]]\nid = \"order\"\npattern = \"\"\n", 3, "pattern \"\": it is empty"),
        ("[[tickets.fields]]\nid = \"order\"\npattern = \"([A-Z]+\"\n", 3, "a ( is never closed"),
        ("[[tickets.fields]]\nid = \"order\"\npattern = \"[A-Z]+)\"\n", 3, "a ) closes nothing"),
        (
            "[[tickets.fields]]\nid = \"order\"\npattern = \"[A-Za-z0-9-]{6,32}\"\n",
            3,
            "a - at the edge of [...] must be written \\-",
        ),
        ("[[tickets.fields]]\nid = \"order\"\npattern = \"[a(b]\"\n", 3, "a ( inside [...] must be written \\("),
    ];
    for (snippet, n, says) in cases {
        let problems = parse(&format!("\n{snippet}")).expect_err(snippet);
        let found = problems.iter().find(|p| p.message.contains(says));
        let problem = found.unwrap_or_else(|| panic!("{snippet}: no {says:?} in {problems:#?}"));
        assert_eq!(problem.location.line, line(n + 1), "{snippet}: {problem}");
        assert_eq!(problem.location.path, Path::new("site/kefu.toml"));
    }
}

#[test]
fn attachments_limits_and_their_defaults() {
    // (the [tickets.attachments] table, the limits the form carries)
    let limits = |max_files, max_bytes, types: &[&str], max_edge| Attachments {
        max_files,
        max_bytes,
        types: types.iter().map(|t| t.to_string()).collect(),
        max_edge,
    };
    let cases = [
        ("", limits(3, 10_000_000, &[], 1600)),
        (
            "max-files = 5\nmax-size = \"2 MiB\"\ntypes = [\"image/*\", \"application/pdf\", \".log\"]\nmax-edge = 0\n",
            limits(5, 2_097_152, &["image/*", "application/pdf", ".log"], 0),
        ),
        ("max-size = \"500 KB\"\nmax-files = 20\n", limits(20, 500_000, &[], 1600)),
        ("max-size = 4096\nmax-files = 1\nmax-edge = 800\n", limits(1, 4096, &[], 800)),
        ("max-size = \"100 MB\"\n", limits(3, 100_000_000, &[], 1600)),
    ];
    for (table, expected) in cases {
        let snippet =
            format!("\n[tickets]\nendpoint = \"/t\"\nformat = \"multipart\"\n\n[tickets.attachments]\n{table}");
        let config = parse(&snippet).unwrap_or_else(|p| panic!("{table}: {p:#?}"));
        let form = config.tickets.for_locale(&config.contact, &words(), "en", "zh-CN");
        assert_eq!(form.attachments, Some(expected), "{table}");
    }
    let config = parse("\n[tickets]\nendpoint = \"/t\"\nformat = \"multipart\"\n").unwrap();
    let form = config.tickets.for_locale(&config.contact, &words(), "en", "zh-CN");
    assert_eq!(form.attachments, None, "no table: no files");
    for preset in ["formspree", "basin", "webhook"] {
        let snippet = format!("\n[tickets]\nformat = \"multipart\"\npreset = \"{preset}\"\n[tickets.attachments]\n");
        assert!(parse(&snippet).is_ok(), "{preset} takes multipart");
    }
}

#[test]
fn attachments_mistakes_are_named_at_their_line() {
    // ([tickets] and its attachments, the line of the problem in it, what the message says)
    let multipart = "[tickets]\nformat = \"multipart\"\n[tickets.attachments]\n";
    let cases: &[(String, usize, &str)] = &[
        (format!("{multipart}max-file = 3\n"), 4, "unknown field `max-file`"),
        (format!("{multipart}max-files = 0\n"), 4, "max-files = 0: write 1 to 20"),
        (format!("{multipart}max-files = 21\n"), 4, "max-files = 21: write 1 to 20"),
        (
            format!("{multipart}max-size = \"ten MB\"\n"),
            4,
            "max-size \"ten MB\" is not a size: write a number and a unit",
        ),
        (format!("{multipart}max-size = \"10 GB\"\n"), 4, "is not a size"),
        (format!("{multipart}max-size = true\n"), 4, "expected a size such as \"10 MB\""),
        (format!("{multipart}max-size = -5\n"), 4, "a size is not negative"),
        (format!("{multipart}max-size = 0\n"), 4, "at least 1 byte"),
        (
            format!("{multipart}max-size = \"101 MB\"\n"),
            4,
            "max-size is 101 MB, and kefu takes files of at most 100 MB",
        ),
        (format!("{multipart}max-edge = -1\n"), 4, "max-edge = -1: write a number of pixels up to 16384"),
        (format!("{multipart}max-edge = 20000\n"), 4, "or 0 to never scale images"),
        (format!("{multipart}types = [\"image/*\",\n  \"pdf\"]\n"), 5, "\"pdf\" is not a type: write a MIME type"),
        (format!("{multipart}types = [\"*/*\"]\n"), 4, "no types take any file"),
        (format!("{multipart}types = [\"image/png,image/jpeg\"]\n"), 4, "is not a type"),
        (format!("{multipart}types = [\".log\", \".LOG\"]\n"), 4, "type \".LOG\" is listed twice"),
        (
            "[tickets]\nformat = \"json\"\n[tickets.attachments]\n".into(),
            2,
            "attachments need format = \"multipart\": JSON and form-encoded bodies cannot carry files",
        ),
        ("[tickets]\nformat = \"form\"\n[tickets.attachments]\n".into(), 2, "attachments need format = \"multipart\""),
        (
            "[tickets]\nendpoint = \"/t\"\n\n[tickets.attachments]\nmax-files = 2\n".into(),
            4,
            "attachments need format = \"multipart\"",
        ),
        (
            "[tickets]\npreset = \"zendesk\"\n[tickets.attachments]\n".into(),
            2,
            "Zendesk's Requests API takes JSON alone, which cannot carry files",
        ),
    ];
    for (snippet, n, says) in cases {
        let problems = parse(&format!("\n{snippet}")).expect_err(snippet);
        let found = problems.iter().find(|p| p.message.contains(says));
        let problem = found.unwrap_or_else(|| panic!("{snippet}: no {says:?} in {problems:#?}"));
        assert_eq!(problem.location.line, line(n + 1), "{snippet}: {problem}");
    }
    // Zendesk's refusal says what to do; "write multipart" would only lead to another.
    let problems = parse("\n[tickets]\npreset = \"zendesk\"\n[tickets.attachments]\n").unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:#?}");
}

#[test]
fn clarity_rules_by_topic_and_their_mistakes() {
    use kefu_model::clarity::{Specific, default_rules};
    let config =
        parse("\n[tickets]\nendpoint = \"/t\"\nclarity = { orders = [\"order\", \"when\"], \"*\" = [\"details\"] }\n")
            .unwrap();
    let form = config.tickets.for_locale(&config.contact, &words(), "en", "zh-CN");
    assert_eq!(
        form.clarity,
        vec![("*".to_string(), vec![Specific::Details]), ("orders".to_string(), vec![Specific::Order, Specific::When])]
    );
    let config = parse("\n[tickets]\nendpoint = \"/t\"\n").unwrap();
    assert_eq!(config.tickets.for_locale(&config.contact, &words(), "en", "zh-CN").clarity, default_rules());
    let cases = [
        (
            "clarity = { shipping = [\"when\"] }",
            "clarity names topic \"shipping\", which [[contact.topics]] does not have (orders, account)",
        ),
        (
            "clarity = { orders = [\"why\"] }",
            "clarity asks for \"why\", which is not one of details, order, when, expected",
        ),
    ];
    for (snippet, says) in cases {
        let problems = parse(&format!("\n[tickets]\n{snippet}\n")).expect_err(snippet);
        let problem =
            problems.iter().find(|p| p.message.contains(says)).unwrap_or_else(|| panic!("{snippet}: {problems:#?}"));
        assert_eq!(problem.location.line, line(3), "{snippet}");
    }
}

#[test]
fn feedback_goes_where_tickets_may_go() {
    let config = parse("\n[tickets]\nendpoint = \"/t\"\nfeedback = \"/api/feedback\"\n").unwrap();
    let form = config.tickets.for_locale(&config.contact, &words(), "en", "zh-CN");
    assert_eq!(form.feedback.as_deref(), Some("/api/feedback"));
    let problems = parse("\n[tickets]\nfeedback = \"https://hooks.slack.com/services/T0/B0/x\"\n").unwrap_err();
    let problem =
        problems.iter().find(|p| p.message.starts_with("feedback: ")).unwrap_or_else(|| panic!("{problems:#?}"));
    assert_eq!(problem.location.line, line(3));
}

#[test]
fn a_body_template_is_json_once_filled_in_and_names_what_a_ticket_has() {
    let good = "template = '{\"request\": {\"subject\": {{subject}}, \"all\": {{fields}}, \"key\": {{ key }}}}'";
    let config = parse(&format!("\n[tickets]\nendpoint = \"/t\"\n{good}\n")).unwrap();
    let form = config.tickets.for_locale(&config.contact, &words(), "en", "zh-CN");
    assert!(form.endpoint.unwrap().template.contains("{{subject}}"));
    let cases = [
        ("template = '{\"s\": \"{{subject}}\"}'", "is not JSON once filled in"),
        (
            "template = '{\"s\": {{colour}}}'",
            "the template names {{colour}}, which is neither a field of the form nor one of key,",
        ),
        ("format = \"form\"\ntemplate = '{}'", "a template writes a JSON body"),
    ];
    for (snippet, says) in cases {
        let problems = parse(&format!("\n[tickets]\n{snippet}\n")).expect_err(snippet);
        let problem =
            problems.iter().find(|p| p.message.contains(says)).unwrap_or_else(|| panic!("{snippet}: {problems:#?}"));
        assert_eq!(problem.location.line, line(2 + snippet.lines().count()), "{snippet}");
    }
}

#[test]
fn secrets_and_endpoints_that_cannot_work_are_refused_with_the_safe_route() {
    let cases: &[(&str, usize, usize, &str)] = &[
        (
            "endpoint = \"/t\"\nheaders = { Authorization = \"Bearer abc\" }",
            3,
            13,
            "put the secret in a serverless function",
        ),
        ("endpoint = \"/t\"\nheaders = { \"X-Shop\" = \"Bearer abc\" }", 3, 13, "looks like a bearer token"),
        ("endpoint = \"https://user:pass@desk.example.com/t\"", 2, 12, "user name or password"),
        ("endpoint = \"https://desk.example.com/t?access_token=x\"", 2, 12, "\"access_token\" looks like a credential"),
        ("endpoint = \"https://shop.freshdesk.com/api/v2/tickets\"", 2, 12, "use Freshdesk's own widget"),
        (
            "endpoint = \"https://hooks.slack.com/services/T1/B2/C3\"",
            2,
            12,
            "post to a function that forwards to Slack",
        ),
        ("endpoint = \"http://desk.example.com/t\"", 2, 12, "tickets carry names, emails and orders"),
        ("endpoint = \"\"", 2, 12, "endpoint is empty"),
    ];
    for (body, line_in, column, says) in cases {
        let problems = parse(&format!("\n[tickets]\n{body}\n")).expect_err(body);
        let problem = problems.iter().find(|p| p.message.contains(says));
        let problem = problem.unwrap_or_else(|| panic!("{body}: no {says:?} in {problems:#?}"));
        assert_eq!((problem.location.line, problem.location.column), (line(line_in + 1), *column), "{body}: {problem}");
    }
    assert!(parse("\n[tickets]\nendpoint = \"http://localhost:8080/api/tickets\"\nformat = \"form\"\n").is_ok());
}

#[test]
fn unknown_keys_are_named() {
    let problems = parse("\n[tickets]\nendpiont = \"/t\"\n").unwrap_err();
    assert_eq!(problems[0].location.line, line(3));
    assert!(problems[0].message.contains("endpiont"), "{}", problems[0].message);
    let problems = parse("\n[[tickets.fields]]\nid = \"a\"\nlabel = \"A\"\nrequried = true\n").unwrap_err();
    assert_eq!(problems[0].location.line, line(5));
}

#[test]
fn patterns_browsers_accept() {
    for good in [r"[A-Z]-[0-9]+", r"[A-Za-z0-9\-]{6,32}", r"\d{3}(-\d{4})?", r"[^\]]+", r"(a|b)\(x\)"] {
        assert_eq!(check_pattern(good), Ok(()), "{good}");
    }
    for bad in [r"[abc", r"a\", r"{3", r"[-a]", r"[^-a]", r"a]"] {
        assert!(check_pattern(bad).is_err(), "{bad}");
    }
}

#[test]
fn check_names_field_texts_a_locale_lacks() {
    let config = parse(FULL).unwrap();
    let text = format!("{SITE}{FULL}");
    let missing = config.tickets.untranslated(Path::new("site/kefu.toml"), &text, &["zh-CN", "en"]);
    assert_eq!(missing, vec![], "every text of FULL is in both, or one for all");
    let full = FULL.replace(", zh-CN = \"6 到 32 位字母或数字\"", "");
    let (config, text) = (parse(&full).unwrap(), format!("{SITE}{full}"));
    let missing = config.tickets.untranslated(Path::new("site/kefu.toml"), &text, &["zh-CN", "en"]);
    assert_eq!(missing.len(), 1);
    assert!(missing[0].message.contains("ticket field \"order\": hint has no zh-CN text"), "{}", missing[0].message);
}
