//! kefu's widget: the Leptos app that `kefu.js` (the loader) mounts in the dialog of its
//! Shadow DOM the first time a visitor opens the launcher.
//!
//! The loader owns the dialog, the launcher and the JS API (`Kefu(...)`); it hands the
//! app the locale's widget data (`kefu/widget-<locale>.bin`), the search engine's
//! searcher and a function to emit events, and forwards the commands that concern the
//! panel through [`Widget::command`]. The app asks the loader to close the panel with a
//! `kefu:close` event on its container.

mod app;
mod clock;
mod components;
mod host;
mod nav;
mod net;
mod search;

use host::Shared;
use kefu_model::WidgetData;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

/// The search engine's index, which `search.js` drives (`useEngine`): linked here, the
/// widget's visitors load one module, not the app's and the engine's.
pub use kefu_search_wasm::Index;

/// Event the app dispatches on its container when the visitor closes the panel.
pub const CLOSE_EVENT: &str = "kefu:close";

/// The mounted app, as the loader holds it.
#[wasm_bindgen]
pub struct Widget {
    shared: Shared,
    mounted: Option<Box<dyn std::any::Any>>,
}

/// Mounts the widget into `container`: `data` is the locale's widget data file
/// (decompressed), `searcher` what `search.js`'s `open(locale)` returned, `site` the help
/// center's absolute URL, `emit(name, detail)` tells the page about events, and
/// `fetch(name)` resolves to the bytes (gunzipped) of a file of the widget's folder.
#[wasm_bindgen]
pub fn mount(
    container: HtmlElement,
    data: &[u8],
    searcher: search::Searcher,
    site: String,
    emit: js_sys::Function,
    fetch: js_sys::Function,
) -> Result<Widget, JsError> {
    let data: &'static WidgetData = Box::leak(Box::new(WidgetData::decode(data)?));
    let shared = Shared::new(data, site, searcher, emit, fetch, container.clone());
    let mounted = leptos::mount::mount_to(container, move || {
        provide_context(shared);
        view! { <app::Panel/> }
    });
    shared.resume_walk();
    Ok(Widget { shared, mounted: Some(Box::new(mounted)) })
}

/// The contact page's live hours ([`components::contact::statuses`]). The recommender is
/// the contact view's code, fetched with it (a split module): hence a promise.
#[wasm_bindgen]
pub async fn contact_status(data: Vec<u8>) -> Result<js_sys::Array, JsError> {
    components::split::contact_status(data).await
}

#[wasm_bindgen]
impl Widget {
    /// Runs a command the loader forwards: `navigate(view, arg)`, `context(suggest,
    /// topic)`, `focus` or `reset`.
    pub fn command(&self, name: &str, a: JsValue, b: JsValue) {
        self.shared.command(name, a, b);
    }

    /// Removes the app from the page: its elements, listeners and reactive state.
    pub fn unmount(&mut self) {
        self.mounted = None;
    }
}
