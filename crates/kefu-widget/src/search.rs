//! The widget's live search: the hits of a query as it changes, and what to announce.
//! The engine is `search.js` (kefu's search wasm, which the help center's search page
//! uses too); the loader hands its searcher for the visitor's locale over.

use crate::host::Shared;
use js_sys::{Array, Reflect};
use kefu_model::Words;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `search.js`'s searcher of one locale's index.
    #[derive(Clone)]
    pub type Searcher;

    /// The best `limit` results for `query`: `[{ url, title, section, snippet, weak }]`.
    #[wasm_bindgen(method, catch)]
    async fn search(this: &Searcher, query: &str, limit: u32) -> Result<JsValue, JsValue>;
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
    /// Whether it rests on weak evidence: first, it means there is no good answer.
    pub weak: bool,
}

/// Where the search is.
#[derive(Clone, Copy, PartialEq)]
pub enum Phase {
    /// No query.
    Idle,
    /// The index is loading.
    Loading,
    /// The hits are those of the query.
    Ready,
    /// The index could not be loaded.
    Failed,
}

/// The live search over one locale's index.
#[derive(Clone, Copy)]
pub struct Search {
    /// The hits of the current query.
    pub hits: ReadSignal<Vec<Hit>>,
    /// Where the search is.
    pub phase: ReadSignal<Phase>,
}

impl Search {
    /// Whether the last query has no good answer: nothing found, or only results that
    /// rest on weak evidence. The panel then offers the contact page.
    pub fn nothing(&self) -> bool {
        self.phase.get() == Phase::Ready && self.hits.with(|h| h.first().is_none_or(|h| h.weak))
    }

    /// What to announce: loading, failure, no result or the number of results.
    pub fn status(&self, words: &Words) -> String {
        match self.phase.get() {
            Phase::Idle => String::new(),
            Phase::Loading => words.t("search_loading").to_string(),
            Phase::Failed => words.t("search_failed").to_string(),
            Phase::Ready => match self.hits.with(Vec::len) {
                0 => words.t("search_none").to_string(),
                _ if self.nothing() => words.t("search_weak").to_string(),
                n => words.count("search_found", n),
            },
        }
    }
}

/// Searches for `query()` as it changes, for at most `limit` hits; the page hears of an
/// index that could not be loaded as an `error` event. (One function for every search of
/// the panel, not one per caller: each instance would be code in the wasm module.)
pub fn use_search(query: Rc<dyn Fn() -> String>, limit: u32) -> Search {
    let shared = expect_context::<Shared>();
    let searcher = shared.searcher();
    let (hits, set_hits) = signal(Vec::<Hit>::new());
    let (phase, set_phase) = signal(Phase::Idle);
    // Each query gets a number; only the latest may show its results.
    let generation = StoredValue::new(0u64);

    Effect::new(move |_| {
        let q = query();
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
            match searcher.search(&q, limit).await {
                Ok(found) if generation.get_value() == mine => {
                    set_hits.set(Array::from(&found).iter().map(|hit| to_hit(&hit)).collect());
                    set_phase.set(Phase::Ready);
                }
                Err(err) if generation.get_value() == mine => {
                    let message = format!("the search index could not be loaded: {}", crate::net::message(&err));
                    shared.emit("error", &[("message", message.into())]);
                    set_phase.set(Phase::Failed);
                }
                // A newer query has answered, or will.
                _ => {}
            }
        });
    });
    Search { hits, phase }
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
        weak: Reflect::get(hit, &JsValue::from_str("weak")).is_ok_and(|v| v.is_truthy()),
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
