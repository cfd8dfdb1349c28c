//! Deflection: as the visitor describes the problem, the help center's articles that may
//! answer it show under the form, found by the same engine as the widget's search (on
//! this device: nothing is sent). "This answered it" tells the page (`ticket-deflected`)
//! and keeps the draft.

use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `search.js`'s searcher of the locale's index (as the widget's app has it).
    #[derive(Clone)]
    pub type Searcher;

    /// The best `limit` results for `query`: `[{ url, title, weak, ... }]`.
    #[wasm_bindgen(method, catch)]
    async fn search(this: &Searcher, query: &str, limit: u32) -> Result<JsValue, JsValue>;
}

/// An article that may answer the ticket.
#[derive(Clone, PartialEq)]
pub struct Suggestion {
    /// Its absolute URL.
    pub url: String,
    /// Its title.
    pub title: String,
}

/// The articles that answer `text` well (weak matches left out: a wrong answer here only
/// delays the ticket), at most three.
pub async fn suggestions(searcher: &Searcher, text: &str) -> Vec<Suggestion> {
    let Ok(hits) = searcher.search(text, 3).await else { return vec![] };
    Array::from(&hits)
        .iter()
        .filter(|hit| !Reflect::get(hit, &"weak".into()).is_ok_and(|w| w.is_truthy()))
        .filter_map(|hit| {
            let text = |key: &str| Reflect::get(&hit, &key.into()).ok()?.as_string();
            Some(Suggestion { url: text("url")?, title: text("title")? })
        })
        .collect()
}
