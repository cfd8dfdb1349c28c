//! kefu's search engine for the browser: [`kefu_search::Engine`] behind a small
//! JavaScript API. `site/assets/kefu/search.js` drives it (fetches the shards it asks
//! for, gunzips them, caches them) for the help center's search page and the widget.
//!
//! A module of its own for the help center's search page, so that a visitor who only
//! searches loads only the engine; the widget's app links it instead, so that a visitor
//! who opens the widget loads one standard library and allocator, not two.

use js_sys::{Array, Object, Reflect};
use kefu_search::{Engine, Hit, Needs};
use wasm_bindgen::prelude::*;

/// One locale's index, as much of it as has been loaded.
#[wasm_bindgen]
pub struct Index {
    engine: Engine,
}

#[wasm_bindgen]
impl Index {
    /// Opens an index from its root file (`index-<locale>.bin`, decompressed).
    #[wasm_bindgen(constructor)]
    pub fn new(root: &[u8]) -> Result<Index, JsError> {
        Ok(Index { engine: Engine::new(root)? })
    }

    /// The locale's home page relative to the site root, e.g. `en/`.
    pub fn home(&self) -> String {
        self.engine.home().to_string()
    }

    /// Hands over a shard file that [`Index::search`] asked for (decompressed).
    pub fn add(&mut self, file: &str, bytes: &[u8]) -> Result<(), JsError> {
        Ok(self.engine.add_shard(file, bytes)?)
    }

    /// Answers `query` with `{ hits: [...] }`, or with `{ needs: [file, ...] }` when
    /// index files must be added first. A hit is `{ url, title, summary, section,
    /// snippet, relaxed, weak }`, `url` relative to the site root, `snippet` a list of
    /// `[text, matched]` pairs, and `weak` true when it rests on weak evidence (a weak
    /// first hit means there is no good answer).
    pub fn search(&self, query: &str, limit: usize) -> Object {
        let answer = Object::new();
        match self.engine.search(query, limit) {
            Ok(hits) => set(&answer, "hits", &hits.iter().map(hit).collect::<Array>()),
            Err(Needs(files)) => set(&answer, "needs", &files.iter().map(|f| JsValue::from_str(f)).collect::<Array>()),
        }
        answer
    }
}

fn hit(hit: &Hit) -> JsValue {
    let out = Object::new();
    set(&out, "url", &hit.url.as_str().into());
    set(&out, "title", &hit.title.as_str().into());
    set(&out, "summary", &hit.summary.as_str().into());
    set(&out, "section", &hit.section.as_deref().map_or(JsValue::NULL, JsValue::from_str));
    let snippet: Array =
        hit.snippet.iter().map(|(text, matched)| Array::of2(&text.as_str().into(), &(*matched).into())).collect();
    set(&out, "snippet", &snippet);
    set(&out, "relaxed", &hit.relaxed.into());
    set(&out, "weak", &hit.weak.into());
    out.into()
}

fn set(object: &Object, key: &str, value: &JsValue) {
    // Setting a property on a plain object cannot fail.
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}
