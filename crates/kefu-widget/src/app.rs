//! The panel: a header with a close button, a search box and the matching articles.

use crate::i18n::Labels;
use kefu_search::Index;
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::{CustomEvent, HtmlElement, KeyboardEvent};

const MAX_RESULTS: usize = 8;

/// What the loader told the app.
pub struct Config {
    /// Absolute URL of the help center, ending in `/`.
    pub site_base: String,
    /// The visitor's locale, e.g. `zh-CN`.
    pub locale: String,
    /// The widget's words in that locale.
    pub labels: &'static Labels,
}

/// Where the locale's index is loaded from.
#[derive(Clone, PartialEq)]
enum IndexState {
    Loading,
    Ready(Index),
    Failed,
}

/// The widget's panel.
#[component]
pub fn Panel(
    /// Settings from the loader.
    config: Config,
    /// The container the loader owns; `kefu:close` is dispatched on it.
    host: HtmlElement,
) -> impl IntoView {
    let Config { site_base, locale, labels } = config;
    let (query, set_query) = signal(String::new());
    let index = RwSignal::new(IndexState::Loading);

    let index_url = format!("{site_base}kefu/index-{locale}.bin");
    spawn_local(async move {
        let state = match fetch_index(&index_url).await {
            Ok(loaded) => IndexState::Ready(loaded),
            Err(err) => {
                leptos::logging::warn!("kefu: {index_url}: {err}");
                IndexState::Failed
            }
        };
        index.set(state);
    });

    let close = move || {
        let _ = host.dispatch_event(&CustomEvent::new(crate::CLOSE_EVENT).expect("a valid event name"));
    };
    let close_on_click = close.clone();
    let on_keydown = move |ev: KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            close();
        }
    };

    // (absolute URL, title) of each hit, recomputed only when the query or index change.
    let results = Memo::new(move |_| {
        index.with(|state| match state {
            IndexState::Ready(index) => index
                .search(&query.get(), MAX_RESULTS)
                .into_iter()
                .map(|hit| (absolute_url(&site_base, &hit.doc.url), hit.doc.title.clone()))
                .collect::<Vec<_>>(),
            _ => Vec::new(),
        })
    });
    let status = move || {
        if query.with(|q| q.trim().is_empty()) {
            return String::new();
        }
        index.with(|state| match state {
            IndexState::Loading => labels.loading.to_string(),
            IndexState::Failed => labels.load_failed.to_string(),
            IndexState::Ready(_) => match results.with(Vec::len) {
                0 => labels.no_results.to_string(),
                n => labels.results.replace("{n}", &n.to_string()),
            },
        })
    };

    view! {
        <section class="kefu-panel" role="dialog" aria-labelledby="kefu-title" on:keydown=on_keydown>
            <header class="kefu-header">
                <h2 id="kefu-title">{labels.title}</h2>
                <button type="button" class="kefu-close" aria-label=labels.close on:click=move |_| close_on_click()>
                    "×"
                </button>
            </header>
            <form class="kefu-search" role="search" on:submit=|ev| ev.prevent_default()>
                <label for="kefu-q" class="kefu-visually-hidden">{labels.search}</label>
                <input
                    id="kefu-q"
                    type="search"
                    autocomplete="off"
                    placeholder=labels.placeholder
                    prop:value=query
                    on:input=move |ev| set_query.set(event_target_value(&ev))
                />
            </form>
            <p class="kefu-status" role="status" aria-live="polite">{status}</p>
            <ul class="kefu-results">
                <For each=move || results.get() key=|(url, _)| url.clone() let((url, title))>
                    <li><a href=url target="_top">{title}</a></li>
                </For>
            </ul>
        </section>
    }
}

async fn fetch_index(url: &str) -> Result<Index, String> {
    let response = gloo_net::http::Request::get(url).send().await.map_err(|e| e.to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let bytes = response.binary().await.map_err(|e| e.to_string())?;
    Index::decode(&bytes).map_err(|e| e.to_string())
}

/// Index URLs are relative to the site root; `site_base` ends with `/`.
fn absolute_url(site_base: &str, path: &str) -> String {
    format!("{site_base}{path}")
}
