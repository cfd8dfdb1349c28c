use super::*;

fn step(id: &str, line: u32, choices: &[(&str, &str)], end: Option<End>) -> Step {
    Step {
        id: id.into(),
        title: format!("title {id}"),
        html: String::new(),
        field: None,
        choices: choices
            .iter()
            .enumerate()
            .map(|(i, (label, to))| {
                let (flow, step) = match to.split_once('#') {
                    Some(("", s)) => (None, Some(s.to_string())),
                    Some((f, s)) => (Some(f.to_string()), Some(s.to_string())),
                    None => (Some(to.to_string()), None),
                };
                Choice { label: (*label).into(), value: None, flow, step, line: line + 1 + i as u32 }
            })
            .collect(),
        end,
        line,
    }
}

fn ticket(topic: &str, evidence: &[&str]) -> Option<End> {
    Some(End::Ticket {
        topic: topic.into(),
        urgency: Urgency::Urgent,
        evidence: evidence.iter().map(|e| e.to_string()).collect(),
    })
}

/// Order not received: tracking → (waiting: resolved | transit → (late: contact | lost: ticket) | damaged in quality).
fn sample() -> Flows {
    let mut tracking = step(
        "tracking",
        6,
        &[("Not shipped", "#waiting"), ("In transit", "#transit"), ("Box crushed", "quality#damaged")],
        None,
    );
    tracking.field = Some("status".into());
    for (c, v) in tracking.choices.iter_mut().zip(["waiting", "moving", "damaged"]) {
        c.value = Some(v.into());
    }
    let mut transit = step("transit", 20, &[("Late", "#late"), ("Lost", "#lost")], None);
    transit.field = Some("delivery".into());
    transit.choices[0].value = Some("domestic".into());
    transit.choices[1].value = Some("international".into());
    let orders = Flow {
        id: "orders".into(),
        title: "Order not received".into(),
        topic: "orders".into(),
        url: "en/flows/orders/".into(),
        start: 0,
        steps: vec![
            tracking,
            step("waiting", 12, &[], Some(End::Resolved)),
            transit,
            step("late", 30, &[], Some(End::Contact { topic: "orders".into(), urgency: Urgency::Normal })),
            step("lost", 36, &[], ticket("orders", &["order", "attachments"])),
        ],
        ..Flow::default()
    };
    let quality = Flow {
        id: "quality".into(),
        title: "Quality".into(),
        topic: "quality".into(),
        url: "en/flows/quality/".into(),
        start: 0,
        steps: vec![
            step("what", 5, &[("Damaged", "#damaged")], None),
            step("damaged", 10, &[("Photos ready", "#photos")], None),
            step("photos", 15, &[], ticket("quality", &["attachments"])),
        ],
        ..Flow::default()
    };
    Flows { flows: vec![orders, quality] }
}

fn known<'a>(topics: &'a [String], fields: &'a [String], options: &'a [(String, Vec<String>)]) -> Known<'a> {
    Known { topics, ticket_fields: fields, ticket_options: options }
}

fn strings(s: &[&str]) -> Vec<String> {
    s.iter().map(|s| s.to_string()).collect()
}

fn messages(flows: &Flows) -> Vec<(usize, u32, String)> {
    let topics = strings(&["orders", "quality"]);
    let fields = strings(&["order", "email", "attachments", "delivery"]);
    let options = [("delivery".to_string(), strings(&["domestic", "international"]))];
    flows.problems(known(&topics, &fields, &options)).into_iter().map(|p| (p.flow, p.line, p.message)).collect()
}

#[test]
fn a_sound_flow_has_no_problems() {
    assert_eq!(messages(&sample()), []);
}

#[test]
fn runner_walks_chooses_goes_back_and_restarts() {
    let flows = sample();
    let mut run = Runner::start(&flows, "orders").unwrap();
    assert_eq!(run.step(&flows).id, "tracking");
    assert!(run.at_start());
    assert_eq!(run.progress(&flows), (1, 3), "tracking → transit → late/lost");
    assert!(!run.choose(&flows, 7), "no such choice");
    assert!(run.choose(&flows, 1));
    assert_eq!(run.step(&flows).id, "transit");
    assert_eq!(run.progress(&flows), (2, 3));
    assert!(run.choose(&flows, 1));
    assert_eq!(run.step(&flows).id, "lost");
    assert_eq!(run.progress(&flows), (3, 3));
    assert_eq!(run.outcome(&flows), ticket("orders", &["order", "attachments"]).as_ref());
    assert_eq!(run.answers(&flows), [("status".into(), "moving".into()), ("delivery".into(), "international".into())]);
    let handover = run.handover(&flows);
    assert_eq!(handover.topic, "orders");
    assert_eq!(handover.urgency, Some(Urgency::Urgent));
    assert_eq!(handover.evidence, ["order", "attachments"]);
    assert_eq!(handover.path_text(), "title tracking: In transit\ntitle transit: Lost");
    assert!(run.back());
    assert_eq!(run.step(&flows).id, "transit");
    assert_eq!(run.answers(&flows), [("status".to_string(), "moving".to_string())], "back forgets the answer");
    run.restart();
    assert_eq!(run.step(&flows).id, "tracking");
    assert!(!run.back(), "nothing before the start");
    assert_eq!(run.answers(&flows), []);
}

#[test]
fn a_choice_leads_into_another_flow_and_keeps_the_path() {
    let flows = sample();
    let mut run = Runner::start(&flows, "orders").unwrap();
    assert!(run.choose(&flows, 2));
    assert_eq!(run.current_flow(&flows).id, "quality");
    assert_eq!(run.step(&flows).id, "damaged");
    assert_eq!(run.progress(&flows), (2, 3));
    assert!(run.choose(&flows, 0));
    let handover = run.handover(&flows);
    assert_eq!(
        (handover.flow.as_str(), handover.topic.as_str()),
        ("orders", "quality"),
        "started in orders, ends in quality's ticket"
    );
    assert_eq!(handover.path.len(), 2);
    assert_eq!(run.flow(&flows).id, "orders");
}

#[test]
fn resolved_and_article_leaves_hand_over_the_flows_topic() {
    let flows = sample();
    let mut run = Runner::start(&flows, "orders").unwrap();
    run.choose(&flows, 0);
    assert_eq!(run.outcome(&flows), Some(&End::Resolved));
    let handover = run.handover(&flows);
    assert_eq!((handover.topic.as_str(), handover.urgency), ("orders", None));
}

#[test]
fn the_walk_survives_encoding_and_a_changed_flow() {
    let flows = sample();
    let mut run = Runner::start(&flows, "orders").unwrap();
    run.choose(&flows, 1);
    run.choose(&flows, 0);
    let text = run.encode(&flows);
    assert_eq!(text, "orders/1.0");
    assert_eq!(Runner::decode(&flows, &text), Some(run.clone()));
    assert_eq!(Runner::decode(&flows, "orders/").unwrap().step(&flows).id, "tracking");
    assert_eq!(Runner::decode(&flows, "orders/1.9.0").unwrap().step(&flows).id, "transit", "replays as far as it can");
    assert_eq!(Runner::decode(&flows, "gone/1"), None);
    assert_eq!(Runner::decode(&flows, "nonsense"), None);
}

#[test]
fn missing_targets_are_reported_at_the_choice() {
    let mut flows = sample();
    flows.flows[0].steps[2].choices[0].step = Some("nowhere".into());
    flows.flows[0].steps[0].choices[2].flow = Some("gone".into());
    flows.flows[1].steps[0].choices[0].flow = Some("orders".into());
    flows.flows[1].steps[0].choices[0].step = Some("nope".into());
    let found = messages(&flows);
    assert!(
        found.iter().any(|(f, l, m)| (*f, *l) == (0, 21) && m.contains("#nowhere, which this flow does not have")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|(f, l, m)| (*f, *l) == (0, 9) && m.contains("flow \"gone\", which does not exist")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|(f, l, m)| (*f, *l) == (1, 6) && m.contains("step #nope of flow \"orders\"")),
        "{found:?}"
    );
    // Late is now unreachable: its only choice went nowhere.
    assert!(found.iter().any(|(_, l, m)| *l == 30 && m.contains("cannot be reached")), "{found:?}");
}

#[test]
fn unreachable_dead_end_duplicate_and_cycle() {
    let mut flows = sample();
    flows.flows[0].steps.push(step("orphan", 50, &[], Some(End::Resolved)));
    flows.flows[0].steps.push(step("waiting", 55, &[], Some(End::Resolved)));
    flows.flows[0].steps[3].end = None;
    flows.flows[0].steps[3].choices = step("late", 30, &[("Try again", "#tracking")], None).choices;
    let found = messages(&flows);
    assert!(found.iter().any(|(_, l, m)| *l == 50 && m.contains("#orphan cannot be reached")), "{found:?}");
    assert!(found.iter().any(|(_, l, m)| *l == 55 && m.contains("already used on line 12")), "{found:?}");
    assert!(found.iter().any(|(_, l, m)| *l == 31 && m.contains("leads back to step #tracking")), "{found:?}");
    flows.flows[0].steps[3].choices.clear();
    let found = messages(&flows);
    assert!(found.iter().any(|(_, l, m)| *l == 30 && m.contains("neither choices nor an ending")), "{found:?}");
}

#[test]
fn leaves_name_only_topics_and_fields_that_exist() {
    let mut flows = sample();
    flows.flows[0].steps[3].end = Some(End::Contact { topic: "billing".into(), urgency: Urgency::Low });
    flows.flows[0].steps[4].end = ticket("orders", &["order", "photos"]);
    flows.flows[1].topic = "qa".into();
    let found = messages(&flows);
    assert!(
        found.iter().any(|(_, l, m)| *l == 30 && m.contains("topic \"billing\"") && m.contains("orders, quality")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|(_, l, m)| *l == 36 && m.contains("\"photos\", which the ticket form does not have")),
        "{found:?}"
    );
    assert!(found.iter().any(|(f, l, m)| (*f, *l) == (1, 1) && m.contains("topic \"qa\"")), "{found:?}");
}

#[test]
fn an_answer_that_fills_a_select_gives_one_of_its_values() {
    let mut flows = sample();
    flows.flows[0].steps[2].choices[1].value = Some("abroad".into());
    let found = messages(&flows);
    assert!(
        found.iter().any(|(_, l, m)| *l == 20
            && m.contains("\"abroad\" is not a value")
            && m.contains("domestic, international")),
        "{found:?}"
    );
}

#[test]
fn a_field_needs_a_value_per_choice() {
    let mut flows = sample();
    flows.flows[0].steps[2].choices[1].value = None;
    assert!(messages(&flows).iter().any(|(_, l, m)| *l == 20 && m.contains("one value per choice")));
}

#[test]
fn translations_keep_ids_targets_values_and_endings() {
    let original = sample();
    let mut zh = sample();
    assert_eq!(zh.translation_problems(&original), []);
    zh.flows[0].steps[0].choices[0].label = "还没发货".into();
    zh.flows[0].steps[1].title = "等待发货".into();
    assert_eq!(zh.translation_problems(&original), [], "labels and titles are translated");
    zh.flows[0].steps[1].id = "wait".into();
    zh.flows[0].steps[2].choices[1].value = Some("abroad".into());
    zh.flows[0].steps[3].end = Some(End::Resolved);
    zh.flows[1].id = "extra".into();
    let found: Vec<String> = zh.translation_problems(&original).into_iter().map(|p| p.message).collect();
    assert!(found.iter().any(|m| m.contains("step #wait is not in the original")), "{found:?}");
    assert!(found.iter().any(|m| m.contains("step #waiting of the original is missing")), "{found:?}");
    assert!(found.iter().any(|m| m.contains("step #transit's choices differ")), "{found:?}");
    assert!(found.iter().any(|m| m.contains("step #late ends differently")), "{found:?}");
    assert!(found.iter().any(|m| m.contains("flow \"extra\" has no original")), "{found:?}");
    assert_eq!(zh.missing_from(&original).map(|(_, f)| f.id.as_str()).collect::<Vec<_>>(), ["quality"]);
}

#[test]
fn mermaid_draws_steps_leaves_and_other_flows() {
    let flows = sample();
    let graph = flows.mermaid(0);
    assert!(graph.starts_with("flowchart TD\n"), "{graph}");
    assert!(graph.contains("    tracking[\"title tracking\"]\n"), "{graph}");
    assert!(graph.contains("    tracking -->|\"In transit\"| transit\n"), "{graph}");
    assert!(graph.contains("    lost([\"title lost<br/>→ ticket\"])\n"), "{graph}");
    assert!(graph.contains("    tracking -->|\"Box crushed\"| quality__damaged\n"), "{graph}");
    assert!(graph.contains("    quality__damaged[[\"Quality: title damaged\"]]\n"), "{graph}");
    assert!(graph.contains("style tracking stroke-width:3px"), "{graph}");
}

#[test]
fn the_flows_file_round_trips_and_the_outline_keeps_what_lists_a_flow() {
    let flows = sample();
    let bytes = flows.encode();
    assert_eq!(&bytes[..4], MAGIC);
    assert_eq!(Flows::decode(&bytes), Ok(flows.clone()));
    let mut stale = bytes;
    stale[4] = 0;
    assert!(matches!(Flows::decode(&stale), Err(DecodeError::Version { found: 0, .. })));

    let outline = flows.outline();
    assert!(outline.flows.iter().all(|f| f.steps.is_empty()));
    for (o, f) in outline.flows.iter().zip(&flows.flows) {
        assert_eq!(
            (&o.id, &o.title, &o.summary, &o.topic, &o.url, &o.articles),
            (&f.id, &f.title, &f.summary, &f.topic, &f.url, &f.articles)
        );
    }
    assert_eq!(outline.at_url(&flows.flows[0].url).map(|f| &f.id), Some(&flows.flows[0].id));
}
