//! The views that the app's first module does not carry. `cargo xtask widget` splits each
//! function marked `wasm_split` here into a module of its own (wasm-split, from the
//! relocations the linker keeps), which the browser fetches the first time the view shows;
//! the first open then carries only home and results (the search). The split
//! modules share the app's memory, so the views run as if they had never left it.

use super::{article::Article, contact::Contact, flow::Flow};
use crate::host::Shared;
use kefu_model::contact::Urgency;
use leptos::prelude::*;
use leptos::wasm_split::{SplitLoaderError, wasm_split};
use wasm_bindgen::JsError;

/// The contact view, from its module.
#[wasm_split(contact, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn contact(topic: Option<String>, urgency: Option<Urgency>) -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <Contact topic urgency/> }.into_any())
}

/// The contact page's live hours (`crate::contact_status`): the recommender's code is the
/// contact view's, and comes with it.
#[wasm_split(contact, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn contact_status(data: Vec<u8>) -> Result<js_sys::Array, JsError> {
    super::contact::statuses(&data)
}

/// The article reader, from its module; `preload_article` fetches the module ahead, when
/// the visitor points at or moves to an article's link.
#[wasm_split(article, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_article))]
pub fn article(url: String) -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <Article url/> }.into_any())
}

/// The flow runner, from its module.
#[wasm_split(flow, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn flow(id: String) -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <Flow id/> }.into_any())
}

/// Fetches the article reader's module, if it is not there yet, without waiting for it: a
/// link to an article is about to be followed. A failure is left to the view to tell.
pub fn expect_article() {
    leptos::task::spawn_local(async {
        let _ = preload_article().await;
    });
}

/// Shows the split view `name` once its module is there (at once, the second time). When
/// the module cannot be fetched, a link to the same page of the help center shows instead,
/// saying so (`failed`), the page hears `error`, and the next time the view shows the
/// fetch is tried again.
pub fn later(
    name: &'static str,
    view: impl Future<Output = Result<AnyView, SplitLoaderError>> + Send + 'static,
    page: String,
    failed: &'static str,
) -> impl IntoView {
    let shared = expect_context::<Shared>();
    Suspend::new(async move {
        view.await.unwrap_or_else(|error| {
            let message = format!("the {name} view could not be loaded ({error})");
            shared.emit("error", &[("message", message.into())]);
            view! { <p class="kefu-failed"><a href=page target="_top">{failed}</a></p> }.into_any()
        })
    })
}
