//! The panel: a header (back, title, close), the search box for the views that have it,
//! a status region for screen readers, and the current view.

use crate::components::split::{self, later};
use crate::components::{home::Home, results::Results, ticket::TicketSlot};
use crate::host::Shared;
use crate::nav::View;
use kefu_model::contact::Urgency;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};

/// Which component shows the current view: typing changes the query of the results view
/// without rendering it anew.
#[derive(Clone, PartialEq)]
enum Shown {
    /// Whether there is a walk to continue.
    Home(bool),
    Results,
    Article(String),
    // Whether a flow's answers come along: the view reads them from the stack.
    Contact(Option<String>, Option<Urgency>, bool),
    Ticket(Option<String>, Option<Urgency>, bool),
    Flow(String),
}

/// The widget's panel.
#[component]
pub fn Panel() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let words = shared.words();
    let nav = shared.nav;
    let panel = NodeRef::<leptos::html::Section>::new();
    let input = NodeRef::<leptos::html::Input>::new();
    let shown = Memo::new(move |_| {
        nav.with(|nav| match nav.current() {
            // Home offers to continue a walk: drawn anew when the walk goes (Kefu("reset")).
            View::Home => Shown::Home(shared.walk.with(Option::is_some)),
            View::Results { .. } => Shown::Results,
            View::Article { url } => Shown::Article(url.clone()),
            View::Contact { topic, urgency, handover } => Shown::Contact(topic.clone(), *urgency, handover.is_some()),
            View::Ticket { topic, urgency, handover } => Shown::Ticket(topic.clone(), *urgency, handover.is_some()),
            View::Flow { id } => Shown::Flow(id.clone()),
        })
    });
    let has_search_box = move || nav.with(|nav| nav.current().has_search_box());

    // Focus: the search box when the panel opens on it or a view with it comes back.
    let focus_box = move || {
        request_animation_frame(move || {
            if let Some(input) = input.get_untracked() {
                let _ = input.focus();
            }
        })
    };
    // On open (the loader asks for focus) with the search box shown, and on coming back
    // from an article: focus the search box. Home has nothing to announce.
    Effect::new(move |before: Option<(u32, Shown)>| {
        let now = (shared.focus.get(), shown.get());
        // Asked for since the last run, or before the first (the panel opened as it mounted).
        let opened = before.as_ref().map_or(now.0 > 0, |(asked, _)| *asked != now.0);
        let away = |shown: &Shown| !matches!(shown, Shown::Home(_) | Shown::Results);
        let returned = before.as_ref().is_some_and(|(_, b)| away(b)) && !away(&now.1);
        if (opened || returned) && !away(&now.1) {
            focus_box();
        }
        if matches!(now.1, Shown::Home(_)) {
            shared.status.set(String::new());
        }
        now
    });

    let back = move |_| {
        nav.update(|nav| {
            nav.back();
        })
    };
    let on_keydown = move |ev: KeyboardEvent| {
        let key = ev.key();
        if (key == "ArrowDown" || key == "ArrowUp")
            && has_search_box()
            && let Some(panel) = panel.get()
        {
            ev.prevent_default();
            move_focus(&panel, ev.target(), key == "ArrowDown");
        }
    };

    view! {
        <section class="kefu-panel" on:keydown=on_keydown node_ref=panel>
            <div class="kefu-header">
                <button type="button" class="kefu-back" hidden=move || nav.with(|nav| !nav.can_go_back()) on:click=back>
                    <span aria-hidden="true" class="kefu-arrow">"←"</span>
                    {words.t("back")}
                </button>
                <h2 id="kefu-title">{words.t("widget_title")}</h2>
                <button type="button" class="kefu-close" aria-label=words.t("close") on:click=move |_| shared.close()>
                    "×"
                </button>
            </div>
            <form
                class="kefu-search"
                role="search"
                aria-label=words.t("widget_search")
                hidden=move || !has_search_box()
                on:submit=|ev| ev.prevent_default()
            >
                    <label for="kefu-q" class="kefu-visually-hidden">{words.t("widget_search")}</label>
                    <input
                        id="kefu-q"
                        type="search"
                        autocomplete="off"
                        node_ref=input
                        placeholder=words.t("widget_placeholder")
                        prop:value=move || nav.with(|nav| nav.query().to_string())
                        on:input=move |ev| {
                            let typed = event_target_value(&ev);
                            nav.update(|nav| nav.search(&typed));
                        }
                    />
            </form>
            <p class="kefu-status" role="status" aria-live="polite">{move || shared.status.get()}</p>
            {move || match shown.get() {
                Shown::Home(_) => view! { <Home/> }.into_any(),
                Shown::Results => view! { <Results/> }.into_any(),
                Shown::Article(url) => later("article", split::article(url.clone()), url, words.t("open_page")).into_any(),
                Shown::Contact(topic, urgency, _) => {
                    later("contact", split::contact(topic, urgency), shared.contact_page(), words.t("contact_failed")).into_any()
                }
                Shown::Ticket(topic, urgency, _) => view! { <TicketSlot topic urgency/> }.into_any(),
                Shown::Flow(id) => {
                    let page = shared.data.flows.flow(&id).map_or_else(|| shared.contact_page(), |f| shared.url(&f.url));
                    later("flow", split::flow(id), page, words.t("flow_failed")).into_any()
                }
            }}
        </section>
    }
}

/// Moves focus through the search box and the result links: down from the box to the
/// first result, up from the first result back to the box.
fn move_focus(panel: &HtmlElement, from: Option<web_sys::EventTarget>, down: bool) {
    let Ok(nodes) = panel.query_selector_all("input[type=search], .kefu-results a") else { return };
    let items: Vec<HtmlElement> = (0..nodes.length()).filter_map(|i| nodes.item(i)?.dyn_into().ok()).collect();
    let from: Option<web_sys::Node> = from.and_then(|t| t.dyn_into().ok());
    let current = items.iter().position(|item| from.as_ref().is_some_and(|f| item.contains(Some(f))));
    let next = match (current, down) {
        (Some(i), true) => (i + 1).min(items.len() - 1),
        (Some(i), false) => i.saturating_sub(1),
        (None, _) => 0,
    };
    if let Some(item) = items.get(next) {
        let _ = item.focus();
    }
}
