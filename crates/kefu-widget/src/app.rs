//! The panel: a header with a close button, a search box and the matching articles.

use crate::i18n::Labels;
use crate::reader;
use crate::search::{Searcher, Snippet, contact_page, use_search};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{CustomEvent, HtmlElement, KeyboardEvent};

/// What the loader told the app.
pub struct Config {
    /// `search.js`'s searcher of the visitor's locale.
    pub searcher: Searcher,
    /// The widget's words in the visitor's locale.
    pub labels: &'static Labels,
    /// A search whose results are suggested before the visitor types.
    pub suggest: String,
}

/// The widget's panel.
#[component]
pub fn Panel(
    /// Settings from the loader.
    config: Config,
    /// The container the loader owns; `kefu:close` is dispatched on it.
    host: HtmlElement,
) -> impl IntoView {
    let Config { searcher, labels, suggest } = config;
    let panel = NodeRef::<leptos::html::Section>::new();
    let (query, set_query) = signal(String::new());
    let search = use_search(searcher.clone(), labels, query.into());
    let (suggestion, set_suggestion) = signal(suggest);
    let suggested = use_search(searcher.clone(), labels, suggestion.into());
    let contact = contact_page(&searcher);
    let on_suggest = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
        if let Some(text) = ev.dyn_ref::<CustomEvent>().and_then(|e| e.detail().as_string()) {
            set_suggestion.set(text);
        }
    });
    let _ = host.add_event_listener_with_callback(crate::SUGGEST_EVENT, on_suggest.as_ref().unchecked_ref());
    // The listener lives as long as the page: the widget is never unmounted.
    on_suggest.forget();
    let typing = move || !query.with(|q| q.trim().is_empty());
    let reading = RwSignal::new(None::<reader::Article>);
    let open_article = move |ev: web_sys::MouseEvent, url: String| {
        // Modified clicks keep their usual meaning: a new tab, a new window.
        if ev.button() != 0 || ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key() {
            return;
        }
        ev.prevent_default();
        leptos::task::spawn_local(async move {
            match reader::load(&url).await {
                Ok(article) => reading.set(Some(article)),
                Err(err) => {
                    leptos::logging::warn!("kefu: showing {url} in the panel failed ({err}); opening it instead");
                    if let Some(window) = web_sys::window() {
                        let _ = window.location().set_href(&url);
                    }
                }
            }
        });
    };
    let back = Callback::new(move |()| {
        reading.set(None);
        // The results are shown again on the next frame; focus them then.
        request_animation_frame(move || {
            if let Some(panel) = panel.get_untracked() {
                move_focus(&panel, None, true);
            }
        });
    });

    // Escape is the loader's: it closes the panel, or its fallback link, alike.
    let close = move || {
        let _ = host.dispatch_event(&CustomEvent::new(crate::CLOSE_EVENT).expect("a valid event name"));
    };
    let on_keydown = move |ev: KeyboardEvent| match ev.key().as_str() {
        key @ ("ArrowDown" | "ArrowUp") if reading.with_untracked(Option::is_none) => {
            if let Some(panel) = panel.get() {
                ev.prevent_default();
                move_focus(&panel, ev.target(), key == "ArrowDown");
            }
        }
        _ => {}
    };

    view! {
        <section class="kefu-panel" role="dialog" aria-labelledby="kefu-title" on:keydown=on_keydown node_ref=panel>
            <div class="kefu-header">
                <h2 id="kefu-title">{labels.title}</h2>
                <button type="button" class="kefu-close" aria-label=labels.close on:click=move |_| close()>
                    "×"
                </button>
            </div>
            {move || reading.get().map(|article| view! { <reader::Reader article labels contact=Signal::from(contact) back/> })}
            <div class="kefu-find" class:kefu-hidden=move || reading.with(Option::is_some)>
            <form class="kefu-search" role="search" aria-label=labels.search on:submit=|ev| ev.prevent_default()>
                <label for="kefu-q" class="kefu-visually-hidden">
                    {labels.search}
                </label>
                <input
                    id="kefu-q"
                    type="search"
                    autocomplete="off"
                    placeholder=labels.placeholder
                    prop:value=query
                    on:input=move |ev| set_query.set(event_target_value(&ev))
                />
            </form>
            <p class="kefu-status" role="status" aria-live="polite">
                {move || search.status.get()}
            </p>
            <Show when=move || search.nothing.get() && contact.get().is_some()>
                <p class="kefu-contact">
                    <a href=move || contact.get().unwrap_or_default() target="_top">
                        {labels.contact}
                    </a>
                </p>
            </Show>
            <Show when=move || !typing() && !suggested.hits.with(Vec::is_empty)>
                <h3 class="kefu-suggested">{labels.suggested}</h3>
                <ul class="kefu-results">
                    <For each=move || suggested.hits.get() key=|hit| hit.url.clone() let(hit)>
                        <li>
                            <a href=hit.url target="_top">
                                <span class="kefu-title">{hit.title}</span>
                            </a>
                        </li>
                    </For>
                </ul>
            </Show>
            <ul class="kefu-results">
                <For each=move || search.hits.get() key=|hit| hit.url.clone() let(hit)>
                    <li>
                        <a href=hit.url.clone() target="_top" on:click={
                            let url = hit.url.clone();
                            move |ev| open_article(ev, url.clone())
                        }>
                            <span class="kefu-title">{hit.title}</span>
                            {hit.section.map(|s| view! { <span class="kefu-section">{s}</span> })}
                            <span class="kefu-snippet"><Snippet pieces=hit.snippet/></span>
                        </a>
                    </li>
                </For>
            </ul>
            </div>
        </section>
    }
}

/// Moves focus through the search box and the result links: down from the box to the
/// first result, up from the first result back to the box.
fn move_focus(panel: &web_sys::HtmlElement, from: Option<web_sys::EventTarget>, down: bool) {
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
