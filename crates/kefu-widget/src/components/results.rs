//! The results view: the articles matching what the visitor types, as they type, with
//! the matching section and extract; when nothing matches, a way to contact a person.

use super::HitList;
use super::contact::ContactLink;
use crate::host::Shared;
use crate::search::use_search;
use leptos::prelude::*;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::JsValue;

/// How many results the panel shows.
const RESULTS: u32 = 8;
/// How long typing must pause before a search is reported as an event.
const SETTLE: Duration = Duration::from_millis(600);

/// The results view.
#[component]
pub fn Results() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let words = shared.words();
    let query = move || shared.nav.with(|nav| nav.query().to_string());
    let search = use_search(Rc::new(query), RESULTS);

    // The status region says how many, and `search` ({query, count}) goes to the page
    // once the visitor stops typing, for the site's analytics.
    let pending = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        shared.status.set(search.status(words));
        if search.phase.get() != crate::search::Phase::Ready {
            return;
        }
        let count = search.hits.with_untracked(Vec::len);
        let q = untrack(query);
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let report = move || shared.emit("search", &[("query", q.into()), ("count", JsValue::from(count as u32))]);
        pending.set_value(set_timeout_with_handle(report, SETTLE).ok());
    });
    on_cleanup(move || {
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
    });

    view! {
        <HitList hits=search.hits.into()/>
        <p class="kefu-contact" hidden=move || !search.nothing()>
            <ContactLink topic=None text=words.t("contact_prompt")/>
        </p>
    }
}
