//! The contact view: the visitor says what it is about and how urgent it is (and, if they
//! like, how they would rather get in touch); every channel is ranked with the reason in
//! their words and their time, by the recommender the build's `kefu contact` runs; the
//! topic's checklist comes first. Choosing a channel opens it and tells the page
//! (`contact-chosen`). Reached from a flow, it shows the answers the visitor gave there,
//! and hands them on to the ticket form.

use crate::clock::{BrowserZones, now, visitor_zone};
use crate::host::Shared;
use crate::nav::View;
use kefu_model::contact::{Channel, Kind, Preference, Request, Urgency, recommend};
use kefu_model::describe::Describer;
use leptos::prelude::*;
use wasm_bindgen::{JsError, JsValue};

/// The contact view.
#[component]
pub fn Contact(
    /// What it is about, if known (a topic's id).
    topic: Option<String>,
    /// How urgent, if known.
    urgency: Option<Urgency>,
) -> impl IntoView {
    let shared = expect_context::<Shared>();
    let words = shared.words();
    let contact = &shared.data.contact;
    // The visitor need not say again what they answered in a flow.
    let answers = shared.nav.with_untracked(|nav| nav.handover().map(|h| super::flow::answers_html(words, h)));
    let answers = answers.unwrap_or_default();
    // The page's topic may name a contact topic or a category of one.
    let page_topic = shared.topic.with_untracked(|t| shared.data.topic(t).map(String::from));
    let topic = RwSignal::new(topic.or(page_topic).unwrap_or_default());
    let urgency = RwSignal::new(urgency.unwrap_or(Urgency::Normal));
    let prefer = RwSignal::new(None::<Preference>);
    let zones = StoredValue::new_local(BrowserZones::default());
    let zone = visitor_zone();
    let heading = NodeRef::<leptos::html::H3>::new();
    Effect::new(move |_| {
        shared.focus.track();
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
    });

    let choose = move |index: usize| {
        let channel = &contact.channels[index];
        shared.emit(
            "contact-chosen",
            &[
                ("channel", channel.id.as_str().into()),
                ("topic", topic.get_untracked().into()),
                ("urgency", urgency.get_untracked().name().into()),
            ],
        );
        if channel.is_launcher() {
            shared.open_chat(&channel.provider);
        } else if channel.kind == Kind::Ticket && shared.data.tickets.is_on() {
            // The ticket channel opens the form in the panel when the site takes tickets.
            let topic = topic.get_untracked();
            let view = View::Ticket {
                topic: (!topic.is_empty()).then_some(topic),
                urgency: Some(urgency.get_untracked()),
                // The flow's answers go on to the form (this view's own, as the stack keeps it).
                handover: shared.nav.with_untracked(|nav| nav.handover().cloned()),
            };
            shared.nav.update(|nav| nav.go(view));
        }
    };
    // Ranked when shown and whenever an answer changes; each time, now.
    let ranking = move || {
        let topic = topic.get();
        let request = Request {
            urgency: urgency.get(),
            topic: (!topic.is_empty()).then_some(topic.as_str()),
            prefer: prefer.get(),
            language: &shared.data.locale,
        };
        zones.with_value(|zones| {
            let ranking = recommend(contact, &request, now(), zones);
            let describer = Describer { words, offsets: zones, visitor_zone: &zone };
            let peak = describer.peak(contact, &ranking);
            let rows = ranking
                .channels
                .iter()
                .map(|r| {
                    let reason = describer.ranked(contact, r, request.urgency);
                    view! {
                        <li>
                            <ChannelAction channel=&contact.channels[r.channel] index=r.channel choose/>
                            <span class="kefu-reason">{reason}</span>
                        </li>
                    }
                })
                .collect_view();
            view! {
                {peak.map(|peak| view! { <p class="kefu-peak" role="note">{peak}</p> })}
                <h4>{words.t("contact_ranked")}</h4>
                <ol class="kefu-channels">{rows}</ol>
            }
        })
    };
    let prepare = move || {
        topic.with(|t| contact.topics.iter().find(|x| x.id == *t).map(|x| x.prepare.clone()).unwrap_or_default())
    };
    // Three questions, each a select: one kind of control (and of code).
    let topics: Vec<(String, String)> = contact
        .topics
        .iter()
        .map(|t| (t.id.clone(), t.label.clone()))
        .chain([(String::new(), words.t("contact_topic_any").to_string())])
        .collect();
    let urgencies = Urgency::ALL.map(|u| (u.name().to_string(), words.t(&format!("urgency_{}", u.name())).to_string()));
    let preferences = std::iter::once((String::new(), words.t("prefer_any").to_string()))
        .chain(Preference::ALL.map(|p| (p.name().to_string(), words.t(&format!("prefer_{}", p.name())).to_string())))
        .collect();

    view! {
        <div class="kefu-contact-view">
            <h3 tabindex="-1" node_ref=heading>{words.t("contact_title")}</h3>
            <div class="kefu-handover" hidden=answers.is_empty() inner_html=answers></div>
            <Choice label=words.t("contact_topic") options=topics value=Signal::derive(move || topic.get())
                set=Callback::new(move |v| topic.set(v))/>
            <Choice label=words.t("contact_urgency") options=urgencies.to_vec()
                value=Signal::derive(move || urgency.get().name().to_string())
                set=Callback::new(move |v: String| urgency.set(Urgency::named(&v).unwrap_or(Urgency::Normal)))/>
            <Choice label=words.t("contact_prefer") options=preferences
                value=Signal::derive(move || prefer.get().map_or(String::new(), |p| p.name().to_string()))
                set=Callback::new(move |v: String| prefer.set(Preference::named(&v)))/>
            <div class="kefu-prepare" hidden=move || prepare().is_empty()>
                <h4>{words.t("contact_prepare")}</h4>
                <ul>{move || prepare().into_iter().map(|item| view! { <li>{item}</li> }).collect_view()}</ul>
            </div>
            {ranking}
        </div>
    }
}

/// The contact page's live hours: every channel of the locale's widget data (`data`,
/// decompressed), ranked for a general question now, as `[{ id, open, text }]`, the text
/// its reason in the visitor's words and time.
pub fn statuses(data: &[u8]) -> Result<js_sys::Array, JsError> {
    let data = kefu_model::WidgetData::decode(data)?;
    let zones = BrowserZones::default();
    let zone = visitor_zone();
    let request = Request { urgency: Urgency::Normal, topic: None, prefer: None, language: &data.locale };
    let contact = &data.contact;
    let ranking = recommend(contact, &request, now(), &zones);
    let describer = Describer { words: &data.words, offsets: &zones, visitor_zone: &zone };
    Ok(ranking
        .channels
        .iter()
        .map(|r| {
            let channel = &contact.channels[r.channel];
            let status = js_sys::Object::new();
            let reason = describer.ranked(contact, r, Urgency::Normal);
            for (key, value) in
                [("id", JsValue::from_str(&channel.id)), ("open", r.status.open.into()), ("text", reason.into())]
            {
                let _ = js_sys::Reflect::set(&status, &key.into(), &value);
            }
            JsValue::from(status)
        })
        .collect())
}

/// A question answered by choosing one of `options`.
#[component]
fn Choice(
    /// The question.
    label: &'static str,
    /// (value, words) of each answer.
    options: Vec<(String, String)>,
    /// The answer chosen.
    value: Signal<String>,
    /// Sets it.
    set: Callback<String>,
) -> impl IntoView {
    view! {
        <label class="kefu-field">
            <span>{label}</span>
            <select on:change=move |ev| set.run(event_target_value(&ev)) prop:value=move || value.get()>
                {options.into_iter().map(|(v, words)| view! { <option value=v>{words}</option> }).collect_view()}
            </select>
        </label>
    }
}

/// What opens a channel: its link, a button for a chat provider's launcher, or what to
/// look for (a WeChat account has no link).
#[component]
fn ChannelAction(
    /// The channel.
    channel: &'static Channel,
    /// Its index in the contact data.
    index: usize,
    /// Tells the page, and opens a provider's chat.
    choose: impl Fn(usize) + Copy + 'static,
) -> impl IntoView {
    let shared = expect_context::<Shared>();
    let words = shared.words();
    let action = channel.action(words);
    let label = view! { <span class="kefu-title">{channel.label.clone()}</span> };
    if channel.is_launcher() || (channel.kind == Kind::Ticket && shared.data.tickets.is_on()) {
        view! {
            <button type="button" class="kefu-channel" on:click=move |_| choose(index)>
                {label}
                <span class="kefu-action">{action}</span>
            </button>
        }
        .into_any()
    } else if channel.href.is_empty() {
        view! {
            <span class="kefu-channel">
                {label}
                <span class="kefu-action">{action}</span>
            </span>
        }
        .into_any()
    } else {
        let href = channel.link(shared.site);
        view! {
            <a class="kefu-channel" href=href target="_top" rel="noopener" on:click=move |_| choose(index)>
                {label}
                <span class="kefu-action">{action}</span>
            </a>
        }
        .into_any()
    }
}

/// A link to the contact view (the contact page without the app, or in a new tab), for
/// `topic` when known.
#[component]
pub fn ContactLink(
    /// The topic to rank for.
    topic: Option<String>,
    /// What the link says.
    text: &'static str,
) -> impl IntoView {
    let shared = expect_context::<Shared>();
    let open = move |ev: web_sys::MouseEvent| {
        if super::plain_click(&ev) {
            ev.prevent_default();
            shared.nav.update(|nav| nav.go(View::Contact { topic: topic.clone(), urgency: None, handover: None }));
        }
    };
    view! { <a href=shared.contact_page() target="_top" on:click=open>{text}</a> }
}
