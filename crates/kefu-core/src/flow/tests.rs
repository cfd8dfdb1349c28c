use super::*;

const ORDER: &str = r#"+++
title = "My order has not arrived"
summary = "Find out why."
topic = "orders"
articles = ["orders/order-not-received"]
+++

## What does the tracking page say? {#tracking}

Open **My orders** first. See [the guide](../orders/order-not-received.md).

status = waiting | moving | crushed

- [Not shipped yet](#waiting)
- [In transit](#transit)
- [Box crushed](product-quality.md#damaged)

## Not shipped yet {#waiting}

Orders ship within 48 hours.

- a list that is text
- and not choices

→ resolved

## In transit {#transit}

- [Late](#late)
- [Lost](#lost)

## Late {#late}

-> contact: orders, urgent

## Lost {#lost}

We reship or refund.

→ ticket: orders, urgent (order, attachments)

## Read more {#more}

→ article: ../orders/lost-parcel.md#claims
"#;

fn parse(text: &str) -> Result<FlowFile, ContentError> {
    FlowFile::parse(Path::new("content/en/flows/order-not-received.md"), text, false)
}

fn error(text: &str) -> (usize, String) {
    let e = parse(text).expect_err("should fail");
    assert_eq!(e.location.path, Path::new("content/en/flows/order-not-received.md"));
    (e.location.line, e.message)
}

#[test]
fn reads_steps_choices_fields_and_endings() {
    let file = parse(ORDER).unwrap();
    let flow = &file.flow;
    assert_eq!(
        (file.locale.as_str(), flow.id.as_str(), flow.url.as_str()),
        ("en", "order-not-received", "flows/order-not-received/")
    );
    assert_eq!(
        (flow.title.as_str(), flow.summary.as_str(), flow.topic.as_str()),
        ("My order has not arrived", "Find out why.", "orders")
    );
    assert_eq!(flow.articles, ["orders/order-not-received"]);
    let ids: Vec<&str> = flow.steps.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["tracking", "waiting", "transit", "late", "lost", "more"]);
    let tracking = &flow.steps[0];
    assert_eq!((tracking.title.as_str(), tracking.line), ("What does the tracking page say?", 8));
    assert_eq!(tracking.field.as_deref(), Some("status"));
    type Row<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Option<&'a str>, u32);
    let choices: Vec<Row<'_>> = tracking
        .choices
        .iter()
        .map(|c| (c.label.as_str(), c.value.as_deref(), c.flow.as_deref(), c.step.as_deref(), c.line))
        .collect();
    assert_eq!(
        choices,
        [
            ("Not shipped yet", Some("waiting"), None, Some("waiting"), 14),
            ("In transit", Some("moving"), None, Some("transit"), 15),
            ("Box crushed", Some("crushed"), Some("product-quality"), Some("damaged"), 16),
        ]
    );
    assert!(tracking.html.contains("<strong>My orders</strong>"), "{}", tracking.html);
    assert!(
        tracking.html.contains(r#"href="../../orders/order-not-received/""#),
        "links go to pages: {}",
        tracking.html
    );
    assert!(!tracking.html.contains("status ="), "the field line is not text");
    assert!(!tracking.html.contains("Not shipped"), "choices are not text");
    assert_eq!(file.links.len(), 1);
    assert_eq!((file.links[0].dest.as_str(), file.links[0].line), ("../orders/order-not-received.md", 10));
    assert!(file.text[0].contains("Open My orders first."), "{:?}", file.text[0]);
    assert!(flow.steps[1].html.contains("<li>a list that is text</li>"));
    assert_eq!(flow.steps[1].end, Some(End::Resolved));
    assert_eq!(flow.steps[3].end, Some(End::Contact { topic: "orders".into(), urgency: Urgency::Urgent }));
    assert_eq!(
        flow.steps[4].end,
        Some(End::Ticket {
            topic: "orders".into(),
            urgency: Urgency::Urgent,
            evidence: vec!["order".into(), "attachments".into()]
        })
    );
    assert_eq!(flow.steps[5].end, Some(End::Article { title: String::new(), url: "orders/lost-parcel#claims".into() }));
    assert_eq!(flow.start, 0);
}

#[test]
fn start_names_a_step() {
    let file = parse(&ORDER.replace("topic = \"orders\"", "topic = \"orders\"\nstart = \"transit\"")).unwrap();
    assert_eq!(file.flow.start, 2);
    let (line, message) = error(&ORDER.replace("topic = \"orders\"", "topic = \"orders\"\nstart = \"nowhere\""));
    assert_eq!(line, 5);
    assert!(message.contains("names no step") && message.contains("#tracking, #waiting"), "{message}");
}

#[test]
fn chinese_headings_keep_their_ids_and_urgency_defaults_to_normal() {
    let text = "+++\ntitle = \"包裹没到\"\ntopic = \"orders\"\n+++\n\n## 物流显示什么？ {#tracking}\n\n- [丢件](#lost)\n\n## 丢件 {#lost}\n\n→ contact: orders\n";
    let file = FlowFile::parse(Path::new("content/zh-CN/flows/order-not-received.md"), text, false).unwrap();
    assert_eq!(file.locale, "zh-CN");
    assert_eq!(file.flow.steps[0].id, "tracking");
    assert_eq!(file.flow.steps[0].title, "物流显示什么？");
    assert_eq!(file.flow.steps[0].choices[0].label, "丢件");
    assert_eq!(file.flow.steps[1].end, Some(End::Contact { topic: "orders".into(), urgency: Urgency::Normal }));
}

#[test]
fn mistakes_are_reported_at_their_line() {
    let cases: &[(&str, &str, usize, &str)] = &[
        (
            "We reship or refund.\n\n→ ticket: orders, urgent (order, attachments)",
            "→ ticket: orders, urgent (order, attachments)\n\nWe reship.",
            40,
            "the `→` line ends step #lost",
        ),
        ("-> contact: orders, urgent", "-> contact: orders, soon", 34, "urgency \"soon\""),
        ("→ resolved", "→ solved", 25, "a leaf ends in one of"),
        ("- [Lost](#lost)", "- [Lost](#lost)\n- just words", 29, "mixes choices"),
        (
            "status = waiting | moving | crushed",
            "status = waiting | moving",
            12,
            "gives 2 values, and step #tracking has 3 choices",
        ),
        (
            "Orders ship within 48 hours.\n\n- a list that is text\n- and not choices",
            "- [Again](#tracking)",
            22,
            "has choices (line 20) and an ending",
        ),
        (
            "→ article: ../orders/lost-parcel.md#claims",
            "→ article: lost-parcel.md",
            44,
            "not an article of this locale",
        ),
        ("## What does the tracking page say? {#tracking}", "# Title\n\n## What", 8, "no `#` heading"),
        ("→ ticket: orders, urgent (order, attachments)", "→ ticket: orders, urgent (order", 40, "close the list"),
    ];
    for (from, to, line, message) in cases {
        assert!(ORDER.contains(from), "{from}");
        let (found_line, found) = error(&ORDER.replacen(from, to, 1));
        assert!(found.contains(message), "{to:?}: {found}");
        assert_eq!(found_line, *line, "{to:?}: {found}");
    }
    let (line, message) = error(&ORDER.replace("\n## What does", "\nIntro text.\n\n## What does"));
    assert_eq!(line, 8);
    assert!(message.contains("starts with its first step"), "{message}");
    let (line, message) = error(&ORDER.replace("topic = \"orders\"", "topic = \"orders\"\ncolour = \"red\""));
    assert_eq!(line, 5);
    assert!(message.contains("unknown field `colour`"), "{message}");
}

#[test]
fn only_flows_folders_hold_flows() {
    let e = FlowFile::parse(Path::new("content/en/orders/x.md"), ORDER, false).unwrap_err();
    assert!(e.message.contains("content/<locale>/flows/"));
}
