//! Search as the widget and the help center's search page both use it: the locale's
//! index loaded once, the hits of the current query, and a status line for screen
//! readers.

use crate::i18n::Labels;
use kefu_search::Index;
use leptos::prelude::*;
use leptos::task::spawn_local;

const MAX_RESULTS: usize = 8;

/// Where the locale's index is in its loading.
#[derive(Clone, PartialEq)]
enum IndexState {
    Loading,
    Ready(Index),
    Failed,
}

/// One result: the article's absolute URL and its title.
#[derive(Clone, PartialEq)]
pub struct Hit {
    /// Absolute URL of the article.
    pub url: String,
    /// Its title.
    pub title: String,
    /// Its summary.
    pub summary: String,
}

/// The live search over one locale's index.
#[derive(Clone, Copy)]
pub struct Search {
    /// The hits of the current query.
    pub hits: Memo<Vec<Hit>>,
    /// What to announce: loading, failure, no result or the number of results.
    pub status: Signal<String>,
}

/// Starts loading `<site_base>kefu/index-<locale>.bin` and searches it for `query`.
pub fn use_search(site_base: String, locale: &str, labels: &'static Labels, query: Signal<String>) -> Search {
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
    let hits = Memo::new(move |_| {
        index.with(|state| match state {
            IndexState::Ready(index) => index
                .search(&query.get(), MAX_RESULTS)
                .into_iter()
                .map(|hit| Hit {
                    // Index URLs are relative to the site root; `site_base` ends with `/`.
                    url: format!("{site_base}{}", hit.doc.url),
                    title: hit.doc.title.clone(),
                    summary: hit.doc.summary.clone(),
                })
                .collect(),
            _ => Vec::new(),
        })
    });
    let status = Signal::derive(move || {
        if query.with(|q| q.trim().is_empty()) {
            return String::new();
        }
        index.with(|state| match state {
            IndexState::Loading => labels.loading.to_string(),
            IndexState::Failed => labels.load_failed.to_string(),
            IndexState::Ready(_) => match hits.with(Vec::len) {
                0 => labels.no_results.to_string(),
                n => labels.results.replace("{n}", &n.to_string()),
            },
        })
    });
    Search { hits, status }
}

async fn fetch_index(url: &str) -> Result<Index, String> {
    let response = gloo_net::http::Request::get(url).send().await.map_err(|e| e.to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let bytes = response.binary().await.map_err(|e| e.to_string())?;
    Index::decode(&bytes).map_err(|e| e.to_string())
}

/// The results of the help center's search page, under the page's own search box.
#[component]
pub fn PageResults(
    /// The live search.
    search: Search,
) -> impl IntoView {
    view! {
        <p class="search-status" role="status">{move || search.status.get()}</p>
        <ul class="article-list">
            <For each=move || search.hits.get() key=|hit| hit.url.clone() let(hit)>
                <li>
                    <a href=hit.url>{hit.title}</a>
                    <p>{hit.summary}</p>
                </li>
            </For>
        </ul>
    }
}
