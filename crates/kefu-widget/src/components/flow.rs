//! The flow view: a self-help flow one step at a time. The step's question is a heading
//! that takes focus at every step, its text, and its choices as buttons; a leaf shows how
//! it ends (solved, an article, a person, a ticket) and always a way to a person with the
//! answers given. Back goes back a step (at the first, back to the previous view), Start
//! over forgets the answers. The walk is the app's (`Shared::walk`), so closing the panel
//! or going to the site's next page resumes it; `flow-start`, `flow-step` and
//! `flow-complete` tell the page.

use crate::host::{Shared, Steps};
use crate::nav::View;
use kefu_model::Words;
use kefu_model::flow::{End, Flows, Handover, Runner, evidence_line};
use kefu_model::ticket::TicketForm;
use leptos::prelude::*;
use std::fmt::Write;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlElement, MouseEvent};

/// What a leaf offers, each a button.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    /// "Yes, solved": thanks, and the walk is forgotten.
    Solved,
    /// The article the leaf names, in the reader.
    Article,
    /// The contact view, for the leaf's topic and urgency, with the answers.
    Contact,
    /// The ticket form, prefilled with the answers.
    Ticket,
}

/// The buttons of a leaf that ends in `end`, as (word, action): the ending's own, then
/// "this didn't solve it" (the contact view), unless the ending is that already.
fn actions(end: &End, tickets_on: bool) -> &'static [(&'static str, Action)] {
    const NOT_SOLVED: (&str, Action) = ("flow_not_solved", Action::Contact);
    match end {
        End::Resolved => &[("flow_solved_yes", Action::Solved), NOT_SOLVED],
        End::Article { .. } => &[("flow_read_article", Action::Article), NOT_SOLVED],
        End::Ticket { .. } if tickets_on => &[("flow_ticket", Action::Ticket), NOT_SOLVED],
        // No ticket endpoint: a person, by whatever channel suits now.
        End::Ticket { .. } | End::Contact { .. } => &[("flow_contact", Action::Contact)],
    }
}

/// Text for HTML: `&`, `<`, `>` and `"` escaped.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// What a flow handed over, as the contact view shows it: the flow, and each question
/// with the answer chosen. (HTML, as [`step_html`] is, for the same reason.)
pub fn answers_html(words: &Words, handover: &Handover) -> String {
    let from = words.t("flow_from").replace("{title}", &handover.title);
    let mut html = format!("<h4>{}</h4><p>{}</p><dl>", escape(words.t("flow_answers")), escape(&from));
    for (question, answer) in &handover.path {
        let _ = write!(html, "<dt>{}</dt><dd>{}</dd>", escape(question), escape(answer));
    }
    html + "</dl>"
}

/// The current step of `r` as HTML: the progress, the question (which takes focus at each
/// step), its text as the build sanitised it, then its choices or how it ends. Buttons say
/// what they do: `data-do="choose <index of the choice>"` or `"act <index in actions>"`.
/// One string drawn by one binding, not a Leptos view: a view with a binding per part cost
/// the wasm module 8 KB (gzip) more, measured; the words and titles are escaped here.
fn step_html(words: &Words, flows: &Flows, form: &TicketForm, locale: &str, r: &Runner) -> String {
    let step = r.step(flows);
    let (n, total) = r.progress(flows);
    let progress = words.t("flow_progress").replace("{n}", &n.to_string()).replace("{total}", &total.to_string());
    let mut html = format!(
        "<p class=\"kefu-progress\" id=\"kefu-flow-progress\">{}</p>\
         <progress aria-hidden=\"true\" max=\"{total}\" value=\"{n}\"></progress>\
         <h3 tabindex=\"-1\" aria-describedby=\"kefu-flow-progress\">{}</h3>\
         <div class=\"kefu-article-body\">{}</div>",
        escape(&progress),
        escape(&step.title),
        step.html
    );
    let Some(end) = &step.end else {
        let _ = write!(html, "<ul class=\"kefu-choices\" aria-label=\"{}\">", escape(words.t("flow_choices")));
        for (i, choice) in step.choices.iter().enumerate() {
            let _ = write!(
                html,
                "<li><button type=\"button\" data-do=\"choose {i}\">{}</button></li>",
                escape(&choice.label)
            );
        }
        return html + "</ul>";
    };
    html += "<div class=\"kefu-ending\">";
    if let End::Ticket { evidence, .. } = end
        && let Some(line) = evidence_line(words, form, locale, evidence)
    {
        let _ = write!(html, "<p>{}</p>", escape(&line));
    }
    html += "<div class=\"kefu-ending-actions\">";
    if *end == End::Resolved {
        let _ = write!(html, "<p>{}</p>", escape(words.t("flow_solved_question")));
    }
    // The ending's own action first and foremost; "this didn't solve it" beside it.
    for (i, (word, _)) in actions(end, form.is_on()).iter().enumerate() {
        let class = if i == 0 { "kefu-button" } else { "kefu-secondary" };
        let _ = write!(
            html,
            "<button type=\"button\" class=\"{class}\" data-do=\"act {i}\">{}</button>",
            escape(words.t(word))
        );
    }
    html + "</div></div>"
}

/// The flow view. Its steps come with the flows' file, fetched when the view first shows
/// (the data has only the flows' outline); until then it says so, and if the file cannot
/// be fetched it links to the flow's page, which works without the app.
#[component]
pub fn Flow(
    /// The flow's id.
    id: String,
) -> impl IntoView {
    let shared = expect_context::<Shared>();
    let words = shared.words();
    let form = &shared.data.tickets;
    let walk = shared.walk;
    let Some(flow) = shared.data.flows.flow(&id) else { return ().into_any() };
    let text = |s: &str| JsValue::from_str(s);
    shared.load_flows();
    // Every call below happens with a walk, and so with the flows' steps.
    let steps = move || match shared.steps.get_untracked() {
        Steps::Ready(flows) => flows,
        _ => unreachable!("a walk has the flows' steps"),
    };

    // Every move is kept (and so shown); a leaf reached is told to the page.
    let walk_to = move |r: Runner| {
        let flows = steps();
        let done = r.outcome(flows).map(|end| (text(&r.flow(flows).id), text(end.name())));
        shared.set_walk(Some(r));
        if let Some((flow, outcome)) = done {
            shared.emit("flow-complete", &[("flow", flow), ("outcome", outcome)]);
        }
    };
    let start = move |flows: &Flows| {
        if let Some(r) = Runner::start(flows, &flow.id) {
            shared.emit("flow-start", &[("flow", text(&flow.id))]);
            walk_to(r);
        }
    };
    // Once the steps are there: this flow's walk resumes where it was; any other flow's
    // is replaced.
    Effect::new(move |_| {
        if let Steps::Ready(flows) = shared.steps.get()
            && walk.with_untracked(|w| w.as_ref().is_none_or(|r| r.flow(flows).id != flow.id))
        {
            start(flows);
        }
    });
    let choose = move |mut r: Runner, index: usize| {
        let flows = steps();
        let at = r.at();
        let step = flows.step(at);
        if r.choose(flows, index) {
            let choice = &step.choices[index];
            let value = choice.value.as_deref().unwrap_or(&choice.label);
            let step_of = [("flow", text(&flows.flows[at.flow].id)), ("step", text(&step.id)), ("choice", text(value))];
            shared.emit("flow-step", &step_of);
            walk_to(r);
        }
    };
    let act = move |r: Runner, index: usize| {
        let flows = steps();
        let Some(end) = r.outcome(flows) else { return };
        let Some(&(_, action)) = actions(end, form.is_on()).get(index) else { return };
        let handover = r.handover(flows);
        let (topic, urgency) = (Some(handover.topic.clone()), handover.urgency);
        let view = match (action, end) {
            // Done: the thanks shows, and there is nothing to continue.
            (Action::Solved, _) => return shared.set_walk(None),
            (Action::Article, End::Article { url, .. }) => View::Article { url: shared.url(url) },
            (Action::Ticket, _) => View::Ticket { topic, urgency, handover: Some(handover) },
            _ => View::Contact { topic, urgency, handover: Some(handover) },
        };
        shared.nav.update(|nav| nav.go(view));
    };
    // Each button says what it does (`data-do`); the step's links are the help center's.
    let click = move |ev: MouseEvent| {
        let button = ev.target().and_then(|t| t.unchecked_into::<web_sys::Element>().closest("button").ok()?);
        let Some(what) = button.and_then(|b| b.get_attribute("data-do")) else {
            return super::open_in_panel(&shared, &ev, true);
        };
        let (verb, index) = what.split_once(' ').unwrap_or((&what, ""));
        let index = index.parse().unwrap_or_default();
        match (verb, walk.get_untracked()) {
            ("restart", _) => {
                if let Steps::Ready(flows) = shared.steps.get_untracked() {
                    start(flows)
                }
            }
            ("choose", Some(r)) => choose(r, index),
            ("act", Some(r)) => act(r, index),
            ("back", Some(mut r)) if !r.at_start() => {
                r.back();
                walk_to(r)
            }
            // At the first step (or done): back to where the flow was opened from.
            _ => shared.nav.update(|nav| {
                nav.back();
            }),
        }
    };
    let html = move || match shared.steps.get() {
        Steps::Ready(flows) => walk.with(|w| match w {
            // The step's links are relative to its flow's page.
            Some(r) => super::article::absolute_html(
                &step_html(words, flows, form, &shared.data.locale, r),
                &shared.url(&r.current_flow(flows).url),
            ),
            None => format!("<p class=\"kefu-thanks\" tabindex=\"-1\">{}</p>", escape(words.t("flow_solved_thanks"))),
        }),
        Steps::Unasked | Steps::Loading => format!("<p>{}</p>", escape(words.t("loading"))),
        Steps::Failed => format!(
            "<p><a href=\"{}\" target=\"_top\">{}</a></p>",
            escape(&shared.url(&flow.url)),
            escape(words.t("flow_failed"))
        ),
    };
    // The question takes focus at every step (the thanks once solved), and when the panel
    // opens on it: once the step is drawn.
    let drawn = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        shared.focus.track();
        walk.track();
        if let Some(drawn) = drawn.get() {
            request_animation_frame(move || {
                if let Ok(Some(element)) = drawn.query_selector("h3, .kefu-thanks") {
                    let _ = element.unchecked_into::<HtmlElement>().focus();
                }
            });
        }
    });

    view! {
        <div class="kefu-flow" on:click=click>
            <p class="kefu-flow-name">{flow.title.clone()}</p>
            <div node_ref=drawn inner_html=html></div>
            <p class="kefu-flow-nav">
                <button type="button" class="kefu-link-button" data-do="back">{words.t("flow_back")}</button>
                <button type="button" class="kefu-link-button" data-do="restart">{words.t("flow_restart")}</button>
            </p>
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use kefu_model::contact::Urgency;
    use kefu_model::ticket::{Field, FieldKind};

    #[test]
    fn every_leaf_offers_a_person_and_a_ticket_only_where_tickets_are_taken() {
        let ticket = End::Ticket { topic: "orders".into(), urgency: Urgency::Urgent, evidence: vec![] };
        let contact = End::Contact { topic: "orders".into(), urgency: Urgency::Normal };
        let article = End::Article { title: "Lost".into(), url: "en/orders/lost-parcel/".into() };
        type Offered = &'static [(&'static str, Action)];
        let cases: [(&End, bool, Offered); 5] = [
            (&End::Resolved, true, &[("flow_solved_yes", Action::Solved), ("flow_not_solved", Action::Contact)]),
            (&article, true, &[("flow_read_article", Action::Article), ("flow_not_solved", Action::Contact)]),
            (&ticket, true, &[("flow_ticket", Action::Ticket), ("flow_not_solved", Action::Contact)]),
            (&ticket, false, &[("flow_contact", Action::Contact)]),
            (&contact, true, &[("flow_contact", Action::Contact)]),
        ];
        for (end, tickets_on, expected) in cases {
            assert_eq!(actions(end, tickets_on), expected, "{end:?}, tickets {tickets_on}");
        }
    }

    fn words() -> Words {
        [
            ("flow_progress", "Step {n} of {total}"),
            ("flow_choices", "Choose one"),
            ("flow_solved_question", "Did this solve it?"),
            ("flow_solved_yes", "Yes, solved"),
            ("flow_not_solved", "This didn't solve it"),
            ("flow_evidence", "Please include: {items}"),
            ("flow_contact", "See who can help now"),
            ("flow_answers", "Your answers"),
            ("flow_from", "From “{title}”"),
        ]
        .into_iter()
        .collect()
    }

    /// A flow whose question's words need escaping, a resolved leaf and a ticket's.
    fn flows() -> Flows {
        use kefu_model::flow::{Choice, Flow, Step};
        let choice =
            |label: &str, step: &str| Choice { label: label.into(), step: Some(step.into()), ..Choice::default() };
        let leaf =
            |id: &str, end: End| Step { id: id.into(), title: format!("Leaf {id}"), end: Some(end), ..Step::default() };
        let ticket = End::Ticket { topic: "orders".into(), urgency: Urgency::Urgent, evidence: vec!["order".into()] };
        Flows {
            flows: vec![Flow {
                id: "f".into(),
                title: "A flow".into(),
                steps: vec![
                    Step {
                        id: "q".into(),
                        title: "Is <it> \"here\"?".into(),
                        html: "<p>Look <strong>here</strong>.</p>".into(),
                        choices: vec![choice("Yes & no", "done"), choice("No", "lost")],
                        ..Step::default()
                    },
                    leaf("done", End::Resolved),
                    leaf("lost", ticket),
                ],
                ..Flow::default()
            }],
        }
    }

    #[test]
    fn a_step_is_drawn_with_its_words_escaped_and_its_buttons_saying_what_they_do() {
        let (words, flows) = (words(), flows());
        let mut r = Runner::start(&flows, "f").unwrap();
        assert_eq!(
            step_html(&words, &flows, &TicketForm::default(), "en", &r),
            "<p class=\"kefu-progress\" id=\"kefu-flow-progress\">Step 1 of 2</p>\
             <progress aria-hidden=\"true\" max=\"2\" value=\"1\"></progress>\
             <h3 tabindex=\"-1\" aria-describedby=\"kefu-flow-progress\">Is &lt;it&gt; &quot;here&quot;?</h3>\
             <div class=\"kefu-article-body\"><p>Look <strong>here</strong>.</p></div>\
             <ul class=\"kefu-choices\" aria-label=\"Choose one\">\
             <li><button type=\"button\" data-do=\"choose 0\">Yes &amp; no</button></li>\
             <li><button type=\"button\" data-do=\"choose 1\">No</button></li></ul>"
        );
        assert!(r.choose(&flows, 0));
        let resolved = step_html(&words, &flows, &TicketForm::default(), "en", &r);
        assert!(resolved.contains("Step 2 of 2"), "{resolved}");
        assert!(
            resolved.ends_with(
                "<div class=\"kefu-ending\"><div class=\"kefu-ending-actions\"><p>Did this solve it?</p>\
                 <button type=\"button\" class=\"kefu-button\" data-do=\"act 0\">Yes, solved</button>\
                 <button type=\"button\" class=\"kefu-secondary\" data-do=\"act 1\">This didn't solve it</button></div></div>"
            ),
            "{resolved}"
        );
        r.restart();
        assert!(r.choose(&flows, 1));
        // A site without a ticket endpoint: a person, with the evidence to have at hand.
        let ticket = step_html(&words, &flows, &TicketForm::default(), "en", &r);
        assert!(
            ticket.ends_with(
                "<div class=\"kefu-ending\"><p>Please include: order</p><div class=\"kefu-ending-actions\">\
                 <button type=\"button\" class=\"kefu-button\" data-do=\"act 0\">See who can help now</button></div></div>"
            ),
            "{ticket}"
        );
    }

    #[test]
    fn the_answers_handed_over_are_escaped_too() {
        let (words, flows) = (words(), flows());
        let mut r = Runner::start(&flows, "f").unwrap();
        r.choose(&flows, 0);
        assert_eq!(
            answers_html(&words, &r.handover(&flows)),
            "<h4>Your answers</h4><p>From “A flow”</p><dl><dt>Is &lt;it&gt; &quot;here&quot;?</dt><dd>Yes &amp; no</dd></dl>"
        );
    }

    #[test]
    fn the_evidence_asked_for_is_named_by_the_forms_labels() {
        let words: Words =
            [("flow_evidence", "Please include: {items}"), ("field_attachments", "Attachments")].into_iter().collect();
        let form = TicketForm {
            fields: vec![Field {
                id: "order".into(),
                label: "Order number".into(),
                kind: FieldKind::Text,
                required: true,
                pattern: String::new(),
                hint: String::new(),
                options: vec![],
                when: None,
            }],
            ..TicketForm::default()
        };
        let ids = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            evidence_line(&words, &form, "en", &ids(&["order", "attachments", "account"])).as_deref(),
            Some("Please include: Order number, Attachments, account"),
        );
        assert_eq!(evidence_line(&words, &form, "en", &[]), None);
    }
}
