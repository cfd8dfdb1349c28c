//! The widget's live search: the hits of the current query and a status line for screen
//! readers. The engine is `search.js` (kefu's search wasm, which the help center's
//! search page uses too); the loader hands its searcher for the visitor's locale over.

use crate::i18n::Labels;
use js_sys::{Array, Reflect};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;

const MAX_RESULTS: u32 = 8;

#[wasm_bindgen]
extern "C" {
    /// `search.js`'s searcher of one locale's index.
    #[derive(Clone)]
    pub type Searcher;

    /// The best `limit` results for `query`: `[{ url, title, section, snippet }]`.
    #[wasm_bindgen(method, catch)]
    async fn search(this: &Searcher, query: &str, limit: u32) -> Result<JsValue, JsValue>;

    /// The locale's home page, absolute.
    #[wasm_bindgen(method, catch)]
    async fn home(this: &Searcher) -> Result<JsValue, JsValue>;
}

/// One result, ready to show.
#[derive(Clone, PartialEq)]
pub struct Hit {
    /// Absolute URL of the article (with `#anchor` for a section).
    pub url: String,
    /// Its title.
    pub title: String,
    /// The heading of the section that matched, if any.
    pub section: Option<String>,
    /// Pieces of an extract, `true` where a query term matched.
    pub snippet: Vec<(String, bool)>,
}

/// Where the search is.
#[derive(Clone, Copy, PartialEq)]
enum Phase {
    Idle,
    Loading,
    Ready,
    Failed,
}

/// The live search over one locale's index.
#[derive(Clone, Copy)]
pub struct Search {
    /// The hits of the current query.
    pub hits: ReadSignal<Vec<Hit>>,
    /// What to announce: loading, failure, no result or the number of results.
    pub status: Signal<String>,
    /// Whether the last query found nothing.
    pub nothing: Signal<bool>,
}

/// Searches for `query` as it changes.
pub fn use_search(searcher: Searcher, labels: &'static Labels, query: Signal<String>) -> Search {
    let (hits, set_hits) = signal(Vec::<Hit>::new());
    let (phase, set_phase) = signal(Phase::Idle);
    // Each query gets a number; only the latest may show its results.
    let generation = StoredValue::new(0u64);

    Effect::new(move |_| {
        let q = query.get();
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        if q.trim().is_empty() {
            set_hits.set(Vec::new());
            set_phase.set(Phase::Idle);
            return;
        }
        let searcher = searcher.clone();
        spawn_local(async move {
            if phase.get_untracked() != Phase::Ready {
                set_phase.set(Phase::Loading);
            }
            match searcher.search(&q, MAX_RESULTS).await {
                Ok(found) if generation.get_value() == mine => {
                    set_hits.set(Array::from(&found).iter().map(|hit| to_hit(&hit)).collect());
                    set_phase.set(Phase::Ready);
                }
                Err(err) if generation.get_value() == mine => {
                    leptos::logging::warn!("kefu: search index: {err:?}");
                    set_phase.set(Phase::Failed);
                }
                // A newer query has answered, or will.
                _ => {}
            }
        });
    });

    let nothing = Signal::derive(move || phase.get() == Phase::Ready && hits.with(Vec::is_empty));
    let status = Signal::derive(move || match phase.get() {
        Phase::Idle => String::new(),
        Phase::Loading => labels.loading.to_string(),
        Phase::Failed => labels.load_failed.to_string(),
        Phase::Ready => match hits.with(Vec::len) {
            0 => labels.no_results.to_string(),
            n => labels.results.replace("{n}", &n.to_string()),
        },
    });
    Search { hits, status, nothing }
}

/// The locale's contact page, once the index has said where the locale's home is.
pub fn contact_page(searcher: &Searcher) -> ReadSignal<Option<String>> {
    let (contact, set_contact) = signal(None);
    let searcher = searcher.clone();
    spawn_local(async move {
        if let Ok(home) = searcher.home().await {
            set_contact.set(home.as_string().map(|home| format!("{home}contact/")));
        }
    });
    contact
}

fn to_hit(hit: &JsValue) -> Hit {
    let text = |key: &str| Reflect::get(hit, &JsValue::from_str(key)).ok().and_then(|v| v.as_string());
    let snippet = Reflect::get(hit, &JsValue::from_str("snippet")).unwrap_or(JsValue::UNDEFINED);
    Hit {
        url: text("url").unwrap_or_default(),
        title: text("title").unwrap_or_default(),
        section: text("section"),
        snippet: Array::from(&snippet)
            .iter()
            .map(|piece| {
                let piece = Array::from(&piece);
                (piece.get(0).as_string().unwrap_or_default(), piece.get(1).is_truthy())
            })
            .collect(),
    }
}

/// A snippet with its matches marked.
#[component]
pub fn Snippet(
    /// The pieces, `true` where a query term matched.
    pieces: Vec<(String, bool)>,
) -> impl IntoView {
    pieces
        .into_iter()
        .map(|(text, matched)| if matched { view! { <mark>{text}</mark> }.into_any() } else { text.into_any() })
        .collect_view()
}
