//! kefu's widget: the Leptos app that `kefu.js` (the loader) mounts in its Shadow DOM
//! the first time a visitor opens the launcher.
//!
//! The loader and the app talk through DOM events on the container the loader owns:
//! the loader dispatches `kefu:open` when it shows the panel again, and the app
//! dispatches `kefu:close` when the visitor closes it, so the loader can hide the panel
//! and return focus to the launcher.

mod app;
mod i18n;
mod net;
mod reader;
mod search;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

/// Event the loader dispatches on the container when the panel is shown again.
pub const OPEN_EVENT: &str = "kefu:open";
/// Event the app dispatches on the container when the visitor closes the panel.
pub const CLOSE_EVENT: &str = "kefu:close";
/// Event the loader dispatches on the container with a new suggestion search as detail.
pub const SUGGEST_EVENT: &str = "kefu:suggest";

/// Mounts the widget into `container` (an element inside the loader's shadow root).
///
/// `locale` is the visitor's locale, e.g. `zh-CN`, `suggest` a search whose results the
/// panel offers before the visitor types (empty for none; the loader changes it later
/// with a `kefu:suggest` event), and `searcher` what `search.js`'s `open(locale)` returned.
#[wasm_bindgen]
pub fn mount(container: HtmlElement, locale: String, suggest: String, searcher: search::Searcher) {
    console_error_panic_hook::set_once();
    let config = app::Config { searcher, labels: i18n::labels(&locale), suggest };
    let host = container.clone();
    leptos::mount::mount_to(container.clone(), move || view! { <app::Panel config host/> }).forget();

    focus_search(&container);
    let target = container.clone();
    let on_open = Closure::<dyn Fn()>::new(move || focus_search(&target));
    // The listener lives as long as the page: the widget is never unmounted.
    container
        .add_event_listener_with_callback(OPEN_EVENT, on_open.as_ref().unchecked_ref())
        .expect("adding an event listener cannot fail");
    on_open.forget();
}

fn focus_search(container: &HtmlElement) {
    if let Ok(Some(input)) = container.query_selector("input[type=search]") {
        let _ = input.unchecked_into::<HtmlElement>().focus();
    }
}
