//! The ticket view: the form (prefilled with what the visitor already said, checked by the
//! model's rules, problems tied to their fields), then where the ticket is (queued, sent,
//! waiting, refused with the text kept), and the visitor's own tickets on this device.

use crate::deflect::{Searcher, Suggestion};
use crate::outbox::{self, Record};
use js_sys::Reflect;
use kefu_model::clarity::{self, Cues, Specific, worth_searching};
use kefu_model::endpoint::{Endpoint, FlowTrail, Ticket, resolve};
use kefu_model::outbox::{Entry, State};
use kefu_model::ticket::{Field, FieldKind, Problem, TicketForm, Values, ticked};
use kefu_model::{WidgetData, Words};
use leptos::prelude::*;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};

/// What the visitor already said, and where they are.
#[derive(Clone, Default)]
pub struct Context {
    /// The contact topic.
    pub topic: String,
    /// How urgent they said it is.
    pub urgency: String,
    /// Fields from `Kefu("prefill")`, `Kefu("identify")` and the views before.
    pub fields: Values,
    /// The page the panel is on.
    pub page: String,
    /// The help center's absolute URL.
    pub site: String,
    /// The search engine over the locale's articles, for deflection.
    pub searcher: Option<Searcher>,
    /// Whether the form takes the focus when it shows (in the panel, yes; on a page that
    /// did not ask for it, no).
    pub focus: bool,
    /// The self-help flow that led here, if one did.
    pub flow: Option<FlowContext>,
}

/// What a self-help flow hands over: the way the visitor took and what to ask for.
#[derive(Clone, Default)]
pub struct FlowContext {
    /// The flow's title, shown above the form.
    pub title: String,
    /// The trail sent with the ticket.
    pub trail: FlowTrail,
    /// The fields the flow asks for (its evidence): required here.
    pub evidence: Vec<String>,
}

/// A string property of a JS object, or empty.
fn text_of(value: &JsValue, key: &str) -> String {
    Reflect::get(value, &key.into()).ok().and_then(|v| v.as_string()).unwrap_or_default()
}

/// A JS object's string properties (numbers written as JS writes them).
fn values_of(value: &JsValue) -> Values {
    let mut fields = Values::new();
    if let Some(given) = value.dyn_ref::<js_sys::Object>() {
        for pair in js_sys::Object::entries(given).iter() {
            let pair = js_sys::Array::from(&pair);
            let value = pair.get(1);
            // Numbers too: an order number given as 10023 (written by JS: Rust's float
            // formatting would add kilobytes to the module).
            let value = value.as_string().or_else(|| {
                value.as_f64().map(|_| {
                    String::from(js_sys::Number::from(value.clone()).to_string_with_radix(10).unwrap_or_default())
                })
            });
            if let (Some(key), Some(value)) = (pair.get(0).as_string(), value) {
                fields.insert(key, value);
            }
        }
    }
    fields
}

impl Context {
    /// Reads `{ topic, urgency, fields, page, searcher, focus, flow }`, where `flow` is
    /// `{ id, title, path, answers, evidence }`.
    pub fn read(value: &JsValue, site: String) -> Context {
        let fields = Reflect::get(value, &"fields".into()).map(|f| values_of(&f)).unwrap_or_default();
        let searcher =
            Reflect::get(value, &"searcher".into()).ok().filter(JsValue::is_object).map(JsCast::unchecked_into);
        let focus = Reflect::get(value, &"focus".into()).ok().and_then(|f| f.as_bool()).unwrap_or(true);
        let flow = Reflect::get(value, &"flow".into()).ok().filter(JsValue::is_object).map(|flow| {
            let evidence = Reflect::get(&flow, &"evidence".into()).map(|e| js_sys::Array::from(&e)).unwrap_or_default();
            FlowContext {
                title: text_of(&flow, "title"),
                trail: FlowTrail {
                    id: text_of(&flow, "id"),
                    path: text_of(&flow, "path"),
                    answers: Reflect::get(&flow, &"answers".into()).map(|a| values_of(&a)).unwrap_or_default(),
                },
                evidence: evidence.iter().filter_map(|e| e.as_string()).collect(),
            }
        });
        let text = |key: &str| text_of(value, key);
        Context {
            topic: text("topic"),
            urgency: text("urgency"),
            fields,
            page: text("page"),
            site,
            searcher,
            focus,
            flow,
        }
    }
}

/// What the view shows below its heading.
#[derive(Clone, PartialEq)]
enum Stage {
    /// The form, being filled in.
    Writing,
    /// The ticket with this key, sent or on its way.
    Sent(String),
}

/// The ticket view.
#[component]
pub fn TicketView(
    /// The locale's widget data.
    data: &'static WidgetData,
    /// What the visitor already said.
    context: Context,
) -> impl IntoView {
    let words = &data.words;
    let form = &data.tickets;
    let Some(endpoint) = form.endpoint.clone() else {
        return view! { <p class="kefu-ticket-off">{words.t("ticket_off")}</p> }.into_any();
    };
    let endpoint = Endpoint { url: resolve(&endpoint.url, &context.site), ..endpoint };
    let mut start = context.fields.clone();
    if !context.topic.is_empty() {
        start.insert("topic".into(), context.topic.clone());
    }
    // What a flow's answers say about the form's own fields (a select's value, say).
    let flow = context.flow.clone();
    if let Some(flow) = &flow {
        for (id, value) in &flow.trail.answers {
            if form.field(id).is_some() {
                start.entry(id.clone()).or_insert_with(|| value.clone());
            }
        }
    }
    // The fields the flow asks for are required here, whatever the form says elsewhere.
    let evidence = StoredValue::new(flow.as_ref().map(|f| f.evidence.clone()).unwrap_or_default());
    // A draft kept from before (the visitor read an article, or the page changed) wins.
    start.extend(load_draft());
    let values = RwSignal::new(start);
    Effect::new(move |_| values.with(save_draft));
    let problems = RwSignal::new(Vec::<(String, Problem)>::new());
    let status = RwSignal::new(String::new());
    let stage = RwSignal::new(Stage::Writing);
    let entries = RwSignal::new(Vec::<Entry>::new());
    let honeypot = RwSignal::new(String::new());
    // The files attached (browser objects: kept on this thread) and why others were not.
    let files = RwSignal::new_local(Vec::<web_sys::File>::new());
    let file_problems = RwSignal::new(Vec::<String>::new());
    let busy = RwSignal::new(false);
    // A refused ticket being edited: its key, replaced when sent again.
    let editing = RwSignal::new(None::<String>);
    // The reference of a sent ticket this one follows up ("still not solved?").
    let refers_to = RwSignal::new(String::new());
    let contact_page = resolve(&format!("{}contact/", data.home), &context.site);
    let shown_at = outbox::now();
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let heading = NodeRef::<leptos::html::H3>::new();

    outbox::listen(Some(Rc::new(move |list: &[Entry]| entries.set(list.to_vec()))));
    on_cleanup(|| outbox::listen(None));
    if context.focus {
        request_animation_frame(move || {
            if let Some(h) = heading.get_untracked() {
                let _ = h.focus();
            }
        });
    }

    let context = StoredValue::new_local(context);
    let cues = Cues { when: words.t("clarity_when_words"), expected: words.t("clarity_expected_words") };
    // What the "describe it clearly" note asked for; once shown, the next press sends.
    let asked = RwSignal::new(Vec::<Specific>::new());
    let suggestions = RwSignal::new(Vec::<Suggestion>::new());
    let deflected = RwSignal::new(false);
    let typed = StoredValue::new(0u32);
    Effect::new(move |_| {
        let field = |v: &Values, id: &str| v.get(id).cloned().unwrap_or_default();
        let text = values.with(|v| format!("{} {}", field(v, "subject"), field(v, "description")));
        let Some(searcher) = context.with_value(|c| c.searcher.clone()) else { return };
        // Only the last text typed is searched, once typing pauses.
        let n = typed.get_value().wrapping_add(1);
        typed.set_value(n);
        if !worth_searching(&text) {
            suggestions.set(vec![]);
            return;
        }
        set_timeout(
            move || {
                if typed.get_value() != n {
                    return;
                }
                leptos::task::spawn_local(async move {
                    let found = crate::deflect::suggestions(&searcher, text.trim()).await;
                    if typed.get_value() == n {
                        suggestions.set(found);
                    }
                });
            },
            std::time::Duration::from_millis(400),
        );
    });
    let endpoint = StoredValue::new(endpoint);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return; // one ticket per press, however often it is pressed
        }
        let mut found = values.with_untracked(|v| form.problems(v, &matches));
        values.with_untracked(|v| {
            for field in form.shown(v).filter(|f| !f.required && evidence.with_value(|e| e.contains(&f.id))) {
                if v.get(&field.id).is_none_or(|x| x.trim().is_empty()) {
                    found.push((field.id.clone(), Problem::Missing));
                }
            }
        });
        let count = found.len();
        problems.set(found);
        if count > 0 {
            status.set(words.count("ticket_problems", count));
            focus_first_problem(form_ref);
            return;
        }
        if asked.with_untracked(Vec::is_empty) {
            let field = |v: &Values, id: &str| v.get(id).cloned().unwrap_or_default();
            let missing = values.with_untracked(|v| {
                clarity::missing(&form.clarity, &field(v, "topic"), &field(v, "description"), &field(v, "order"), &cues)
            });
            if !missing.is_empty() {
                let items: Vec<&str> = missing.iter().map(|s| words.t(clarity_key(*s))).collect();
                status.set(format!("{} {}", words.t("clarity_prompt"), items.join("; ")));
                asked.set(missing);
                return;
            }
        }
        if outbox::now() - shown_at < i64::from(form.min_seconds) * 1000 {
            status.set(words.t("ticket_too_fast").to_string());
            return;
        }
        if !honeypot.get_untracked().is_empty() {
            stage.set(Stage::Sent(String::new())); // a bot: it learns nothing
            return;
        }
        busy.set(true);
        let mut ticket = context.with_value(|c| new_ticket(form, c, &values.get_untracked(), &data.locale));
        let attached = files.get_untracked();
        ticket.files = attached.iter().map(web_sys::File::name).collect();
        ticket.refers_to = refers_to.get_untracked();
        let key = ticket.key.clone();
        let attached: js_sys::Array = attached.iter().collect();
        let record =
            Record { entry: Entry::new(ticket, outbox::now()), endpoint: endpoint.get_value(), files: attached };
        leptos::task::spawn_local(async move {
            let old = editing.get_untracked();
            let stored = match old {
                Some(old) => outbox::resend(&old, record).await,
                None => outbox::add(record).await,
            };
            busy.set(false);
            match stored {
                Ok(()) => {
                    editing.set(None);
                    asked.set(vec![]);
                    refers_to.set(String::new());
                    clear_draft();
                    files.set(vec![]);
                    file_problems.set(vec![]);
                    stage.set(Stage::Sent(key));
                }
                Err(problem) => status.set(problem),
            }
        });
    };
    // The refused ticket's text back in the form, to correct and send again.
    let edit = move |entry: Entry| {
        values.set(entry.ticket.fields.clone());
        editing.set(Some(entry.ticket.key.clone()));
        problems.set(vec![]);
        status.set(String::new());
        stage.set(Stage::Writing);
    };

    let fields = form
        .fields
        .iter()
        .map(|field| {
            let required = field.required || evidence.with_value(|e| e.contains(&field.id));
            view! { <FieldRow form field required values problems words/> }
        })
        .collect_view();
    // Where the visitor came from: the flow's questions and their answers, and what it asks for.
    let handover = flow.map(|flow| {
        let asked = kefu_model::flow::evidence_line(words, form, &data.locale, &flow.evidence);
        let lines: Vec<String> = flow.trail.path.lines().map(str::to_string).collect();
        view! {
            <section class="kefu-flow-handover" aria-labelledby="kefu-flow-from">
                <h4 id="kefu-flow-from">{words.t("flow_from").replace("{title}", &flow.title)}</h4>
                <ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                {asked.map(|line| view! { <p>{line}</p> })}
            </section>
        }
    });
    let attachments = form.attachments.as_ref().map(|limits| {
        let on_change = move |ev: leptos::ev::Event| {
            let input: web_sys::HtmlInputElement = event_target(&ev);
            let list = input.files();
            let picked: Vec<web_sys::File> =
                list.map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect()).unwrap_or_default();
            input.set_value(""); // the same file may be picked again after it is removed
            let already = files.with_untracked(Vec::len);
            leptos::task::spawn_local(async move {
                let result = crate::files::pick(limits, words, already, picked).await;
                files.update(|f| f.extend(result.taken));
                file_problems.set(result.refused);
            });
        };
        let list = move || {
            files.with(|list| {
                list.iter()
                    .enumerate()
                    .map(|(i, file)| {
                        let name = file.name();
                        let remove = words.t("ticket_file_remove").replace("{file}", &name);
                        let size = kefu_model::ticket::size_words(file.size() as u64);
                        view! {
                            <li>
                                <span>{name}" ("{size}")"</span>
                                <button type="button" class="kefu-link-button" aria-label=remove
                                    on:click=move |_| files.update(|f| drop(f.remove(i)))>"×"</button>
                            </li>
                        }
                    })
                    .collect_view()
            })
        };
        view! {
            <div class="kefu-field kefu-files">
                <label for="kefu-field-attachments">{words.t("field_attachments")}</label>
                <input type="file" id="kefu-field-attachments" multiple accept=limits.accept()
                    aria-describedby="kefu-field-attachments-hint kefu-field-attachments-error" on:change=on_change/>
                <p class="kefu-hint" id="kefu-field-attachments-hint">{crate::files::hint(limits, words)}</p>
                <ul class="kefu-file-list">{list}</ul>
                <div class="kefu-error" id="kefu-field-attachments-error" role="alert">
                    {move || file_problems.get().into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
                </div>
            </div>
        }
    });
    // The topic's checklist, ticked off as the fields it names are filled.
    let checklist = move || {
        let topic = values.with(|v| v.get("topic").cloned().unwrap_or_default());
        let items = data.contact.topics.iter().find(|t| t.id == topic).map(|t| t.prepare.clone()).unwrap_or_default();
        let ticks = values.with(|v| ticked(form, &items, v));
        (!items.is_empty()).then(|| {
            let rows = items.into_iter().zip(ticks).map(|(item, done)| {
                view! {
                    <li class:kefu-done=done>
                        <span class="kefu-tick" aria-hidden="true">{if done { "✓" } else { "○" }}</span>
                        {item}
                        {done.then(|| view! { <span class="kefu-visually-hidden">{words.t("ticket_ready")}</span> })}
                    </li>
                }
            });
            view! {
                <div class="kefu-checklist">
                    <h4>{words.t("contact_prepare")}</h4>
                    <ul>{rows.collect_view()}</ul>
                </div>
            }
        })
    };
    // The references of the tickets rated: this view is drawn anew as the outbox changes.
    let rated = RwSignal::new(Vec::<String>::new());
    let sent_view = move || {
        let Stage::Sent(key) = stage.get() else { return None };
        let entry = entries.with(|list| list.iter().find(|e| e.ticket.key == key).cloned());
        let text =
            entry.as_ref().map_or_else(|| words.t("ticket_sent").replace("{reference}", ""), |e| state_text(words, e));
        let csat = entry.as_ref().filter(|e| e.state == State::Sent && form.feedback.is_some()).map(|e| {
            let reference = e.shown_reference().to_string();
            view! { <Satisfaction reference rated locale=&data.locale words feedback=form.feedback.as_deref().unwrap_or_default() site=context.with_value(|c| c.site.clone())/> }
        });
        let refused = entry.filter(|e| e.state == State::Refused);
        Some(view! {
            <div class="kefu-ticket-state">
                <p role="status">{text}</p>
                {csat}
                {refused.map(|e| view! {
                    <button type="button" class="kefu-button" on:click=move |_| edit(e.clone())>{words.t("ticket_edit")}</button>
                })}
                <button type="button" class="kefu-link-button" on:click=move |_| {
                    values.set(Values::new());
                    files.set(vec![]);
                    stage.set(Stage::Writing);
                }>{words.t("ticket_another")}</button>
            </div>
        })
    };
    // "Still not solved?" on a sent ticket: a new one that refers to it, with what the
    // visitor said then, and the way to a supervisor or another channel (the article's advice).
    let follow_up = move |entry: Entry| {
        let reference = entry.shown_reference().to_string();
        let mut again = entry.ticket.fields.clone();
        again.remove("description");
        let subject = again.get("subject").cloned().unwrap_or_default();
        let subject =
            words.t("ticket_follow_subject").replace("{reference}", &reference).replace("{subject}", &subject);
        again.insert("subject".into(), subject.trim().to_string());
        values.set(again);
        refers_to.set(reference);
        editing.set(None);
        asked.set(vec![]);
        status.set(String::new());
        stage.set(Stage::Writing);
        request_animation_frame(move || {
            if let Some(form) = form_ref.get_untracked()
                && let Ok(Some(box_)) = form.query_selector("#kefu-field-description")
                && let Ok(box_) = box_.dyn_into::<web_sys::HtmlElement>()
            {
                let _ = box_.focus();
            }
        });
    };
    let history = move || {
        let list: Vec<Entry> = entries.get().into_iter().filter(|e| !e.ticket.feedback).collect();
        (!list.is_empty()).then(|| {
            let rows = list
                .into_iter()
                .rev()
                .map(|e| {
                    let about = e.ticket.fields.get("subject").or_else(|| e.ticket.fields.get("description"));
                    let about: String = about.map(|s| s.chars().take(60).collect()).unwrap_or_default();
                    let state = words.t(&format!("ticket_state_{}", state_name(e.state))).to_string();
                    let reference = e.shown_reference().to_string();
                    let sent = e.state == State::Sent;
                    view! {
                        <li>
                            <span class="kefu-title">{reference}</span>" "
                            <span>{about}</span>" "
                            <span class="kefu-reason">{state}</span>
                            {sent.then(|| view! {
                                <button type="button" class="kefu-link-button" on:click=move |_| follow_up(e.clone())>
                                    {words.t("ticket_follow_up")}
                                </button>
                            })}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="kefu-ticket-history" aria-labelledby="kefu-ticket-history">
                    <h4 id="kefu-ticket-history">{words.t("ticket_history")}</h4>
                    <ul>{rows}</ul>
                </section>
            }
        })
    };

    view! {
        <div class="kefu-ticket">
            <h3 tabindex="-1" node_ref=heading>{words.t("ticket_title")}</h3>
            {sent_view}
            <form class="kefu-ticket-form" novalidate node_ref=form_ref on:submit=submit
                hidden=move || stage.with(|s| *s != Stage::Writing)>
                <div class="kefu-escalate" role="note" hidden=move || refers_to.with(String::is_empty)>
                    <p>{move || words.t("ticket_escalate_note").replace("{reference}", &refers_to.get())}</p>
                    <a href=contact_page target="_top">{words.t("ticket_escalate_other")}</a>
                </div>
                {handover}
                {checklist}
                {fields}
                {move || {
                    let list = suggestions.get();
                    (!list.is_empty()).then(|| view! {
                        <section class="kefu-deflect" aria-labelledby="kefu-deflect-title">
                            <h4 id="kefu-deflect-title">{words.t("ticket_deflect_title")}</h4>
                            <ul>{list.into_iter().map(|s| {
                                let url = s.url.clone();
                                let answered = move |_| {
                                    let query = values.with_untracked(|v| v.get("description").cloned().unwrap_or_default());
                                    outbox::tell("ticket-deflected", &[("url", url.as_str().into()), ("query", query.into())]);
                                    deflected.set(true);
                                };
                                view! {
                                    <li>
                                        <a href=s.url target="_blank" rel="noopener">{s.title}</a>
                                        <button type="button" class="kefu-link-button" on:click=answered>{words.t("ticket_deflect_answered")}</button>
                                    </li>
                                }
                            }).collect_view()}</ul>
                            <p role="status">{move || deflected.get().then(|| words.t("ticket_deflect_thanks"))}</p>
                        </section>
                    })
                }}
                {attachments}
                // Bots fill every field; people never see this one.
                <div hidden>
                    <label>"Website"<input type="text" name="website" tabindex="-1" autocomplete="off"
                        on:input=move |ev| honeypot.set(event_target_value(&ev))/></label>
                </div>
                <div class="kefu-clarity" role="note" hidden=move || asked.with(Vec::is_empty)>
                    <p>{words.t("clarity_prompt")}</p>
                    <ul>{move || asked.get().into_iter().map(|s| view! { <li>{words.t(clarity_key(s))}</li> }).collect_view()}</ul>
                </div>
                <p class="kefu-ticket-status" role="status">{move || status.get()}</p>
                <button type="submit" class="kefu-button" aria-disabled=move || busy.get().then_some("true")>
                    {move || {
                        let key = match (busy.get(), asked.with(Vec::is_empty)) {
                            (true, _) => "ticket_sending",
                            (false, false) => "ticket_send_anyway",
                            (false, true) => "ticket_send",
                        };
                        words.t(key)
                    }}
                </button>
            </form>
            {history}
        </div>
    }
    .into_any()
}

/// "How was writing to us?" after a ticket is sent: five answers, one press, sent as
/// feedback through the outbox (CSAT).
#[component]
fn Satisfaction(
    reference: String,
    rated: RwSignal<Vec<String>>,
    locale: &'static str,
    words: &'static Words,
    feedback: &'static str,
    site: String,
) -> impl IntoView {
    let mine = reference.clone();
    let given = move || rated.with(|r| r.contains(&mine));
    let endpoint = StoredValue::new(Endpoint::for_feedback(resolve(feedback, &site)));
    let reference = StoredValue::new(reference);
    let rate = move |score: u8| {
        if rated.with_untracked(|r| r.contains(&reference.get_value())) {
            return;
        }
        rated.update(|r| r.push(reference.get_value()));
        let score = score.to_string();
        let mut ticket = Ticket::feedback(random(), outbox::now(), "csat", &[("score", &score)]);
        ticket.refers_to = reference.get_value();
        ticket.locale = locale.to_string();
        ticket.page = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
        outbox::tell(
            "feedback",
            &[("kind", "csat".into()), ("score", score.as_str().into()), ("reference", reference.get_value().into())],
        );
        let record = Record {
            entry: Entry::new(ticket, outbox::now()),
            endpoint: endpoint.get_value(),
            files: Default::default(),
        };
        leptos::task::spawn_local(async move {
            let _ = outbox::add(record).await;
        });
    };
    view! {
        <div class="kefu-csat" role="group" aria-labelledby="kefu-csat-q" hidden=given.clone()>
            <p id="kefu-csat-q">{words.t("csat_question")}</p>
            {(1..=5u8).map(|score| view! {
                <button type="button" class="kefu-csat-answer" on:click=move |_| rate(score)>{words.t(CSAT_WORDS[usize::from(score) - 1])}</button>
            }).collect_view()}
        </div>
        <p class="kefu-csat-thanks" role="status">{move || given().then(|| words.t("csat_thanks"))}</p>
    }
}

/// The words of the five answers, worst first.
const CSAT_WORDS: [&str; 5] = ["csat_1", "csat_2", "csat_3", "csat_4", "csat_5"];

/// One field: its label, its control, its hint and its problem, tied together for screen
/// readers. Conditional fields are always there, hidden until their condition holds.
#[component]
fn FieldRow(
    form: &'static TicketForm,
    field: &'static Field,
    /// Whether it must be filled in: the form says so, or a flow asks for it.
    required: bool,
    values: RwSignal<Values>,
    problems: RwSignal<Vec<(String, Problem)>>,
    words: &'static Words,
) -> impl IntoView {
    let id = format!("kefu-field-{}", field.id);
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = if field.hint.is_empty() { error_id.clone() } else { format!("{hint_id} {error_id}") };
    let value = move || values.with(|v| v.get(&field.id).cloned().unwrap_or_default());
    let set = move |v: String| {
        values.update(|values| {
            values.insert(field.id.clone(), v);
        });
        // A problem goes as soon as it is mended.
        problems.update(|p| p.retain(|(f, _)| *f != field.id));
    };
    let problem = move || problems.with(|p| p.iter().find(|(f, _)| *f == field.id).map(|(_, p)| *p));
    let invalid = move || problem().map(|_| "true");
    let control = match field.kind {
        FieldKind::Textarea => view! {
            <textarea id=id.clone() rows="5" required=required aria-invalid=invalid aria-describedby=described.clone()
                prop:value=value on:input=move |ev| set(event_target_value(&ev))></textarea>
        }
        .into_any(),
        FieldKind::Select => {
            let options = field.options.iter().map(|(v, label)| view! { <option value=v.clone()>{label.clone()}</option> });
            view! {
                <select id=id.clone() required=required aria-invalid=invalid aria-describedby=described.clone()
                    prop:value=value on:change=move |ev| set(event_target_value(&ev))>
                    <option value="">{words.t("ticket_choose")}</option>
                    {options.collect_view()}
                </select>
            }
            .into_any()
        }
        FieldKind::Checkbox => view! {
            <input type="checkbox" id=id.clone() required=required aria-invalid=invalid aria-describedby=described.clone()
                prop:checked=move || value() == "true"
                on:change=move |ev| set(if event_target_checked(&ev) { "true".into() } else { String::new() })/>
        }
        .into_any(),
        kind => view! {
            <input type=kind.name() id=id.clone() required=required aria-invalid=invalid aria-describedby=described.clone()
                autocomplete=autocomplete(&field.id) prop:value=value on:input=move |ev| set(event_target_value(&ev))/>
        }
        .into_any(),
    };
    view! {
        <div class="kefu-field" class:kefu-check=field.kind == FieldKind::Checkbox
            hidden=move || values.with(|v| !form.shows(field, v))>
            <label for=id>
                {field.label.clone()}
                {required.then(|| view! { <span class="kefu-required">" ("{words.t("ticket_required")}")"</span> })}
            </label>
            {control}
            {(!field.hint.is_empty()).then(|| view! { <p class="kefu-hint" id=hint_id>{field.hint.clone()}</p> })}
            <p class="kefu-error" id=error_id>{move || problem().map(|p| words.t(&p.words_key(field.kind)).to_string())}</p>
        </div>
    }
}

/// A field's pattern, run by the browser's RegExp as HTML's `pattern` is: the whole value,
/// with the `v` flag (the build refuses what that flag cannot read).
fn matches(pattern: &str, value: &str) -> bool {
    js_sys::RegExp::new(&format!("^(?:{pattern})$"), "v").test(value)
}

fn focus_first_problem(form: NodeRef<leptos::html::Form>) {
    request_animation_frame(move || {
        let first = form.get_untracked().and_then(|f| f.query_selector("[aria-invalid=true]").ok().flatten());
        if let Some(first) = first.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = first.focus();
        }
    });
}

/// 16 bytes from the browser's cryptographic generator, for a key.
pub fn random() -> [u8; 16] {
    let mut random = [0u8; 16];
    if let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut random);
    }
    random
}

fn new_ticket(form: &TicketForm, context: &Context, values: &Values, locale: &str) -> Ticket {
    let mut ticket = Ticket::new(random(), outbox::now());
    ticket.fields = form.kept(values);
    ticket.locale = locale.to_string();
    ticket.page = context.page.clone();
    ticket.topic = ticket.fields.get("topic").cloned().unwrap_or_else(|| context.topic.clone());
    ticket.urgency = context.urgency.clone();
    ticket.flow = context.flow.as_ref().map(|f| f.trail.clone());
    ticket
}

/// The words of a specific a clear description says.
fn clarity_key(specific: Specific) -> &'static str {
    match specific {
        Specific::Details => "clarity_details",
        Specific::Order => "clarity_order",
        Specific::When => "clarity_when",
        Specific::Expected => "clarity_expected",
    }
}

/// The draft of this tab (sessionStorage): kept while the visitor reads an article or
/// moves to another page, gone once the ticket is stored in the outbox.
const DRAFT: &str = "kefu-ticket-draft";

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

fn load_draft() -> Values {
    let draft = session().and_then(|s| s.get_item(DRAFT).ok().flatten());
    draft.and_then(|d| serde_json::from_str(&d).ok()).unwrap_or_default()
}

fn save_draft(values: &Values) {
    if let (Some(session), Ok(text)) = (session(), serde_json::to_string(values)) {
        let _ = session.set_item(DRAFT, &text);
    }
}

fn clear_draft() {
    if let Some(session) = session() {
        let _ = session.remove_item(DRAFT);
    }
}

fn autocomplete(id: &str) -> &'static str {
    match id {
        "name" => "name",
        "email" => "email",
        _ => "off",
    }
}

fn state_name(state: State) -> &'static str {
    match state {
        State::Queued => "queued",
        State::Sending => "sending",
        State::Sent => "sent",
        State::Refused => "refused",
    }
}

/// Where the ticket is, in the visitor's words.
fn state_text(words: &Words, entry: &Entry) -> String {
    let reference = entry.shown_reference();
    let why = |status: u16| match status {
        0 => words.t("ticket_why_network").to_string(),
        429 | 503 => words.t("ticket_why_busy").to_string(),
        s => words.t("ticket_why_status").replace("{status}", &s.to_string()),
    };
    match (entry.state, &entry.failure) {
        (State::Sent, _) => words.t("ticket_sent").replace("{reference}", reference),
        (State::Refused, failure) => {
            let (status, said) = failure.clone().unwrap_or_default();
            let why = if said.is_empty() { why(status) } else { said };
            words.t("ticket_refused").replace("{why}", &why)
        }
        (_, Some((status, _))) => words.t("ticket_waiting").replace("{why}", &why(*status)),
        (_, None) => words.t("ticket_queued").replace("{reference}", reference),
    }
}
